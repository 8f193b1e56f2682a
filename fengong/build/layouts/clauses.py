"""Plans whose assignments sit in a parenthesis closing a paragraph or section.

Families this parser reads (full- or half-width parentheses and colons alike):

* ``（分工：由A、B牵头，C、D等单位共同参与。）`` on its own lines, closing a ``（一）…`` section
  (通州 14号): the record is the section; ``line`` is where the clause starts;
* ``…。（市发展改革委牵头，市财政局配合）`` / ``（A牵头，B、C按职责分工负责）`` / ``（A牵头，B参与）``
  closing a paragraph or a numbered item ``（三）…`` / ``3.…`` (municipal style);
* ``（国家发展改革委、财政部等按职责分工负责）`` — no lead marked, every listed unit is responsible,
  order kept (State Council style);
* ``（牵头单位：A；配合单位：B）`` — labelled fields inside the parenthesis (also ``责任单位``,
  ``牵头领导``, ``完成时限``…).

The record is the text since the last boundary — the start of the innermost heading or numbered
item, or the end of the previous clause — up to the clause. A numbered item gives the record its
number (``（三）`` → ``"三"``, ``3.`` → ``"3"``) and ``line`` is the item's first line; a section
under a stand-alone heading gets ``number=None``, the heading in ``section`` and ``line`` = the
line where the clause starts.

>>> text = ("二、重点任务\\n（一）稳定市场主体。加大纾困力度，落实减税降费政策。"
...         "（市财政局牵头，市税务局、市发展改革委配合）\\n"
...         "（二）扩大有效投资。加快重大项目建设。（市发展改革委负责）\\n")
>>> ctx = Context.from_text(text, "plan.txt", year=2023)
>>> detect(ctx) >= 0.5
True
>>> [(t.number, t.line, t.text, [n.text for n in t.responsible_units], [n.text for n in t.assist_units])
...  for t in parse(ctx).tasks]    # doctest: +NORMALIZE_WHITESPACE
[('一', 2, '稳定市场主体。加大纾困力度，落实减税降费政策。', ['市财政局'], ['市税务局', '市发展改革委']),
 ('二', 3, '扩大有效投资。加快重大项目建设。', ['市发展改革委'], [])]
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import cast

from fengong.build.deadlines import parse_deadline
from fengong.build.layouts.base import Context, Parsed
from fengong.build.layouts.clause_grammar import (
    _CLOSE,
    _FIELD_ROLE,
    _MAX_CLAUSE,
    _OPEN,
    _PLAIN_FIELDS,
    _ROLE_HINT,
    _STRONG_HINT,
    _VERB_ROLE,
    Clause,
    _read,
    read_clause,
)
from fengong.build.records import SPLIT_CERTAIN, SPLIT_INFERRED, TaskRecord
from fengong.build.source import fold, squash

__all__ = ["NAME", "detect", "parse", "read_clause", "Clause"]

NAME = "clauses"

# --- the document: lines, headings, clauses -----------------------------------------------------

_PAGE = re.compile(
    r"^\s*(?:[-—–－~]\s*)?\d{1,4}\s*(?:[-—–－~]\s*)?$|^\s*第\s*\d{1,4}\s*页(?:\s*[,，/共]\s*共?\s*\d+\s*页)?\s*$"
)
_CN = "一二三四五六七八九十百零〇两"
_MARKERS = [
    (0, re.compile(rf"^第[{_CN}\d]+[章节部分篇编]\s*")),
    (1, re.compile(rf"^([{_CN}]+)\s*[、.]\s*")),
    (2, re.compile(rf"^\(\s*([{_CN}]+)\s*\)\s*[、.]?\s*")),
    (3, re.compile(r"^(\d{1,3})\s*(?:[、]|\.(?!\d))\s*")),
    (4, re.compile(r"^\(\s*(\d{1,3})\s*\)\s*[、.]?\s*")),
    (5, re.compile(r"^([①-⑳])\s*")),
]
_FOOTER = re.compile(r"^\s*抄\s*送\s*[:：]")
_FIELD_LINE = re.compile(r"^\s*(?:责任单位|责任部门|牵头单位|牵头领导|完成时限|配合单位|协办单位|主责单位)\s*[:：]")


@dataclass
class _Line:
    n: int
    text: str  # stripped
    a: int  # offset in the stream
    b: int


@dataclass
class _Marker:
    line: int
    level: int
    number: str | None
    title: str  # the heading as printed (stripped line, or two lines joined)
    a: int  # stream offset of the marker
    body: int  # stream offset where the item's text begins (after the number) / heading ends
    heading: bool
    lines: tuple[int, ...]
    text_start: int = 0  # stream offset after the number


@dataclass
class _Found:
    open: int
    close: int
    end: int  # after trailing 。；
    clause: Clause


class _Stream:
    """The body's content lines (page numbers removed), stripped and joined without separator."""

    def __init__(self, lines: list[tuple[int, str]]):
        self.lines: list[_Line] = []
        self.pages: list[int] = []
        buf: list[str] = []
        off = 0
        for n, t in lines:
            s = t.strip()
            if not s:
                continue
            if _PAGE.match(fold(s)):
                self.pages.append(n)
                continue
            self.lines.append(_Line(n, s, off, off + len(s)))
            buf.append(s)
            off += len(s)
        self.text = "".join(buf)
        # lines are non-empty and back to back: offsets sorted, looked up by bisection (not a scan per clause)
        self._starts = [ln.a for ln in self.lines]
        self._ends = [ln.b for ln in self.lines]

    def parts(self, a: int, b: int) -> list[tuple[int, str]]:
        """The pieces of the lines overlapping stream offsets ``a``..``b``."""
        out = []
        for k in range(bisect_right(self._ends, a), bisect_left(self._starts, b)):
            ln = self.lines[k]
            out.append((ln.n, ln.text[max(a, ln.a) - ln.a : min(b, ln.b) - ln.a]))
        return out

    def line_no(self, pos: int) -> int:
        """The printed line number of stream offset ``pos`` (looked up, not a list per character)."""
        return self.lines[self.line_index(pos)].n

    def line_index(self, pos: int) -> int:
        """The line holding stream offset ``pos`` (the last line if none does)."""
        k = bisect_right(self._starts, pos) - 1
        if k >= 0 and pos < self._ends[k]:
            return k
        return len(self.lines) - 1


