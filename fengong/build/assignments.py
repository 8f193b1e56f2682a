"""Reading who is assigned: labelled fields, role verbs and unit lists, whatever the layout.

A layout finds where an assignment is printed (a field line, a parenthetical, a sentence, a table
cell, a heading); this module reads it with the role vocabulary of :mod:`fengong.build.roles`:

>>> a = read_text("牵头单位：区发展改革委；配合单位：区财政局、区商务局等有关部门；完成时限：2024年6月底")
>>> [(p.label, p.role, [n.text for n in p.names]) for p in a.printed]
[('牵头单位', 'lead', ['区发展改革委']), ('配合单位', 'assist', ['区财政局', '区商务局']), ('完成时限', 'deadline', [])]
>>> a.deadline, a.dropped
('2024年6月底', ['等有关部门'])
>>> b = read_text("合肥海关牵头，省贸促会、省商务厅按职责分工负责")
>>> [(p.label, p.role, [n.text for n in p.names]) for p in b.printed]
[('牵头', 'lead', ['合肥海关']), ('按职责分工负责', 'assist', ['省贸促会', '省商务厅'])]
>>> c = read_text("国家发展改革委会同有关部门负责")
>>> [(p.label, p.role, [n.text for n in p.names]) for p in c.printed], c.dropped
([('负责', 'lead', ['国家发展改革委'])], ['有关部门'])

Roles are decided per task by :func:`resolve`: 责任单位 leads alone and assists beside a 牵头单位.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from fengong.build import roles as _roles
from fengong.build.names import COLLECTIVE, looks_like_unit
from fengong.build.records import Contact, Name
from fengong.build.source import PINYIN_NOTE, fold, squash

__all__ = [
    "Printed",
    "Assignment",
    "Text",
    "read",
    "read_text",
    "read_value",
    "split_unit_list",
    "split_officials",
    "resolve",
    "Resolved",
    "FORMS",
    "contacts",
]

_TRAILING_ETC = re.compile(r"(等(?:有关|相关)?(?:部门|单位)?)$")
_WORD = re.compile(r"\S+")
_DIGIT = re.compile(r"\d")

# the forms an assignment is read from (records say which)
FORMS = ("field", "parenthetical", "verb", "sentence", "heading", "table", "inline")

_OPEN, _CLOSE = "（(【[", "）)】]"
_SEP = "、，,；;"
_ANY_LABEL = re.compile(r"([\u4e00-\u9fff]{2,10})\s*[:：]")
_STRIP = " \t\u3000，,；;。.、:："


class Text:
    """Lines joined into one string, remembering which line each character came from.

    >>> t = Text([(3, "责任单位：区财政局、"), (4, "区商务局")])
    >>> t.lines(10, 14)
    (4,)
    """

    __slots__ = ("raw", "folded", "_starts", "_lines")

    def __init__(self, parts: list[tuple[int, str]]):
        self.raw = "".join(t for _, t in parts)
        self.folded = fold(self.raw)
        self._starts: list[int] = []
        self._lines: list[int] = []
        off = 0
        for n, t in parts:
            self._starts.append(off)
            self._lines.append(n)
            off += len(t)

    def lines(self, a: int, b: int) -> tuple[int, ...]:
        """The lines holding a printed character of ``raw[a:b]``."""
        out = []
        starts = self._starts
        for k in range(max(0, bisect_right(starts, a) - 1), bisect_left(starts, b)):
            start = starts[k]
            end = starts[k + 1] if k + 1 < len(starts) else len(self.raw)
            if end <= a or start >= b:
                continue
            if self.raw[max(a, start) : min(b, end)].strip():
                out.append(self._lines[k])
        return tuple(out)

    def first_line(self) -> int:
        return self._lines[0] if self._lines else 0


@dataclass
class Printed:
    """One role as printed: its label or role word, the role it maps to, the form, the names."""

    label: str
    role: str
    form: str
    names: list[Name] = field(default_factory=list)
    marked: list[str] = field(default_factory=list)  # names printed with a lead mark (★)

    def export(self) -> dict:
        return {"label": self.label, "role": self.role, "form": self.form, "names": [n.text for n in self.names]}


@dataclass
class Assignment:
    """What one printed assignment says."""

    printed: list[Printed] = field(default_factory=list)
    deadline: str | None = None
    deadline_lines: tuple[int, ...] = ()
    dropped: list[str] = field(default_factory=list)  # catch-alls (等有关部门) as printed
    conventions: list[str] = field(default_factory=list)  # 'first-leads', 'each-leads', 'lead-mark'

    def __bool__(self) -> bool:
        return any(p.names for p in self.printed) or self.deadline is not None

    def has_units(self) -> bool:
        return any(p.names and p.role in _roles.UNIT_ROLES for p in self.printed)

    def extend(self, other: Assignment) -> None:
        self.printed += other.printed
        if self.deadline is None and other.deadline is not None:
            self.deadline, self.deadline_lines = other.deadline, other.deadline_lines
        self.dropped += [d for d in other.dropped if d not in self.dropped]
        self.conventions += [c for c in other.conventions if c not in self.conventions]


# --- unit and official lists ---------------------------------------------------------------------


def _depth_cuts(s: str, seps: str) -> list[int]:
    """Positions of separators outside brackets."""
    cuts, depth = [], 0
    for i, c in enumerate(s):
        if c in _OPEN:
            depth += 1
        elif c in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 and c in seps:
            cuts.append(i)
    return cuts


def _pieces(text: Text, a: int, b: int, seps: str) -> list[tuple[int, int]]:
    s = text.folded[a:b]
    out, begin = [], 0
    for c in (*_depth_cuts(s, seps), len(s)):
        out.append((a + begin, a + c))
        begin = c + 1
    return out


def _trim(text: Text, a: int, b: int) -> tuple[int, int]:
    s = text.folded
    while a < b and (s[a] in _STRIP or s[a].isspace()):
        a += 1
    while b > a and (s[b - 1] in _STRIP or s[b - 1].isspace()):
        b -= 1
    return a, b


_CONVENTION_NOTE = re.compile(r"[（(]([^（）()]*)[）)]")
_TRAILING_DENG = re.compile(r"(?:等|等等)$")


def _unitish(name: str, roles: _roles.Roles | None = None) -> bool:
    return (roles or _roles.active()).looks_like_unit(name) or looks_like_unit(name) or bool(COLLECTIVE.search(name))


def split_unit_list(
    text: Text, a: int, b: int, roles: _roles.Roles | None = None, out: Assignment | None = None
) -> tuple[list[Name], list[str]]:
    """Names of a printed unit list ``text.raw[a:b]``: split on 、，,；; outside brackets and on spaces
    between whole names (never inside one: ``伏羲 山管委 会`` is one name); a trailing 等 and
    catch-alls (等有关部门, 各相关单位) are not units (they go to ``out.dropped``); a bracketed
    convention note (``（首位单位为牵头单位，下同）``) goes to ``out.conventions``; ★ before a name marks
    the lead. Returns the names and the marked names."""
    roles = roles or _roles.active()
    names: list[Name] = []
    marked: list[str] = []
    for pa, pb in _pieces(text, a, b, _SEP):
        pa, pb = _trim(text, pa, pb)
        if pa >= pb:
            continue
        spans, ended = _space_pieces(text, pa, pb)
        for sa, sb in spans:
            raw = text.raw[sa:sb]
            folded = text.folded[sa:sb]
            # a bracketed note that states a convention is not part of the name
            for m in _CONVENTION_NOTE.finditer(folded):
                note = m.group(1)
                if roles.first_leads_re.search(note) or "下同" in note or roles.each_leads_re.search(note):
                    if out is not None:
                        _note_conventions(note, roles, out)
                    raw = raw[: m.start()] + " " * (m.end() - m.start()) + raw[m.end() :]
                elif re.fullmatch(r"\s*牵头\s*", note):
                    marked.append(squash(raw[: m.start()]))
                    raw = raw[: m.start()] + " " * (m.end() - m.start()) + raw[m.end() :]
            name = squash(raw).strip(_STRIP)
            mark = name[:1] in roles.lead_marks if name else False
            name = name.lstrip(roles.lead_marks).strip(_STRIP)
            if not name:
                continue
            if roles.is_catch_all(name):
                if out is not None:
                    out.dropped.append(name)
                continue
            etc = _TRAILING_ETC.search(name)
            if etc and len(name) > len(etc.group(1)) and (etc.group(1) == "等" or roles.is_catch_all(etc.group(1))):
                if out is not None and etc.group(1) != "等":
                    out.dropped.append(etc.group(1))
                name = name[: etc.start()].strip(_STRIP)
            if not name:
                continue
            if mark:
                marked.append(name)
                if out is not None and "lead-mark" not in out.conventions:
                    out.conventions.append("lead-mark")
            names.append(Name(name, text.lines(sa, sb)))
        if ended:
            break  # what follows the list is not names (a table or prose run on after it)
    return names, marked


_MAX_NAME_PARTS = 3  # PDF extraction breaks a name into two or three pieces, not more


def _space_pieces(text: Text, a: int, b: int) -> tuple[list[tuple[int, int]], bool]:
    """Split on whitespace only between whole unit names: a fragment that is not a unit name on
    its own (``市``, ``伏羲``, ``会``) belongs to its neighbour (PDF extraction puts spaces inside names).
    Words that do not make a name within three pieces, or carry digits, end the list (True)."""
    s = text.folded
    spans = [(a + m.start(), a + m.end()) for m in _WORD.finditer(s[a:b])]
    if len(spans) <= 1:
        return [(a, b)], False
    out: list[list[int]] = []
    pending: list[tuple[int, int]] = []
    for sa, sb in spans:
        start = pending[0][0] if pending else sa
        word = squash(s[start:sb])
        if out and (_DIGIT.search(s[sa:sb]) or len(pending) >= _MAX_NAME_PARTS):
            return [(x, y) for x, y in out], True
        if _unitish(word) and len(word) >= 3 and not _open_bracket(s[start:sb]):
            out.append([start, sb])
            pending = []
        else:
            pending.append((sa, sb))
    if pending:
        if out and len(pending) == 1 and pending[0][1] - pending[0][0] <= 2:
            out[-1][1] = b
        elif out:
            return [(x, y) for x, y in out], True
        else:
            out.append([pending[0][0], b])
    return [(x, y) for x, y in out], False


def _open_bracket(s: str) -> bool:
    return sum(s.count(c) for c in _OPEN) > sum(s.count(c) for c in _CLOSE)


def split_officials(text: Text, a: int, b: int, roles: _roles.Roles | None = None) -> list[Name]:
    """Officials' names: split on separators and on spaces between whole names, a padding space
    inside a name kept as one name (``王 健``), a title printed after a name left out (``王丹县长``)."""
    roles = roles or _roles.active()
    out: list[Name] = []
    for pa, pb in _pieces(text, a, b, _SEP):
        pa, pb = _trim(text, pa, pb)
        if pa >= pb:
            continue
        words = [(pa + m.start(), pa + m.end()) for m in _WORD.finditer(text.folded[pa:pb])]
        groups: list[tuple[int, int]] = []

        # single characters are halves of a padded name ("王 健", "錢(qián) 宇"); longer words are names
        def size(w: tuple[int, int]) -> int:
            return len(PINYIN_NOTE.sub("", text.folded[w[0] : w[1]]))

        i = 0
        while i < len(words):
            sa, sb = words[i]
            if size(words[i]) == 1 and i + 1 < len(words) and size(words[i + 1]) <= 2:
                sb = words[i + 1][1]
                i += 1
            groups.append((sa, sb))
            i += 1
        for sa, sb in groups:
            name = squash(text.raw[sa:sb]).strip(_STRIP)
            name = roles.title_re.sub("", name) or name
            if name:
                out.append(Name(name, text.lines(sa, sb)))
    return out


# --- conventions ---------------------------------------------------------------------------------


def _note_conventions(s: str, roles: _roles.Roles, out: Assignment) -> None:
    if roles.first_leads_re.search(s) and "first-leads" not in out.conventions:
        out.conventions.append("first-leads")
    if roles.each_leads_re.search(s) and "each-leads" not in out.conventions:
        out.conventions.append("each-leads")


# --- labelled fields -----------------------------------------------------------------------------


def _labels(text: Text, a: int, b: int, roles: _roles.Roles) -> list[tuple[int, int, int, str, str | None]]:
    """(label start, label end, value start, label as printed, role) of every ``label：`` in the span;
    role None for a label that is not a role label (it ends the value before it)."""
    s = text.folded
    found: dict[int, tuple[int, int, int, str, str | None]] = {}
    for m in roles.label_re.finditer(s, a, b):
        label = squash(m.group(1))
        role = roles.label_role(label)
        if role is not None:
            found[m.start(1)] = (m.start(1), m.end(1), m.end(), label, role)
    for m in _ANY_LABEL.finditer(s, a, b):
        if any(x[0] <= m.start(1) < x[1] or m.start(1) <= x[0] < m.end(1) for x in found.values()):
            continue
        found[m.start(1)] = (m.start(1), m.end(1), m.end(), squash(m.group(1)), None)
    return [found[k] for k in sorted(found)]


def _read_fields(text: Text, a: int, b: int, form: str, roles: _roles.Roles) -> Assignment | None:
    labels = _labels(text, a, b, roles)
    if not any(role is not None for *_, role in labels):
        return None
    out = Assignment()
    s = text.folded
    # a deadline printed before the first label ("6月底完成，牵头考核单位：A")
    first = next(x for x in labels if x[4] is not None)
    if form == "parenthetical":
        pa, pb = _trim(text, a, first[0])
        if pa < pb and _looks_like_deadline(s[pa:pb]):
            out.deadline, out.deadline_lines = squash(text.raw[pa:pb]), text.lines(pa, pb)
    for k, (_la, _lb, va, label, role) in enumerate(labels):
        if role is None:
            continue
        vb = labels[k + 1][0] if k + 1 < len(labels) else b
        stop = s.find("。", va, vb)
        if stop >= 0 and role != _roles.VERBS:
            rest = s[stop + 1 : vb].strip()
            vb = stop if rest else vb
        va2, vb2 = _trim(text, va, vb)
        _read_value(text, va2, vb2, label, role, form, roles, out)
    _note_conventions(s[a:b], roles, out)
    return out


def _read_value(
    text: Text, a: int, b: int, label: str, role: str, form: str, roles: _roles.Roles, out: Assignment
) -> None:
    if role == _roles.DEADLINE:
        if a < b and out.deadline is None:
            out.deadline, out.deadline_lines = text.raw[a:b].strip(), text.lines(a, b)
        out.printed.append(Printed(label, role, form))
        return
    if role == _roles.VERBS:
        verbs = _read_verbs(text, a, b, form, roles)
        if verbs is not None:
            for p in verbs.printed:
                p.label = f"{label}: {p.label}"
            out.extend(verbs)
        return
    if role in (_roles.OFFICIAL, "project_owner", _roles.CONTACT):
        names = split_officials(text, a, b, roles)
        out.printed.append(Printed(label, role, form, names))
        return
    if role == _roles.PHONE:
        out.printed.append(Printed(label, role, form, [Name(squash(text.raw[a:b]), text.lines(a, b))] if a < b else []))
        return
    # a unit value may itself say who leads ("责任单位：市人力社保局、市发改委分别牵头")
    s = text.folded[a:b]
    each = roles.each_leads_re.search(s)
    if each and not s[each.end() :].strip(_STRIP):
        if "each-leads" not in out.conventions:
            out.conventions.append("each-leads")
        b = a + each.start()
        role = _roles.LEAD if role in _roles.UNIT_ROLES else role
    names, marked = split_unit_list(text, a, b, roles, out)
    out.printed.append(Printed(label, role, form, names, marked))


_DEADLINE_HINT = re.compile(r"(\d{4}\s*年|\d{1,2}\s*月|年底|年内|上半年|下半年|季度|长期|持续|全年|前完成|底前|底完成)")


def _looks_like_deadline(s: str) -> bool:
    return bool(_DEADLINE_HINT.search(s)) and len(s) <= 40


# --- role verbs ----------------------------------------------------------------------------------


def _read_verbs(text: Text, a: int, b: int, form: str, roles: _roles.Roles) -> Assignment | None:
    """``X牵头，Y、Z按职责分工配合`` / ``X负责`` / ``X会同Y负责`` / ``由X牵头``: the names before each
    role verb take its role. Every name must look like a unit, else this is not an assignment."""
    s = text.folded
    out = Assignment()
    begin = a
    clauses: list[tuple[Printed, int, int]] = []
    for m in roles.verb_re.finditer(s, a, b):
        na, nb = _trim(text, begin, m.start())
        begin = m.end()
        for by in roles.by_prefix:  # 由X牵头
            if s.startswith(by, na):
                na += len(by)
        if na >= nb:
            continue
        verb = m.group("verb")
        role = roles.verb_role(verb)
        if role is None:  # verb_re matches only the vocabulary's verbs
            continue
        label = (m.group("pre") or "") + verb + (m.group("post") or "")
        # a clause may run on from prose: keep only the text after the last sentence end
        cut = max(s.rfind(c, na, nb) for c in "。；;")
        if cut >= 0:
            na, nb = _trim(text, cut + 1, nb)
        w = roles.with_re.search(s, na, nb)
        trial = Assignment()
        if w:
            lead_names, lead_marked = split_unit_list(text, na, w.start(), roles, trial)
            with_names, _ = split_unit_list(text, w.end(), nb, roles, trial)
            ok = lead_names and all(_unitish(n.text) for n in lead_names + with_names)
            if not ok:
                continue
            clauses.append((Printed(label, role, form, lead_names, lead_marked), m.start(), m.end()))
            if with_names:
                clauses.append((Printed(w.group(), _roles.ASSIST, form, with_names), w.start(), w.end()))
        else:
            names, marked = split_unit_list(text, na, nb, roles, trial)
            if not names and not trial.dropped:
                continue
            if not all(_unitish(n.text) and len(n.text) <= 40 for n in names):
                continue
            if names:
                clauses.append((Printed(label, role, form, names, marked), m.start(), m.end()))
        out.dropped += [d for d in trial.dropped if d not in out.dropped]
        out.conventions += [c for c in trial.conventions if c not in out.conventions]
    if not clauses:
        return None
    # 负责 beside 牵头 in one clause assists ("X牵头，Y按职责分工负责")
    strong = any(
        p.role == _roles.LEAD
        and not roles.is_secondary_verb(v := _verb_of(p.label, roles))
        and not roles.is_weak_verb(v)
        for p, _, _ in clauses
    )
    for p, _, _ in clauses:
        if strong and p.role == _roles.LEAD and roles.is_secondary_verb(_verb_of(p.label, roles)):
            p.role = _roles.ASSIST
        out.printed.append(p)
    _note_conventions(s[a:b], roles, out)
    return out


def _verb_of(label: str, roles: _roles.Roles) -> str:
    m = roles.verb_re.search(label)
    return m.group("verb") if m else label


# --- entry points --------------------------------------------------------------------------------


def read(
    text: Text, a: int = 0, b: int | None = None, form: str = "field", roles: _roles.Roles | None = None
) -> Assignment | None:
    """The assignment printed in ``text.raw[a:b]``: labelled fields if it has role labels, else role
    verbs; None when it assigns nothing."""
    roles = roles or _roles.active()
    b = len(text.raw) if b is None else b
    found = _read_fields(text, a, b, form, roles)
    if found is None:
        found = _read_verbs(text, a, b, "verb" if form == "field" else form, roles)
    if found is None or not found:
        return None
    return found


def read_text(s: str, form: str = "field", line: int = 1) -> Assignment | None:
    """:func:`read` of a string printed on one line (examples, tests)."""
    return read(Text([(line, s)]), form=form)


def read_value(
    text: Text, a: int, b: int, label: str, role: str, form: str = "table", roles: _roles.Roles | None = None
) -> Assignment:
    """The names of one value whose label is known (a table cell under its column header)."""
    roles = roles or _roles.active()
    out = Assignment()
    a, b = _trim(text, a, b)
    if a < b:
        _read_value(text, a, b, label, role, form, roles, out)
    return out


# --- roles of one task ---------------------------------------------------------------------------


@dataclass
class Resolved:
    """One task's roles after every clause is read."""

    officials: list[Name]
    lead: list[Name]
    assist: list[Name]
    other: list[Printed]
    printed: list[Printed]
    deadline: str | None
    deadline_lines: tuple[int, ...]
    dropped: list[str]
    reason: str


