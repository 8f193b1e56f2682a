"""The questions: ``sparql``, ``workload``, ``unit``, ``official``, ``deadlines``, ``coordination``."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path

import typer

from fengong.cli.common import (
    _INPUT_PROBLEMS,
    AliasesOpt,
    AnswerFormatOpt,
    AnswerOutputOpt,
    InputOpt,
    YearOpt,
    _answer,
    _err_console,
    _query_graph,
    _today,
    app,
)


@app.command()
def sparql(
    query: Path = typer.Argument(..., help="A file with a SPARQL SELECT query ('-' for standard input)."),
    paths: list[Path] | None = typer.Option(
        None, "--input", "-i", help="Documents to read (default: the sample corpus)."
    ),
    param: list[str] | None = typer.Option(
        None,
        "--param",
        "-p",
        help="Bind ?name to a value: name=value "
        "(2023 is an integer, 区财政局@zh a Chinese label, a node id "
        "its node). Repeatable.",
    ),
    format: str | None = typer.Option(
        None,
        "--format",
        "-f",
        help="table, csv, json, xlsx or markdown (default: --output's suffix, else a table on the terminal).",
    ),
    output: Path | None = typer.Option(None, "--output", "-o", help="File to write (default: the terminal)."),
    aliases: list[Path] | None = AliasesOpt,
) -> None:
    """Run a SPARQL query over the graph (Oxigraph); values are bound as parameters, never pasted in."""
    from fengong.graph.inputs import open_triples
    from fengong.graph.sparql import select, typed_value

    text = sys.stdin.read() if str(query) == "-" else query.read_text(encoding="utf-8")
    params = {}
    for p in param or []:
        name, sep, value = p.partition("=")
        if not sep:
            raise typer.BadParameter(f"expected name=value, got {p!r}", param_hint="--param")
        params[name] = typed_value(value)

    def run():
        store, problems = open_triples(paths, aliases or [])
        for p in problems:
            _err_console().print(f"[red]error:[/red] {p}", highlight=False, soft_wrap=True)
        _INPUT_PROBLEMS.extend(problems)
        try:
            return select(store, text, **params), None
        except SyntaxError as e:
            raise ValueError(str(e)) from None

    _answer(run, format, output, title=query.stem if str(query) != "-" else "answer", every_column=True)


@app.command()
def workload(
    by: str | None = typer.Option(None, "--by", help="document, year, month, quarter (of the deadline) or official."),
    year: int | None = YearOpt,
    official: str | None = typer.Option(None, "--official", help="Only tasks this official leads."),
    collectives: bool = typer.Option(True, "--collectives/--no-collectives", help="Show collective units (apart)."),
    top: int | None = typer.Option(None, "--top", help="Only the first N units (of each group)."),
    format: str | None = AnswerFormatOpt,
    output: Path | None = AnswerOutputOpt,
    inputs: list[Path] | None = InputOpt,
    aliases: list[Path] | None = AliasesOpt,
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
    year: int | None = YearOpt,
    today: str | None = typer.Option(
        None, "--today", help="Date deadlines are measured from (YYYY-MM-DD; default: today)."
    ),
    format: str | None = AnswerFormatOpt,
    output: Path | None = AnswerOutputOpt,
    inputs: list[Path] | None = InputOpt,
    aliases: list[Path] | None = AliasesOpt,
) -> None:
    """A unit's full responsibilities: every task it leads or assists, upcoming deadlines first."""
    from fengong.graph.queries.responsibilities import responsibilities

    def run():
        return responsibilities(_query_graph(inputs, aliases), name, today=_today(today), year=year), None

    _answer(run, format, output, sheets_by="role", title=name)


@app.command()
def official(
    name: str = typer.Argument(..., help="An official's name, e.g. 郑皓."),
    year: int | None = YearOpt,
    today: str | None = typer.Option(None, "--today", help="Date deadlines are measured from (YYYY-MM-DD)."),
    format: str | None = AnswerFormatOpt,
    output: Path | None = AnswerOutputOpt,
    inputs: list[Path] | None = InputOpt,
    aliases: list[Path] | None = AliasesOpt,
) -> None:
    """An official's portfolio: the tasks they lead and the units they steer."""
    from fengong.graph.queries.responsibilities import official_tasks, official_units

    def run():
        kg = _query_graph(inputs, aliases)
        return (
            official_tasks(kg, name, today=_today(today), year=year),
            {"units": official_units(kg, name, year=year)},
        )

    _answer(run, format, output, title="tasks")