# parentheses only: a regex steps from one to the next instead of a Python loop over every character
_PAREN = re.compile("[" + re.escape(_OPEN + _CLOSE) + "]")
_OPEN_PAREN = re.compile("[" + re.escape(_OPEN) + "]")


def _match_close(text: str, i: int) -> int | None:
    depth = 0
    for m in _PAREN.finditer(text, i, min(len(text), i + _MAX_CLAUSE + 2)):
        if m.group() in _OPEN:
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return m.start()
    return None


def _find_clauses(st: _Stream) -> tuple[list[_Found], list[tuple[int, int, str]]]:
    """Clauses closing a paragraph or sentence group, and parentheses that look like one but did not read."""
    text = st.text
    found: list[_Found] = []
    failed: list[tuple[int, int, str]] = []
    i, n = 0, len(text)
    while i < n:
        m = _OPEN_PAREN.search(text, i)
        if m is None:
            break
        i = m.start()
        j = _match_close(text, i)
        if j is None:
            i += 1
            continue
        content = text[i + 1 : j]
        # closes a paragraph: nothing but 。；, after it on its line; or it follows a finished sentence
        k = j + 1
        while k < n and text[k] in "。；;.，, " and st.line_no(k) == st.line_no(j):
            k += 1
        at_line_end = k >= n or st.line_no(k) != st.line_no(j)
        after_sentence = i == 0 or text[i - 1] in "。；;！？!?”"
        if not (at_line_end or after_sentence):
            i += 1
            continue
        clause = _read(content, lambda a, b, base=i + 1: st.parts(base + a, base + b))
        if clause is None:
            if at_line_end and _STRONG_HINT.search(content) and len(content) < _MAX_CLAUSE:
                failed.append((i, j, "a parenthesis with assignment words that does not read as a 分工 clause"))
            i += 1
            continue
        found.append(_Found(i, j, k, clause))
        i = j + 1
    return found, failed


