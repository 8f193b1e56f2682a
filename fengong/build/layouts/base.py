"""What every layout parser receives and returns.

A layout module exposes ``NAME``, ``detect(ctx) -> float`` (0 = not this layout,
1 = certainly this layout) and ``parse(ctx) -> Parsed``. Parsers are pure: they
read ``ctx.lines`` and return records and line notes; they never open files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fengong.build.records import AssessmentItem, Document, LineNote, ReportItem, TaskRecord
from fengong.build.source import SourceFile

__all__ = ["Context", "Parsed", "PAGE_MARK"]

# A line that is only a page mark ("- 3 -", "— 3 —", "第3页", "第 3 页 共 12 页", "3/12"), matched on
# folded text. Bare numbers are not included: in flattened tables they may be row numbers.
PAGE_MARK = re.compile(
    r"^\s*(?:[-—–~]\s*\d{1,4}\s*[-—–~]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|"
    r"\d{1,4}\s*/\s*\d{1,4})\s*$"
)


@dataclass
class Context:
    """One document body handed to a layout parser."""

    src: SourceFile
    document: Document
    lines: list[tuple[int, str]]  # (1-based line number, text as printed), blank lines included
    # what a detector computed that its parser needs again (a scan, a whole parse), by layout name
    memo: dict[str, object] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_text(cls, text: str, name: str = "t.txt", year: int | None = None) -> Context:
        """A whole text as one document body (tests, notebooks, examples).

        >>> Context.from_text("1.任务", year=2022).lines
        [(1, '1.任务')]
        """
        from fengong.build.source import source_from_text

        src = source_from_text(name, text)
        doc = Document(id="d", doc=name, line=1, line_end=len(src.lines), year=year)
        return cls(src, doc, list(enumerate(src.lines, 1)))

    @property
    def year(self) -> int | None:
        return self.document.year

    def ends_file(self) -> bool:
        """Whether this body's last printed line is the file's last printed line (a row or task
        left incomplete there was cut off with the file, not continued by merged cells)."""
        last = next((n for n, t in reversed(self.lines) if t.strip()), None)
        src = self.src.lines
        end = next((k for k in range(len(src), 0, -1) if src[k - 1].strip()), None)
        return last is not None and last == end

    def nonblank(self) -> list[tuple[int, str]]:
        return [(n, t) for n, t in self.lines if t.strip()]


@dataclass
class Parsed:
    """What a layout parser found in one document body."""

    tasks: list[TaskRecord] = field(default_factory=list)
    assessments: list[AssessmentItem] = field(default_factory=list)
    report_items: list[ReportItem] = field(default_factory=list)
    notes: dict[int, LineNote] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def note(self, line: int, status: str, kind: str = "", reason: str = "") -> None:
        self.notes[line] = LineNote(line, status, kind, reason)

    def claim(self, lines, kind: str = "task") -> None:
        """Mark ``lines`` as part of a record."""
        for n in lines:
            self.notes[n] = LineNote(n, "record", kind)