def _union(names: list[Name]) -> list[Name]:
    seen: dict[str, Name] = {}
    for n in names:
        key = squash(n.text)
        if key not in seen:
            seen[key] = n
    return list(seen.values())


def resolve(a: Assignment) -> Resolved:
    """Lead and assisting units, officials and deadline of one task from all its printed roles.

    责任单位 leads when it is the task's only unit label and assists when a lead label or verb is
    printed beside it; with a printed convention (the first-listed unit leads, ★) every listed unit
    stays responsible and the reason says which one the plan marks as lead.
    """
    has_lead = any(p.role == _roles.LEAD and p.names for p in a.printed)
    lead: list[Name] = []
    assist: list[Name] = []
    officials: list[Name] = []
    other: list[Printed] = []
    for p in a.printed:
        if p.role == _roles.LEAD or (p.role == _roles.RESPONSIBLE and not has_lead):
            lead += p.names
        elif p.role in (_roles.ASSIST, _roles.RESPONSIBLE):
            assist += p.names
        elif p.role == _roles.OFFICIAL:
            officials += p.names
        elif p.role not in (_roles.DEADLINE,) and p.names:
            other.append(p)
    reasons = []
    first = [p for p in a.printed if p.role in (_roles.LEAD, _roles.RESPONSIBLE) and p.names]
    marked = [m for p in a.printed for m in p.marked]
    if marked:
        reasons.append(f"marked as lead: {'、'.join(marked)}")
    elif "first-leads" in a.conventions and first:
        reasons.append(f"the plan states that the first-listed unit leads: {first[0].names[0].text}")
    if "each-leads" in a.conventions:
        reasons.append("each listed unit leads its own share (分别牵头)")
    labels = "、".join(dict.fromkeys(p.label for p in a.printed if p.names and p.role in _roles.UNIT_ROLES))
    forms = "、".join(dict.fromkeys(p.form for p in a.printed if p.names))
    if labels:
        reasons.append(f"read from {forms} ({labels})")
    return Resolved(
        _union(officials),
        _union(lead),
        _union(assist),
        other,
        list(a.printed),
        a.deadline,
        a.deadline_lines,
        list(a.dropped),
        "; ".join(reasons),
    )


def contacts(a: Assignment) -> list[Contact]:
    """The contact people and phones printed with a task, each for the unit printed just before it
    (``责任部门：A / 联系人：B / 联系电话：C``, repeated per unit).

    >>> a = read_text("责任部门：区科委；联 系 人：郭华杰；联系电话：89526651")
    >>> [(c.person, c.phone, c.unit) for c in contacts(a)]
    [('郭华杰', '89526651', '区科委')]
    """
    out: list[Contact] = []
    unit: str | None = None
    person = phone = None
    lines: list[int] = []

    def close() -> None:
        nonlocal person, phone, lines
        if person or phone:
            out.append(Contact(person, phone, tuple(sorted(set(lines))), unit))
        person = phone = None
        lines = []

    for p in a.printed:
        if p.role in _roles.UNIT_ROLES and p.names:
            close()
            unit = p.names[0].text if len(p.names) == 1 else None
        elif p.role == _roles.CONTACT and p.names:
            if person:
                close()
            person = "、".join(n.text for n in p.names)
            lines += [ln for n in p.names for ln in n.lines]
        elif p.role == _roles.PHONE and p.names:
            if phone:
                close()
            phone = p.names[0].text
            lines += list(p.names[0].lines)
    close()
    return out
