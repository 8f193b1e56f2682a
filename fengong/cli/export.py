"""``fengong export …``: records as JSON Lines/JSON/CSV, the graph as RDF or a property graph, tables, Neo4j CSV."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path

import typer

from fengong.cli.common import (
    AliasesOpt,
    FormatOpt,
    InputOpt,
    OutputOpt,
    PathsArg,
    YearOpt,
    _build,
    _chosen_format,
    _err_console,
    _export_graph,
    _inputs,
    export_app,
)
from fengong.files import atomic_write

# names of the networks and role pairs only (a small module): --help lists the choices
from fengong.graph.queries.networks import NETWORKS, ROLE_PAIRS


def _export(kind: str, paths, fmt: str | None, output: Path | None) -> None:
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
    def command(
        paths: list[Path] | None = PathsArg,
        inputs: list[Path] | None = InputOpt,
        format: str | None = FormatOpt,
        output: Path | None = OutputOpt,
    ) -> None:
        _export(kind, _inputs(paths, inputs), format, output)

    command.__doc__ = _EXPORT_HELP[kind]
    command.__name__ = f"export_{kind.replace('-', '_')}"
    return command


# one export command per kind of row, all with the same options
for _kind in _EXPORT_HELP:
    export_app.command(_kind)(_export_command(_kind))

_GRAPH_HELP = {
    "rdf": (
        "ttl",
        ("ttl", "nt", "jsonld"),
        "The graph as RDF: Turtle, N-Triples or JSON-LD (with its context inline).",
    ),
    "graphml": ("graphml", ("graphml",), "The property graph as GraphML (yEd, Cytoscape, Neo4j apoc)."),
    "gexf": ("gexf", ("gexf",), "The property graph as GEXF, for Gephi."),
    "node-link": ("json", ("json",), "The property graph as networkx node-link JSON (d3 and friends)."),
}


def _graph_command(kind: str):
    default, formats, help_ = _GRAPH_HELP[kind]

    def command(
        paths: list[Path] | None = PathsArg,
        inputs: list[Path] | None = InputOpt,
        format: str | None = typer.Option(
            None, "--format", "-f", help=" or ".join(formats) + f" (default: --output's suffix, else {default})."
        ),
        output: Path | None = OutputOpt,
        aliases: list[Path] | None = AliasesOpt,
    ) -> None:
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
def export_tables(
    paths: list[Path] | None = PathsArg,
    inputs: list[Path] | None = InputOpt,
    output: Path = typer.Option(..., "--output", "-o", help="Folder for the CSV files."),
    aliases: list[Path] | None = AliasesOpt,
) -> None:
    """Units, officials, tasks, assignments, documents (and more) as CSV files, one per table."""
    paths = _inputs(paths, inputs)
    from fengong.graph.tables import write_tables

    kg, failed = _export_graph(paths, aliases)
    for path in write_tables(kg, output):
        typer.echo(path)
    if failed:
        raise typer.Exit(1)


@export_app.command("neo4j-csv")
def export_neo4j_csv(
    paths: list[Path] | None = PathsArg,
    inputs: list[Path] | None = InputOpt,
    output: Path = typer.Option(
        ..., "--output", "-o", help="Folder for the CSV files, import.sh and after_import.cypher."
    ),
    aliases: list[Path] | None = AliasesOpt,
) -> None:
    """CSV files for Neo4j's bulk importer (neo4j-admin database import full), with import.sh to run it."""
    paths = _inputs(paths, inputs)
    from fengong.graph.neo4j_csv import Neo4jCsvError, write_neo4j_csv

    kg, failed = _export_graph(paths, aliases)
    try:
        written = write_neo4j_csv(kg, output)
    except Neo4jCsvError as e:
        _err_console().print(f"[red]error:[/red] {e}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    for path in written:
        typer.echo(path)
    typer.echo(
        f"next: stop Neo4j, run sh {output / 'import.sh'} [DATABASE], start Neo4j, "
        f"then run {output / 'after_import.cypher'} (e.g. with cypher-shell -f)",
        err=True,
    )
    if failed:
        raise typer.Exit(1)


NetworkKind = Enum("NetworkKind", {n.replace("-", "_"): n for n in NETWORKS}, type=str)  # type: ignore[misc]  # choices from data
RolePair = Enum("RolePair", {p.replace("-", "_"): p for p in ROLE_PAIRS}, type=str)  # type: ignore[misc]  # choices from data


@export_app.command("network")
def export_network(
    kind: NetworkKind = typer.Argument(
        ...,
        help="co-assignment (units sharing tasks), lead-assist (responsible → "
        "assisting unit, directed) or portfolio (official – unit).",
    ),
    paths: list[Path] | None = PathsArg,
    inputs: list[Path] | None = InputOpt,
    format: str | None = typer.Option(
        None, "--format", "-f", help="gexf, graphml or json (default: --output's suffix, else gexf)."
    ),
    output: Path | None = OutputOpt,
    aliases: list[Path] | None = AliasesOpt,
    year: int | None = YearOpt,
    document: str | None = typer.Option(
        None, "--document", help="Only one document (文号, title or id) with its attachments."
    ),
    keyword: str | None = typer.Option(None, "--keyword", "-k", help="Only tasks whose text contains this term."),
    role_pair: RolePair | None = typer.Option(
        None, "--role-pair", help="Co-assignment: weigh ties by the tasks shared in these roles."
    ),
    collectives: bool = typer.Option(
        False, "--collectives/--no-collectives", help="Include collective units (各街道乡镇…)."
    ),
) -> None:
    """A researchers' network (GEXF for Gephi, GraphML for Cytoscape or yEd): units or officials with name, kind,
    jurisdiction, community and centrality; ties weighted by shared tasks."""
    from fengong.graph.property_graph import FORMATS, latest_date, network_bytes
    from fengong.graph.queries.coordination import QueryError
    from fengong.graph.queries.networks import research_network

    paths = _inputs(paths, inputs)
    fmt = _chosen_format(format, output, {f".{f}": f for f in FORMATS}, "gexf")
    kg, failed = _export_graph(paths, aliases)
    try:
        g = research_network(
            kg,
            kind.value,
            year=year,
            document=document,
            keyword=keyword,
            role_pair=role_pair.value if role_pair else None,
            include_collectives=collectives,
        )
    except QueryError as e:
        _err_console().print(f"[red]error:[/red] {e}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    data = network_bytes(g, fmt, latest_date(kg))
    if output is None or str(output) == "-":
        sys.stdout.buffer.write(data)
    else:
        atomic_write(output, data)
        _err_console().print(
            f"wrote {output}: {g.number_of_nodes()} nodes, {g.number_of_edges()} ties", highlight=False, soft_wrap=True
        )
    if failed:
        raise typer.Exit(1)
