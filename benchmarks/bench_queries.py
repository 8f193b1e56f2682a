"""Graph and question latency on the sample corpus: `python benchmarks/bench_queries.py [--repeat N]`.

Prints the best wall time of N runs for: assembling the graph, each output form, the query
functions in-process, and each CLI question as a user runs it (a fresh process with a warm cache,
imports included).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def _cold_workload(corpus) -> float:
    """The workload on a fresh graph whose frames are not computed yet (the graph built untimed)."""
    from fengong.graph.assemble import build_graph
    from fengong.graph.queries.workload import workload

    kg = build_graph(corpus)
    return _timed(lambda: workload(kg))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    from fengong.build import build_paths
    from fengong.graph.assemble import build_graph
    from fengong.graph.export import write_graph_files
    from fengong.graph.queries.coordination import co_assignment_graph
    from fengong.graph.queries.measures import centrality
    from fengong.graph.queries.responsibilities import responsibilities
    from fengong.graph.queries.workload import workload
    from fengong.graph.rdf import open_store
    from fengong.graph.sparql import named_query, select

    corpus = build_paths()
    best = lambda fn: min(_timed(fn) for _ in range(args.repeat))  # noqa: E731
    rows = [("assemble graph (records → graph)", best(lambda: build_graph(corpus)))]
    kg = build_graph(corpus)
    with tempfile.TemporaryDirectory() as tmp:
        rows.append(("write every graph form + tables", best(lambda: write_graph_files(kg, tmp))))
    store = open_store(kg)
    rows += [
        ("workload (pandas, cold frames)", min(_cold_workload(corpus) for _ in range(args.repeat))),
        ("workload (pandas, warm)", best(lambda: workload(kg))),
        ("responsibilities 区生态环境局 (pandas)", best(lambda: responsibilities(kg, "区生态环境局"))),
        ("co-assignment centrality 2022", best(lambda: centrality(co_assignment_graph(kg, year=2022)))),
        ("workload (SPARQL, Oxigraph)", best(lambda: select(store, named_query("workload")))),
    ]
    env = dict(os.environ, FENGONG_CACHE=tempfile.mkdtemp())
    cli = [Path(sys.executable).parent / "fengong"]
    subprocess.run(cli + ["workload", "-f", "csv"], env=env, check=True, capture_output=True)  # warm the cache
    for question in (
        ["workload"],
        ["unit", "区生态环境局"],
        ["official", "郑皓"],
        ["deadlines", "2023Q4"],
        ["coordination", "centrality"],
    ):
        cmd = cli + question + ["-f", "csv"]
        t = best(lambda: subprocess.run(cmd, env=env, check=True, capture_output=True))
        rows.append(("CLI: fengong " + " ".join(question), t))
    print(f"{'step':48s} {'best s':>8s}")
    for name, t in rows:
        print(f"{name:48s} {t:8.3f}")


if __name__ == "__main__":
    main()
