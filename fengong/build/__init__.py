"""The builder: documents in, faithful records out, every line accounted for.

>>> corpus = build_paths()                     # the built-in sample corpus
>>> sorted({t.doc for t in corpus.tasks})[:1]
['001_e1b176771c56fa1b.txt']
>>> corpus.coverage()["004_d2e1d2fa9d54708a.txt"]["unparsed"]
0
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fengong.build import layouts, readers, roles
from fengong.build.layouts.base import PAGE_MARK, Context, Parsed
from fengong.build.readers import format_of, read_input, unsupported_reason
from fengong.build.records import CUT_SHORT, AssessmentItem, Document, LineNote, LineNotes, Name, ReportItem, TaskRecord
from fengong.build.source import SourceFile, fold
from fengong.build.splitter import split_documents
from fengong.errors import FengongError

__all__ = ["Corpus", "FileResult", "build_source", "build_paths", "iter_input_files", "SUPPORTED_SUFFIXES"]

SUPPORTED_SUFFIXES = tuple(sorted(readers.SUFFIXES))


@dataclass
class FileResult:
    """Everything the builder took from one file."""

    source: SourceFile
    documents: list[Document] = field(default_factory=list)
    tasks: list[TaskRecord] = field(default_factory=list)
    assessments: list[AssessmentItem] = field(default_factory=list)
    report_items: list[ReportItem] = field(default_factory=list)
    notes: LineNotes = field(default_factory=LineNotes)  # line number -> LineNote, stored compactly
    warnings: list[str] = field(default_factory=list)

    def unparsed(self) -> list[LineNote]:
        return [n for _, n in sorted(self.notes.items()) if n.status == "unparsed"]


@dataclass
class Corpus:
    """The records of many files, in file-name order."""

    files: list[FileResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # files that could not be read at all

    @property
    def documents(self) -> list[Document]:
        return [d for f in self.files for d in f.documents]

    @property
    def tasks(self) -> list[TaskRecord]:
        return [t for f in self.files for t in f.tasks]

    @property
    def assessments(self) -> list[AssessmentItem]:
        return [a for f in self.files for a in f.assessments]

    @property
    def report_items(self) -> list[ReportItem]:
        return [r for f in self.files for r in f.report_items]

    @property
    def warnings(self) -> list[str]:
        return [w for f in self.files for w in f.warnings]

    def coverage(self) -> dict[str, dict[str, Any]]:
        """Per file: how many lines are records, boilerplate, duplicates, blank or unparsed."""
        out: dict[str, dict[str, Any]] = {}
        for f in self.files:
            c = Counter(f.notes.statuses())
            total = f.source.line_count
            out[f.source.name] = {  # counts, and the encoding the file was read in
                "encoding": f.source.encoding,
                "lines": total,
                "record": c["record"],
                "boilerplate": c["boilerplate"],
                "duplicate": c["duplicate"],
                "blank": c["blank"],
                "unparsed": c["unparsed"],
                "unaccounted": total - sum(c.values()),
            }
        return out

    def coverage_by_document(self) -> list[dict[str, object]]:
        """Per document: its layout and how its lines were accounted for."""
        rows = []
        for f in self.files:
            for d in f.documents:
                span = range(d.line, d.line_end + 1)
                c = Counter(f.notes[n].status for n in span if n in f.notes and f.notes[n].status != "blank")
                tasks = sum(1 for t in f.tasks if t.document == d.id)
                items = sum(1 for a in f.assessments if a.document == d.id) + sum(
                    1 for r in f.report_items if r.document == d.id
                )
                rows.append(
                    {
                        "file": f.source.name,
                        "document": d.number or d.title or d.id,
                        "lines": f"{d.line}-{d.line_end}",
                        "layout": d.layout or "-",
                        "tasks": tasks,
                        "items": items,
                        "record": c["record"],
                        "boilerplate": c["boilerplate"] + c["duplicate"],
                        "unparsed": c["unparsed"],
                        "attachment_of": d.parent,
                    }
                )
        return rows


def _group_key(doc: Document) -> str:
    return doc.parent or doc.id


def build_source(src: SourceFile) -> FileResult:
    """Split one file into documents and parse each body with the layout its detector picks."""
    res = FileResult(src, notes=LineNotes(len(src.lines)))
    split = split_documents(src)
    res.documents = split.documents
    res.notes.update(split.notes)
    for i, t in enumerate(src.lines, 1):
        if not t.strip():
            res.notes[i] = LineNote(i, "blank")

    # detect each body's layout, then parse: grouped by plan where the layout reads siblings together
    chosen: list[tuple[Context, str | None]] = []
    for seg in split.segments:
        ctx = Context(src, seg.document, _without_page_marks(seg.text(src), res))
        name, _scores = layouts.detect(ctx)
        seg.document.layout = name or "prose"
        chosen.append((ctx, name))
    groups: dict[tuple[str, str], list[Context]] = defaultdict(list)
    for ctx, name in chosen:
        if name is not None:
            groups[(name, _group_key(ctx.document))].append(ctx)
    done: set[int] = set()
    for ctx, name in chosen:
        if id(ctx) in done:
            continue
        if name is None:
            general = layouts.get("tasks")
            # a body with no label, bracketed role verb, assigning heading or role column is prose
            parsed = general.parse(ctx) if general.may_assign(ctx) else None
            if parsed is not None and _assigned(parsed):
                ctx.document.layout = "tasks"
                _merge(ctx, "tasks", parsed, res)
            else:
                _prose(ctx, res)
            continue
        mod = layouts.get(name)
        group = groups[(name, _group_key(ctx.document))]
        if hasattr(mod, "parse_group"):
            results = mod.parse_group(group)
            pairs = list(zip(group, results))
        else:
            pairs = [(ctx, mod.parse(ctx))]
        for c, parsed in pairs:
            done.add(id(c))
            used = name
            if name in _GENERAL_RIVALS:
                used, parsed = _best_reading(c, name, parsed)
                c.document.layout = used
            _merge(c, used, parsed, res)
    for i in range(1, len(src.lines) + 1):
        if i not in res.notes:
            res.notes[i] = LineNote(i, "unparsed", "", "outside every document")
    res.warnings = (
        [f"{src.name}: {w}" for w in src.warnings] + res.warnings + [f"{src.name}: {w}" for w in _check_tasks(res)]
    )
    for d in res.documents:
        d.format = src.format
    for task in res.tasks:
        # one reference per cell (a multi-line cell spans several rendered lines of one row)
        task.cell_refs = {
            f: list(dict.fromkeys(f"{src.where(ln) or f'line {ln}'}, column {col}" for ln, col in refs))
            for f, refs in task.cells.items()
        }
    if src.locations:
        records: list[Any] = [*res.documents, *res.tasks, *res.assessments, *res.report_items]
        for rec in records:
            rec.where = src.where(rec.line, rec.line_end)
    if src.printed is not None:
        _names_as_printed(src, res.tasks)
    src.release_lines()  # the text stays; lines are split again only if asked for (unparsed lines)
    return res


def _names_as_printed(src: SourceFile, tasks: list[TaskRecord]) -> None:
    """Names in the characters they were printed with (the parsers read them simplified); the
    resolver reads them back (graph.resolve.normalise), so the graph's units are the same."""
    for t in tasks:
        shown: dict[str, str] = {}
        for attr in ("lead_officials", "responsible_units", "assist_units"):
            names = []
            for n in getattr(t, attr):
                printed = src.as_printed(n.text, n.lines)
                shown[n.text] = printed
                names.append(Name(printed, n.lines) if printed != n.text else n)
            setattr(t, attr, names)
        for a in t.assignments:
            a["names"] = [shown.get(x, x) for x in a["names"]]


