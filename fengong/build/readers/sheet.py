"""Spreadsheets: .xlsx workbooks (openpyxl) and .csv files, rendered row by row.

Each sheet is one table; its rows render as tab-separated lines (see
:mod:`~fengong.build.readers.render`), located by sheet and row number as Excel shows them.
A merged range keeps its value in the top-left cell and covers the others, so a title or
section row merged across the sheet renders as a plain line. Columns and trailing rows that
are empty everywhere are left out. Numbers print as Excel shows integers (``1`` not ``1.0``);
dates print as ``2023年6月30日``.

>>> src = read("t.csv", "序号,任务,牵头单位\\n1,建设平台,区财政局\\n".encode("gbk"))
>>> src.lines, src.encoding, src.where(2)
(['序号\\t任务\\t牵头单位', '1\\t建设平台\\t区财政局'], 'csv/gb18030', 'row 2')
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from fengong.build.readers.render import Location, Rendering
from fengong.build.source import SourceFile, decode_text
from fengong.errors import InputError

__all__ = ["read", "cell_text"]


def cell_text(value: Any) -> str | None:
    """A cell value as printed: integers without ``.0``, dates in Chinese, text as it is."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        value = value.date()
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value)


def _trim(grid: list[list[str | None]]) -> tuple[list[list[str | None]], int]:
    """Drop columns empty in every row and trailing empty rows; the count of leading empty rows."""
    keep = [
        k
        for k in range(max((len(r) for r in grid), default=0))
        if any(k < len(r) and (r[k] or "").strip() for r in grid)
    ]
    out = [[(r[k] if k < len(r) else "") for k in keep] for r in grid]
    while out and not any((c or "").strip() for c in out[-1]):
        out.pop()
    lead = 0
    while lead < len(out) and not any((c or "").strip() for c in out[lead]):
        lead += 1
    return out[lead:], lead


def _render_sheet(r: Rendering, grid: list[list[str | None]], sheet: str | None) -> None:
    rows, lead = _trim(grid)
    if not rows:
        return
    r.blank()
    for i, cells in enumerate(rows, lead + 1):
        if len(cells) > 1 and (cells[0] or "").strip() and not any((c or "").strip() for c in cells[1:]):
            cells = [cells[0]] + [None] * (len(cells) - 1)  # a title or section typed in the first cell only
        if any((c or "").strip() for c in cells):
            r.row(cells, Location(sheet=sheet, row=i))
        else:
            r.row([""], Location(sheet=sheet, row=i))  # an empty row stays a blank line
    r.blank()


def _xlsx(data: bytes) -> list[tuple[str, list[list[str | None]]]]:
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    sheets = []
    for ws in wb.worksheets:
        covered: set[tuple[int, int]] = set()
        for rng in ws.merged_cells.ranges:
            for row in range(rng.min_row, rng.max_row + 1):
                for col in range(rng.min_col, rng.max_col + 1):
                    if (row, col) != (rng.min_row, rng.min_col):
                        covered.add((row, col))
        grid = []
        for row in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=ws.max_column):
            grid.append([None if (c.row, c.column) in covered else (cell_text(c.value) or "") for c in row])
        sheets.append((ws.title, grid))
    return sheets


def _csv(data: bytes) -> tuple[list[list[str | None]], str]:
    text, encoding = decode_text(data)
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;，")
    except csv.Error:
        dialect = csv.excel
    return [list(row) for row in csv.reader(io.StringIO(text, newline=""), dialect)], encoding


def read(name: str, data: bytes, fmt: str | None = None, path: str | None = None) -> SourceFile:
    """Render a workbook (every sheet, in order) or a CSV file (``fmt`` defaults from the suffix)."""
    fmt = fmt or ("csv" if name.lower().endswith(".csv") else "xlsx")
    r = Rendering()
    if fmt == "csv":
        grid, encoding = _csv(data)
        _render_sheet(r, grid, None)
        src = r.source(name, "csv", path)
        src.encoding = f"csv/{encoding}"
        return src
    if not data.startswith(b"PK"):
        raise InputError("not an .xlsx workbook (no ZIP signature); an old .xls must be saved as .xlsx")
    sheets = _xlsx(data)
    for title, grid in sheets:
        _render_sheet(r, grid, title)
    if not r.lines:
        r.warnings.append("the workbook has no cells with values")
    return r.source(name, "xlsx", path)
