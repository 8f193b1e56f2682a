"""Neo4j load throughput, Bolt and bulk import: `python benchmarks/bench_neo4j.py [--tasks N] [--batch-size B]`.

Builds a synthetic graph shaped like the seeds (per task: 1–2 lead officials, 1–4 responsible
units, 0–5 assisting units, a document and a section; units and officials drawn from fixed pools
with a skewed, seeded distribution), starts a genuine Neo4j 5.26 server (fengong.testing), loads the
graph with fengong's loader (into an empty database: the CREATE path) and prints nodes/s and
relationships/s, then loads it again (the idempotent reload, all MERGE hits) and checks the counts.
Then the bulk path on the same graph: ``write_neo4j_csv`` (what ``fengong export neo4j-csv``
writes) and ``neo4j-admin database import full`` into a fresh, never-started server home, whose
counts are checked equal too.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import tempfile
import time
from pathlib import Path

from fengong.graph.ids import make_id
from fengong.graph.kg import KnowledgeGraph


def synthetic_graph(tasks: int, seed: int = 7) -> KnowledgeGraph:
    rnd = random.Random(seed)
    kg = KnowledgeGraph()
    units = [make_id("unit", "synth", i) for i in range(400)]
    for i, u in enumerate(units):
        kg.add_node(u, "Unit", name=f"区单位{i}", kind="department", collective=i % 50 == 0, aliases=[f"单位{i}"])
    officials = [make_id("official", "synth", i) for i in range(40)]
    for i, o in enumerate(officials):
        kg.add_node(o, "Official", name=f"领导{i}", collective=False)
    weights = [1 / (k + 1) for k in range(len(units))]  # a few units carry most tasks, as in the seeds
    doc = sec = None
    for t in range(tasks):
        if t % 150 == 0:
            doc = make_id("doc", "synth", t)
            kg.add_node(doc, "Document", title=f"行动计划{t // 150}", year=2020 + t % 5, plan=True, in_corpus=True)
        if t % 15 == 0:
            sec = make_id("sec", doc, t)
            kg.add_node(sec, "Section", title=f"第{t // 15}部分", level=1)
            kg.add_edge(sec, "IN_DOCUMENT", doc)
        tid = make_id("task", "synth", t)
        kg.add_node(
            tid,
            "Task",
            number=str(t % 150 + 1),
            text=f"推进第{t}项重点工作，确保按期完成。",
            year=2020 + t % 5,
            deadline="2023-12-31",
            deadline_text="2023年12月底",
            deadline_kind="date",
            split="certain",
            source_file="synth.txt",
            source_line=t * 7 + 1,
            source_line_end=t * 7 + 6,
        )
        kg.add_edge(tid, "IN_DOCUMENT", doc)
        kg.add_edge(tid, "IN_SECTION", sec)
        for k, o in enumerate(rnd.sample(officials, rnd.choice((1, 1, 1, 2))), 1):
            kg.add_edge(
                o, "LEADS", tid, key=str(k), order=k, printed="领导", source_line=t * 7 + 4, source_line_end=t * 7 + 4
            )
        chosen = rnd.choices(units, weights, k=rnd.choice((1, 1, 2, 2, 3, 4)) + rnd.choice((0, 0, 1, 2, 3, 5)))
        n_resp = max(1, len(chosen) // 2)
        for k, u in enumerate(chosen, 1):
            rel = "RESPONSIBLE_FOR" if k <= n_resp else "ASSISTS"
            order = k if k <= n_resp else k - n_resp
            kg.add_edge(
                u,
                rel,
                tid,
                key=str(order),
                order=order,
                printed="单位",
                split="certain",
                source_line=t * 7 + 5,
                source_line_end=t * 7 + 5,
            )
    return kg


def bolt_load(kg: KnowledgeGraph, batch_size: int, warm_up: int) -> dict:
    """A fresh server: the first load (into an empty database: CREATE), then the reload (MERGE)."""
    from fengong.graph import neo4j as fn
    from fengong.testing.neo4j_server import Neo4jServer

    out = {}
    with Neo4jServer(heap="2g", pagecache="1g") as server:
        print(f"Neo4j {server.version} started in {server.start_seconds:.1f} s")
        driver = fn.connect(fn.Neo4jTarget(server.uri, server.user, server.password))
        with driver:
            if warm_up:
                t = time.perf_counter()
                small = synthetic_graph(warm_up, seed=8)
                fn.load(small, driver, batch_size=batch_size)  # the CREATE path
                fn.load(small, driver, batch_size=batch_size)  # the MERGE path
                fn.clear(driver)
                print(f"warm-up: {warm_up} tasks loaded and cleared in {time.perf_counter() - t:.1f} s")
            t = time.perf_counter()
            fn.load(kg, driver, batch_size=batch_size)
            out["first"] = time.perf_counter() - t
            t = time.perf_counter()
            fn.load(kg, driver, batch_size=batch_size)
            out["again"] = time.perf_counter() - t
            out["counts"] = fn.counts(driver)
    return out


def bulk_import(kg: KnowledgeGraph, folder: Path) -> dict:
    """fengong's CSV files, then neo4j-admin database import full into a fresh, never-started server home."""
    from fengong.graph import neo4j as fn
    from fengong.graph.neo4j_csv import import_command, write_neo4j_csv
    from fengong.testing.neo4j_server import ADMIN_TOOL, Neo4jServer, Neo4jServerError

    out = {}
    t = time.perf_counter()
    write_neo4j_csv(kg, folder)
    out["export"] = time.perf_counter() - t
    out["bytes"] = sum(p.stat().st_size for p in folder.iterdir())

    class Imported(Neo4jServer):
        def _prepare(self, java, lib):
            super()._prepare(java, lib)  # run folder, conf, initial password
            env = dict(os.environ, NEO4J_HOME=str(self.run_dir), NEO4J_CONF=str(self.run_dir / "conf"))
            command = import_command(folder, "neo4j", admin=[java, "-Xmx1g", "-cp", f"{lib}/*", ADMIN_TOOL])
            began = time.perf_counter()
            done = subprocess.run(
                command,
                env=env,
                cwd=self.run_dir,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=1200,
            )
            out["import"] = time.perf_counter() - began
            if done.returncode != 0:
                raise Neo4jServerError(f"import failed ({done.returncode}):\n{done.stdout[-4000:]}\n{done.stderr}")

    with Imported(heap="1g", pagecache="512m") as server:
        with server.driver() as driver:
            out["counts"] = fn.counts(driver)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tasks", type=int, default=100_000)
    ap.add_argument("--batch-size", type=int, default=10_000)
    ap.add_argument(
        "--warm-up",
        type=int,
        default=0,
        metavar="TASKS",
        help="first load twice (CREATE, then MERGE) and clear a graph of this many tasks, so the "
        "timed loads run on a JIT-warm server as a long-running one is (default 0: a "
        "cold JVM, whose JIT compiler threads take as much CPU as the load itself)",
    )
    ap.add_argument("--skip-bulk", action="store_true", help="only the Bolt loads")
    args = ap.parse_args()

    t = time.perf_counter()
    kg = synthetic_graph(args.tasks)
    n_nodes, n_rels = len(kg.nodes), len(kg.edges)
    print(
        f"synthetic graph: {args.tasks} tasks, {n_nodes} nodes, {n_rels} relationships "
        f"({time.perf_counter() - t:.1f} s to build); load average {os.getloadavg()[0]:.2f}"
    )
    bolt = bolt_load(kg, args.batch_size, args.warm_up)
    assert bolt["counts"] == kg.counts(), (bolt["counts"], kg.counts())
    print(f"load average {os.getloadavg()[0]:.2f}")
    rows = [("Bolt first load (CREATE)", bolt["first"]), ("Bolt reload (MERGE, idempotent)", bolt["again"])]
    if not args.skip_bulk:
        with tempfile.TemporaryDirectory(prefix="fengong-bench-csv-") as tmp:
            bulk = bulk_import(kg, Path(tmp))
        assert bulk["counts"] == kg.counts(), (bulk["counts"], kg.counts())
        print(f"neo4j-csv: {bulk['bytes'] / 1e6:.0f} MB written; load average {os.getloadavg()[0]:.2f}")
        rows += [
            ("export neo4j-csv (write files)", bulk["export"]),
            ("neo4j-admin import full", bulk["import"]),
            ("export + import", bulk["export"] + bulk["import"]),
        ]
    print(f"{'path':32s} {'seconds':>8s} {'nodes/s':>10s} {'rels/s':>10s}")
    for name, s in rows:
        print(f"{name:32s} {s:8.1f} {n_nodes / s:10.0f} {n_rels / s:10.0f}")
    print(
        "(nodes/s and rels/s divide each count by the whole step's time; counts checked equal after the "
        "reload and after the import)"
    )


if __name__ == "__main__":
    main()
