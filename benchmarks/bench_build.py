"""Build throughput on the sample corpus: `python benchmarks/bench_build.py [--repeat N]`.

Prints, per file, the size, the best wall time of N builds and the parse throughput (MB/s),
and the whole build (read, split, detect, parse) of all files.
"""
from __future__ import annotations

import argparse
import time

from fengong.build import build_paths, build_source
from fengong.build.source import read_source
from fengong.data import SAMPLE_CORPUS


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    print(f"{'file':28s} {'MB':>7s} {'best s':>8s} {'MB/s':>7s} {'tasks':>6s}")
    total_mb = 0.0
    for path in sorted(SAMPLE_CORPUS.glob("*.txt")):
        src = read_source(path)
        mb = len(src.text.encode("utf-8")) / 1e6
        total_mb += mb
        best = min(_timed(lambda: build_source(src)) for _ in range(args.repeat))
        tasks = len(build_source(src).tasks)
        print(f"{path.name:28s} {mb:7.3f} {best:8.3f} {mb / best:7.2f} {tasks:6d}")
    best = min(_timed(build_paths) for _ in range(args.repeat))
    print(f"{'whole sample corpus':28s} {total_mb:7.3f} {best:8.3f} {total_mb / best:7.2f}")


def _timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


if __name__ == "__main__":
    main()
