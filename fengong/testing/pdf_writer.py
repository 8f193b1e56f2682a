"""Write a :class:`~fengong.testing.tables.TableDocument` as a real ruled PDF (the PDF reader's fixture).

The page looks like the annex tables of the seed documents: A4 landscape, the paragraphs before
the table as lines above it, then a fully ruled table whose header row repeats on every page,
section rows spanning all columns, vertically merged cells, cells wrapped as Chinese text
(one unit per line in the unit columns, long names wrapping), and "- n -" at the foot of each
page. The font is reportlab's built-in CID font STSong-Light, so no font file is needed, and
the output is byte-identical for the same input.

>>> import io
>>> from fengong.testing.tables import TableDocument, Row
>>> doc = TableDocument("t", ["附件"], ["序号", "任务", "主责单位"], [Row(["1", "增长", "区财政局"])])
>>> out = io.BytesIO(); write_pdf(doc, out)
>>> out.getvalue()[:5]
b'%PDF-'
"""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from fengong.testing.tables import TableDocument

__all__ = ["write_pdf"]

FONT = "STSong-Light"
SIZE = 9
PAD = 4  # cell padding, left and right
MARGIN = 15 * mm


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def _width(text: str) -> float:
    return pdfmetrics.stringWidth(text, FONT, SIZE)


def _column_widths(doc: TableDocument, total: float) -> list[float]:
    """Short columns fit their typical line plus ~1.5 characters (longer lines wrap); prose columns share the rest.

    The spare 1.5 characters matter to the reader: a line ending well short of the edge is a
    real line break (one unit per line), a line ending near the edge has wrapped.
    """
    em = _width("中")
    widths: list[float | None] = []
    prose: dict[int, float] = {}
    for k, head in enumerate(doc.columns):
        lines = [ln for r in doc.task_rows() if k < len(r.cells) for ln in r.cells[k].split("\n") if ln]
        sizes = [_width(ln) for ln in lines] or [0.0]
        typical = statistics.median(sizes)
        if typical > 10 * em:
            prose[k] = typical
            widths.append(None)
        else:
            widths.append(max(_width(head), min(max(sizes), typical + 1.5 * em)) + 2 * PAD + 1)
    rest = total - sum(w for w in widths if w is not None)
    share = sum(prose.values()) or 1.0
    return [w if w is not None else rest * prose[k] / share for k, w in enumerate(widths)]


def _cell(text: str | None, style: ParagraphStyle) -> Paragraph | str:
    if not text:
        return ""
    return Paragraph("<br/>".join(escape(ln) for ln in text.split("\n")), style)


def _spans(doc: TableDocument) -> list[tuple]:
    """SPAN commands: section rows across the table, ``merge_up`` cells with the run of cells above."""
    cmds: list[tuple] = []
    last = len(doc.columns) - 1
    top: dict[int, int] = {}  # column -> first row of the current vertical merge
    for i, row in enumerate(doc.rows, 1):  # row 0 is the header
        if row.kind == "section":
            cmds.append(("SPAN", (0, i), (last, i)))
            top.clear()
            continue
        for k in range(len(doc.columns)):
            if k in row.merge_up:
                top.setdefault(k, i - 1)
            elif k in top:
                cmds.append(("SPAN", (k, top.pop(k)), (k, i - 1)))
    cmds += [("SPAN", (k, start), (k, len(doc.rows))) for k, start in top.items()]
    return cmds


def _page_number(canvas, doc) -> None:
    canvas.saveState()
    canvas.setFont(FONT, SIZE + 1)
    canvas.drawCentredString(doc.pagesize[0] / 2, MARGIN / 2, f"- {canvas.getPageNumber()} -")
    canvas.restoreState()


def write_pdf(doc: TableDocument, path: str | Path | BinaryIO) -> None:
    """Write ``doc`` as a ruled A4-landscape PDF to a path or a binary file object."""
    font = _font()
    cell = ParagraphStyle("cell", fontName=font, fontSize=SIZE, leading=SIZE * 1.35, wordWrap="CJK")
    title = ParagraphStyle("title", fontName=font, fontSize=SIZE + 3, leading=(SIZE + 3) * 1.5)
    page = landscape(A4)
    widths = _column_widths(doc, page[0] - 2 * MARGIN)
    rows = [[_cell(c, cell) for c in doc.columns]]
    for r in doc.grid()[1:]:
        rows.append([_cell(c, cell) for c in r])
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), PAD),
                ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
                *_spans(doc),
            ]
        )
    )
    story = [Paragraph(escape(p), title) for p in doc.before] + [table]
    story += [Paragraph(escape(p), title) for p in doc.after]
    out = SimpleDocTemplate(
        path if not isinstance(path, Path) else str(path),
        pagesize=page,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=doc.name,
        author="fengong",
        creator="fengong",
        producer="fengong",
    )
    saved, rl_config.invariant = rl_config.invariant, 1  # no creation date or random id: same input, same bytes
    try:
        out.build(story, onFirstPage=_page_number, onLaterPages=_page_number)
    finally:
        rl_config.invariant = saved