_UNIT_LABELS = "责任单位/主责单位/牵头单位 or 配合单位/协办单位"
_MAX_LISTED = 5


def _document_label(doc: Document) -> str:
    what = doc.number or (f"《{doc.title}》" if doc.title else None)
    return f"{what} (lines {doc.line}–{doc.line_end})" if what else f"at lines {doc.line}–{doc.line_end}"


def _check_tasks(res: FileResult) -> list[str]:
    """What every layout's records must have: at least one unit, and a number not used twice in one
    section of one document (plans restart numbering per section, so only a repeat within one
    section is suspicious). Both records are kept; the warning says where to look."""
    out: list[str] = []
    docs = {d.id: d for d in res.documents}
    src = res.source.lines
    last_printed = next((k for k in range(len(src), 0, -1) if src[k - 1].strip()), 0)
    by_doc: dict[str, list[TaskRecord]] = defaultdict(list)
    for t in res.tasks:
        by_doc[t.document].append(t)
    for doc_id, tasks in by_doc.items():
        label = _document_label(docs[doc_id]) if doc_id in docs else doc_id
        bare = [t for t in tasks if not t.responsible_units and not t.assist_units and CUT_SHORT not in t.split_reason]
        if len(bare) == 1:
            t = bare[0]
            cut = "; the file ends here — check that it is complete" if t.line_end >= last_printed else ""
            out.append(
                f"line {t.line}: {'task ' + t.number if t.number else 'a task'} in document {label} names no "
                f"unit; expected a unit under {_UNIT_LABELS}; recorded without units{cut}"
            )
        elif bare:
            where = ", ".join(f"{t.line}" + (f" (task {t.number})" if t.number else "") for t in bare[:_MAX_LISTED])
            more = f" and {len(bare) - _MAX_LISTED} more" if len(bare) > _MAX_LISTED else ""
            out.append(
                f"{len(bare)} tasks in document {label} name no unit, at lines {where}{more}; expected a unit "
                f"under {_UNIT_LABELS}; recorded without units"
            )
        first: dict[tuple, TaskRecord] = {}
        for t in tasks:
            if not t.number or t.continues is not None:
                continue  # unnumbered paragraphs; N-cont sub-rows share their row's number on purpose
            key = (tuple(t.section), t.number)
            if key in first:
                out.append(
                    f"duplicate task number {t.number} in document {label}"
                    f"{' under ' + t.section[-1] if t.section else ''}: lines {first[key].line} and {t.line}; "
                    f"both are kept as separate tasks — check the numbering"
                )
            else:
                first[key] = t
    return out


