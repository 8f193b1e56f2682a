"""The 分工 clause grammar of the ``clauses`` layout (:mod:`fengong.build.layouts.clauses`): what a
clause such as （分工：由区科协牵头，区教委等单位共同参与。） says — lead officials, responsible and
assisting units, deadline — read by :func:`read_clause`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fengong.build.deadlines import looks_like_deadline
from fengong.build.names import COLLECTIVE, looks_like_unit, split_names, split_units
from fengong.build.records import Name
from fengong.build.source import fold, squash

# --- the clause grammar ---------------------------------------------------------------------

_OPEN, _CLOSE = "（(", "）)"
_MAX_CLAUSE = 700  # characters between the parentheses

_LABEL = re.compile(r"^(?:分工|责任分工|任务分工|职责分工|分工安排|任务分解)[:：]")
_FIELDS = {
    "responsible": (
        "牵头单位",
        "主责单位",
        "责任单位",
        "牵头部门",
        "责任部门",
        "主责部门",
        "主办单位",
        "负责单位",
        "牵头责任单位",
    ),
    "assist": ("配合单位", "协办单位", "协同单位", "参与单位", "配合部门", "协办部门", "协同部门", "参与部门"),
    "officials": ("牵头领导", "责任领导", "分管领导", "牵头区领导", "牵头市领导", "责任区领导", "责任市领导"),
    "deadline": ("完成时限", "完成时间", "时间节点", "时限", "完成期限", "截止时间"),
}
_FIELD = re.compile(
    "^(" + "|".join(sorted((w for ws in _FIELDS.values() for w in ws), key=len, reverse=True)) + ")[:：]"
)
_FIELD_ROLE = {w: role for role, ws in _FIELDS.items() for w in ws}
_PLAIN_FIELDS = ("责任单位", "责任部门")  # name the responsible units without marking a lead

# Role words that end a unit list. "duty" words make units responsible when no unit is marked as
# lead in the clause, and assisting when one is (…牵头，B按职责分工负责).
_VERBS = {
    "lead": ("牵头负责", "牵头落实", "牵头推进", "牵头实施", "牵头组织", "总牵头", "牵头", "负总责", "主责", "主办"),
    "assist": ("共同参与", "参与", "配合落实", "配合实施", "协同配合", "配合", "协助", "协同", "协办", "参加"),
    "duty": (
        "按照职责分工负责",
        "按职责分工负责",
        "按职责分工落实",
        "按职能分工负责",
        "按职责负责",
        "分工负责",
        "分别负责",
        "共同负责",
        "各负其责",
        "负责落实",
        "组织实施",
        "落实",
        "负责",
    ),
}
_VERB = re.compile("(" + "|".join(sorted((v for vs in _VERBS.values() for v in vs), key=len, reverse=True)) + ")$")
_VERB_ROLE = {v: role for role, vs in _VERBS.items() for v in vs}
# A clause must say who does what: at least one of these inside the parenthesis.
_ROLE_HINT = re.compile(r"牵头|负责|配合|参与|协办|协助|协同|主责|主办|责任单位|责任部门|牵头单位|分工")
_STRONG_HINT = re.compile(r"牵头|配合|协办|责任单位|责任部门|分工[:：]|按职责")
_TRAIL_CATCHALL = re.compile(r"等(?:单位|部门)?$")
_TRAIL_COLLECTIVE = re.compile(r"等((?:有关|相关|其他)(?:单位|部门))$")
_UNITISH_END = re.compile(r"(联|协|央|府|会|委|办|局|署|行|部|院|社|团|司|所|室|厅|处|中心|政府|组|队|站)$")


@dataclass
class Clause:
    """Who a clause assigns: names as printed, with lines, and the deadline it gives (if any)."""

    responsible: list[Name] = field(default_factory=list)
    assist: list[Name] = field(default_factory=list)
    officials: list[Name] = field(default_factory=list)
    deadline_text: str | None = None
    deadline_lines: tuple[int, ...] = ()
    roles: list[str] = field(default_factory=list)  # role words as printed, for split_reason
    inferred: bool = False  # some units carried no role word


@dataclass
class _Seg:
    role: str  # lead | assist | duty | responsible | officials | deadline
    a: int  # compact-string range
    b: int
    word: str


def _depth_split(c: str, a: int, b: int, seps: str) -> list[tuple[int, int]]:
    """Ranges of c[a:b] between depth-0 separators."""
    out, depth, start = [], 0, a
    for k in range(a, b):
        ch = c[k]
        if ch in "（(《“":
            depth += 1
        elif ch in "）)》”":
            depth = max(0, depth - 1)
        elif depth == 0 and ch in seps:
            out.append((start, k))
            start = k + 1
    out.append((start, b))
    return out


def _unit_ranges(c: str, a: int, b: int) -> list[tuple[int, int]]:
    """The unit list in c[a:b] minus a leading 由 and a trailing 等/等单位; 等有关部门 kept apart."""
    if c.startswith("由", a) and b - a > 1:
        a += 1
    text = c[a:b]
    m = _TRAIL_COLLECTIVE.search(text)
    if m and m.start() > 0:
        return [(a, a + m.start()), (a + m.start(1), b)]
    m = _TRAIL_CATCHALL.search(text)
    if m and m.start() > 0:
        b = a + m.start()
    return [(a, b)] if b > a else []


def _segments(c: str) -> list[_Seg] | None:
    """Split a compact clause (no whitespace, folded) into role segments; None if it is no clause."""
    start = 0
    m = _LABEL.match(c)
    if m:
        start = m.end()
    segs: list[_Seg] = []
    for ga, gb in _depth_split(c, start, len(c), "；;。"):
        if ga >= gb:
            continue
        pieces = [p for p in _depth_split(c, ga, gb, "，,") if p[0] < p[1]]
        acc: int | None = None  # start of an unlabelled unit list still waiting for its role word
        label: _Seg | None = None  # an open labelled field (牵头单位：A，B …)
        for pa, pb in pieces:
            piece = c[pa:pb]
            f = _FIELD.match(piece)
            if f:
                if acc is not None:
                    return None
                label = _Seg(_FIELD_ROLE[f.group(1)], pa + f.end(), pb, f.group(1))
                segs.append(label)
                continue
            v = _VERB.search(c[acc if acc is not None else pa : pb])
            if v and not (label is not None and label.role == "deadline"):
                s = acc if acc is not None else pa
                units_end = pb - len(v.group(1))
                if units_end > s:
                    segs.append(_Seg(_VERB_ROLE[v.group(1)], s, units_end, v.group(1)))
                    acc, label = None, None
                    continue
                if not segs:
                    return None
                acc, label = None, None  # a bare role word ("…，负责") adds nothing
                continue
            if acc is None and looks_like_deadline(piece) and not looks_like_unit(piece):
                segs.append(_Seg("deadline", pa, pb, "deadline"))
                label = None
                continue
            if label is not None:
                label.b = pb  # "牵头单位：A，B" — the comma separates units of the same field
                continue
            if acc is None:
                acc = pa
        if acc is not None:
            # units without a role word: assisting when the clause names a lead, else no clause
            segs.append(_Seg("unmarked", acc, gb, ""))
    return segs or None


_ALIAS_END = re.compile(r"[（(][^（）()]*[)）]$")
_SENTENCE_MARK = re.compile(r"[。！？!?:：]")


def _unitish(name: str) -> bool:
    t = _ALIAS_END.sub("", squash(name))  # an alias in brackets: 区城市管理委（区城管执法局）
    if not 2 <= len(t) <= 40 or _SENTENCE_MARK.search(t):
        return False
    return looks_like_unit(t) or bool(COLLECTIVE.search(t)) or bool(_UNITISH_END.search(t))


_SPACE = re.compile(r"\s")  # \s is str.isspace()'s set
_NON_SPACE_RUN = re.compile(r"\S+")


def _compact(content: str) -> tuple[str, list[int]]:
    """``content`` folded and without whitespace, with each kept character's index in ``content``."""
    if not _SPACE.search(content):  # the usual case: nothing to drop
        return fold(content), list(range(len(content)))
    runs = list(_NON_SPACE_RUN.finditer(content))
    idx = [k for m in runs for k in range(m.start(), m.end())]
    return fold("".join(m.group() for m in runs)), idx


