"""Writers that put a :class:`~fengong.testing.tables.TableDocument` into real files of each format.

The readers' tests write the seed tables as Word, Excel, CSV and web pages the way offices
produce them — merged title and section rows, multi-line cells, vertically merged 序号/重点任务
cells, a government page's navigation around the content — and read them back.
(The ruled PDF is written by :mod:`fengong.testing.pdf_writer`.)

>>> import tempfile, pathlib
>>> from fengong.testing.tables import climate_annex
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> sorted(p.name for p in write_all(climate_annex(), out, formats=("docx", "xlsx", "csv", "html")))
['climate.csv', 'climate.docx', 'climate.html', 'climate.xlsx']
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
from pathlib import Path

from fengong.testing.tables import TableDocument

__all__ = ["write_docx", "write_xlsx", "write_csv", "write_html", "write_all", "WRITERS"]

_FIXED_TIME = dt.datetime(2023, 1, 17, 9, 0, 0)


def write_docx(doc: TableDocument, path: Path, *, numbered: bool = False) -> Path:
    """A Word file: the paragraphs, then a grid table (sections merged across, merge_up merged down).

    ``numbered`` moves each task's number out of the text into Word's own list numbering
    (``1.``), as offices often do; the table is then written as numbered paragraphs instead.
    """
    import docx
    from docx.shared import Pt

    d = docx.Document()
    d.core_properties.created = d.core_properties.modified = _FIXED_TIME
    d.core_properties.author = "fengong"
    for line in doc.before:
        d.add_paragraph(line)
    if numbered:
        _numbered_paragraphs(d, doc)
    else:
        table = d.add_table(rows=0, cols=len(doc.columns))
        table.style = "Table Grid"
        _add_row(table, doc.columns)
        for row in doc.rows:
            cells = table.add_row().cells
            if row.kind == "section":
                merged = cells[0].merge(cells[-1])
                merged.text = row.cells[0]
                continue
            for k, text in enumerate(row.cells):
                if k in row.merge_up:
                    above = table.rows[len(table.rows) - 2].cells[k]
                    above.merge(cells[k])
                else:
                    _fill(cells[k], text)
        for r in table.rows:
            for c in r.cells:
                for p in c.paragraphs:
                    for run in p.runs:
                        run.font.size = Pt(9)
    for line in doc.after:
        d.add_paragraph(line)
    d.save(str(path))
    return path


def _add_row(table, texts: list[str]) -> None:
    cells = table.add_row().cells
    for c, t in zip(cells, texts):
        _fill(c, t)


def _fill(cell, text: str) -> None:
    """One paragraph per printed line, as Word users type a list of units in a cell."""
    lines = text.split("\n")
    cell.text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


def _numbered_paragraphs(d, doc: TableDocument) -> None:
    """Tasks as field blocks whose numbers come from Word's list numbering (numId 1: "%1.")."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    numbering = d.part.numbering_part.element
    numbering.append(
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
            '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
        )
    )
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    labels = doc.columns[2:]
    for row in doc.rows:
        if row.kind == "section":
            d.add_paragraph(row.cells[0])
            continue
        p = d.add_paragraph(row.cells[1])
        p._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr>')
        )
        for label, value in zip(labels, row.cells[2:]):
            d.add_paragraph(f"{label}：{value}")


def write_xlsx(doc: TableDocument, path: Path) -> Path:
    """An Excel sheet: title rows merged across, the header, section rows merged, merge_up merged down."""
    import openpyxl
    from openpyxl.styles import Alignment

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "分工表"
    width = len(doc.columns)
    r = 1
    for line in doc.before:
        ws.cell(r, 1, line)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
        r += 1
    for k, name in enumerate(doc.columns, 1):
        ws.cell(r, k, name)
    r += 1
    for row in doc.rows:
        if row.kind == "section":
            ws.cell(r, 1, row.cells[0])
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
        else:
            for k, text in enumerate(row.cells):
                if k in row.merge_up:
                    _merge_down(ws, r, k + 1)
                    continue
                value: object = int(text) if k == 0 and text.isdigit() else text
                c = ws.cell(r, k + 1, value)
                c.alignment = Alignment(wrap_text=True, vertical="top")
        r += 1
    wb.properties.created = wb.properties.modified = _FIXED_TIME
    wb.save(str(path))
    return path


