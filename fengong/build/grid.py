"""Tables in a document body, however they were rendered to text.

A task-allocation plan's table reaches us flattened in one of several ways: a
whole row per line with ``|`` or tab separators, one cell per line with ``|``
after each cell, one cell per paragraph, space-separated tokens, or box-drawing
characters. :func:`find_tables` recognises a table by its header row and
returns its body rows as :class:`Cell` lists, each cell keeping the line
numbers it was printed on.

Renderings (``Table.rendering``):

- ``pipe-inline``: ``a | b | c |`` — one row per line.
- ``tsv``: ``a<TAB>b<TAB>c`` — one row per line.
- ``pipe-cells``: one cell per line, each closed by ``|`` (on its own line or at
  the end of the cell's line). A line of several pipes (``|||``) pads a row
  that printed fewer cells than the header because some of its cells are
  merged with the row above; the number of pipes is the number of missing
  cells.
- ``paragraph-cells``: one cell per paragraph; a row begins at a paragraph that
  is just a row number; absent trailing cells are empty.
- ``spaces``: ``1 <task text> <last column>`` — one row per line.
- ``box``: ``┌─┬─┐ │a│b│ ├─┼─┤ └─┴─┘``, cells possibly wrapped over lines.

When a row prints fewer cells than the header in a rendering that shows
merged cells (pipes, tabs, boxes), its printed cells are placed in the columns
whose earlier cells they most resemble, and the columns left over take the
cell above (``inherited=True``). A row the body ends in (cut off) inherits only
the columns before its first printed cell. A paragraph-cells row with more
paragraphs than columns printed its task in several paragraphs: the extras are
joined into the column after the row number.

>>> text = "序号 | 工作任务 | 牵头单位 |\\n1 | 建设学校 | 教育局 |\\n2 | 修建道路 | 交通局 |"
>>> lines = list(enumerate(text.split("\\n"), 1))
>>> [t] = find_tables(lines, lambda c: c in ("工作任务", "牵头单位"))
>>> t.rendering, t.header
('pipe-inline', ['序号', '工作任务', '牵头单位'])
>>> [[c.text for c in row] for row in t.rows]
[['1', '建设学校', '教育局'], ['2', '修建道路', '交通局']]
>>> t.rows[1][2].lines, sorted(t.claimed)
((3,), [1, 2, 3])
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import combinations

from fengong.build.grid_cells import (
    _BOX_BAR,
    _BOX_RULE_CHARS,
    _BOX_RULE_SPLIT,
    _BOX_SPLIT,
    _FULLWIDTH_DIGITS,
    _ITEM,
    _MD_RULE,
    _PIPE_ONLY,
    _ROW_NUMBER,
    _SECTION,
    Cell,
    HeaderTest,
    Table,
    _compact,
    _header_like,
    _is_header,
    _is_number_label,
    _is_row_number,
    _is_section,
    _join,
    _label,
    _merge,
    _row_number,
    _trim_header_run,
)
from fengong.build.source import line_cache

__all__ = ["Cell", "Table", "find_tables"]


# --------------------------------------------------------------------------- assembling rows


@dataclass
class _Row:
    """Cells of one row as printed. ``spanned``: missing cells are merged with the
    row above (else they are empty and trail)."""

    cells: list[Cell]
    spanned: bool = True
    cut: bool = False  # the body ends inside this row: nothing after its last cell


@dataclass
class _Section:
    line: int
    text: str


@dataclass
class _Draft:
    header: list[Cell]
    items: list[_Row | _Section] = field(default_factory=list)
    claimed: set[int] = field(default_factory=set)


def _kind(t: str) -> str:
    if _ROW_NUMBER.match(t.translate(_FULLWIDTH_DIGITS)):
        return "number"
    if _ITEM.match(t.translate(_FULLWIDTH_DIGITS)):
        return "item"
    if _SECTION.match(t):
        return "section"
    if not t[0].isalnum():
        return "mark" + t[0]  # ★ before a lead unit, brackets, …
    return "text"


def _size(t: str) -> int:
    return 0 if len(t) <= 4 else 1 if len(t) <= 20 else 2


def _resemblance(a: str, b: str) -> int:
    """How much cell text ``a`` looks like ``b``, printed earlier in a column."""
    a, b = _compact(a), _compact(b)
    if not a or not b:
        return 0
    score = 2 if _kind(a) == _kind(b) != "text" else 0
    score += (_size(a) == _size(b)) + (a[-1] == b[-1]) + (a[:2] == b[:2])
    return score


def _placement(cells: list[Cell], profile: list[str]) -> tuple[int, tuple[int, ...]]:
    """Best columns (in order) for ``cells`` in a row of ``len(profile)`` columns.
    Ties go to printed cells side by side, then to the rightmost placement:
    merged cells are most often leading group columns (序号, 类别)."""
    best: tuple[int, int, int, tuple[int, ...]] = (-1, 0, 0, ())
    for cols in combinations(range(len(profile)), len(cells)):
        score = sum(_resemblance(c.text, profile[k]) for c, k in zip(cells, cols))
        gaps = cols[-1] - cols[0] + 1 - len(cols)
        best = max(best, (score, -gaps, sum(cols), cols))
    return best[0], best[3]


def _fit(row: _Row, width: int, above: list[Cell] | None, profile: list[str]) -> list[Cell]:
    cells = list(row.cells)
    if len(cells) > width and row.spanned:
        while len(cells) > width and not cells[-1].text:
            cells.pop()
    if len(cells) > width:
        # too many cells: keep the extra text in the last column rather than lose it
        cells = cells[: width - 1] + [_merge(cells[width - 1 :])]
    if above is not None and len(cells) == width and any(c.inherited for c in cells):
        # the rendering marked merged cells itself
        return [Cell(a.text, a.lines, inherited=True) if c.inherited else c for c, a in zip(cells, above)]
    if not row.spanned or above is None:
        return cells + [Cell("", ()) for _ in range(width - len(cells))]
    # A ragged row may end with empty padding cells: try it with and without them.
    variants = [cells]
    stripped = list(cells)
    while stripped and not stripped[-1].text:
        stripped.pop()
    if stripped and len(stripped) < len(cells):
        variants.append(stripped)
    scored = [(*_placement(v, profile), -i, v) for i, v in enumerate(variants)]
    score, cols, _, chosen = max(scored, key=lambda s: (s[0], s[2]))
    out = [Cell(above[k].text, above[k].lines, inherited=True) for k in range(width)]
    if row.cut:
        out[cols[-1] + 1 :] = [Cell("", ()) for _ in range(cols[-1] + 1, width)]
    for c, k in zip(chosen, cols):
        out[k] = c
    return out


def _lone_section(row: _Row, has_rows: bool) -> str | None:
    """Text of a row printing one cell that is a section heading (一、…), or a lone
    label before any row."""
    filled = [c for c in row.cells if c.text]
    if len(filled) != 1:
        return None
    t = filled[0].text
    if _is_section(t) or (not has_rows and not _is_row_number(t) and not _ITEM.match(t)):
        return t
    return None


def _assemble(draft: _Draft, rendering: str) -> Table | None:
    header = [_compact(c.text) for c in draft.header]
    width = len(header)
    rows: list[list[Cell]] = []
    sections: list[tuple[int, str]] = []
    profile = [""] * width
    for item in draft.items:
        if isinstance(item, _Section):
            sections.append((item.line, item.text))
            continue
        if not any(c.text for c in item.cells):
            continue  # padding / spacer row
        if item.spanned and (title := _lone_section(item, bool(rows))) is not None:
            line = next(c.lines[0] for c in item.cells if c.text)
            sections.append((line, title))
            continue
        row = _fit(item, width, rows[-1] if rows else None, profile)
        rows.append(row)
        profile = [c.text or p for c, p in zip(row, profile)]
    if not rows:
        return None
    claimed = set(draft.claimed) | {n for c in draft.header for n in c.lines}
    return Table(min(claimed), max(claimed), header, rows, claimed, sections, rendering)


# --------------------------------------------------------------------------- one row per line


def _split_delimited(text: str, sep: str) -> list[str] | None:
    if sep == "|":
        s = text.strip()
        if "|" not in s:
            return None
        s = s[1:] if s.startswith("|") else s
        s = s[:-1] if s.endswith("|") else s
        return [c.strip() for c in s.split("|")]
    s = text.strip(" \u3000")  # keep tabs: a trailing tab closes an empty cell
    return [c.strip() for c in s.split("\t")] if "\t" in s.strip() else None


def _delimited(lines: list[tuple[int, str]], i: int, is_header_cell: HeaderTest, sep: str) -> tuple[_Draft, int] | None:
    """A table with a whole row on each line, cells separated by ``sep``."""
    no, text = lines[i]
    cells = _split_delimited(text, sep)
    if not cells or not _is_header(cells, is_header_cell):
        return None
    width = len(cells)
    draft = _Draft([Cell(c, (no,)) for c in cells], claimed={no})
    j = i + 1
    while j < len(lines):
        no, text = lines[j]
        if not text.strip():
            j += 1
            continue
        if sep == "|" and _MD_RULE.match(text.strip()):
            draft.claimed.add(no)
            j += 1
            continue
        cells = _split_delimited(text, sep) or [text.strip()]
        if _is_header(cells, is_header_cell):
            break  # a new table begins
        filled = [c for c in cells if c]
        if len(filled) == 1 and _is_section(filled[0]):
            draft.items.append(_Section(no, filled[0]))
        else:
            while len(cells) > width and not cells[-1]:
                cells.pop()
            # page furniture after the table (索引号: | … | 成文日期: | …) has fewer
            # cells, and fields labelled with colons
            if not width // 2 + 1 <= len(cells) <= width or _is_form_row(cells):
                break
            draft.items.append(_Row([Cell(c, (no,) if c else ()) for c in cells]))
        draft.claimed.add(no)
        j += 1
    return draft, j


def _is_form_row(cells: list[str]) -> bool:
    return sum(1 for c in cells if c.endswith((":", "："))) >= 2


# --------------------------------------------------------------------------- one cell per line


@dataclass
class _Token:
    kind: str  # 'cell' (closed by a pipe), 'pad' (k pipes), 'open' (unclosed text)
    cell: Cell
    pipes: int = 0
    lines: tuple[int, ...] = ()


_MAX_CELL_LINES = 8


def _pipe_tokens(lines: list[tuple[int, str]], i: int) -> Iterable[_Token]:
    """Cells closed by pipes, from line ``i`` on, until text that no pipe closes."""
    pending: list[tuple[int, str]] = []
    j = i
    while j < len(lines):
        no, text = lines[j]
        s = text.strip()
        if not s:
            if pending:
                break
        elif _PIPE_ONLY.match(s):
            # a pipe closes the pending text, or an empty cell; more pipes pad the row
            yield _Token("cell", _join(pending), lines=tuple(n for n, _ in pending) + (no,))
            if len(s) > 1:
                yield _Token("pad", Cell("", ()), len(s) - 1, (no,))
            pending = []
        elif s.endswith("|") and "|" not in s[:-1]:
            if pending:
                break  # cells closed on their own line do not continue over lines
            yield _Token("cell", _join([(no, s[:-1])]), lines=(no,))
        elif "|" in s or len(pending) >= _MAX_CELL_LINES:
            break
        else:
            pending.append((no, s))
        j += 1
    if pending and j == len(lines) and len(pending) == 1:
        # the body was cut off inside a cell
        yield _Token("open", _join(pending), lines=(pending[0][0],))


def _pipe_cells(lines: list[tuple[int, str]], i: int, is_header_cell: HeaderTest) -> tuple[_Draft, int] | None:
    s = lines[i][1].strip()
    starts = (s.endswith("|") and "|" not in s[:-1] and len(s) > 1) or (
        s and "|" not in s and i + 1 < len(lines) and lines[i + 1][1].strip() == "|"
    )
    if not starts or not _header_like(s.rstrip("|")):
        return None
    tokens = list(_pipe_tokens(lines, i))
    header = _pipe_header(tokens, 0, is_header_cell)
    if header is None:
        return None
    width = len(header)
    draft = _Draft([t.cell for t in header], claimed={n for t in header for n in t.lines})
    pending: list[Cell] = []
    for t in range(width, len(tokens)):
        tok = tokens[t]
        if _pipe_header(tokens, t, is_header_cell):
            break  # a new table begins
        draft.claimed.update(tok.lines)
        if tok.kind == "pad":
            # the padded row printed width - pipes cells; any cells before them
            # belong to a row that ended without padding
            printed = max(width - tok.pipes, 0)
            cut = len(pending) - printed
            if cut > 0:
                draft.items.append(_Row(pending[:cut]))
            draft.items.append(_Row(pending[max(cut, 0) :]))
            pending = []
            continue
        pending.append(tok.cell)
        if len(pending) == width:
            draft.items.append(_Row(pending))
            pending = []
    if pending:
        draft.items.append(_Row(pending, cut=True))
    return draft, _after(lines, draft.claimed)


def _pipe_header(tokens: list[_Token], t: int, is_header_cell: HeaderTest) -> list[_Token] | None:
    """The header row starting at token ``t``: closed cells that are all labels."""
    run: list[_Token] = []
    for tok in tokens[t:]:
        if tok.kind != "cell" or not _header_like(tok.cell.text):
            break
        run.append(tok)
    return run if _is_header([r.cell.text for r in run], is_header_cell) else None


def _after(lines: list[tuple[int, str]], claimed: set[int]) -> int:
    """Index of the line after the last claimed one."""
    last = max(claimed)
    return next(k for k, (no, _) in enumerate(lines) if no == last) + 1


# --------------------------------------------------------------------------- one cell per paragraph


class _Paragraphs:
    """Paragraphs from line ``i`` on (blank-line separated, or one per line), read
    only as far as they are asked for: a table is short, a body may be long."""

    def __init__(self, lines: list[tuple[int, str]], i: int, per_line: bool):
        self._source = self._read((lines[k] for k in range(i, len(lines))), per_line)
        self._seen: list[Cell] = []

    @staticmethod
    def _read(lines: Iterable[tuple[int, str]], per_line: bool) -> Iterator[Cell]:
        block: list[tuple[int, str]] = []
        for no, text in lines:
            if text.strip():
                block.append((no, text))
            if block and (per_line or not text.strip()):
                yield _join(block)
                block = []
        if block:
            yield _join(block)

    def get(self, k: int) -> Cell | None:
        while len(self._seen) <= k:
            nxt = next(self._source, None)
            if nxt is None:
                return None
            self._seen.append(nxt)
        return self._seen[k]

    def run(self, k: int, test: Callable[[Cell], bool], limit: int = 1 << 30) -> list[Cell]:
        """Paragraphs from ``k`` on while ``test`` holds (at most ``limit``)."""
        out: list[Cell] = []
        while len(out) < limit and (p := self.get(k + len(out))) is not None and test(p):
            out.append(p)
        return out


def _header_run(paras: _Paragraphs, k: int, is_header_cell: HeaderTest) -> tuple[int, list[Cell]]:
    """(offset, cells) of the header in the run of label-like paragraphs at ``k``."""
    # a label is one line: several lines together are a page wrapped in its cells
    run = paras.run(k, lambda p: _header_like(p.text) and len(p.lines) == 1)
    if not run or _wrapped_labels([p.text for p in run], is_header_cell):
        return 0, []
    start = _trim_header_run([p.text for p in run], is_header_cell)
    return start, run[start:]


def _wrapped_labels(cells: list[str], is_header_cell: HeaderTest) -> bool:
    """Labels broken over lines (序/号, 完成/时限): a page wrapped inside its cells,
    so a paragraph is not a cell."""
    for a, b in zip(cells, cells[1:]):
        a, b = _label(a), _label(b)
        if (
            len(a) <= 2
            and len(b) <= 2
            and not is_header_cell(a)
            and not _is_number_label(a)
            and (is_header_cell(a + b) or _is_number_label(a + b))
        ):
            return True
    return False


def _paragraph_cells(lines: list[tuple[int, str]], i: int, is_header_cell: HeaderTest) -> tuple[_Draft, int] | None:
    if not _header_like(lines[i][1]):
        return None
    # cells separated by blank lines, or, when the next line is not blank, one per line
    per_line = i + 1 < len(lines) and bool(lines[i + 1][1].strip())
    if not per_line and i > 0 and lines[i - 1][1].strip():
        return None  # inside a paragraph
    before = next((lines[j][1] for j in range(i - 1, -1, -1) if lines[j][1].strip()), "")
    if _header_like(before):
        return None  # the run of labels starts earlier
    # a header is three labels or more: the next two printed lines must look like labels too
    ahead = (lines[j][1] for j in range(i + 1, len(lines)) if lines[j][1].strip())
    if not all(_header_like(next(ahead, "")) for _ in range(2)):
        return None
    paras = _Paragraphs(lines, i, per_line)
    start, header = _header_run(paras, 0, is_header_cell)
    if not _is_header([p.text for p in header], is_header_cell):
        return None
    width = len(header)
    draft = _Draft(header)
    row: list[Cell] | None = None
    last_number = 0
    k = start + width
    while (p := paras.get(k)) is not None:
        if _is_header([q.text for q in _header_run(paras, k, is_header_cell)[1]], is_header_cell):
            break  # a new table begins
        if _is_row_number(p.text) and (row is None or len(row) >= 2 or _row_number(p.text) in (1, last_number + 1)):
            if row is not None:
                draft.items.append(_Row(_join_extra(row, width), spanned=False))
            row, last_number = [p], _row_number(p.text)
        elif _is_section(p.text) and (row is None or len(row) >= 2):
            if row is not None:
                draft.items.append(_Row(_join_extra(row, width), spanned=False))
            row = None
            draft.items.append(_Section(p.lines[0], p.text))
        elif row is None or len(p.lines) > _MAX_CELL_LINES or (len(row) >= width and not _row_closes(paras, k, width)):
            break  # prose after the table
        else:
            row.append(p)
        draft.claimed.update(p.lines)
        k += 1
    if row is not None:
        draft.items.append(_Row(_join_extra(row, width), spanned=False))
    # trailing sections with no row after them are headings of the following text
    while draft.items and isinstance(last := draft.items[-1], _Section):
        draft.items.pop()
        draft.claimed.discard(last.line)
    if not draft.claimed:
        return None
    return draft, _after(lines, draft.claimed)


def _row_closes(paras: _Paragraphs, k: int, width: int) -> bool:
    """Is paragraph ``k``, beyond a full row, an extra part of that row? Only if a
    row number or section follows within a few paragraphs."""
    ahead = paras.run(k + 1, lambda p: True, limit=width - 1)
    return any(_is_row_number(p.text) or _is_section(p.text) for p in ahead)


def _join_extra(row: list[Cell], width: int) -> list[Cell]:
    """A row with more paragraphs than columns printed its task in several
    paragraphs (a short title, then the text): join the extras into the first
    text column, the one after the row number."""
    extra = len(row) - width
    if extra <= 0:
        return row
    return row[:1] + [_merge(row[1 : 2 + extra])] + row[2 + extra :]


# --------------------------------------------------------------------------- space separated


def _space_header(text: str) -> list[str]:
    """Header tokens; letters spaced out (``工 作 任 务``) form one label."""
    out: list[str] = []
    run = ""
    for tok in text.split():
        if len(tok) == 1:
            run += tok
            continue
        if run:
            out.append(run)
            run = ""
        out.append(tok)
    if run:
        out.append(run)
    return out


def _spaces(lines: list[tuple[int, str]], i: int, is_header_cell: HeaderTest) -> tuple[_Draft, int] | None:
    no, text = lines[i]
    if "|" in text or "\t" in text.strip():
        return None
    header = _space_header(text)
    # rows are told by their leading number, so the header starts with its label
    if not (_is_header(header, is_header_cell) and _is_number_label(header[0])):
        return None
    width = len(header)
    draft = _Draft([Cell(h, (no,)) for h in header], claimed={no})
    j = i + 1
    while j < len(lines):
        no, text = lines[j]
        toks = text.split()
        if not toks:
            j += 1
            continue
        if _is_section(toks[0]) and len(toks) == 1 and _next_is_row(lines, j):
            draft.items.append(_Section(no, text.strip()))
        elif _is_row_number(toks[0]) and len(toks) >= 2:
            draft.items.append(_Row(_space_row(no, toks, width), spanned=False))
        else:
            break
        draft.claimed.add(no)
        j += 1
    return draft, j


def _next_is_row(lines: list[tuple[int, str]], j: int) -> bool:
    for _, text in lines[j + 1 :]:
        if text.strip():
            return _is_row_number(text.split()[0])
    return False


def _space_row(no: int, toks: list[str], width: int) -> list[Cell]:
    """``number, text…, last columns``: the last ``width - 2`` tokens are the last
    columns, whatever lies between is the text (it may contain spaces)."""
    tail = min(width - 2, len(toks) - 2)
    middle = " ".join(toks[1 : len(toks) - tail])
    cells = [toks[0], middle, *toks[len(toks) - tail :]]
    return [Cell(c, (no,)) for c in cells]


# --------------------------------------------------------------------------- box drawing


def _is_box_rule(s: str) -> bool:
    """A horizontal rule (``├──┼──┤``, or ``│  ├──┤`` under a merged cell); a line
    of bars and spaces only is an empty line of wrapped content."""
    return any(ch in "─━═" for ch in s) and all(ch in _BOX_RULE_CHARS or _BOX_BAR.match(ch) for ch in s)


def _box_cells(s: str) -> list[str]:
    parts = _BOX_SPLIT.split(s)
    return [p.strip() for p in parts[1:-1]] if len(parts) > 2 else [p.strip() for p in parts]


def _box(lines: list[tuple[int, str]], i: int, is_header_cell: HeaderTest) -> tuple[_Draft, int] | None:
    if not lines[i][1].strip().startswith(("┌", "┏", "╔")):
        return None
    rows: list[list[Cell]] = []
    claimed: set[int] = set()
    group: list[tuple[int, list[str]]] = []  # content lines since the last rule
    continuing: set[int] = set()
    j = i
    while j < len(lines):
        no, text = lines[j]
        s = text.strip()
        if _is_box_rule(s):
            if group:
                rows.append(_box_row(group, continuing))
            group, continuing = [], _continuing_columns(s)
        elif s and s[0] in "│┃║":
            group.append((no, _box_cells(s)))
        else:
            break
        claimed.add(no)
        j += 1
    if group:
        rows.append(_box_row(group, continuing))
    if not rows or not _is_header([c.text for c in rows[0]], is_header_cell):
        return None
    return _Draft(rows[0], [_Row(r) for r in rows[1:]], claimed), j


def _continuing_columns(rule: str) -> set[int]:
    """Columns a rule line leaves open (``│    ├────┤``): their cell goes on
    into the next row (a merged cell)."""
    parts = _BOX_RULE_SPLIT.split(rule)[1:-1]
    return {k for k, part in enumerate(parts) if not part.strip()}


def _box_row(group: list[tuple[int, list[str]]], continuing: set[int]) -> list[Cell]:
    """Join a row's wrapped lines column by column; a blank cell under an open
    rule is the merged cell above (marked for :func:`_fit`)."""
    width = max(len(cells) for _, cells in group)
    row = [_join((no, cells[k]) for no, cells in group if k < len(cells)) for k in range(width)]
    return [Cell("", (), inherited=True) if k in continuing and not c.text else c for k, c in enumerate(row)]


# --------------------------------------------------------------------------- entry point

_PARSERS: tuple[tuple[str, Callable], ...] = (
    ("box", _box),
    ("tsv", lambda ls, i, h: _delimited(ls, i, h, "\t")),
    ("pipe-inline", lambda ls, i, h: _delimited(ls, i, h, "|")),
    ("pipe-cells", _pipe_cells),
    ("spaces", _spaces),
    ("paragraph-cells", _paragraph_cells),
)


@line_cache
def _may_start(text: str) -> bool:
    """Could a table's header start on this line, in any rendering? (delimiters, box drawing, a
    label on its own, or space-separated labels led by 序号)"""
    s = text.strip()
    if not s:
        return False
    if "|" in s or "\t" in s or s.startswith(("┌", "┏", "╔")) or _header_like(s):
        return True
    header = _space_header(s)
    return len(header) >= 3 and _is_number_label(header[0])


def find_tables(lines: list[tuple[int, str]], is_header_cell: HeaderTest) -> list[Table]:
    """Tables in ``lines`` ((1-based number, text) of one body, blank lines
    included). ``is_header_cell(text)`` recognises a column label (given with
    whitespace removed); 序号/编号 are known here."""
    tables: list[Table] = []
    i = 0
    while i < len(lines):
        if not _may_start(lines[i][1]):  # one cheap test instead of every rendering's
            i += 1
            continue
        for rendering, parse in _PARSERS:
            found = parse(lines, i, is_header_cell)
            if found is None:
                continue
            draft, end = found
            table = _assemble(draft, rendering)
            if table is not None:
                tables.append(table)
                i = max(end, i + 1)
                break
        else:
            i += 1
    return tables
