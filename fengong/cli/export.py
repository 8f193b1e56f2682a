"""``fengong export …``: records as JSON Lines/JSON/CSV, the graph as RDF or a property graph, tables, Neo4j CSV."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from fengong.cli.common import (AliasesOpt, FormatOpt, InputOpt, OutputOpt, PathsArg, _build, _chosen_format, _err_console, _export_graph, _inputs, export_app)


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
