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
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from fengong.errors import FengongError
from fengong.graph.kg import KnowledgeGraph
from fengong.ontology.model import load_model

__all__ = [
    "Neo4jError",
    "Neo4jTarget",
    "connect",
    "load",
    "clear",
    "counts",
    "node_statements",
    "relationship_statement",
    "BASE_LABEL",
    "SUPPORTED_MAJOR",
]

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
    def from_env(
        cls, uri: str | None = None, user: str | None = None, password: str | None = None, database: str | None = None
    ) -> Neo4jTarget:
        env = os.environ
        return cls(
            uri or env.get("NEO4J_URI") or cls.uri,
            user or env.get("NEO4J_USER") or cls.user,
            password if password is not None else env.get("NEO4J_PASSWORD"),
            database or env.get("NEO4J_DATABASE") or cls.database,
        )


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
        records, _, _ = driver.execute_query(
            "CALL dbms.components() YIELD name, versions, edition RETURN name, versions[0] AS version, edition",
            database_=target.database,
        )
    except AuthError as e:
        driver.close()
        raise Neo4jError(f"Neo4j at {target.uri} refused user {target.user!r}: wrong user or password") from e
    except ServiceUnavailable as e:
        driver.close()
        raise Neo4jError(f"cannot reach Neo4j at {target.uri}: is the server running and the port right? ({e})") from e
    version = next(
        (r["version"] for r in records if r["name"] == "Neo4j Kernel"), records[0]["version"] if records else ""
    )
    major = int(version.split(".")[0]) if version[:1].isdigit() else 0
    if major not in SUPPORTED_MAJOR:
        driver.close()
        raise Neo4jError(
            f"Neo4j {version} at {target.uri} is not supported; fengong loads into Neo4j "
            f"{', '.join(map(str, SUPPORTED_MAJOR))}.x"
        )
    return driver


def constraint_statements() -> list[str]:
    """Uniqueness of ``id`` for the base label and every label of the model."""
    labels = [BASE_LABEL] + sorted(load_model().types)
    return [
        f"CREATE CONSTRAINT fengong_{_ident(label).lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE"
        for label in labels
    ]


def node_statement(labels: Sequence[str], names: Sequence[str], create: bool = False) -> str:
    """The statement for nodes with these labels (type first, then flags) and these properties.

    Rows are lists: the id, then the values of ``names`` in that order. ``create`` (a database
    without fengong nodes) CREATEs; otherwise MERGE on the id, then SET labels and each property
    (properties a row does not have are left as they are, as ``SET n += map`` would).
    """
    label_text = "".join(f":{_ident(x)}" for x in labels)
    if create:
        props = "".join(f", {_prop(k)}: row[{i}]" for i, k in enumerate(names, 1))
        return f"UNWIND $rows AS row CREATE (n:{BASE_LABEL}{label_text} {{id: row[0]{props}}})"
    sets = ", ".join([f"n{label_text}"] + [f"n.{_prop(k)} = row[{i}]" for i, k in enumerate(names, 1)])
    return f"UNWIND $rows AS row MERGE (n:{BASE_LABEL} {{id: row[0]}}) SET {sets}"


def edge_statement(
    rel: str, names: Sequence[str] = (), source: str = BASE_LABEL, target: str = BASE_LABEL, create: bool = False
) -> str:
    """The statement for relationships of type ``rel`` between nodes labelled ``source`` and ``target``.

    Rows are lists: source id, target id, key, then the values of ``names``. The end nodes are
    looked up with their type's label (its uniqueness constraint is the index); ``create`` CREATEs
    the relationship, otherwise it is MERGEd on its key and each property SET.
    """
    head = f"UNWIND $rows AS row MATCH (a:{_ident(source)} {{id: row[0]}}) MATCH (b:{_ident(target)} {{id: row[1]}}) "
    if create:
        props = "".join(f", {_prop(k)}: row[{i}]" for i, k in enumerate(names, 3))
        return head + f"CREATE (a)-[:{_ident(rel)} {{key: row[2]{props}}}]->(b)"
    sets = ", ".join(f"r.{_prop(k)} = row[{i}]" for i, k in enumerate(names, 3))
    return head + f"MERGE (a)-[r:{_ident(rel)} {{key: row[2]}}]->(b)" + (f" SET {sets}" if sets else "")


def node_statements(type_name: str) -> str:
    """The MERGE statement for nodes of one type with their properties as a map (kept for callers
    loading a handful of rows; :func:`load` uses :func:`node_statement`)."""
    return f"UNWIND $rows AS row MERGE (n:{BASE_LABEL} {{id: row.id}}) SET n:{_ident(type_name)} SET n += row.props"


def relationship_statement(rel: str) -> str:
    """The MERGE statement for relationships of one type with map rows (``source``, ``target``, ``key``,
    ``props``), end nodes matched on the base label (kept for small loads; :func:`load` uses
    :func:`edge_statement`)."""
    return (
        f"UNWIND $rows AS row MATCH (a:{BASE_LABEL} {{id: row.source}}) MATCH (b:{BASE_LABEL} {{id: row.target}}) "
        f"MERGE (a)-[r:{_ident(rel)} {{key: row.key}}]->(b) SET r += row.props"
    )


