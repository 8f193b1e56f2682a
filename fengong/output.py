"""Answers as files or on screen: a terminal table, CSV, JSON, Markdown or Excel.

Excel and Markdown get readable column headers; CSV and JSON keep the column names a program
expects. Excel files have one sheet per group (e.g. per role), a bold frozen header row, column
widths fitted to the content, and fixed timestamps so the same answer gives the same bytes.

>>> import pandas as pd
>>> print(markdown(pd.DataFrame({"name": ["区财政局"], "tasks": [3]})))
| 单位 Unit | 任务数 Tasks |
|---|---|
| 区财政局 | 3 |
"""

from __future__ import annotations

import io
import json
import re
import sys
import zipfile
from datetime import datetime
from pathlib import Path

import pandas as pd

from fengong.files import atomic_write

__all__ = [
    "FORMATS",
    "SUFFIXES",
    "HEADERS",
    "VALUE_LABELS",
    "render",
    "markdown",
    "xlsx_bytes",
    "write_answer",
    "answer_format",
    "csv_text",
    "choose_format",
]

FORMATS = ("table", "csv", "json", "xlsx", "markdown")
# an answer file's suffix sets its format
SUFFIXES = {".csv": "csv", ".json": "json", ".xlsx": "xlsx", ".md": "markdown", ".markdown": "markdown"}


def choose_format(fmt: str | None, output: str | Path | None, suffixes: dict[str, str], default: str) -> str:
    """The format of an output: ``fmt`` if given, else the output file's suffix (``suffixes``:
    suffix -> format), else ``default``; a contradiction or an unknown suffix is a ValueError.

    >>> nt = {".ttl": "ttl", ".nt": "nt"}
    >>> choose_format(None, "g.nt", nt, "ttl"), choose_format(None, None, nt, "ttl")
    ('nt', 'ttl')
    >>> choose_format("ttl", "g.nt", nt, "ttl")
    Traceback (most recent call last):
    ValueError: --format ttl contradicts the suffix of g.nt (nt); drop one of them
    """
    known = sorted(set(suffixes.values()) | {default})
    if fmt is not None and fmt not in known:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(known)}")
    if output is None or str(output) == "-":
        return fmt or default
    suffix = Path(output).suffix.lower()
    by_suffix = suffixes.get(suffix)
    if by_suffix is None:
        if fmt is None:
            raise ValueError(
                f"{Path(output).name}: no format has the suffix {suffix or '(none)'}; "
                f"use {', '.join(suffixes)} (or --format)"
            )
        return fmt
    if fmt is not None and fmt != by_suffix:
        raise ValueError(
            f"--format {fmt} contradicts the suffix of {Path(output).name} ({by_suffix}); drop one of them"
        )
    return by_suffix


def answer_format(fmt: str | None, output: str | Path | None) -> str:
    """The format of an answer: ``fmt`` if given, else the output file's suffix, else a terminal
    table. A suffix the format contradicts, or one no format has, is an error (raised before any
    work is done).

    >>> answer_format(None, "w.xlsx"), answer_format(None, None), answer_format("csv", "w.csv")
    ('xlsx', 'table', 'csv')
    >>> answer_format("csv", "w.xlsx")
    Traceback (most recent call last):
    ValueError: --format csv contradicts the suffix of w.xlsx (xlsx); drop one of them
    """
    if fmt is not None and fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    # "table" is the terminal's format: with an output file, the file's suffix decides
    return choose_format(None if fmt == "table" else fmt, output, SUFFIXES, "table")


# Values shown to people in Excel (sheet names and cells), bilingual like the headers.
VALUE_LABELS = {
    "role": {"responsible": "主责 Responsible", "assisting": "协办 Assisting"},
    "status": {"upcoming": "未到期 Upcoming", "past": "已到期 Past", "ongoing": "长期 Ongoing", "none": "无时限 None"},
}
_DATE_COLUMNS = ("deadline", "issued", "date")
_ISO_DATE = __import__("re").compile(r"^\d{4}-\d{2}-\d{2}$")

