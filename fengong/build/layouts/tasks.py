"""Any plan, task by task: assignments read wherever and however they are printed.

Real plans mix forms, so this layout does not assume one. It finds the numbered items (``一、``
``（一）`` ``1.`` ``（1）``) and unnumbered paragraphs, then reads each task's assignment from
whichever forms it has (see :mod:`fengong.build.assignments` for the grammar):

* field lines after the task (``牵头单位：A`` / ``责任单位：B`` / ``完成时限：C``, one per line or
  several on one line);
* labelled or role-verb parentheticals inside or after the task (``（牵头单位：A；配合单位：B）``,
  ``（A牵头，B配合）``, ``（A负责）``), several in one task (their union);
* an inline label in the task's sentence (``…，牵头部门：A。``) or a sentence after it
  (``以上工作由A负责，B配合。``);
* a section heading that assigns every task under it (``五、省发改委``, ``王丹县长牵头重点工作``);
* tables, however they were rendered (:mod:`fengong.build.grid`), their columns read by the role
  vocabulary.

>>> text = ("一、重点任务\\n1.建设数据平台。（牵头单位：区经济和信息化局；配合单位：区财政局；完成时限：2024年6月底）\\n"
...         "2.优化营商环境。\\n牵头领导：王 健\\n责任单位：区发展改革委、区商务局\\n"
...         "3.扩大进口。（区商务局牵头，合肥海关配合）\\n")
>>> for t in parse(Context.from_text(text, year=2024)).tasks:
...     print(t.number, [n.text for n in t.lead_officials], [n.text for n in t.responsible_units],
...           [n.text for n in t.assist_units], t.deadline and t.deadline.text)
1 [] ['区经济和信息化局'] ['区财政局'] 2024年6月底
2 ['王健'] ['区发展改革委', '区商务局'] [] None
3 [] ['区商务局'] ['合肥海关'] None
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fengong.build import roles as _roles
from fengong.build.assignments import Assignment, Text, contacts, read, read_value, resolve
from fengong.build.deadlines import parse_deadline
from fengong.build.layouts.base import Context, Parsed
from fengong.build.records import CUT_SHORT, SPLIT_CERTAIN, SPLIT_INFERRED, TaskRecord
from fengong.build.source import fold, reading_form, squash

__all__ = ["NAME", "detect", "parse", "may_assign"]

_HEADER_WORD = re.compile(r"(任务|工作|举措|措施|目标|项目|内容|时限|时间|进展|情况)$")
_MARK_PUNCT = re.compile(r"[\s、.．（）()]")
_CELL_SPLIT = re.compile(r"[|\s]+")
_BRACKET = re.compile(r"[()]")
_LIST_SEP = re.compile(r"[、,，;；:：]")
_CLOSED = re.compile(r"[。.)）]$")
_HEADING_PUNCT = re.compile(r"[，,。；;：:、]")
_NOT_A_UNIT = re.compile(r"(工作|任务|目标|建设|发展|改革|措施|要求|领导|保障)")

NAME = "tasks"

_CN = "一二三四五六七八九十百零〇"
# numbered-item markers, by kind; the kinds nest in the order a plan first uses them
_MARKERS = [
    ("cn", re.compile(rf"^[{_CN}]{{1,4}}\s*[、.．]")),
    ("pcn", re.compile(rf"^[（(]\s*[{_CN}]{{1,4}}\s*[）)]")),
    ("num", re.compile(r"^\d{1,3}\s*[.．、](?!\d)")),
    ("pnum", re.compile(r"^[（(]\s*\d{1,3}\s*[）)]")),
    ("circled", re.compile(r"^[①-⑳]")),
    ("article", re.compile(rf"^第[{_CN}\d]{{1,4}}[条项]")),
]
_ASSIGNING = (*_roles.UNIT_ROLES, _roles.OFFICIAL)  # roles that name who does a task
_MARKER_FIRST = frozenset(_CN + "0123456789(（①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳第")
# "1.2022 年对…": a number run into a figure is a marker only where the numbering expects it
_NUM_INTO_FIGURE = re.compile(r"(\d{1,3})[.．](?=\d)")
# a marker may also start a task in the middle of a line (pages flattened to one line): after
# whitespace, and followed by text, never by a digit ("增长 1.5%")
_MID = re.compile(rf"(?<=\s)(?=(?:[{_CN}]{{1,3}}、|[（(][{_CN}]{{1,3}}[）)]|\d{{1,3}}[.．、](?![\d\s])|[①-⑳])\S)")
_HEADING_LEADS = re.compile(
    r"^(?P<who>.+?)(?:同志)?(?:牵头|负责|分管|主抓)(?:的)?(?:重点|主要)?(?:工作|任务|事项)(?:清单|任务)?$"
)
_SENTENCE_BY = re.compile(
    r"(?:^|[。；;])\s*(?:以上|上述|该项|此项|本项|各项)?(?:各项)?(?:工作|任务|事项|内容)?(?:均)?由"
)
_PAREN = re.compile(r"[（(]")


@_roles.per_line
def _is_header_cell(text: str) -> bool:
    t = squash(reading_form(text)).strip("*")
    if t in ("序号", "编号", "序", "号"):
        return True
    if _roles.active().label_role(t) is not None:
        return True
    return bool(_HEADER_WORD.search(t)) and len(t) <= 12


def _marker(text: str, expect: tuple[int, ...] = ()) -> tuple[str, str, int] | None:
    """(kind, number as printed without its separator, length of the marker) at the start of ``text``;
    ``expect``: the arabic numbers that may come next, read even when a figure follows the dot."""
    if expect:
        f = fold(text)
        lead = len(f) - len(f.lstrip())
        m = _NUM_INTO_FIGURE.match(f, lead)
        if m and int(m.group(1)) in expect:
            return "num", m.group(1), m.end()
    return _printed_marker(text)


@_roles.per_line
def _printed_marker(text: str) -> tuple[str, str, int] | None:
    f = fold(text)
    lead = len(f) - len(f.lstrip())
    f = f[lead:]
    if f[:1] not in _MARKER_FIRST:  # every marker opens with a numeral, a bracket, ① or 第
        return None
    for kind, rx in _MARKERS:
        m = rx.match(f)
        if m:
            number = _MARK_PUNCT.sub("", m.group())
            if kind == "article":
                number = m.group()
            return kind, number, lead + m.end()
    return None


@_roles.per_line
def _carries_assignment(text: str) -> bool:
    return _roles.active().carries_assignment(text)


@dataclass
class _Seg:
    line: int
    text: str  # raw text of this part of the line


@dataclass
class _Item:
    kind: str | None  # marker kind, None for an unnumbered paragraph
    number: str | None
    level: int
    parent: int | None
    segs: list[_Seg] = field(default_factory=list)
    fields: list[_Seg] = field(default_factory=list)
    children: int = 0
    mark: int = 0  # length of the number marker at the start of segs[0]
    done: bool = False  # its own text carries its assignment (kept as segs are added: no rescans)
    assignment: Assignment | None = None
    heading: Assignment | None = None  # what this item, as a heading, assigns to the tasks under it
    title: str = ""


def detect(ctx: Context) -> float:
    """How much of this body reads as assignments: role labels with a colon (not contacts or
    deadlines alone), role verbs inside brackets (not after a closed ``（四）``)."""
    hits = 0
    for _, t in ctx.lines:
        if not t.strip():
            continue
        if _assigns(t):
            hits += 1
        if hits >= 6:
            return 0.9
    return min(0.9, 0.15 * hits)


def may_assign(ctx: Context) -> bool:
    """Whether any line could give this body an assigned task, by any route :func:`parse` has: a
    role label with its colon (field lines, inline labels), a role verb inside brackets, a sentence
    opening with 由 (``以上工作由…``), a short numbered heading that names a unit or says 牵头…工作,
    or a role label as a table cell. A body without one is prose, not worth reading task by task.

    >>> from fengong.build.layouts.base import Context
    >>> may_assign(Context.from_text("各单位要高度重视，切实加强领导，承办单位按时报送。"))
    False
    >>> may_assign(Context.from_text("一、建设数据平台。（区经济和信息化局牵头，\\n区财政局配合）"))
    True
    """
    carry = False  # the line before left a bracket open, or a 由-sentence without its verb
    for _, t in ctx.lines:
        if not t.strip():
            continue
        signal, opens = _line_signal(t)
        if signal or (carry and _verb_first(t)):
            return True
        carry = opens
    return False


@_roles.per_line
def _line_signal(text: str) -> tuple[bool, bool]:
    """(a route to an assignment on this line alone, a bracket or 由-sentence it leaves open for
    the next line). Cheap tests first: most lines of prose have no colon, bracket or 由."""
    if _carries_assignment(text):  # a unit or official role: contacts alone name no task
        return True, False
    roles = _roles.active()
    f = fold(text)
    opens = False
    if "(" in f or "由" in f:
        if _verb_in_bracket(f):
            return True, False
        verbs = [m.start() for m in roles.verb_re.finditer(f)]
        by = _SENTENCE_BY.search(f) if "由" in f else None
        if by and any(v >= by.end() for v in verbs):
            return True, False
        opens = f.count("(") > f.count(")") or bool(by)
    mk = _printed_marker(text)
    if mk is not None and _assigning_heading(squash(f[mk[2] :]).rstrip("。:："), roles):
        return True, opens
    if len(f) <= 24 or "|" in f or " " in f.strip() or "\t" in f:
        cells = [c for c in _CELL_SPLIT.split(f) if c]
        # a header cell on its own line, or a header row: three cells or more, each a short label
        if len(squash(f)) <= 16 or (len(cells) >= 3 and max(map(len, cells)) <= 16):
            return any(roles.label_role(squash(reading_form(c))) in _ASSIGNING for c in cells), opens
    return False, opens


@_roles.per_line
def _verb_first(text: str) -> bool:
    """A role verb before any closing bracket: it closes what the line before opened."""
    f = fold(text)
    m = _roles.active().verb_re.search(f)
    close = f.find(")")
    return m is not None and (close < 0 or m.start() < close)


def ceiling(ctx: Context) -> float:
    """A cheap bound on what :func:`detect` would return for ``ctx``."""
    return 0.9


def parse(ctx: Context) -> Parsed:
    """Read the tasks of ``ctx`` one by one, each with the assignments printed in or under it."""
    out = Parsed()
    roles = _roles.active()
    claimed: set[int] = set()
    from fengong.build import grid
    from fengong.build.layouts.tasks_tables import _read_table  # it imports from this module

    tables = grid.find_tables(ctx.lines, _is_header_cell)
    for table in tables:
        _read_table(ctx, table, roles, out)
        claimed |= table.claimed
    segs = _segments([(n, t) for n, t in ctx.lines if n not in claimed and t.strip()])
    items = _items(segs, roles)
    _emit(ctx, items, roles, out)
    out.tasks.sort(key=lambda t: t.line)  # tables and paragraphs in the order printed
    for n, t in ctx.lines:
        if t.strip() and n not in out.notes:
            if _carries_assignment(t):
                out.note(n, "unparsed", "", "an assignment label or role verb that no task took: check the layout")
            else:
                out.note(n, "boilerplate", "prose")
    return out


# --- lines to items ------------------------------------------------------------------------------


def _segments(lines: list[tuple[int, str]]) -> list[_Seg]:
    out: list[_Seg] = []
    for n, t in lines:
        cuts = [m.start() for m in _MID.finditer(t)] if len(t) > 60 else []
        begin = 0
        for c in cuts:
            if t[begin:c].strip():
                out.append(_Seg(n, t[begin:c]))
                begin = c
        if t[begin:].strip():
            out.append(_Seg(n, t[begin:]))
    return out


@_roles.per_line
def _field_start(text: str) -> bool:
    roles = _roles.active()
    f = fold(text).strip().lstrip("*").strip()
    if ":" not in f:
        return False
    m = roles.label_re.match(f)
    return m is not None and roles.label_role(squash(m.group(1))) is not None


@_roles.per_line
def _own_assignment(text: str) -> bool:
    """Whether a paragraph carries its own assignment (a role parenthetical or an inline label)."""
    if _has_label(text):
        return True
    f = fold(text)
    return bool(_PAREN.search(f)) and bool(_roles.active().verb_re.search(f))


@_roles.per_line
def _assigns(text: str) -> bool:
    return _carries_assignment(text) or _verb_in_bracket(fold(text))


def _verb_in_bracket(f: str) -> bool:
    """A role verb inside a bracket the line opened (not after a closed ``（四）``); ``f`` folded."""
    if "(" not in f:
        return False
    return any(f.count("(", 0, m.start()) > f.count(")", 0, m.start()) for m in _roles.active().verb_re.finditer(f))


@_roles.per_line
def _may_read(text: str) -> bool:
    """A bracket, a colon or 由: without one, a paragraph holds no assignment of its own (it may
    still be an assigning heading, read apart)."""
    f = fold(text)
    return "(" in f or ")" in f or ":" in f or "由" in f


@_roles.per_line
def _has_label(text: str) -> bool:
    """A role label with its colon somewhere in the line (most lines have no colon at all)."""
    f = fold(text)
    return ":" in f and _roles.active().label_re.search(f) is not None


def _items(segs: list[_Seg], roles: _roles.Roles) -> list[_Item]:
    items: list[_Item] = []
    kinds: list[str] = []  # marker kinds in nesting order of first use
    stack: list[int] = []  # open items, outermost first
    current: int | None = None
    last_field_open = False
    last_num = 0
    for seg in segs:
        expect = (1, last_num + 1)
        if _field_start(seg.text):
            if current is None:
                items.append(_Item(None, None, len(kinds), stack[-1] if stack else None))
                current = len(items) - 1
            items[current].fields.append(seg)
            last_field_open = _open_list(seg.text)
            continue
        if last_field_open and current is not None and _marker(seg.text, expect) is None:
            items[current].fields.append(seg)  # a wrapped unit list
            last_field_open = _open_list(seg.text)
            continue
        last_field_open = False
        own = _own_assignment(seg.text)
        mk = _marker(seg.text, expect)
        if mk is not None:
            kind, number, mark = mk
            if kind == "num":
                last_num = int(number)
            if kind not in kinds:
                kinds.append(kind)
            level = kinds.index(kind)
            while stack and items[stack[-1]].level >= level:
                stack.pop()
            parent = stack[-1] if stack else None
            if parent is not None:
                items[parent].children += 1
            items.append(_Item(kind, number, level, parent, [seg], mark=mark, done=own))
            current = len(items) - 1
            stack.append(current)
            continue
        cur = items[current] if current is not None else None
        if cur is not None and not cur.fields and not cur.done:
            cur.segs.append(seg)  # the body of the item above
            cur.done = own
            continue
        if own:
            # an unnumbered task: a paragraph with its own assignment after a task that has one
            parent = (
                cur.parent
                if cur is not None and cur.kind is not None and cur.children == 0
                else (stack[-1] if stack else None)
            )
            if cur is not None and cur.kind is None:
                parent = cur.parent
            items.append(
                _Item(
                    None,
                    None,
                    (items[parent].level + 1) if parent is not None else len(kinds),
                    parent,
                    [seg],
                    done=True,
                )
            )
            current = len(items) - 1
            continue
        items.append(_Item(None, None, len(kinds), stack[-1] if stack else None, [seg]))
        items[-1].title = "prose"
        current = len(items) - 1
    return items


@_roles.per_line
def _open_list(text: str) -> bool:
    """Whether a field line's list goes on on the next line: it ends in a separator, or in a piece
    of a name (``相`` / ``区“两`` / ``通州``) that the next line completes."""
    roles = _roles.active()
    f = fold(text).rstrip()
    if f[-1:] in "、,，" or f.count("(") > f.count(")"):
        return True  # a separator, or a bracket the next line closes
    last = _LIST_SEP.split(f)[-1].strip()
    return bool(last) and len(last) <= 6 and not roles.looks_like_unit(last) and not _CLOSED.search(last)


# --- reading one item ----------------------------------------------------------------------------


def _parens(f: str) -> list[tuple[int, int]]:
    """Spans (inside the brackets) of top-level parentheticals (``f`` folded: brackets are ASCII)."""
    out, depth, start = [], 0, 0
    for m in _BRACKET.finditer(f):  # from bracket to bracket, not a Python loop over every character
        i = m.start()
        if f[i] == "(":
            if depth == 0:
                start = i + 1
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                out.append((start, i))
    return out


def _read_item(item: _Item, roles: _roles.Roles) -> Assignment | None:
    found = Assignment()
    if item.segs and (item.done or any(_may_read(s.text) for s in item.segs)):
        text = Text([(s.line, s.text) for s in item.segs])
        f = text.folded
        masked = list(f)
        for a, b in _parens(f):
            got = read(text, a, b, "parenthetical", roles)
            if got is not None and (got.has_units() or got.deadline or any(p.names for p in got.printed)):
                found.extend(got)
                masked[a - 1 : b + 1] = " " * (b + 1 - (a - 1))
        rest = "".join(masked)
        # an inline label in the sentence ("…，牵头部门：市交通局。")
        m = roles.label_re.search(rest) if ":" in rest else None
        if m and roles.label_role(squash(m.group(1))) is not None:
            got = read(text, m.start(), len(f), "inline", roles)
            if got is not None:
                found.extend(got)
        else:
            for s in _SENTENCE_BY.finditer(rest) if "由" in rest else ():
                end = rest.find("。", s.end())
                got = read(text, s.end(), end if end >= 0 else len(f), "sentence", roles)
                if got is not None:
                    found.extend(got)
    if item.fields:
        ftext = Text([(s.line, s.text.strip() + ("" if _open_list(s.text) else "；")) for s in item.fields])
        got = read(ftext, 0, None, "field", roles)
        if got is not None:
            found.extend(got)
    return found if found else None


def _assigning_heading(body: str, roles: _roles.Roles) -> bool:
    """Whether a heading's text (without its number) reads as who does the tasks under it."""
    if not body or len(body) > 30 or _HEADING_PUNCT.search(body):
        return False
    return bool(_HEADING_LEADS.match(body)) or _unit_heading(body, roles)


