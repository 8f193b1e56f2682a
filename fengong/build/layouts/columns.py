"""Allocation tables whose cells are delimited: tab-separated, pipe-separated or markdown tables.

A header row names the columns, in any order; these names are recognised (spaces, ``**``, ``<br>``
and a bracketed note such as ``责任单位（排在第一位的为牵头单位）`` are ignored when matching):

* number: 序号, 编号
* task: 任务, 重点任务, 工作任务, 主要任务, 任务内容, 工作措施, 具体措施 (a table with both a 重点任务-like
  and a 措施-like column puts the first in ``key_task`` and the second in ``text``)
* lead officials: 牵头领导, 责任领导, 分管领导
* responsible units: 牵头单位, 主责单位, 责任单位, 牵头部门, 责任部门
* assisting units: 配合单位, 协办单位, 协同单位, 参与单位, 配合部门
* deadline: 完成时限, 完成时间, 时间节点, 时限

Unit cells split on 、，, and on line breaks inside the cell (``<br>`` in markdown, a quoted
multi-line cell in TSV). ``——``, ``—``, ``无``, ``/`` and ``-`` mean none. A unit followed by
``（牵头）`` is responsible and the other units of the row assist; when the table has a 责任单位-type
column only and the document says the first-listed unit leads (``排在第一位的为牵头单位``,
``第一个单位为牵头单位``…), the first unit is responsible and the rest assist.

Rows: a repeated header (page break) is boilerplate; empty rows and ``|---|`` rules too; a row with
only ``一、…`` (or a non-number in the 序号 column) is a section row; a row whose number cell is
empty continues the previous row: if it prints officials or a deadline of its own it is a sub-row
(the next measure under a merged 序号/重点任务 cell) and becomes its own record ``N-cont``, else it
is the rest of a row cut by a page break (its text is joined, its units added). A header printed
on two rows (``责任单位`` above ``主责单位 | 协办单位``) is read as one. A row with fewer cells than
the header is kept as it is, with a warning naming its line.

>>> text = "序号\\t完成时限\\t任务\\t牵头单位\\t配合单位\\n1\\t2023年6月底\\t建设数据平台\\t区经济和信息化局\\t区财政局、区政务服务局\\n"
>>> ctx = Context.from_text(text, "t.tsv", year=2023)
>>> detect(ctx) > 0.5
True
>>> t = parse(ctx).tasks[0]
>>> t.number, t.text, [n.text for n in t.responsible_units], [n.text for n in t.assist_units], t.deadline.date
('1', '建设数据平台', ['区经济和信息化局'], ['区财政局', '区政务服务局'], '2023-06-30')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import cast

from fengong.build.deadlines import parse_deadline
from fengong.build.layouts.base import Context, Parsed
from fengong.build.names import looks_like_unit, official_name, split_names, split_units
from fengong.build.records import SPLIT_CERTAIN, Name, TaskRecord
from fengong.build.source import fold, squash

__all__ = ["NAME", "detect", "parse", "header_roles", "first_unit_leads"]

NAME = "columns"

_KEY_TASK = ("重点任务", "工作任务", "主要任务", "任务", "重点工作", "任务名称")
_MEASURE = ("工作措施", "具体措施", "任务内容", "工作内容", "具体任务", "任务措施", "主要内容", "工作举措")
_COLUMNS = {
    "number": ("序号", "编号"),
    "task": _KEY_TASK + _MEASURE,
    "officials": ("牵头领导", "责任领导", "分管领导", "牵头区领导", "牵头市领导", "责任区领导", "责任市领导"),
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
        "责任主体",
    ),
    "assist": ("配合单位", "协办单位", "协同单位", "参与单位", "配合部门", "协办部门", "协同部门", "参与部门"),
    "deadline": ("完成时限", "完成时间", "时间节点", "时限", "完成期限", "截止时间"),
}
_ROLE_OF = {name: role for role, names in _COLUMNS.items() for name in names}
_NONE = {"", "——", "—", "--", "-", "－", "无", "/", "／", "\\", "暂无", "——。"}
_BR = re.compile(r"<\s*br\s*/?\s*>", re.I)
_RULE_CELL = re.compile(r"^\s*:?\s*[-—=]{2,}\s*:?\s*$")
_LEAD_MARK = re.compile(r"[（(]\s*牵头\s*[)）]\s*$")
_FIRST_LEADS = re.compile(r"(?:第一|首)(?:位|个|家)?[^，。；,;\n]{0,6}?(?:为|是)[^，。；,;\n]{0,2}?牵头(?:单位|部门)")
_PAGE = re.compile(r"^\s*(?:[-—–－~]\s*)?\d{1,4}\s*(?:[-—–－~]\s*)?$|^\s*第\s*\d{1,4}\s*页")
_SECTION = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百\d]+[章节部分篇]|[一二三四五六七八九十百]+\s*[、.．]|"
    r"[（(]\s*[一二三四五六七八九十百]+\s*[)）])"
)
_NUMBER_CELL = re.compile(r"^\s*[（(]?\s*[\d一二三四五六七八九十百]+(?:[-—.．]\d+)*\s*[)）]?\s*[.．、]?\s*$")

Cell = list  # list[tuple[int, str]]: the cell's pieces with their line numbers


def _norm_header(text: str) -> tuple[str, str]:
    """A header cell for matching (no spaces, markup or bracketed note) and the bracketed note."""
    t = fold(_BR.sub("", text)).replace("*", "").replace("#", "")
    t = squash(t).strip(":：")
    note = " ".join(re.findall(r"\(([^()]*)\)", t))
    return re.sub(r"\([^()]*\)", "", t), note


def header_roles(cells: list[str]) -> dict[int, str] | None:
    """Which column holds what, if ``cells`` is a header row naming at least two known columns.

    >>> header_roles(["序号", "工作任务", "责任单位（第一个单位为牵头单位）", "完成 时限"])
    {0: 'number', 1: 'task', 2: 'responsible', 3: 'deadline'}
    >>> header_roles(["考评维度", "自查任务（专项任务）", "落实情况"]) is None
    True
    """
    roles: dict[int, str] = {}
    for k, c in enumerate(cells):
        name, _ = _norm_header(c)
        role = _ROLE_OF.get(name)
        if role:
            roles[k] = role
    return roles if len(roles) >= 2 else None


def first_unit_leads(lines: list[tuple[int, str]]) -> int | None:
    """The line of a note saying the first-listed unit leads (``排在第一位的为牵头单位``), if any.

    >>> first_unit_leads([(3, "注：责任单位中排在第一位的为牵头单位。")])
    3
    >>> first_unit_leads([(3, "各牵头单位要加强调度。")]) is None
    True
    """
    for n, t in lines:
        if _FIRST_LEADS.search(squash(fold(t))):
            return n
    return None


# --- reading rows ---------------------------------------------------------------------------------


def _delims(text: str) -> list[str]:
    out = []
    if "\t" in text:
        out.append("\t")
    if "|" in text or "｜" in text:
        out.append("|")
    return out


def _pipe_cells(n: int, text: str) -> list[Cell]:
    s = text.strip().replace("｜", "|").replace("\\|", "\x00")
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|"):
        s = s[:-1]
    # markdown emphasis (**…**) is markup, not content
    return [[(n, piece.replace("\x00", "|").replace("**", "")) for piece in _BR.split(cell)] for cell in s.split("|")]


def _tsv_row(lines: list[tuple[int, str]], k: int, problems: list[str] | None = None) -> tuple[list[Cell], int]:
    """One TSV row from line ``k``: cells in double quotes may hold tabs and line breaks.

    A quote never closed (within 40 lines) is text: the line is read as it is, and the reason
    is appended to ``problems``.
    """
    n, t = lines[k]
    if '"' not in t:  # nothing quoted (most rows): the tabs are the cell borders
        return [[(n, c)] for c in t.split("\t")], k + 1
    cells: list[Cell] = []
    parts: Cell = []
    buf: list[str] = []
    quoted = False
    start = True
    j = k
    while True:
        n, t = lines[j]
        i = 0
        while i < len(t):
            ch = t[i]
            if start and ch == '"':
                quoted, start = True, False
            elif quoted and ch == '"':
                if i + 1 < len(t) and t[i + 1] == '"':
                    buf.append('"')
                    i += 1
                else:
                    quoted = False
            elif not quoted and ch == "\t":
                parts.append((n, "".join(buf)))
                cells.append(parts)
                parts, buf, start = [], [], True
            else:
                if not ch.isspace():
                    start = False
                buf.append(ch)
            i += 1
        if quoted and j + 1 < len(lines) and j - k < 40:
            parts.append((n, "".join(buf)))
            buf = []
            j += 1
            continue
        if quoted:  # never closed: read the line as it is
            n, t = lines[k]
            if problems is not None:
                end = " (the file ends inside it)" if j + 1 >= len(lines) else ""
                problems.append(
                    f"line {n}: a quoted cell opened on this line is never closed{end}; "
                    f"the line is read as it is, its quotes as text"
                )
            return [[(n, c)] for c in t.split("\t")], k + 1
        parts.append((n, "".join(buf)))
        cells.append(parts)
        return cells, j + 1


def _read_row(
    lines: list[tuple[int, str]], k: int, delim: str, problems: list[str] | None = None
) -> tuple[list[Cell], int]:
    if delim == "\t":
        return _tsv_row(lines, k, problems)
    n, t = lines[k]
    return _pipe_cells(n, t), k + 1


def _cell_text(cell: Cell) -> str:
    return "".join(t.strip() for _, t in cell).strip()


def _cell_lines(cell: Cell) -> tuple[int, ...]:
    return tuple(sorted({n for n, t in cell if t.strip()}))


def _is_none(text: str) -> bool:
    return squash(text).strip("。.") in _NONE or squash(text) in _NONE


def _units(cell: Cell) -> list[tuple[Name, bool]]:
    """Units of a cell, each with whether it is marked （牵头）."""
    out: list[tuple[Name, bool]] = []
    for n, t in cell:
        t = t.strip()
        if _is_none(t):
            continue
        tokens = t.split()
        if len(tokens) > 1 and all(looks_like_unit(tok) for tok in tokens):
            t = "、".join(tokens)  # units separated by spaces only
        for name in split_units([(n, t)]):
            if _is_none(name.text):
                continue
            lead = bool(_LEAD_MARK.search(name.text))
            text = _LEAD_MARK.sub("", name.text) if lead else name.text
            if text:
                out.append((Name(text, name.lines), lead))
    return out


def _officials(cell: Cell) -> list[Name]:
    out: list[Name] = []
    for n, t in cell:
        if _is_none(t):
            continue
        out += [Name(official_name(x.text), x.lines) for x in split_names([(n, t)]) if not _is_none(x.text)]
    return out


@dataclass
class _Table:
    header_line: int
    delim: str
    roles: dict[int, str]
    names: list[str]  # header cells as printed
    width: int
    first_leads: int | None  # line of the note, when the first-listed unit leads
    key_col: int | None = None
    text_col: int | None = None
    cells: dict[int, list[Cell]] = field(default_factory=dict)  # id(record) -> its cells so far

    def col(self, role: str) -> list[int]:
        return [k for k, r in self.roles.items() if r == role]


def _table(n: int, cells: list[str], delim: str, roles: dict[int, str], note_line: int | None) -> _Table:
    tasks = [k for k, r in roles.items() if r == "task"]
    key_col = text_col = None
    if len(tasks) >= 2:
        names = {k: _norm_header(cells[k])[0] for k in tasks}
        keys = [k for k in tasks if names[k] in _KEY_TASK]
        measures = [k for k in tasks if names[k] in _MEASURE]
        if keys and measures:
            key_col, text_col = keys[0], measures[0]
        else:
            key_col, text_col = tasks[0], tasks[1]
    elif tasks:
        text_col = tasks[0]
    header_note = any(_FIRST_LEADS.search(squash(fold(cells[k]))) for k in roles if roles[k] == "responsible")
    resp = [k for k, r in roles.items() if r == "responsible"]
    assist = [k for k, r in roles.items() if r == "assist"]
    first = None
    if resp and not assist:
        first = n if header_note else note_line
    printed = [_BR.sub("", c).replace("*", "").strip() for c in cells]
    return _Table(n, delim, roles, printed, len(cells), first, key_col, text_col)


def _find_header(lines: list[tuple[int, str]], k: int) -> tuple[str, list[Cell], dict[int, str], int] | None:
    n, t = lines[k]
    for d in _delims(t):
        cells, nxt = _read_row(lines, k, d)
        roles = header_roles([_cell_text(c) for c in cells])
        if roles:
            return d, cells, roles, nxt
    return None


def _section_level(text: str) -> int:
    f = fold(text.strip())
    if re.match(r"^第", f):
        return 0
    if re.match(r"^\(", f):
        return 2
    if re.match(r"^[一二三四五六七八九十百]", f):
        return 1
    return 1


def detect(ctx: Context) -> float:
    """How sure we are that ``ctx`` is a delimited allocation table (0..1).

    >>> detect(Context.from_text("考评 维度\\t自查任务（专项任务）\\t落实情况\\n党建\\t完成\\t无\\n"))
    0.0
    """
    lines = ctx.lines
    if not any(lines[k][1].strip() and _find_header(lines, k) for k in range(len(lines))):
        return 0.0
    # scoring needs the rows: the parse is kept for parse() to hand out if this layout is chosen
    p = ctx.memo[NAME] = _parse(ctx)
    rows = len(p.tasks)
    if rows == 0:
        return 0.3
    return round(min(1.0, 0.6 + 0.1 * rows), 3)


def parse(ctx: Context) -> Parsed:
    """Read the tasks of the delimited tables in ``ctx`` and account for every non-blank line.

    >>> text = ("| 责任单位 | 工作任务 | 序号 |\\n|---|---|---|\\n| 区教委（牵头）、区科协 | 办好科技节 | 1 |\\n"
    ...         "| 区财政局 | 保障经费<br>按时拨付 |  |\\n")
    >>> p = parse(Context.from_text(text, "t.md"))
    >>> [(t.number, t.line, t.line_end, t.text, [n.text for n in t.responsible_units],
    ...   [n.text for n in t.assist_units]) for t in p.tasks]
    [('1', 3, 4, '办好科技节保障经费按时拨付', ['区教委'], ['区科协', '区财政局'])]
    """
    done = ctx.memo.pop(NAME, None)  # parsed already by detect()
    return cast(Parsed, done) if done is not None else _parse(ctx)


def _parse(ctx: Context) -> Parsed:
    """Read the delimited tables of ``ctx`` line by line (see :class:`_ColumnsReader`)."""
    reader = _ColumnsReader(ctx)
    k = 0
    while k < len(ctx.lines):
        k = reader.line(k)
    return reader.out


class _ColumnsReader:
    """Tables with a delimiter (tab, pipe, runs of spaces): a header row names the columns, each row
    is a task (or continues one), and the lines between tables are headings, notes or prose."""

    def __init__(self, ctx: Context) -> None:
        self.ctx, self.out, self.lines = ctx, Parsed(), ctx.lines
        self.note_line = first_unit_leads(self.lines)
        self.path: list[tuple[int, str]] = []
        self.table: _Table | None = None
        self.last: TaskRecord | None = None
        self.header_next: int | None = None  # where the row after the last header starts

    def push_section(self, text: str, level: int | None = None) -> None:
        """Enter a section heading, leaving the headings at its level or deeper."""
        lv = _section_level(text) if level is None else level
        while self.path and self.path[-1][0] >= lv:
            self.path.pop()
        self.path.append((lv, text.strip()))

    def next_nonblank(self, j: int) -> int | None:
        """The index of the first non-blank line from ``j`` on, or None."""
        while j < len(self.lines) and not self.lines[j][1].strip():
            j += 1
        return j if j < len(self.lines) else None

    def line(self, k: int) -> int:
        """Read from line index ``k``; returns the index of the next line to read."""
        n, t = self.lines[k]
        if not t.strip():
            return k + 1
        hdr = _find_header(self.lines, k)
        if hdr is not None:
            return self.header(k, hdr)
        if self.table is not None and self.table.delim in _delims(t):
            return self.row(k, self.table)
        self.other_line(k)
        return k + 1

    def header(self, k: int, hdr) -> int:
        """A header row: a new table, the lower row of a two-row header, or a repeated header."""
        n = self.lines[k][0]
        d, cells, roles, nxt = hdr
        texts = [_cell_text(c) for c in cells]
        reason = ""
        table = self.table
        if table is not None and d == table.delim and roles == table.roles:
            reason = f"header repeated (first at line {table.header_line})"
        elif table is not None and d == table.delim and self.last is None and self.header_next == k:
            # a two-row header: 责任单位 over 主责单位 | 协办单位 — the lower row names those columns
            roles = {**table.roles, **roles}
            merged = [b if b else a for a, b in zip(table.names + [""] * len(texts), texts)]
            self.table = _table(table.header_line, merged, d, roles, self.note_line)
        else:
            self.table = _table(n, texts, d, roles, self.note_line)
            self.last = None
        for ln in sorted({ln for c in cells for ln, _ in c} | {n}):
            self.out.note(ln, "boilerplate", "table-header", reason)
        self.header_next = self.next_nonblank(nxt)
        return nxt

    def row(self, k: int, table: _Table) -> int:
        """A row of the table: a rule, an empty row, a section heading, a task or its continuation."""
        ctx, out = self.ctx, self.out
        n = self.lines[k][0]
        cells, nxt = _read_row(self.lines, k, table.delim, out.warnings)
        row_lines = sorted({ln for c in cells for ln, _ in c} | {n})
        texts = [_cell_text(c) for c in cells]
        if table.delim == "|" and texts and all(_RULE_CELL.match(x) for x in texts if x) and any(texts):
            out.note(n, "boilerplate", "table-rule")
            return nxt
        if not any(texts):
            for ln in row_lines:
                out.note(ln, "boilerplate", "empty-row")
            return nxt
        filled = [i for i, x in enumerate(texts) if x]
        numcol = table.col("number")
        if len(filled) == 1 and (
            _SECTION.match(texts[filled[0]]) or (filled[0] in numcol and not _NUMBER_CELL.match(texts[filled[0]]))
        ):
            self.push_section(texts[filled[0]])
            for ln in row_lines:
                out.note(ln, "boilerplate", "section-heading")
            return nxt
        if len(cells) != table.width:
            last_row = self.next_nonblank(nxt) is None and ctx.ends_file()
            out.warnings.append(_width_warning(n, table, texts, last_row))
        cells = (cells + [[] for _ in range(table.width)])[: table.width]
        # the number as digits: a full-width "１" is task 1 (the id and duplicate checks use it)
        number = fold(texts[numcol[0]]).strip() if numcol and numcol[0] < len(texts) else None
        number = re.sub(r"^[（(]\s*|\s*[)）]?\s*[.．、]?\s*$", "", number) if number else None
        last = self.last
        if numcol and not number and last is not None:
            if not _own_row(table, texts):
                _continue_row(last, cells, table, ctx)
                out.claim(row_lines)
                return nxt
            # a sub-row: the task's next measure, with its own officials or deadline
            base = last.continues or last.number
            rec = _record(ctx, table, cells, f"{base}-cont", list(last.section))
            rec.continues = base
            rec.key_task = rec.key_task or last.key_task
            rec.appendix = ctx.document.attachment
        else:
            rec = _record(ctx, table, cells, number or None, [p for _, p in self.path])
            if numcol and not number:
                out.warnings.append(f"line {n}: row has no number and no row before it to continue")
        out.tasks.append(rec)
        table.cells[id(rec)] = cells
        self.last = rec
        out.claim(row_lines)
        return nxt

    def other_line(self, k: int) -> None:
        """A line without the table's delimiter: a page number, a heading, a stray line in a table,
        a note or prose (which ends the table)."""
        n, t = self.lines[k]
        table = self.table
        if _PAGE.match(fold(t)):
            self.out.note(n, "boilerplate", "page-number")
        elif _SECTION.match(t) and len(squash(t)) <= 40 and not re.search(r"[。；]", t.strip()[:-1]):
            self.push_section(t)
            self.out.note(n, "boilerplate", "section-heading")
        elif (
            table is not None
            and (j := self.next_nonblank(k + 1)) is not None
            and table.delim in _delims(self.lines[j][1])
            and _find_header(self.lines, j) is None
        ):
            self.out.note(
                n, "unparsed", reason=f"a line without cell delimiters inside the table of line {table.header_line}"
            )
        else:
            if table is not None:
                self.table, self.last = None, None
            kind = "note" if self.note_line == n or re.match(r"^\s*(注|备注|说明)\s*[:：]", t) else "prose"
            self.out.note(n, "boilerplate", kind)


def _width_warning(n: int, table: _Table, texts: list[str], last_row: bool) -> str:
    """A row with fewer or more cells than its header: which cells it has, and how it was read.

    >>> t = _table(1, ["序号", "工作任务", "责任单位", "完成时限"], "\t", {0: "number", 1: "task", 2: "responsible",
    ...            3: "deadline"}, None)
    >>> _width_warning(5, t, ["3", "建设数据平台"], False)
    'line 5: a table row with 2 cells where the header (line 1) has 4 (序号, 工作任务, 责任单位, 完成时限); read as 序号=3, 工作任务=建设数据平台; the missing cells (责任单位, 完成时限) left empty'
    """

    def short(x: str) -> str:
        return x if len(x) <= 16 else x[:15] + "…"

    names = table.names
    head = (
        f"line {n}: {'the file ends inside a table row: ' if last_row else ''}a table row with {len(texts)} "
        f"cell{'s' if len(texts) != 1 else ''} where the header (line {table.header_line}) has {table.width} "
        f"({', '.join(names)})"
    )
    read = ", ".join(f"{names[k]}={short(x)}" for k, x in enumerate(texts[: table.width]) if x)
    if len(texts) < table.width:
        return f"{head}; read as {read or '(nothing)'}; the missing cells ({', '.join(names[len(texts) :])}) left empty"
    extra = "；".join(x for x in texts[table.width :] if x)
    return f"{head}; read as {read or '(nothing)'}; extra cells ignored: {extra or '(empty)'}"


def _own_row(table: _Table, texts: list[str]) -> bool:
    """Whether a row without number prints its own officials or deadline (a sub-row of the task,
    as when one 重点任务 cell spans several measures), not just the rest of a row cut by a page."""
    return any(
        texts[k] and not _is_none(texts[k])
        for role in ("officials", "deadline")
        for k in table.col(role)
        if k < len(texts)
    )


def _roles(ctx: Context, table: _Table, cells: list[Cell]) -> tuple[list[Name], list[Name], str]:
    resp = [u for k in table.col("responsible") for u in _units(cells[k])]
    assist = [u for k in table.col("assist") for u in _units(cells[k])]
    marked = [u for u, lead in resp + assist if lead]
    head = {r: "/".join(table.names[k] for k in table.col(r)) for r in ("responsible", "assist")}
    if marked:
        others = [u for u, lead in resp + assist if not lead]
        return marked, others, "unit marked （牵头） is responsible, the other units of the row assist"
    if table.first_leads is not None and len(resp) > 1:
        return (
            [resp[0][0]],
            [u for u, _ in resp[1:]],
            f"note at line {table.first_leads}: the first-listed unit leads, the others assist",
        )
    reason = f"{head['responsible']} column" if head["responsible"] else ""
    if head["assist"]:
        reason = (reason + " / " if reason else "") + f"{head['assist']} column"
    return [u for u, _ in resp], [u for u, _ in assist], reason or "no unit columns"


def _record(ctx: Context, table: _Table, cells: list[Cell], number: str | None, section: list[str]) -> TaskRecord:
    row_lines = [ln for c in cells for ln, t in c if t.strip()]
    text = _cell_text(cells[table.text_col]) if table.text_col is not None else ""
    key = _cell_text(cells[table.key_col]) if table.key_col is not None else None
    officials = [o for k in table.col("officials") for o in _officials(cells[k])]
    responsible, assist, reason = _roles(ctx, table, cells)
    deadline = None
    for k in table.col("deadline"):
        dt = _cell_text(cells[k])
        if dt and not _is_none(dt):
            deadline = parse_deadline(dt, ctx.year, _cell_lines(cells[k]))
            break
    first = min(row_lines) if row_lines else table.header_line
    rec = TaskRecord(
        doc=ctx.src.name,
        document=ctx.document.id,
        number=number,
        line=first,
        line_end=max(row_lines) if row_lines else first,
        text=text,
        section=list(section),
        key_task=key or None,
        lead_officials=officials,
        responsible_units=responsible,
        assist_units=assist,
        deadline=deadline,
        split=SPLIT_CERTAIN,
        split_reason=reason,
        layout=NAME,
        appendix=ctx.document.attachment,
    )
    rec.cells = _cell_refs(table, cells, rec)
    return rec


def _cell_refs(table: _Table, cells: list[Cell], rec: TaskRecord) -> dict[str, list[tuple[int, str]]]:
    """For each field, the (line, column header) of the cells it was read from."""

    def refs(cols: list[int], names=None) -> list[tuple[int, str]]:
        lines = (
            [(min(n.lines), k) for k in cols for n in names]
            if names is not None
            else [(ln, k) for k in cols for ln in _cell_lines(cells[k])[:1]]
        )
        return sorted({(ln, table.names[k]) for ln, k in lines})

    out = {
        "number": refs(table.col("number")),
        "key_task": refs([table.key_col] if table.key_col is not None else []),
        "text": refs([table.text_col] if table.text_col is not None else []),
        "lead_officials": refs(table.col("officials")),
        "deadline": refs(table.col("deadline")),
    }
    # units: the column each printed unit sits in (a （牵头） mark can move it between roles)
    for role in ("responsible_units", "assist_units"):
        found = set()
        for n in getattr(rec, role):
            for k in table.col("responsible") + table.col("assist"):
                if any(ln in n.lines for ln, _ in cells[k]) and n.text in _cell_text(cells[k]).replace(" ", ""):
                    found.add((min(n.lines), table.names[k]))
                    break
        out[role] = sorted(found)
    return {f: v for f, v in out.items() if v}


def _continue_row(rec: TaskRecord, cells: list[Cell], table: _Table, ctx: Context) -> None:
    """A row without number continues ``rec``: its cells are appended to the row's cells and read again."""
    before = table.cells[id(rec)]
    merged = []
    for k, (old, new) in enumerate(zip(before, cells)):
        if k == table.key_col and _cell_text(new) == _cell_text(old):
            new = []  # the key task reprinted after a page break
        merged.append(old + new)
    table.cells[id(rec)] = merged
    again = _record(ctx, table, merged, rec.number, rec.section)
    for f in (
        "text",
        "key_task",
        "lead_officials",
        "responsible_units",
        "assist_units",
        "deadline",
        "split_reason",
        "cells",
    ):
        setattr(rec, f, getattr(again, f))
    rec.line, rec.line_end = min(rec.line, again.line), max(rec.line_end, again.line_end)
