"""``fengong neo4j …``: load the graph into Neo4j over Bolt, count or clear what fengong loaded."""

from __future__ import annotations

from pathlib import Path

import typer

from fengong.cli.common import _INPUT_PROBLEMS, AliasesOpt, InputOpt, _err_console, _exit_code, _query_graph, neo4j_app

# ---------------------------------------------------------------- Neo4j
UriOpt = typer.Option(
    None, "--uri", envvar="NEO4J_URI", help="Bolt address (default bolt://localhost:7687; env NEO4J_URI)."
)
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
        raise typer.Exit(2) from None


@neo4j_app.command("load")
def neo4j_load(
    inputs: list[Path] | None = InputOpt,
    aliases: list[Path] | None = AliasesOpt,
    uri: str | None = UriOpt,
    user: str | None = UserOpt,
    password: str | None = PasswordOpt,
    database: str | None = DatabaseOpt,
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
        raise typer.Exit(_exit_code(e)) from None
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
    typer.echo(
        f"merged {sent['nodes']} nodes and {sent['relationships']} relationships in {took:.1f} s; "
        f"{target.database} now holds {sum(stored['nodes'].values())} fengong nodes and "
        f"{sum(stored['edges'].values())} relationships"
    )
    if _INPUT_PROBLEMS:
        raise typer.Exit(1)


@neo4j_app.command("counts")
def neo4j_counts(
    uri: str | None = UriOpt,
    user: str | None = UserOpt,
    password: str | None = PasswordOpt,
    database: str | None = DatabaseOpt,
) -> None:
    """Nodes per label and relationships per type that fengong loaded."""
    from fengong.graph.neo4j import counts

    target, driver = _neo4j_driver(uri, user, password, database)
    with driver:
        c = counts(driver, target.database)
    for kind, values in c.items():
        for name, n in values.items():
            typer.echo(f"{kind}\t{name}\t{n}")


@neo4j_app.command("clear")
def neo4j_clear(
    uri: str | None = UriOpt,
    user: str | None = UserOpt,
    password: str | None = PasswordOpt,
    database: str | None = DatabaseOpt,
) -> None:
    """Delete everything fengong loaded (nodes labelled Fengong and their relationships), nothing else."""
    from fengong.graph.neo4j import clear

    target, driver = _neo4j_driver(uri, user, password, database)
    with driver:
        n = clear(driver, target.database)
    typer.echo(f"deleted {n} fengong nodes from {target.database}")
