"""The built-in sample corpus, end to end: gold scores, coverage, documents, determinism."""

from __future__ import annotations

import importlib.util
import io
import json
from pathlib import Path

import pytest

from fengong.build import build_paths
from fengong.build.export import rows, write_rows

GOLD = Path(__file__).parent / "fixtures" / "gold"


def _scorer():
    spec = importlib.util.spec_from_file_location("score_records", GOLD / "score_records.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def corpus():
    return build_paths()


@pytest.fixture(scope="module")
def records(corpus):
    return rows(corpus, "records")


@pytest.mark.parametrize("gold_file", sorted(p.name for p in GOLD.glob("*.gold.jsonl")))
def test_records_match_the_hand_labelled_gold_on_every_field(records, gold_file):
    scorer = _scorer()
    gold = scorer.load(GOLD / gold_file)
    pairs = scorer.match(gold, records)
    result = scorer.score(pairs, extra=scorer.unmatched_in_scope(gold, pairs, records))
    assert result["task_recall"] == 1.0
    assert result["task_precision"] == 1.0
    for field in ("lead_officials", "responsible_units", "assist_units", "units_any", "deadline"):
        if field in result:
            assert result[field]["f1"] == 1.0, (field, result[field])


def test_table_split_labels_match_the_gold(records):
    by_line = {(r["doc"], r["line"]): r for r in records}
    for name in ("001-climate.gold.jsonl", "001-ecology.gold.jsonl"):
        for line in (GOLD / name).read_text(encoding="utf-8").splitlines():
            g = json.loads(line)
            assert by_line[(g["doc"], g["line"])]["split"] == g["split"], g


def test_every_line_of_every_seed_is_accounted_for(corpus):
    cov = corpus.coverage()
    assert sorted(cov) == [
        "000_b07e866ee3057d59.txt",
        "001_e1b176771c56fa1b.txt",
        "002_9c3a99ff54b9b696.txt",
        "003_9d15aa5e6bfab053.txt",
        "004_d2e1d2fa9d54708a.txt",
    ]
    for name, c in cov.items():
        assert c["unaccounted"] == 0, name
        assert c["unparsed"] == 0, (name, [n for f in corpus.files for n in f.unparsed()][:5])
    assert cov["004_d2e1d2fa9d54708a.txt"]["lines"] == 1128
    assert cov["001_e1b176771c56fa1b.txt"]["duplicate"] == 168


def test_the_compendium_splits_into_its_notices_and_attachments(corpus):
    docs = [d for d in corpus.documents if d.doc.startswith("001_")]
    numbers = [d.number for d in docs if d.number]
    assert numbers == [
        "通政发〔2022〕8号",
        "通政发〔2022〕10号",
        "通政发〔2022〕12号",
        "通政办发〔2022〕9号",
        "通政办发〔2022〕10号",
        "通政办发〔2022〕11号",
        "通政办发〔2022〕12号",
        "通政办发〔2022〕13号",
        "通政办发〔2022〕14号",
        "通政办发〔2022〕15号",
    ]
    plan = next(d for d in docs if d.number == "通政发〔2022〕8号")
    assert (plan.issuer, plan.date, plan.line) == ("北京市通州区人民政府", "2022-04-07", 1)
    attachments = [(d.attachment, d.title, d.line) for d in docs if d.parent == plan.id]
    assert attachments == [
        (1, "通州区应对气候变化2022年行动计划", 83),
        (2, "通州区大气污染防治2022年行动计划", 824),
        (3, "通州区水污染防治2022年行动计划", 3161),
        (4, "通州区土壤污染防治2022年行动计划", 4525),
        (5, "通州区生态保护2022年行动计划", 5469),
    ]
    report = next(d for d in docs if d.number == "通政发〔2022〕10号")
    copies = [d for d in docs if d.duplicate_of]
    assert [(d.line, d.line_end, d.duplicate_of) for d in copies] == [
        (11600, 11698, report.id),
        (11699, 11797, report.id),
    ]
    assert not any(t.document in {d.id for d in copies} for t in corpus.tasks)


def test_citations_are_read_by_document_number(corpus):
    cites = [(c.number, c.line) for d in corpus.documents if d.number == "通政办发〔2022〕13号" for c in d.citations]
    assert ("京政办发〔2022〕14号", 9700) in cites


def test_task_counts_per_layout(corpus):
    from collections import Counter

    counts = Counter((t.doc[:3], t.layout) for t in corpus.tasks)
    # field-line plans are read task by task (the task reader keeps each name's printed label)
    assert counts[("004", "tasks")] == 138
    assert counts[("001", "tasks")] == 80
    assert counts[("001", "table")] == 22 + 73 + 45 + 28 + 15
    assert counts[("001", "clauses")] == 11


def test_exports_are_byte_identical_across_builds():
    first, second = io.StringIO(), io.StringIO()
    write_rows(rows(build_paths(), "records"), first, "jsonl")
    write_rows(rows(build_paths(), "records"), second, "jsonl")
    assert first.getvalue() == second.getvalue()