def _unit_heading(body: str, roles: _roles.Roles) -> bool:
    return bool(roles.unit_end_re.search(body)) and len(body) <= 15 and not _NOT_A_UNIT.search(body)


def _heading(item: _Item, roles: _roles.Roles) -> Assignment | None:
    """A heading that names who does everything under it: a unit (``五、省发改委``) or an official or
    unit followed by 牵头…工作 (``王丹县长牵头重点工作``)."""
    if not item.segs or item.kind is None:
        return None
    seg = item.segs[0]
    length = item.mark
    text = Text([(seg.line, seg.text)])
    a = length
    while a < len(text.raw) and text.raw[a].isspace():
        a += 1
    body = squash(text.folded[a:]).rstrip("。:：")
    if not _assigning_heading(body, roles):
        return None
    out = Assignment()
    label = squash(seg.text)  # the heading itself says who: it is the label the records cite
    m = _HEADING_LEADS.match(body)
    if m:
        who = m.group("who")
        end = a + len(text.folded[a:].rstrip().rstrip("。:：")) - (len(body) - len(who))
        if roles.looks_like_unit(who):
            got = read_value(text, a, end, label, _roles.LEAD, "heading", roles)
        else:
            got = read_value(text, a, end, label, _roles.OFFICIAL, "heading", roles)
        out.extend(got)
        return out if out else None
    if _unit_heading(body, roles):
        out.extend(read_value(text, a, len(text.raw), label, _roles.LEAD, "heading", roles))
        return out if out else None
    return None


