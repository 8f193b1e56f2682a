"""Malformed inputs (issue 9): each gets its exact message, every line is accounted for, and a bad
file beside good ones changes none of their records."""

from __future__ import annotations

import shutil
import time

import pytest
from typer.testing import CliRunner

from fengong.build import build_paths
from fengong.build.source import fold
from fengong.cli import app
from fengong.data import SAMPLE_CORPUS
from fengong.graph.resolve import normalise
from fengong.testing import malformed as M

FIXTURES = {name: make() for name, make in M.ALL.items()}


def key(t) -> tuple:
    """What a form-only change (encoding, full-width forms, line endings, traditional characters)
    must not change: names are compared as the resolver reads them (records keep them as printed)."""
    return (
        t.number,
        t.line,
        t.line_end,
        [normalise(n.text) for n in t.lead_officials],
        [normalise(n.text) for n in t.responsible_units],
        [normalise(n.text) for n in t.assist_units],
        t.deadline.date if t.deadline else None,
        t.deadline.kind if t.deadline else None,
        t.split,
        fold(t.key_task or ""),
        [fold(s) for s in t.section],
    )


def build_one(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return build_paths([path])


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    """Each good slice built alone: its task keys."""
    out = {}
    for k, f in M.SLICES.items():
        d = tmp_path_factory.mktemp(k)
        corpus = build_one(d, f"good{M._SUFFIX[k]}", f().encode("utf-8"))
        assert corpus.warnings == [] and corpus.errors == []
        out[k] = [key(t) for t in corpus.tasks]
    return out


def test_the_good_slices_hold_the_records_the_fixtures_are_compared_with(good):
    assert [k[0] for k in good["plan"]] == [str(i) for i in range(1, 9)]
    assert [k[0] for k in good["table"]] == ["1", "2", "3", "4", "5", "5-cont"]
    assert [k[0] for k in good["columns"]] == [str(i) for i in range(1, 11)]
    assert good["plan"][1][3:7] == (["郑皓"], ["区财政局"], [], "2023-12-31")


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_each_malformed_input_gets_its_message_and_every_line_is_accounted_for(tmp_path, good, name):
    fx = FIXTURES[name]
    corpus = build_one(tmp_path, fx.name, fx.data)
    assert corpus.warnings == list(fx.warnings)
    assert corpus.errors == ([fx.error] if fx.error else [])
    if fx.error:
        assert corpus.files == []
        return
    cov = corpus.coverage()[fx.name]
    assert cov["unaccounted"] == 0
    unparsed = [n.line for f in corpus.files for n in f.unparsed()]
    assert unparsed == list(fx.unparsed)
    if fx.same_as:
        assert [key(t) for t in corpus.tasks] == good[fx.same_as]


def test_an_empty_file_is_one_blank_line(tmp_path):
    corpus = build_one(tmp_path, "empty.txt", b"")
    assert corpus.coverage()["empty.txt"] == {
        "encoding": "utf-8",
        "lines": 1,
        "record": 0,
        "boilerplate": 0,
        "duplicate": 0,
        "blank": 1,
        "unparsed": 0,
        "unaccounted": 0,
    }


def test_a_table_cut_mid_row_does_not_borrow_the_row_above(tmp_path):
    fx = M.table_cut_mid_row()
    row5 = build_one(tmp_path, fx.name, fx.data).tasks[-1]
    assert (row5.number, row5.line, row5.line_end) == ("5", 198, 208)
    assert (row5.lead_officials, row5.responsible_units, row5.assist_units, row5.deadline) == ([], [], [], None)
    assert row5.key_task == "推进能源高效低碳利用"
    assert row5.split_reason == "the file ends inside this row"


def test_the_plan_in_big5_keeps_names_as_printed_and_resolves_them_as_the_original(tmp_path):
    fx = M.big5()
    corpus = build_one(tmp_path, fx.name, fx.data)
    assert corpus.files[0].source.encoding == "big5"
    assert [n.text for n in corpus.tasks[3].responsible_units] == ["區商務局"]
    assert [normalise(n.text) for n in corpus.tasks[3].responsible_units] == ["区商务局"]
    assert corpus.tasks[0].text == "实现地区生产总值增长5%左右。"


def _good_and_bad(tmp_path, bad):
    for p in sorted(SAMPLE_CORPUS.iterdir()):
        if p.suffix == ".txt":
            shutil.copy(p, tmp_path / p.name)
    for fx in bad:
        (tmp_path / fx.name).write_bytes(fx.data)
    return tmp_path


def _exported(corpus, names):
    return (
        [t.export() for t in corpus.tasks if t.doc in names],
        [a.export() for a in corpus.assessments if a.doc in names],
        [r.export() for r in corpus.report_items if r.doc in names],
        [d.export() for d in corpus.documents if d.doc in names],
    )


def test_all_malformed_files_beside_the_good_ones_change_nothing_and_lose_no_line(tmp_path, seed_corpus):
    bad = list(FIXTURES.values())
    folder = _good_and_bad(tmp_path, bad)
    corpus = build_paths([folder])
    good_names = {f.source.name for f in seed_corpus.files}
    assert _exported(corpus, good_names) == _exported(seed_corpus, good_names)
    coverage = corpus.coverage()
    assert {n for n in coverage} == good_names | {fx.name for fx in bad if not fx.error}
    assert all(c["unaccounted"] == 0 for c in coverage.values())
    assert sorted(corpus.errors) == sorted(fx.error for fx in bad if fx.error)
    assert sorted(corpus.warnings) == sorted(w for fx in bad for w in fx.warnings)


def test_strict_fails_on_warnings_and_an_unreadable_file_fails_any_build(tmp_path):
    runner = CliRunner()
    readable = [fx for fx in FIXTURES.values() if not fx.error]
    (tmp_path / "readable").mkdir()
    folder = _good_and_bad(tmp_path / "readable", readable)
    assert runner.invoke(app, ["build", "-q", str(folder)]).exit_code == 0  # warnings alone: the build succeeds
    assert runner.invoke(app, ["build", "-q", "--strict", str(folder)]).exit_code == 1
    (tmp_path / "all").mkdir()
    folder = _good_and_bad(tmp_path / "all", FIXTURES.values())
    plain = runner.invoke(app, ["build", "-q", str(folder)])
    assert plain.exit_code == 1  # a file that cannot be read is an error: the others still build
    assert "binary.txt: binary data (not text)" in plain.output
    assert runner.invoke(app, ["build", "-q", "--strict", str(folder)]).exit_code == 1


@pytest.mark.slow  # 60–95 s and ~0.9 GB: one 50 MB file is parsed in one process
def test_a_50_mb_file_builds_with_every_line_accounted_for(tmp_path):
    fx = M.big_plan()
    assert len(fx.data) >= 50_000_000
    path = tmp_path / fx.name
    path.write_bytes(fx.data)
    copies = fx.data.count("关于印发2023年通州区政府工作报告".encode())
    t = time.perf_counter()
    corpus = build_paths([path])
    elapsed = time.perf_counter() - t
    assert (corpus.errors, corpus.warnings) == ([], [])
    assert len(corpus.tasks) == 8 * copies
    assert corpus.coverage()[fx.name]["unaccounted"] == 0
    assert corpus.coverage()[fx.name]["unparsed"] == 0
    assert elapsed < 300, f"50 MB took {elapsed:.0f} s"
