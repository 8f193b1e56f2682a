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
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from fengong.build.deadlines import parse_deadline
from fengong.build.layouts.base import Context, Parsed
from fengong.build.records import CUT_SHORT, SPLIT_AMBIGUOUS, SPLIT_CERTAIN, SPLIT_INFERRED, Name, TaskRecord
from fengong.build.source import fold, squash

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
_SECTION = re.compile(r"^\s*[一二三四五六七八九十]+、")
_NONE = {"——", "—", "--", "-", "无", "/"}
# Strong endings of a complete unit name; a line without one may be a wrapped fragment.
_UNIT_END = re.compile(
    r"(局|委|办|会|中心|部|院|队|公司|政府|镇|乡|街道|单位|部门|专班|所|站|处|厅|组|集团|分局|支队|"
    r"管委会|工程办|小组|办公室)$"
)
_TAIL_FRAGMENT = re.compile(r"^[\u4e00-\u9fff]{2}分局等?$")  # "通州分局(等)" completes "市规划自然资源委"
_PERSON = re.compile(r"^[\u4e00-\u9fff]{2,3}$")
_DEADLINE_CONT = {"前", "实施", "推进", "底前", "底"}


@dataclass
class Unit:
    """A unit name printed in a table's unit cells, with its lines (a wrapped name spans several)."""

    text: str
    lines: list[int]
    idx: list[int]  # indexes into the table's line list
    wrapped: bool = False
    same_line_as_official: bool = False
    displaced: bool = False
    last_len: int = 0  # length of the last printed piece (wrapped lines fill the column)
    first_len: int = 0  # length of the first printed piece: the column's width when wrapped

    def __post_init__(self) -> None:
        self.last_len = self.last_len or len(self.text)
        self.first_len = self.first_len or len(self.text)


@dataclass
class Row:
    """One row of a flattened action-plan table as it is read: its lines by kind, officials, units."""

    number: str | None
    start: int  # index of the first line of the row
    key_lines: list[int] = field(default_factory=list)
    measure_lines: list[int] = field(default_factory=list)
    deadline_lines: list[int] = field(default_factory=list)
    deadline_text: str = ""
    officials: list[Name] = field(default_factory=list)
    official_idx: list[int] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    none_marker: bool = False  # "——" printed for an empty cell
    none_after: int | None = None  # how many units preceded "——"
    claimed: list[int] = field(default_factory=list)  # line indexes belonging to this row
    continues: str | None = None
    appendix: int | None = None
    section: list[str] = field(default_factory=list)
    key_task: str | None = None
    inherited: list[str] = field(default_factory=list)
    fixed_boundary: int | None = None  # a cell boundary known from displaced cells
    page: int = 0
    measure_tail: str = ""  # measure words printed on the deadline's line
    ws_after: list[int] = field(default_factory=list)  # whitespace-only lines, as unit counts before them
    displaced_reason: str = ""
    assist_tail: int = 0  # trailing units that are a displaced 协办 cell
    cut_short: bool = False  # the last row of a file that stops before its cells


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

_DEADLINE_IN_LINE = re.compile(
    r"(?:^|\s)(年底前|年底|长期|持续|\d{1,2}\s*月底前?|\d{1,2}\s*月前|\d{1,2}\s*[-—～~]\s*\d{1,2}\s*月|"
    r"\d{4}\s*年\s*\d{1,2}\s*月(?:底|末)?前?|\d{4}\s*年底前?|上半年|下半年)(?=\s|$)"
)


@dataclass
class _Table:
    ctx: Context
    lines: list[tuple[int, str]]
    kinds: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    notes: dict[int, tuple[str, str, str]] = field(default_factory=dict)  # line → (status, kind, reason)
    displaced: list[tuple[int, list]] = field(default_factory=list)  # (page, items)
    warnings: list[str] = field(default_factory=list)


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


def _unit_start(s: str) -> bool:
    return s.startswith(("区", "市", "各", "通州", "相关", "有关", "等", "中关村", "副中心"))


