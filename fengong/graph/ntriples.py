"""N-Triples written as text, streamed: the same triples, in the same order and bytes, as
:func:`fengong.graph.rdf.triples` serialised by Oxigraph — without building a term object per
triple, which is what costs time and memory on a large corpus (a task carries ~80 triples).

>>> from fengong.graph.kg import KnowledgeGraph
>>> kg = KnowledgeGraph()
>>> kg.add_node("unit-1", "Unit", name='区"财政"局', kind="department", collective=False)
>>> print("".join(lines(kg)))
<https://w3id.org/fengong/id/unit-1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/org#Organization> .
<https://w3id.org/fengong/id/unit-1> <http://www.w3.org/2004/02/skos/core#prefLabel> "区\\"财政\\"局"@zh .
<https://w3id.org/fengong/id/unit-1> <http://www.w3.org/ns/org#classification> <https://w3id.org/fengong/ns#kind-department> .
<https://w3id.org/fengong/id/unit-1> <https://w3id.org/fengong/ns#collective> "false"^^<http://www.w3.org/2001/XMLSchema#boolean> .
<BLANKLINE>
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from itertools import islice
from typing import IO, Any

from fengong.graph.ids import ID_BASE, make_id
from fengong.graph.kg import Edge, KnowledgeGraph, Node
from fengong.ontology.model import Property

__all__ = ["lines", "write", "literal"]

_XSD = "http://www.w3.org/2001/XMLSchema#"
_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f]')


def _escape_char(m: re.Match) -> str:
    c = m.group()
    return _ESCAPES.get(c) or f"\\u{ord(c):04X}"


def literal(text: str, suffix: str = "") -> str:
    """A quoted literal as Oxigraph writes it (``suffix``: ``@zh`` or ``^^<datatype>``).

    >>> literal('a"b\\x01', "@zh")
    '"a\\\\"b\\\\u0001"@zh'
    """
    if _NEEDS_ESCAPE.search(text):
        text = _NEEDS_ESCAPE.sub(_escape_char, text)
    return f'"{text}"{suffix}'


class _Writer:
    def __init__(self, kg: KnowledgeGraph) -> None:
        self.model = kg.model
        self.iri: dict[str, str] = {}
        self.dt = {
            k: f"^^<{_XSD}{v}>"
            for k, v in (("int", "integer"), ("bool", "boolean"), ("date", "date"), ("decimal", "decimal"))
        }
        # keyed by id(): the model's Property objects and property dicts live as long as the model
        self._formats: dict[int, Any] = {}
        self._plans: dict[int, list] = {}

    def named(self, iri: str) -> str:
        s = self.iri.get(iri)
        if s is None:
            s = self.iri[iri] = f"<{iri}>"
        return s

    def _formatter(self, p: Property):
        """A function from a value of ``p`` to its object term, made once per property."""
        f = self._formats.get(id(p))
        if f is None:
            dt = p.datatype
            if dt == "text":
                f = lambda v: literal(str(v), "@zh")  # noqa: E731
            elif dt == "concept":
                f = lambda v, c=p.concepts: self.named(self.model.concept_iri(c, v))  # noqa: E731
            elif dt == "bool":
                yes, no = '"true"' + self.dt["bool"], '"false"' + self.dt["bool"]
                f = lambda v: yes if v else no  # noqa: E731
            elif dt == "decimal":
                f = lambda v, t=self.dt["decimal"]: f'"{round(float(v), 6)!r}"' + t  # noqa: E731
            elif dt == "int":
                f = lambda v, t=self.dt["int"]: f'"{int(v)}"' + t  # noqa: E731
            elif dt == "string":
                f = lambda v: literal(str(v))  # noqa: E731
            else:
                f = lambda v, t=self.dt[dt]: literal(str(v), t)  # noqa: E731
            self._formats[id(p)] = f
        return f

    def _plan(self, props: dict[str, Property]) -> list[tuple[str, str, bool, Any]]:
        """(name, predicate term, many, formatter) for each property of a type or relation, in model order."""
        plan = self._plans.get(id(props))
        if plan is None:
            plan = self._plans[id(props)] = [
                (name, self.named(p.rdf), p.many, self._formatter(p)) for name, p in props.items()
            ]
        return plan

    def props(self, s: str, props: dict[str, Property], values: dict[str, Any], out: list[str]) -> None:
        get = values.get
        for name, pred, many, fmt in self._plan(props):
            v = get(name)
            if v is None:
                continue
            if many:
                out.extend(f"{s} {pred} {fmt(item)} .\n" for item in v)
            else:
                out.append(f"{s} {pred} {fmt(v)} .\n")

    def node(self, node: Node, out: list[str]) -> None:
        s = f"<{ID_BASE}{node.id}>"
        for c in self.model.classes_of(node.type, node.props):
            out.append(f"{s} {_TYPE} {self.named(c)} .\n")
        self.props(s, self.model.types[node.type].properties, node.props, out)

    def edge(self, e: Edge, own: list[str], qualified: list[str], stated: set[str]) -> None:
        """The edge's triples; ``stated`` holds the subject's direct triples so far: parallel edges
        (a document citing another twice) state the direct triple once, each its qualification."""
        r = self.model.relations[e.type]
        subj, obj = (e.target, e.source) if r.rdf_reverse else (e.source, e.target)
        s, o = f"<{ID_BASE}{subj}>", f"<{ID_BASE}{obj}>"
        direct = f"{s} {self.named(r.rdf)} {o} .\n"
        if direct not in stated:
            stated.add(direct)
            own.append(direct)
        q = r.qualified
        if q:
            qn = f"<{ID_BASE}{make_id(q.id_prefix, e.source, e.type, e.target, e.key)}>"
            own.append(f"{s} {self.named(q.property)} {qn} .\n")
            qualified.append(f"{qn} {_TYPE} {self.named(q.cls)} .\n")
            qualified.append(f"{qn} {self.named(q.object)} {o} .\n")
            if q.role and q.role_property:
                qualified.append(f"{qn} {self.named(q.role_property)} {self.named(q.role)} .\n")
            self.props(qn, r.properties, e.props, qualified)


def lines(
    kg: KnowledgeGraph, skip_nodes: AbstractSet[str] = frozenset(), skip_relations: AbstractSet[str] = frozenset()
) -> Iterator[str]:
    """The graph's N-Triples lines, subject by subject in sorted node order (as :func:`rdf.triples`).

    ``skip_nodes`` are nodes whose own triples are left out (their edges stay), ``skip_relations``
    relations left out: a bulk build writes the shared units and officials once, at the end.
    """
    w = _Writer(kg)
    rel = kg.model.relations
    by_subject: dict[str, list[Edge]] = defaultdict(list)
    for e in kg.edges.values():
        if e.type not in skip_relations:
            by_subject[e.target if rel[e.type].rdf_reverse else e.source].append(e)
    for node in kg.sorted_nodes():
        out: list[str] = []
        if node.id not in skip_nodes:
            w.node(node, out)
        qualified: list[str] = []
        stated: set[str] = set()
        for e in sorted(by_subject.get(node.id, ()), key=lambda e: (e.source, e.type, e.target, e.key)):
            w.edge(e, out, qualified, stated)
        yield from out
        yield from qualified


def write(kg: KnowledgeGraph, stream: IO[bytes], chunk: int = 20_000) -> int:
    """Write the graph as N-Triples to a binary stream in chunks; returns the number of triples."""
    n = 0
    buf: list[str] = []
    for line in lines(kg):
        buf.append(line)
        if len(buf) >= chunk:
            stream.write("".join(buf).encode("utf-8"))
            n += len(buf)
            buf.clear()
    stream.write("".join(buf).encode("utf-8"))
    return n + len(buf)


class LineStream:
    """A binary file object over :func:`lines`, so Oxigraph can parse the graph as it is written
    (Turtle is N-Triples re-serialised by Oxigraph, streamed, never the whole graph in memory)."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        self._lines = lines(kg)
        self._buf = b""

    def read(self, size: int = -1) -> bytes:
        want = size if size >= 0 else 1 << 62
        parts = [self._buf]
        have = len(self._buf)
        while have < want:
            block = list(islice(self._lines, 5000))
            if not block:
                break
            data = "".join(block).encode("utf-8")
            parts.append(data)
            have += len(data)
        data = b"".join(parts)
        self._buf = data[want:] if size >= 0 else b""
        return data[:want] if size >= 0 else data

    def readable(self) -> bool:
        return True