# --- items to records ----------------------------------------------------------------------------


def _emit(ctx: Context, items: list[_Item], roles: _roles.Roles, out: Parsed) -> None:
    for item in items:
        item.assignment = _read_item(item, roles)
        if item.assignment is None or not item.assignment.has_units():
            item.heading = _heading(item, roles)
    for k, item in enumerate(items):
        inherited = Assignment()
        p = item.parent
        while p is not None:
            heading = items[p].heading
            if heading is not None:
                inherited.extend(heading)
            p = items[p].parent
        own = item.assignment
        if item.heading is not None and item.children == 0 and len(item.segs) > 1:
            own = own or Assignment()
            own.extend(item.heading)  # a heading with its task printed under it, unnumbered
        elif item.heading is not None:
            _claim(item, out, "heading")
            continue
        if own is None and not inherited:
            if not _cut_task(ctx, items, k, out):
                _claim(item, out, "heading" if item.kind is not None else "prose")
            continue
        if own is None and item.children:
            _claim(item, out, "heading")
            continue
        total = Assignment()
        if own is not None:
            total.extend(own)
        if inherited:
            has_units = own is not None and own.has_units()
            has_officials = own is not None and any(p.role == _roles.OFFICIAL and p.names for p in own.printed)
            for pr in inherited.printed:
                if (pr.role in _roles.UNIT_ROLES and not has_units) or (
                    pr.role == _roles.OFFICIAL and not has_officials
                ):
                    total.printed.append(pr)
        if not total.has_units() and not any(p.role == _roles.OFFICIAL and p.names for p in total.printed):
            _claim(item, out, "heading" if item.kind is not None else "prose")
            continue
        out.tasks.append(_record(ctx, items, k, total, out))
        _claim(item, out, "task")