# Column name -> header for people (Excel, Markdown, terminal).
HEADERS = {
    "group": "分组 Group",
    "unit": "单位ID Unit id",
    "name": "单位 Unit",
    "jurisdiction": "辖区 Jurisdiction",
    "unit_name": "单位 Unit",
    "kind": "类型 Kind",
    "collective": "集合 Collective",
    "responsible": "主责任务 Responsible",
    "responsible_first": "第一主责 First-listed",
    "assisting": "协办任务 Assisting",
    "total": "合计 Total",
    "weighted": "加权 Weighted",
    "rank": "排名 Rank",
    "role": "角色 Role",
    "first_listed": "第一主责 First-listed",
    "task": "任务ID Task id",
    "number": "序号 No.",
    "text": "任务 Task",
    "lead_officials": "牵头领导 Lead officials",
    "responsible_partners": "其他主责单位 Other responsible units",
    "assisting_partners": "协办单位 Assisting units",
    "responsible_units": "主责单位 Responsible units",
    "assisting_units": "协办单位 Assisting units",
    "deadline": "完成时限 Deadline",
    "deadline_text": "时限原文 Deadline as printed",
    "status": "状态 Status",
    "document_number": "文号 Document no.",
    "document_title": "文件 Document",
    "year": "年度 Year",
    "source_file": "来源文件 Source file",
    "source_line": "起始行 Line",
    "source_line_end": "结束行 Last line",
    "printed": "原文名称 Name as printed",
    "tasks": "任务数 Tasks",
    "led_alone": "单独牵头 Led alone",
    "oversees_inferred": "分管(推断) Oversees (inferred)",
    "official": "领导ID Official id",
    "official_name": "领导 Official",
    "name_a": "单位甲 Unit A",
    "name_b": "单位乙 Unit B",
    "lead_name": "主责单位 Responsible unit",
    "assist_name": "协办单位 Assisting unit",
    "oversees": "分管(推断) Oversees (inferred)",
    "role_pair": "角色组合 Role pair",
    "tasks_before": "前期任务 Tasks before",
    "tasks_after": "后期任务 Tasks after",
    "change": "变化 Change",
}


def _header(col: str) -> str:
    return HEADERS.get(col, col)


def _cell(v) -> str:
    if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NA:
        return ""
    if isinstance(v, (list, tuple)):
        return "、".join(map(str, v))
    return str(v)


def csv_text(frame: pd.DataFrame) -> str:
    """The frame as CSV (UTF-8 text, ``\\n`` line ends), whole numbers written as whole numbers.

    pandas stores an integer column with a missing value as floats and would write ``2022.0``;
    here a float that is a whole number is written without the ``.0``, other floats as Python
    writes them.

    >>> print(csv_text(pd.DataFrame({"year": [2022, None], "share": [0.5, 1.0]})), end="")
    year,share
    2022,0.5
    ,1
    """
    floats = [c for c in frame.columns if pd.api.types.is_float_dtype(frame[c])]
    if floats:
        frame = frame.copy()
        for c in floats:
            frame[c] = [
                None if pd.isna(v) else (str(int(v)) if float(v).is_integer() else repr(float(v))) for v in frame[c]
            ]
    return frame.to_csv(index=False, lineterminator="\n")


def markdown(frame: pd.DataFrame) -> str:
    """A GitHub-style Markdown table with readable headers (pipes in cells escaped)."""

    def esc(s: str) -> str:
        return s.replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(esc(_header(c)) for c in frame.columns) + " |", "|" + "---|" * len(frame.columns)]
    for row in frame.itertuples(index=False):
        lines.append("| " + " | ".join(esc(_cell(v)) for v in row) + " |")
    return "\n".join(lines)


