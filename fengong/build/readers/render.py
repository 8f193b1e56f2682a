"""Rendering a non-text input as numbered lines that the layout parsers read.

A reader walks its file in reading order and hands paragraphs and table rows to a
:class:`Rendering`. Paragraphs become lines; a table row becomes one tab-separated line
(a cell holding a tab, a quote or a line break is quoted as in TSV, so a multi-line cell
spans several lines of the rendering). A cell covered by a merge (``None``) renders empty;
a row that is one cell merged across the whole table (a section or title row) renders as a
plain line. Every rendered line keeps the :class:`~fengong.build.source.Location` it came
from, so records can say "p.2, table 1, row 5".

>>> r = Rendering()
>>> r.paragraph("通州区2023年重点任务", Location(paragraph=1))
>>> r.table([["序号", "任务", "责任单位"], ["一、主要目标", None, None], ["1", "增长5%", "区发展改革委\\n区财政局"]],
...         table=1)
>>> src = r.source("t.docx", "docx")
>>> src.lines
['通州区2023年重点任务', '', '序号\\t任务\\t责任单位', '一、主要目标', '1\\t增长5%\\t"区发展改革委', '区财政局"']
>>> src.where(5, 6)
'table 1, row 3'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from fengong.build.source import Location, SourceFile, simplified

__all__ = ["Rendering", "Location", "render_row", "clean_cell"]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_cell(text: str | None) -> str | None:
    """A cell's text with line endings unified, control characters and non-breaking spaces made plain."""
    if text is None:
        return None
    t = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    t = _CONTROL.sub("", t.replace("\t", " "))
    return "\n".join(line.rstrip() for line in t.strip("\n").split("\n")).strip()


def _quote(cell: str) -> str:
    if "\n" in cell or cell.startswith('"'):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def render_row(cells: Sequence[str | None]) -> str:
    """One table row as text: tab-separated, merged-away cells empty, a full-width merge as a plain line.

    >>> render_row(["一、目标", None, None]), render_row(["1", None, "区财政局"])
    ('一、目标', '1\\t\\t区财政局')
    """
    cells = [clean_cell(c) for c in cells]
    if len(cells) > 1 and cells[0] is not None and all(c is None for c in cells[1:]):
        return cells[0].replace("\n", " ")
    return "\t".join(_quote(c or "") for c in cells)


class Rendering:
    """Collects rendered lines and their locations; :meth:`source` makes the :class:`SourceFile`."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.locations: list[Location] = []
        self.warnings: list[str] = []

    def _add(self, text: str, loc: Location) -> None:
        for line in text.split("\n"):
            self.lines.append(line)
            self.locations.append(loc)

    def paragraph(self, text: str, loc: Location) -> None:
        """A paragraph: its own line(s); line breaks inside it are kept."""
        t = clean_cell(text) or ""
        if t:
            self._add(t, loc)

    def blank(self, loc: Location | None = None) -> None:
        """A blank line (between blocks), unless the rendering already ends in one."""
        if self.lines and self.lines[-1] != "":
            self.lines.append("")
            self.locations.append(loc or self.locations[-1])

    def table(
        self,
        rows: Iterable[Sequence[str | None]],
        table: int,
        page: int | None = None,
        sheet: str | None = None,
        first_row: int = 1,
    ) -> None:
        """A table: one rendered row per row, numbered from ``first_row``; blank lines around it."""
        self.blank()
        for r, cells in enumerate(rows, first_row):
            self.row(cells, Location(page=page, sheet=sheet, table=table, row=r))
        self.blank()

    def row(self, cells: Sequence[str | None], loc: Location) -> None:
        self._add(render_row(cells), loc)

    def source(self, name: str, fmt: str, path: str | None = None) -> SourceFile:
        while self.lines and self.lines[-1] == "":
            self.lines.pop()
            self.locations.pop()
        locations = list(self.locations) or [Location()]  # an empty rendering is one empty line
        warnings = list(self.warnings)
        # traditional script read as simplified, as for text files (character for character: lines hold)
        shown = "\n".join(self.lines)
        text = simplified(shown, fmt, warnings)
        src = SourceFile(
            name=name,
            text=text,
            encoding=fmt,
            path=path,
            format=fmt,
            locations=locations,
            printed=shown if text != shown else None,
        )
        src.warnings = warnings
        return src