def _officials_in(tokens: list[str], known: set[str]) -> tuple[list[str], int]:
    """Leading tokens that are known officials ("郑", "皓" → "郑皓"); returns names and tokens used."""
    names, k = [], 0
    while k < len(tokens):
        if (
            k + 1 < len(tokens)
            and len(tokens[k]) == 1
            and len(tokens[k + 1]) == 1
            and (tokens[k] + tokens[k + 1] in known or not known)
        ):
            names.append(tokens[k] + tokens[k + 1])
            k += 2
        elif tokens[k] in known:
            names.append(tokens[k])
            k += 1
        else:
            break
    return names, k


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


# ---------------------------------------------------------------- rows


def _join_unit(prev: Unit, text: str) -> bool:
    """Whether a unit line continues the unit before it (a name wrapped across lines)."""
    p, t = prev.text, text
    if p.endswith("等"):
        return True  # "区生态环境局等" + "有关部门"
    if len(t) <= 2 and not _UNIT_END.fullmatch(t) and t not in _NONE:
        return True  # "区住房城乡建设" + "委", "…成员单" + "位"
    if t in ("委", "局", "会", "办", "部门", "单位", "有关部门"):
        return True
    if _TAIL_FRAGMENT.match(t) and p.endswith("委"):
        return True  # "市规划自然资源委" + "通州分局"
    if not _UNIT_END.search(p) and not p.startswith(("各", "相关")) and not _UNIT_END.search(p[-1]):
        return True  # "中关村通州园" + "区管委会"
    if prev.last_len >= 7 and not _unit_start(t) and not _UNIT_END.search(t):
        return True  # "区委生态文明委" (a full-width line) + "大气污染综合治"
    return False


def _add_unit(
    row_units: list[Unit],
    text: str,
    ln: int,
    idx: int,
    last_unit_idx: int | None,
    same_line: bool = False,
    allow_join: bool = True,
) -> None:
    if row_units and allow_join and last_unit_idx is not None and _join_unit(row_units[-1], text):
        u = row_units[-1]
        u.text += text
        u.last_len = len(text)
        u.lines.append(ln)
        u.idx.append(idx)
        u.wrapped = True
        return
    row_units.append(Unit(text, [ln], [idx], same_line_as_official=same_line))


def _read_rows(tab: _Table, known: set[str], appendix: int | None) -> None:
    """Read the table's lines into rows (see :class:`_RowReader`)."""
    reader = _RowReader(tab, known, appendix)
    for i, ((ln, raw), kind) in enumerate(zip(tab.lines, tab.kinds)):
        reader.line(i, ln, raw, kind)
    reader.close_displaced()


