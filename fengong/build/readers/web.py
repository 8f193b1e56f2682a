"""Web pages and Word-saved HTML: the page's content as paragraphs and tables (lxml).

A government page wraps the document in navigation, breadcrumbs, share buttons, related
links and a footer. The reader keeps the content only: the element the page marks as its
article (``#zoom``, ``.TRS_Editor``, ``article``, ``main``…) or, failing that, the block that
holds most of the page's non-link text; inside it, navigation-like blocks are dropped too.
Scripts and styles are never text. The page's ``<h1>`` is kept when it sits outside the
content (it is often the document's only title). Paragraphs render as lines (``<br>`` breaks
a line, and so does a line end inside ``<pre>``); inline elements (``<span>``, ``<font>``,
``<b>``, ``<a>``…) run on within their paragraph, so a numbered item's heading, its text and its
closing ``（…负责）`` stay one line whatever tags print them, and an inline element is never
dropped as page furniture for its class. Tables render row by row with ``colspan``/``rowspan``
merges (see :mod:`~fengong.build.readers.render`), except a layout table — at most one cell a
row with text other than links, as pages nest their body in — whose cells read as paragraphs.
Provenance is ``paragraph N`` or ``table T, row R``.

>>> page = ('<html><body><ul class="nav"><li>首页</li></ul><div id="zoom"><p>通州区方案</p>'
...         '<table><tr><td>序号</td><td>责任单位</td></tr><tr><td>1</td><td>区财政局<br>区统计局</td></tr>'
...         '</table></div><div class="footer">版权所有</div></body></html>')
>>> src = read("p.html", page.encode("utf-8"))
>>> src.lines
['通州区方案', '', '序号\\t责任单位', '1\\t"区财政局', '区统计局"']
>>> src.where(4)
'table 1, row 2'

A page's body in a layout table, a paragraph printed in several ``<font>``s and a comment:

>>> page = ('<html><body><table><tr><td><p><font>（一）完善体系。</font>正文<!-- x -->续。<font>（财政部负责）'
...         '</font></p><p>（二）优化布局。</p></td></tr></table></body></html>')
>>> read("p.html", page.encode("utf-8")).lines
['（一）完善体系。正文续。（财政部负责）', '（二）优化布局。']
"""

from __future__ import annotations

import re

from fengong.build.readers.render import Location, Rendering
from fengong.build.source import SourceFile, decode_text
from fengong.errors import InputError

__all__ = ["read"]

_DROP = {
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
    "svg",
    "canvas",
    "head",
    "button",
    "select",
    "input",
    "textarea",
    "audio",
    "video",
}
_BOILER_TAGS = {"nav", "header", "footer", "aside", "form", "menu"}
_BOILER = re.compile(
    r"(^|[-_\s])(nav|navbar|menu|breadcrumbs?|crumbs?|footer|foot|header|head|share|bdshare|"
    r"sidebar|side|topbar|top|banner|copyright|location|position|related|relevant|xgxx|xglj|"
    r"print|fontsize|font(?!\d)|toolbar|search|login|skip|qrcode|ewm|friend-?links?|links?)($|[-_\s\d])",
    re.I,
)
_CONTENT = re.compile(
    r"^(zoom|trs_editor|article|article[-_]?(content|body|con)|content|main[-_]?content|"
    r"pages?[-_]?content|view|detail|details|txt|text|con|conTxt|zwnr|nr|news[-_]?content|"
    r"ucap-content|mainText|bt_content|wzcon|xxgk_content)$",
    re.I,
)
_BLOCK = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "center",
    "address",
    "figure",
    "figcaption",
    "hr",
    "tr",
    "table",
    "caption",
    "body",
    "html",
    "tbody",
    "thead",
    "tfoot",
    "td",
    "th",
}
# elements that run on inside a paragraph: never page furniture, whatever their class says
_INLINE = {
    "span",
    "font",
    "a",
    "b",
    "strong",
    "i",
    "em",
    "u",
    "s",
    "strike",
    "del",
    "ins",
    "sub",
    "sup",
    "small",
    "big",
    "label",
    "abbr",
    "acronym",
    "cite",
    "code",
    "q",
    "var",
    "kbd",
    "samp",
    "mark",
    "time",
    "tt",
    "bdo",
    "bdi",
    "dfn",
    "o:p",
    "nobr",
    "wbr",
    "ruby",
    "rt",
    "rp",
}
# text blocks the content search never descends into: one of them is a paragraph, not the document
_LEAF = {"p", "li", "dd", "dt", "pre", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "address"}
_CJK = r"\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_NEWLINE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])[ \t\r\f\v]*\n\s*(?=[{_CJK}])")
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
_BR = "\x00"  # a <br> inside a block, kept apart from source whitespace until the block is flushed
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_-]+)", re.I)


