"""A synthetic corpus of realistic allocation plans with known records, for scale benchmarks.

``synthesize(tasks, out)`` writes plain-text plans (UTF-8) to ``out/docs/plan-000001.txt`` … and the
records a careful reader takes from them to ``out/expected.jsonl`` (one object per task, in file
order, with the field names of ``fengong export records``: ``doc``, ``number``, ``line``, ``section``,
``text``, ``lead_officials``, ``responsible_units``, ``assist_units``, ``deadline_text``, ``deadline``,
``deadline_kind``, ``layout``). Building ``out/docs`` must give exactly these records.

Every plan is a notice (issuer, 文号, title, addressees, signature, date, 抄送/印发 footer) around
50–300 tasks in one layout — field blocks (40%), 责任单位 lines (25%), inline 分工 clauses (20%) or a
tab-separated table (15%) — issued by one of several Beijing districts in 2014–2023. Names, counts,
deadlines and text lengths follow the seed corpus (:mod:`fengong.synth.stats`); task texts recombine
clauses of the seeds' task texts. The same arguments give byte-identical files: each document draws
from its own ``Random`` seeded by (seed, document number), so documents can be written in parallel.

>>> import tempfile, json
>>> with tempfile.TemporaryDirectory() as d:
...     s = synthesize(120, Path(d))
...     first = json.loads((Path(d) / "expected.jsonl").open(encoding="utf-8").readline())
>>> s.tasks, sorted(first)[:3]
(120, ['assist_units', 'deadline', 'deadline_kind'])
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from json.encoder import encode_basestring as _esc
from pathlib import Path
from random import Random

from fengong.synth.vocab import DISTRICTS, Vocabulary
from fengong.synth.writers import LAYOUTS, DocSpec, write_document

__all__ = ["SynthSummary", "synthesize", "plan", "MIX", "YEARS"]

MIX = {"fields": 0.40, "lines": 0.25, "clauses": 0.20, "columns": 0.15}
YEARS = (2014, 2023)
DOC_SIZE = (50, 300)


@dataclass
class SynthSummary:
    """What ``synthesize`` wrote: the folder, documents, tasks, bytes and the time it took."""

    out: Path
    documents: int
    tasks: int
    bytes: int  # documents and expected.jsonl
    seconds: float
    layouts: dict[str, int] = field(default_factory=dict)  # tasks per printed layout (fields, lines, …)

    def line(self) -> str:
        return (
            f"wrote {self.documents} documents, {self.tasks} tasks, {self.bytes / 1e6:.1f} MB "
            f"in {self.seconds:.1f} s to {self.out}"
        )


def _sizes(tasks: int, rng: Random) -> list[int]:
    """Tasks per document: 50–300 each; small corpora get smaller documents so every layout appears."""
    lo, hi = DOC_SIZE
    if tasks < 8 * hi:
        lo, hi = max(3, tasks // 16), max(4, tasks // 6)
    out = []
    left = tasks
    while left > 0:
        k = min(left, rng.randint(lo, hi))
        out.append(k)
        left -= k
    return out


def plan(tasks: int, seed: int = 0, jurisdictions: int | None = None) -> list[DocSpec]:
    """The documents of a corpus: layout, size, district, year and 文号 of each (cheap, sequential)."""
    if tasks < 1:
        raise ValueError("tasks must be at least 1")
    if jurisdictions is not None and not 1 <= jurisdictions <= len(DISTRICTS):
        raise ValueError(f"jurisdictions must be between 1 and {len(DISTRICTS)}")
    districts = DISTRICTS[:jurisdictions] if jurisdictions is not None else DISTRICTS
    rng = Random(f"fengong-synth-plan:{seed}")
    first = list(LAYOUTS)
    rng.shuffle(first)  # the first four documents show every layout
    weights = [MIX[k] for k in LAYOUTS]
    serials: dict[tuple[str, bool, int], int] = {}
    specs = []
    for i, size in enumerate(_sizes(tasks, rng)):
        layout = first[i] if i < len(first) else rng.choices(LAYOUTS, weights)[0]
        district = districts[int(rng.random() * len(districts))]
        year = rng.randint(*YEARS)
        office = layout in ("lines", "clauses") or rng.random() < 0.2
        key = (district.prefix, office, year)
        serials[key] = serials.get(key, 0) + rng.randint(1, 4)  # 文号 unique per issuer and year
        specs.append(
            DocSpec(
                index=i + 1,
                file=f"plan-{i + 1:06d}.txt",
                layout=layout,
                tasks=size,
                district=district,
                year=year,
                serial=serials[key],
                office=office,
                month=rng.randint(1, 12),
                day=rng.randint(1, 28),
            )
        )
    return specs


_VOCABS: dict[str, Vocabulary] = {}


def _list(v: list[str]) -> str:
    return "[" + ", ".join(map(_esc, v)) + "]"


def _opt(v: str | None) -> str:
    return "null" if v is None else _esc(v)


def _encode(r: dict) -> str:
    """``json.dumps(r, ensure_ascii=False)`` of a record, spelled out (a third faster; tested equal)."""
    return (
        f'{{"doc": {_esc(r["doc"])}, "number": {_opt(r["number"])}, "line": {r["line"]}, '
        f'"section": {_list(r["section"])}, "text": {_esc(r["text"])}, '
        f'"lead_officials": {_list(r["lead_officials"])}, "responsible_units": {_list(r["responsible_units"])}, '
        f'"assist_units": {_list(r["assist_units"])}, "deadline_text": {_opt(r["deadline_text"])}, '
        f'"deadline": {_opt(r["deadline"])}, "deadline_kind": {_opt(r["deadline_kind"])}, '
        f'"layout": {_esc(r["layout"])}}}'
    )


def _render(job: tuple[DocSpec, int, str]) -> tuple[bytes, int, int, str]:
    """Write one document; return its expected records as JSON lines (UTF-8), its bytes, tasks and layout."""
    spec, seed, docs = job
    vocab = _VOCABS.get(spec.district.name)
    if vocab is None:
        vocab = _VOCABS[spec.district.name] = Vocabulary(spec.district, 0)
    text, records = write_document(spec, vocab, Random(f"fengong-synth:{seed}:{spec.index}"))
    data = text.encode("utf-8")
    with open(os.path.join(docs, spec.file), "wb") as f:
        f.write(data)
    lines = "".join([_encode(r) + "\n" for r in records]).encode("utf-8")
    return lines, len(data), len(records), spec.layout


def synthesize(
    tasks: int,
    out: Path,
    seed: int = 0,
    jurisdictions: int | None = None,
    progress: Callable[[int], None] | None = None,
    workers: int | None = None,
) -> SynthSummary:
    """Write ``tasks`` tasks as plans into ``out/docs/`` and their records into ``out/expected.jsonl``.

    Earlier ``plan-*.txt`` files in ``out/docs`` are removed first (a smaller corpus written over a
    larger one leaves nothing behind). ``progress(n)`` is called with the tasks of each document
    written. ``workers`` > 1 writes documents in parallel processes (default: one per CPU, at most 4,
    for corpora of 50,000 tasks or more); the output is the same either way.
    """
    start = time.perf_counter()
    out = Path(out)
    docs = out / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    for old in docs.glob("plan-*.txt"):
        old.unlink()
    specs = plan(tasks, seed, jurisdictions)
    if workers is None:
        workers = min(4, os.cpu_count() or 1) if tasks >= 50_000 else 1
    jobs = [(s, seed, str(docs)) for s in specs]
    total_bytes = 0
    layouts: dict[str, int] = {}
    written = 0
    tmp = out / "expected.jsonl.tmp"
    with open(tmp, "wb") as exp:
        if workers > 1:
            import multiprocessing as mp

            ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
            with ctx.Pool(workers) as pool:
                results = pool.imap(_render, jobs, chunksize=4)
                for r in results:
                    total_bytes += _take(r, exp, layouts, progress)
                    written += r[2]
        else:
            for job in jobs:
                r = _render(job)
                total_bytes += _take(r, exp, layouts, progress)
                written += r[2]
    total_bytes += tmp.stat().st_size
    tmp.replace(out / "expected.jsonl")
    return SynthSummary(out, len(specs), written, total_bytes, time.perf_counter() - start, layouts)


def _take(r: tuple[bytes, int, int, str], exp, layouts: dict[str, int], progress) -> int:
    lines, nbytes, ntasks, layout = r
    exp.write(lines)
    layouts[layout] = layouts.get(layout, 0) + ntasks
    if progress is not None:
        progress(ntasks)
    return nbytes
