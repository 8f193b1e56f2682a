"""Benchmark: the briefing pictures and the atlas.

* Seeds (the sample corpus): each picture (unit, official, coordination, matrix, workload) as SVG,
  PNG and HTML, seconds in this process (best of ``--repeat``, the graph built once).
* The atlas: ``fengong site`` (with its pictures) against a plain ``fengong build`` of the same
  documents, both in fresh processes (best of ``--repeat``); the ratio (goal ≤ 5×), the atlas's
  size on disk and zipped (goal ≤ 5 MB).
* A synthetic corpus (``--tasks``, default 100,000; ``fengong synth``, built in memory once): each
  picture's model and SVG, seconds (the first includes the task and assignment frames).

Run ``python benchmarks/bench_pictures.py`` (about 3 minutes with 100,000 tasks); prints Markdown tables.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

SEEDS = {
    "unit": {"unit": "区水务局"},
    "official": {"official": "倪德才"},
    "coordination": {},
    "matrix": {},
    "workload": {},
}


def _best(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def _fengong(*args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "fengong.cli", *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def seeds_table(repeat: int) -> str:
    from fengong.build import build_paths
    from fengong.graph.assemble import build_graph
    from fengong.viz.briefing import picture
    from fengong.viz.slides import slide_bytes, slide_html

    kg = build_graph(build_paths())
    picture(kg, "workload")  # frames and fonts loaded once, outside the timings
    slide_bytes(picture(kg, "workload"), "png")
    out = ["| picture (sample corpus) | SVG s | PNG s | HTML s |", "|---|---:|---:|---:|"]
    for kind, kw in SEEDS.items():
        svg = _best(lambda: slide_bytes(picture(kg, kind, **kw), "svg"), repeat)
        png = _best(lambda: slide_bytes(picture(kg, kind, **kw), "png"), repeat)
        html = _best(lambda: slide_html(picture(kg, kind, **kw)), repeat)
        out.append(f"| {kind} | {svg:.3f} | {png:.3f} | {html:.3f} |")
    return "\n".join(out)


def atlas_table(repeat: int) -> str:
    with tempfile.TemporaryDirectory() as d:
        build = _best(lambda: _fengong("build"), repeat)  # a plain build: reads, prints its coverage table
        site = _best(lambda: _fengong("site", "-o", str(Path(d) / "atlas"), "--today", "2026-01-01"), repeat)
        files = [p for p in (Path(d) / "atlas").rglob("*") if p.is_file()]
        size = sum(p.stat().st_size for p in files)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for p in sorted(files):
                z.write(p, p.relative_to(d))
        zipped = len(buf.getvalue())
    return (
        "| sample corpus | seconds | vs `fengong build` | files | MB | MB zipped |\n|---|---:|---:|---:|---:|---:|\n"
        f"| `fengong build` | {build:.2f} | 1.0× | | | |\n"
        f"| `fengong site` (atlas with pictures) | {site:.2f} | {site / build:.1f}× | {len(files)} "
        f"| {size / 1e6:.1f} | {zipped / 1e6:.2f} |"
    )


def synthetic_table(tasks: int) -> str:
    from common import corpus_graph

    from fengong.viz.briefing import picture
    from fengong.viz.slides import slide_svg

    t = time.perf_counter()
    kg, label = corpus_graph(tasks)
    built = time.perf_counter() - t
    from fengong.graph.queries.workload import workload

    busiest = workload(kg, collectives=False).iloc[0]["unit"]
    official = min(kg.nodes_of("Official"), key=lambda n: n.id).id
    kinds = {
        "workload": {},
        "unit": {"unit": busiest},
        "official": {"official": official},
        "coordination": {},
        "matrix": {},
    }
    out = [f"{label}: graph built in {built:.1f} s\n", "| picture | model s | SVG s | labels |", "|---|---:|---:|---:|"]
    for kind, kw in kinds.items():
        t = time.perf_counter()
        pic = picture(kg, kind, **kw)
        model = time.perf_counter() - t
        t = time.perf_counter()
        svg = slide_svg(pic)
        draw = time.perf_counter() - t
        out.append(f"| {kind} | {model:.2f} | {draw:.3f} | {svg.count('<text')} |")
    return "\n".join(out)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tasks", type=int, default=100_000, help="synthetic corpus size (0: none)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    print(seeds_table(args.repeat), end="\n\n")
    print(atlas_table(args.repeat), end="\n\n")
    if args.tasks:
        print(synthetic_table(args.tasks))


if __name__ == "__main__":
    main()
