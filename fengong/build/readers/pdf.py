"""PDF reader: text lines outside tables, and ruled tables as cells (pdfplumber).

Each page is read top to bottom. A table is found from its ruling lines; every other line of
text is a paragraph line, page numbers included (the layout parsers know them as boilerplate).
A cell's text is rebuilt from the characters inside it: a line that runs to the cell's right
edge has *wrapped* and is joined with the next one, a line that ends well short of the edge
is a *real* line break and is kept, so a unit column listing one unit per line keeps its units
apart while a long unit name that wrapped is one name again.

>>> join_lines([("区经济和信息化", True), ("局", False)])
'区经济和信息化局'
>>> join_lines([("区发展改革委", False), ("区生态环境局", False)])
'区发展改革委\\n区生态环境局'
>>> join_lines([("reduce the GDP", True), ("energy intensity", False)])
'reduce the GDP energy intensity'
"""

from __future__ import annotations

import bisect
import io
import re
import statistics
from dataclasses import dataclass
from typing import Any

from fengong.build.readers.render import Rendering
from fengong.build.source import Location, SourceFile
from fengong.errors import InputError

__all__ = ["read", "join_lines"]

_LATIN = re.compile(r"[0-9A-Za-z\u00c0-\u024f]")
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")


@dataclass
class _Line:
    """One visual line of characters: its text and horizontal extent."""

    text: str
    x0: float
    x1: float
    top: float
    size: float  # typical character size, the unit of the wrap test
    first_token: float  # width of what the line starts with (a CJK character or a Latin word)


def read(name: str, data: bytes, fmt: str = "pdf", path: str | None = None) -> SourceFile:
    """Render a PDF: per page, text lines as paragraphs and ruled tables as rows of cells."""
    pdf = _open(data)
    r = Rendering()
    try:
        for p, page in enumerate(pdf.pages, 1):
            _read_page(page.dedupe_chars(), p, r)
    except InputError:
        raise
    except Exception as exc:  # pages are parsed lazily: a damaged page fails here, not at open
        raise InputError(f"cannot read the PDF ({type(exc).__name__}: {exc})") from None
    finally:
        pdf.close()
    return r.source(name, "pdf", path)


def _open(data: bytes):
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        _ = pdf.pages  # parses the page tree: a corrupt file fails here
    except Exception as exc:
        detail = str(exc) or type(exc).__name__  # pdfplumber wraps pdfminer's error: its text says what
        reason = (
            "it is encrypted (a password is needed)"
            if "password" in repr(exc).lower()
            else f"damaged or not a PDF: {detail}"
        )
        raise InputError(f"cannot open the PDF ({reason})") from None
    return pdf


def _read_page(page, p: int, r: Rendering) -> None:
    chars = page.chars
    if not any(c["text"].strip() for c in chars):
        r.warnings.append(f"p.{p} has no text layer (scanned image?); OCR is not supported")
        return
    tables = [
        t
        for t in page.find_tables({"vertical_strategy": "lines", "horizontal_strategy": "lines"})
        if len(t.rows) >= 2 and max(len(row.cells) for row in t.rows) >= 2
    ]
    outside = [c for c in chars if not any(_inside(c, t.bbox) for t in tables)]
    blocks: list[tuple[float, int, Any]] = [(ln.top, 0, ln) for ln in _lines(outside)]
    blocks += [(t.bbox[1], 1, t) for t in tables]
    n = 0
    for _top, kind, obj in sorted(blocks, key=lambda b: (b[0], b[1])):
        if kind == 0:
            r.paragraph(obj.text, Location(page=p))
        else:
            n += 1
            r.table(_table_rows(obj, chars), table=n, page=p)
    r.blank()


def _inside(c: dict, bbox: tuple[float, float, float, float]) -> bool:
    """Whether a character's centre lies in a box (x0, top, x1, bottom)."""
    x, y = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
    return bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]


def _table_rows(table, chars: list[dict]) -> list[list[str | None]]:
    chars = sorted((c for c in chars if _inside(c, table.bbox)), key=lambda c: (c["top"] + c["bottom"]) / 2)
    middles = [(c["top"] + c["bottom"]) / 2 for c in chars]
    rows = []
    for row in table.rows:
        rows.append([None if box is None else _cell_text(box, chars, middles) for box in row.cells])
    return rows


