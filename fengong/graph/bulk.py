"""Building a large corpus file by file: records, RDF and query frames streamed, never the whole graph.

The graph of a corpus is the union of what each file contributes (its documents, sections,
tasks, items and their assignments) and a small shared part (the units and officials the files
name, their aliases, sub-organisations and the 分管 oversight inferred from all tasks). For a
province's decade the per-file parts are millions of nodes; here each file is read, parsed and
assembled in a worker process, which returns its records as JSON Lines, its triples as
N-Triples and its rows of the query frames. The main process writes them in file order as they
arrive and keeps only the shared part, then writes that at the end. Output is deterministic
(file-name order), peak memory is the frames plus one file per worker, and both cores work.

What differs from :func:`fengong.graph.assemble.build_graph` (the in-memory path): cross-document
links (report items ↔ tasks, self-assessments ↔ plans) are not computed; a citation by title only
resolves within its own file; triples come file by file instead of in global node order.

>>> import tempfile, pathlib
>>> from fengong.data import SAMPLE_CORPUS
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> summary = build_bulk([SAMPLE_CORPUS], out, workers=1)
>>> summary.tasks, summary.errors, sorted(p.name for p in out.iterdir())[:4]
(412, [], ['assessments.jsonl', 'citations.jsonl', 'coverage.jsonl', 'documents.jsonl'])
>>> kg = load_bulk(out)
>>> from fengong.graph.queries.workload import workload
>>> int(workload(kg).set_index("name").loc["区生态环境局", "responsible"])
96
"""
from __future__ import annotations

import io
import os
import pickle
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import pandas as pd

from fengong.build import Corpus, iter_input_files
from fengong.build.export import KINDS, rows, write_rows
from fengong.errors import FengongError
from fengong.files import atomic_stream, atomic_write

__all__ = ["build_bulk", "load_bulk", "BulkSummary"]

_SHARED_TYPES = ("Unit", "Official")
_SHARED_RELATIONS = ("SUB_ORGANIZATION_OF", "OVERSEES")
_resolver = None  # one per worker process: the alias table is read once


@dataclass
class BulkSummary:
    files: int = 0
    tasks: int = 0
    triples: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unparsed: int = 0


@dataclass
class _Part:
    """What one file contributes (pickled back from a worker)."""

    exports: dict[str, str]
    nt: bytes
    triples: int
    tasks: pd.DataFrame
    assignments: pd.DataFrame
    units: list[tuple[str, str | None]]
    officials: list[tuple[str, str | None]]
    cited: dict[str, dict]  # documents cited but not read in this file: id -> props
    in_corpus: list[str]  # ids of documents read in this file
    oversight: object
    warnings: list[str]
    unparsed: int


def _get_resolver(aliases: tuple[str, ...]):
    global _resolver
    if _resolver is None or _resolver[0] != aliases:
        from fengong.graph.resolve import Resolver

        _resolver = (aliases, Resolver.load(aliases))
    return _resolver[1]


def _part(path: Path, aliases: tuple[str, ...]) -> tuple[_Part | None, str | None]:
    """Read, parse and assemble one file (runs in a worker)."""
    from fengong.build import build_source
    from fengong.build.readers import read_input
    from fengong.graph import ntriples
    from fengong.graph.assemble import _Assembler
    from fengong.graph.queries.base import assignment_frame, task_frame
    from fengong.graph.resolve import oversight_counts

    try:
        result = build_source(read_input(path))
    except FengongError as exc:
        return None, str(exc)
    corpus = Corpus(files=[result])
    resolver = _get_resolver(aliases)
    asm = _Assembler(corpus, resolver, links=False)
    asm.add_documents()
    asm.add_tasks()
    asm.add_items()
    kg = asm.kg
    exports = {}
    for kind in KINDS:
        buf = io.StringIO()
        write_rows(rows(corpus, kind), buf, "jsonl")
        exports[kind] = buf.getvalue()
    cited = {n.id: dict(n.props) for n in kg.nodes.values() if n.type == "Document" and not n.props.get("in_corpus")}
    skip = {nid for nid, n in kg.nodes.items() if n.type in _SHARED_TYPES} | set(cited)
    nt = "".join(ntriples.lines(kg, skip_nodes=skip, skip_relations=set(_SHARED_RELATIONS)))
    return _Part(
        exports=exports, nt=nt.encode("utf-8"), triples=nt.count("\n"),
        tasks=task_frame(kg), assignments=assignment_frame(kg),
        units=sorted(asm.unit_ids, key=str), officials=sorted(asm.official_ids, key=str), cited=cited,
        in_corpus=[nid for nid, n in kg.nodes.items() if n.type == "Document" and n.props.get("in_corpus")],
        oversight=oversight_counts(corpus.tasks, asm.docs, resolver),
        warnings=result.warnings, unparsed=len(result.unparsed()),
    ), None


