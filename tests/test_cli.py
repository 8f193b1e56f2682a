"""The command line mirrors the library: build, export, clear errors."""

from __future__ import annotations

import json
import shutil

from typer.testing import CliRunner

from fengong.cli import app
from fengong.data import SAMPLE_CORPUS

runner = CliRunner()


def test_build_without_paths_builds_the_sample_corpus_and_prints_coverage():
    result = runner.invoke(app, ["build"], env={"COLUMNS": "220"})
    assert result.exit_code == 0, result.output
    assert "004_d2e1d2fa9d54708a.txt (utf-8): 1128 lines, 100.0% accounted for" in result.output
    assert "通政发〔2023〕2号" in result.output


def test_export_records_writes_the_scoring_contract(tmp_path):
    out = tmp_path / "records.jsonl"
    result = runner.invoke(app, ["export", "records", "--format", "jsonl", "--output", str(out), str(SAMPLE_CORPUS)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    first = next(r for r in records if r["doc"] == "004_d2e1d2fa9d54708a.txt")
    assert {
        k: first[k]
        for k in (
            "number",
            "line",
            "line_end",
            "text",
            "lead_officials",
            "responsible_units",
            "assist_units",
            "deadline_text",
            "split",
        )
    } == {
        "number": "1",
        "line": 19,
        "line_end": 25,
        "text": "实现地区生产总值增长5%左右。",
        "lead_officials": ["郑皓"],
        "responsible_units": ["区发展改革委"],
        "assist_units": [],
        "deadline_text": "2023年12月底",
        "split": "certain",
    }
    assert first["deadline"] == "2023-12-31"


def test_build_output_folder_holds_every_export(tmp_path):
    result = runner.invoke(app, ["build", "-q", "--output", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".fengong-manifest",
        "assessments.jsonl",
        "citations.jsonl",
        "coverage.jsonl",
        "documents.jsonl",
        "graph.gexf",
        "graph.graphml",
        "graph.json",
        "graph.jsonld",
        "graph.nt",
        "graph.ttl",
        "ontology",
        "records.jsonl",
        "report-items.jsonl",
        "tables",
        "unparsed.jsonl",
    ]
    assert sorted(p.name for p in (tmp_path / "tables").iterdir()) == [
        "assessment_items.csv",
        "assignments.csv",
        "citations.csv",
        "documents.csv",
        "links.csv",
        "officials.csv",
        "oversight.csv",
        "report_items.csv",
        "sections.csv",
        "tasks.csv",
        "units.csv",
    ]
    assert sorted(p.name for p in (tmp_path / "ontology").iterdir()) == ["context.jsonld", "fengong.ttl", "shapes.ttl"]
    assert (tmp_path / "unparsed.jsonl").read_text() == ""
    assert [p.name for p in tmp_path.rglob(".*")] == [".fengong-manifest"]  # no temporary files left behind


def test_a_bad_file_is_reported_and_the_others_still_build(tmp_path):
    shutil.copy(SAMPLE_CORPUS / "004_d2e1d2fa9d54708a.txt", tmp_path)
    (tmp_path / "scan.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "plan.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    out = tmp_path / "r.jsonl"
    result = runner.invoke(app, ["export", "records", "--output", str(out), str(tmp_path)])
    assert result.exit_code == 1
    assert "scan.txt: binary data" in result.output
    assert "plan.pdf: cannot open the PDF" in result.output
    assert "old.doc: unsupported file type .doc (old Word format: save it as .docx" in result.output
    assert len(out.read_text(encoding="utf-8").splitlines()) == 138


def test_csv_export_joins_name_lists(tmp_path):
    out = tmp_path / "r.csv"
    result = runner.invoke(
        app, ["export", "records", "-f", "csv", "-o", str(out), str(SAMPLE_CORPUS / "004_d2e1d2fa9d54708a.txt")]
    )
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("doc,document,appendix,number,line,line_end")
    assert "区发展改革委、区财政局" in out.read_text(encoding="utf-8") or len(lines) == 139


def test_every_cli_command_is_documented_in_the_readme():
    from pathlib import Path

    from fengong.build.export import KINDS

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    assert "fengong build" in readme and "fengong export records" in readme
    for kind in KINDS:
        assert kind in readme, kind

    def name(c):
        return c.name or c.callback.__name__.replace("_", "-")

    commands = [name(c) for c in app.registered_commands] + [
        f"export {name(c)}" for g in app.registered_groups for c in g.typer_instance.registered_commands
    ]
    assert "sparql" in commands and "export gexf" in commands
    for command in commands:
        assert command.split()[-1] in readme, command
