"""Field blocks: a numbered task followed by labelled lines.

::

    12.加快推进……。
    牵头领导：郑皓
    责任单位：区发展改革委、区财政局
    完成时限：2023年12月底

Labels vary (责任单位/责任部门/牵头单位/主责单位; 配合单位/协办单位; 牵头领导/责任领导;
完成时限/时间节点; 联系人/联系电话), colons may be half-width, and values may wrap
onto following lines. When the document says the first-listed unit leads, or a unit
is marked （牵头）, the other listed units become assisting units.

>>> from fengong.build.layouts.base import Context
>>> from fengong.build.records import Document
>>> from fengong.build.source import source_from_text
>>> src = source_from_text("p.txt", "一、目标\\n1.实现增长。\\n牵头领导：郑 皓\\n责任单位：区发展改革委、\\n区财政局\\n完成时限：2023年12月底")
>>> ctx = Context(src, Document(id="d", doc="p.txt", line=1, line_end=6, year=2023), list(enumerate(src.lines, 1)))
>>> t = parse(ctx).tasks[0]
>>> t.number, t.section, [n.text for n in t.lead_officials], [n.text for n in t.responsible_units], t.deadline.date
('1', ['一、目标'], ['郑皓'], ['区发展改革委', '区财政局'], '2023-12-31')
"""

from __future__ import annotations

import re

from fengong.build.deadlines import parse_deadline
from fengong.build.layouts.base import Context, Parsed
from fengong.build.names import looks_like_unit, official_name, split_names, split_units
from fengong.build.records import CUT_SHORT, Contact, Name, TaskRecord
from fengong.build.source import fold, squash

NAME = "fields"

_LABELS = {
    "lead": r"牵头领导|责任领导|分管领导|牵头区领导|牵头市领导|责任区领导",
    "resp": r"责任单位|责任部门|牵头单位|牵头部门|主责单位|主责部门|责任主体",
    "assist": r"配合单位|配合部门|协办单位|协同单位|参与单位|协助单位",
    "deadline": r"完成时限|完成时间|时间节点|时限要求|办结时限",
    "person": r"联\s*系\s*人",
    "phone": r"联系电话|联系方式|电\s*话",
}
_LABEL = re.compile(r"^\s*(" + "|".join(f"(?P<{k}>{v})" for k, v in _LABELS.items()) + r")\s*[:：]\s*")
# "3.2022 年…" is task 3 about 2022; "1.5万" is not a task number
_TASK = re.compile(r"^\s*(\d{1,3})\s*[.．、]\s*(?:(?=\d{4}\s*年)|(?!\d))")
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十百]+、|（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\))")
_FIRST_LEADS = re.compile(
    r"(排在?第一位|排在?首位|列第一位|列首位|第一个单位|第一家|排名第一|首位)[\u4e00-\u9fff]{0,6}(为|是)牵头|"
    r"牵头(单位|部门)?(排|列)在?(第一位|首位)"
)
_LEAD_MARK = re.compile(r"[（(]\s*牵头\s*[）)]$")


def detect(ctx: Context) -> float:
    """How much ``ctx`` looks like task lines followed by labelled fields (0 to 1)."""
    labels = tasks = 0
    for _, t in ctx.lines:
        f = fold(t)
        if ":" in f:  # a label line has its colon; most lines have none
            m = _LABEL.match(f)
            if m and not (m.group("person") or m.group("phone")):
                labels += 1
                continue
        if _TASK.match(f):
            tasks += 1
    if labels < 2:
        return 0.0
    return min(1.0, 0.5 + 0.5 * min(labels, tasks * 2) / max(1, labels))