def _cut_task(ctx: Context, items: list[_Item], k: int, out: Parsed) -> bool:
    """The plan's last item, printed with its text but without the field lines every task before it
    has: the file was cut off (a numbered note would not end a plan after its tasks). Its lines are
    left unparsed, with a warning."""
    item = items[k]
    if k != len(items) - 1 or item.kind is None or item.fields or not ctx.ends_file():
        return False
    last = next((n for n, t in reversed(ctx.lines) if t.strip()), None)
    if last != item.segs[-1].line:
        return False
    before = [it.assignment for it in items[:k] if it.kind == item.kind and it.assignment is not None]
    fielded = [it.fields for it in items[:k] if it.kind == item.kind and it.assignment is not None]
    if not before or not all(f and any(p.form == "field" for p in a.printed) for a, f in zip(before, fielded)):
        return False
    labels = "/".join(dict.fromkeys(p.label for p in before[-1].printed if p.form == "field"))
    first = item.segs[0].line
    span = f"line {first}" if first == last else f"lines {first}–{last}"
    out.warnings.append(
        f"line {first}: the file ends inside task {item.number} ({span}): its text but no "
        f"{labels} lines, which every task before it has; its lines are left unparsed — "
        f"check that the file is complete"
    )
    for s in item.segs:
        out.note(s.line, "unparsed", "", CUT_SHORT)
    return True


