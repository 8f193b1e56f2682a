"""The ``fengong`` command line: a thin layer over the library.

Each command opens the inputs, calls one library function and turns fengong's
errors into a clean message. Heavy imports happen inside commands so that
``fengong --help`` stays instant.
"""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

app = typer.Typer(help="fengong (分工): government units, officials, tasks and documents as a knowledge graph.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_show_locals=False)
export_app = typer.Typer(help="Export what the builder found.", no_args_is_help=True)
app.add_typer(export_app, name="export")
neo4j_app = typer.Typer(help="Load the graph into Neo4j (Bolt), count or clear what fengong loaded.",
                        no_args_is_help=True)
app.add_typer(neo4j_app, name="neo4j")

PathsArg = typer.Argument(None, help="Files or folders to read (default: the built-in sample corpus).")
InputOpt = typer.Option(None, "--input", "-i", help="Documents to read (files or folders; a `build --output` or "
                        "`--bulk` folder for questions; default: the sample corpus). Repeatable.")


def _inputs(paths: Optional[List[Path]], inputs: Optional[List[Path]]) -> Optional[List[Path]]:
    """Documents given as arguments and with --input: every command takes both ways."""
    both = [*(paths or []), *(inputs or [])]
    return both or None


def _version(show: bool) -> None:
    if show:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"fengong {version('fengong')}")
        except PackageNotFoundError:  # running from a source tree that was never installed
            typer.echo("fengong (not installed)")
        raise typer.Exit(0)


@app.callback()
def _options(roles: Optional[List[Path]] = typer.Option(
        None, "--role-words", help="Your own government's role labels and words (a TOML file of the form of "
                                   "fengong/build/roles.toml), added to fengong's; for every command that reads "
                                   "documents."),
             version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                          help="Print fengong's version and exit.")
             ) -> None:
    if roles:
        from fengong.build import roles as role_vocabulary
        from fengong.errors import FengongError

        try:
            role_vocabulary.configure(roles)
        except FengongError as e:
            _err_console().print(f"[red]error:[/red] {e}", highlight=False, soft_wrap=True)
            raise typer.Exit(2)


def _build(paths: Optional[List[Path]], quiet: bool, workers: Optional[int] = None):
    from rich.progress import Progress

    from fengong.build import build_paths, iter_input_files
    from fengong.data import SAMPLE_CORPUS
    from fengong.graph.inputs import InputError, documents_only

    try:
        documents_only(paths)
    except InputError as e:
        _err_console().print(f"[red]error:[/red] {e}", highlight=False, soft_wrap=True)
        raise typer.Exit(1)
    files, _ = iter_input_files(paths or [SAMPLE_CORPUS])
    if quiet or not files:
        corpus = build_paths(paths, workers=workers)
    else:
        with Progress(transient=True, console=_err_console()) as bar:
            task = bar.add_task("building", total=len(files))
            corpus = build_paths(paths, progress=lambda _p: bar.advance(task), workers=workers)
    for err in corpus.errors:
        _err_console().print(f"[red]error:[/red] {err}", highlight=False, soft_wrap=True)
    return corpus


def _build_bulk(paths, output, aliases, quiet: bool, strict: bool, workers) -> None:
    import time

    from rich.progress import Progress

    from fengong.build import iter_input_files
    from fengong.data import SAMPLE_CORPUS
    from fengong.graph.bulk import build_bulk

    from fengong.graph.inputs import InputError, documents_only

    if output is None:
        _err_console().print("[red]error:[/red] --bulk needs --output DIR", highlight=False)
        raise typer.Exit(2)
    try:
        documents_only(paths)
    except InputError as e:
        _err_console().print(f"[red]error:[/red] {e}", highlight=False, soft_wrap=True)
        raise typer.Exit(1)
    paths = paths or [SAMPLE_CORPUS]
    t = time.perf_counter()
    if quiet:
        summary = build_bulk(paths, output, aliases or [], workers)
    else:
        files, _ = iter_input_files(paths)
        with Progress(transient=True, console=_err_console()) as bar:
            task = bar.add_task("building", total=len(files))
            summary = build_bulk(paths, output, aliases or [], workers, progress=lambda _p: bar.advance(task))
    for err in summary.errors:
        _err_console().print(f"[red]error:[/red] {err}", highlight=False, soft_wrap=True)
    if not quiet:
        for w in summary.warnings:
            _err_console().print(f"[yellow]warning:[/yellow] {w}", highlight=False, soft_wrap=True)
        _err_console().print(f"{summary.files} files, {summary.tasks} tasks, {summary.triples} triples, "
                             f"{summary.unparsed} unparsed lines in {time.perf_counter() - t:.1f} s → {output}",
                             highlight=False)
    if summary.errors or (strict and (summary.warnings or summary.unparsed)):
        raise typer.Exit(1)


AliasesOpt = typer.Option(None, "--aliases", help="Your own unit alias table (CSV, columns as fengong/data/units.csv); "
                          "repeatable, later files win.")


def _graph(corpus, aliases: Optional[List[Path]]):
    from fengong.graph.assemble import build_graph
    from fengong.graph.resolve import Resolver

    return build_graph(corpus, Resolver.load(aliases or []))