def parse(ctx: Context) -> Parsed:
    """Read the tasks of ``ctx``: each numbered task with its labelled fields."""
    out = Parsed()
    lines = ctx.lines
    first_leads = any(_FIRST_LEADS.search(squash(t)) for _, t in lines)
    sections: list[str] = []
    i = 0
    n = len(lines)
    pending_prose: list[int] = []
    last_printed = max((k for k, (_, t) in enumerate(lines) if t.strip()), default=-1)

    def flush_prose() -> None:
        for ln in pending_prose:
            out.note(ln, "boilerplate", "prose", "text without an assignment")
        pending_prose.clear()

    def take(text_lines: list[int], j: int, number: str | None, strip: re.Pattern | None) -> int:
        fields, j = _read_fields(lines, j)
        rec = _record(ctx, number, strip, lines, text_lines, fields, sections, first_leads)
        out.tasks.append(rec)
        out.claim(range(rec.line, rec.line_end + 1))
        return j

    while i < n:
        ln, raw = lines[i]
        t = fold(raw).strip()
        if not t:
            i += 1
            continue
        if _HEADING.match(t) and not _LABEL.match(t):
            flush_prose()
            text_lines, j = _text_until_label(lines, i)
            if j is not None:
                # a heading whose own text is the task: "（三）加强监管。" then "责任单位：…"
                heading = re.match(r"^\s*[（(]?([一二三四五六七八九十百]+)", t)
                number = heading.group(1) if heading else None
                i = take(text_lines, j, number, _HEADING)
                continue
            level = 0 if re.match(r"^[一二三四五六七八九十百]+、", t) else 1
            sections = sections[:level] + [raw.strip()]
            out.note(ln, "boilerplate", "section-heading")
            i += 1
            continue
        m = _TASK.match(t)
        if not m:
            lm = _LABEL.match(t)
            if lm and (lm.group("person") or lm.group("phone")):
                out.note(ln, "boilerplate", "contact", "contact details outside a task")
            elif lm and pending_prose:
                # an unnumbered paragraph closed by its fields
                text_idx = [k for k in range(i) if lines[k][0] in pending_prose]
                pending_prose.clear()
                i = take(text_idx, i, None, None)
                continue
            elif lm:
                out.note(ln, "unparsed", "", "field line without a task before it")
            else:
                pending_prose.append(ln)
            i += 1
            continue
        # a numbered task: text up to the first label line
        flush_prose()
        text_lines, j = _text_until_label(lines, i)
        if j is None:
            if out.tasks and text_lines[-1] == last_printed and ctx.ends_file():
                # the plan's last task has its text but none of the fields every task before it had:
                # the file was cut off (a numbered note would not end a plan after its tasks)
                first, last = lines[text_lines[0]][0], lines[text_lines[-1]][0]
                span = f"line {first}" if first == last else f"lines {first}–{last}"
                out.warnings.append(
                    f"line {first}: the file ends inside task {m.group(1)} ({span}): "
                    f"its text but no 牵头领导/责任单位/完成时限 lines, which every task before it "
                    f"has; its lines are left unparsed — check that the file is complete"
                )
                for k in text_lines:
                    out.note(lines[k][0], "unparsed", "", CUT_SHORT)
                i = text_lines[-1] + 1
                continue
            # no fields follow: a numbered paragraph of prose (notes, definitions)
            for k in text_lines:
                out.note(lines[k][0], "boilerplate", "prose", "numbered text without an assignment")
            i = text_lines[-1] + 1
            continue
        i = take(text_lines, j, m.group(1), _TASK)
    flush_prose()
    return out


def _text_until_label(lines: list[tuple[int, str]], i: int) -> tuple[list[int], int | None]:
    """The lines of the item starting at ``i`` and the index of the label line that follows, if any."""
    j = i + 1
    text_lines = [i]
    while j < len(lines):
        tj = fold(lines[j][1]).strip()
        if tj and (_LABEL.match(tj) or _TASK.match(tj) or _HEADING.match(tj)):
            break
        if tj:
            text_lines.append(j)
        j += 1
    if j < len(lines) and _LABEL.match(fold(lines[j][1]).strip()):
        return text_lines, j
    return text_lines, None


def _read_fields(lines: list[tuple[int, str]], j: int) -> tuple[list[tuple[str, list[tuple[int, str]]]], int]:
    """Read consecutive label lines (with wrapped continuations) starting at index ``j``."""
    n = len(lines)
    fields: list[tuple[str, list[tuple[int, str]]]] = []
    while j < n:
        ln, raw = lines[j]
        t = fold(raw).strip()
        if not t:
            j += 1
            continue
        m = _LABEL.match(t)
        if not m:
            if fields and _is_continuation(lines, j, fields[-1][0], fields[-1][1]):
                fields[-1][1].append((ln, raw))
                j += 1
                continue
            break
        kind = next(k for k in _LABELS if m.group(k))
        # fold() maps character to character, so positions in the folded line hold in the raw one
        label = _LABEL.match(fold(raw))
        value = raw[label.end() :] if label else raw
        fields.append((kind, [(ln, value)]))
        j += 1
    return fields, j