def _merge_down(ws, row: int, col: int) -> None:
    """Extend the merge of the cell above (or start one) down to ``row``."""
    for rng in list(ws.merged_cells.ranges):
        if rng.min_col == col == rng.max_col and rng.max_row == row - 1:
            ws.unmerge_cells(str(rng))
            ws.merge_cells(start_row=rng.min_row, start_column=col, end_row=row, end_column=col)
            return
    ws.merge_cells(start_row=row - 1, start_column=col, end_row=row, end_column=col)


def write_csv(doc: TableDocument, path: Path, encoding: str = "utf-8-sig") -> Path:
    """A CSV as Excel saves it: a title row, the header, rows (merged cells empty), quoted line breaks."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    for line in doc.before:
        w.writerow([line] + [""] * (len(doc.columns) - 1))
    w.writerow(doc.columns)
    for row in doc.rows:
        if row.kind == "section":
            w.writerow([row.cells[0]] + [""] * (len(doc.columns) - 1))
        else:
            w.writerow(["" if k in row.merge_up else c for k, c in enumerate(row.cells)])
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def write_html(doc: TableDocument, path: Path) -> Path:
    """A government web page: navigation, breadcrumb, the article (paragraphs and a table), footer."""
    e = html.escape
    width = len(doc.columns)
    # rowspans: a merge_up cell extends the span of the cell above it
    spans: dict[tuple[int, int], int] = {}
    tops: dict[int, int] = {}
    for i, row in enumerate(doc.rows):
        if row.kind == "section":
            tops.clear()
            continue
        for k in range(width):
            if k in row.merge_up and k in tops:
                spans[(tops[k], k)] = spans.get((tops[k], k), 1) + 1
            else:
                tops[k] = i
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{e(doc.before[-1] if doc.before else doc.name)}_北京市通州区人民政府</title>",
        '<script>var _hmt = _hmt || []; document.write("统计代码");</script>',
        "<style>.nav li{display:inline}</style></head><body>",
        '<div class="header"><div class="top">无障碍浏览 | 长者模式 | English</div>',
        '<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li>'
        '<li><a href="/zwfw">政务服务</a></li><li><a href="/hdjl">互动交流</a></li></ul></div>',
        '<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 政策文件</div>',
        '<div class="article"><div class="info">发布时间：2023-01-17 来源：区政府办 字号：大 中 小</div>',
        '<div id="zoom" class="TRS_Editor">',
    ]
    for line in doc.before:
        out.append(f'<p style="text-align:center">{e(line)}</p>')
    out.append('<table border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse">')
    out.append("<tr>" + "".join(f"<td><p><b>{e(c)}</b></p></td>" for c in doc.columns) + "</tr>")
    for i, row in enumerate(doc.rows):
        if row.kind == "section":
            out.append(f'<tr><td colspan="{width}"><p>{e(row.cells[0])}</p></td></tr>')
            continue
        tds = []
        for k, text in enumerate(row.cells):
            if k in row.merge_up:
                continue
            span = spans.get((i, k), 1)
            attr = f' rowspan="{span}"' if span > 1 else ""
            body = "".join(f"<p>{e(x)}</p>" for x in text.split("\n")) if "\n" in text else f"<p>{e(text)}</p>"
            tds.append(f'<td valign="top"{attr}>{body}</td>')
        out.append("<tr>" + "".join(tds) + "</tr>")
    out.append("</table>")
    for line in doc.after:
        out.append(f"<p>{e(line)}</p>")
    out += [
        "</div>",
        '<div class="share">分享到：微信 微博</div>',
        '<div class="related"><h3>相关链接</h3><ul><li><a href="/x">关于印发某方案的通知 通政办发〔2022〕9号</a>'
        "</li></ul></div></div>",
        '<div class="footer"><p>主办：北京市通州区人民政府办公室 版权所有</p><p>京ICP备05083335号</p></div>',
        "</body></html>",
    ]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


WRITERS = {"docx": write_docx, "xlsx": write_xlsx, "csv": write_csv, "html": write_html}


def write_all(doc: TableDocument, folder: Path, formats=("docx", "xlsx", "csv", "html", "pdf")) -> list[Path]:
    """Write ``doc`` in each format into ``folder`` as ``<name>.<format>``."""
    folder.mkdir(parents=True, exist_ok=True)
    out: list[Path] = []
    for fmt in formats:
        if fmt == "pdf":
            from fengong.testing.pdf_writer import write_pdf

            write_pdf(doc, folder / f"{doc.name}.pdf")
            out.append(folder / f"{doc.name}.pdf")
        else:
            out.append(WRITERS[fmt](doc, folder / f"{doc.name}.{fmt}"))
    return out
