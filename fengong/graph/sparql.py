"""SPARQL over the graph with Oxigraph, user values bound as parameters (never pasted into the query).

Results come back as pandas DataFrames; fengong IRIs become node ids (the same ids networkx and
the tables use) and literals become Python values, so answers compare across forms.

>>> from fengong.graph.kg import KnowledgeGraph
>>> from fengong.graph.rdf import open_store
>>> kg = KnowledgeGraph()
>>> kg.add_node("unit-1", "Unit", name="区财政局", kind="department", collective=False)
>>> q = "SELECT ?unit WHERE { ?unit skos:prefLabel ?name }"
>>> select(open_store(kg), q, name=("区财政局", "zh"))
     unit
0  unit-1
"""

from __future__ import annotations

import re
from typing import Any

import pyoxigraph as ox

from fengong.graph.ids import ID_BASE
from fengong.ontology.model import load_model

__all__ = ["select", "bind", "term", "python_value", "typed_value", "named_query", "NAMED_QUERIES"]

NAMED_QUERIES = ("workload", "responsibilities", "co_assignment")

_XSD = "http://www.w3.org/2001/XMLSchema#"
_NODE_ID = re.compile(r"[A-Za-z0-9_]+-[A-Za-z0-9_.-]+")  # what fengong's ids look like (prefix-hash)


def _prefixes() -> dict[str, str]:
    m = load_model()
    return {**m.prefixes, "fgid": ID_BASE}


def term(value: Any) -> ox.NamedNode | ox.Literal:
    """A SPARQL term for a Python value: ``("区财政局", "zh")`` is a language-tagged literal,
    a fengong node id (``unit-…``) is its IRI, ints, bools and floats are typed literals."""
    if isinstance(value, (ox.NamedNode, ox.Literal)):
        return value
    if isinstance(value, tuple) and len(value) == 2:
        return ox.Literal(str(value[0]), language=value[1])
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(_XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(_XSD + "integer"))
    if isinstance(value, float):
        return ox.Literal(repr(value), datatype=ox.NamedNode(_XSD + "decimal"))
    if isinstance(value, str) and value.startswith(("http://", "https://")):
        try:
            return ox.NamedNode(value)
        except ValueError:  # not an IRI (spaces, '>', …): a string, which matches no node
            return ox.Literal(value)
    return ox.Literal(str(value))


def python_value(t) -> Any:
    """A Python value for an Oxigraph term (node ids for fengong IRIs)."""
    if t is None:
        return None
    if isinstance(t, ox.NamedNode):
        v = t.value
        return v[len(ID_BASE) :] if v.startswith(ID_BASE) else v
    if isinstance(t, ox.Literal):
        dt = t.datatype.value
        if dt in (_XSD + "integer", _XSD + "int", _XSD + "long"):
            return int(t.value)
        if dt == _XSD + "boolean":
            return t.value == "true"
        if dt in (_XSD + "decimal", _XSD + "double", _XSD + "float"):
            return float(t.value)
        return t.value
    return str(t)


def bind(query: str, **params: Any) -> str:
    """``query`` with ``params`` bound by a ``VALUES`` block at the start of its first group pattern.

    Values enter as RDF terms serialised by Oxigraph (quotes and escapes included), never as
    text pasted into the query, so a hostile value stays a literal; a value that looks like a
    node id but is not one (``unit-x> }``) is a literal too, not a broken IRI:

    >>> print(bind('SELECT ?t WHERE { ?t ?p ?name }', name='x" } ; DROP ALL ; #'))
    SELECT ?t WHERE { VALUES (?name) { ("x\\" } ; DROP ALL ; #") } ?t ?p ?name }
    >>> print(bind('SELECT ?t WHERE { ?t ?p ?u }', u='unit-x> } DROP ALL'))
    SELECT ?t WHERE { VALUES (?u) { ("unit-x> } DROP ALL") } ?t ?p ?u }
    """
    if not params:
        return query
    names, values = [], []
    for name, value in sorted(params.items()):
        if not name.isidentifier():
            raise ValueError(f"not a SPARQL variable name: {name!r}")
        if isinstance(value, str) and _NODE_ID.fullmatch(value) and value.split("-", 1)[0] in _id_prefixes():
            value = ox.NamedNode(ID_BASE + value)
        names.append(f"?{name}")
        values.append(str(term(value)))
    i = _first_brace(query)
    block = f" VALUES ({' '.join(names)}) {{ ({' '.join(values)}) }}"
    return query[: i + 1] + block + query[i + 1 :]


def _first_brace(query: str) -> int:
    """Index of the first ``{`` outside IRIs, strings and comments."""
    i, n = 0, len(query)
    while i < n:
        c = query[i]
        if c == "{":
            return i
        if c == "#":
            i = query.find("\n", i)
            i = n if i < 0 else i
        elif c == "<" and re.match(r"<[^\s<>\"{}|^`]*>", query[i:]):
            i = query.index(">", i)
        elif c in "\"'":
            j = i + 1
            while j < n and query[j] != c:
                j += 2 if query[j] == "\\" else 1
            i = j
        i += 1
    raise ValueError("the query has no group pattern ({ … }) to bind values in")


def typed_value(text: str):
    """A parameter typed on a command line, as the value it most likely means: an integer, a
    boolean, a ``(text, language)`` label, else a plain string (a node id stays a string and
    :func:`term` makes it that node).

    >>> typed_value("2023"), typed_value("true"), typed_value("区财政局@zh"), typed_value("unit-1")
    (2023, True, ('区财政局', 'zh'), 'unit-1')
    """
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if text in ("true", "false"):
        return text == "true"
    m = re.fullmatch(r"(.*)@([a-zA-Z]{2,3}(?:-[a-zA-Z0-9]+)*)", text)
    if m:
        return (m.group(1), m.group(2))
    return text


def select(store: ox.Store, query: str, **params: Any):
    """Run a SELECT query; ``params`` bind variables by name (``unit="unit-…"`` binds ``?unit``).

    A value that is a node id binds the node's IRI, so ``select(store, q, unit="unit-ab…")`` works.
    """
    import pandas as pd

    used = set(re.findall(r"[?$]([A-Za-z_]\w*)", re.sub(r"(?m)^\s*#.*$", "", query)))
    for name in params:
        if name not in used:  # a parameter the query never reads would silently change nothing
            raise ValueError(
                f"the query has no ?{name}, so --param {name}=… would change nothing; "
                f"its variables are {', '.join('?' + v for v in sorted(used)) or 'none'}"
            )
    result = store.query(bind(query, **params), prefixes=_prefixes())
    if not isinstance(result, ox.QuerySolutions):
        raise ValueError("a SELECT query is needed: ASK and CONSTRUCT give no table")
    columns = [v.value for v in result.variables]
    rows = [[python_value(sol[c]) for c in columns] for sol in result]
    return pd.DataFrame(rows, columns=columns)


def _id_prefixes() -> set[str]:
    m = load_model()
    prefixes = {t.id_prefix for t in m.types.values()}
    prefixes |= {r.qualified.id_prefix for r in m.relations.values() if r.qualified}
    return prefixes


def named_query(name: str) -> str:
    """The text of one of fengong's named queries (``fengong/graph/queries/sparql/<name>.rq``).

    >>> "fg:responsibleUnit" in named_query("workload")
    True
    """
    from importlib import resources

    if name not in NAMED_QUERIES:
        raise ValueError(f"no named query {name!r}; choose one of {', '.join(NAMED_QUERIES)}")
    return resources.files("fengong.graph.queries").joinpath("sparql", f"{name}.rq").read_text(encoding="utf-8")