def _prop(name: str) -> str:
    """A property name of the model, checked and quoted (``order`` is also a Cypher keyword)."""
    return f"`{_ident(name)}`"


def _batches(rows: list, size: int) -> Iterator[list]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def _lists(rows: list[list], names: tuple[str, ...], declared: dict, offset: int) -> None:
    """Tuples in the list-valued properties of ``rows`` made lists (the driver would, more slowly)."""
    for i in [offset + k for k, name in enumerate(names) if declared[name].many]:
        for row in rows:
            if isinstance(row[i], tuple):
                row[i] = list(row[i])


def node_rows(kg: KnowledgeGraph) -> dict[tuple[tuple[str, ...], tuple[str, ...]], list[list]]:
    """Every node as a row (its id, then its property values), grouped by (labels, property names),
    sorted by type: one statement per group."""
    m = kg.model
    label_of = {t: {f: f.title().replace("_", "") for f in sorted(m.types[t].flag_classes)} for t in m.types}
    groups: dict[tuple, list[list]] = {}
    for n in kg.nodes.values():
        p = n.props
        flags = label_of[n.type]
        labels = (n.type, *(label for f, label in flags.items() if p.get(f))) if flags else (n.type,)
        key = (labels, tuple(p))
        rows = groups.get(key)
        if rows is None:
            rows = groups[key] = []
        rows.append([n.id, *p.values()])
    for (labels, names), rows in groups.items():
        _lists(rows, names, m.types[labels[0]].properties, 1)
    return dict(sorted(groups.items()))


def relationship_rows(kg: KnowledgeGraph) -> dict[tuple[str, str, str, tuple[str, ...]], list[list]]:
    """Every edge as a row (source id, target id, key, then its property values), grouped by
    (relation, source type, target type, property names), sorted by relation."""
    m = kg.model
    nodes = kg.nodes
    ends = {
        r: (x.sources[0] if len(x.sources) == 1 else None, x.targets[0] if len(x.targets) == 1 else None)
        for r, x in m.relations.items()
    }
    groups: dict[tuple, list[list]] = {}
    for e in kg.edges.values():
        p = e.props
        source, target = ends[e.type]
        key = (e.type, source or nodes[e.source].type, target or nodes[e.target].type, tuple(p))
        rows = groups.get(key)
        if rows is None:
            rows = groups[key] = []
        rows.append([e.source, e.target, e.key, *p.values()])
    for (rel, _, _, names), rows in groups.items():
        _lists(rows, names, m.relations[rel].properties, 3)
    return dict(sorted(groups.items()))


def load(
    kg: KnowledgeGraph,
    driver,
    database: str = "neo4j",
    batch_size: int = 10000,
    progress: Callable[[int], None] | None = None,
    create: bool | None = None,
) -> dict[str, int]:
    """Load every node and relationship of ``kg`` in batches; returns the rows sent per kind.

    Loading the same graph again changes nothing; loading the graph of a larger corpus adds what
    is new. Relations the model marks ``derived`` (oversight, cross-document links) are replaced,
    since they are inferred from the whole corpus: load the whole corpus, not one new file alone.

    Into a database without fengong nodes (new, or after :func:`clear`), nodes and relationships
    are CREATEd, which skips the existence checks of MERGE (the uniqueness constraints still guard
    the ids); otherwise they are MERGEd. ``create`` forces one way (None: look).
    ``progress(n)`` is called after each batch with the rows it held.
    """
    m = kg.model
    sent = {"nodes": 0, "relationships": 0}
    with driver.session(database=database) as session:
        for stmt in constraint_statements():
            session.run(stmt).consume()
        if create is None:
            create = session.run(f"MATCH (n:{BASE_LABEL}) RETURN n.id LIMIT 1").single() is None

        def run(stmt: str, rows: list) -> None:
            for batch in _batches(rows, batch_size):
                session.execute_write(lambda tx, b=batch: tx.run(stmt, rows=b).consume())
                if progress:
                    progress(len(batch))

        for (labels, names), rows in node_rows(kg).items():
            run(node_statement(labels, names, create), rows)
            sent["nodes"] += len(rows)
        if not create:
            for rel in sorted(r for r in m.relations if m.relations[r].derived):
                # inferred from the whole corpus: what an earlier, smaller corpus implied may no longer hold
                while session.execute_write(
                    lambda tx, r=rel: tx.run(
                        f"MATCH (:{BASE_LABEL})-[x:{_ident(r)}]->(:{BASE_LABEL}) WITH x LIMIT $n DELETE x "
                        "RETURN count(*) AS n",
                        n=batch_size,
                    ).single()["n"]
                ):
                    pass
        for (rel, source, target, names), rows in relationship_rows(kg).items():
            run(edge_statement(rel, names, source, target, create), rows)
            sent["relationships"] += len(rows)
    return sent


def clear(driver, database: str = "neo4j", batch_size: int = 10000) -> int:
    """Delete every node fengong loaded (label ``Fengong``) and its relationships; returns nodes deleted."""
    deleted = 0
    with driver.session(database=database) as session:
        while True:
            n = session.execute_write(
                lambda tx: tx.run(
                    f"MATCH (n:{BASE_LABEL}) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS n", limit=batch_size
                ).single()["n"]
            )
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