def _decode_html(data: bytes) -> tuple[str, str]:
    m = _META_CHARSET.search(data[:4096])
    if m:
        enc = m.group(1).decode("ascii").lower()
        enc = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030"}.get(enc, enc)
        try:
            return data.decode(enc), enc
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(data)


def _tag(el) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _attrs(el) -> str:
    return f"{el.get('id', '')} {el.get('class', '')}"


def _is_boiler(el) -> bool:
    if _tag(el) in _INLINE:
        return False
    if _tag(el) in _BOILER_TAGS or (el.get("role") or "") in ("navigation", "banner", "contentinfo", "search"):
        return True
    return any(_BOILER.search(tok) for tok in _attrs(el).split())


def _text_len(el, links: bool = False) -> int:
    n = 0
    for t in el.itertext():
        n += len(_SPACES.sub("", t))
    if not links:
        for a in el.iter("a"):
            n -= sum(len(_SPACES.sub("", t)) for t in a.itertext())
    return n


def _content(body):
    """The element holding the page's document."""
    marked = [
        el for el in body.iter() if isinstance(el.tag, str) and any(_CONTENT.match(tok) for tok in _attrs(el).split())
    ]
    marked += [el for el in body.iter("article", "main")]
    marked = [el for el in marked if _text_len(el) >= 20]
    if marked:
        best = max(marked, key=_text_len)
        # the innermost marked block that still holds nearly all of it (#zoom inside .article)
        inner = [el for el in marked if el is not best and _inside(el, best) and _text_len(el) >= 0.8 * _text_len(best)]
        return max(inner, key=_depth) if inner else best
    node = body
    while True:  # descend while one child holds most of the non-link text
        total = _text_len(node)
        kids = [k for k in node if isinstance(k.tag, str) and not _is_boiler(k)]
        best = max(kids, key=_text_len, default=None)
        if (
            best is None
            or total == 0
            or _text_len(best) < 0.7 * total
            or _tag(best) in _LEAF
            or (_tag(best) == "table" and not _is_layout(best))
        ):
            return node
        node = best


def _rows(table) -> list:
    return [tr for tr in table.iter("tr") if _closest_table(tr) is table]


def _is_layout(table) -> bool:
    """A table that lays out the page rather than tabulating: in every row at most one cell holds text
    other than links (a cell of links beside it is the page's navigation)."""
    for tr in _rows(table):
        if sum(1 for c in tr if _tag(c) in ("td", "th") and _text_len(c) > 0) > 1:
            return False
    return True


def _clean_text(raw: str) -> str:
    return _SPACES.sub(" ", _NEWLINE_BETWEEN_CJK.sub("", raw))


