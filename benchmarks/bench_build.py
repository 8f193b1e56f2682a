"""Build throughput: `python benchmarks/bench_build.py [--repeat N] [--corpus DIR --workers N]`.

Prints, per file of the sample corpus, the size, the best wall time of N builds and the parse
throughput (MB/s); per layout, the throughput on the documents of that layout (detecting every
layout plus parsing with the chosen one; the split of the file into documents is counted apart);
and the whole build (read, split, detect, parse) of all files.

With ``--real DIR`` (default: ``../shared/real`` beside the checkout, when it is there) it prints
the same per-file figures for a folder of real plans of other governments (text and web pages),
with the layout each was read by: the task-by-task reader's speed on the world's layouts.

With ``--corpus DIR`` it also builds that folder once with ``--workers`` processes (default: as
``fengong build`` chooses) and prints the wall time, the throughput, and the peak RSS of this
process and of its largest worker (``resource.getrusage``).
"""

from __future__ import annotations

import argparse
import resource
import time
from collections import defaultdict
from pathlib import Path

from fengong.build import build_paths, build_source, iter_input_files, layouts
from fengong.build.layouts.base import Context
from fengong.build.readers import read_input
from fengong.build.source import read_source

try:
    from fengong.build.source import clear_caches
except ImportError:  # older builders keep no caches

    def clear_caches() -> None:
        pass


from fengong.build.splitter import split_documents
from fengong.data import SAMPLE_CORPUS

_REAL = Path(__file__).resolve().parents[2] / "shared" / "real"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--corpus", type=Path, help="also build this folder once and report wall time and peak RSS")
    ap.add_argument("--workers", type=int, default=None, help="processes for --corpus (default: automatic)")
    ap.add_argument("--real", type=Path, default=_REAL, help="a folder of real plans (default: %(default)s)")
    args = ap.parse_args()
    sources = [read_source(p) for p in sorted(SAMPLE_CORPUS.glob("*.txt"))]

    print(f"{'file':28s} {'MB':>7s} {'best s':>8s} {'MB/s':>7s} {'tasks':>6s}")
    total_mb = 0.0
    for src in sources:
        mb = _mb(src.text)
        total_mb += mb
        best = min(_timed(lambda: build_source(src)) for _ in range(args.repeat))
        tasks = len(build_source(src).tasks)
        print(f"{src.name:28s} {mb:7.3f} {best:8.3f} {mb / best:7.2f} {tasks:6d}")
    best = min(_timed(build_paths) for _ in range(args.repeat))
    print(f"{'whole sample corpus':28s} {total_mb:7.3f} {best:8.3f} {total_mb / best:7.2f}")

    print()
    _per_layout(sources, args.repeat)
    if args.real and args.real.is_dir():
        print()
        _real(args.real, args.repeat)
    if args.corpus:
        print()
        _corpus(args.corpus, args.workers)


def _per_layout(sources, repeat: int) -> None:
    """MB/s of detect + parse on the documents of each layout, and of the splitter on whole files."""
    mb: dict[str, float] = defaultdict(float)
    secs: dict[str, float] = defaultdict(float)
    docs: dict[str, int] = defaultdict(int)
    for src in sources:
        mb["(split)"] += _mb(src.text)
        secs["(split)"] += min(_timed(lambda: split_documents(src)) for _ in range(repeat))
        for seg in split_documents(src).segments:
            lines = seg.text(src)
            chosen: list[str] = []

            def run() -> None:
                # a fresh context each time: nothing a detector remembered carries over
                ctx = Context(src, seg.document, lines)
                name, _ = layouts.detect(ctx)
                if name is not None:
                    mod = layouts.get(name)
                    mod.parse_group([ctx]) if hasattr(mod, "parse_group") else mod.parse(ctx)
                chosen[:] = [name or "prose"]

            best = min(_timed(run) for _ in range(repeat))
            layout = chosen[0]
            mb[layout] += _mb("\n".join(t for _, t in lines))
            secs[layout] += best
            docs[layout] += 1
    print(f"{'layout':28s} {'docs':>5s} {'MB':>7s} {'s':>8s} {'MB/s':>7s}")
    for name in sorted(mb, key=lambda k: -mb[k]):
        print(f"{name:28s} {docs[name] or '':>5} {mb[name]:7.3f} {secs[name]:8.3f} {mb[name] / secs[name]:7.2f}")


def _real(folder: Path, repeat: int) -> None:
    """Per real plan: size, best build time, MB/s, tasks and the layouts that read it; then the total."""
    files, _ = iter_input_files([folder])
    files = [f for f in files if f.suffix in (".txt", ".html", ".htm")]
    print(f"{'real plan':34s} {'MB':>7s} {'best s':>8s} {'MB/s':>7s} {'tasks':>6s}  layouts")
    total_mb = total_s = 0.0
    total_tasks = 0
    for path in files:
        src = read_input(path)  # web pages through the web reader, as `fengong build` reads them
        mb = _mb(src.text)
        best = min(_timed(lambda: build_source(read_input(path))) for _ in range(repeat))
        res = build_source(read_input(path))
        used = ",".join(sorted({d.layout or "prose" for d in res.documents}))
        print(f"{str(path.relative_to(folder)):34s} {mb:7.3f} {best:8.3f} {mb / best:7.2f} {len(res.tasks):6d}  {used}")
        total_mb, total_s, total_tasks = total_mb + mb, total_s + best, total_tasks + len(res.tasks)
    print(
        f"{f'all {len(files)} real plans':34s} {total_mb:7.3f} {total_s:8.3f} {total_mb / total_s:7.2f} {total_tasks:6d}"
    )


def _corpus(folder: Path, workers: int | None) -> None:
    files, _ = iter_input_files([folder])
    mb = sum(f.stat().st_size for f in files) / 1e6
    t, cpu0 = time.perf_counter(), _cpu()
    corpus = build_paths([folder], workers=workers)
    wall, cpu = time.perf_counter() - t, _cpu() - cpu0
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"corpus {folder}: {len(files)} files, {mb:.1f} MB, {len(corpus.tasks)} tasks, workers={workers or 'auto'}")
    print(f"  wall {wall:.1f} s, {mb / wall:.2f} MB/s, peak RSS {own:.0f} MB (main) + {child:.0f} MB (largest worker)")
    # on a shared machine the wall time depends on the load; CPU time does much less
    print(f"  CPU {cpu:.1f} s (main and workers), {mb / cpu:.2f} MB per CPU-second")


def _cpu() -> float:
    """User + system seconds of this process and its finished children."""
    return sum(
        r.ru_utime + r.ru_stime
        for r in (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN))
    )


def _mb(text: str) -> float:
    return len(text.encode("utf-8")) / 1e6


def _timed(fn) -> float:
    clear_caches()  # fold()/squash() remember lines: a repeated run would find them all
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


if __name__ == "__main__":
    main()
