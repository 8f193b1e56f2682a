"""The synthetic corpus: the builder reads back exactly the records the generator wrote down."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from random import Random

import pytest

from fengong.build import build_paths
from fengong.synth import plan, synthesize
from fengong.synth.vocab import DISTRICTS, Vocabulary, wrap_units
from fengong.synth.writers import DocSpec, write_document

FIELDS = (
    "doc",
    "number",
    "line",
    "section",
    "text",
    "lead_officials",
    "responsible_units",
    "assist_units",
    "deadline_text",
    "deadline",
    "deadline_kind",
    "layout",
)


def _expected(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "expected.jsonl").read_text(encoding="utf-8").splitlines()]


def _built(corpus) -> list[dict]:
    rows = []
    for t in sorted(corpus.tasks, key=lambda t: (t.doc, t.line)):
        e = t.export()
        rows.append({k: e[k] for k in FIELDS})
    return rows


@pytest.fixture(scope="module")
def corpus400(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth400")
    summary = synthesize(400, out, seed=0)
    return out, summary, build_paths([out / "docs"])


def test_building_the_synthetic_docs_gives_exactly_the_expected_records(corpus400):
    out, summary, corpus = corpus400
    expected = _expected(out)
    assert summary.tasks == len(expected) == 400
    assert corpus.errors == []
    assert _built(corpus) == expected
    # the same field names as `fengong export records`, in file order
    assert all(list(r) == list(FIELDS) for r in expected)
    assert expected == sorted(expected, key=lambda r: (r["doc"], r["line"]))


def test_every_printed_layout_is_represented_and_read_by_its_parser(corpus400):
    out, summary, corpus = corpus400
    assert set(summary.layouts) == {"fields", "lines", "clauses", "columns"}
    assert sum(summary.layouts.values()) == 400
    assert {t.layout for t in corpus.tasks} == {"tasks", "clauses", "columns"}
    assert {d.layout for d in corpus.documents} == {"tasks", "clauses", "columns"}
    # officials, assisting units and deadlines all occur, and wrapped unit lists and quoted cells appear
    expected = _expected(out)
    assert any(r["lead_officials"] for r in expected)
    assert any(r["assist_units"] for r in expected)
    assert {r["deadline_kind"] for r in expected} >= {"date", "ongoing", None}
    assert any(
        len(t.responsible_units) > 1 and len({ln for n in t.responsible_units for ln in n.lines}) > 1
        for t in corpus.tasks
    )


def test_every_line_of_every_synthetic_file_is_accounted_for(corpus400):
    out, summary, corpus = corpus400
    coverage = corpus.coverage()
    assert len(coverage) == summary.documents == len(list((out / "docs").glob("plan-*.txt")))
    for name, stats in coverage.items():
        assert stats["unparsed"] == 0, name
        assert stats["unaccounted"] == 0, name
        assert stats["encoding"] in ("utf-8", "ascii"), name


def test_every_document_is_a_notice_with_number_date_and_footer(corpus400):
    out, summary, corpus = corpus400
    docs = corpus.documents
    assert len(docs) == summary.documents
    for d in docs:
        assert d.number and d.date and d.title and d.title.startswith("关于印发"), d
        assert 2014 <= d.year <= 2023
    assert len({d.number for d in docs}) == len(docs)  # 文号 unique per issuer and year
    text = (out / "docs" / "plan-000001.txt").read_text(encoding="utf-8")
    assert "抄送：" in text and text.rstrip().endswith("印发")


def test_the_same_seed_gives_byte_identical_files_and_another_seed_does_not(tmp_path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    synthesize(300, a, seed=7)
    synthesize(300, b, seed=7, workers=2)  # written in parallel: the same bytes
    synthesize(300, c, seed=8)

    def files(root: Path) -> dict[str, bytes]:
        return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}

    fa, fb, fc = files(a), files(b), files(c)
    assert fa == fb
    assert sorted(fa)[:2] == ["docs/plan-000001.txt", "docs/plan-000002.txt"] and "expected.jsonl" in fa
    assert fa["expected.jsonl"] != fc["expected.jsonl"]
    assert fa["docs/plan-000001.txt"] != fc["docs/plan-000001.txt"]


def test_a_smaller_corpus_written_over_a_larger_one_leaves_no_stale_plans(tmp_path):
    synthesize(400, tmp_path)
    summary = synthesize(60, tmp_path)
    assert len(list((tmp_path / "docs").glob("plan-*.txt"))) == summary.documents
    assert len(_expected(tmp_path)) == 60


def test_plans_spread_over_districts_and_years_with_documents_of_50_to_300_tasks():
    specs = plan(20_000, seed=1)
    assert sum(s.tasks for s in specs) == 20_000
    assert all(50 <= s.tasks <= 300 for s in specs[:-1])
    assert len({s.district.name for s in specs}) == len(DISTRICTS)
    assert {s.year for s in specs} == set(range(2014, 2024))
    mix = Counter(s.layout for s in specs)
    assert mix["fields"] > mix["lines"] > mix["columns"] and mix["clauses"] > mix["columns"]
    assert {s.district.name for s in plan(5_000, seed=1, jurisdictions=2)} == {"通州区", "大兴区"}
    with pytest.raises(ValueError):
        plan(100, jurisdictions=11)


def test_a_large_clause_and_line_document_round_trips(tmp_path):
    """One 300-task document of each wrapped layout: long unit lists, wrapped texts, many headings."""
    vocab = Vocabulary(DISTRICTS[1], 0)
    expected = []
    for k, layout in enumerate(("lines", "clauses", "fields", "columns"), 1):
        spec = DocSpec(
            index=k,
            file=f"plan-{k:06d}.txt",
            layout=layout,
            tasks=300,
            district=DISTRICTS[1],
            year=2016,
            serial=k,
            office=layout in ("lines", "clauses"),
            month=3,
            day=9,
        )
        text, records = write_document(spec, vocab, Random(k))
        (tmp_path / spec.file).write_text(text, encoding="utf-8")
        expected += records
    corpus = build_paths([tmp_path])
    assert corpus.errors == []
    assert _built(corpus) == expected
    assert all(v["unparsed"] == 0 for v in corpus.coverage().values())


def test_wrapped_unit_lists_break_only_where_the_field_parser_rejoins_them():
    names = [
        "区委生态文明委大气污染综合治理工作小组成员单位",
        "区财政局",
        "区经济和信息化局",
        "相关行业主管部门",
        "区住房城乡建设委",
        "各街道乡镇",
    ]
    for seed in range(30):
        lines = wrap_units("责任单位：", names, 30, Random(seed))
        assert "".join(lines) == "责任单位：" + "、".join(names)
        for ln in lines[1:]:
            assert not ln[0].isdigit() and ln[0] not in "（(一二三四五六七八九十第"


def test_the_synth_command_writes_a_corpus_and_prints_a_summary(tmp_path):
    from typer.testing import CliRunner

    from fengong.cli import app

    result = CliRunner().invoke(app, ["synth", "--tasks", "120", "--output", str(tmp_path), "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("wrote ") and " 120 tasks, " in result.output and " MB in " in result.output
    assert len(_expected(tmp_path)) == 120
    bad = CliRunner().invoke(app, ["synth", "--tasks", "10", "--output", str(tmp_path), "--jurisdictions", "99"])
    assert bad.exit_code == 2
