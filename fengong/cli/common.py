"""What every command shares: the app and its sub-apps, the options for documents, outputs and
formats, reading inputs (documents, a build folder, a bulk folder) and printing or writing answers
with the exit codes of the grammar (0 done, 1 an input problem, 2 a usage problem)."""

from __future__ import annotations

from pathlib import Path

import typer

app = typer.Typer(
    help="fengong (分工): government units, officials, tasks and documents as a knowledge graph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)
export_app = typer.Typer(help="Export what the builder found.", no_args_is_help=True)
app.add_typer(export_app, name="export")
neo4j_app = typer.Typer(
    help="Load the graph into Neo4j (Bolt), count or clear what fengong loaded.", no_args_is_help=True
)
app.add_typer(neo4j_app, name="neo4j")

PathsArg = typer.Argument(None, help="Files or folders to read (default: the built-in sample corpus).")
InputOpt = typer.Option(
    None,
    "--input",
    "-i",
    help="Documents to read (files or folders; a `build --output` or "
    "`--bulk` folder for questions; default: the sample corpus). Repeatable.",
)


def _inputs(paths: list[Path] | None, inputs: list[Path] | None) -> list[Path] | None:
    """Documents given as arguments and with --input: every command takes both ways."""
    both = [*(paths or []), *(inputs or [])]
    return both or None


def _version(show: bool) -> None:
    if show:
        from fengong import __version__

        typer.echo(f"fengong {__version__}")
        raise typer.Exit(0)


@app.callback()
def _options(
    roles: list[Path] | None = typer.Option(
        None,
        "--role-words",
        help="Your own government's role labels and words (a TOML file of the form of "
        "fengong/build/roles.toml), added to fengong's; for every command that reads "
        "documents.",
    ),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print fengong's version and exit."
    ),
) -> None:
    if roles:
        from fengong.build import roles as role_vocabulary
        from fengong.errors import FengongError

        try:
            role_vocabulary.configure(roles)
        except FengongError as e:
            _err_console().print(f"[red]error:[/red] {e}", highlight=False, soft_wrap=True)
            raise typer.Exit(2) from None


def _build(paths: list[Path] | None, quiet: bool, workers: int | None = None):
    from rich.progress import Progress

    from fengong.build import build_paths, iter_input_files
    from fengong.data import SAMPLE_CORPUS
    from fengong.graph.inputs import InputError, documents_only

    try:
        documents_only(paths)
    except InputError as e:
        _err_console().print(f"[red]error:[/red] {e}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
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
        raise typer.Exit(1) from None
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
        _err_console().print(
            f"{summary.files} files, {summary.tasks} tasks, {summary.triples} triples, "
            f"{summary.unparsed} unparsed lines in {time.perf_counter() - t:.1f} s → {output}",
            highlight=False,
        )
    if summary.errors or (strict and (summary.warnings or summary.unparsed)):
        raise typer.Exit(1)


AliasesOpt = typer.Option(
    None,
    "--aliases",
    help="Your own unit alias table (CSV, columns as fengong/data/units.csv); repeatable, later files win.",
)


def _graph(corpus, aliases: list[Path] | None):
    from fengong.graph.assemble import build_graph
    from fengong.graph.resolve import Resolver

    return build_graph(corpus, Resolver.load(aliases or []))


def _err_console():
    from rich.console import Console

    return Console(stderr=True)


def _chosen_format(fmt, output, suffixes: dict, default: str) -> str:
    """The output's format from --format or the file's suffix; a usage error (exit 2) otherwise."""
    from fengong.output import choose_format

    try:
        return choose_format(fmt, output, suffixes, default)
    except ValueError as e:
        raise typer.BadParameter(str(e), param_hint="--format") from None


FormatOpt = typer.Option(None, "--format", "-f", help="jsonl, json or csv (default: --output's suffix, else jsonl).")
OutputOpt = typer.Option(None, "--output", "-o", help="File to write ('-' or none: standard output).")


# ---------------------------------------------------------------- questions
AnswerFormatOpt = typer.Option(
    None,
    "--format",
    "-f",
    help="table, csv, json, xlsx or markdown (default: --output's suffix, else a table on the terminal).",
)
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
        raise typer.Exit(1) from None
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


def _answer(ask, fmt: str | None, output, empty: str | None = None, **kw) -> None:
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
        raise typer.Exit(_exit_code(e)) from None
    if path is not None:
        _err_console().print(f"wrote {path}", highlight=False)
    if _INPUT_PROBLEMS:  # answered from the files that could be read
        raise typer.Exit(1)


def _today(today: str | None):
    from datetime import date

    return date.fromisoformat(today) if today else None
