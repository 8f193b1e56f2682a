"""The rows of a flattened action-plan table: what a row holds (:class:`Row`, :class:`Unit`), the
table being read (:class:`_Table`) and the line-by-line reader (:class:`_RowReader`). Part of the
``table`` layout (:mod:`fengong.build.layouts.table`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fengong.build.layouts.base import Context
from fengong.build.records import Name
from fengong.build.source import fold, squash

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
        """Note line ``i``'s status (record, boilerplate, unparsed) and kind."""
        self.tab.notes[self.tab.lines[i][0]] = (status, kind, reason)

    def close_displaced(self) -> None:
        """End the cells printed after a page number: they belong to the page that just ended."""
        if self.displaced:
            self.tab.displaced.append((self.page - 1, self.displaced))  # the cells of the page that just ended
        self.displaced = None

    def new_row(self, number: str | None, i: int, continues: str | None = None) -> Row:
        """Start a row at line ``i`` (``continues``: the number of the row a continuation row continues)."""
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