def _is_continuation(lines: list[tuple[int, str]], j: int, kind: str, value: list[tuple[int, str]]) -> bool:
    """A line after a field value that the value wraps onto (e.g. "相" + "关行业主管部门")."""
    if kind not in ("lead", "resp", "assist"):
        return False
    t = squash(fold(lines[j][1]))
    if _TASK.match(t) or _HEADING.match(t) or re.search(r"[。；;:：]", t):
        return False
    prev = squash(fold(value[-1][1]))
    if prev.endswith(("。", "；", ";")):
        return False
    # a line whose whole pieces are all unit names continues the list ("通州" + "公安分局、通州交通支队")
    pieces = [p for p in re.split(r"[、，,]", t) if p][1:]
    if pieces and all(looks_like_unit(p) for p in pieces):
        return True
    if len(t) > 24:
        return False
    # a short fragment: only if the next non-blank line starts something new (or the body ends)
    k = j + 1
    while k < len(lines) and not lines[k][1].strip():
        k += 1
    if k >= len(lines):
        return True
    nxt = fold(lines[k][1]).strip()
    return bool(_LABEL.match(nxt) or _TASK.match(nxt) or _HEADING.match(nxt))


def _record(
    ctx: Context, number: str | None, strip: re.Pattern | None, lines, text_lines, fields, sections, first_leads
) -> TaskRecord:
    first_ln, first_raw = lines[text_lines[0]]
    # drop the printed number ("48. ", "（三）") but keep everything else as printed
    printed = strip.match(fold(first_raw)) if strip is not None else None
    cut = printed.end() if printed else 0
    text = first_raw[cut:].strip() + "".join(lines[k][1].strip() for k in text_lines[1:])
    leads: list[Name] = []
    resp: list[Name] = []
    assist: list[Name] = []
    contacts: list[Contact] = []
    deadline = None
    person = phone = None
    contact_lines: list[int] = []
    contact_unit: str | None = None

    def close_contact() -> None:
        nonlocal person, phone, contact_lines
        if person or phone:
            contacts.append(Contact(person, phone, tuple(contact_lines), contact_unit))
        person = phone = None
        contact_lines = []

    end = text_lines[-1]
    last_line = lines[end][0]
    for kind, parts in fields:
        last_line = max(last_line, parts[-1][0])
        if kind == "lead":
            leads += [Name(official_name(x.text), x.lines) for x in split_names(parts)]
        elif kind == "resp":
            close_contact()
            units = split_units(parts)
            resp += units
            contact_unit = units[0].text if len(units) == 1 else None
        elif kind == "assist":
            assist += split_units(parts)
        elif kind == "deadline":
            txt = "".join(p[1].strip() for p in parts)
            deadline = parse_deadline(txt, ctx.year, tuple(p[0] for p in parts))
        elif kind == "person":
            person = squash("".join(p[1] for p in parts)) or None
            contact_lines += [p[0] for p in parts]
        elif kind == "phone":
            phone = squash("".join(p[1] for p in parts)) or None
            contact_lines += [p[0] for p in parts]
    close_contact()
    split_reason = "labelled fields"
    marked = [u for u in resp if _LEAD_MARK.search(u.text)]
    if marked and not assist:
        assist = [u for u in resp if u not in marked]
        resp = marked
        split_reason = "units marked （牵头） lead; the others assist"
    elif first_leads and len(resp) > 1 and not assist:
        resp, assist = resp[:1], resp[1:]
        split_reason = "the document says the first-listed unit leads"
    return TaskRecord(
        doc=ctx.src.name,
        document=ctx.document.id,
        number=number,
        line=first_ln,
        line_end=last_line,
        text=text,
        section=list(sections),
        lead_officials=leads,
        responsible_units=resp,
        assist_units=assist,
        contacts=contacts,
        deadline=deadline,
        split="certain",
        split_reason=split_reason,
        layout=NAME,
    )
