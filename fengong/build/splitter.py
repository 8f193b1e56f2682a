"""Splitting a file into documents and reading each one's metadata.

A file may hold one document or a compendium: notices one after another, each with
its issuer, title, 文号, addressees, signature, date, attachments (附件 N) and a
抄送/印发 footer; web-style copies of earlier documents may trail at the end. The
splitter finds those documents, reads their metadata, marks their header and
footer lines as boilerplate, and hands each body to a layout parser.

>>> from fengong.build.source import source_from_text
>>> src = source_from_text("a.txt", "北京市通州区人民政府\\n关于印发某方案的通知\\n通政发〔2022〕8 号\\n"
...     "各街道办事处：\\n正文。\\n北京市通州区人民政府\\n2022 年 4月 7日\\n")
>>> [(d.number, d.title, d.date) for d in split_documents(src).documents]
[('通政发〔2022〕8号', '关于印发某方案的通知', '2022-04-07')]
"""

from __future__ import annotations

import hashlib
import heapq
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, field

from fengong.build.layouts.base import PAGE_MARK
from fengong.build.records import Citation, Document, LineNote
from fengong.build.source import SourceFile, fold, squash

__all__ = ["Segment", "Split", "split_documents", "DOC_NUMBER", "find_citations"]

# 文号: issuer abbreviation, 〔year〕, serial, 号 — with the spaces PDF extraction adds.
DOC_NUMBER = re.compile(r"([\u4e00-\u9fff]{1,12}(?:明电)?[〔\[［(（]\s*(\d{4})\s*[〕\]］)）]\s*(\d+)\s*号)")
_NUMBER_LINE = re.compile(r"^\s*" + DOC_NUMBER.pattern + r"\s*$")
_ATTACHMENT_LINE = re.compile(r"^\s*附\s*件\s*(\d+)\s*[:：]?\s*$")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DATE_LINE = re.compile(r"^\s*" + _DATE.pattern + r"\s*$")
_FOOTER_END = re.compile(_DATE.pattern + r"\s*印发\s*$")
_CC = re.compile(r"^\s*抄\s*送\s*[:：]")
_ISSUER = re.compile(r"^\s*([\u4e00-\u9fff]{2,30}?(?:人民政府|办公室|办公厅|委员会|政府|党委|区委|市委))(?:文件)?\s*$")
_ADDRESSEE = re.compile(r"^\s*各[\u4e00-\u9fff]{1,12}[，,、]")
_PUBLIC = re.compile(r"^\s*[（(]\s*此件[\u4e00-\u9fff]{0,8}\s*[）)]\s*$")
_TITLE_FINAL = re.compile(r"(的通知|的意见|的批复|的决定|的函|的报告|的请示)\s*$")
_TITLE_END = re.compile(r"(通知|意见|方案|计划|规划|办法|规则|细则|纲要|报告|决定|批复|函|指引|表|要点|清单)\s*$")


@dataclass
class Segment:
    """The body of one document: the lines a layout parser reads."""

    document: Document
    lines: list[int]  # 1-based line numbers of the body, in order

    def text(self, src: SourceFile) -> list[tuple[int, str]]:
        return [(n, src.lines[n - 1]) for n in self.lines]


@dataclass
class Split:
    """What splitting a file gives: its documents, the segments the layouts read, a note per line."""

    documents: list[Document] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    notes: dict[int, LineNote] = field(default_factory=dict)


def _doc_id(file: str, *parts: object) -> str:
    key = "\x1f".join(str(p) for p in (file, *parts))
    return "doc-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


_LEAD_IN = re.compile(r"^.*?(?:引自|根据|依据|按照|依照|参照|详见|贯彻|落实|执行|见)")


def _norm_number(raw: str) -> str:
    """文号 folded to one spelling: 通政发〔2022〕8 号 → 通政发〔2022〕8号."""
    m = DOC_NUMBER.search(fold(raw))
    if not m:
        return squash(raw)
    lead = re.match(r"[\u4e00-\u9fff]+(?:明电)?", m.group(1))
    prefix = lead.group(0) if lead else m.group(1)
    # a bare 文号 in running text drags the words before it along: （引自银发〔2015〕309号）
    prefix = _LEAD_IN.sub("", prefix) or prefix
    return f"{prefix}〔{m.group(2)}〕{int(m.group(3))}号"


def _iso(m: re.Match) -> str:
    return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"


