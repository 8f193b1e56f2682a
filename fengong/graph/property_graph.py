"""The knowledge graph as a property graph: a networkx ``MultiDiGraph``, and GraphML, GEXF
(Gephi) and node-link JSON files.

Node attributes are the model's properties plus ``type`` (the Neo4j label) and ``label`` (a
display name); each edge has its relation as key prefix and ``type`` attribute. Nodes and edges
are inserted in sorted order so every file is byte-identical across runs.

>>> from fengong.graph.kg import KnowledgeGraph
>>> kg = KnowledgeGraph()
>>> kg.add_node("unit-1", "Unit", name="区财政局", kind="department", collective=False, aliases=["区财政局"])
>>> kg.add_node("task-1", "Task", text="做好预算", source_file="a.txt", source_line=3, source_line_end=4)
>>> kg.add_edge("unit-1", "RESPONSIBLE_FOR", "task-1", key="1", order=1, printed="区财政局", split="certain",
...             source_line=4, source_line_end=4)
>>> g = to_networkx(kg)
>>> g.nodes["unit-1"]["label"], list(g.edges(keys=True, data="type"))
('区财政局', [('unit-1', 'task-1', 'RESPONSIBLE_FOR:1', 'RESPONSIBLE_FOR')])
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import networkx as nx

from fengong.files import atomic_write
from fengong.graph.ids import make_id
from fengong.graph.kg import KnowledgeGraph, Node

__all__ = [
    "from_node_link",
    "to_networkx",
    "display_label",
    "edge_id",
    "xml_text",
    "network_bytes",
    "latest_date",
    "graphml_bytes",
    "gexf_bytes",
    "node_link_bytes",
    "write_property_graph",
    "property_graph_bytes",
    "FORMATS",
]

FORMATS = ("graphml", "gexf", "json")


def display_label(node: Node) -> str:
    """A short human label: a unit's or official's name, a document's title, a task's number and text."""
    p = node.props
    if node.type in ("Unit", "Official"):
        return p["name"]
    if node.type == "Document":
        return p.get("title") or p.get("number") or node.id
    if node.type == "Section":
        return p["title"]
    text = p.get("text") or p.get("item") or p.get("status") or ""
    number = p.get("number")
    head = f"{number}. " if number else ""
    return head + (text[:30] + "…" if len(text) > 30 else text)


def to_networkx(kg: KnowledgeGraph) -> nx.MultiDiGraph:
    """The graph as a networkx ``MultiDiGraph`` (edge keys ``TYPE`` or ``TYPE:key``)."""
    g = nx.MultiDiGraph()
    types, relations = kg.model.types, kg.model.relations
    for n in kg.sorted_nodes():
        # properties in the model's order, whatever order the assembler set them in
        props = {k: n.props[k] for k in types[n.type].properties if k in n.props}
        g.add_node(n.id, type=n.type, labels=kg.model.labels(n.type, n.props), label=display_label(n), **props)
    for e in kg.sorted_edges():
        props = {k: e.props[k] for k in relations[e.type].properties if k in e.props}
        g.add_edge(e.source, e.target, key=f"{e.type}:{e.key}" if e.key else e.type, type=e.type, **props)
    return g


_NMTOKEN = re.compile(r"[A-Za-z0-9_.:-]+")
# what XML 1.0 cannot hold at all, not even as a character reference
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: Any) -> Any:
    """A string as GraphML and GEXF can carry it: control characters, which XML 1.0 forbids, become
    their Unicode control pictures (BEL → ␇, DEL → ␡, others → U+FFFD); other values unchanged.
    RDF, JSON and the tables keep the printed text exactly.

    >>> xml_text("区\x07局"), xml_text(3)
    ('区␇局', 3)
    """
    if not isinstance(value, str) or not _NOT_XML.search(value):
        return value
    return _NOT_XML.sub(
        lambda m: chr(0x2400 + ord(m.group())) if m.group() < " " else "\u2421" if m.group() == "\x7f" else "\ufffd",
        value,
    )


def edge_id(u: str, key: str, v: str) -> str:
    """A document-wide edge id for GraphML and GEXF (both require unique ones): readable where the
    parts are XML name characters, else a stable hash.

    >>> edge_id("unit-1", "RESPONSIBLE_FOR:1", "task-1")
    'unit-1:RESPONSIBLE_FOR:1:task-1'
    """
    text = f"{u}:{key}:{v}"
    return text if _NMTOKEN.fullmatch(text) else make_id("edge", u, key, v)


def _flat(g: nx.MultiDiGraph, relation_attr: str = "type") -> nx.MultiDiGraph:
    """A copy whose attribute values GraphML and GEXF can hold (lists become JSON text), each edge
    with a document-wide unique id (:func:`edge_id`) and its relation in ``relation_attr`` (GEXF
    reserves ``type`` for the edge direction, so there it is ``relation``, and the edge's label)."""

    def flat(d: dict[str, Any]) -> dict[str, Any]:
        return {
            k: xml_text(json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v)
            for k, v in d.items()
            if v is not None
        }

    h = nx.MultiDiGraph()
    h.add_nodes_from((n, flat(d)) for n, d in g.nodes(data=True))
    for u, v, k, d in g.edges(keys=True, data=True):
        d = flat(d)
        if relation_attr != "type" and "type" in d:
            d[relation_attr] = d["label"] = d.pop("type")
            h.add_edge(u, v, k, id=edge_id(u, str(k), v), **d)  # GEXF: id apart, key kept as networkx_key
        else:
            h.add_edge(u, v, edge_id(u, str(k), v), **d)  # GraphML: the key is the edge id
    return h


def graphml_bytes(g: nx.MultiDiGraph) -> bytes:
    """GraphML 1.0 (valid against its XML Schema: unique edge ids)."""
    buf = io.BytesIO()
    nx.write_graphml(_flat(g), buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue()


def gexf_bytes(g: nx.MultiDiGraph, date: str = "2000-01-01") -> bytes:
    """GEXF 1.2 for Gephi, valid against the GEXF 1.2draft XML Schema: the relation is each edge's
    ``label`` and ``relation`` attribute (GEXF's ``type`` is the edge direction). ``date`` fills
    GEXF's last-modified field, which networkx would set to today and so break byte-identical
    rebuilds; fengong passes the latest document date."""
    return _gexf(_flat(g, relation_attr="relation"), date)


def _gexf(g: nx.Graph, date: str) -> bytes:
    """GEXF 1.2draft by networkx's writer, with a fixed last-modified date and no graph/@name
    (networkx writes one; the schema does not allow it)."""
    from networkx.readwrite.gexf import GEXFWriter

    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    writer.xml.find("meta").set("lastmodifieddate", date)
    writer.add_graph(g)
    for graph in writer.xml.iter("graph"):
        graph.attrib.pop("name", None)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def network_bytes(g: nx.Graph, fmt: str, date: str = "2000-01-01") -> bytes:
    """A network of :func:`fengong.graph.queries.networks.research_network` (a ``Graph`` or
    ``DiGraph``) as GEXF (``gexf``), GraphML (``graphml``) or node-link JSON (``json``), valid for
    the format's schema: Gephi reads ``label`` as the node label and ``weight`` as the edge weight,
    Cytoscape and yEd read the GraphML attributes. ``date`` is GEXF's last-modified date.

    >>> g = nx.Graph()
    >>> g.add_node("unit-1", label="区财政局", community=0)
    >>> g.add_node("unit-2", label="区水务局", community=0)
    >>> g.add_edge("unit-1", "unit-2", weight=3)
    >>> back = nx.read_gexf(io.BytesIO(network_bytes(g, "gexf")))
    >>> back["unit-1"]["unit-2"]["weight"], back.nodes["unit-1"]["label"]
    (3.0, '区财政局')
    """
    h = g.__class__()
    h.add_nodes_from((n, {k: xml_text(v) for k, v in d.items()}) for n, d in g.nodes(data=True))
    h.add_edges_from((a, b, {k: xml_text(v) for k, v in d.items()}) for a, b, d in g.edges(data=True))
    if fmt == "gexf":
        return _gexf(h, date)
    if fmt == "graphml":
        buf = io.BytesIO()
        nx.write_graphml(h, buf, encoding="utf-8", prettyprint=True)
        return buf.getvalue()
    if fmt == "json":
        return node_link_bytes(h)
    raise ValueError(f"unknown network format {fmt!r}; choose one of {', '.join(FORMATS)}")


def latest_date(kg: KnowledgeGraph) -> str:
    """The latest issue date of a document of the graph (a file's date stays the same on a rebuild)."""
    dates = [n.props["issued"] for n in kg.nodes.values() if n.type == "Document" and n.props.get("issued")]
    return max(dates) if dates else "2000-01-01"


def from_node_link(data: dict, model=None) -> KnowledgeGraph:
    """The knowledge graph a node-link JSON file (``graph.json`` of ``fengong build --output``) holds:
    the inverse of :func:`to_networkx` + :func:`node_link_bytes` (display labels are dropped).

    >>> kg = KnowledgeGraph()
    >>> kg.add_node("unit-1", "Unit", name="区财政局", kind="department", collective=False)
    >>> back = from_node_link(json.loads(node_link_bytes(to_networkx(kg))))
    >>> back.nodes["unit-1"].props["name"], back.counts() == kg.counts()
    ('区财政局', True)
    """
    kg = KnowledgeGraph(model)
    types, relations = kg.model.types, kg.model.relations
    for n in data.get("nodes", []):
        t = n.get("type")
        if t not in types:
            raise ValueError(f"node {n.get('id')!r}: unknown type {t!r}: not a fengong graph")
        kg.add_node(n["id"], t, **{k: v for k, v in n.items() if k in types[t].properties})
    for e in data.get("edges", data.get("links", [])):
        t = e.get("type")
        if t not in relations:
            raise ValueError(f"edge {e.get('source')!r}->{e.get('target')!r}: unknown type {t!r}: not a fengong graph")
        key = str(e.get("key", ""))
        key = key[len(t) + 1 :] if key.startswith(t + ":") else ""
        kg.add_edge(
            e["source"], t, e["target"], key=key, **{k: v for k, v in e.items() if k in relations[t].properties}
        )
    return kg


def node_link_bytes(g: nx.MultiDiGraph) -> bytes:
    """The graph as networkx node-link JSON (sorted keys, so files are byte-stable)."""
    data = nx.node_link_data(g, edges="edges")
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def property_graph_bytes(kg: KnowledgeGraph, fmt: str) -> bytes:
    """The graph as GraphML (``graphml``), GEXF (``gexf``) or node-link JSON (``json``)."""
    g = to_networkx(kg)
    if fmt == "graphml":
        return graphml_bytes(g)
    if fmt == "gexf":
        return gexf_bytes(g, latest_date(kg))
    if fmt == "json":
        return node_link_bytes(g)
    raise ValueError(f"unknown property-graph format {fmt!r}; choose one of {', '.join(FORMATS)}")


def write_property_graph(kg: KnowledgeGraph, path: str | Path, fmt: str | None = None) -> Path:
    """Write GraphML (``.graphml``), GEXF (``.gexf``) or node-link JSON (``.json``), atomically."""
    return atomic_write(path, property_graph_bytes(kg, fmt or Path(path).suffix.lstrip(".")))
