"""Every benchmark in one run: `python benchmarks/run_all.py [--quick]` (what `make bench` runs).

Each benchmark runs in its own process (so peak memory is its own) and prints a Markdown table;
this script prints them one after another under headings, with the machine and the wall time of
each, and writes the whole report to ``benchmarks/results.md`` (the README quotes it).
``--quick`` leaves out the million-task build and shrinks the other sizes.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent


def _machine() -> str:
    mem = ""
    try:
        kb = int(next(ln for ln in open("/proc/meminfo") if ln.startswith("MemTotal")).split()[1])
        mem = f", {kb / 1024**2:.0f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{platform.machine()}, {os.cpu_count()} CPUs{mem}, Python {platform.python_version()}, "
        f"load average {load:.2f} at start"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    py = sys.executable
    sizes = ["10000", "100000"] if args.quick else ["10000", "100000", "1000000"]
    runs = [
        ("Seeds: every command", [py, str(HERE / "bench_seeds.py")]),
        ("Parse throughput per file and layout (sample corpus)", [py, str(HERE / "bench_build.py"), "--repeat", "3"]),
        (
            "Whole build at scale (synthetic corpora, fengong build --bulk)",
            [py, str(HERE / "bench_scale.py"), "--tasks", *sizes],
        ),
        ("RDF and SPARQL: fengong (Oxigraph) vs rdflib", [py, str(HERE / "bench_rdf.py"), "--tasks", "3300"]),
        ("Questions on the in-memory graph (sample corpus)", [py, str(HERE / "bench_queries.py")]),
        (
            "Neo4j: Bolt load and the bulk importer",
            [py, str(HERE / "bench_neo4j.py"), "--tasks", "20000" if args.quick else "50000"],
        ),
        ("Maps: generation and time-to-interactive in Chromium", [py, str(HERE / "bench_maps.py")]),
        (
            "Briefing pictures and the atlas (sample corpus; synthetic corpus)",
            [py, str(HERE / "bench_pictures.py"), "--tasks", "10000" if args.quick else "100000"],
        ),
    ]
    report = [f"# fengong benchmarks\n\nMachine: {_machine()}.\n"]
    began = time.perf_counter()
    for title, cmd in runs:
        if not Path(cmd[1]).exists():
            report.append(f"## {title}\n\n(not available: {Path(cmd[1]).name} missing)\n")
            continue
        print(f"## {title}", flush=True)
        t = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True)
        took = time.perf_counter() - t
        body = (
            proc.stdout.strip()
            if proc.returncode == 0
            else f"FAILED (exit {proc.returncode}):\n```\n{(proc.stderr or proc.stdout)[-3000:]}\n```"
        )
        print(body + f"\n\n({took:.0f} s)\n", flush=True)
        report.append(f"## {title}\n\n{body}\n\n({took:.0f} s)\n")
    total = time.perf_counter() - began
    report.append(f"Total: {total / 60:.1f} minutes.\n")
    print(f"Total: {total / 60:.1f} minutes.")
    (HERE / "results.md").write_text("\n".join(report), encoding="utf-8")


if __name__ == "__main__":
    main()