def split_documents(src: SourceFile) -> Split:
    """Find the documents in ``src`` and mark their header/footer lines."""
    lines = src.lines
    n = len(lines)
    out = Split()
    blank = [not ln.strip() for ln in lines]

    # the literal characters each pattern needs pick the few candidate lines cheaply
    number_lines = [i for i in range(n) if "号" in lines[i] and _NUMBER_LINE.match(fold(lines[i]))]
    footer_ends = [i for i in range(n) if "印发" in lines[i] and _FOOTER_END.search(fold(lines[i]))]

    # Each 文号 line anchors a document; it starts after the previous document's footer.
    starts: list[tuple[int, int | None]] = []  # (first line index, 文号 line index)
    prev_end = -1
    for k in number_lines:
        begin = prev_end + 1
        # header lines above the 文号 belong to this document: walk back to the previous footer
        before = bisect_left(footer_ends, k)  # footer_ends is sorted: the last one above k
        if before:
            begin = max(begin, footer_ends[before - 1] + 1)
        # a preceding document without footer ends where this one's header starts:
        # walk back over at most 12 non-body lines (issuer, title) from the 文号
        j, steps = k - 1, 0
        while j >= begin and steps < 12:
            stripped = lines[j].strip()
            if stripped and not (_ISSUER.match(stripped) or len(squash(stripped)) <= 30):
                break
            j -= 1
            steps += 1
        header_start = j + 1
        while header_start < k and blank[header_start]:
            header_start += 1
        # the issuer line sits at the top of the header; anything before it stays with the previous doc
        iss = [i for i in range(header_start, k) if _ISSUER.match(lines[i])]
        if iss:
            header_start = iss[0]
        starts.append((header_start if starts or header_start > begin else begin, k))
        prev_end = k

    bounds: list[tuple[int, int, int | None]] = []  # (start, end exclusive, 文号 index)
    if not starts:
        bounds.append((0, n, None))
    else:
        if any(not blank[i] for i in range(0, starts[0][0])):
            bounds.append((0, starts[0][0], None))
        for idx, (first, doc_no) in enumerate(starts):
            e = starts[idx + 1][0] if idx + 1 < len(starts) else n
            # content after the last footer of this document is a separate, untitled segment
            fe = [f for f in footer_ends if first <= f < e]
            if fe and any(not blank[i] for i in range(fe[-1] + 1, e)):
                bounds.append((first, fe[-1] + 1, doc_no))
                bounds.append((fe[-1] + 1, e, None))
            else:
                bounds.append((first, e, doc_no))

    seen_blocks = _Seen()
    for first, e, doc_no in bounds:
        _read_document(src, first, e, doc_no, out, seen_blocks)
    return out


def _mark(out: Split, i: int, kind: str, status: str = "boilerplate", reason: str = "") -> None:
    out.notes[i + 1] = LineNote(i + 1, status, kind, reason)


@dataclass
class _Header:
    """What a document's header and footer say, and the lines they take."""

    lines: set[int] = field(default_factory=set)
    number: str | None = None
    title: str | None = None
    issuer: str | None = None
    date: str | None = None
    year: int | None = None


def _read_document(src: SourceFile, s: int, e: int, k: int | None, out: Split, seen: _Seen) -> None:
    """Lines ``s``..``e`` (0-based, ``e`` exclusive) as one document, its 文号 on line ``k`` (if any):
    its header and footer marked, a duplicate of an earlier document recognised, the body and each
    attachment made a segment for the layouts."""
    lines = src.lines
    nonblank = [i for i in range(s, e) if lines[i].strip()]
    if not nonblank:
        return
    s = nonblank[0]
    again = _copy_starts(lines, nonblank) if k is None else None
    if again is not None:  # repeated copies inside one untitled tail: split where the first line recurs
        _read_document(src, s, again, None, out, seen)
        _read_document(src, again, e, None, out, seen)
        return
    head = _read_header(lines, s, e, k, out) if k is not None else _untitled(lines, nonblank)
    _mark_footer(lines, s, e, out, head.lines)
    doc = Document(
        id=_doc_id(src.name, head.number or "", s + 1),
        doc=src.name,
        line=s + 1,
        line_end=max(nonblank) + 1,
        number=head.number,
        title=head.title,
        issuer=head.issuer,
        date=head.date,
        year=head.year or (int(head.date[:4]) if head.date else None),
    )
    body = [i for i in range(s, e) if i not in head.lines]
    # attachments: "附件 N" lines start child documents, up to the footer
    att_idx = [i for i in body if "附" in lines[i] and _ATTACHMENT_LINE.match(fold(lines[i]))]
    footer_start = min((i for i in head.lines if out.notes.get(i + 1) and out.notes[i + 1].kind == "footer"), default=e)
    main_body = [i for i in body if not att_idx or i < att_idx[0]]
    # duplicated content: a document whose lines all occur in an earlier document
    sig = _content_signature(lines, body)
    dup = _find_duplicate(sig, seen, head.number)
    if dup is not None:
        doc.duplicate_of = dup.id
        doc.title = dup.title  # stray titles printed above a web copy are not its title
        doc.layout = "duplicate"
        for i in body:
            if lines[i].strip():
                _mark(out, i, "duplicate", "duplicate", f"copy of content in {dup.number or dup.title or dup.id}")
        out.documents.append(doc)
        return
    doc.citations = find_citations(src, main_body)
    out.documents.append(doc)
    seen.append((doc, sig, "".join(squash(lines[i]) for i in body)))
    out.segments.append(Segment(doc, [i + 1 for i in main_body]))
    for a, i in enumerate(att_idx):
        end = att_idx[a + 1] if a + 1 < len(att_idx) else footer_start
        _read_attachment(src, doc, i, body[bisect_left(body, i + 1) : bisect_left(body, end)], out, s)