def _without_page_marks(lines: list[tuple[int, str]], res: FileResult) -> list[tuple[int, str]]:
    """Page marks ("- 3 -", "第3页") are boilerplate wherever a page break fell, inside a task's
    fields too: parsers do not see them (a mark between 牵头领导 and 责任单位 was read as part of an
    official's name; as a blank line it would end a self-assessment table's block)."""
    out = []
    for n, t in lines:
        if "页" in t or "-" in t or "—" in t or "/" in t or "－" in t or "–" in t or "~" in t or "／" in t:
            if PAGE_MARK.match(fold(t)):
                res.notes[n] = LineNote(n, "boilerplate", "page-number")
                continue
        out.append((n, t))
    return out


# layouts whose documents the task-by-task reader may read better (real plans mix forms)
_GENERAL_RIVALS = ("fields", "clauses", "columns", "report")


def _assigned(parsed: Parsed) -> int:
    return sum(
        1
        for t in parsed.tasks
        if t.responsible_units or t.assist_units or t.lead_officials or CUT_SHORT in t.split_reason
    )


def _best_reading(ctx: Context, name: str, parsed: Parsed) -> tuple[str, Parsed]:
    """The detected layout's reading, unless the task-by-task reader finds more assigned tasks (a
    plan that mixes forms, or a layout family the detector only half recognises)."""
    reader = layouts.get("tasks")
    if not reader.may_assign(ctx):
        return name, parsed
    general = reader.parse(ctx)
    # a tie goes to the task reader for text layouts (it maps 责任单位 beside 牵头单位 and drops
    # catch-alls), to the table reader for delimited tables (it knows their merged and continued rows)
    if _assigned(general) > _assigned(parsed) or (
        name in ("fields", "clauses") and _assigned(general) == _assigned(parsed)
    ):
        return "tasks", general
    return name, parsed