def _deterministic_zip(data: bytes) -> bytes:
    """Rewrite a zip (xlsx) with fixed member timestamps and order, so equal content gives equal bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                # openpyxl stamps the save time here whatever the workbook properties say
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z", data)
            dst.writestr(fixed, data)
    return out.getvalue()


def xlsx_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """An Excel workbook with one sheet per entry: readable bold headers, frozen header row,
    auto-filter and fitted column widths.

    Written with XlsxWriter, five times faster than openpyxl's writer for small workbooks (the
    atlas writes one per unit); every value is written with its type's own call, so a text cell
    is never taken for a formula.

    >>> import openpyxl
    >>> wb = openpyxl.load_workbook(io.BytesIO(xlsx_bytes({"答": pd.DataFrame({"name": ["区财政局"], "tasks": [3]})})))
    >>> [[c.value for c in r] for r in wb["答"].iter_rows()], wb["答"].freeze_panes, wb["答"]["A1"].font.b
    ([['单位 Unit', '任务数 Tasks'], ['区财政局', 3]], 'A2', True)
    """
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    wb.set_properties({"author": "fengong", "created": datetime(2000, 1, 1)})
    bold, wrap = wb.add_format({"bold": True}), wb.add_format({"text_wrap": True, "valign": "top"})
    day = wb.add_format({"num_format": "yyyy-mm-dd"})
    titles: set[str] = set()
    for title, frame in sheets.items():
        name = _sheet_title(title)
        k = 1
        while name.lower() in titles:  # two titles that clean alike
            k += 1
            name = f"{_sheet_title(title)[:27]}_{k}"
        titles.add(name.lower())
        ws = wb.add_worksheet(name)
        for i, col in enumerate(frame.columns):
            ws.write_string(0, i, _header(col), bold)
            width = max([_width(_header(col))] + [_width(_cell(v)) for v in frame[col].head(500)])
            ws.set_column(i, i, min(60, max(6, width + 2)), wrap if width > 60 else None)
        labels = [VALUE_LABELS.get(c, {}) for c in frame.columns]
        dates = [c in _DATE_COLUMNS for c in frame.columns]
        for r, row in enumerate(frame.itertuples(index=False), start=1):
            for i, v in enumerate(row):
                v = _excel_value(v)
                if v is None or v == "":
                    continue  # a blank cell, as openpyxl wrote it
                if dates[i] and isinstance(v, str) and _ISO_DATE.match(v):
                    ws.write_datetime(r, i, datetime.strptime(v, "%Y-%m-%d"), day)  # a date Excel sorts and filters
                    continue
                v = labels[i].get(v, v) if isinstance(v, str) else v
                if isinstance(v, bool):
                    ws.write_boolean(r, i, v)
                elif isinstance(v, (int, float)):
                    ws.write_number(r, i, v)
                else:
                    ws.write_string(r, i, str(v))
        ws.freeze_panes(1, 0)
        if len(frame.columns):
            ws.autofilter(0, 0, max(0, len(frame)), len(frame.columns) - 1)
    if not sheets:
        wb.add_worksheet("Sheet")
    wb.close()
    return _deterministic_zip(buf.getvalue())


def _sheet_title(title: str) -> str:
    # Excel forbids []:*?/\ in sheet names and caps them at 31 characters
    clean = "".join("_" if c in "[]:*?/\\" else c for c in str(title)) or "Sheet"
    return clean[:31]


_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # control characters XML 1.0 (xlsx) cannot hold


def _excel_value(v):
    """A cell value the workbook takes as plain data: lists joined with 、, control characters shown
    as U+FFFD (openpyxl refuses them), and a leading ``=`` quoted with ``'`` (else a live formula).

    >>> _excel_value("区\x07局"), _excel_value('=HYPERLINK("http://x")'), _excel_value(["=1", "b"])
    ('区\ufffd局', '\\'=HYPERLINK("http://x")', "'=1、b")
    """
    if v is None or v is pd.NA or (isinstance(v, float) and pd.isna(v)):
        return None
    if isinstance(v, (list, tuple)):
        v = "、".join(map(str, v))
    if hasattr(v, "item"):  # numpy scalars
        return v.item()
    if isinstance(v, str):
        v = _XLSX_ILLEGAL.sub("\ufffd", v)
        return "'" + v if v.startswith("=") else v
    return v


_WIDE = re.compile("[\u2e81-\U0010ffff]")


def _width(s: str) -> int:
    """Display columns of ``s``: CJK characters take two (counted in C: the atlas sizes the columns
    of a workbook per unit).

    >>> _width("区水务局 12")
    11
    """
    return len(s) if s.isascii() else len(s) + len(_WIDE.findall(s))


# Columns a terminal table leaves out (ids and long duplicates); files keep them.
_TERMINAL_HIDDEN = {
    "unit",
    "task",
    "official",
    "unit_a",
    "unit_b",
    "lead",
    "assist",
    "document_title",
    "source_line_end",
    "deadline_text",
    "printed",
    "collective",
    "key_task",
    "first_listed",
}


def render(
    frame: pd.DataFrame, title: str | None = None, max_text: int = 40, console=None, every_column: bool = False
) -> None:
    """Print a frame as a terminal table: ids and long duplicate columns left out, long texts
    shortened, every row shown. Columns are kept in order while they fit the terminal's width at a
    readable size (a name is never folded into two-character slivers); a note names the ones left
    out, which ``-f csv`` or an ``.xlsx`` file shows."""
    from rich.cells import cell_len
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    if not every_column:  # a query's own columns (SPARQL) are all shown, folded if they must be
        frame = frame[[c for c in frame.columns if c not in _TERMINAL_HIDDEN]]
    cells = {c: [_cell(v) for v in frame[c].tolist()] for c in frame.columns}
    cells = {c: [x if len(x) <= max_text else x[: max_text - 1] + "…" for x in v] for c, v in cells.items()}
    keep: list[str] = []
    used = 4
    for c in frame.columns:
        widest = max([cell_len(x) for x in cells[c]] + [cell_len(w) for w in _header(c).split()])
        need = min(widest, _READABLE) + 3  # a column folds below its widest cell, never below _READABLE
        if keep and used + need > console.width and not every_column:
            break
        keep.append(c)
        used += need
    table = Table(title=title, show_lines=False)
    for c in keep:
        table.add_column(
            _header(c),
            overflow="fold",
            min_width=None if every_column else min(_READABLE, max(cell_len(x) for x in cells[c] + [""])),
            justify="right" if pd.api.types.is_numeric_dtype(frame[c]) else "left",
        )
    for k in range(len(frame)):
        table.add_row(*(cells[c][k] for c in keep))
    console.print(table)
    left = [c for c in frame.columns if c not in keep]
    if left:
        console.print(
            f"({len(left)} more columns do not fit {console.width} characters: "
            f"{', '.join(left)}; -f csv or -o FILE.xlsx shows them)",
            highlight=False,
        )


_READABLE = 12  # terminal cells: six Chinese characters


def write_answer(
    frame: pd.DataFrame,
    fmt: str = "table",
    output: str | Path | None = None,
    *,
    sheets_by: str | None = None,
    title: str | None = None,
    extra: dict[str, pd.DataFrame] | None = None,
    every_column: bool = False,
) -> Path | None:
    """Write an answer in ``fmt`` to ``output`` (a file; ``None`` or ``-``: the terminal or standard output).

    ``sheets_by`` names a column whose values become the Excel sheets (e.g. ``role``);
    ``extra`` adds further sheets or tables (e.g. an official's units beside their tasks).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    to_stdout = output is None or str(output) == "-"
    if fmt == "xlsx":
        if to_stdout:
            raise ValueError("an Excel answer needs --output FILE.xlsx")
        if sheets_by:
            names = VALUE_LABELS.get(sheets_by, {})
            sheets = {
                names.get(str(k), str(k)): g.drop(columns=[sheets_by]) for k, g in frame.groupby(sheets_by, sort=False)
            } or {title or "answer": frame}
        else:
            sheets = {title or "answer": frame}
        sheets.update(extra or {})
        assert output is not None  # checked above: Excel goes to a file
        return atomic_write(output, xlsx_bytes(sheets))
    if fmt == "table" and to_stdout:
        render(frame, title, every_column=every_column)
        for name, f in (extra or {}).items():
            render(f, name)
        return None
    if fmt in ("csv", "table"):
        text = csv_text(frame)
    elif fmt == "json":
        data = json.loads(frame.to_json(orient="records", force_ascii=False))
        if extra:
            data = {
                title or "answer": data,
                **{k: json.loads(f.to_json(orient="records", force_ascii=False)) for k, f in extra.items()},
            }
        text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    else:
        parts = [(f"## {title}\n\n" if title and extra else "") + markdown(frame)]
        parts += [f"## {k}\n\n" + markdown(f) for k, f in (extra or {}).items()]
        text = "\n\n".join(parts) + "\n"
    if to_stdout or output is None:
        sys.stdout.write(text)
        return None
    return atomic_write(output, text.encode("utf-8"))