def _copy_starts(lines: list[str], nonblank: list[int]) -> int | None:
    """Where an untitled part prints its first line again (a second copy starts), or None."""
    first = squash(lines[nonblank[0]])
    if PAGE_MARK.match(fold(lines[nonblank[0]])) or len(first) < 4:  # "- 2 -" recurs on every page
        return None
    return next((i for i in nonblank[1:] if squash(lines[i]) == first), None)


def _read_header(lines: list[str], s: int, e: int, k: int, out: Split) -> _Header:
    """The header around the 文号 on line ``k``: issuer and title before and after it, addressees,
    the signature and date below the text."""
    head = _Header(number=_norm_number(lines[k]))
    found = DOC_NUMBER.search(fold(lines[k]))
    head.year = int(found.group(2)) if found else None
    head.lines.add(k)
    _mark(out, k, "doc-number")
    # issuer and title: the non-blank lines from s up to the 文号, and title lines right after it
    before = [i for i in range(s, k) if lines[i].strip()]
    after: list[int] = []
    j = k + 1
    while j < e and len(after) < 4:
        st = lines[j].strip()
        if st:
            if _ADDRESSEE.match(st) or not (_ISSUER.match(st) or "关于" in st or after):
                break
            after.append(j)
            if _TITLE_FINAL.search(st):
                break
        j += 1
    around = before + after
    _issuer_and_title(lines, around, out, head)
    # addressees right after the title
    nxt = _next_nonblank(lines, (max(around) + 1) if around else k + 1, e)
    if nxt is not None and _ADDRESSEE.match(lines[nxt]):
        _mark(out, nxt, "addressee")
        head.lines.add(nxt)
        if not re.search(r"[:：]\s*$", lines[nxt]):
            nn = _next_nonblank(lines, nxt + 1, e)
            if nn is not None and len(lines[nn].strip()) <= 8 and re.search(r"[:：]\s*$", lines[nn]):
                _mark(out, nn, "addressee")
                head.lines.add(nn)
    _signature_and_date(lines, k, e, out, head)
    return head


def _issuer_and_title(lines: list[str], around: list[int], out: Split, head: _Header) -> None:
    """The issuer and the title among the lines around the 文号."""
    title_lines: list[int] = []
    for i in around:
        st = lines[i].strip()
        m = _ISSUER.match(st)
        if m and not title_lines and head.issuer is None:
            head.issuer = m.group(1)
            _mark(out, i, "issuer")
        elif m and "关于" not in st:
            # "北京市通州区人民政府办公室关于印发" starts the title itself
            _mark(out, i, "issuer")
        else:
            title_lines.append(i)
        head.lines.add(i)
    if title_lines:
        text = "".join(lines[i].strip() for i in title_lines)
        if head.issuer is None:
            m = re.match(r"^([\u4e00-\u9fff]{2,30}?(?:人民政府办公室|人民政府|办公室))(关于.*|印发.*)$", text)
            if m:
                head.issuer, text = m.group(1), m.group(2)
        head.title = squash(text)
        for i in title_lines:
            _mark(out, i, "title")
    # a title beginning on the issuer line ("…办公室关于印发")
    for i in around:
        m = re.match(r"^([\u4e00-\u9fff]{2,30}?(?:人民政府办公室|人民政府))(关于.+|印发)$", lines[i].strip())
        if m and head.issuer is None:
            head.issuer = m.group(1)