def _prose(ctx: Context, res: FileResult) -> None:
    """A body no layout claims: prose, unless it carries assignment labels we could not read."""
    for n, t in ctx.lines:
        if not t.strip():
            continue
        if roles.active().carries_assignment(t):
            res.notes[n] = LineNote(n, "unparsed", "", "assignment label in a document of no known layout")
        else:
            res.notes[n] = LineNote(n, "boilerplate", "prose")


def _merge(ctx: Context, name: str, parsed: Parsed, res: FileResult) -> None:
    res.tasks += parsed.tasks
    res.assessments += parsed.assessments
    res.report_items += parsed.report_items
    res.warnings += [f"{ctx.src.name}: {w}" for w in parsed.warnings]
    for n, t in ctx.lines:
        if not t.strip():
            continue
        note = parsed.notes.get(n)
        res.notes[n] = note or LineNote(n, "unparsed", "", f"not recognised by the {name} layout")


def iter_input_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[str]]:
    """Expand files and folders (recursively, sorted by name); unsupported files are reported."""
    files: list[Path] = []
    skipped: list[str] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for q in sorted(x for x in p.rglob("*") if x.is_file()):
                if q.name.startswith("."):
                    continue
                if format_of(q):
                    files.append(q)
                else:
                    skipped.append(unsupported_reason(q))
        elif p.is_file():
            files.append(p)
        else:
            skipped.append(f"{p}: no such file or folder")
    return files, skipped


def build_paths(paths: Iterable[str | Path] | None = None, progress=None, workers: int | None = None) -> Corpus:
    """Build every file under ``paths`` (default: the built-in sample corpus).

    A file that cannot be read is reported in ``Corpus.errors``; the others still build.
    Files are built in ``workers`` processes (default: one per CPU for a big corpus, none for a
    handful of small files); the result is the same in any case, files in name order, and
    ``progress(path)`` is called once per file, in that order.
    """
    if not paths:
        from fengong.data import SAMPLE_CORPUS

        paths = [SAMPLE_CORPUS]
    files, skipped = iter_input_files(paths)
    files.sort(key=lambda q: (q.name, str(q)))
    corpus = Corpus(errors=list(skipped))
    workers = _workers(files) if workers is None else max(1, workers)
    for path, (result, error) in zip(files, _build_all(files, workers)):
        if result is not None:
            corpus.files.append(result)
        else:
            corpus.errors.append(error)
        if progress is not None:
            progress(path)
    return corpus


# A process pool costs ~0.5 s to start (each worker imports the builder): worth it from a few MB on.
_PARALLEL_MIN_FILES = 4
_PARALLEL_MIN_BYTES = 2_000_000


def _workers(files: list[Path]) -> int:
    """One worker per CPU for a big corpus; 1 (no pool) for a handful of small files."""
    cpus = os.cpu_count() or 1
    if cpus < 2 or len(files) < _PARALLEL_MIN_FILES:
        return 1
    size = 0
    for f in files:
        try:
            size += f.stat().st_size
        except OSError:
            pass  # reported when the worker reads it
        if size >= _PARALLEL_MIN_BYTES:
            return cpus
    return 1


def _build_file(path: Path) -> tuple[FileResult | None, str | None]:
    """Read and build one file: its result, or why it could not be read (runs in a worker)."""
    try:
        return build_source(read_input(path)), None
    except FengongError as exc:
        return None, str(exc)


def _build_all(files: list[Path], workers: int):
    """``_build_file`` of every file, in order; in a pool of ``workers`` processes when > 1."""
    if workers <= 1 or len(files) <= 1:
        yield from map(_build_file, files)
        return
    from concurrent.futures import ProcessPoolExecutor

    # The platform's start method: fork on Linux (starts at once; the workers only build and print
    # nothing, so a progress bar's thread in the parent does not matter), spawn elsewhere
    # (_build_file is a module-level function and its arguments and results pickle, so that works).
    workers = min(workers, len(files))
    # several files per task amortise the round trip; small enough that the pool stays balanced
    chunk = max(1, min(16, len(files) // (workers * 8)))
    with ProcessPoolExecutor(workers) as pool:
        yield from pool.map(_build_file, files, chunksize=chunk)
