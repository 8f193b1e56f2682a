"""Pictures and pages: ``map``, ``site``; and ``synth``, the synthetic corpus."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from fengong.cli.common import (AliasesOpt, InputOpt, _INPUT_PROBLEMS, _err_console, _exit_code, _query_graph, _today, app)


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

    from fengong.viz.maps import KINDS

    if kind not in KINDS:  # checked before any work, like every choice
        raise typer.BadParameter(f"{kind!r} is not one of {', '.join(KINDS)}", param_hint="kind")
    path = output or Path(f"map-{kind}.html")
    if path.suffix.lower() not in (".html", ".htm", ".png", ".svg"):
        raise typer.BadParameter(f"{path.name}: a map is .html (interactive) or .png/.svg (a slide picture)",
                                 param_hint="--output")
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
