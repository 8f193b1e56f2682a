"""Action-plan tables flattened from PDF (序号 | 重点任务 | 工作措施 | 完成时限 | 牵头领导 | 主责单位 | 协办单位).

PDF text extraction prints each cell's lines one after another: the row number,
the 重点任务 wrapped at a few characters, the 工作措施, the deadline, the officials
("郑 皓" with a space), then the units one per line, wrapped names broken across
lines. Page headers and page numbers are interleaved (page numbers look like row
numbers, but row-number lines end in a space), cells of rows on a page may be
printed after its page number, merged cells are printed once, a row continued
after a page break reprints its 重点任务, and "——" stands for an empty cell.

The text does not show where the 主责 cell ends and the 协办 cell begins. The split
is decided from evidence (see :func:`decide_split`) and recorded per row as
``certain``, ``inferred`` or ``ambiguous`` with its reason.

The parser reads the attachments of one plan together (``parse_group``): the
officials and their portfolios learned in one table inform the others.

>>> from fengong.build.layouts.base import Context
>>> from fengong.build.records import Document
>>> from fengong.build.source import source_from_text
>>> text = "序\\n号 \\n重点 \\n任务 \\n工作措施 \\n主责单位 协办单位 \\n1 \\n目标 \\n完成任务。 \\n年底前 秦 涛 区农业农村局 各乡镇政府 "
>>> src = source_from_text("t.txt", text)
>>> ctx = Context(src, Document(id="d", doc="t.txt", line=1, line_end=10, year=2022), list(enumerate(src.lines, 1)))
>>> r = parse(ctx).tasks[0]
>>> r.number, r.key_task, [n.text for n in r.lead_officials], [n.text for n in r.responsible_units], [n.text for n in r.assist_units], r.split
('1', '目标', ['秦涛'], ['区农业农村局'], ['各乡镇政府'], 'certain')
"""

from __future__ import annotations

import re
from collections import Counter

from fengong.build.deadlines import parse_deadline
from fengong.build.layouts.base import Context, Parsed
from fengong.build.layouts.table_rows import (
    _DEADLINE_CONT,
    _DEADLINE_IN_LINE,
    _PERSON,
    _SECTION,
    _TAIL_FRAGMENT,
    _UNIT_END,
    Row,
    Unit,
    _add_unit,
    _join_unit,
    _read_rows,
    _Table,
    _unit_start,
    _unitish_line,
)
from fengong.build.layouts.table_split import _certain, _wrap_cue, decide_split, learn_portfolios
from fengong.build.records import CUT_SHORT, Name, TaskRecord
from fengong.build.source import squash

NAME = "table"

_HEADER_TOKENS = {
    "序",
    "号",
    "序号",
    "重点",
    "任务",
    "重点任务",
    "工作措施",
    "工作",
    "措施",
    "完成",
    "时限",
    "完成时限",
    "牵头",
    "领导",
    "牵头领导",
    "主责单位",
    "协办单位",
    "主责",
    "协办",
    "单位",
    "责任单位",
    "配合单位",
    "牵头单位",
    "牵头部门",
    "配合部门",
    "责任部门",
    "协同单位",
    "参与单位",
    "完成时间",
    "时间节点",
    "具体措施",
    "主要任务",
    "工作任务",
    "责任领导",
    "分管领导",
    "编号",
}
_UNIT_COLUMNS = {
    "主责单位",
    "协办单位",
    "责任单位",
    "配合单位",
    "牵头单位",
    "牵头部门",
    "配合部门",
    "责任部门",
    "协同单位",
    "参与单位",
}
_HEADER_UNITS = _UNIT_COLUMNS | {"工作措施"}


def detect(ctx: Context) -> float:
    """How much ``ctx`` looks like a flattened action-plan table (0 to 1)."""
    # a header row printed as its own lines ("主责单位 协办单位", "工作措施"), not delimited cells
    header = deadlines = 0
    for _, t in ctx.lines:
        if len(t.strip()) < 60 and _DEADLINE_IN_LINE.search(t):
            deadlines += 1
        if "\t" not in t and "|" not in t:
            words = t.split()
            if words and all(w in _HEADER_TOKENS for w in words) and not _HEADER_UNITS.isdisjoint(words):
                header += 1
    if header == 0 or deadlines < 2:
        return 0.0
    return min(1.0, 0.4 + 0.1 * header + 0.05 * deadlines)


