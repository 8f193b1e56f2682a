"""The builder's records: what a careful reader takes from a document, with line provenance.

Every value keeps the lines it was read from. Names are kept as printed (wrapped
names re-joined, PDF spaces inside officials' names removed) so that the graph
can resolve them later while the printed form stays beside the resolved entity.

>>> t = TaskRecord(doc="a.txt", document="doc-1", number="1", line=3, line_end=5, text="任务",
...                responsible_units=[Name("区财政局", (5,))])
>>> t.export()["responsible_units"]
['区财政局']
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, MutableMapping
from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = [
    "Name",
    "Contact",
    "Deadline",
    "TaskRecord",
    "AssessmentItem",
    "ReportItem",
    "Citation",
    "Document",
    "LineNote",
    "LineNotes",
    "CUT_SHORT",
    "SPLIT_CERTAIN",
    "SPLIT_INFERRED",
    "SPLIT_AMBIGUOUS",
]


def _reduce_by_fields(self):
    """Pickle a slotted dataclass as a constructor call: the default goes through
    ``dataclasses.fields()`` for every object, which made unpickling a big build's names slow."""
    return type(self), tuple(getattr(self, name) for name in self.__slots__)


# the split_reason of a record whose row the file cut off: the layout warned about it already
CUT_SHORT = "the file ends inside this row"

SPLIT_CERTAIN = "certain"
SPLIT_INFERRED = "inferred"
SPLIT_AMBIGUOUS = "ambiguous"


@dataclass(frozen=True, slots=True)
class Name:
    """A unit or an official as printed, with the line(s) it was printed on."""

    text: str
    lines: tuple[int, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.text, "lines": list(self.lines)}

    __reduce__ = _reduce_by_fields


@dataclass(frozen=True, slots=True)
class Contact:
    """A contact person and phone given for a task's responsible unit (联系人/联系电话)."""

    person: str | None
    phone: str | None
    lines: tuple[int, ...]
    unit: str | None = None  # the responsible unit this contact speaks for

    __reduce__ = _reduce_by_fields


@dataclass(frozen=True, slots=True)
class Deadline:
    """A deadline as printed and as a date.

    ``kind`` is ``date`` (a due date), ``ongoing`` (长期, 持续推进…), or ``unknown``
    (printed but not understood; the text is kept).
    """

    text: str
    date: str | None  # ISO date
    kind: str
    lines: tuple[int, ...]

    __reduce__ = _reduce_by_fields


@dataclass(slots=True)  # no per-object __dict__: a million records are a big part of a build's memory
class TaskRecord:
    """One task of an allocation plan and who is assigned to it."""

    doc: str  # source file name
    document: str  # id of the Document it belongs to
    number: str | None
    line: int
    line_end: int
    text: str
    section: list[str] = field(default_factory=list)
    key_task: str | None = None  # 重点任务 column of action-plan tables
    lead_officials: list[Name] = field(default_factory=list)
    responsible_units: list[Name] = field(default_factory=list)
    assist_units: list[Name] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    deadline: Deadline | None = None
    split: str = SPLIT_CERTAIN
    split_reason: str = ""
    layout: str = ""
    appendix: int | None = None
    continues: str | None = None  # number of the row a continuation row continues
    where: str | None = None  # page/paragraph/table/row/sheet, for inputs that are not plain text
    # table cells a field was read from: field -> [(line, column header)]; `cell_refs` after the build
    cells: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    cell_refs: dict[str, list[str]] = field(default_factory=dict)
    # every role as printed: {"label", "role", "form", "names"}, roles that are neither lead nor assist too
    assignments: list[dict[str, Any]] = field(default_factory=list)
    unnamed: list[str] = field(default_factory=list)  # catch-alls printed with the units (等有关部门)

    def export(self) -> dict[str, Any]:
        """The record in the export contract (``fengong export records``), plus provenance."""
        return {
            "doc": self.doc,
            "document": self.document,
            "appendix": self.appendix,
            "number": self.number,
            "line": self.line,
            "line_end": self.line_end,
            "section": self.section,
            "key_task": self.key_task,
            "text": self.text,
            "lead_officials": [n.text for n in self.lead_officials],
            "responsible_units": [n.text for n in self.responsible_units],
            "assist_units": [n.text for n in self.assist_units],
            "deadline_text": self.deadline.text if self.deadline else None,
            "deadline": self.deadline.date if self.deadline else None,
            "deadline_kind": self.deadline.kind if self.deadline else None,
            "split": self.split,
            "split_reason": self.split_reason,
            "contacts": [asdict(c) | {"lines": list(c.lines)} for c in self.contacts],
            "continues": self.continues,
            "layout": self.layout,
            "where": self.where,
            "cells": self.cell_refs,
            "assignments": self.assignments,
            "unnamed": self.unnamed,
            "name_lines": {
                "lead_officials": [list(n.lines) for n in self.lead_officials],
                "responsible_units": [list(n.lines) for n in self.responsible_units],
                "assist_units": [list(n.lines) for n in self.assist_units],
                "deadline": list(self.deadline.lines) if self.deadline else [],
            },
        }