def _err_console():
    from rich.console import Console

    return Console(stderr=True)


@app.command()
def build(
    paths: Optional[List[Path]] = PathsArg, inputs: Optional[List[Path]] = InputOpt,
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write records, the graph (RDF, GraphML, GEXF, "
                                          "node-link JSON), tables and the ontology here."),
    aliases: Optional[List[Path]] = AliasesOpt,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing but errors."),
    strict: bool = typer.Option(False, "--strict", help="Exit non-zero on warnings, unparsed lines or unreadable files."),
    workers: Optional[int] = typer.Option(None, "--workers", "-j", help="Processes that read and parse files "
                                          "(default: one per CPU for a big corpus, 1 for a few small files)."),
    bulk: bool = typer.Option(False, "--bulk", help="A large corpus: build file by file in parallel and stream "
                              "records, graph.nt and tables to --output (no cross-document links, no GraphML); "
                              "query it with --input OUTPUT."),
) -> None:
    """Read documents into records and the knowledge graph; print coverage per document."""
    paths = _inputs(paths, inputs)
    from rich.console import Console
    from rich.table import Table

    from fengong.build.export import KINDS, rows, write_file

    if bulk:
        _build_bulk(paths, output, aliases, quiet, strict, workers)
        return

    corpus = _build(paths, quiet, workers)
    kg = None
    if output is not None:
        from fengong.graph.export import write_graph_files

        from fengong.files import replace_outputs

        written = [write_file(rows(corpus, kind), output / f"{kind}.jsonl", "jsonl") for kind in KINDS]
        kg = _graph(corpus, aliases)
        written += write_graph_files(kg, output)
        replace_outputs(output, written)  # what an earlier build (say a --bulk one) wrote and this one did not goes
    if not quiet:
        # one row per document under a row naming its file: the document (文号 or title) is what a person
        # recognises, and the table stays readable at 80 columns
        # (lines in records and boilerplate are summed per file below)
        table = Table(title="Coverage per document")
        numbers = ("tasks", "items", "unparsed")
        table.add_column("document", min_width=14, ratio=1, overflow="fold")
        table.add_column("lines", no_wrap=True)
        table.add_column("layout", no_wrap=True)
        for col in numbers:
            table.add_column(col, justify="right", no_wrap=True)
        last = None
        for r in corpus.coverage_by_document():
            if r["file"] != last:
                table.add_row(f"[bold]{r['file']}[/bold]", *[""] * (2 + len(numbers)))
                last = r["file"]
            table.add_row("  " + str(r["document"]), str(r["lines"]), str(r["layout"]), *(str(r[c]) for c in numbers))
        console = Console()
        console.print(table)
        for name, c in corpus.coverage().items():
            accounted = c["lines"] - c["unaccounted"]
            console.print(f"{name} ({c['encoding']}): {c['lines']} lines, {accounted / max(1, c['lines']):.1%} accounted for "
                          f"({c['record']} in records, {c['boilerplate']} boilerplate, {c['duplicate']} duplicate, "
                          f"{c['blank']} blank, {c['unparsed']} unparsed)", highlight=False, soft_wrap=True)
        for w in corpus.warnings:
            _err_console().print(f"[yellow]warning:[/yellow] {w}", highlight=False, soft_wrap=True)
        console.print(f"{len(corpus.tasks)} tasks, {len(corpus.assessments)} assessment items, "
                      f"{len(corpus.report_items)} report items from {len(corpus.files)} files", highlight=False)
        if kg is not None:
            counts = kg.counts()
            console.print("graph: " + ", ".join(f"{v} {k}" for k, v in counts["nodes"].items()) + "; "
                          + ", ".join(f"{v} {k}" for k, v in counts["edges"].items()) + f" → {output}",
                          highlight=False, soft_wrap=True)
    unparsed = sum(c["unparsed"] for c in corpus.coverage().values())
    if corpus.errors or (strict and (corpus.warnings or unparsed)):
        raise typer.Exit(1)


_DOCTOR_FORMATS = ("table", "jsonl", "csv")


