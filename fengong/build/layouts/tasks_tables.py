"""Tables in the documents the ``tasks`` layout reads (:mod:`fengong.build.layouts.tasks`): a
task per row, its assignments from the columns whose header names a role."""

from __future__ import annotations

import re

from fengong.build import roles as _roles
from fengong.build.assignments import Assignment, Text, contacts, read_value, resolve
from fengong.build.deadlines import parse_deadline
from fengong.build.layouts.base import Context, Parsed
from fengong.build.layouts.tasks import NAME, _cut_by_file_end, _marker
from fengong.build.records import SPLIT_CERTAIN, TaskRecord
from fengong.build.source import reading_form, squash

# --- tables --------------------------------------------------------------------------------------


def _column_roles(header: list[str], roles: _roles.Roles) -> list[str | None]:
    out: list[str | None] = []
    for h in header:
        t = squash(reading_form(h)).strip("*")
        t = re.sub(r"[（(].*?[）)]", "", t)
        if t in ("序号", "编号", "序", "号"):
            out.append("number")
        else:
            out.append(roles.label_role(t))
    return out


def _read_table(ctx: Context, table, roles: _roles.Roles, out: Parsed) -> None:
    cols = _column_roles(table.header, roles)
    first_leads = any(roles.first_leads_re.search(h) for h in table.header)
    raw = dict(ctx.lines)
    section_lines = sorted(table.sections)
    for row in table.rows:
        a = Assignment()
        if first_leads:
            a.conventions.append("first-leads")
        number = None
        body: list[str] = []
        lines: list[int] = []
        for i, cell in enumerate(row):
            lines += list(cell.lines)
            role = cols[i] if i < len(cols) else None
            if role == "number":
                number = squash(cell.text) or None
                continue
            if role is None:
                if cell.text:
                    body.append(cell.text)
                continue
            if not cell.text:
                continue
            parts = [(ln, _cell_line(raw.get(ln, ""), cell.text)) for ln in cell.lines] or [(0, cell.text)]
            if role == _roles.OFFICIAL and len(parts) > 1:
                parts = [(ln, t + "、") for ln, t in parts]
            text = Text(parts if cell.lines else [(0, cell.text)])
            got = read_value(text, 0, len(text.raw), squash(table.header[i]), role, "table", roles)
            found = [roles.looks_like_unit(reading_form(n.text)) for p in got.printed for n in p.names]
            if role in _roles.UNIT_ROLES and found and sum(found) * 2 <= len(found):
                body.append(cell.text)  # not names: text the rendering put in a unit column (a cut row)
                continue
            for p in got.printed:
                if cell.inherited:
                    p.form = "table (merged cell)"
            a.extend(got)
        if not lines:
            continue
        # the task is the cell that carries its own number ("12.强化…"), else the longest text cell
        numbered = [(c, mk) for c in body if (mk := _marker(c)) is not None and mk[0] == "num"]
        if numbered:
            cell_text, mk = numbered[0]
            number = mk[1]
            task_text = cell_text[mk[2] :].strip()
        else:
            task_text = max(body, key=len) if body else ""
        if not a.has_units() and not any(p.role == _roles.OFFICIAL and p.names for p in a.printed):
            continue
        r = resolve(a)
        deadline = None
        if r.deadline:
            d = parse_deadline(r.deadline, ctx.year)
            deadline = type(d)(r.deadline, d.date, d.kind, r.deadline_lines or (min(lines),))
        section = [s for ln, s in section_lines if ln < min(lines)][-1:]
        rec = TaskRecord(
            doc=ctx.src.name,
            document=ctx.document.id,
            number=number,
            line=min(lines),
            line_end=max(lines),
            text=task_text,
            section=section,
            key_task=body[0] if len(body) > 1 else None,
            lead_officials=r.officials,
            responsible_units=r.lead,
            assist_units=r.assist,
            deadline=deadline,
            split=SPLIT_CERTAIN,
            split_reason=r.reason,
            layout=NAME,
        )
        rec.assignments = [p.export() for p in r.printed]
        rec.unnamed = list(r.dropped)
        rec.contacts = contacts(a)
        _cut_by_file_end(ctx, rec, out)
        out.tasks.append(rec)
    for n in table.claimed:
        if n not in out.notes:
            out.note(n, "record", "table")


def _cell_line(line: str, cell_text: str) -> str:
    """The part of a printed line that belongs to a cell (a pipe-separated line holds several)."""
    t = line.strip().strip("|").strip()
    if "|" not in t and "\t" not in t and squash(t) != squash(cell_text) and squash(cell_text) in squash(t):
        return cell_text  # a row flattened with spaces: the cell is part of the line
    if "|" in t or "\t" in t:
        for part in re.split(r"\s*[|\t]\s*", t):
            if part and squash(part) and squash(part) in squash(cell_text):
                return part
    return t