def _width(st: _Stream) -> int:
    """The usual length of a full line (PDF text wraps at it; web text has one paragraph per line)."""
    lengths = sorted(len(squash(ln.text)) for ln in st.lines if len(squash(ln.text)) >= 10)
    if not lengths:
        return 40
    return lengths[int(len(lengths) * 0.75)]


def _marker(text: str) -> tuple[int, str | None, int] | None:
    f = fold(text)
    for level, rx in _MARKERS:
        m = rx.match(f)
        if m:
            if len(f) == m.end():
                return None  # a bare number is no heading
            return level, (m.group(1) if m.groups() else None), m.end()
    return None


def _markers(st: _Stream, clause_spans: list[tuple[int, int]]) -> list[_Marker]:
    width = _width(st)
    pdf = width < 60
    out: list[_Marker] = []
    lines = st.lines

    # clauses follow one another without overlap: only the last one opening before pos can hold it
    opens = [a for a, _ in clause_spans]

    def inside_clause(pos: int) -> bool:
        k = bisect_left(opens, pos) - 1
        return k >= 0 and pos < clause_spans[k][1]

    k = 0
    while k < len(lines):
        ln = lines[k]
        mk = _marker(ln.text)
        if mk is None or inside_clause(ln.a):
            k += 1
            continue
        level, number, mend = mk
        title = ln.text[mend:].strip()
        nxt = lines[k + 1] if k + 1 < len(lines) else None
        nxt_mk = _marker(nxt.text) if nxt else None
        deeper_next = nxt_mk is not None and nxt_mk[0] > level
        inner = title[:-1]
        full = pdf and len(squash(ln.text)) >= width * 0.9
        if re.search(r"[。；;]", inner) or len(title) > 60:
            heading = False
        elif title.endswith(("。", "；", ";")):
            heading = deeper_next
        elif full and not deeper_next:
            heading = False  # a wrapped paragraph that happens to start with a number
        else:
            heading = True
        used = [ln]
        if (
            heading
            and full
            and nxt
            and nxt_mk is None
            and len(squash(nxt.text)) < width * 0.7
            and not re.search(r"[。；;]", nxt.text[:-1])
            and not nxt.text.startswith(tuple(_OPEN))
        ):
            used.append(nxt)  # a heading wrapped onto a second line
        title_text = "".join(u.text for u in used)
        text_start = ln.a + len(ln.text) - len(ln.text[mend:].lstrip())
        out.append(
            _Marker(
                ln.n,
                level,
                number,
                title_text,
                ln.a,
                used[-1].b if heading else text_start,
                heading,
                tuple(u.n for u in used),
                text_start,
            )
        )
        k += len(used)
    return out


def _paragraph_start(st: _Stream, pos: int) -> int:
    """Where the paragraph holding ``pos`` begins: back over lines that end mid-sentence."""
    k = st.line_index(pos)
    if st.lines[k].a == pos and k > 0:
        k -= 1  # a clause printed on lines of its own closes the paragraph before it
    while k > 0 and not re.search(r"[。！？；：!?;:）)]$", st.lines[k - 1].text):
        k -= 1
    return st.lines[k].a


def _clauses(ctx: Context) -> tuple[_Stream, list[_Found], list[tuple[int, int, str]]]:
    """The body's stream and its clauses, computed once for detect and parse."""
    if NAME not in ctx.memo:
        st = _Stream(ctx.lines)
        ctx.memo[NAME] = (st, *_find_clauses(st))
    return cast("tuple[_Stream, list[_Found], list[tuple[int, int, str]]]", ctx.memo[NAME])


def _scan(ctx: Context):
    st, clauses, failed = _clauses(ctx)
    marks = _markers(st, [(c.open, c.end) for c in clauses])
    return st, clauses, failed, marks


_FIELD_LINES = re.compile(_FIELD_LINE.pattern.replace(r"^\s*", r"^[^\S\n]*"), re.M)