class _RowReader:
    """The rows of a flattened action-plan table, line by line: a row starts at its number, then
    come its 重点任务 (``key``) and 工作措施 (``measure``) lines, the deadline, the lead officials
    (``officials``) and the units (``units``) — the phase says which is expected next. Cells
    printed after a page number (``displaced``) are kept apart for the page they belong to."""

    def __init__(self, tab: _Table, known: set[str], appendix: int | None) -> None:
        self.tab, self.known, self.appendix = tab, known, appendix
        self.sections: list[str] = []
        self.row: Row | None = None
        self.phase = "key"
        self.page = 0
        self.displaced: list | None = None  # items printed after a page number: (i, ln, text)
        self.last_unit_idx: int | None = None

    def note(self, i: int, status: str, kind: str, reason: str = "") -> None:
        self.tab.notes[self.tab.lines[i][0]] = (status, kind, reason)

    def close_displaced(self) -> None:
        if self.displaced:
            self.tab.displaced.append((self.page - 1, self.displaced))  # the cells of the page that just ended
        self.displaced = None

    def new_row(self, number: str | None, i: int, continues: str | None = None) -> Row:
        r = Row(
            number=number,
            start=i,
            continues=continues,
            appendix=self.appendix,
            section=list(self.sections),
            page=self.page,
        )
        self.tab.rows.append(r)
        return r

    def line(self, i: int, ln: int, raw: str, kind: str) -> None:
        """Read line ``i`` (printed line ``ln``) of ``kind`` (see the table's line kinds)."""
        s = raw.strip()
        if kind == "blank" or self.layout_line(i, s, kind):
            return
        if self.displaced is not None:
            self.displaced.append((i, ln, s))
            self.note(i, "record", "displaced-cell")
            return
        if kind in ("num", "numtext"):
            rest = self.number_line(i, raw)
            if not rest:
                return
            raw = s = rest
        row = self.row
        if row is None:
            self.note(i, "boilerplate", "prose", "text before the first row of the table")
            return
        self.note(i, "record", "cell")
        row.claimed.append(i)
        if self.phase in ("key", "measure"):
            self.before_deadline(row, i, ln, raw, s)
        else:
            self.after_deadline(row, i, ln, raw, s)

    def layout_line(self, i: int, s: str, kind: str) -> bool:
        """Whitespace, header, page-number and section lines; whether the line was one."""
        if kind == "ws":
            self.note(i, "boilerplate", "blank")
            if self.row is not None and self.displaced is None and self.phase in ("officials", "units"):
                self.row.ws_after.append(len(self.row.units))
        elif kind == "header":
            self.note(i, "boilerplate", "table-header")
            self.close_displaced()
        elif kind == "page":
            self.note(i, "boilerplate", "page-number")
            self.close_displaced()
            self.displaced = []
            self.page += 1
        elif kind == "section":
            self.close_displaced()
            self.note(i, "boilerplate", "section-heading")
            self.sections = [s]
            self.row, self.phase = None, "key"
        else:
            return False
        return True

    def number_line(self, i: int, raw: str) -> str:
        """A row's number starts a new row; the text printed after it on the line, if any."""
        m = re.match(r"^\s*(\d{1,3})\s*(.*)$", raw)
        assert m is not None  # the line's kind says it starts with a number
        self.row = self.new_row(fold(m.group(1)), i)  # a full-width "１" is row 1
        self.phase = "key"
        self.last_unit_idx = None
        self.note(i, "record", "row-number")
        return m.group(2).strip()

    def before_deadline(self, row: Row, i: int, ln: int, raw: str, s: str) -> None:
        """重点任务 and 工作措施 lines, up to the line with the deadline or the lead officials."""
        m = _DEADLINE_IN_LINE.search(raw)
        before = raw[: m.start()].strip() if m else raw.strip()
        toks = raw.split()
        # officials without a deadline (a merged deadline cell): "…达到 100% 秦 涛 区农业农村局"
        off_at = None
        if not m:
            for k in range(len(toks)):
                names, used = _officials_in(toks[k:], self.known)
                if names and (
                    k > 0 or used == len(toks) or not toks[k + used :] or _UNIT_END.search(squash(toks[k + used]))
                ):
                    off_at = k
                    break
        if m is None and off_at is None:
            if self.phase == "key" and _is_key_line(s, row):
                row.key_lines.append(i)
            else:
                row.measure_lines.append(i)
                self.phase = "measure"
            return
        if m is not None:
            if before:
                row.measure_lines.append(i)  # the measure's last words share the deadline's line
                row.measure_tail = before
            row.deadline_lines.append(i)
            row.deadline_text = m.group(1)
            after = raw[m.end() :].split()
        else:
            before_toks = toks[:off_at]
            if before_toks:
                row.measure_lines.append(i)
                row.measure_tail = " ".join(before_toks)
            after = toks[off_at:]
        self.phase = "officials"
        names, used = _officials_in(after, self.known)
        for nm in names:
            row.officials.append(Name(nm, (ln,)))
        row.official_idx.append(i)
        for tok in after[used:]:
            if tok in _NONE:
                row.none_marker = True
                row.none_after = len(row.units)
            else:
                _add_unit(row.units, tok, ln, i, self.last_unit_idx, same_line=bool(names), allow_join=False)
                self.last_unit_idx = i
                self.phase = "units"

    def after_deadline(self, row: Row, i: int, ln: int, raw: str, s: str) -> None:
        """After the deadline: its continuation, officials, units, "——", or a continuation row."""
        if self.phase == "officials" and not row.officials and s in _DEADLINE_CONT:
            row.deadline_lines.append(i)
            row.deadline_text += s
            return
        toks = raw.split()
        names, used = _officials_in(toks, self.known)
        if names and self.phase == "officials":
            for nm in names:
                row.officials.append(Name(nm, (ln,)))
            row.official_idx.append(i)
            rest = toks[used:]
        else:
            rest = toks
        if not rest:
            return
        if all(t in _NONE for t in rest):
            row.none_marker = True
            row.none_after = len(row.units)
            return
        text = squash(" ".join(t for t in rest if t not in _NONE))
        if not _unitish_line(text, row):
            # text after the units: a continuation row (重点任务 reprinted, or a new 工作措施)
            cont = row.continues or row.number
            row.claimed.remove(i)
            self.row = row = self.new_row(None, i, continues=cont)
            row.claimed.append(i)
            self.phase = "key" if _is_key_line(s, row) else "measure"
            (row.key_lines if self.phase == "key" else row.measure_lines).append(i)
            self.last_unit_idx = None
            return
        same = bool(names)
        for t in rest:
            if t in _NONE:
                row.none_marker = True
                row.none_after = len(row.units)
            else:
                _add_unit(row.units, t, ln, i, self.last_unit_idx, same_line=same, allow_join=len(rest) == 1)
                self.last_unit_idx = i
        self.phase = "units"