@app.command()
def deadlines(
    period: str = typer.Argument(..., help="A month (2023-06), a quarter (2023Q2) or a year (2023)."),
    unit_name: str | None = typer.Option(None, "--unit", help="Only this unit."),
    role: Role | None = typer.Option(None, "--role", help="Only tasks the unit is responsible for or assists."),
    format: str | None = AnswerFormatOpt,
    output: Path | None = AnswerOutputOpt,
    inputs: list[Path] | None = InputOpt,
    aliases: list[Path] | None = AliasesOpt,
) -> None:
    """What falls due in a month, quarter or year, per unit."""
    from fengong.graph.queries.responsibilities import deadlines as ask

    def run():
        return ask(_query_graph(inputs, aliases), period, unit=unit_name, role=role and role.value), None

    _answer(run, format, output, title=f"Due in {period}", empty=f"nothing falls due in {period}")


_NETWORKS = ("co", "lead-assist", "portfolio")
_MEASURES = ("pairs", "centrality", "communities", "core", "brokers", "summary", "phase")
# choices as enumerations: --help lists them and a wrong one is refused before any work (exit 2)
Network = Enum("Network", {n.replace("-", "_"): n for n in _NETWORKS}, type=str)  # type: ignore[misc]  # choices from data
Measure = Enum("Measure", {m: m for m in _MEASURES}, type=str)  # type: ignore[misc]  # choices from data
Role = Enum("Role", {"responsible": "responsible", "assisting": "assisting"}, type=str)


@app.command()
def coordination(
    measure: Measure = typer.Argument("pairs", help="What to measure."),
    network: Network = typer.Option(
        "co", "--network", "-n", help="co (co-assignment), lead-assist (directed) or portfolio (official–unit)."
    ),
    year: int | None = YearOpt,
    document: str | None = typer.Option(
        None, "--document", help="Only one document (文号, title or id) with its attachments."
    ),
    keyword: str | None = typer.Option(
        None, "--keyword", "-k", help="Only tasks whose text contains this term (e.g. 碳)."
    ),
    roles: str = typer.Option("responsible,assisting", "--roles", help="Roles that make a tie (co network)."),
    by_role_pair: bool = typer.Option(False, "--by-role-pair", help="Split co-assignment pairs by role pair."),
    collectives: bool = typer.Option(False, "--collectives/--no-collectives", help="Include collective units."),
    before: int = typer.Option(2022, "--before", help="Earlier phase (for phase)."),
    after: int = typer.Option(2023, "--after", help="Later phase (for phase)."),
    top: int | None = typer.Option(None, "--top", help="Only the first N rows."),
    format: str | None = AnswerFormatOpt,
    output: Path | None = AnswerOutputOpt,
    inputs: list[Path] | None = InputOpt,
    aliases: list[Path] | None = AliasesOpt,
) -> None:
    """Coordination between units: co-assignment pairs, lead→assist ties, official portfolios, and
    centrality, communities, core–periphery, brokers and 2022→2023 change on those networks."""
    from fengong.graph.queries import coordination as c
    from fengong.graph.queries import measures as m
    from fengong.graph.queries.base import with_jurisdictions
    from fengong.graph.queries.phases import phase_comparison

    measure, network = measure.value, network.value

    def run():
        import pandas as pd

        kg = _query_graph(inputs, aliases)
        extra = None
        if measure == "phase":
            parts = phase_comparison(
                kg,
                before,
                after,
                include_collectives=collectives,
                roles=tuple(r.strip() for r in roles.split(",") if r.strip()),
            )
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
                frame = pd.DataFrame([m.summary(g)])
            else:
                frame = {
                    "centrality": m.centrality,
                    "communities": m.communities,
                    "core": m.core_periphery,
                    "brokers": m.brokers,
                }[measure](g)
        if top:
            frame = frame.head(top)
            extra = {k: v.head(top) for k, v in extra.items()} if extra else None
        # every unit with its jurisdiction: namesakes of two districts are told apart
        frame = with_jurisdictions(kg, frame)
        extra = {k: with_jurisdictions(kg, v) for k, v in extra.items()} if extra else None
        return frame, extra

    _answer(run, format, output, title=f"{measure} ({network} network)")
