"""One CLI grammar (issue 16): inputs of every kind, formats from file suffixes, exit codes 0/1/2."""

from __future__ import annotations

import json
import re

import openpyxl
import pytest
import rdflib
from typer.testing import CliRunner

from fengong.cli import app

runner = CliRunner()
WORKLOAD_RQ = str(__import__("pathlib").Path(__file__).parents[1] / "fengong/graph/queries/sparql/workload.rq")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """The sample corpus built both ways: a build --output folder and a bulk folder."""
    root = tmp_path_factory.mktemp("outputs")
    for args in (["--output", str(root / "out")], ["--bulk", "--output", str(root / "bulk")]):
        result = runner.invoke(app, ["build", "-q", *args])
        assert result.exit_code == 0, result.output
    return root / "out", root / "bulk"


def _csv(args):
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return result.output


def test_questions_answer_the_same_from_documents_a_build_folder_and_a_bulk_folder(outputs):
    out, bulk = outputs
    plain = _csv(["workload", "-f", "csv"])
    assert _csv(["workload", "-f", "csv", "--input", str(out)]) == plain
    assert _csv(["workload", "-f", "csv", "--input", str(bulk)]) == plain
    rows = lambda text: sorted(text.splitlines())  # noqa: E731 - SPARQL rows come in no fixed order
    sparql = rows(_csv(["sparql", WORKLOAD_RQ, "-f", "csv"]))
    assert len(sparql) == 157
    assert rows(_csv(["sparql", WORKLOAD_RQ, "-f", "csv", "--input", str(out)])) == sparql
    assert rows(_csv(["sparql", WORKLOAD_RQ, "-f", "csv", "--input", str(bulk)])) == sparql