def parse(ctx: Context) -> Parsed:
    """Read the rows of the flattened action-plan tables of ``ctx``."""
    return parse_group([ctx])[0]


# ---------------------------------------------------------------- reading the lines


def _classify(tab: _Table) -> None:
    lines = tab.lines
    kinds = []
    for _, raw in lines:
        s = raw.strip()
        if not raw:
            kinds.append("blank")
        elif not s:
            kinds.append("ws")
        elif _SECTION.match(s):
            kinds.append("section")
        elif re.fullmatch(r"\d{1,3}", s):
            kinds.append("num" if raw != raw.rstrip() else "numq")
        elif all(p in _HEADER_TOKENS for p in s.split()):
            kinds.append("header")
        else:
            kinds.append("other")
    # header tokens outside a header run ("任务" inside a key task) are text
    i = 0
    while i < len(kinds):
        if kinds[i] != "header":
            i += 1
            continue
        j, run = i, []
        while j < len(kinds) and kinds[j] in ("header", "blank", "ws"):
            if kinds[j] == "header":
                run.append(j)
            j += 1
        words = {w for x in run for w in lines[x][1].split()}
        if not (words & ({"序", "序号", "工作措施"} | _UNIT_COLUMNS)):
            for x in run:
                kinds[x] = "other"
        i = j
    # bare numbers: where row numbers carry a trailing space, bare ones are page numbers;
    # otherwise a bare number is a row number when it is the next expected one and text follows
    trailing = sum(1 for k in kinds if k == "num") >= 2
    expected = 1
    for i, k in enumerate(kinds):
        if k == "num":
            expected = int(lines[i][1].strip()) + 1
        elif k == "numq":
            val = int(lines[i][1].strip())
            nxt = next((j for j in range(i + 1, len(kinds)) if kinds[j] not in ("blank", "ws")), None)
            text_follows = nxt is not None and kinds[nxt] == "other" and not _unit_start(squash(lines[nxt][1]))
            if not trailing and val == expected and text_follows:
                kinds[i] = "num"
                expected = val + 1
            else:
                kinds[i] = "page"
    # "20 施工" / "53 政府采购中…": the next row number sharing its line with the next cell
    # ("120 个村庄…" inside a measure is not a row number)
    expected = 1
    for i, k in enumerate(kinds):
        if k == "num":
            expected = int(lines[i][1].strip()) + 1
        elif k == "other":
            m = re.match(r"^\s*(\d{1,3})\s+\S", lines[i][1])
            if m and int(m.group(1)) == expected and not _DEADLINE_IN_LINE.match(lines[i][1]):
                kinds[i] = "numtext"
                expected += 1
    tab.kinds = kinds


def _learn_officials(tables: list[_Table]) -> set[str]:
    """Officials: the names printed right after a deadline (same line or the lines below it)."""
    found: Counter[str] = Counter()
    for tab in tables:
        n = len(tab.lines)
        for i in range(n):
            if tab.kinds[i] not in ("other", "numtext"):
                continue
            raw = tab.lines[i][1]
            m = _DEADLINE_IN_LINE.search(raw)
            if not m:
                continue
            toks = raw[m.end() :].split()
            k = 0
            while k < len(toks):
                if k + 1 < len(toks) and len(toks[k]) == 1 and len(toks[k + 1]) == 1:
                    found[toks[k] + toks[k + 1]] += 1
                    k += 2
                elif _PERSON.fullmatch(toks[k]) and not _UNIT_END.search(toks[k]) and not _unit_start(toks[k]):
                    found[toks[k]] += 1
                    k += 1
                else:
                    break
            if k < len(toks) or toks:
                continue
            # the deadline stands alone: names follow on their own lines
            j = i + 1
            while j < n:
                if tab.kinds[j] in ("blank", "ws"):
                    j += 1
                    continue
                s = squash(tab.lines[j][1])
                if s in _DEADLINE_CONT:
                    j += 1
                    continue
                first = tab.lines[j][1].split()
                cand = (
                    first[0] + first[1]
                    if len(first) >= 2 and len(first[0]) == 1 and len(first[1]) == 1
                    else (first[0] if first else "")
                )
                if _PERSON.fullmatch(cand) and not _UNIT_END.search(cand) and not _unit_start(cand):
                    found[cand] += 1
                    j += 1
                    continue
                break
    return set(found)