@dataclass(slots=True)
class AssessmentItem:
    """One row of a self-assessment table (自查表)."""

    doc: str
    document: str
    line: int
    line_end: int
    district: str | None
    year: int | None
    dimension: str | None  # 考评维度
    item: str | None  # 自查内容/自查任务
    status: str  # 落实情况
    problems: str | None  # 存在问题及原因
    number: str | None = None
    layout: str = ""
    where: str | None = None

    def export(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class ReportItem:
    """One item of a work-report summary: an achievement of the past year or a plan item."""

    doc: str
    document: str
    line: int
    line_end: int
    text: str
    kind: str  # "achievement" | "plan"
    year: int | None
    section: list[str] = field(default_factory=list)
    layout: str = ""
    where: str | None = None

    def export(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Citation:
    """A reference from one document to another (《title》（文号）)."""

    title: str | None
    number: str | None  # 文号, folded (e.g. 京政办发〔2022〕14号)
    line: int

    __reduce__ = _reduce_by_fields


@dataclass
class Document:
    """One document found in a file: a notice, an attachment, a plan, a table."""

    id: str
    doc: str  # source file name
    line: int
    line_end: int
    number: str | None = None  # 文号
    title: str | None = None
    issuer: str | None = None
    date: str | None = None  # ISO date issued
    year: int | None = None
    parent: str | None = None  # id of the document this is an attachment of
    attachment: int | None = None  # 附件 N
    duplicate_of: str | None = None
    layout: str | None = None
    citations: list[Citation] = field(default_factory=list)
    format: str = "text"  # the reader: text, pdf, docx, html, xlsx, csv
    where: str | None = None  # page/paragraph/table/row/sheet span, for inputs that are not plain text

    def export(self) -> dict[str, Any]:
        data = asdict(self)
        return data


@dataclass(frozen=True, slots=True)
class LineNote:
    """How one line of an input was accounted for.

    ``status`` is ``record`` (inside a task/assessment/report record), ``boilerplate``
    (headers, page numbers, signatures, 抄送, prose without assignments…),
    ``duplicate`` (content already present elsewhere), ``blank`` or ``unparsed``.
    """

    line: int
    status: str
    kind: str = ""
    reason: str = ""

    __reduce__ = _reduce_by_fields


class LineNotes(MutableMapping[int, LineNote]):
    """The notes of one file's lines, kept compactly: a file of 10,000 lines would otherwise hold
    10,000 LineNote objects in a dict (~200 bytes each), which dominates memory on big corpora.

    Each line stores one small integer code into a table of the distinct (status, kind, reason)
    triples of the file. Reading a line gives a LineNote equal to the one stored; iteration is in
    line order.

    >>> notes = LineNotes()
    >>> notes[3] = LineNote(3, "blank"); notes[1] = LineNote(1, "record", "task")
    >>> sorted(notes.items())
    [(1, LineNote(line=1, status='record', kind='task', reason='')), (3, LineNote(line=3, status='blank', kind='', reason=''))]
    >>> 2 in notes, len(notes), notes.get(2)
    (False, 2, None)
    """

    __slots__ = ("_codes", "_table", "_index", "_count")

    def __init__(self, lines: int = 0) -> None:
        self._codes = array("I", [0]) * (lines + 1)  # by line number; 0 = no note, k = self._table[k]
        self._table: list[tuple[str, str, str]] = [("", "", "")]  # code 0: no note (never read)
        self._index: dict[tuple[str, str, str], int] = {}
        self._count = 0

    def __setitem__(self, line: int, note: LineNote) -> None:
        if note.line != line or line < 1:
            raise ValueError(f"a note for line {note.line} stored as line {line}")
        key = (note.status, note.kind, note.reason)
        code = self._index.get(key)
        if code is None:
            code = self._index[key] = len(self._table)
            self._table.append(key)
        codes = self._codes
        if line >= len(codes):
            codes.frombytes(bytes(codes.itemsize * (line + 1 - len(codes))))
        if not codes[line]:
            self._count += 1
        codes[line] = code

    def __getitem__(self, line: int) -> LineNote:
        code = self._codes[line] if 0 < line < len(self._codes) else 0
        if not code:
            raise KeyError(line)
        return LineNote(line, *self._table[code])

    def __contains__(self, line: object) -> bool:
        return isinstance(line, int) and 0 < line < len(self._codes) and self._codes[line] != 0

    def __delitem__(self, line: int) -> None:
        if line not in self:
            raise KeyError(line)
        self._codes[line] = 0
        self._count -= 1

    def __iter__(self) -> Iterator[int]:
        return (n for n, code in enumerate(self._codes) if code)

    def __len__(self) -> int:
        return self._count

    def statuses(self) -> Iterator[str]:
        """The status of every noted line (cheaper than building each LineNote)."""
        table = self._table
        return (table[code][0] for code in self._codes if code)

    def __getstate__(self):
        return self._codes, self._table

    def __setstate__(self, state) -> None:
        self._codes, self._table = state
        self._index = {key: k for k, key in enumerate(self._table) if key is not None}
        self._count = len(self._codes) - self._codes.count(0)

    def __repr__(self) -> str:
        return f"LineNotes({dict(self.items())!r})"
