"""The knowledge graph as RDF: triples derived from the model, written as Turtle, N-Triples or
JSON-LD, and loaded into Oxigraph for SPARQL.

Triples come out subject by subject in sorted node order (each node, then the edges it is the
RDF subject of, then their qualification nodes), so files are byte-identical across runs and
Turtle groups every subject's statements. Serialisation is pyoxigraph's (Rust), not rdflib's.

>>> from fengong.graph.kg import KnowledgeGraph
>>> kg = KnowledgeGraph()
>>> kg.add_node("unit-1", "Unit", name="区财政局", kind="department", collective=False)
>>> print(to_bytes(kg, "nt").decode())
<https://w3id.org/fengong/id/unit-1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/org#Organization> .
<https://w3id.org/fengong/id/unit-1> <http://www.w3.org/2004/02/skos/core#prefLabel> "区财政局"@zh .
<https://w3id.org/fengong/id/unit-1> <http://www.w3.org/ns/org#classification> <https://w3id.org/fengong/ns#kind-department> .
<https://w3id.org/fengong/id/unit-1> <https://w3id.org/fengong/ns#collective> "false"^^<http://www.w3.org/2001/XMLSchema#boolean> .
<BLANKLINE>
"""

from __future__ import annotations

import io
import json
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, cast

import pyoxigraph as ox

from fengong.graph.ids import ID_BASE, make_id
from fengong.graph.kg import Edge, KnowledgeGraph, Node
from fengong.ontology.model import Model, Property

__all__ = ["triples", "to_bytes", "write_rdf", "open_store", "rdflib_graph", "FORMATS", "jsonld_document"]

FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": None,
    "json-ld": None,
}
_XSD = "http://www.w3.org/2001/XMLSchema#"
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


class _Terms:
    """Caches the pyoxigraph terms of the model so a million tasks do not rebuild them."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self._named: dict[str, ox.NamedNode] = {}
        self._dt = {
            "string": ox.NamedNode(_XSD + "string"),
            "int": ox.NamedNode(_XSD + "integer"),
            "bool": ox.NamedNode(_XSD + "boolean"),
            "date": ox.NamedNode(_XSD + "date"),
            "decimal": ox.NamedNode(_XSD + "decimal"),
        }

    def named(self, iri: str) -> ox.NamedNode:
        n = self._named.get(iri)
        if n is None:
            n = self._named[iri] = ox.NamedNode(iri)
        return n

    def node(self, node_id: str) -> ox.NamedNode:
        return ox.NamedNode(ID_BASE + node_id)

    def value(self, p: Property, v: Any) -> ox.Literal | ox.NamedNode:
        dt = p.datatype
        if dt == "text":
            return ox.Literal(str(v), language="zh")
        if dt == "concept":
            assert p.concepts is not None  # the model requires a scheme for a concept property
            return self.named(self.model.concept_iri(p.concepts, v))
        if dt == "bool":
            return ox.Literal("true" if v else "false", datatype=self._dt["bool"])
        if dt == "decimal":
            return ox.Literal(repr(round(float(v), 6)), datatype=self._dt["decimal"])
        if dt == "int":
            return ox.Literal(str(int(v)), datatype=self._dt["int"])
        if dt == "string":
            return ox.Literal(str(v))
        return ox.Literal(str(v), datatype=self._dt[dt])


def _prop_triples(
    terms: _Terms, s: ox.NamedNode, props: dict[str, Property], values: dict[str, Any]
) -> list[ox.Triple]:
    out = []
    for name, p in props.items():
        v = values.get(name)
        if v is None:
            continue
        for item in v if p.many else [v]:
            out.append(ox.Triple(s, terms.named(p.rdf), terms.value(p, item)))
    return out


def _edge_triples(terms: _Terms, e: Edge) -> list[ox.Triple]:
    m = terms.model
    r = m.relations[e.type]
    subj, obj = (e.target, e.source) if r.rdf_reverse else (e.source, e.target)
    s, o = terms.node(subj), terms.node(obj)
    out = [ox.Triple(s, terms.named(r.rdf), o)]
    q = r.qualified
    if q:
        qn = terms.node(make_id(q.id_prefix, e.source, e.type, e.target, e.key))
        out.append(ox.Triple(s, terms.named(q.property), qn))
        out.append(ox.Triple(qn, _RDF_TYPE, terms.named(q.cls)))
        out.append(ox.Triple(qn, terms.named(q.object), o))
        if q.role and q.role_property:
            out.append(ox.Triple(qn, terms.named(q.role_property), terms.named(q.role)))
        out.extend(_prop_triples(terms, qn, r.properties, e.props))
    return out


def triples(kg: KnowledgeGraph) -> Iterator[ox.Triple]:
    """Every triple of the graph, grouped by subject, in a deterministic order."""
    m = kg.model
    terms = _Terms(m)
    by_subject: dict[str, list[Edge]] = defaultdict(list)
    for e in kg.edges.values():
        by_subject[e.target if m.relations[e.type].rdf_reverse else e.source].append(e)
    for node in kg.sorted_nodes():
        yield from _node_triples(terms, node)
        qualified: list[ox.Triple] = []
        stated: set[ox.Triple] = set()  # parallel edges (a document citing another twice) state it once
        for e in sorted(by_subject.get(node.id, ()), key=lambda e: e.id):
            ts = _edge_triples(terms, e)
            for t in ts:
                if t.subject != ts[0].subject:
                    qualified.append(t)
                elif t not in stated:
                    stated.add(t)
                    yield t
        yield from qualified


def _node_triples(terms: _Terms, node: Node) -> list[ox.Triple]:
    s = terms.node(node.id)
    out = [ox.Triple(s, _RDF_TYPE, terms.named(c)) for c in terms.model.classes_of(node.type, node.props)]
    return out + _prop_triples(terms, s, terms.model.types[node.type].properties, node.props)


def _prefixes(m: Model) -> dict[str, str]:
    return {p: ns for p, ns in m.prefixes.items() if p not in ("owl", "sh", "rdfs")}


def write_rdf(
    kg: KnowledgeGraph, output: str | Path | IO[bytes], fmt: str | None = None, cached: list[ox.Triple] | None = None
) -> None:
    """Write the graph to a path or binary stream as Turtle (``ttl``), N-Triples (``nt``) or JSON-LD (``jsonld``).

    ``cached`` is ``list(triples(kg))`` when the caller writes several formats of one graph.
    """
    if fmt is None:
        fmt = Path(str(output)).suffix.lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"unknown RDF format {fmt!r}; choose ttl, nt or jsonld")
    if FORMATS[fmt] is None:
        data = (json.dumps(jsonld_document(kg, cached), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
        if isinstance(output, (str, Path)):
            Path(output).write_bytes(data)
        else:
            output.write(data)
        return
    prefixes = _prefixes(kg.model) if FORMATS[fmt] == ox.RdfFormat.TURTLE else None
    if isinstance(output, Path):
        output = str(output)
    if cached is not None:
        ox.serialize(cached, output, FORMATS[fmt], prefixes=prefixes)
        return
    # streamed: N-Triples written as text (same bytes as Oxigraph's), Turtle re-serialised by
    # Oxigraph from that stream — no term object per triple, never the whole graph in memory
    from fengong.graph import ntriples

    if FORMATS[fmt] == ox.RdfFormat.N_TRIPLES:
        if isinstance(output, str):
            with open(output, "wb") as fh:
                ntriples.write(kg, fh)
        else:
            ntriples.write(kg, output)
        return
    ox.serialize(_parsed(kg), output, FORMATS[fmt], prefixes=prefixes)


def _stream(kg: KnowledgeGraph) -> IO[bytes]:
    """The graph's N-Triples as a file object for Oxigraph (which only calls ``read``)."""
    from fengong.graph import ntriples

    return cast("IO[bytes]", ntriples.LineStream(kg))