@app.command()
def doctor(
    paths: Optional[List[Path]] = PathsArg, inputs: Optional[List[Path]] = InputOpt,
    format: Optional[str] = typer.Option(None, "--format", "-f", help="table, jsonl or csv (default: table, or "
                                         "what --output's suffix says)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="File to write (default: the terminal)."),
    check: Optional[List[str]] = typer.Option(None, "--check", "-c", help="Only this check (repeatable): "
                                              "split-ambiguous, name-glued, unit-seen-once, … (see README)."),
    aliases: Optional[List[Path]] = AliasesOpt,
    strict: bool = typer.Option(False, "--strict", help="Exit 1 when any warning is found (info does not count)."),
    workers: Optional[int] = typer.Option(None, "--workers", "-j", help="Processes that read and parse files."),
) -> None:
    """Check a corpus for suspicious records: guessed 主责/协办 splits, glued or cut names, units and
    officials seen once, tasks without units or lead, deadlines before the document date, duplicate numbers, assignment lines no task took."""
    paths = _inputs(paths, inputs)
    from collections import Counter

    from fengong.build.export import write_file, write_rows
    from fengong.doctor import CHECKS, diagnose
    from fengong.graph.resolve import Resolver

    if format is None:
        suffix = output.suffix.lower().lstrip(".") if output is not None else ""
        format = suffix if suffix in _DOCTOR_FORMATS else "table"
    if format not in _DOCTOR_FORMATS:
        raise typer.BadParameter(f"choose one of {', '.join(_DOCTOR_FORMATS)}", param_hint="--format")
    unknown = [c for c in check or [] if c not in CHECKS]
    if unknown:
        raise typer.BadParameter(f"unknown check {', '.join(unknown)}; choose from {', '.join(CHECKS)}",
                                 param_hint="--check")
    corpus = _build(paths, quiet=format != "table" or output is not None, workers=workers)
    findings = diagnose(corpus, Resolver.load(aliases or []), checks=check or None)
    rows = [f.to_dict() for f in findings]
    if format != "table":
        if output is None or str(output) == "-":
            write_rows(rows, sys.stdout, format)
        else:
            write_file(rows, output, format)
    else:
        from rich.console import Console
        from rich.table import Table

        console = Console(file=output.open("w", encoding="utf-8") if output else None,
                          width=200 if output else None)
        if findings:
            table = Table(title=f"fengong doctor: {len(findings)} findings")
            for col in ("severity", "check", "where", "document", "task", "subject", "message", "suggestion"):
                table.add_column(col, overflow="fold")
            for f in findings:
                where = f"{f.file}:{f.line}" + (f"-{f.line_end}" if f.line_end != f.line else "")
                table.add_row("[yellow]warning[/yellow]" if f.severity == "warning" else "info", f.check, where,
                              f.document or "", f.task or "", f.subject, f.message, f.suggestion or "")
            console.print(table)
        counts = Counter((f.check, f.severity) for f in findings)
        for c in (check or CHECKS):
            w, i = counts[(c, "warning")], counts[(c, "info")]
            console.print(f"{c}: {w} warning{'s' * (w != 1)}, {i} info — {CHECKS[c]}", highlight=False,
                          soft_wrap=True)
        warnings = sum(1 for f in findings if f.severity == "warning")
        console.print(f"{warnings} warning{'s' * (warnings != 1)}, {len(findings) - warnings} info in "
                      f"{len(corpus.tasks)} tasks from {len(corpus.files)} file{'s' * (len(corpus.files) != 1)}",
                      highlight=False)
        if output:
            console.file.close()
            _err_console().print(f"wrote {output}", highlight=False)
    warned = any(f.severity == "warning" for f in findings)
    if corpus.errors or (strict and warned):
        raise typer.Exit(1)


def _chosen_format(fmt, output, suffixes: dict, default: str) -> str:
    """The output's format from --format or the file's suffix; a usage error (exit 2) otherwise."""
    from fengong.output import choose_format

    try:
        return choose_format(fmt, output, suffixes, default)
    except ValueError as e:
        raise typer.BadParameter(str(e), param_hint="--format") from None


def _export(kind: str, paths, fmt: Optional[str], output: Optional[Path]) -> None:
    from fengong.build.export import rows, write_file, write_rows

    fmt = _chosen_format(fmt, output, {".jsonl": "jsonl", ".json": "json", ".csv": "csv"}, "jsonl")
    corpus = _build(paths, quiet=True)
    data = rows(corpus, kind)
    if output is None or str(output) == "-":
        write_rows(data, sys.stdout, fmt)
    else:
        write_file(data, output, fmt)
    if corpus.errors:
        raise typer.Exit(1)


FormatOpt = typer.Option(None, "--format", "-f", help="jsonl, json or csv (default: --output's suffix, else jsonl).")
OutputOpt = typer.Option(None, "--output", "-o", help="File to write ('-' or none: standard output).")


_EXPORT_HELP = {
    "records": "Task records: one object per task, with names as printed and line spans.",
    "assessments": "Self-assessment items (自查表 rows).",
    "report-items": "Work-report items (achievements and plan items).",
    "documents": "Documents found in the files: 文号, title, issuer, date, attachments, duplicates.",
    "citations": "References from documents to other documents (by 文号).",
    "coverage": "How every line of every file was accounted for.",
    "unparsed": "Lines no layout could read, with their line numbers and why.",
}


def _export_command(kind: str):
    def command(paths: Optional[List[Path]] = PathsArg, inputs: Optional[List[Path]] = InputOpt,
                format: Optional[str] = FormatOpt, output: Optional[Path] = OutputOpt) -> None:
        _export(kind, _inputs(paths, inputs), format, output)

    command.__doc__ = _EXPORT_HELP[kind]
    command.__name__ = f"export_{kind.replace('-', '_')}"
    return command


# one export command per kind of row, all with the same options
for _kind in _EXPORT_HELP:
    export_app.command(_kind)(_export_command(_kind))

_GRAPH_HELP = {
    "rdf": ("ttl", ("ttl", "nt", "jsonld"), "The graph as RDF: Turtle, N-Triples or JSON-LD (with its context inline)."),
    "graphml": ("graphml", ("graphml",), "The property graph as GraphML (yEd, Cytoscape, Neo4j apoc)."),
    "gexf": ("gexf", ("gexf",), "The property graph as GEXF, for Gephi."),
    "node-link": ("json", ("json",), "The property graph as networkx node-link JSON (d3 and friends)."),
}


def _graph_command(kind: str):
    default, formats, help_ = _GRAPH_HELP[kind]

    def command(paths: Optional[List[Path]] = PathsArg, inputs: Optional[List[Path]] = InputOpt,
                format: Optional[str] = typer.Option(None, "--format", "-f", help=" or ".join(formats) +
                                                     f" (default: --output's suffix, else {default})."),
                output: Optional[Path] = OutputOpt, aliases: Optional[List[Path]] = AliasesOpt) -> None:
        from fengong.graph.export import graph_bytes, write_graph

        paths = _inputs(paths, inputs)
        format = _chosen_format(format, output, {f".{f}": f for f in formats}, default)
        kg, failed = _export_graph(paths, aliases)
        if output is None or str(output) == "-":
            sys.stdout.buffer.write(graph_bytes(kg, format))
        else:
            write_graph(kg, output, format)
        if failed:
            raise typer.Exit(1)

    command.__doc__ = help_
    command.__name__ = f"export_{kind.replace('-', '_')}"
    return command


for _kind in _GRAPH_HELP:
    export_app.command(_kind)(_graph_command(_kind))


@export_app.command("tables")
def export_tables(paths: Optional[List[Path]] = PathsArg, inputs: Optional[List[Path]] = InputOpt,
                  output: Path = typer.Option(..., "--output", "-o", help="Folder for the CSV files."),
                  aliases: Optional[List[Path]] = AliasesOpt) -> None:
    """Units, officials, tasks, assignments, documents (and more) as CSV files, one per table."""
    paths = _inputs(paths, inputs)
    from fengong.graph.tables import write_tables

    kg, failed = _export_graph(paths, aliases)
    for path in write_tables(kg, output):
        typer.echo(path)
    if failed:
        raise typer.Exit(1)


def _param_value(text: str):
    """A --param value as the RDF term it most likely means: 2023 → integer, 区财政局@zh → a Chinese
    label, unit-… → that node; anything else a plain string."""
    import re

    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if text in ("true", "false"):
        return text == "true"
    m = re.fullmatch(r"(.*)@([a-zA-Z]{2,3}(?:-[a-zA-Z0-9]+)*)", text)
    if m:
        return (m.group(1), m.group(2))
    return text


@export_app.command("neo4j-csv")
def export_neo4j_csv(paths: Optional[List[Path]] = PathsArg, inputs: Optional[List[Path]] = InputOpt,
                     output: Path = typer.Option(..., "--output", "-o", help="Folder for the CSV files, import.sh "
                                                 "and after_import.cypher."),
                     aliases: Optional[List[Path]] = AliasesOpt) -> None:
    """CSV files for Neo4j's bulk importer (neo4j-admin database import full), with import.sh to run it."""
    paths = _inputs(paths, inputs)
    from fengong.graph.neo4j_csv import Neo4jCsvError, write_neo4j_csv

    kg, failed = _export_graph(paths, aliases)
    try:
        written = write_neo4j_csv(kg, output)
    except Neo4jCsvError as e:
        _err_console().print(f"[red]error:[/red] {e}", highlight=False, soft_wrap=True)
        raise typer.Exit(2)
    for path in written:
        typer.echo(path)
    typer.echo(f"next: stop Neo4j, run sh {output / 'import.sh'} [DATABASE], start Neo4j, "
               f"then run {output / 'after_import.cypher'} (e.g. with cypher-shell -f)", err=True)
    if failed:
        raise typer.Exit(1)


@app.command()
def sparql(query: Path = typer.Argument(..., help="A file with a SPARQL SELECT query ('-' for standard input)."),
           paths: Optional[List[Path]] = typer.Option(None, "--input", "-i", help="Documents to read (default: the "
                                                      "sample corpus)."),
           param: Optional[List[str]] = typer.Option(None, "--param", "-p", help="Bind ?name to a value: name=value "
                                                     "(2023 is an integer, 区财政局@zh a Chinese label, a node id "
                                                     "its node). Repeatable."),
           format: Optional[str] = typer.Option(None, "--format", "-f", help="table, csv, json, xlsx or markdown "
                                                "(default: --output's suffix, else a table on the terminal)."),
           output: Optional[Path] = typer.Option(None, "--output", "-o", help="File to write (default: the terminal)."),
           aliases: Optional[List[Path]] = AliasesOpt) -> None:
    """Run a SPARQL query over the graph (Oxigraph); values are bound as parameters, never pasted in."""
    from fengong.graph.inputs import open_triples
    from fengong.graph.sparql import select

    text = sys.stdin.read() if str(query) == "-" else query.read_text(encoding="utf-8")
    params = {}
    for p in param or []:
        name, sep, value = p.partition("=")
        if not sep:
            raise typer.BadParameter(f"expected name=value, got {p!r}", param_hint="--param")
        params[name] = _param_value(value)
    def run():
        store, problems = open_triples(paths, aliases or [])
        for p in problems:
            _err_console().print(f"[red]error:[/red] {p}", highlight=False, soft_wrap=True)
        _INPUT_PROBLEMS.extend(problems)
        try:
            return select(store, text, **params), None
        except SyntaxError as e:
            raise ValueError(str(e)) from None

    _answer(run, format, output, title=query.stem if str(query) != "-" else "answer")


# ---------------------------------------------------------------- questions
AnswerFormatOpt = typer.Option(None, "--format", "-f", help="table, csv, json, xlsx or markdown (default: "
                                                              "--output's suffix, else a table on the terminal).")
AnswerOutputOpt = typer.Option(None, "--output", "-o", help="File to write (default: the terminal).")
YearOpt = typer.Option(None, "--year", help="Only tasks of plans of this year.")


def _export_graph(paths, aliases):
    """The graph to export (from the graph cache when its inputs have not changed, or a build
    --output folder's) and whether a file could not be read (reported here; the command then exits 1)."""
    from fengong.graph.inputs import InputError, open_graph

    try:
        kg, problems = open_graph(paths, aliases or [], whole=True)
    except InputError as e:
        _err_console().print(f"[red]error:[/red] {e}", highlight=False, soft_wrap=True)
        raise typer.Exit(1)
    for p in problems:
        _err_console().print(f"[red]error:[/red] {p}", highlight=False, soft_wrap=True)
    return kg, bool(problems)


_INPUT_PROBLEMS: list[str] = []


def _exit_code(error: Exception) -> int:
    """1 for inputs that hold no corpus (an input problem), 2 for a usage problem."""
    from fengong.graph.inputs import InputError

    return 1 if isinstance(error, InputError) else 2


def _query_graph(inputs, aliases, whole: bool = False):
    """The graph of a question's inputs (documents, a build --output folder or a bulk folder; with
    ``whole``, not a bulk folder, whose shared graph holds no tasks); files that could not be read
    are reported and make the command exit 1 after it answers."""
    from fengong.graph.inputs import open_graph

    kg, problems = open_graph(inputs, aliases or [], whole=whole)
    for p in problems:
        _err_console().print(f"[red]error:[/red] {p}", highlight=False, soft_wrap=True)
    _INPUT_PROBLEMS.extend(problems)
    return kg


def _answer(ask, fmt: str, output, empty: str | None = None, **kw) -> None:
    """Run a question, print or write the answer; unknown names and bad values become clean errors;
    an empty answer says so (``empty``, else "no rows")."""
    from fengong.errors import FengongError
    from fengong.output import answer_format, write_answer

    _INPUT_PROBLEMS.clear()  # this command's own (a test runner calls many in one process)
    try:
        fmt = answer_format(fmt, output)  # checked before any work
        frame, extra = ask()
        path = None
        if frame.empty and not extra:
            _err_console().print(empty or "the answer is empty: nothing matches", highlight=False)
        if not (frame.empty and not extra and fmt == "table" and (output is None or str(output) == "-")):
            path = write_answer(frame, fmt, output, extra=extra, **kw)  # no empty table on the terminal
    except (FengongError, ValueError) as e:
        _err_console().print(f"[red]error:[/red] {e}", highlight=False, soft_wrap=True)
        raise typer.Exit(_exit_code(e))
    if path is not None:
        _err_console().print(f"wrote {path}", highlight=False)
    if _INPUT_PROBLEMS:  # answered from the files that could be read
        raise typer.Exit(1)


def _today(today: Optional[str]):
    from datetime import date

    return date.fromisoformat(today) if today else None


@app.command()
def workload(
    by: Optional[str] = typer.Option(None, "--by", help="document, year, month, quarter (of the deadline) or official."),
    year: Optional[int] = YearOpt,
    official: Optional[str] = typer.Option(None, "--official", help="Only tasks this official leads."),
    collectives: bool = typer.Option(True, "--collectives/--no-collectives", help="Show collective units (apart)."),
    top: Optional[int] = typer.Option(None, "--top", help="Only the first N units (of each group)."),
    format: Optional[str] = AnswerFormatOpt, output: Optional[Path] = AnswerOutputOpt,
    inputs: Optional[List[Path]] = InputOpt, aliases: Optional[List[Path]] = AliasesOpt,
) -> None:
    """Tasks per unit: responsible (first-listed / any), assisting, weighted share; ranked."""
    from fengong.graph.queries.workload import workload as ask

    def run():
        frame = ask(_query_graph(inputs, aliases), by, year=year, official=official, collectives=collectives)
        if top:
            frame = frame[frame["rank"].fillna(10**9) <= top] if by is None else frame.groupby("group").head(top)
        return frame, None

    _answer(run, format, output, title="Workload per unit")


@app.command()
def unit(
    name: str = typer.Argument(..., help="A unit's name or alias, e.g. 区生态环境局 or 区发改委."),
    year: Optional[int] = YearOpt,
    today: Optional[str] = typer.Option(None, "--today", help="Date deadlines are measured from (YYYY-MM-DD; "
                                        "default: today)."),
    format: Optional[str] = AnswerFormatOpt, output: Optional[Path] = AnswerOutputOpt,
    inputs: Optional[List[Path]] = InputOpt, aliases: Optional[List[Path]] = AliasesOpt,
) -> None:
    """A unit's full responsibilities: every task it leads or assists, upcoming deadlines first."""
    from fengong.graph.queries.responsibilities import responsibilities

    def run():
        return responsibilities(_query_graph(inputs, aliases), name, today=_today(today), year=year), None

    _answer(run, format, output, sheets_by="role", title=name)


@app.command()
def official(
    name: str = typer.Argument(..., help="An official's name, e.g. 郑皓."),
    year: Optional[int] = YearOpt,
    today: Optional[str] = typer.Option(None, "--today", help="Date deadlines are measured from (YYYY-MM-DD)."),
    format: Optional[str] = AnswerFormatOpt, output: Optional[Path] = AnswerOutputOpt,
    inputs: Optional[List[Path]] = InputOpt, aliases: Optional[List[Path]] = AliasesOpt,
) -> None:
    """An official's portfolio: the tasks they lead and the units they steer."""
    from fengong.graph.queries.responsibilities import official_tasks, official_units

    def run():
        kg = _query_graph(inputs, aliases)
        return (official_tasks(kg, name, today=_today(today), year=year),
                {"units": official_units(kg, name, year=year)})

    _answer(run, format, output, title="tasks")


@app.command()
def deadlines(
    period: str = typer.Argument(..., help="A month (2023-06), a quarter (2023Q2) or a year (2023)."),
    unit_name: Optional[str] = typer.Option(None, "--unit", help="Only this unit."),
    role: Optional[Role] = typer.Option(None, "--role", help="Only tasks the unit is responsible for or assists."),
    format: Optional[str] = AnswerFormatOpt, output: Optional[Path] = AnswerOutputOpt,
    inputs: Optional[List[Path]] = InputOpt, aliases: Optional[List[Path]] = AliasesOpt,
) -> None:
    """What falls due in a month, quarter or year, per unit."""
    from fengong.graph.queries.responsibilities import deadlines as ask

    def run():
        return ask(_query_graph(inputs, aliases), period, unit=unit_name, role=role and role.value), None

    _answer(run, format, output, title=f"Due in {period}", empty=f"nothing falls due in {period}")


_NETWORKS = ("co", "lead-assist", "portfolio")
_MEASURES = ("pairs", "centrality", "communities", "core", "brokers", "summary", "phase")
# choices as enumerations: --help lists them and a wrong one is refused before any work (exit 2)
Network = Enum("Network", {n.replace("-", "_"): n for n in _NETWORKS}, type=str)
Measure = Enum("Measure", {m: m for m in _MEASURES}, type=str)
Role = Enum("Role", {"responsible": "responsible", "assisting": "assisting"}, type=str)


@app.command()
def coordination(
    measure: Measure = typer.Argument("pairs", help="What to measure."),
    network: Network = typer.Option("co", "--network", "-n", help="co (co-assignment), lead-assist (directed) or "
                                    "portfolio (official–unit)."),
    year: Optional[int] = YearOpt,
    document: Optional[str] = typer.Option(None, "--document", help="Only one document (文号, title or id) with its "
                                           "attachments."),
    keyword: Optional[str] = typer.Option(None, "--keyword", "-k", help="Only tasks whose text contains this term "
                                          "(e.g. 碳)."),
    roles: str = typer.Option("responsible,assisting", "--roles", help="Roles that make a tie (co network)."),
    by_role_pair: bool = typer.Option(False, "--by-role-pair", help="Split co-assignment pairs by role pair."),
    collectives: bool = typer.Option(False, "--collectives/--no-collectives", help="Include collective units."),
    before: int = typer.Option(2022, "--before", help="Earlier phase (for phase)."),
    after: int = typer.Option(2023, "--after", help="Later phase (for phase)."),
    top: Optional[int] = typer.Option(None, "--top", help="Only the first N rows."),
    format: Optional[str] = AnswerFormatOpt, output: Optional[Path] = AnswerOutputOpt,
    inputs: Optional[List[Path]] = InputOpt, aliases: Optional[List[Path]] = AliasesOpt,
) -> None:
    """Coordination between units: co-assignment pairs, lead→assist ties, official portfolios, and
    centrality, communities, core–periphery, brokers and 2022→2023 change on those networks."""
    from fengong.graph.queries import coordination as c

    measure, network = measure.value, network.value

    def run():
        import pandas as pd

        kg = _query_graph(inputs, aliases)
        extra = None
        if measure == "phase":
            parts = c.phase_comparison(kg, before, after, include_collectives=collectives,
                                       roles=tuple(r.strip() for r in roles.split(",") if r.strip()))
            frame, extra = parts["units"], {k: v for k, v in parts.items() if k != "units"}
        elif network == "portfolio":
            if measure == "pairs":
                frame = c.portfolio(kg, year=year, include_collectives=collectives)
            else:
                g = c.portfolio_graph(kg, year=year, include_collectives=collectives)
        else:
            filters = dict(year=year, document=document, keyword=keyword, include_collectives=collectives)
            if network == "co":
                filters["roles"] = tuple(r.strip() for r in roles.split(",") if r.strip())
                if measure == "pairs":
                    frame = c.co_assignment(kg, by_role_pair=by_role_pair, **filters)
                else:
                    g = c.co_assignment_graph(kg, **filters)
            elif measure == "pairs":
                frame = c.lead_assist(kg, **filters)
            else:
                g = c.lead_assist_graph(kg, **filters)
        if measure not in ("pairs", "phase"):
            if measure == "summary":
                frame = pd.DataFrame([c.summary(g)])
            else:
                frame = {"centrality": c.centrality, "communities": c.communities, "core": c.core_periphery,
                         "brokers": c.brokers}[measure](g)
        if top:
            frame = frame.head(top)
            extra = {k: v.head(top) for k, v in extra.items()} if extra else None
        return frame, extra

    _answer(run, format, output, title=f"{measure} ({network} network)")


# ---------------------------------------------------------------- Neo4j
UriOpt = typer.Option(None, "--uri", envvar="NEO4J_URI", help="Bolt address (default bolt://localhost:7687; env NEO4J_URI).")
UserOpt = typer.Option(None, "--user", envvar="NEO4J_USER", help="User (default neo4j; env NEO4J_USER).")
PasswordOpt = typer.Option(None, "--password", envvar="NEO4J_PASSWORD", help="Password (env NEO4J_PASSWORD).")
DatabaseOpt = typer.Option(None, "--database", envvar="NEO4J_DATABASE", help="Database (default neo4j).")


def _neo4j_driver(uri, user, password, database):
    from fengong.graph.neo4j import Neo4jError, Neo4jTarget, connect

    target = Neo4jTarget.from_env(uri, user, password, database)
    try:
        return target, connect(target)
    except Neo4jError as e:
        _err_console().print(f"[red]error:[/red] {e}", highlight=False, soft_wrap=True)
        raise typer.Exit(2)


@neo4j_app.command("load")
def neo4j_load(
    inputs: Optional[List[Path]] = InputOpt, aliases: Optional[List[Path]] = AliasesOpt,
    uri: Optional[str] = UriOpt, user: Optional[str] = UserOpt, password: Optional[str] = PasswordOpt,
    database: Optional[str] = DatabaseOpt,
    replace: bool = typer.Option(False, "--replace", help="First delete everything fengong loaded before."),
    batch_size: int = typer.Option(5000, "--batch-size", help="Rows per transaction."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Load the graph: constraints first, then batched MERGE (loading twice changes nothing)."""
    import time

    from rich.progress import Progress

    from fengong.errors import FengongError
    from fengong.graph import neo4j as fn

    _INPUT_PROBLEMS.clear()
    try:
        kg = _query_graph(inputs, aliases)
    except FengongError as e:
        _err_console().print(f"[red]error:[/red] {e}", highlight=False, soft_wrap=True)
        raise typer.Exit(_exit_code(e))
    target, driver = _neo4j_driver(uri, user, password, database)
    with driver:
        if replace:
            fn.clear(driver, target.database)
        total = len(kg.nodes) + len(kg.edges)
        began = time.perf_counter()
        if quiet:
            sent = fn.load(kg, driver, target.database, batch_size)
        else:
            with Progress(transient=True, console=_err_console()) as bar:
                task = bar.add_task("loading into Neo4j", total=total)
                sent = fn.load(kg, driver, target.database, batch_size, progress=lambda n: bar.advance(task, n))
        took = time.perf_counter() - began
        stored = fn.counts(driver, target.database)
    typer.echo(f"merged {sent['nodes']} nodes and {sent['relationships']} relationships in {took:.1f} s; "
               f"{target.database} now holds {sum(stored['nodes'].values())} fengong nodes and "
               f"{sum(stored['edges'].values())} relationships")
    if _INPUT_PROBLEMS:
        raise typer.Exit(1)


@neo4j_app.command("counts")
def neo4j_counts(uri: Optional[str] = UriOpt, user: Optional[str] = UserOpt, password: Optional[str] = PasswordOpt,
                 database: Optional[str] = DatabaseOpt) -> None:
    """Nodes per label and relationships per type that fengong loaded."""
    from fengong.graph.neo4j import counts

    target, driver = _neo4j_driver(uri, user, password, database)
    with driver:
        c = counts(driver, target.database)
    for kind, values in c.items():
        for name, n in values.items():
            typer.echo(f"{kind}\t{name}\t{n}")


@neo4j_app.command("clear")
def neo4j_clear(uri: Optional[str] = UriOpt, user: Optional[str] = UserOpt, password: Optional[str] = PasswordOpt,
                database: Optional[str] = DatabaseOpt) -> None:
    """Delete everything fengong loaded (nodes labelled Fengong and their relationships), nothing else."""
    from fengong.graph.neo4j import clear

    target, driver = _neo4j_driver(uri, user, password, database)
    with driver:
        n = clear(driver, target.database)
    typer.echo(f"deleted {n} fengong nodes from {target.database}")


@app.command("map")
def map_(
    kind: str = typer.Argument(..., help="network, unit, official, document, coordination or lead-assist."),
    unit_name: Optional[str] = typer.Option(None, "--unit", help="The unit of a unit map (name or alias)."),
    official_name: Optional[str] = typer.Option(None, "--official", help="The official of an official map."),
    document: Optional[str] = typer.Option(None, "--document", help="A document (文号, title or id): the "
                                           "document map's document, or a filter for the others."),
    year: Optional[int] = typer.Option(None, "--year", help="Only tasks of this year."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="map-<kind>.html (interactive, offline), "
                                          ".png or .svg (a 16:9 slide picture)."),
    inputs: Optional[List[Path]] = InputOpt, aliases: Optional[List[Path]] = AliasesOpt,
) -> None:
    """An interactive map (one offline HTML file) or a slide picture (PNG/SVG) of the graph."""
    from fengong.errors import FengongError
    from fengong.viz.maps import write_map
    from fengong.viz.static import write_picture

    path = output or Path(f"map-{kind}.html")
    kw = dict(unit=unit_name, official=official_name, document=document, year=year)
    _INPUT_PROBLEMS.clear()
    try:
        kg = _query_graph(inputs, aliases, whole=True)
        if path.suffix.lower() in (".png", ".svg"):
            write_picture(kg, path, kind, **kw)
        else:
            write_map(kg, path, kind, **kw)
    except (FengongError, ValueError) as e:
        _err_console().print(f"[red]error:[/red] {e}", highlight=False, soft_wrap=True)
        raise typer.Exit(_exit_code(e))
    _err_console().print(f"wrote {path}", highlight=False)
    if _INPUT_PROBLEMS:
        raise typer.Exit(1)


def _site_maps(kg):
    """The atlas's map writer: a unit's ego map, or the unit–unit coordination map."""
    from fengong.viz.maps import write_map

    def draw(kind: str, node_id, path) -> None:
        if kind == "unit":
            write_map(kg, path, "unit", unit=node_id)
        else:
            write_map(kg, path, kind)

    return draw


@app.command()
def site(
    out: Path = typer.Option(..., "--output", "-o", help="Folder for the atlas (created if needed; a rebuild replaces "
                             "its pages)."),
    today: Optional[str] = typer.Option(None, "--today", help="Date deadlines are measured from (YYYY-MM-DD; "
                                        "default: today)."),
    maps: bool = typer.Option(True, "--maps/--no-maps", help="Draw each unit's ego map and the coordination map."),
    inputs: Optional[List[Path]] = InputOpt, aliases: Optional[List[Path]] = AliasesOpt,
) -> None:
    """The atlas: a static website of units, officials, documents and coordination that opens from a
    folder or a zip file (no server, nothing fetched from the internet)."""
    from fengong.errors import FengongError
    from fengong.viz.site import build_site

    _INPUT_PROBLEMS.clear()
    try:
        kg = _query_graph(inputs, aliases, whole=True)
        files = build_site(kg, out, today=_today(today), maps=_site_maps(kg) if maps else None)
    except (FengongError, ValueError, OSError) as e:
        _err_console().print(f"[red]error:[/red] {e}", highlight=False, soft_wrap=True)
        raise typer.Exit(_exit_code(e))
    _err_console().print(f"wrote {len(files)} files; open {out / 'index.html'}", highlight=False)
    if _INPUT_PROBLEMS:
        raise typer.Exit(1)


@app.command()
def synth(
    tasks: int = typer.Option(..., "--tasks", "-n", min=1, help="How many tasks to write (documents of 50–300 "
                              "tasks each)."),
    out: Path = typer.Option(..., "--output", "-o", help="Folder: plans go to OUTPUT/docs/, their records to "
                             "OUTPUT/expected.jsonl (earlier plan-*.txt there are replaced)."),
    seed: int = typer.Option(0, "--seed", help="Same seed, same bytes."),
    jurisdictions: Optional[int] = typer.Option(None, "--jurisdictions", help="Spread the plans over the first N "
                                                "districts (default: all ten)."),
    workers: Optional[int] = typer.Option(None, "--workers", "-j", help="Processes writing documents (default: one "
                                          "per CPU, at most 4, from 50,000 tasks on)."),
) -> None:
    """A synthetic corpus of realistic plans with known records, for scale benchmarks: build OUT/docs and
    compare with OUT/expected.jsonl."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from fengong.synth import synthesize

    try:
        with Progress(TextColumn("writing tasks"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                      transient=True, console=_err_console(), disable=tasks < 20_000) as bar:
            task = bar.add_task("synth", total=tasks)
            summary = synthesize(tasks, out, seed=seed, jurisdictions=jurisdictions, workers=workers,
                                 progress=lambda n: bar.advance(task, n))
    except (ValueError, OSError) as e:
        _err_console().print(f"[red]error:[/red] {e}", highlight=False, soft_wrap=True)
        raise typer.Exit(2)
    typer.echo(summary.line())


def main() -> None:
    app()


if __name__ == "__main__":
    main()