class _Walker:
    """Walks the content, turning blocks into lines and tables into grids."""

    def __init__(self, r: Rendering) -> None:
        self.r = r
        self.buf: list[str] = []
        self.para = 0
        self.table = 0
        self.pre = 0  # inside <pre>: its line ends are line breaks

    def flush(self) -> None:
        # whitespace is collapsed over the whole block, so a source line break between two CJK
        # characters in different inline elements (Word's <span>s) disappears as browsers show it
        text = _clean_text("".join(self.buf)).replace(_BR, "\n")
        self.buf = []
        lines = [ln.strip() for ln in text.split("\n")]
        if any(lines):
            self.para += 1
            for ln in lines:
                if ln:
                    self.r.paragraph(ln, Location(paragraph=self.para))

    def text(self, t: str | None) -> None:
        if t:
            self.buf.append(t.replace("\r\n", "\n").replace("\n", _BR) if self.pre else t)

    def walk(self, el) -> None:
        tag = _tag(el)
        # an element's tail is its parent's text (a comment's too); the root's tail is outside the content
        tail = el.tail if el is not self.root else None
        if tag in _DROP or (tag and el is not self.root and _is_boiler(el)):
            self.text(tail)
            return
        if tag == "table" and not _is_layout(el):
            self.flush()
            self.table += 1
            self.r.table(_grid(el), table=self.table)
        elif tag == "br":
            self.buf.append(_BR)
        elif tag:  # an element (comments and processing instructions print nothing but their tail)
            block = tag in _BLOCK
            if block:
                self.flush()
            self.pre += tag == "pre"
            self.text(el.text)
            for kid in el:
                self.walk(kid)
            self.pre -= tag == "pre"
            if block:
                self.flush()
        self.text(tail)

    def render(self, root) -> None:
        self.root = root
        self.walk(root)
        self.flush()


def _cell_text(td) -> str:
    """A cell's text: blocks and <br> on their own lines."""
    r = Rendering()
    w = _Walker(r)
    w.render(td)
    return "\n".join(ln for ln in r.lines if ln.strip())


def _grid(table) -> list[list[str | None]]:
    rows = _rows(table)
    grid: list[list[str | None]] = []
    pending: dict[int, int] = {}  # column -> rows still covered by a rowspan from above
    for tr in rows:
        row: list[str | None] = []
        col = 0
        cells = [c for c in tr if _tag(c) in ("td", "th")]
        for cell in cells:
            while pending.get(col, 0) > 0:
                row.append(None)
                pending[col] -= 1
                col += 1
            span = _int(cell.get("colspan"))
            down = _int(cell.get("rowspan"))
            row.append(_cell_text(cell))
            row += [None] * (span - 1)
            for k in range(col, col + span):
                if down > 1:
                    pending[k] = down - 1
            col += span
        while any(v > 0 for k, v in pending.items() if k >= col):
            if pending.get(col, 0) > 0:
                row.append(None)
                pending[col] -= 1
            else:
                row.append("")
            col += 1
        grid.append(row)
    width = max((len(r) for r in grid), default=0)
    return [r + [""] * (width - len(r)) for r in grid]


def _closest_table(el):
    p = el.getparent()
    while p is not None and _tag(p) != "table":
        p = p.getparent()
    return p


def _int(v) -> int:
    try:
        return max(1, min(int(str(v).strip()), 1000))
    except (TypeError, ValueError):
        return 1


def read(name: str, data: bytes, fmt: str = "html", path: str | None = None) -> SourceFile:
    """Render a web page's content (paragraphs, tables) as lines with locations."""
    import lxml.html
    from lxml.etree import ParserError

    text, encoding = _decode_html(data)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    if not text.strip():
        raise InputError("empty web page")
    try:
        root = lxml.html.document_fromstring(text)
    except ParserError as exc:
        raise InputError(f"not a readable web page ({exc})") from None
    body = root.find("body") if root.find("body") is not None else root
    content = _content(body)
    r = Rendering()
    w = _Walker(r)
    h1 = next((h for h in body.iter("h1") if not _inside(h, content)), None)
    if h1 is not None and _clean_text(h1.text_content()).strip() not in _clean_text(content.text_content()):
        w.render(h1)
    w.render(content)
    if not r.lines:
        r.warnings.append("the page has no text content")
    src = r.source(name, "html", path)
    src.encoding = f"html/{encoding}"
    return src


def _depth(el) -> int:
    return sum(1 for _ in el.iterancestors())


def _inside(el, ancestor) -> bool:
    while el is not None:
        if el is ancestor:
            return True
        el = el.getparent()
    return False
