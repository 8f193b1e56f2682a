"""The bulk build (large corpora, file by file): the same records, triples and answers as the in-memory path."""

from __future__ import annotations

import shutil

import pytest
from typer.testing import CliRunner

from fengong.build import build_paths
from fengong.cli import app
from fengong.data import SAMPLE_CORPUS
from fengong.graph import ntriples
from fengong.graph.assemble import build_graph
from fengong.graph.bulk import build_bulk, load_bulk
from fengong.graph.queries.responsibilities import deadlines, responsibilities
from fengong.graph.queries.workload import workload

runner = CliRunner()


@pytest.fixture(scope="module")
def bulk(tmp_path_factory):
    out = tmp_path_factory.mktemp("bulk")
    summary = build_bulk([SAMPLE_CORPUS], out, workers=2)
    return out, summary


@pytest.fixture(scope="module")
def normal(tmp_path_factory):
    out = tmp_path_factory.mktemp("normal")
    result = runner.invoke(app, ["build", "-q", "--output", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_bulk_exports_are_byte_identical_to_the_in_memory_build(bulk, normal):
    out, summary = bulk
    assert (summary.files, summary.tasks, summary.errors, summary.unparsed) == (5, 412, [], 0)
    for kind in ("records", "assessments", "report-items", "documents", "citations", "coverage", "unparsed"):
        assert (out / f"{kind}.jsonl").read_bytes() == (normal / f"{kind}.jsonl").read_bytes(), kind


def test_bulk_graph_holds_the_triples_of_the_in_memory_graph_without_links(bulk):
    out, summary = bulk
    lines = (out / "graph.nt").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(set(lines)) == summary.triples == 29079
    kg = build_graph(build_paths(), links=False)
    assert set(lines) == set("".join(ntriples.lines(kg)).splitlines())


def test_questions_answered_from_bulk_frames_equal_the_in_memory_answers(bulk, seed_graph):
    kg = load_bulk(bulk[0])
    assert workload(kg).equals(workload(seed_graph))
    assert workload(kg, by="year").equals(workload(seed_graph, by="year"))
    for unit in ("区发改委", "区生态环境局", "区财政局"):
        a = responsibilities(kg, unit).reset_index(drop=True)
        b = responsibilities(seed_graph, unit).reset_index(drop=True)
        assert a.astype(str).equals(b.astype(str)), unit
    assert (
        deadlines(kg, "2023Q4")
        .astype(str)
        .reset_index(drop=True)
        .equals(deadlines(seed_graph, "2023Q4").astype(str).reset_index(drop=True))
    )


def test_bulk_output_is_the_same_with_one_worker_or_two(bulk, tmp_path):
    build_bulk([SAMPLE_CORPUS], tmp_path, workers=1)
    for name in ("records.jsonl", "graph.nt", "tables/tasks.csv", "tables/assignments.csv", "tables/units.csv"):
        assert (tmp_path / name).read_bytes() == (bulk[0] / name).read_bytes(), name


def test_cli_bulk_build_and_questions_from_its_folder(tmp_path):
    shutil.copy(SAMPLE_CORPUS / "004_d2e1d2fa9d54708a.txt", tmp_path)
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 broken")
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(tmp_path), "--bulk", "--output", str(out), "-j", "1"])
    assert result.exit_code == 1  # the broken file is reported; the good one still built
    assert "broken.docx: not a readable docx file" in result.output
    assert "2 files, 138 tasks" in result.output
    answer = runner.invoke(app, ["workload", "--input", str(out), "--format", "csv", "--top", "1"])
    assert answer.exit_code == 0, answer.output
    assert answer.output.splitlines()[1].split(",")[1:6] == ["区住房城乡建设委", "通州区", "department", "False", "35"]
    assert runner.invoke(app, ["build", "--bulk"]).exit_code == 2  # needs --output


def test_a_normal_build_into_a_bulk_folder_removes_the_bulk_frames_so_questions_cannot_read_stale_data(tmp_path):
    from fengong.graph.bulk import is_bulk_output

    out = tmp_path / "out"
    assert runner.invoke(app, ["build", "-q", "--bulk", "--output", str(out)]).exit_code == 0
    assert is_bulk_output(out)
    (out / "notes.txt").write_text("mine")
    assert runner.invoke(app, ["build", "-q", "--output", str(out)]).exit_code == 0
    assert not is_bulk_output(out) and not (out / "frames").exists()
    assert (out / "notes.txt").read_text() == "mine" and (out / "graph.graphml").is_file()
