"""Layout detection skips detectors that cannot win; the choice must be the one a full evaluation makes."""

from pathlib import Path

import pytest

from fengong.build import layouts
from fengong.build.layouts import clauses
from fengong.build.layouts.base import Context
from fengong.build.readers import read_input
from fengong.build.splitter import split_documents
from fengong.data import SAMPLE_CORPUS


def _bodies():
    for path in sorted(Path(SAMPLE_CORPUS).glob("*.txt")):
        src = read_input(path)
        for seg in split_documents(src).segments:
            yield lambda src=src, seg=seg: Context(src, seg.document, seg.text(src))


def _full_choice(ctx: Context) -> str | None:
    names = layouts.names()
    scores = {n: float(layouts.get(n).detect(ctx)) for n in names}
    best = max(names, key=lambda k: (scores[k], -names.index(k)))
    return best if scores[best] >= layouts.THRESHOLD else None


def test_lazy_detection_picks_the_layout_a_full_evaluation_picks_for_every_sample_document():
    chosen = [(layouts.detect(body())[0], _full_choice(body())) for body in _bodies()]
    assert len(chosen) == 22
    assert [lazy for lazy, _ in chosen] == [full for _, full in chosen]


def test_the_clause_ceiling_bounds_the_clause_score_of_every_sample_document():
    pairs = [(clauses.ceiling(body()), clauses.detect(body())) for body in _bodies()]
    assert all(bound >= score for bound, score in pairs)
    assert sum(score > 0 for _, score in pairs) >= 1  # the bound is tested where clauses exist


def test_a_field_block_document_is_decided_without_running_the_clause_reader():
    ctx = Context.from_text(
        "1.开展科普活动（以区科协为主）。\n牵头领导：郑皓\n责任单位：区科协\n"
        "2.办好科技节。\n牵头领导：郑皓\n责任单位：区教委\n"
    )
    name, scores = layouts.detect(ctx)
    assert (name, scores) == ("fields", {"fields": 1.0})
    assert "clauses" not in ctx.memo


@pytest.mark.parametrize("text, bound", [("无括号的正文。", 0.0), ("（以下简称方案）", 0.0)])
def test_the_clause_ceiling_is_zero_without_a_parenthesis_or_an_assignment_word(text, bound):
    assert clauses.ceiling(Context.from_text(text)) == bound