# ---------------------------------------------------------------- cells printed away from their rows


def _place_displaced(tab: _Table, portfolios: dict[str, set[str]], full_names: set[str]) -> None:
    """Give cells printed after a page number to the rows of that page that lack them."""
    for page, items in tab.displaced:
        units: list[Unit] = []
        texts: list[tuple[int, int, str]] = []
        last = None
        for i, ln, s in items:
            text = squash(s)
            if (
                _unitish_line(text, Row(None, 0))
                or (units and _join_unit(units[-1], text))
                or _TAIL_FRAGMENT.match(text)
            ):
                _add_unit(units, text, ln, i, last)
                units[-1].displaced = True
                last = i
            else:
                texts.append((i, ln, s))
        rows = [r for r in tab.rows if r.page == page and r.number is not None or (r.page == page and r.units)]
        rows = [r for r in tab.rows if r.page == page]
        # a lone tail ("通州分局") completes a unit printed on the page ("市规划自然资源委")
        while units and _TAIL_FRAGMENT.match(units[0].text):
            frag = units.pop(0)
            target = None
            for r in reversed(rows):
                for u in reversed(r.units):
                    if u.text + frag.text in full_names or u.text.endswith("自然资源委"):
                        target = u
                        break
                if target:
                    break
            if target is None:
                tab.notes[frag.lines[0]] = ("unparsed", "", "a displaced name fragment with no unit to complete")
                continue
            target.text += frag.text
            target.lines += frag.lines
            target.idx += frag.idx
            target.wrapped = True
        for group in _cell_groups(units):
            _assign_group(rows, group, portfolios)
        for i, ln, _ in texts:
            row_for = next((r for r in rows if not r.measure_lines and r.number is not None), None)
            if row_for is None:
                tab.notes[ln] = ("unparsed", "", "text printed after a page number with no row to belong to")
            else:
                row_for.measure_lines.append(i)


def _cell_groups(units: list[Unit]) -> list[list[Unit]]:
    """Split a displaced run of units into cells: a name never repeats within one cell, and a
    change from wrapped (narrow column) to long unwrapped names marks the next column."""
    groups: list[list[Unit]] = []
    cur: list[Unit] = []
    for p, u in enumerate(units):
        ahead = []
        for v in units[p:]:
            if v.wrapped:
                break
            ahead.append(v)
        to_wider = any(c.wrapped for c in cur) and not u.wrapped and any(len(v.text) >= 8 for v in ahead)
        if cur and (u.text in {c.text for c in cur} or to_wider):
            groups.append(cur)
            cur = []
        cur.append(u)
    if cur:
        groups.append(cur)
    return groups


def _covered(officials: list[Name], units: list[Unit], portfolios: dict[str, set[str]]) -> set[str]:
    texts = {u.text for u in units}
    return {o.text for o in officials if portfolios.get(o.text, set()) & texts}


def _assign_group(rows: list[Row], group: list[Unit], portfolios: dict[str, set[str]]) -> None:
    """Give one displaced cell to the row of its page that lacks it most.

    A row lacks a cell when it has officials but no units, when an official's portfolio unit is
    missing and the cell holds it, or when it prints one unit and no "——". Rows whose split the
    text already fixes are complete. Without evidence the cell goes to the first incomplete row
    that has not had one yet.
    """
    best, best_score = None, 0.0
    for r in rows:
        if not r.officials and not r.units:
            continue
        score = 0.0
        if not r.units:
            score += 3
        gain = _covered(r.officials, r.units + group, portfolios) - _covered(r.officials, r.units, portfolios)
        score += 2 * len(gain)
        if len(r.units) == 1 and not r.none_marker:
            score += 1
        if _certain(r) or (r.none_marker and r.units):
            score -= 5
        if r.displaced_reason:
            score -= 0.5
        if score > best_score:
            best, best_score = r, score
    how = ""
    if best is None:
        free = [r for r in rows if r.officials and not _certain(r) and not r.displaced_reason]
        best = free[0] if free else (rows[-1] if rows else None)
        how = " (placed by elimination)"
    if best is None:
        return
    gain = _covered(best.officials, best.units + group, portfolios) - _covered(best.officials, best.units, portfolios)
    if not best.units or gain or any(u.wrapped and u.first_len <= 7 for u in group):
        if best.units and not best.none_marker:
            best.fixed_boundary = len(group)
        if best.none_after is not None:
            best.none_after += len(group)
        best.units[:0] = group
        best.displaced_reason = "主责 cell printed after the page number" + how
    else:
        best.assist_tail = len(group)
        best.units += group
        best.displaced_reason = "协办 cell printed after the page number" + how