def _text(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    """A term's value (fengong writes no RDF-star triples as terms)."""
    return str(term) if isinstance(term, ox.Triple) else term.value


def _parsed(kg: KnowledgeGraph) -> Iterator[ox.Triple]:
    """The graph's triples as Oxigraph parses them from the streamed N-Triples (faster than
    building each term in Python)."""

    return ox.parse(_stream(kg), format=ox.RdfFormat.N_TRIPLES)


def to_bytes(kg: KnowledgeGraph, fmt: str = "ttl", cached: list[ox.Triple] | None = None) -> bytes:
    """The graph serialised in ``fmt`` (see :func:`write_rdf`)."""
    buf = io.BytesIO()
    write_rdf(kg, buf, fmt, cached)
    return buf.getvalue()


def jsonld_document(kg: KnowledgeGraph, cached: list[ox.Triple] | None = None) -> dict:
    """The graph as compact JSON-LD with fengong's context inline (no context is fetched)."""
    from fengong.ontology.generate import jsonld_context

    m = kg.model
    ctx = jsonld_context(m)["@context"]
    by_iri: dict[str, tuple[str, dict]] = {}
    for term, spec in ctx.items():
        if isinstance(spec, dict):
            iri = m.expand(spec["@id"])
            if iri in by_iri:
                raise ValueError(f"two JSON-LD terms for {iri}")
            by_iri[iri] = (term, spec)
    graph: list[dict] = []
    current: dict | None = None
    for t in cached if cached is not None else _parsed(kg):
        sid = m.curie(_text(t.subject))
        if current is None or current["@id"] != sid:
            current = {"@id": sid}
            graph.append(current)
        if t.predicate == _RDF_TYPE:
            current.setdefault("@type", []).append(m.curie(_text(t.object)))
            continue
        term, spec = by_iri[t.predicate.value]
        o = t.object
        value = m.curie(o.value) if isinstance(o, ox.NamedNode) else _text(o)
        if spec.get("@container") == "@set" or term in current:
            prev = current.get(term)
            current[term] = (prev if isinstance(prev, list) else ([] if prev is None else [prev])) + [value]
        else:
            current[term] = value
    return {"@context": ctx, "@graph": graph}


def open_store(kg: KnowledgeGraph, with_ontology: bool = False) -> ox.Store:
    """An in-memory Oxigraph store holding the graph (and the ontology, if asked), ready for SPARQL."""

    store = ox.Store()
    store.bulk_load(_stream(kg), ox.RdfFormat.N_TRIPLES)
    if with_ontology:
        from importlib import resources

        data = resources.files("fengong.ontology").joinpath("fengong.ttl").read_bytes()
        store.bulk_load(data, ox.RdfFormat.TURTLE)
    return store


def rdflib_graph(kg: KnowledgeGraph, oxigraph: bool = True):
    """The graph as an ``rdflib.Graph``, backed by Oxigraph (oxrdflib) unless ``oxigraph=False``."""
    import rdflib

    g = rdflib.Graph(store="Oxigraph") if oxigraph else rdflib.Graph()
    for p, ns in kg.model.prefixes.items():
        g.bind(p, ns)
    g.parse(data=to_bytes(kg, "nt"), format="ox-nt" if oxigraph else "nt")
    return g