def test_a_folder_with_nothing_to_read_and_a_missing_path_exit_1_naming_the_problem(tmp_path):
    (tmp_path / "empty").mkdir()
    for args in (
        ["workload", "--input", str(tmp_path / "empty")],
        ["unit", "区发改委", "--input", str(tmp_path / "nope")],
        ["sparql", WORKLOAD_RQ, "--input", str(tmp_path / "empty")],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 1, (args, result.output)
        assert "Traceback" not in result.output
    assert (
        "holds no document fengong reads" in runner.invoke(app, ["workload", "--input", str(tmp_path / "empty")]).output
    )
    assert "no such file or folder" in runner.invoke(app, ["workload", "--input", str(tmp_path / "nope")]).output


def test_an_unreadable_file_beside_good_ones_is_answered_and_exits_1(tmp_path):
    from fengong.data import SAMPLE_CORPUS

    (tmp_path / "plan.txt").write_bytes((SAMPLE_CORPUS / "004_d2e1d2fa9d54708a.txt").read_bytes())
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 broken")
    result = runner.invoke(app, ["workload", "-f", "csv", "--input", str(tmp_path)])
    assert result.exit_code == 1
    assert "broken.docx" in result.output and "区发展改革委" in result.output


def test_the_output_suffix_sets_the_format_and_the_file_opens_in_its_own_tool(tmp_path):
    xlsx, js, md, nt, rec = (tmp_path / n for n in ("u.xlsx", "w.json", "w.md", "g.nt", "r.csv"))
    assert runner.invoke(app, ["unit", "区发改委", "-o", str(xlsx)]).exit_code == 0
    book = openpyxl.load_workbook(xlsx)
    assert book.sheetnames == ["主责 Responsible", "协办 Assisting"]
    sheet = book["主责 Responsible"]
    header = [c.value for c in sheet[1]]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    deadline, printed, status, number = (
        header.index(h)
        for h in ("完成时限 Deadline", "时限原文 Deadline as printed", "状态 Status", "文号 Document no.")
    )
    dated = [r for r in rows if r[deadline] is not None]
    assert dated and all(isinstance(r[deadline], __import__("datetime").datetime) and r[printed] for r in dated)
    assert {r[status] for r in rows} <= {"未到期 Upcoming", "已到期 Past", "长期 Ongoing", "无时限 None"}
    assert all(r[number] for r in rows)  # every task's 文号: its own, or its notice's with 附件N
    assert runner.invoke(app, ["workload", "-o", str(js)]).exit_code == 0
    assert json.loads(js.read_text(encoding="utf-8"))[0]["name"] == "区生态环境局"
    assert runner.invoke(app, ["workload", "-o", str(md)]).exit_code == 0
    assert md.read_text(encoding="utf-8").startswith("| ")
    assert runner.invoke(app, ["export", "rdf", "-o", str(nt)]).exit_code == 0
    assert len(rdflib.Graph().parse(nt, format="nt")) == 29870
    assert runner.invoke(app, ["export", "records", "-o", str(rec)]).exit_code == 0
    assert rec.read_text(encoding="utf-8").startswith("doc,document,appendix,number,line")
    findings = tmp_path / "d.json"
    assert runner.invoke(app, ["doctor", "-o", str(findings)]).exit_code == 0
    found = json.loads(findings.read_text(encoding="utf-8"))
    assert found and {"check", "severity", "file", "line", "message"} <= set(found[0])


@pytest.mark.parametrize(
    "args",
    [
        ["workload", "-o", "w.json", "-f", "csv"],
        ["workload", "-o", "w.txt"],
        ["export", "rdf", "-o", "g.nt", "-f", "ttl"],
        ["export", "records", "-o", "r.xml"],
        ["sparql", WORKLOAD_RQ, "-o", "s.csv", "-f", "json"],
        ["doctor", "-o", "d.txt"],
        ["map", "network", "-o", "m.pdf"],
    ],
)
def test_a_suffix_contradicting_the_format_or_unknown_is_a_usage_error(tmp_path, args):
    result = runner.invoke(
        app,
        [
            a
            if not a.endswith((".json", ".txt", ".nt", ".xml", ".csv", ".pdf")) or a == WORKLOAD_RQ
            else str(tmp_path / a)
            for a in args
        ],
    )
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert not list(tmp_path.iterdir())  # nothing written


def test_a_name_of_several_units_answers_for_all_and_asking_for_one_lists_them(tmp_path):
    from fengong.synth import synthesize

    synthesize(2000, tmp_path, seed=0)
    docs = str(tmp_path / "docs")
    every = _csv(["unit", "区水务局", "-f", "csv", "--input", docs]).splitlines()
    assert every[0].endswith(",unit_name,jurisdiction") and len(every) == 1 + 452
    one = _csv(["unit", "通州区水务局", "-f", "csv", "--input", docs]).splitlines()
    assert len(one) == 1 + 51 and all(line.endswith(",区水务局,通州区") for line in one[1:])
    result = runner.invoke(app, ["map", "unit", "--unit", "区水务局", "--input", docs, "-o", str(tmp_path / "m.html")])
    assert result.exit_code == 2 and "names 6 units" in result.output and "通州区水务局" in result.output


def _readme_examples() -> list[str]:
    """The commands in the example column of the README's grammar table."""
    import re
    from pathlib import Path

    text = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    table = text.split("### One grammar for every command", 1)[1].split("\n\n", 2)[1]
    return [c for row in table.splitlines()[2:] for c in re.findall(r"`(fengong [^`]+)`", row.split("|")[3])]


def test_the_readme_grammar_examples_run_as_written(tmp_path):
    import shlex
    import subprocess
    import sys
    from pathlib import Path

    fengong = str(Path(sys.executable).with_name("fengong"))
    examples = _readme_examples()
    assert len(examples) >= 6
    assert subprocess.run([fengong, "build", "-q", "--output", "out"], cwd=tmp_path).returncode == 0
    for example in examples:
        args = shlex.split(example)[1:]
        if args[0] == "site":
            args.append("--no-maps")  # the maps are tested apart; the grammar is what is checked here
        done = subprocess.run([fengong, *args], cwd=tmp_path, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, (example, done.stderr)
    assert (tmp_path / "水务局.xlsx").is_file() and (tmp_path / "atlas" / "index.html").is_file()


@pytest.mark.parametrize("width", [80, 120])
def test_terminal_tables_keep_names_whole_at_80_and_120_columns(width):
    import io

    from rich.console import Console

    from fengong.graph.cache import load_graph
    from fengong.graph.queries.workload import workload
    from fengong.output import render

    buf = io.StringIO()
    console = Console(file=buf, width=width, color_system=None)
    render(workload(load_graph()[0]).head(5), "Workload per unit", console=console)
    text = buf.getvalue()
    from rich.cells import cell_len

    assert all(cell_len(line) <= width for line in text.splitlines())
    assert "区生态环境局" in text and "通州区" in text  # a name and its jurisdiction on one line each
    if width == 80:
        assert "more columns do not fit 80 characters: assisting, total, weighted, rank" in text.replace("\n", " ")
    else:
        assert "more columns" not in text


_COMMANDS = {  # name -> arguments, with @ for the input and {tmp} for an output place
    "build": ["build", "-q", "@"],
    "doctor": ["doctor", "@"],
    "export records": ["export", "records", "@"],
    "export rdf": ["export", "rdf", "-o", "{tmp}/g.nt", "-i", "@"],
    "export tables": ["export", "tables", "-o", "{tmp}/t", "-i", "@"],
    "sparql": ["sparql", WORKLOAD_RQ, "-f", "csv", "-i", "@"],
    "workload": ["workload", "-f", "csv", "-i", "@"],
    "unit": ["unit", "区发改委", "-f", "csv", "-i", "@"],
    "official": ["official", "郑皓", "-f", "csv", "-i", "@"],
    "deadlines": ["deadlines", "2023", "-f", "csv", "-i", "@"],
    "coordination": ["coordination", "pairs", "-f", "csv", "-i", "@"],
    "map": ["map", "network", "-o", "{tmp}/m.html", "-i", "@"],
    "site": ["site", "-o", "{tmp}/site", "--no-maps", "-i", "@"],
}
_RECORDS = {"build", "doctor", "export records"}  # read documents only
_WHOLE = {"export rdf", "export tables", "map", "site"}  # need the whole graph: not a bulk folder's shared one


def _expected(command: str, given: str) -> int:
    if given in ("missing", "empty", "unsupported"):
        return 1
    if command in _RECORDS:
        return 1  # an output folder is not documents
    return 1 if (given == "bulk" and command in _WHOLE) else 0


@pytest.mark.parametrize("given", ["missing", "empty", "unsupported", "build-output", "bulk"])
@pytest.mark.parametrize("command", sorted(_COMMANDS))
def test_every_command_meets_every_kind_of_input_with_its_documented_exit_code(outputs, tmp_path, command, given):
    out, bulk = outputs
    (tmp_path / "empty").mkdir()
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0 an old Word file")
    path = {
        "missing": tmp_path / "missing.txt",
        "empty": tmp_path / "empty",
        "unsupported": tmp_path / "old.doc",
        "build-output": out,
        "bulk": bulk,
    }[given]
    args = [str(path) if a == "@" else a.format(tmp=tmp_path) for a in _COMMANDS[command]]
    result = runner.invoke(app, args)
    assert result.exit_code == _expected(command, given), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    if result.exit_code:
        assert "error:" in result.output and str(path.name) in result.output


@pytest.mark.parametrize(
    "args, message",
    [
        (["deadlines", "2023", "--role", "lead"], "'lead' is not one of 'responsible', 'assisting'"),
        (["coordination", "centrality", "--network", "sideways"], "'sideways' is not one of 'co'"),
        (["unit", "区不存在局"], "no unit named '区不存在局'"),
        (["official", "无名氏"], "no official named '无名氏'"),
        (["map", "unit", "--unit", "区不存在局", "-o", "m.html"], "no unit named '区不存在局'"),
        (
            ["map", "nets", "-o", "m.html"],
            "'nets' is not one of coordination, matrix, official, unit, workload, document",
        ),
        (["sparql", WORKLOAD_RQ, "-p", "yaer=2023"], "the query has no ?yaer, so --param yaer=… would change nothing"),
    ],
)
def test_a_bad_choice_or_an_unknown_name_is_a_usage_error_before_any_output(tmp_path, args, message):
    args = [str(tmp_path / a) if a.endswith(".html") else a for a in args]
    result = runner.invoke(app, args)
    flat = " ".join(re.sub(r"[│╭╮╰╯─]", " ", result.output).split())  # typer boxes and wraps its errors
    assert result.exit_code == 2 and message in flat, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not list(tmp_path.iterdir())


def test_the_installed_command_prints_every_error_in_one_style():
    import subprocess
    import sys
    from pathlib import Path

    fengong = str(Path(sys.executable).with_name("fengong"))
    for args, code, line in (
        (
            ["deadlines", "2023", "--role", "lead"],
            2,
            "error: Invalid value for '--role': Value error, 'lead' is not one of 'responsible', 'assisting'. "
            "(see `fengong deadlines --help`)",
        ),
        (["workload", "--bogus"], 2, "error: No such option: --bogus (see `fengong workload --help`)"),
        (["unit", "区不存在局"], 2, "error: no unit named '区不存在局'"),
    ):
        done = subprocess.run([fengong, *args], capture_output=True, text=True)
        assert (done.returncode, done.stderr.strip()) == (code, line)
    assert subprocess.run([fengong, "--version"], capture_output=True, text=True).stdout.startswith("fengong ")