def _read(content: str, parts_of) -> Clause | None:
    """Read the clause inside one parenthesis; ``parts_of(a, b)`` maps a content range to (line, text) parts."""
    if not _ROLE_HINT.search(content):
        return None
    c, idx = _compact(content)
    segs = _segments(c)
    if not segs:
        return None
    # a lead is marked by 牵头/主责… or a 牵头单位-style field; 责任单位 alone marks none
    has_lead = any(s.role == "lead" or s.role == "responsible" and s.word not in _PLAIN_FIELDS for s in segs)
    out = Clause()

    def names(a: int, b: int, units: bool = True) -> list[Name]:
        found: list[Name] = []
        for ra, rb in _unit_ranges(c, a, b) if units else [(a, b)]:
            if ra >= rb:
                continue
            parts = parts_of(idx[ra], idx[rb - 1] + 1)
            found += split_units(parts) if units else split_names(parts)
        return found

    for s in segs:
        if s.role == "deadline":
            parts = parts_of(idx[s.a], idx[s.b - 1] + 1) if s.b > s.a else []
            out.deadline_text = "".join(t.strip() for _, t in parts).strip() or None
            out.deadline_lines = tuple(sorted({n for n, t in parts if t.strip()}))
            continue
        if s.role == "officials":
            out.officials += [Name(squash(n.text), n.lines) for n in names(s.a, s.b, units=False)]
            out.roles.append(s.word)
            continue
        # 会同: "A会同B负责" — A leads, B assists
        joint = c.find("会同", s.a, s.b)
        if joint > s.a and s.role in ("lead", "duty", "responsible"):
            out.responsible += names(s.a, joint)
            out.assist += names(joint + 2, s.b)
            out.roles.append("会同" + s.word)
            continue
        found = names(s.a, s.b)
        if s.role == "lead" or s.role == "responsible" and s.word not in _PLAIN_FIELDS:
            out.responsible += found
        elif s.role in ("duty", "responsible"):
            (out.assist if has_lead else out.responsible).extend(found)
        elif s.role == "assist":
            out.assist += found
        else:  # unmarked units after a lead
            if not has_lead:
                return None
            out.assist += found
            out.inferred = True
        out.roles.append(s.word or "—")
    units = out.responsible + out.assist
    if not units and not out.officials:
        return None
    if not all(_unitish(n.text) for n in units):
        return None
    return out


def read_clause(text: str, line: int = 1) -> Clause | None:
    """Read one assignment clause (with or without its parentheses); None when it assigns nothing.

    >>> c = read_clause("（分工：由区教委、团区委牵头，区科委、各街道乡镇等单位共同参与。）")
    >>> [n.text for n in c.responsible], [n.text for n in c.assist]
    (['区教委', '团区委'], ['区科委', '各街道乡镇'])
    >>> c = read_clause("(国家发展改革委、财政部等按职责分工负责)")
    >>> [n.text for n in c.responsible], c.assist
    (['国家发展改革委', '财政部'], [])
    >>> c = read_clause("（牵头单位：市教委；配合单位：市财政局、市人力资源社会保障局；完成时限：2023年底前）")
    >>> [n.text for n in c.responsible], [n.text for n in c.assist], c.deadline_text
    (['市教委'], ['市财政局', '市人力资源社会保障局'], '2023年底前')
    >>> read_clause("（以下简称《实施方案》）") is None
    True
    """
    t = text.strip()
    if t and t[0] in _OPEN and t[-1] in _CLOSE:
        t = t[1:-1]
    return _read(t, lambda a, b: [(line, t[a:b])])
