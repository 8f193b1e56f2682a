"""Word documents (.docx): paragraphs and tables in reading order (python-docx).

Paragraphs render as lines (a manual line break inside one starts a new line); Word's
automatic list numbers (``1.``, ``一、``, ``（一）``) are printed in front, as Word shows them,
because task numbers often live there. Tracked insertions count as text, deletions do not.
Tables render row by row: a cell merged across columns (``gridSpan``) prints once and covers
the columns it spans; the lower part of a vertical merge (``vMerge``) is covered. Provenance is
``paragraph N`` (body paragraphs, counted from 1) or ``table T, row R``.

Page headers, footers, footnotes, comments and text boxes are not read.
"""

from __future__ import annotations

import io

from fengong.build.readers.render import Location, Rendering
from fengong.build.source import SourceFile
from fengong.errors import InputError

__all__ = ["read"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _tag(el) -> str:
    return el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""


def _text(el) -> str:
    """The visible text under ``el``: runs, tabs, breaks; not deleted text or field codes."""
    out: list[str] = []
    for node in el.iter():
        t = _tag(node)
        if t == "t":
            out.append(node.text or "")
        elif t == "tab" and _tag(node.getparent()) == "r":
            out.append("\t")
        elif t in ("br", "cr"):
            out.append("\n")
        elif t == "noBreakHyphen":
            out.append("-")
    return "".join(out)


# --- automatic numbering --------------------------------------------------------------------------

_CN = "〇一二三四五六七八九"


def _chinese(n: int) -> str:
    if n < 10:
        return _CN[n]
    if n < 20:
        return "十" + (_CN[n % 10] if n % 10 else "")
    if n < 100:
        return _CN[n // 10] + "十" + (_CN[n % 10] if n % 10 else "")
    return str(n)


def _roman(n: int) -> str:
    vals = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ]
    out = ""
    for v, s in vals:
        while n >= v:
            out, n = out + s, n - v
    return out


def _format(n: int, fmt: str) -> str:
    if fmt in (
        "chineseCounting",
        "chineseCountingThousand",
        "ideographTraditional",
        "chineseLegalSimplified",
        "ideographDigital",
        "taiwaneseCounting",
        "taiwaneseCountingThousand",
    ):
        return _chinese(n)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "decimalEnclosedCircle" and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt in ("none", "bullet"):
        return ""
    return str(n)


class _Numbering:
    """Counts Word's list numbers as paragraphs come, and formats them with each level's lvlText."""

    def __init__(self, doc) -> None:
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}  # (numId, ilvl) -> fmt, text, start
        self.abstract_of: dict[str, str] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = doc.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for a in root.findall(f"{_W}abstractNum"):
            lv = {}
            for lvl in a.findall(f"{_W}lvl"):
                ilvl = int(lvl.get(f"{_W}ilvl", "0"))
                fmt = lvl.find(f"{_W}numFmt")
                txt = lvl.find(f"{_W}lvlText")
                start = lvl.find(f"{_W}start")
                lv[ilvl] = (
                    fmt.get(f"{_W}val") if fmt is not None else "decimal",
                    txt.get(f"{_W}val") if txt is not None else "",
                    int(start.get(f"{_W}val")) if start is not None else 1,
                )
            abstract[a.get(f"{_W}abstractNumId")] = lv
        for num in root.findall(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            if ref is None:
                continue
            aid = ref.get(f"{_W}val")
            self.abstract_of[num.get(f"{_W}numId")] = aid
            for ilvl, spec in abstract.get(aid, {}).items():
                self.levels[(num.get(f"{_W}numId"), ilvl)] = spec

    def label(self, num_id: str, ilvl: int) -> str:
        spec = self.levels.get((num_id, ilvl))
        if spec is None or num_id == "0":
            return ""
        counters = self.counters.setdefault(self.abstract_of.get(num_id, num_id), {})
        counters[ilvl] = counters.get(ilvl, spec[2] - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        text = spec[1]
        for k in range(ilvl + 1):
            lv = self.levels.get((num_id, k))
            n = counters.get(k, lv[2] if lv else 1)
            text = text.replace(f"%{k + 1}", _format(n, lv[0] if lv else "decimal"))
        return text if spec[0] != "bullet" else ""


def _num_pr(p, styles: dict[str, tuple[str, int]]) -> tuple[str, int] | None:
    ppr = p.find(f"{_W}pPr")
    if ppr is not None:
        num = ppr.find(f"{_W}numPr")
        if num is not None:
            nid, lvl = num.find(f"{_W}numId"), num.find(f"{_W}ilvl")
            if nid is not None:
                return nid.get(f"{_W}val"), int(lvl.get(f"{_W}val")) if lvl is not None else 0
        style = ppr.find(f"{_W}pStyle")
        if style is not None:
            return styles.get(style.get(f"{_W}val"))
    return None


def _style_numbering(doc) -> dict[str, tuple[str, int]]:
    out: dict[str, tuple[str, int]] = {}
    try:
        root = doc.styles.element
    except AttributeError:
        return out
    for st in root.findall(f"{_W}style"):
        num = st.find(f"{_W}pPr/{_W}numPr")
        if num is not None and num.find(f"{_W}numId") is not None:
            lvl = num.find(f"{_W}ilvl")
            out[st.get(f"{_W}styleId")] = (
                num.find(f"{_W}numId").get(f"{_W}val"),
                int(lvl.get(f"{_W}val")) if lvl is not None else 0,
            )
    return out


# --- tables ---------------------------------------------------------------------------------------


def _grid(tbl) -> list[list[str | None]]:
    """A table's rows as cells; cells covered by a horizontal or vertical merge are None."""
    rows: list[list[str | None]] = []
    for tr in tbl.findall(f"{_W}tr"):
        row: list[str | None] = []
        trpr = tr.find(f"{_W}trPr")
        before = trpr.find(f"{_W}gridBefore") if trpr is not None else None
        if before is not None:
            row += [""] * int(before.get(f"{_W}val", "0"))
        for tc in tr.iter(f"{_W}tc"):
            if tc.getparent() is not tr and _tag(tc.getparent()) != "sdtContent":
                continue  # a nested table's cell belongs to its own table
            tcpr = tc.find(f"{_W}tcPr")
            span, vmerge = 1, None
            if tcpr is not None:
                gs = tcpr.find(f"{_W}gridSpan")
                span = int(gs.get(f"{_W}val", "1")) if gs is not None else 1
                vm = tcpr.find(f"{_W}vMerge")
                if vm is not None:
                    vmerge = vm.get(f"{_W}val", "continue")
            paras = [_text(p) for p in tc.findall(f"{_W}p")]
            text = "\n".join(paras)
            row.append(None if vmerge == "continue" else text)
            row += [None] * (span - 1)
        rows.append(row)
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows]


def _blocks(body):
    """Body-level paragraphs and tables in order, looking inside content controls."""
    for el in body:
        t = _tag(el)
        if t in ("p", "tbl"):
            yield t, el
        elif t == "sdt":
            content = el.find(f"{_W}sdtContent")
            if content is not None:
                yield from _blocks(content)


def read(name: str, data: bytes, fmt: str = "docx", path: str | None = None) -> SourceFile:
    """Render a .docx file (paragraphs, tables, list numbers) as lines with locations."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if not data.startswith(b"PK"):
        raise InputError("not a .docx file (no ZIP signature); an old .doc must be saved as .docx")
    try:
        doc = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise InputError(f"not a readable .docx file ({exc})") from None
    numbering = _Numbering(doc)
    styles = _style_numbering(doc)
    r = Rendering()
    para = table = 0
    for kind, el in _blocks(doc.element.body):
        if kind == "p":
            para += 1
            text = _text(el)
            num = _num_pr(el, styles)
            if num is not None and text.strip():
                text = numbering.label(*num) + text
            if text.strip():
                r.paragraph(text, Location(paragraph=para))
            else:
                r.blank(Location(paragraph=para))
        else:
            table += 1
            r.table(_grid(el), table=table)
    if not r.lines:
        r.warnings.append("the document has no text in its body")
    return r.source(name, "docx", path)
