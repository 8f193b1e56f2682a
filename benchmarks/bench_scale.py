"""Whole-build scale: `python benchmarks/bench_scale.py [--tasks 10000 100000 1000000] [--workers N]`.

For each size, a synthetic corpus (``fengong synth``, cached) is built with ``fengong build --bulk``
in a fresh process: wall time, CPU seconds (main + workers), peak RSS (main, largest worker), MB of
text per second, and the check that the build extracted every synthetic task exactly
(``expected.jsonl`` against ``records.jsonl`` on number, text, officials, units and deadline).
Then the bulk folder is loaded (Parquet frames) and indexed, and questions are answered from it
(best of 3): the workload, the responsibilities of a mid-size unit (区发展改革委) and of the unit
with the most tasks; and the count of unit nodes that hold tasks of two jurisdictions (0 expected).
The last column is seconds per 1,000 tasks: flat means the build grows linearly.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import CACHE, synth_corpus  # noqa: E402

_FIELDS = ("doc", "number", "text", "lead_officials", "responsible_units", "assist_units", "deadline_text", "line")


def one(tasks: int, workers: int | None) -> dict:
    """Build one size in this process and measure it (run in a child so RSS is its own)."""
    from fengong.graph.bulk import build_bulk, load_bulk
    from fengong.graph.queries.base import find_units, frame_index
    from fengong.graph.queries.responsibilities import responsibilities
    from fengong.graph.queries.workload import workload

    corpus = synth_corpus(tasks)
    docs = corpus / "docs"
    mb = sum(p.stat().st_size for p in docs.iterdir()) / 1e6
    out = CACHE / f"bulk-{tasks}"
    t, c = time.perf_counter(), time.process_time()
    summary = build_bulk([docs], out, workers=workers)
    wall = time.perf_counter() - t
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = time.process_time() - c + kids.ru_utime + kids.ru_stime
    exact = _check(corpus / "expected.jsonl", out / "records.jsonl")
    t = time.perf_counter()
    kg = load_bulk(out)
    load = time.perf_counter() - t
    index = _timed(lambda: frame_index(kg))
    q_work = min(_timed(lambda: workload(kg)) for _ in range(3))
    mid = find_units(kg, "区发展改革委")[0]  # one district's (every namesake answers to the name)
    q_resp = min(_timed(lambda: responsibilities(kg, mid)) for _ in range(3))
    mixed, unscoped = _mixing(kg, out)
    w = workload(kg)
    biggest = w.loc[w["total"].idxmax()]
    q_big = min(_timed(lambda: responsibilities(kg, biggest["unit"])) for _ in range(3))
    return {
        "tasks": tasks,
        "files": summary.files,
        "mb": mb,
        "wall": wall,
        "cpu": cpu,
        "rss_main": me.ru_maxrss / 1024,
        "rss_worker": kids.ru_maxrss / 1024,
        "triples": summary.triples,
        "exact": exact,
        "load": load,
        "index": index,
        "workload": q_work,
        "responsibilities": q_resp,
        "biggest": q_big,
        "biggest_tasks": int(biggest["total"]),
        "mixed": mixed,
        "unscoped": unscoped,
        "units": int(w["unit"].nunique()),
    }


def _mixing(kg, out: Path) -> tuple[int, int]:
    """Unit nodes holding tasks of plans of two jurisdictions (must be 0), and plans with no
    jurisdiction read (their units are kept within the plan). A bulk folder's shared graph holds
    no documents: their jurisdictions are read again from its documents.jsonl, by 文号."""
    from fengong.build.jurisdiction import jurisdiction_of
    from fengong.build.records import Document
    from fengong.graph.queries.base import assignment_frame, task_frame

    fields = Document.__dataclass_fields__
    docs = [
        Document(**{k: v for k, v in json.loads(line).items() if k in fields})
        for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    by_id = {d.id: d for d in docs}
    j_of = {d.number: jurisdiction_of(d, by_id.get(d.parent)) for d in docs if d.number}
    t = task_frame(kg)[["task", "document_number"]]
    t = t.assign(j=[j_of.get(str(n).split(" 附件")[0]) for n in t["document_number"]])
    a = assignment_frame(kg)[["task", "unit"]].merge(t, on="task")
    mixed = int((a.groupby("unit")["j"].nunique() > 1).sum())
    return mixed, sum(1 for d in docs if d.number and not j_of.get(d.number))


def _timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def _check(expected: Path, records: Path) -> str:
    """Tasks extracted exactly / tasks expected."""

    def key(r: dict) -> tuple:
        return (r["doc"], r["line"])

    want = {}
    with expected.open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            want[key(r)] = tuple(json.dumps(r.get(f), ensure_ascii=False) for f in _FIELDS)
    good = 0
    with records.open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if want.get(key(r)) == tuple(json.dumps(r.get(f), ensure_ascii=False) for f in _FIELDS):
                good += 1
    return f"{good}/{len(want)}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tasks", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--workers", type=int)
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.workers)))
        return
    rows = []
    for n in args.tasks:
        synth_corpus(n)  # written before the timed child starts
        cmd = [sys.executable, __file__, "--one", str(n)] + (["--workers", str(args.workers)] if args.workers else [])
        rows.append(json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout))
    print(
        "| tasks | files | MB text | build s | CPU s | MB/s | peak RSS main / worker MB | triples | extracted exactly "
        "| s per 1k tasks |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['tasks']:,} | {r['files']:,} | {r['mb']:.0f} | {r['wall']:.1f} | {r['cpu']:.0f} | "
            f"{r['mb'] / r['wall']:.2f} | {r['rss_main']:.0f} / {r['rss_worker']:.0f} | {r['triples']:,} | "
            f"{r['exact']} | {1000 * r['wall'] / r['tasks']:.2f} |"
        )
    print("\nJurisdictions (issue 16: no unit node may hold tasks of two districts):\n")
    print("| tasks | unit nodes | units mixing jurisdictions | plans without a jurisdiction |")
    print("|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['tasks']:,} | {r['units']:,} | {r['mixed']} | {r['unscoped']} |")
    print("\nQuestions from the bulk folder (seconds; load and index once per session, then each question):\n")
    print("| tasks | load frames | index | workload | responsibilities 区发展改革委 | responsibilities, largest unit |")
    print("|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['tasks']:,} | {r['load']:.2f} | {r['index']:.2f} | {r['workload']:.3f} | {r['responsibilities']:.3f} "
            f"| {r['biggest']:.3f} ({r['biggest_tasks']:,} tasks) |"
        )


if __name__ == "__main__":
    main()