def ceiling(ctx: Context) -> float:
    """A bound on :func:`detect`, from counting characters: every clause opens a parenthesis.

    >>> ceiling(Context.from_text("1.任务一。\\n责任单位：区财政局\\n"))
    0.0
    """
    text = "\n".join(t for _, t in ctx.lines)
    n = len(_OPEN_PAREN.findall(text)) if _ROLE_HINT.search(text) else 0
    if n == 0:
        return 0.0
    fields = len(_FIELD_LINES.findall(text))
    return min(1.0, 0.35 + 0.15 * n) * n / (n + fields) + 0.001  # detect() rounds to 3 places


def detect(ctx: Context) -> float:
    """How sure we are that ``ctx`` assigns its tasks in closing clauses (0..1).

    Several clauses closing paragraphs score high; field blocks (``责任单位：`` lines) pull the score down.

    >>> detect(Context.from_text("1.任务一。\\n责任单位：区财政局\\n2.任务二。\\n责任单位：区商务局\\n"))
    0.0
    """
    st, clauses, _ = _clauses(ctx)  # headings (markers) are not needed to score
    n = len(clauses)
    if n == 0:
        return 0.0
    fields = sum(1 for ln in st.lines if _FIELD_LINE.match(ln.text))
    base = min(1.0, 0.35 + 0.15 * n)
    return round(base * n / (n + fields), 3)


def parse(ctx: Context) -> Parsed:
    """Read the clause-closed tasks of ``ctx`` and account for every non-blank line.

    >>> text = ("一、重点任务\\n（一）加强科普\\n开展科普活动。\\n（分工：由区科协牵头，区教委等单位共同参与。）\\n"
    ...         "二、保障措施\\n加强组织领导。\\n")
    >>> p = parse(Context.from_text(text, "a.txt", year=2022))
    >>> t = p.tasks[0]
    >>> (t.number, t.line, t.line_end, t.section, t.text)
    (None, 4, 4, ['一、重点任务', '（一）加强科普'], '开展科普活动。')
    >>> [n.text for n in t.responsible_units], [n.text for n in t.assist_units]
    (['区科协'], ['区教委'])
    >>> sorted((n.line, n.status, n.kind) for n in p.notes.values())    # doctest: +NORMALIZE_WHITESPACE
    [(1, 'boilerplate', 'section-heading'), (2, 'boilerplate', 'section-heading'), (3, 'record', 'task'),
     (4, 'record', 'task'), (5, 'boilerplate', 'section-heading'), (6, 'boilerplate', 'prose')]
    """
    out = Parsed()
    st, clauses, failed, marks = _scan(ctx)
    claimed_items = _read_tasks(ctx, st, clauses, marks, out)
    _account_for_the_rest(ctx, st, marks, failed, claimed_items, out)
    return out


def _read_tasks(ctx: Context, st: _Stream, clauses: list[_Found], marks: list[_Marker], out: Parsed) -> set[int]:
    """A task per clause: its text from its item (numbered paragraph) or the end of the previous
    clause up to the clause; returns the marker lines that begin a record."""
    text = st.text
    claimed_items: set[int] = set()
    prev_end = 0
    # the heading path at each clause; an item (numbered paragraph) last on it owns the clause.
    # Clauses come in stream order, so the path is carried forward over the markers between them.
    path: list[_Marker] = []
    next_mark = 0
    for c in clauses:
        while next_mark < len(marks) and marks[next_mark].a < c.open:
            m = marks[next_mark]
            while path and path[-1].level >= m.level:
                path.pop()
            path.append(m)
            next_mark += 1
        owner = path[-1] if path and not path[-1].heading else None
        if owner is None and path and path[-1].a >= prev_end and not text[path[-1].body : c.open].strip():
            owner = path[-1]  # a heading closed by the clause at once: the heading is the task
        if owner is not None and owner.a >= prev_end:
            number, start, line = owner.number, owner.text_start, owner.line
            claimed_items.add(owner.line)
        else:
            # a section under a heading, a later clause of the same item, or a paragraph without number
            number, line = (owner.number if owner is not None else None), st.line_no(c.open)
            if owner is None and path and path[-1].a >= prev_end:
                start = path[-1].body
            elif prev_end > 0:
                start = prev_end
            else:
                start = _paragraph_start(st, c.open)
        cl = c.clause
        split, reason = _split_of(cl)
        out.tasks.append(
            TaskRecord(
                doc=ctx.src.name,
                document=ctx.document.id,
                number=number,
                line=line,
                line_end=st.line_no(c.end - 1),
                text=text[start : c.open].strip(),
                section=[m.title for m in path if m.heading and (owner is None or m.level < owner.level)],
                lead_officials=list(cl.officials),
                responsible_units=list(cl.responsible),
                assist_units=list(cl.assist),
                deadline=parse_deadline(cl.deadline_text, ctx.year, cl.deadline_lines) if cl.deadline_text else None,
                split=split,
                split_reason=reason,
                layout=NAME,
            )
        )
        first = st.line_index(start if start < c.open else c.open)
        last = st.line_index(c.end - 1)
        out.claim([st.lines[k].n for k in range(first, last + 1) if st.lines[k].b > start or st.lines[k].n == line])
        prev_end = c.end
    return claimed_items