def _signature_and_date(lines: list[str], k: int, e: int, out: Split, head: _Header) -> None:
    """The first date line standing alone before any attachment, the signature above it and a
    publication note below it."""
    first_att = next((i for i in range(k, e) if "附" in lines[i] and _ATTACHMENT_LINE.match(fold(lines[i]))), e)
    for d in range(k + 1, min(first_att + 12, e)):
        if not _DATE_LINE.match(fold(lines[d])):
            continue
        when = _DATE.search(fold(lines[d]))
        head.date = _iso(when) if when else None
        _mark(out, d, "date")
        head.lines.add(d)
        p = _prev_nonblank(lines, d - 1, k)
        if p is not None and (signed := _ISSUER.match(lines[p])):
            _mark(out, p, "signature")
            head.lines.add(p)
            if head.issuer is None:  # a notice issued by an office signs it below the text
                head.issuer = signed.group(1)
        q = _next_nonblank(lines, d + 1, e)
        if q is not None and _PUBLIC.match(lines[q]):
            _mark(out, q, "publication-note")
            head.lines.add(q)
        break


def _untitled(lines: list[str], nonblank: list[int]) -> _Header:
    """A part without 文号: its title is the first short line that ends like a title."""
    head = _Header()
    for i in nonblank[:80]:
        st = lines[i].strip().lstrip("#").strip()
        if _TITLE_END.search(st) and len(squash(st)) <= 40 and not re.search(r"[；;。]", st):
            head.title = squash(st)
            break
    m = re.search(r"(\d{4})\s*年", fold(head.title or ""))
    head.year = int(m.group(1)) if m else None
    return head


def _mark_footer(lines: list[str], s: int, e: int, out: Split, header: set[int]) -> None:
    """The footer (抄送 … 印发) at the end of lines ``s``..``e``."""
    for i in range(e - 1, s - 1, -1):
        if "印发" in lines[i] and _FOOTER_END.search(fold(lines[i])):
            _mark(out, i, "footer")
            header.add(i)
            j = i - 1
            while j >= s and i - j <= 8:
                st = lines[j].strip()
                if st:
                    # 抄送 and its wrapped continuation ("区检察院，区各人民团体。")
                    if _CC.match(st):
                        _mark(out, j, "footer")
                        header.add(j)
                        break
                    if len(st) < 60 and re.search(r"[，,。]\s*$", st):
                        _mark(out, j, "footer")
                        header.add(j)
                    else:
                        break
                j -= 1
            break


def _read_attachment(src: SourceFile, doc: Document, i: int, rest: list[int], out: Split, s: int) -> None:
    """The attachment labelled on line ``i`` (附件N), its title and body among ``rest``."""
    lines = src.lines
    label = _ATTACHMENT_LINE.match(fold(lines[i]))
    assert label is not None  # the caller found the attachment label on this line
    no = int(label.group(1))
    _mark(out, i, "attachment-label")
    t_lines: list[int] = []
    for j in rest:
        if not lines[j].strip():
            continue
        if len(t_lines) < 2 and len(squash(lines[j])) <= 40 and not re.match(r"^\s*(序|一、)", lines[j]):
            t_lines.append(j)
            if _TITLE_END.search(lines[j].strip()):
                break
        else:
            break
    for j in t_lines:
        _mark(out, j, "title")
    child = Document(
        id=_doc_id(src.name, doc.number or "", s + 1, "附件", no),
        doc=src.name,
        line=i + 1,
        line_end=max([j for j in rest if lines[j].strip()] or [i]) + 1,
        title=squash("".join(lines[j].strip() for j in t_lines)) or None,
        issuer=doc.issuer,
        date=doc.date,
        year=doc.year,
        parent=doc.id,
        attachment=no,
    )
    child_body = [j for j in rest if j not in t_lines]
    child.citations = find_citations(src, child_body)
    out.documents.append(child)
    out.segments.append(Segment(child, [j + 1 for j in child_body]))


def _next_nonblank(lines: list[str], j: int, e: int) -> int | None:
    while j < e:
        if lines[j].strip():
            return j
        j += 1
    return None


def _prev_nonblank(lines: list[str], j: int, floor: int) -> int | None:
    while j > floor:
        if lines[j].strip():
            return j
        j -= 1
    return None


def _date_follows(lines: list[str], j: int, e: int) -> bool:
    nxt = _next_nonblank(lines, j + 1, e)
    return nxt is not None and bool(_DATE_LINE.match(fold(lines[nxt].strip())))