def _is_key_line(s: str, row: Row) -> bool:
    """重点任务 cells wrap at a few characters; 工作措施 lines are long."""
    t = squash(s)
    return not row.measure_lines and len(t) <= 6 and not re.search(r"[。，；,;]", t)


def _unitish_line(text: str, row: Row) -> bool:
    """A line that prints a unit (or a piece of a wrapped one), not the start of new text."""
    if re.search(r"[。，；,;：:]", text) or len(text) > 22:
        return False
    if _UNIT_END.search(text) or _unit_start(text):
        return True
    if row.units and (_join_unit(row.units[-1], text)):
        return True
    return False


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


# ---------------------------------------------------------------- learning from certain rows


def _certain(row: Row) -> tuple[int, str] | None:
    """The split fixed by the text itself: (number of 主责 units, reason), or None."""
    n = len(row.units)
    if n == 0:
        return None
    if row.none_marker and row.none_after == n:
        return n, '协办 cell is "——", so every unit is 主责'
    if n == 2 and row.units[1].text in ("各相关单位",) and not row.units[0].wrapped:
        return 1, "协办 is the placeholder 各相关单位"
    if n == 2 and all(u.same_line_as_official for u in row.units) and row.units[0].lines == row.units[1].lines:
        return 1, "two one-line cells on the official's line: left = 主责, right = 协办"
    return None


def learn_portfolios(rows: list[Row]) -> dict[str, set[str]]:
    """Each official's 主责 units, from rows whose split is certain (multi-official rows by elimination)."""
    port: dict[str, set[str]] = defaultdict(set)
    certain = []
    for r in rows:
        c = _certain(r)
        if c and r.officials and not getattr(r, "displaced_reason", ""):
            certain.append((r, [u.text for u in r.units[: c[0]]]))
    for r, resp in certain:
        if len(r.officials) == 1:
            port[r.officials[0].text].update(resp)
    for _ in range(2):
        for r, resp in certain:
            if len(r.officials) < 2:
                continue
            unexplained = [u for u in resp if not any(u in port[o.text] for o in r.officials)]
            lacking = [o.text for o in r.officials if not (port[o.text] & set(resp))]
            if len(lacking) == 1 and unexplained:
                port[lacking[0]].update(unexplained)
    return {k: v for k, v in port.items() if v}


# ---------------------------------------------------------------- the 主责/协办 split


def _wrap_cue(rows: list[Row]) -> int | None:
    """The 主责 column's wrap width when 协办 is visibly wider (long names printed unwrapped), else None."""
    widths = Counter(u.first_len for r in rows for u in r.units if u.wrapped)
    if not widths:
        return None
    w = widths.most_common(1)[0][0]
    long_unwrapped = any(not u.wrapped and len(u.text) > w for r in rows for u in r.units)
    wrapped_in_assist = wrapped_in_resp = False
    for r in rows:
        c = _certain(r)
        if not c:
            continue
        wrapped_in_resp |= any(u.wrapped for u in r.units[: c[0]])
        wrapped_in_assist |= any(u.wrapped for u in r.units[c[0] :])
    return w if (long_unwrapped and wrapped_in_resp and not wrapped_in_assist) else None


