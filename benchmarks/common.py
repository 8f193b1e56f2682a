"""What the benchmarks share: synthetic corpora (cached), graphs built from them, result rows."""

from __future__ import annotations

import os
from pathlib import Path

CACHE = Path(os.environ.get("FENGONG_BENCH_CACHE", Path.home() / ".cache" / "fengong" / "bench"))


def synth_corpus(tasks: int, seed: int = 0) -> Path:
    """The folder of a synthetic corpus of ``tasks`` tasks, written once and reused (``docs/`` inside)."""
    from fengong.synth import synthesize

    out = CACHE / f"synth-{tasks}-{seed}"
    done = out / ".complete"
    if not done.exists():
        synthesize(tasks, out, seed=seed)
        done.write_text("ok")
    return out


def corpus_graph(tasks: int, corpus: Path | None = None):
    """The knowledge graph of ``corpus`` (or of a synthetic corpus of ``tasks`` tasks) and a label."""
    from fengong.build import build_paths
    from fengong.graph.assemble import build_graph

    folder = corpus or synth_corpus(tasks) / "docs"
    kg = build_graph(build_paths([folder]))
    label = str(corpus) if corpus else f"synthetic corpus, {tasks:,} tasks"
    return kg, label


def row(name: str, seconds: float, n: int | None = None, unit: str | None = None, peer: float | None = None) -> dict:
    """One result: its time, its throughput (n/s) and, for a peer's row, its time over fengong's
    (``peer`` = fengong's seconds for the same work: 5.0× means the peer takes five times longer)."""
    return {
        "name": name,
        "seconds": seconds,
        "rate": f"{n / seconds:,.0f} {unit}/s" if n and unit and seconds > 0 else "",
        "ratio": f"{seconds / peer:.1f}×" if peer else "",
    }


def table(rows: list[dict]) -> str:
    """Rows as a Markdown table (the README quotes it)."""
    out = ["| measurement | seconds | throughput | time vs fengong's |", "|---|---:|---:|---:|"]
    for r in rows:
        out.append(f"| {r['name']} | {r['seconds']:.3f} | {r['rate']} | {r['ratio']} |")
    return "\n".join(out)
