"""Building a large corpus file by file: records, RDF and query frames streamed, never the whole graph.

The graph of a corpus is the union of what each file contributes (its documents, sections,
tasks, items and their assignments) and a small shared part (the units and officials the files
name, their aliases, sub-organisations and the 分管 oversight inferred from all tasks). For a
province's decade the per-file parts are millions of nodes; here each file is read, parsed and
assembled in a worker process, which returns its records as JSON Lines, its triples as
N-Triples and its rows of the query frames. The main process writes them in file order as they
arrive and keeps only the shared part, then writes that at the end. The query frames go to
Parquet in row groups as they arrive (``frames/``), so the main process holds the shared part and
one buffer, never the corpus. Output is deterministic (file-name order) and both cores work.

What differs from :func:`fengong.graph.assemble.build_graph` (the in-memory path): cross-document
links (report items ↔ tasks, self-assessments ↔ plans) are not computed; a citation by title only
resolves within its own file; triples come file by file instead of in global node order.

>>> import tempfile, pathlib
>>> from fengong.data import SAMPLE_CORPUS
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> summary = build_bulk([SAMPLE_CORPUS], out, workers=1)
>>> summary.tasks, summary.errors, sorted(p.name for p in out.iterdir() if p.name[0] != ".")[:5]
(412, [], ['assessments.jsonl', 'citations.jsonl', 'coverage.jsonl', 'documents.jsonl', 'frames'])
>>> kg = load_bulk(out)
>>> from fengong.graph.queries.workload import workload
>>> int(workload(kg).set_index("name").loc["区生态环境局", "responsible"])
96
"""

from __future__ import annotations

import csv
import io
import os
import pickle
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from fengong.build import Corpus, iter_input_files
from fengong.build.export import KINDS, rows, write_rows
from fengong.errors import FengongError
from fengong.files import atomic_stream, atomic_write, replace_outputs

__all__ = ["build_bulk", "load_bulk", "is_bulk_output", "BulkSummary"]

# The query frames' columns, typed once: every file's rows must share one Parquet schema (a file
# whose tasks have no 重点任务 would otherwise give a column of nulls a type of its own).
_S, _I = pa.string(), pa.int64()
TASK_SCHEMA = pa.schema(
    [
        ("task", _S),
        ("number", _S),
        ("text", _S),
        ("key_task", _S),
        ("year", _I),
        ("deadline", _S),
        ("deadline_text", _S),
        ("deadline_kind", _S),
        ("split", _S),
        ("document", _S),
        ("document_number", _S),
        ("document_title", _S),
        ("lead_official_ids", pa.list_(_S)),
        ("lead_officials", _S),
        ("source_file", _S),
        ("source_line", _I),
        ("source_line_end", _I),
    ]
)
ASSIGNMENT_SCHEMA = pa.schema(
    [
        ("task", _S),
        ("role", _S),
        ("unit", _S),
        ("name", _S),
        ("kind", _S),
        ("collective", pa.bool_()),
        ("order", _I),
        ("printed", _S),
        ("source_line", _I),
        ("n_responsible", _I),
        ("first_listed", pa.bool_()),
    ]
)
# added by the main process: the task's row in the task frame and the unit's code (FrameIndex)
_POSITIONS = [("task_row", _I), ("unit_code", _I)]
_ROW_GROUP = 200_000  # rows buffered per Parquet row group

_SHARED_TYPES = ("Unit", "Official")
_SHARED_RELATIONS = ("SUB_ORGANIZATION_OF", "OVERSEES")
_resolver = None  # one per worker process: the alias table is read once


@dataclass
class BulkSummary:
    """What a bulk build did: files, tasks and triples written, errors, warnings, unparsed lines."""

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
    tasks: pa.Table
    assignments: pa.Table
    tables: dict[str, bytes]  # tasks and assignments as CSV rows (no header) for tables/
    units: list[tuple[str, str | None]]
    officials: list[tuple[str, str | None]]
    cited: dict[str, dict]  # documents cited but not read in this file: id -> props
    in_corpus: list[str]  # ids of documents read in this file
    oversight: object
    warnings: list[str]
    unparsed: int


