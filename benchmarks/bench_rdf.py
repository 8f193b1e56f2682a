"""RDF and SPARQL side by side: `python benchmarks/bench_rdf.py [--tasks N] [--corpus DIR]`.

On the graph of a synthetic corpus (``fengong synth``) or of ``--corpus DIR``, measures:

* RDF serialisation: fengong's path (N-Triples written as text, Turtle re-serialised by Oxigraph)
  against rdflib's own serializer on the same triples (triples/s, and the ratio);
* a SPARQL GROUP BY (responsible tasks per unit and year): load + query time in rdflib's
  in-memory store, through oxrdflib (rdflib API over Oxigraph) and in pyoxigraph directly, and the
  same counts from pandas and networkx; then fengong's whole ``workload.rq`` in Oxigraph against
  the pandas ``workload`` it equals.

Every engine's answer is checked against pandas' before its time is printed.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import corpus_graph, row, table  # noqa: E402


def _timed(fn):
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


def bench(kg, rdflib_limit: int = 2_000_000) -> list[dict]:
    import pyoxigraph as ox
    import rdflib

    from fengong.graph import rdf
    from fengong.graph.queries.workload import workload
    from fengong.graph.sparql import named_query, select

    rows: list[dict] = []
    nt, t_nt = _timed(lambda: _nt_bytes(kg))
    n = nt.count(b"\n")
    ttl, t_ttl = _timed(lambda: rdf.to_bytes(kg, "ttl"))
    _, t_terms = _timed(lambda: ox.serialize(rdf.triples(kg), format=ox.RdfFormat.N_TRIPLES))
    rows.append(row("RDF N-Triples: fengong (streamed text, Oxigraph's bytes)", t_nt, n, "triples"))
    rows.append(row("RDF Turtle: fengong (Oxigraph re-serialising the stream)", t_ttl, n, "triples"))
    rows.append(
        row("RDF N-Triples: pyoxigraph term objects (fengong's earlier path)", t_terms, n, "triples", peer=t_nt)
    )
    if n <= rdflib_limit:
        g = rdflib.Graph()
        _, t_parse = _timed(lambda: g.parse(data=nt, format="nt"))
        _, t_rnt = _timed(lambda: g.serialize(format="nt", encoding="utf-8"))
        _, t_rttl = _timed(lambda: g.serialize(format="turtle", encoding="utf-8"))
        rows.append(row("RDF: N-Triples, rdflib serializer", t_rnt, n, "triples", peer=t_nt))
        rows.append(row("RDF: Turtle, rdflib serializer", t_rttl, n, "triples", peer=t_ttl))

        # the yardstick: one GROUP BY over the graph (responsible tasks per unit and year),
        # in every engine; fengong's whole workload.rq (five grouped sub-queries) in Oxigraph only
        query = _GROUP_BY
        want, t_pandas = _timed(lambda: _pandas_counts(kg))
        expect = len(want)
        store, t_load = _timed(lambda: _ox_store(nt))
        got, t_q = _timed(lambda: select(store, query))
        assert len(got) == expect, (len(got), expect)
        full, t_full = _timed(lambda: select(store, named_query("workload")))
        _, t_wl = _timed(lambda: workload(kg, by="year"))
        assert len(full) == len(workload(kg, by="year"))
        rows.append(row("SPARQL: pyoxigraph load", t_load, n, "triples"))
        rows.append(row("SPARQL GROUP BY: pyoxigraph", t_q))
        rows.append(row("SPARQL: rdflib in-memory load (N-Triples)", t_parse, n, "triples", peer=t_load))
        prologue = _prologue(query)
        res, t_rq = _timed(lambda: list(g.query(prologue)))
        assert len(res) == expect, (len(res), expect)
        rows.append(row("SPARQL GROUP BY: rdflib in-memory", t_rq, peer=t_q))
        og = rdflib.Graph(store="Oxigraph")
        _, t_oload = _timed(lambda: og.parse(data=nt, format="ox-nt"))
        res, t_oq = _timed(lambda: list(og.query(prologue)))
        assert len(res) == expect, (len(res), expect)
        rows.append(row("SPARQL: oxrdflib load", t_oload, n, "triples", peer=t_load))
        rows.append(row("SPARQL GROUP BY: oxrdflib", t_oq, peer=t_q))
        rows.append(row("same counts: pandas groupby", t_pandas))
        _, t_nx = _timed(lambda: _networkx_workload(kg))
        rows.append(row("same counts: networkx edges", t_nx))
        rows.append(row("workload (whole) in pandas, fengong.graph.queries", t_wl))
        rows.append(row("workload.rq (the same answer) in pyoxigraph", t_full, peer=t_wl))
    return rows


_GROUP_BY = """SELECT ?unit ?year (COUNT(DISTINCT ?t) AS ?n)
WHERE { ?t fg:responsibleUnit ?unit ; fg:year ?year } GROUP BY ?unit ?year"""


def _pandas_counts(kg):
    from fengong.graph.queries.base import assignment_frame, task_frame

    a = assignment_frame(kg)
    a = a[a["role"] == "responsible"].merge(task_frame(kg)[["task", "year"]], on="task")
    return a.groupby(["unit", "year"])["task"].nunique()


def _nt_bytes(kg) -> bytes:
    from fengong.graph import ntriples

    buf = io.BytesIO()
    ntriples.write(kg, buf)
    return buf.getvalue()


def _ox_store(nt: bytes):
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(io.BytesIO(nt), format=ox.RdfFormat.N_TRIPLES)
    return store


def _prologue(query: str) -> str:
    from fengong.graph.sparql import _prefixes

    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in _prefixes().items()) + query


def _networkx_workload(kg):
    """Responsible tasks per (unit, year), from the networkx property graph."""
    from collections import Counter

    from fengong.graph.property_graph import to_networkx

    g = to_networkx(kg)
    year = {n: d.get("year") for n, d in g.nodes(data=True) if d.get("type") == "Task"}
    counts: Counter = Counter()
    for u, t, d in g.edges(data=True):
        if d.get("type") == "RESPONSIBLE_FOR":
            counts[(u, year.get(t))] += 1
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tasks", type=int, default=10_000)
    ap.add_argument("--corpus", type=Path)
    args = ap.parse_args()
    kg, label = corpus_graph(args.tasks, args.corpus)
    print(f"{label}: {len(kg.nodes)} nodes, {len(kg.edges)} relationships")
    print(table(bench(kg)))


if __name__ == "__main__":
    main()