def _cell_text(box: tuple[float, float, float, float], chars: list[dict], middles: list[float]) -> str:
    lo, hi = bisect.bisect_left(middles, box[1]), bisect.bisect_right(middles, box[3])
    inside = [c for c in chars[lo:hi] if _inside(c, box)]
    lines = _lines(inside)
    return join_lines(list(zip((ln.text for ln in lines), _wraps(lines, box))))


def _lines(chars: list[dict]) -> list[_Line]:
    """Characters grouped into visual lines (by vertical position), each read left to right."""
    groups: list[list[dict]] = []
    for c in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        if groups and c["top"] < groups[-1][0]["top"] + 0.5 * max(c["size"], 1):
            groups[-1].append(c)
        else:
            groups.append([c])
    lines = [_line(sorted(g, key=lambda c: c["x0"])) for g in groups]
    return [ln for ln in lines if ln.text]


def _line(chars: list[dict]) -> _Line:
    text, prev = "", None
    for c in chars:
        t = c["text"]
        if prev is not None and t.strip() and prev["text"].strip() and _gap_is_space(prev, c):
            text += " "
        text += t
        prev = c
    ink = [c for c in chars if c["text"].strip()] or chars
    size = statistics.median(c["size"] for c in ink)
    first = ink[0]
    token = first["x1"] - first["x0"]
    if _LATIN.match(first["text"]):  # a Latin word moves to the next line whole
        for c in ink[1:]:
            if not _LATIN.match(c["text"]) or _gap_is_space(first, c):
                break
            token = c["x1"] - first["x0"]
    return _Line(
        re.sub(r"\s+", " ", text).strip(), ink[0]["x0"], ink[-1]["x1"], min(c["top"] for c in chars), size, token
    )


def _gap_is_space(a: dict, b: dict) -> bool:
    """A gap between two characters reads as a space, except between CJK characters (spacing, not words)."""
    if _CJK.match(a["text"]) and _CJK.match(b["text"]):
        return False
    return b["x0"] - a["x1"] > 0.2 * max(a["size"], 1)


def _wraps(lines: list[_Line], box: tuple[float, float, float, float]) -> list[bool]:
    """For each line, whether it wrapped into the next: the next line's first word would not have fitted.

    The padding is the smallest margin the lines leave (a left-aligned cell shows it exactly),
    capped at a typical cell padding so a centred cell is not taken as narrower than it is.
    """
    if len(lines) < 2:
        return [False] * len(lines)
    size = statistics.median(ln.size for ln in lines)
    pad = min(min(ln.x0 - box[0], box[2] - ln.x1) for ln in lines)
    pad = max(0.0, min(pad, 0.6 * size))
    avail = box[2] - box[0] - 2 * pad
    centred = _centred(lines, box, size)
    out = []
    for ln, nxt in zip(lines, lines[1:]):
        used = ln.x1 - ln.x0 if centred else ln.x1 - (box[0] + pad)
        space = 0.25 * size if _LATIN.match(ln.text[-1]) and _LATIN.match(nxt.text[0]) else 0.0
        out.append(used + space + nxt.first_token > avail - 0.1 * size)
    return out + [False]


def _centred(lines: list[_Line], box, size: float) -> bool:
    """Lines of different widths sharing the cell's centre: centred text."""
    lefts = [ln.x0 for ln in lines]
    centre = (box[0] + box[2]) / 2
    return max(lefts) - min(lefts) > 0.5 * size and all(abs((ln.x0 + ln.x1) / 2 - centre) < 0.5 * size for ln in lines)


def join_lines(lines: list[tuple[str, bool]]) -> str:
    """A cell's text from its visual lines, each with whether it wrapped into the next.

    A wrap joins without a separator, but with a space between Latin words; a real break stays "\\n".
    """
    out = ""
    for k, (text, wrapped) in enumerate(lines):
        out += text
        if k + 1 < len(lines):
            nxt = lines[k + 1][0]
            if not wrapped:
                out += "\n"
            elif text and nxt and _LATIN.match(text[-1]) and _LATIN.match(nxt[0]):
                out += " "
    return out
