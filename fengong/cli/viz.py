"""Pictures and pages: ``map``, ``site``; and ``synth``, the synthetic corpus."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from fengong.cli.common import (
    _INPUT_PROBLEMS,
    AliasesOpt,
    InputOpt,
    _err_console,
    _exit_code,
    _query_graph,
    _today,
    app,
)


@app.command("map")
def map_(
    kind: str = typer.Argument(
        ...,
        help="Briefing pictures: unit, official (portfolio), coordination (strongest "
        "ties), matrix (shared tasks), workload (ranking). Explorers: network, document, "
        "lead-assist (and unit, official, coordination with --explore).",
    ),
    unit_name: str | None = typer.Option(None, "--unit", help="The unit of a unit map (name or alias)."),
    official_name: str | None = typer.Option(None, "--official", help="The official of an official map."),
    document: str | None = typer.Option(
        None,
        "--document",
        help="A document (文号, title or id): the document map's document, or a filter for the others.",
    ),
    year: int | None = typer.Option(None, "--year", help="Only tasks of this year."),
    ties: int = typer.Option(60, "--ties", min=1, help="coordination: how many of the strongest ties to draw."),
    top: int = typer.Option(25, "--top", min=1, help="matrix, workload, official: how many units."),
    explore: bool = typer.Option(
        False,
        "--explore",
        help="An interactive explorer (zoom, search, filters) instead of the briefing picture (.html only).",
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="map-<kind>.html, .png or .svg (1920×1080 slide picture)."
    ),
    inputs: list[Path] | None = InputOpt,
    aliases: list[Path] | None = AliasesOpt,
) -> None:
    """A briefing picture (PNG, SVG, or HTML with its numbers) or an interactive explorer (HTML) of the graph."""
    from fengong.errors import FengongError
    from fengong.viz.briefing import PICTURES
    from fengong.viz.maps import KINDS

    kinds = sorted(set(KINDS) | set(PICTURES), key=lambda k: (k not in PICTURES, k))
    if kind not in kinds:  # checked before any work, like every choice
        raise typer.BadParameter(f"{kind!r} is not one of {', '.join(kinds)}", param_hint="kind")
    path = output or Path(f"map-{kind}.html")
    suffix = path.suffix.lower()
    if suffix not in (".html", ".htm", ".png", ".svg"):
        raise typer.BadParameter(f"{path.name}: a map is .html, .png or .svg", param_hint="--output")
    if explore and (suffix not in (".html", ".htm") or kind not in KINDS):
        raise typer.BadParameter(
            "--explore draws an .html explorer of network, document, lead-assist, unit, official or coordination",
            param_hint="--explore",
        )
    briefing = kind in PICTURES and not explore
    _INPUT_PROBLEMS.clear()
    try:
        kg = _query_graph(inputs, aliases, whole=True)
        if briefing:
            from fengong.viz.slides import write_slide

            choices: dict[str, dict[str, Any]] = {
                "unit": dict(unit=unit_name, year=year, document=document),
                "official": dict(official=official_name, top=top, year=year, document=document),
                "coordination": dict(ties=ties, year=year, document=document),
                "matrix": dict(top=top, year=year, document=document),
                "workload": dict(top=top, year=year),
            }
            kw = choices[kind]
            if kind in ("unit", "official") and not (unit_name if kind == "unit" else official_name):
                raise typer.BadParameter(f"a {kind} picture needs --{kind}", param_hint=f"--{kind}")
            write_slide(kg, path, kind, **kw)
        else:
            focus: dict[str, Any] = dict(unit=unit_name, official=official_name, document=document, year=year)
            if suffix in (".png", ".svg"):
                from fengong.viz.static import write_picture

                write_picture(kg, path, kind, **focus)
            else:
                from fengong.viz.page import write_map

                write_map(kg, path, kind, **focus)
    except (FengongError, ValueError) as e:
        _err_console().print(f"[red]error:[/red] {e}", highlight=False, soft_wrap=True)
        raise typer.Exit(_exit_code(e)) from None
    _err_console().print(f"wrote {path}", highlight=False)
    if _INPUT_PROBLEMS:
        raise typer.Exit(1)


def _site_maps(kg):
    """The atlas's picture writer: a unit's picture, the coordination, matrix and workload pictures
    (SVG), and the coordination explorer (HTML using the atlas's one copy of vis-network)."""
    from fengong.viz.page import write_map
    from fengong.viz.slides import write_slide

    def draw(kind: str, node_id, path) -> None:
        if path.suffix == ".html":
            write_map(kg, path, kind, assets="../assets/")
        elif kind == "unit":
            write_slide(kg, path, "unit", unit=node_id)
        else:
            write_slide(kg, path, kind)

    return draw


@app.command()
def site(
    out: Path = typer.Option(
        ..., "--output", "-o", help="Folder for the atlas (created if needed; a rebuild replaces its pages)."
    ),
    today: str | None = typer.Option(
        None, "--today", help="Date deadlines are measured from (YYYY-MM-DD; default: today)."
    ),
    maps: bool = typer.Option(True, "--maps/--no-maps", help="Draw each unit's ego map and the coordination map."),
    inputs: list[Path] | None = InputOpt,
    aliases: list[Path] | None = AliasesOpt,
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
        raise typer.Exit(_exit_code(e)) from None
    _err_console().print(f"wrote {len(files)} files; open {out / 'index.html'}", highlight=False)
    if _INPUT_PROBLEMS:
        raise typer.Exit(1)


@app.command()
def synth(
    tasks: int = typer.Option(
        ..., "--tasks", "-n", min=1, help="How many tasks to write (documents of 50–300 tasks each)."
    ),
    out: Path = typer.Option(
        ...,
        "--output",
        "-o",
        help="Folder: plans go to OUTPUT/docs/, their records to "
        "OUTPUT/expected.jsonl (earlier plan-*.txt there are replaced).",
    ),
    seed: int = typer.Option(0, "--seed", help="Same seed, same bytes."),
    jurisdictions: int | None = typer.Option(
        None, "--jurisdictions", help="Spread the plans over the first N districts (default: all ten)."
    ),
    workers: int | None = typer.Option(
        None,
        "--workers",
        "-j",
        help="Processes writing documents (default: one per CPU, at most 4, from 50,000 tasks on).",
    ),
) -> None:
    """A synthetic corpus of realistic plans with known records, for scale benchmarks: build OUT/docs and
    compare with OUT/expected.jsonl."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from fengong.synth import synthesize

    try:
        with Progress(
            TextColumn("writing tasks"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            transient=True,
            console=_err_console(),
            disable=tasks < 20_000,
        ) as bar:
            task = bar.add_task("synth", total=tasks)
            summary = synthesize(
                tasks,
                out,
                seed=seed,
                jurisdictions=jurisdictions,
                workers=workers,
                progress=lambda n: bar.advance(task, n),
            )
    except (ValueError, OSError) as e:
        _err_console().print(f"[red]error:[/red] {e}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    typer.echo(summary.line())