def _parts(files: list[Path], aliases: tuple[str, ...], workers: int):
    if workers <= 1 or len(files) <= 1:
        for f in files:
            yield _part(f, aliases)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(_part, files, [aliases] * len(files), chunksize=4)


def build_bulk(paths: Iterable[str | Path], output: str | Path, aliases: Iterable[str | Path] = (),
               workers: int | None = None, progress: Callable[[Path], None] | None = None) -> BulkSummary:
    """Build ``paths`` into ``output``: the record exports (``*.jsonl``), ``graph.nt``, ``tables/``
    (tasks, assignments, units, officials as CSV) and the frames :func:`load_bulk` answers queries from."""
    from fengong.graph.assemble import _Assembler
    from fengong.graph.resolve import OversightCounts, Resolver, select_oversight

    output = Path(output)
    files, skipped = iter_input_files(paths)
    files.sort(key=lambda q: (q.name, str(q)))
    aliases = tuple(str(a) for a in aliases)
    workers = workers or (os.cpu_count() or 1)
    summary = BulkSummary(errors=list(skipped))
    task_frames, assignment_frames = [], []
    unit_keys: set = set()
    official_keys: set = set()
    cited: dict[str, dict] = {}
    in_corpus: set[str] = set()
    oversight = OversightCounts()
    with ExitStack() as stack:
        outs = {kind: stack.enter_context(atomic_stream(output / f"{kind}.jsonl")) for kind in KINDS}
        graph = stack.enter_context(atomic_stream(output / "graph.nt"))
        for path, (part, error) in zip(files, _parts(files, aliases, workers)):
            summary.files += 1
            if part is None:
                summary.errors.append(error)
            else:
                for kind, text in part.exports.items():
                    outs[kind].write(text.encode("utf-8"))
                graph.write(part.nt)
                summary.triples += part.triples
                summary.tasks += len(part.tasks)
                task_frames.append(part.tasks)
                assignment_frames.append(part.assignments)
                unit_keys.update(part.units)
                official_keys.update(part.officials)
                cited.update({k: v for k, v in part.cited.items() if k not in cited})
                in_corpus.update(part.in_corpus)
                oversight.add(part.oversight)
                summary.warnings += part.warnings
                summary.unparsed += part.unparsed
            if progress is not None:
                progress(path)
        # the shared part: units, officials, their aliases and sub-organisations, oversight
        asm = _Assembler(Corpus(), Resolver.load(aliases), links=False)
        for printed, j in sorted(unit_keys, key=lambda k: (k[0], k[1] or "")):
            asm.unit(printed, j)
        for printed, j in sorted(official_keys, key=lambda k: (k[0], k[1] or "")):
            asm.official(printed, j)
        asm.add_aliases()
        for o in select_oversight(oversight):
            asm.kg.add_edge(o.official, "OVERSEES", o.unit, inferred=o.inferred, tasks=o.tasks,
                            sole_lead_tasks=o.sole_lead_tasks, share=round(o.share, 3))
        for nid in sorted(set(cited) - in_corpus):
            asm.kg.add_node(nid, "Document", **cited[nid])
        shared = asm.kg
        from fengong.graph import ntriples

        summary.triples += ntriples.write(shared, graph)
    tasks = _concat(task_frames)
    assignments = _concat(assignment_frames)
    _write_tables(shared, tasks, assignments, output / "tables")
    atomic_write(output / "frames.pkl", pickle.dumps({"graph": shared, "tasks": tasks, "assignments": assignments},
                                                     protocol=pickle.HIGHEST_PROTOCOL))
    return summary


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    # strings are Arrow-backed (pandas with pyarrow): a million tasks' frames take ~2 GB, not ~4
    frames = [f for f in frames if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def _write_tables(shared, tasks: pd.DataFrame, assignments: pd.DataFrame, folder: Path) -> None:
    from fengong.graph.tables import tables

    t = tables(shared)
    for name in ("units", "officials", "oversight"):
        atomic_write(folder / f"{name}.csv", t[name].to_csv(index=False).encode("utf-8"))
    for name, frame in (("tasks", tasks), ("assignments", assignments)):
        with atomic_stream(folder / f"{name}.csv") as fh:
            frame.to_csv(fh, index=False, encoding="utf-8")


def load_bulk(output: str | Path):
    """The shared graph of a bulk build with its task and assignment frames attached, so the
    query functions (workload, responsibilities, deadlines…) answer from them."""
    data = pickle.loads(Path(output, "frames.pkl").read_bytes())
    kg = data["graph"]
    kg._query_cache = {"tasks": data["tasks"], "assignments": data["assignments"]}
    return kg