# ---------------------------------------------------------------- records


def _text(tab: _Table, idxs: list[int], row: Row | None = None, skip_deadline_line: bool = True) -> str:
    parts = []
    for i in sorted(idxs):
        raw = tab.lines[i][1]
        if row is not None and i in row.deadline_lines and row.measure_tail:
            parts.append(row.measure_tail)
            continue
        if row is not None and i in row.official_idx and row.measure_tail and i not in row.deadline_lines:
            parts.append(row.measure_tail)
            continue
        if tab.kinds[i] == "numtext":
            raw = re.sub(r"^\s*\d{1,3}\s*", "", raw)
        parts.append(raw.strip())
    return "".join(parts)


def parse_group(ctxs: list[Context]) -> list[Parsed]:
    """Parse the tables of one plan together (officials and portfolios are shared)."""
    tables = []
    for ctx in ctxs:
        tab = _Table(ctx, list(ctx.lines))
        _classify(tab)
        tables.append(tab)
    known = _learn_officials(tables)
    for tab in tables:
        _read_rows(tab, known, tab.ctx.document.attachment)
    all_rows = [r for t in tables for r in t.rows]
    full_names = {u.text for r in all_rows for u in r.units}
    portfolios = learn_portfolios(all_rows)
    for tab in tables:
        _place_displaced(tab, portfolios, full_names)
    _inherit_merged(tables)
    portfolios = learn_portfolios(all_rows)
    return [_emit(tab, portfolios) for tab in tables]


def _inherit_merged(tables: list[_Table]) -> None:
    """Merged cells are printed once: a row without them shares its neighbour's.

    Text after a row's units that has no cells of its own is not a continuation row but a
    工作措施 printed away from its row: it goes to a row of the page that has none.
    """
    for tab in tables:
        _cut_short(tab)
        for r in list(tab.rows):
            if r.cut_short:
                continue
            if r.number is None and not (r.officials or r.units or r.deadline_text):
                target = next(
                    (x for x in tab.rows if x.page == r.page and x.number is not None and not x.measure_lines), None
                )
                tab.rows.remove(r)
                if target is None:
                    for i in r.claimed:
                        tab.notes[tab.lines[i][0]] = ("unparsed", "", "text after a row's units that starts no row")
                else:
                    target.measure_lines += r.key_lines + r.measure_lines
                    target.claimed += r.claimed
        prev: Row | None = None
        for r in tab.rows:
            if r.cut_short:
                continue  # the last row: nothing after it to share with
            if not r.key_lines and prev is not None:
                r.inherited.append("重点任务")
            if prev is not None and not r.deadline_text:
                r.deadline_text = prev.deadline_text
                r.deadline_lines = list(prev.deadline_lines)
                r.inherited.append("完成时限")
            if prev is not None and not r.officials and not r.units and (r.measure_lines or r.key_lines):
                r.officials = list(prev.officials)
                r.units = list(prev.units)
                r.none_marker, r.none_after = prev.none_marker, prev.none_after
                r.fixed_boundary = prev.fixed_boundary
                r.inherited.append("牵头领导/主责单位/协办单位")
            prev = r