def _get_resolver(aliases: tuple[str | Path, ...]):
    global _resolver
    if _resolver is None or _resolver[0] != aliases:
        from fengong.graph.resolve import Resolver

        _resolver = (aliases, Resolver.load(aliases))
    return _resolver[1]


def _part(path: Path, aliases: tuple[str | Path, ...]) -> tuple[_Part | None, str | None]:
    """Read, parse and assemble one file (runs in a worker)."""
    from fengong.build import build_source
    from fengong.build.readers import read_input
    from fengong.graph import ntriples
    from fengong.graph.assemble import _Assembler
    from fengong.graph.queries.base import assignment_rows, task_rows
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
    tasks, assignments = task_rows(kg), assignment_rows(kg)
    return _Part(
        exports=exports,
        nt=nt.encode("utf-8"),
        triples=nt.count("\n"),
        tasks=pa.Table.from_pylist(tasks, TASK_SCHEMA),
        assignments=pa.Table.from_pylist(assignments, ASSIGNMENT_SCHEMA),
        tables={"tasks": _csv(tasks, TASK_SCHEMA), "assignments": _csv(assignments, ASSIGNMENT_SCHEMA)},
        units=sorted(asm.unit_ids, key=str),
        officials=sorted(asm.official_ids, key=str),
        cited=cited,
        in_corpus=[nid for nid, n in kg.nodes.items() if n.type == "Document" and n.props.get("in_corpus")],
        oversight=oversight_counts(corpus.tasks, asm.docs, resolver),
        warnings=result.warnings,
        unparsed=len(result.unparsed()),
    ), None


