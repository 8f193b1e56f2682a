"""Every output on the sample corpus, as a user runs it: `python benchmarks/bench_seeds.py`.

Each command runs as its own process (Python start-up and imports included), first with the
graph cache off (``FENGONG_CACHE=off``: read, parse and assemble every time) and then warm (the
graph cached by an earlier command). The goal is under 2 s wall for every output.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FENGONG = str(Path(sys.executable).with_name("fengong"))


def commands(out: Path) -> list[tuple[str, list[str]]]:
    q = Path(__file__).resolve().parents[1] / "fengong" / "graph" / "queries" / "sparql" / "workload.rq"
    return [
        ("build (records, coverage)", ["build", "-q"]),
        ("build --output (all files)", ["build", "-q", "--output", str(out / "all")]),
        ("build --bulk --output", ["build", "-q", "--bulk", "--output", str(out / "bulk")]),
        ("export records", ["export", "records", "-o", str(out / "r.jsonl")]),
        ("export rdf (Turtle)", ["export", "rdf", "--format", "ttl", "-o", str(out / "g.ttl")]),
        ("export graphml", ["export", "graphml", "-o", str(out / "g.graphml")]),
        ("export tables", ["export", "tables", "-o", str(out / "tables")]),
        ("export neo4j-csv", ["export", "neo4j-csv", "-o", str(out / "neo4j")]),
        ("sparql workload.rq", ["sparql", str(q), "--format", "csv"]),
        ("workload", ["workload", "--format", "csv", "-o", str(out / "w2.csv")]),
        ("unit 区发改委", ["unit", "区发改委", "--format", "csv", "-o", str(out / "u.csv")]),
        ("official 郑皓", ["official", "郑皓", "--format", "csv", "-o", str(out / "o.csv")]),
        ("deadlines 2023Q4", ["deadlines", "2023Q4", "--format", "csv", "-o", str(out / "d.csv")]),
        ("coordination centrality", ["coordination", "centrality", "--format", "csv", "-o", str(out / "c.csv")]),
        ("map network (HTML)", ["map", "network", "-o", str(out / "m.html")]),
        ("map unit (PNG slide)", ["map", "unit", "--unit", "区发改委", "-o", str(out / "m.png")]),
        ("site (atlas, no maps)", ["site", "--output", str(out / "site"), "--no-maps"]),
    ]


def _run(args: list[str], env: dict) -> float:
    t = time.perf_counter()
    subprocess.run([FENGONG, *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    return time.perf_counter() - t


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        cold_env = dict(os.environ, FENGONG_CACHE="off")
        warm_env = dict(os.environ, FENGONG_CACHE=str(out / "cache"))
        _run(["workload", "--format", "csv", "-o", str(out / "warmup.csv")], warm_env)  # fills the cache
        print("| output | cold s (no cache) | warm s (graph cached) | under 2 s |")
        print("|---|---:|---:|:---:|")
        for name, args in commands(out):
            cold = _run(args, cold_env)
            warm = _run(args, warm_env)
            print(f"| {name} | {cold:.2f} | {warm:.2f} | {'yes' if min(cold, warm) < 2 else 'no'} |", flush=True)


if __name__ == "__main__":
    main()