def decide_split(
    row: Row, portfolios: dict[str, set[str]], wrap: int | None, spaced: bool = True
) -> tuple[int, str, str]:
    """How many leading units are 主责, with the split status and the evidence.

    Evidence, strongest first: the text itself ("——", 各相关单位, two cells on one line);
    cells printed after a page number; adjacent lines or whitespace-only lines at a cell
    boundary; the 主责 column's wrap width; a unit on the officials' line being a one-line
    cell; each official's portfolio learned from certain rows; document order.
    """
    if row.assist_tail:
        # a displaced 协办 cell was appended: split the printed units, the appended ones assist
        from dataclasses import replace

        core = replace(row, units=row.units[: -row.assist_tail], assist_tail=0, displaced_reason="")
        k, _status, why = (
            decide_split(core, portfolios, wrap, spaced)
            if len(core.units) > 1
            else (len(core.units), SPLIT_INFERRED, "the printed units form the 主责 cell")
        )
        return k, SPLIT_INFERRED, f"{why}; {row.displaced_reason}"
    units = row.units
    n = len(units)
    if n == 0:
        return 0, SPLIT_CERTAIN, "no units printed"
    if row.fixed_boundary is not None:
        k = row.fixed_boundary
        return k, SPLIT_INFERRED, row.displaced_reason or "cell printed after the page number"
    c = _certain(row)
    if c:
        status = SPLIT_INFERRED if row.displaced_reason else SPLIT_CERTAIN
        return c[0], status, c[1] + (f"; {row.displaced_reason}" if row.displaced_reason else "")
    if row.none_marker and row.none_after is not None and row.none_after < n:
        return row.none_after, SPLIT_INFERRED, 'units before "——" are 主责'
    if n == 1:
        return 1, SPLIT_INFERRED, "a single unit and no 协办 cell printed"
    lo, hi = 1, n - 1
    reasons = []
    if wrap:
        for i, u in enumerate(units):
            if u.wrapped and u.first_len == wrap:
                lo = max(lo, i + 1)
            elif not u.wrapped and len(u.text) > wrap:
                hi = min(hi, i)
                break
        reasons.append(f"the 主责 column wraps at {wrap} characters")
    # where extraction puts a blank line between printed lines, two adjacent lines meet at a cell boundary
    adjacent = {i + 1 for i in range(n - 1) if units[i + 1].lines[0] - units[i].lines[-1] == 1} if spaced else set()
    bounds = sorted(adjacent | {w for w in row.ws_after if 0 < w < n})
    bounds = [b for b in bounds if lo <= b <= hi]
    kmin = _portfolio_k(row, portfolios)
    same = (
        units[0].same_line_as_official
        and not units[1].same_line_as_official
        and len({o.lines for o in row.officials}) == 1
        and units[0].lines[0] == row.officials[0].lines[0]
    )
    if bounds:
        k = bounds[0]
        reasons.insert(0, "adjacent or whitespace-only lines mark the cell boundary")
    elif same and lo <= 1:
        k = 1
        reasons.insert(0, f"{units[0].text} is printed on the official's line as a one-line 主责 cell")
    elif kmin is not None and lo <= kmin <= hi:
        k = kmin
        reasons.insert(0, "each official's 主责 unit comes first (portfolios from certain rows)")
    elif wrap and lo <= hi and (lo > 1 or hi < n - 1):
        k = lo
    else:
        k = min(max(lo, 1), hi) if lo <= hi else 1
        reason = "no evidence fixes the cell boundary; best guess from document order"
        if kmin is not None and kmin > hi:
            reason = "officials' portfolios would leave no 协办 cell; best guess from document order"
        return k, SPLIT_AMBIGUOUS, reason
    if kmin is not None and kmin > k and portfolios:
        lacking = [
            o.text
            for o in row.officials
            if o.text in portfolios and not (portfolios[o.text] & {u.text for u in units[:k]})
        ]
        if lacking:
            reasons.append(f"although {'、'.join(lacking)} has no 主责 unit then")
    return k, SPLIT_INFERRED, "; ".join(reasons)


def _portfolio_k(row: Row, portfolios: dict[str, set[str]]) -> int | None:
    need = [o.text for o in row.officials if o.text in portfolios]
    if not need:
        return None
    k = 0
    for o in need:
        pos = [i for i, u in enumerate(row.units) if u.text in portfolios[o]]
        if not pos:
            continue
        k = max(k, pos[0] + 1)
    return k or None


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