def _content_signature(lines: list[str], body: list[int]) -> set[str]:
    squashed = (squash(lines[i]) for i in body)
    return {q[:24] for q in squashed if len(q) >= 12}


class _Seen:
    """The documents read so far, each with its content signature and squashed text, in order;
    indexed by 文号, since documents with different 文号 are never compared."""

    def __init__(self) -> None:
        self.entries: list[tuple[Document, set[str], str]] = []
        self._by_number: dict[str, list[int]] = defaultdict(list)
        self._unnumbered: list[int] = []

    def append(self, entry: tuple[Document, set[str], str]) -> None:
        k = len(self.entries)
        self.entries.append(entry)
        number = entry[0].number
        (self._by_number[number] if number else self._unnumbered).append(k)

    def candidates(self, number: str | None):
        """The earlier documents a document with this 文号 may copy, in reading order."""
        if not number:
            return iter(self.entries)
        return (self.entries[k] for k in heapq.merge(self._by_number.get(number, []), self._unnumbered))


def _find_duplicate(sig: set[str], seen: _Seen, number: str | None = None) -> Document | None:
    """An earlier document that already holds (nearly) all of this content.

    Two documents with different 文号 are different documents, whatever they share: they are not
    compared (each comparison scans the earlier text, so a compendium of thousands of notices in
    one file was quadratic: a 50 MB file did not build in ten minutes).
    """
    if len(sig) < 3:
        return None
    for doc, other, text in seen.candidates(number):
        exact = len(sig & other) / len(sig)
        if exact >= 0.9:
            return doc
        # web copies put a whole paragraph on one line; the PDF text wraps it
        if _share_inside(sig, text) >= 0.6:
            return doc
    return None


def _share_inside(sig: set[str], text: str, enough: float = 0.6) -> float:
    """The share of ``sig``'s pieces found in ``text``; stops early once it is sure to be below
    ``enough`` (each lookup scans the whole text), so a result under ``enough`` is a lower bound."""
    found, missing, total = 0, 0, len(sig)
    for piece in sig:
        if piece in text:
            found += 1
        else:
            missing += 1
            if (total - missing) / total < enough:  # even if every piece left is found
                break
    return found / total


# the part of a 文号 after the issuer: found far faster than a DOC_NUMBER match (which tries every CJK run)
_BRACKET_YEAR = re.compile(r"[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d+\s*号")
_ISSUER_MAX = 14  # characters a 文号 match may start before its bracket: 12 issuer characters and 明电


def _doc_numbers(text: str):
    """``DOC_NUMBER.finditer(text)``, found faster: DOC_NUMBER tries every run of CJK characters,
    so it is only run from a little before each 〔year〕N号 (the leftmost one after the last match:
    no match can start earlier, so the matches are exactly those of finditer)."""
    pos = 0
    while True:
        q = _BRACKET_YEAR.search(text, pos)
        if q is None:
            return
        m = DOC_NUMBER.search(text, max(pos, q.start() - _ISSUER_MAX))
        if m is None:
            return
        yield m
        pos = m.end()


_CITE = re.compile(r"《([^《》]{2,120})》\s*[（(]\s*(" + DOC_NUMBER.pattern + r")\s*[）)]")


def find_citations(src: SourceFile, line_idx: list[int]) -> list[Citation]:
    """References to other documents by 文号, with or without a 《title》 before it."""
    pieces: list[tuple[int, int]] = []  # (offset in joined text, line index)
    buf = []
    off = 0
    for i in line_idx:
        t = src.lines[i].strip()
        if not t:
            continue
        pieces.append((off, i))
        buf.append(t)
        off += len(t)
    text = "".join(buf)
    if not text or not _BRACKET_YEAR.search(text):
        return []  # every 文号 holds 〔year〕serial号: without one, the slow 文号 scan would find nothing

    offsets = [o for o, _ in pieces]

    def line_at(pos: int) -> int:
        # the last piece starting at or before pos (offsets are sorted and start at 0)
        k = bisect_right(offsets, pos) - 1
        return (pieces[k][1] if k >= 0 else 0) + 1

    found: list[Citation] = []
    taken: set[int] = set()
    for m in _CITE.finditer(text):
        found.append(Citation(squash(m.group(1)), _norm_number(m.group(2)), line_at(m.start())))
        taken.add(m.start(2))
    for m in _doc_numbers(text):
        if any(m.start() + d in taken for d in range(-2, 3)):  # read above with its 《title》
            continue
        found.append(Citation(None, _norm_number(m.group(1)), line_at(m.start())))
    return found
