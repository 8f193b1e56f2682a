"""Loading the graph into Neo4j: constraints first, then batched ``UNWIND $rows … MERGE``.

Labels and relationship types come from the model (:mod:`fengong.ontology.model`); every node also
carries the label ``Fengong``, which is what ``replace`` clears and what relationship endpoints are
matched on (one uniqueness constraint serves them all). Values always travel as parameters; the
only names pasted into Cypher are the model's labels and types, which are checked to be plain
identifiers. Node ids are the hashes of natural keys, so loading the same corpus twice merges
instead of duplicating, and loading one more document adds only what is new.

The Cypher kept to what Neo4j 5 and other Bolt servers share: ``CREATE CONSTRAINT … IF NOT
EXISTS … IS UNIQUE``, ``UNWIND … MERGE``, ``SET n += map``, and the database named on every session.

>>> statements = node_statements("Unit")
>>> print(statements)
UNWIND $rows AS row MERGE (n:Fengong {id: row.id}) SET n:Unit SET n += row.props
>>> print(relationship_statement("RESPONSIBLE_FOR"))
UNWIND $rows AS row MATCH (a:Fengong {id: row.source}) MATCH (b:Fengong {id: row.target}) MERGE (a)-[r:RESPONSIBLE_FOR {key: row.key}]->(b) SET r += row.props
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterator

from fengong.errors import FengongError
from fengong.graph.kg import KnowledgeGraph
from fengong.ontology.model import load_model

__all__ = ["Neo4jError", "Neo4jTarget", "connect", "load", "clear", "counts", "node_statements",
           "relationship_statement", "BASE_LABEL", "SUPPORTED_MAJOR"]

BASE_LABEL = "Fengong"
SUPPORTED_MAJOR = (5,)
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class Neo4jError(FengongError):
    """Neo4j could not be reached, refused the login, or is a version fengong does not support."""


@dataclass(frozen=True)
class Neo4jTarget:
    """Where to load: from arguments, else NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD / NEO4J_DATABASE."""

    uri: str = "bolt://localhost:7687"
    user: str = "neo4j"
    password: str | None = None
    database: str = "neo4j"

    @classmethod
    def from_env(cls, uri: str | None = None, user: str | None = None, password: str | None = None,
                 database: str | None = None) -> "Neo4jTarget":
        env = os.environ
        return cls(uri or env.get("NEO4J_URI") or cls.uri, user or env.get("NEO4J_USER") or cls.user,
                   password if password is not None else env.get("NEO4J_PASSWORD"),
                   database or env.get("NEO4J_DATABASE") or cls.database)


def _ident(name: str) -> str:
    if not _IDENT.match(name):
        raise ValueError(f"not a plain Cypher identifier: {name!r}")
    return name


def connect(target: Neo4jTarget):
    """A driver for ``target``, checked: reachable, login accepted, Neo4j 5.

    Raises :class:`Neo4jError` with a message a user can act on.
    """
    import neo4j
    from neo4j.exceptions import AuthError, ServiceUnavailable

    if target.password is None:
        raise Neo4jError("no Neo4j password: pass --password or set NEO4J_PASSWORD")
    try:
        driver = neo4j.GraphDatabase.driver(target.uri, auth=(target.user, target.password))
    except ValueError as e:
        raise Neo4jError(f"not a Neo4j address: {target.uri!r} ({e})") from e
    try:
        driver.verify_connectivity()
        records, _, _ = driver.execute_query("CALL dbms.components() YIELD name, versions, edition "
                                             "RETURN name, versions[0] AS version, edition", database_=target.database)
    except AuthError as e:
        driver.close()
        raise Neo4jError(f"Neo4j at {target.uri} refused user {target.user!r}: wrong user or password") from e
    except ServiceUnavailable as e:
        driver.close()
        raise Neo4jError(f"cannot reach Neo4j at {target.uri}: is the server running and the port right? ({e})") from e
    version = next((r["version"] for r in records if r["name"] == "Neo4j Kernel"), records[0]["version"] if records else "")
    major = int(version.split(".")[0]) if version[:1].isdigit() else 0
    if major not in SUPPORTED_MAJOR:
        driver.close()
        raise Neo4jError(f"Neo4j {version} at {target.uri} is not supported; fengong loads into Neo4j "
                         f"{', '.join(map(str, SUPPORTED_MAJOR))}.x")
    return driver


def constraint_statements() -> list[str]:
    """Uniqueness of ``id`` for the base label and every label of the model."""
    labels = [BASE_LABEL] + sorted(load_model().types)
    return [f"CREATE CONSTRAINT fengong_{_ident(label).lower()}_id IF NOT EXISTS "
            f"FOR (n:{label}) REQUIRE n.id IS UNIQUE" for label in labels]


def node_statements(type_name: str) -> str:
    """The MERGE statement for nodes of one type (their extra flag labels are set apart)."""
    return (f"UNWIND $rows AS row MERGE (n:{BASE_LABEL} {{id: row.id}}) SET n:{_ident(type_name)} "
            f"SET n += row.props")


def relationship_statement(rel: str) -> str:
    return (f"UNWIND $rows AS row MATCH (a:{BASE_LABEL} {{id: row.source}}) MATCH (b:{BASE_LABEL} {{id: row.target}}) "
            f"MERGE (a)-[r:{_ident(rel)} {{key: row.key}}]->(b) SET r += row.props")


def _value(v: Any) -> Any:
    return list(v) if isinstance(v, (list, tuple)) else v


def _batches(rows: list, size: int) -> Iterator[list]:
    for i in range(0, len(rows), size):
        yield rows[i: i + size]


def load(kg: KnowledgeGraph, driver, database: str = "neo4j", batch_size: int = 5000,
         progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """MERGE every node and relationship of ``kg`` in batches; returns the rows sent per kind.

    Loading the same graph again changes nothing; loading the graph of a larger corpus adds what
    is new. Relations the model marks ``derived`` (oversight, cross-document links) are replaced,
    since they are inferred from the whole corpus: load the whole corpus, not one new file alone.

    ``progress(n)`` is called after each batch with the rows it held.
    """
    m = kg.model
    sent = {"nodes": 0, "relationships": 0}
    with driver.session(database=database) as session:
        for stmt in constraint_statements():
            session.run(stmt).consume()

        def run(stmt: str, rows: list) -> None:
            for batch in _batches(rows, batch_size):
                session.execute_write(lambda tx, b=batch: tx.run(stmt, rows=b).consume())
                if progress:
                    progress(len(batch))

        for type_name in sorted(m.types):
            nodes = kg.nodes_of(type_name)
            rows = [{"id": n.id, "props": {k: _value(v) for k, v in n.props.items()}} for n in nodes]
            run(node_statements(type_name), rows)
            sent["nodes"] += len(rows)
            for flag in sorted(m.types[type_name].flag_classes):
                label = _ident(flag.title().replace("_", ""))
                flagged = [{"id": n.id} for n in nodes if n.props.get(flag)]
                run(f"UNWIND $rows AS row MATCH (n:{BASE_LABEL} {{id: row.id}}) SET n:{label}", flagged)
        for rel in sorted(m.relations):
            if m.relations[rel].derived:
                # inferred from the whole corpus: what an earlier, smaller corpus implied may no longer hold
                while session.execute_write(lambda tx, r=rel: tx.run(
                        f"MATCH (:{BASE_LABEL})-[x:{_ident(r)}]->(:{BASE_LABEL}) WITH x LIMIT $n DELETE x "
                        "RETURN count(*) AS n", n=batch_size).single()["n"]):
                    pass
            rows = [{"source": e.source, "target": e.target, "key": e.key,
                     "props": {k: _value(v) for k, v in e.props.items()}} for e in kg.edges_of(rel)]
            run(relationship_statement(rel), rows)
            sent["relationships"] += len(rows)
    return sent


def clear(driver, database: str = "neo4j", batch_size: int = 10000) -> int:
    """Delete every node fengong loaded (label ``Fengong``) and its relationships; returns nodes deleted."""
    deleted = 0
    with driver.session(database=database) as session:
        while True:
            n = session.execute_write(lambda tx: tx.run(
                f"MATCH (n:{BASE_LABEL}) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS n",
                limit=batch_size).single()["n"])
            deleted += n
            if n < batch_size:
                return deleted


def counts(driver, database: str = "neo4j") -> dict[str, dict[str, int]]:
    """Fengong's nodes per model label and relationships per type, as :meth:`KnowledgeGraph.counts` gives them."""
    m = load_model()
    with driver.session(database=database) as session:
        nodes = {}
        for label in sorted(m.types):
            n = session.run(f"MATCH (n:{BASE_LABEL}:{_ident(label)}) RETURN count(n) AS n").single()["n"]
            if n:
                nodes[label] = n
        rels = {}
        for rec in session.run(f"MATCH (:{BASE_LABEL})-[r]->(:{BASE_LABEL}) RETURN type(r) AS t, count(r) AS n"):
            rels[rec["t"]] = rec["n"]
    return {"nodes": nodes, "edges": dict(sorted(rels.items()))}
