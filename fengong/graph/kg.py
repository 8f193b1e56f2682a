"""The knowledge graph as plain data: typed nodes and typed edges with properties.

Every output (RDF, networkx, tables, Neo4j) is a view of this one object, so the forms
cannot disagree. Nodes and edges are checked against the model as they are added, and
iterated in sorted order, so every output is deterministic.

>>> kg = KnowledgeGraph()
>>> kg.add_node("unit-1", "Unit", name="区财政局", kind="department", collective=False, aliases=["区财政局"])
>>> kg.add_node("unit-1", "Unit", aliases=["财政局"])  # a second sighting merges its aliases
>>> kg.nodes["unit-1"].props["aliases"]
['区财政局', '财政局']
>>> kg.add_node("task-1", "Task", text="任务", source_file="a.txt", source_line=1, source_line_end=2)
>>> kg.add_edge("unit-1", "RESPONSIBLE_FOR", "task-1", key="1", order=1, printed="区财政局", split="certain",
...             source_line=2, source_line_end=2)
>>> kg.counts()["edges"]
{'RESPONSIBLE_FOR': 1}
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from fengong.errors import FengongError
from fengong.ontology.model import Model, load_model

__all__ = ["Node", "Edge", "KnowledgeGraph", "GraphError"]


class GraphError(FengongError):
    """A node or edge does not fit the model."""


@dataclass
class Node:
    """A node of the knowledge graph: its id, its type in the model and its properties."""

    id: str
    type: str
    props: dict[str, Any] = field(default_factory=dict)


@dataclass
class Edge:
    """An edge of the knowledge graph: source, relation type, target, a key for parallel edges, properties."""

    source: str
    type: str
    target: str
    key: str = ""  # tells apart parallel edges of one type (e.g. a unit printed twice on a task)
    props: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> tuple[str, str, str, str]:
        return (self.source, self.type, self.target, self.key)


class KnowledgeGraph:
    """Nodes by id and edges by (source, type, target, key)."""

    def __init__(self, model: Model | None = None) -> None:
        self.model = model or load_model()
        self.nodes: dict[str, Node] = {}
        self.edges: dict[tuple[str, str, str, str], Edge] = {}
        self._by_type: dict[str, list[tuple[str, str, str, str]]] = {}  # relation -> edge ids
        self._sorted: set[str] = set()  # relations whose id list is sorted

    def __getstate__(self) -> dict:
        # the model is code, not data: reattach it on load instead of pickling it (see graph.cache)
        state = {k: v for k, v in self.__dict__.items() if k not in ("model", "_checks")}
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self.model = load_model()

    def add_node(self, node_id: str, type: str, **props: Any) -> None:
        """Add a node, or merge ``props`` into the node already there.

        A property already set keeps its value (first sighting wins, in the caller's
        deterministic order) except lists, which are merged and sorted.
        """
        t = self.model.types.get(type)
        if t is None:
            raise GraphError(f"unknown node type {type!r}")
        unknown = set(props) - set(t.properties)
        if unknown:
            raise GraphError(f"{type} has no properties {sorted(unknown)}")
        node = self.nodes.get(node_id)
        if node is None:
            node = self.nodes[node_id] = Node(node_id, type)
        elif node.type != type:
            raise GraphError(f"{node_id} is a {node.type}, not a {type}")
        for k, v in props.items():
            if v is None:
                continue
            if t.properties[k].many:
                node.props[k] = sorted(set(node.props.get(k, [])) | set(v))
            elif k not in node.props:
                node.props[k] = v

    def _relation(self, type: str) -> tuple[frozenset, frozenset, frozenset]:
        """A relation's allowed source types, target types and properties (looked up once)."""
        checks = self.__dict__.setdefault("_checks", {})
        if type not in checks:
            r = self.model.relations.get(type)
            if r is None:
                raise GraphError(f"unknown relation {type!r}")
            checks[type] = (frozenset(r.sources), frozenset(r.targets), frozenset(r.properties))
        return checks[type]

    def add_edge(self, source: str, type: str, target: str, key: str = "", **props: Any) -> None:
        """Add an edge between two nodes already in the graph (the first of parallel duplicates wins)."""
        sources, targets, allowed = self._relation(type)
        for end, ok in ((source, sources), (target, targets)):
            node = self.nodes.get(end)
            if node is None:
                raise GraphError(f"{type}: no node {end!r}")
            if node.type not in ok:
                raise GraphError(f"{type} cannot connect a {node.type} ({end})")
        if not allowed.issuperset(props):
            raise GraphError(f"{type} has no properties {sorted(set(props) - allowed)}")
        eid = (source, type, target, key)
        if eid not in self.edges:
            self.edges[eid] = Edge(source, type, target, key, {k: v for k, v in props.items() if v is not None})
            self._by_type.setdefault(type, []).append(eid)
            self._sorted.discard(type)

    def sorted_nodes(self) -> Iterator[Node]:
        for node_id in sorted(self.nodes):
            yield self.nodes[node_id]

    def sorted_edges(self) -> Iterator[Edge]:
        for key in sorted(self.edges):
            yield self.edges[key]

    def nodes_of(self, type: str) -> list[Node]:
        return [n for n in self.sorted_nodes() if n.type == type]

    def edges_of(self, type: str) -> list[Edge]:
        """The edges of one relation, sorted."""
        ids = self._by_type.get(type, [])
        if type not in self._sorted:
            ids.sort()
            self._sorted.add(type)
        return [self.edges[i] for i in ids]

    def counts(self) -> dict[str, dict[str, int]]:
        """Nodes per type and edges per relation, in sorted order."""
        nodes: dict[str, int] = {}
        edges: dict[str, int] = {}
        for n in self.nodes.values():
            nodes[n.type] = nodes.get(n.type, 0) + 1
        for e in self.edges.values():
            edges[e.type] = edges.get(e.type, 0) + 1
        return {"nodes": dict(sorted(nodes.items())), "edges": dict(sorted(edges.items()))}

    def __len__(self) -> int:
        return len(self.nodes)