def _split_of(cl) -> tuple[str, str]:
    """How sure the clause's 主责/协办 split is, and why."""
    if cl.inferred:
        return SPLIT_INFERRED, "units after the lead carry no role word: taken as assisting"
    if cl.assist or any(_VERB_ROLE.get(w) == "lead" or w in _FIELD_ROLE and w not in _PLAIN_FIELDS for w in cl.roles):
        return SPLIT_CERTAIN, "clause marks roles: " + "、".join(dict.fromkeys(cl.roles))
    return (
        SPLIT_CERTAIN,
        "clause names no lead: every listed unit is responsible (" + "、".join(dict.fromkeys(cl.roles)) + ")",
    )


def _account_for_the_rest(
    ctx: Context,
    st: _Stream,
    marks: list[_Marker],
    failed: list[tuple[int, int, str]],
    claimed_items: set[int],
    out: Parsed,
) -> None:
    """Every line no task took: headings, page numbers, items without clause, prose, footer. An
    item is a task left without assignment (unparsed) when a sibling item (same parent heading) has one."""
    parent: dict[int, tuple[int | None, int]] = {}
    stack: list[_Marker] = []
    for m in marks:
        while stack and stack[-1].level >= m.level:
            stack.pop()
        heads = [h for h in stack if h.heading]
        parent[m.line] = (heads[-1].line if heads else None, m.level)
        stack.append(m)
    assigned_groups = {parent[n] for n in claimed_items}
    failed_lines: dict[int, str] = {}
    for a, b, reason in failed:
        for ln in st.lines:
            if ln.b > a and ln.a <= b:
                failed_lines[ln.n] = reason
    heading_lines = {n: m for m in marks if m.heading for n in m.lines}
    item_start = {m.line: m for m in marks if not m.heading}
    footer = False
    open_item: _Marker | None = None
    for ln in st.lines:
        if ln.n in item_start:
            open_item = item_start[ln.n]
        elif ln.n in heading_lines:
            open_item = None
        if ln.n in out.notes:
            if out.notes[ln.n].status == "record":
                open_item = None
            continue
        if _FOOTER.match(ln.text):
            footer = True
        if footer:
            out.note(ln.n, "boilerplate", "footer")
        elif ln.n in failed_lines:
            out.note(ln.n, "unparsed", reason=failed_lines[ln.n])
        elif ln.n in heading_lines:
            out.note(ln.n, "boilerplate", "section-heading")
        elif open_item is not None and parent[open_item.line] in assigned_groups:
            out.note(
                ln.n,
                "unparsed",
                reason=f"numbered item {open_item.number} (line {open_item.line}) is closed by no 分工 clause",
            )
        else:
            out.note(ln.n, "boilerplate", "prose")
    for n in st.pages:
        out.note(n, "boilerplate", "page-number")
    for n, t in ctx.lines:
        if t.strip() and n not in out.notes:  # cannot happen; kept so that no line is ever lost
            out.note(n, "unparsed", reason="not reached by the clause parser")
