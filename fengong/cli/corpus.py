"""Commands that read documents into records: ``build`` and ``doctor``."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from fengong.cli.common import (
    AliasesOpt,
    InputOpt,
    PathsArg,
    _build,
    _build_bulk,
    _chosen_format,
    _err_console,
    _graph,
    _inputs,
    app,
)


@app.command()
def build(
    paths: list[Path] | None = PathsArg,
    inputs: list[Path] | None = InputOpt,
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        help="Write records, the graph (RDF, GraphML, GEXF, node-link JSON), tables and the ontology here.",
    ),
    aliases: list[Path] | None = AliasesOpt,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing but errors."),
    strict: bool = typer.Option(
        False, "--strict", help="Exit non-zero on warnings, unparsed lines or unreadable files."
    ),
    workers: int | None = typer.Option(
        None,
        "--workers",
        "-j",
        help="Processes that read and parse files (default: one per CPU for a big corpus, 1 for a few small files).",
    ),
    bulk: bool = typer.Option(
        False,
        "--bulk",
        help="A large corpus: build file by file in parallel and stream "
        "records, graph.nt and tables to --output (no cross-document links, no GraphML); "
        "query it with --input OUTPUT.",
    ),
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
        from fengong.files import replace_outputs
        from fengong.graph.export import write_graph_files

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
            console.print(
                f"{name} ({c['encoding']}): {c['lines']} lines, {accounted / max(1, c['lines']):.1%} accounted for "
                f"({c['record']} in records, {c['boilerplate']} boilerplate, {c['duplicate']} duplicate, "
                f"{c['blank']} blank, {c['unparsed']} unparsed)",
                highlight=False,
                soft_wrap=True,
            )
        for w in corpus.warnings:
            _err_console().print(f"[yellow]warning:[/yellow] {w}", highlight=False, soft_wrap=True)
        console.print(
            f"{len(corpus.tasks)} tasks, {len(corpus.assessments)} assessment items, "
            f"{len(corpus.report_items)} report items from {len(corpus.files)} files",
            highlight=False,
        )
        if kg is not None:
            counts = kg.counts()
            console.print(
                "graph: "
                + ", ".join(f"{v} {k}" for k, v in counts["nodes"].items())
                + "; "
                + ", ".join(f"{v} {k}" for k, v in counts["edges"].items())
                + f" → {output}",
                highlight=False,
                soft_wrap=True,
            )
    unparsed = sum(c["unparsed"] for c in corpus.coverage().values())
    if corpus.errors or (strict and (corpus.warnings or unparsed)):
        raise typer.Exit(1)


_DOCTOR_FORMATS = ("table", "jsonl", "json", "csv")


@app.command()
def doctor(
    paths: list[Path] | None = PathsArg,
    inputs: list[Path] | None = InputOpt,
    format: str | None = typer.Option(
        None, "--format", "-f", help="table, jsonl, json or csv (default: table, or what --output's suffix says)."
    ),
    output: Path | None = typer.Option(None, "--output", "-o", help="File to write (default: the terminal)."),
    check: list[str] | None = typer.Option(
        None,
        "--check",
        "-c",
        help="Only this check (repeatable): split-ambiguous, name-glued, unit-seen-once, … (see README).",
    ),
    aliases: list[Path] | None = AliasesOpt,
    strict: bool = typer.Option(False, "--strict", help="Exit 1 when any warning is found (info does not count)."),
    workers: int | None = typer.Option(None, "--workers", "-j", help="Processes that read and parse files."),
) -> None:
    """Check a corpus for suspicious records: guessed 主责/协办 splits, glued or cut names, units and
    officials seen once, tasks without units or lead, deadlines before the document date, duplicate numbers, assignment lines no task took."""
    paths = _inputs(paths, inputs)
    from collections import Counter

    from fengong.build.export import write_file, write_rows
    from fengong.doctor import CHECKS, diagnose
    from fengong.graph.resolve import Resolver

    format = _chosen_format(format, output, {".jsonl": "jsonl", ".json": "json", ".csv": "csv"}, "table")
    unknown = [c for c in check or [] if c not in CHECKS]
    if unknown:
        raise typer.BadParameter(
            f"unknown check {', '.join(unknown)}; choose from {', '.join(CHECKS)}", param_hint="--check"
        )
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

        console = Console(file=output.open("w", encoding="utf-8") if output else None, width=200 if output else None)
        if findings:
            table = Table(title=f"fengong doctor: {len(findings)} findings")
            for col in ("severity", "check", "where", "document", "task", "subject", "message", "suggestion"):
                table.add_column(col, overflow="fold")
            for f in findings:
                where = f"{f.file}:{f.line}" + (f"-{f.line_end}" if f.line_end != f.line else "")
                table.add_row(
                    "[yellow]warning[/yellow]" if f.severity == "warning" else "info",
                    f.check,
                    where,
                    f.document or "",
                    f.task or "",
                    f.subject,
                    f.message,
                    f.suggestion or "",
                )
            console.print(table)
        counts = Counter((f.check, f.severity) for f in findings)
        for c in check or CHECKS:
            w, i = counts[(c, "warning")], counts[(c, "info")]
            console.print(f"{c}: {w} warning{'s' * (w != 1)}, {i} info — {CHECKS[c]}", highlight=False, soft_wrap=True)
        warnings = sum(1 for f in findings if f.severity == "warning")
        console.print(
            f"{warnings} warning{'s' * (warnings != 1)}, {len(findings) - warnings} info in "
            f"{len(corpus.tasks)} tasks from {len(corpus.files)} file{'s' * (len(corpus.files) != 1)}",
            highlight=False,
        )
        if output:
            console.file.close()
            _err_console().print(f"wrote {output}", highlight=False)
    warned = any(f.severity == "warning" for f in findings)
    if corpus.errors or (strict and warned):
        raise typer.Exit(1)