def _csv(rows: list[dict], schema: pa.Schema) -> bytes:
    """Rows as CSV, written as pandas' ``to_csv`` writes them (minimal quoting, None empty, lists as repr)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    names = schema.names
    writer.writerows([r[n] for n in names] for r in rows)
    return buf.getvalue().encode("utf-8")


class _FrameWriter:
    """A frame streamed to Parquet, row group by row group, with the task row and unit code added."""

    def __init__(self, path: Path, schema: pa.Schema, stack: ExitStack) -> None:
        self.schema = schema
        self.writer = pq.ParquetWriter(stack.enter_context(atomic_stream(path)), schema, compression="zstd")
        self.buffer: list[pa.Table] = []
        self.rows = 0

    def add(self, table: pa.Table) -> None:
        if table.num_rows:
            self.buffer.append(table.cast(self.schema))
            self.rows += table.num_rows
        if self.rows >= _ROW_GROUP:
            self.flush()

    def flush(self) -> None:
        if self.buffer:
            self.writer.write_table(pa.concat_tables(self.buffer))
            self.buffer, self.rows = [], 0

    def close(self) -> None:
        self.flush()
        self.writer.close()


def _positions(assignments: pa.Table, first_row: int, local_tasks: pa.Table, codes: dict[str, int]) -> pa.Table:
    """The task frame row and the unit code of each assignment row (codes given in order of first sight)."""
    local = {t: first_row + i for i, t in enumerate(local_tasks.column("task").to_pylist())}
    units = assignments.column("unit").to_pylist()
    for u in units:
        if u not in codes:
            codes[u] = len(codes)
    rows = [local[t] for t in assignments.column("task").to_pylist()]
    return assignments.append_column("task_row", pa.array(rows, _I)).append_column(
        "unit_code", pa.array([codes[u] for u in units], _I)
    )


def _parts(files: list[Path], aliases: tuple[str | Path, ...], workers: int):
    if workers <= 1 or len(files) <= 1:
        for f in files:
            yield _part(f, aliases)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(_part, files, [aliases] * len(files), chunksize=4)


def build_bulk(
    paths: Iterable[str | Path],
    output: str | Path,
    aliases: Iterable[str | Path] = (),
    workers: int | None = None,
    progress: Callable[[Path], None] | None = None,
) -> BulkSummary:
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
    unit_codes: dict[str, int] = {}
    unit_keys: set = set()
    official_keys: set = set()
    cited: dict[str, dict] = {}
    in_corpus: set[str] = set()
    oversight = OversightCounts()
    with ExitStack() as stack:
        outs = {kind: stack.enter_context(atomic_stream(output / f"{kind}.jsonl")) for kind in KINDS}
        graph = stack.enter_context(atomic_stream(output / "graph.nt"))
        task_out = _FrameWriter(output / "frames" / "tasks.parquet", TASK_SCHEMA, stack)
        assignment_out = _FrameWriter(
            output / "frames" / "assignments.parquet", pa.schema(list(ASSIGNMENT_SCHEMA) + _POSITIONS), stack
        )
        table_out = {
            name: stack.enter_context(atomic_stream(output / "tables" / f"{name}.csv"))
            for name in ("tasks", "assignments")
        }
        for name, schema in (("tasks", TASK_SCHEMA), ("assignments", ASSIGNMENT_SCHEMA)):
            table_out[name].write((",".join(schema.names) + "\n").encode("utf-8"))
        for path, (part, error) in zip(files, _parts(files, aliases, workers)):
            summary.files += 1
            if part is None:
                summary.errors.append(error)
            else:
                for kind, text in part.exports.items():
                    outs[kind].write(text.encode("utf-8"))
                graph.write(part.nt)
                summary.triples += part.triples
                assignment_out.add(_positions(part.assignments, summary.tasks, part.tasks, unit_codes))
                task_out.add(part.tasks)
                summary.tasks += part.tasks.num_rows
                for name, text in part.tables.items():
                    table_out[name].write(text)
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
            asm.kg.add_edge(
                o.official,
                "OVERSEES",
                o.unit,
                inferred=o.inferred,
                tasks=o.tasks,
                sole_lead_tasks=o.sole_lead_tasks,
                share=round(o.share, 3),
            )
        for nid in sorted(set(cited) - in_corpus):
            asm.kg.add_node(nid, "Document", **cited[nid])
        shared = asm.kg
        from fengong.graph import ntriples

        summary.triples += ntriples.write(shared, graph)
        task_out.close()
        assignment_out.close()
    _write_tables(shared, output / "tables")
    atomic_write(
        output / "frames" / "shared.pkl",
        pickle.dumps({"graph": shared, "units": list(unit_codes)}, protocol=pickle.HIGHEST_PROTOCOL),
    )
    written = (
        [output / f"{kind}.jsonl" for kind in KINDS]
        + [output / "graph.nt"]
        + [output / "frames" / n for n in ("tasks.parquet", "assignments.parquet", "shared.pkl")]
        + [output / "tables" / f"{n}.csv" for n in ("tasks", "assignments", "units", "officials", "oversight")]
    )
    replace_outputs(output, written)  # files of an earlier build into this folder that this one did not write
    return summary


def _write_tables(shared, folder: Path) -> None:
    from fengong.graph.tables import tables
    from fengong.output import csv_text

    t = tables(shared)
    for name in ("units", "officials", "oversight"):
        atomic_write(folder / f"{name}.csv", csv_text(t[name]).encode("utf-8"))


def is_bulk_output(path: str | Path) -> bool:
    """Whether ``path`` is the output folder of :func:`build_bulk`."""
    return Path(path, "frames", "shared.pkl").is_file()


def load_bulk(output: str | Path):
    """The shared graph of a bulk build with its task and assignment frames attached, so the
    query functions (workload, responsibilities, deadlines…) answer from them."""
    from fengong.graph.queries.base import attach_frames

    folder = Path(output, "frames")
    data = pickle.loads((folder / "shared.pkl").read_bytes())
    kg = data["graph"]
    attach_frames(
        kg,
        pq.read_table(folder / "tasks.parquet").to_pandas(),
        pq.read_table(folder / "assignments.parquet").to_pandas(),
        units=data["units"],
    )
    return kg