def _claim(item: _Item, out: Parsed, kind: str) -> None:
    """A task's lines are records; a heading's or prose's are boilerplate unless a task on the same
    line (a page flattened to one line) claimed them."""
    if kind == "task":
        out.claim([s.line for s in (*item.segs, *item.fields)])
        return
    for s in (*item.segs, *item.fields):
        if s.line in out.notes:
            continue
        if _carries_assignment(s.text):  # never boilerplate: a label whose names no task took
            out.note(s.line, "unparsed", "", "an assignment label that names no one a task could take")
        else:
            out.note(s.line, "boilerplate", kind)


def _section(items: list[_Item], k: int) -> list[str]:
    out = []
    p = items[k].parent
    while p is not None:
        out.append(squash(items[p].segs[0].text) if items[p].segs else "")
        p = items[p].parent
    return out[::-1]


def _record(ctx: Context, items: list[_Item], k: int, a: Assignment, out: Parsed) -> TaskRecord:
    item = items[k]
    r = resolve(a)
    lines = [s.line for s in (*item.segs, *item.fields)]
    text = "".join(s.text.strip() for s in item.segs)
    if item.heading is not None and len(item.segs) > 1:
        text = "".join(s.text.strip() for s in item.segs[1:])  # the task printed under its assigning heading
    elif item.kind is not None:
        text = item.segs[0].text[item.mark :].strip() + "".join(s.text.strip() for s in item.segs[1:])
    deadline = None
    if r.deadline:
        deadline = parse_deadline(r.deadline, ctx.year)
        deadline = type(deadline)(r.deadline, deadline.date, deadline.kind, r.deadline_lines or (lines[0],))
    heads = "、".join(dict.fromkeys(p.label for p in a.printed if p.form == "heading" and p.names))
    inferred = bool(heads)
    reason = "; ".join(x for x in (r.reason, heads and f"the heading {heads} names who does the tasks under it") if x)
    rec = TaskRecord(
        doc=ctx.src.name,
        document=ctx.document.id,
        number=item.number,
        line=min(lines),
        line_end=max(lines),
        text=text.strip(),
        section=_section(items, k),
        lead_officials=r.officials,
        responsible_units=r.lead,
        assist_units=r.assist,
        deadline=deadline,
        split=SPLIT_INFERRED if inferred else SPLIT_CERTAIN,
        split_reason=reason,
        layout=NAME,
    )
    rec.assignments = [p.export() for p in r.printed]
    rec.unnamed = list(r.dropped)
    rec.contacts = contacts(a)
    _cut_by_file_end(ctx, rec, out)
    return rec


def _cut_by_file_end(ctx: Context, rec: TaskRecord, out: Parsed) -> None:
    """A name the file cuts off (``责任单位：区`` as a page's last line) is not a unit: the record keeps
    what was printed whole, says it was cut, and a warning names the line."""
    last = next((n for n, t in reversed(ctx.lines) if t.strip()), None)
    if last is None or rec.line_end != last or not ctx.ends_file():
        return
    roles = _roles.active()
    for attr in ("assist_units", "responsible_units"):
        names = getattr(rec, attr)
        if names and last in names[-1].lines and not roles.looks_like_unit(reading_form(names[-1].text)):
            cut = names[-1].text
            setattr(rec, attr, names[:-1])
            rec.split_reason = "; ".join(x for x in (rec.split_reason, CUT_SHORT) if x)
            out.warnings.append(
                f"line {last}: the file ends inside a unit name ({cut!r}); "
                f"{'task ' + rec.number if rec.number else 'the task'} keeps the names printed whole"
            )
            break
