"""Writing the builder's records: JSON Lines, JSON and CSV, byte-identical for the same input.

Files are written to a temporary name beside the target and renamed, so an
interrupted run never leaves a half-written file.

>>> import io
>>> buf = io.StringIO()
>>> write_rows([{"doc": "a.txt", "units": ["区财政局"]}], buf, "jsonl")
>>> buf.getvalue()
'{"doc": "a.txt", "units": ["区财政局"]}\\n'
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from fengong.build import Corpus
from fengong.build.jurisdiction import jurisdiction_of
from fengong.files import atomic_write

__all__ = ["KINDS", "FORMATS", "rows", "write_rows", "write_file"]

KINDS = ("records", "assessments", "report-items", "documents", "citations", "coverage", "unparsed")
FORMATS = ("jsonl", "json", "csv")


def rows(corpus: Corpus, kind: str) -> list[dict[str, Any]]:
    """The rows of one export ``kind`` (see :data:`KINDS`)."""
    if kind == "records":
        # each record names the jurisdiction its document belongs to (namesake units are told apart)
        docs = {d.id: d for d in corpus.documents}
        where: dict[str, str | None] = {}
        for d in corpus.documents:
            where[d.id] = jurisdiction_of(d, docs.get(d.parent) if d.parent else None)
        return [
            t.export() | {"jurisdiction": where.get(t.document)}
            for t in sorted(corpus.tasks, key=lambda t: (t.doc, t.line, t.line_end))
        ]
    if kind == "assessments":
        return [a.export() for a in sorted(corpus.assessments, key=lambda a: (a.doc, a.line))]
    if kind == "report-items":
        return [r.export() for r in sorted(corpus.report_items, key=lambda r: (r.doc, r.line))]
    if kind == "documents":
        return [{k: v for k, v in d.export().items() if k != "citations"} for d in corpus.documents]
    if kind == "citations":
        return [
            {
                "doc": d.doc,
                "document": d.id,
                "document_number": d.number,
                "line": c.line,
                "cited_title": c.title,
                "cited_number": c.number,
            }
            for d in corpus.documents
            for c in d.citations
        ]
    if kind == "coverage":
        return [{"file": name, **stats} for name, stats in corpus.coverage().items()]
    if kind == "unparsed":
        return [
            {"doc": f.source.name, "line": n.line, "reason": n.reason, "text": f.source.lines[n.line - 1]}
            for f in corpus.files
            for n in f.unparsed()
        ]
    raise ValueError(f"unknown export kind {kind!r}; choose one of {', '.join(KINDS)}")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return "、".join(value)
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def write_rows(data: Iterable[dict[str, Any]], out: IO[str], fmt: str) -> None:
    """Write rows to an open text stream in ``fmt`` (jsonl, json or csv)."""
    data = list(data)
    if fmt == "jsonl":
        for row in data:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif fmt == "json":
        out.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    elif fmt == "csv":
        fields: list[str] = []
        for row in data:
            fields += [k for k in row if k not in fields]
        w = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        for row in data:
            w.writerow({k: _cell(v) for k, v in row.items()})
    else:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def write_file(data: Iterable[dict[str, Any]], path: str | Path, fmt: str) -> Path:
    """Write rows to ``path`` atomically (temporary file, then rename)."""
    buf = io.StringIO()
    write_rows(data, buf, fmt)
    return atomic_write(path, buf.getvalue().encode("utf-8"))