def _cut_short(tab: _Table) -> None:
    """A file that stops after a row's 重点任务/工作措施, before its 完成时限, 牵头领导 and units, was
    cut off (a truncated copy or download): the row is kept without those cells and a warning
    says so. Between rows the same gap means merged cells shared with the row above, but at the
    end of the file taking the row above's officials and units would invent an assignment."""
    if not tab.rows or not tab.ctx.ends_file():
        return
    r = tab.rows[-1]
    if r.officials or r.units or r.deadline_text or r.none_marker or not (r.key_lines or r.measure_lines):
        return
    r.cut_short = True
    idx = sorted({r.start, *r.claimed, *r.key_lines, *r.measure_lines})
    first, last = tab.lines[idx[0]][0], tab.lines[idx[-1]][0]
    what = f"row {r.number}" if r.number is not None else f"a continuation of row {r.continues}"
    if r.number is None:
        for i in idx:
            tab.notes[tab.lines[i][0]] = ("unparsed", "", CUT_SHORT)
    tab.warnings.append(
        f"line {first}: the file ends inside a table row: {what} (lines {first}–{last}) prints "
        f"its 重点任务/工作措施 but no 完成时限, 牵头领导 or units"
        + (
            "; its lines are left unparsed"
            if r.number is None
            else "; recorded without them (not taken from the row above)"
        )
        + " — check that the file is complete"
    )


def _emit(tab: _Table, portfolios: dict[str, set[str]]) -> Parsed:
    out = Parsed()
    out.warnings += tab.warnings
    ctx = tab.ctx
    wrap = _wrap_cue(tab.rows)
    spaced = sum(1 for _, t in tab.lines if not t) > 0.3 * len(tab.lines)
    key_task_of: dict[str, str] = {}
    last_key = None
    for r in tab.rows:
        key = (
            "".join(
                squash(tab.lines[i][1])
                if tab.kinds[i] != "numtext"
                else squash(re.sub(r"^\s*\d{1,3}\s*", "", tab.lines[i][1]))
                for i in r.key_lines
            )
            or None
        )
        if key is None:
            key = key_task_of.get(r.continues or "", None) if r.continues else last_key
        if r.number:
            key_task_of[r.number] = key or ""
        last_key = key
        r.key_task = key
        if not (r.measure_lines or r.key_lines) and not r.units and not r.officials:
            continue
        if r.number is None and not (r.officials or r.units or r.deadline_text):
            for i in r.claimed:
                out.note(
                    tab.lines[i][0],
                    "unparsed",
                    "",
                    CUT_SHORT if r.cut_short else "text after a row's units that starts no row",
                )
            continue
        k, status, reason = decide_split(r, portfolios, wrap, spaced)
        if r.cut_short:
            reason = CUT_SHORT
        if r.inherited:
            reason += f"; merged cells shared with the row above ({'、'.join(r.inherited)})"
        resp = [Name(u.text, tuple(u.lines)) for u in r.units[:k]]
        assist = [Name(u.text, tuple(u.lines)) for u in r.units[k:]]
        first = r.start if r.number is not None else min(r.key_lines + r.measure_lines or [r.start])
        own = (
            {r.start}
            | set(r.claimed)
            | set(r.key_lines)
            | set(r.measure_lines)
            | set(r.official_idx)
            | {i for u in r.units for i in u.idx if True}
        )
        own_lines = [tab.lines[i][0] for i in own]
        line = tab.lines[first][0]
        line_end = max([line] + [tab.lines[i][0] for i in set(r.claimed) | set(r.key_lines) | set(r.measure_lines)])
        deadline = (
            parse_deadline(r.deadline_text, ctx.year, tuple(tab.lines[i][0] for i in r.deadline_lines))
            if r.deadline_text
            else None
        )
        number = r.number if r.number is not None else f"{r.continues}-cont"
        out.tasks.append(
            TaskRecord(
                doc=ctx.src.name,
                document=ctx.document.id,
                number=number,
                line=line,
                line_end=line_end,
                text=_text(tab, r.measure_lines, r),
                section=r.section,
                key_task=key,
                lead_officials=r.officials,
                responsible_units=resp,
                assist_units=assist,
                deadline=deadline,
                split=status,
                split_reason=reason,
                layout=NAME,
                appendix=r.appendix,
                continues=r.continues,
            )
        )
        out.claim(own_lines)
    for ln, raw in tab.lines:
        if not raw.strip() or ln in out.notes:
            continue
        status, kind, reason = tab.notes.get(ln, ("unparsed", "", "not part of any row"))
        if status == "record" and ln not in out.notes:
            status, kind, reason = "unparsed", "", "a cell that no row took"
        out.note(ln, status, kind, reason)
    return out
