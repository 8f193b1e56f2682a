"""Self-assessment tables (自查表): one record per row of 考评维度 / 自查内容 / 落实情况 / 存在问题.

Two families are read:

* **Tables** with a header row, cells separated by tabs or pipes (markdown). Columns are
  recognised by header words in any order; the 维度 column is a merged cell printed once
  per table block, so it is carried down (and back up to the block's first rows).
* **PDF text**, where each page prints its 落实情况 cells first, each followed by its
  存在问题 cell ("无"), and only at the page end the 考评维度 and the item titles — in a
  rotated order. Titles are matched to cells by the rotation with the best bigram overlap.

>>> from fengong.build.layouts.base import Context
>>> text = ("## 大兴区政府2022年度自查表\\n考评 维度\\t自查任务\\t落实情况\\t存在问题\\n"
...         "\\t任务甲\\t已完成甲。\\t无\\n高效率 落实\\t任务乙\\t已完成乙。\\t无")
>>> ctx = Context.from_text(text, "a.txt")
>>> [(a.district, a.year, a.dimension, a.item, a.status, a.problems) for a in parse(ctx).assessments]
[('大兴区', 2022, '高效率落实', '任务甲', '已完成甲。', '无'), ('大兴区', 2022, '高效率落实', '任务乙', '已完成乙。', '无')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fengong.build.layouts.base import Context, Parsed
from fengong.build.records import AssessmentItem
from fengong.build.source import fold, squash

__all__ = ["NAME", "detect", "parse", "bigram_overlap"]

NAME = "assessment"

# Header words per column; checked in this order because "自查任务（专项任务）" names no other column.
_COLUMNS = (
    ("dimension", re.compile(r"维度")),
    ("problems", re.compile(r"存在问题|问题及原因")),
    ("status", re.compile(r"落实情况|完成情况|进展情况")),
    ("item", re.compile(r"自查任务|自查内容|专项任务|考核事项|工作任务")),
    ("number", re.compile(r"^序号$")),
)
# A PDF column-label line holds nothing but header words (sometimes two labels glued together).
_LABEL_WORDS = re.compile(
    r"考评维度|落实情况|完成情况|存在问题及原因|存在问题|自查内容|自查任务|专项任务|序号|[（）()]"
)
_PAGE = re.compile(r"^(第\s*\d+\s*页(\s*/?\s*共\s*\d+\s*页)?|[-—–]?\s*\d{1,3}\s*[-—–]?)$")
_PROBLEM_WORD = re.compile(r"^(无|暂无|无。|暂无。|无问题)$")
# "北京城市总规实施21项绩效任务目标已顺利完成。 无": status and problem cell on one line.
_STATUS_AND_NONE = re.compile(r"^(.*\S)\s+(无|暂无)$")
_NUMBERED = re.compile(r"^\s*[（(]?\d{1,2}\s*[.．、)）]")
_DIMENSION = re.compile(r"^高[\u4e00-\u9fff]{2,4}$")  # 高效率落实, 高质量发展 …
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_CJK_SPACE = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
WEAK_MATCH = 0.3  # mean bigram overlap below which a page's title matching is reported
AMBIGUOUS = 0.8  # … or when another rotation scores this close to the best one


def _cells(line: str) -> list[str] | None:
    """Table cells of a tab- or pipe-separated line, or None for a plain line."""
    if "\t" in line:
        return [c.strip() for c in line.split("\t")]
    s = line.strip()
    if s.startswith("|") and s.count("|") >= 3:
        return [c.strip() for c in s.strip("|").split("|")]
    return None


def _header(cells: list[str] | None) -> dict[str, int] | None:
    """Column name → cell index when ``cells`` is a header row (落实情况 plus two more columns)."""
    if not cells:
        return None
    cols: dict[str, int] = {}
    for i, c in enumerate(cells):
        c = squash(c)
        for name, pat in _COLUMNS:
            if c and pat.search(c) and name not in cols:
                cols[name] = i
                break
    return cols if "status" in cols and len(cols) >= 3 else None


def _is_label(text: str) -> bool:
    s = squash(text)
    return bool(s) and ("维度" in s or "落实情况" in s or "自查内容" in s) and not _LABEL_WORDS.sub("", s)


def _title_of(text: str) -> bool:
    s = squash(text).lstrip("#")
    return "自查表" in s and len(s) <= 60


def _district_year(title: str | None) -> tuple[str | None, int | None]:
    """District and year from a title like "通州区政府2022年度日常履职考核事项完成情况自查表".

    >>> _district_year("通州区政府2022年度日常履职考核事项完成情况自查表")
    ('通州区', 2022)
    >>> _district_year("北京市大兴区人民政府2023年自查表")
    ('大兴区', 2023)
    """
    if not title:
        return None, None
    s = fold(squash(title)).lstrip("#")
    y = re.search(r"(\d{4})年", s)
    d = re.match(r"^(?:北京市)?([\u4e00-\u9fff]{1,8}?)(?:人民)?政府", s)
    return (d.group(1) if d else None), (int(y.group(1)) if y else None)


def _bigrams(text: str) -> set[str]:
    s = squash(text)
    return {s[i : i + 2] for i in range(len(s) - 1)}


def bigram_overlap(title: str, text: str) -> float:
    """Share of the title's character bigrams that occur in ``text``.

    >>> bigram_overlap("智慧城市建设", "推进智慧城市规划建设")
    0.8
    """
    tb = _bigrams(title)
    return len(tb & _bigrams(text)) / len(tb) if tb else 0.0


def detect(ctx: Context) -> float:
    """How sure we are that ``ctx`` is a self-assessment table (header/labels and "自查表").

    >>> detect(Context.from_text("1.任务\\n牵头领导：郑皓\\n责任单位：区财政局"))
    0.0
    """
    lines = [t for _, t in ctx.nonblank()]
    score = 0.0
    if any(_header(_cells(t)) or _is_label(t) for t in lines):
        score += 0.6
    if any(_title_of(t) for t in lines) or "自查表" in (ctx.document.title or ""):
        score += 0.3
    if sum(1 for t in lines if _PROBLEM_WORD.match(t.strip()) or (_cells(t) or [""])[-1] in ("无", "暂无")) >= 2:
        score += 0.1
    return round(min(score, 1.0), 2)


def parse(ctx: Context) -> Parsed:
    """Read a self-assessment table, tab/pipe-separated or PDF text (see the module doc)."""
    out = Parsed()
    title = next((t for _, t in ctx.nonblank() if _title_of(t)), None) or ctx.document.title
    district, year = _district_year(title)
    meta = dict(doc=ctx.src.name, document=ctx.document.id, district=district, year=year or ctx.year, layout=NAME)
    if any(_header(_cells(t)) for _, t in ctx.nonblank()):
        _parse_table(ctx, out, meta)
    else:
        _parse_pdf(ctx, out, meta)
    return out


def _boilerplate(text: str) -> str | None:
    """The boilerplate kind of a line that belongs to no row, or None."""
    if _title_of(text):
        return "title"
    if _is_label(text):
        return "column-label"
    if _PAGE.match(fold(text.strip())):
        return "page-number"
    return None


# ---------------------------------------------------------------- tables (tab / pipe separated)


def _parse_table(ctx: Context, out: Parsed, meta: dict) -> None:
    cols: dict[str, int] | None = None
    blocks: list[list[tuple[int, list[str]]]] = []  # rows of each table block (split at headers and blanks)
    for n, text in ctx.lines:
        if not text.strip():
            if blocks and blocks[-1]:
                blocks.append([])
            continue
        cells = _cells(text)
        head = _header(cells)
        if head:
            cols = head
            out.note(n, "boilerplate", "table-header")
            blocks.append([])
        elif text.strip().startswith("#") or _boilerplate(text):
            out.note(n, "boilerplate", "title" if text.strip().startswith("#") else _boilerplate(text) or "")
        elif _MD_RULE.match(text):
            out.note(n, "boilerplate", "table-rule")
        elif cells is None:
            out.note(n, "unparsed", reason="not a table row")
        elif cols is None:
            out.note(n, "unparsed", reason="table row before any header")
        else:
            blocks[-1].append((n, _align(cells, cols, n, out)))
    width = max(cols.values()) + 1 if cols else 0
    cols = cols or {}  # rows are kept only under a header: no header, no rows
    dim_prev: str | None = None
    number = 0
    for rows in blocks:
        # the 维度 cell is merged: printed on one row, it holds for the whole block
        dims = [_cell(r, cols, "dimension") for _, r in rows]
        first = next((d for d in dims if d), dim_prev)
        for (n, r), d in zip(rows, dims):
            dim = first = d or first
            number += 1
            out.assessments.append(
                AssessmentItem(
                    line=n,
                    line_end=n,
                    dimension=_CJK_SPACE.sub("", dim) if dim else None,
                    item=_cell(r, cols, "item"),
                    status=_cell(r, cols, "status") or "",
                    problems=_cell(r, cols, "problems"),
                    number=_cell(r, cols, "number") or str(number),
                    **meta,
                )
            )
            if n not in out.notes:
                out.note(n, "record", "assessment")
            if len(r) > width and any(r[width:]):
                out.warnings.append(f"line {n}: {len(r)} cells under a {width}-column header; extra cells ignored")
        dim_prev = first


def _align(cells: list[str], cols: dict[str, int], n: int, out: Parsed) -> list[str]:
    """Repair a row whose (empty) 维度 cell was dropped: every cell sits one to the left."""
    width = max(cols.values()) + 1
    dim = cols.get("dimension")
    if dim == 0 and len(cells) >= width and cells[0] and len(squash(cells[0])) > 12 and not any(cells[width - 1 :]):
        out.note(n, "record", "assessment", reason="row shifted right by one cell: its empty 维度 cell was missing")
        return [""] + cells[: width - 1]
    return cells + [""] * (width - len(cells))


def _cell(row: list[str], cols: dict[str, int], name: str) -> str | None:
    i = cols.get(name)
    return (row[i] or None) if i is not None and i < len(row) else None


# ---------------------------------------------------------------- PDF text (rotated title lists)


@dataclass
class _Block:
    status: list[tuple[int, str]]
    problems: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class _Page:
    blocks: list[_Block] = field(default_factory=list)
    titles: list[tuple[int, str]] = field(default_factory=list)


def _title_like(group: list[tuple[int, str]]) -> bool:
    """A short unpunctuated line group: an item title or a 考评维度 from a page-end list."""
    return len(group) <= 2 and all(
        len(squash(t)) <= 30
        and not re.search(r"[。；;，,：:]", t)
        and not _NUMBERED.match(t)
        and not _PROBLEM_WORD.match(t.strip())
        for _, t in group
    )


def _groups(ctx: Context, out: Parsed) -> list[list[tuple[int, str]]]:
    """Runs of adjacent content lines; blank and boilerplate lines separate them."""
    groups: list[list[tuple[int, str]]] = []
    prev = None
    for n, text in ctx.lines:
        kind = _boilerplate(text) if text.strip() else None
        if kind:
            out.note(n, "boilerplate", kind)
        if not text.strip() or kind:
            prev = None
            continue
        if prev is None or n != prev + 1:
            groups.append([])
        groups[-1].append((n, text))
        prev = n
    return groups


def _pages(groups: list[list[tuple[int, str]]], out: Parsed) -> list[_Page]:
    pages = [_Page()]
    state = "status"  # what the next group should be: status | problem | titles
    for g in groups:
        page = pages[-1]
        if state == "problem" and not (len(g) == 1 and _DIMENSION.match(g[0][1].strip())):
            page.blocks[-1].problems = g
            state = "status"
            continue
        if len(g) == 1 and _STATUS_AND_NONE.match(g[0][1].strip()) and not _title_like(g):
            page.blocks.append(_Block(g, g))
            continue
        if _title_like(g):
            page.titles.append((g[0][0], "".join(t.strip() for _, t in g)))
            for n, _ in g[1:]:
                out.note(n, "record", "assessment-title", reason=f"continues the title on line {g[0][0]}")
            state = "titles"
            continue
        if _PROBLEM_WORD.match(g[0][1].strip()) and len(g) == 1:
            if state == "titles" and page.titles:
                # a short unpunctuated status cell ("已完成") mistaken for a title
                n, t = page.titles.pop()
                page.blocks.append(_Block([(n, t)], g))
                state = "status"
            else:
                out.note(g[0][0], "unparsed", reason="problem cell without a status cell before it")
            continue
        if state == "titles" and page.blocks:
            pages.append(page := _Page())
        # status group; its problem cell may follow on the next line without a blank line
        if len(g) > 1 and _PROBLEM_WORD.match(g[-1][1].strip()):
            page.blocks.append(_Block(g[:-1], g[-1:]))
            state = "status"
        else:
            page.blocks.append(_Block(g))
            state = "problem"
    return pages


def _parse_pdf(ctx: Context, out: Parsed, meta: dict) -> None:
    pages = _pages(_groups(ctx, out), out)
    # a title printed on several pages is the merged 考评维度 cell (as is 高效率落实 & co.)
    seen: dict[str, int] = {}
    for p in pages:
        for t in {t for _, t in p.titles}:
            seen[t] = seen.get(t, 0) + 1
    dimension = None
    for k, page in enumerate(pages, 1):
        dims = [
            (n, t)
            for n, t in page.titles
            if _DIMENSION.match(t) or (seen[t] > 1 and len(page.titles) > len(page.blocks))
        ]
        titles = [x for x in page.titles if x not in dims]
        for n, _ in dims:
            out.note(n, "record", "assessment-dimension", reason="考评维度 of the rows on this page")
        if dims:
            dimension = dims[0][1]
        match, rot, score, runner_up = _match(page.blocks, titles)
        if page.blocks and len(titles) != len(page.blocks):
            out.warnings.append(
                f"page {k} (line {page.blocks[0].status[0][0]}): {len(page.blocks)} status cells "
                f"but {len(titles)} item titles; they do not pair up"
            )
        if page.blocks and titles and score / len(page.blocks) < WEAK_MATCH:
            out.warnings.append(
                f"page {k}: weak title match (rotation {rot}, mean bigram overlap "
                f"{score / len(page.blocks):.2f}); item titles may be misassigned"
            )
        elif page.blocks and len(titles) > 1 and runner_up >= AMBIGUOUS * score:
            out.warnings.append(
                f"page {k}: ambiguous title match (rotation {rot} scores {score:.2f}, "
                f"another {runner_up:.2f}); item titles may be misassigned"
            )
        used = set()
        for b, (t, s) in zip(page.blocks, match):
            _emit(b, t, s, rot, dimension, meta, out)
            if t:
                used.add(t[0])
        for n, _ in titles:
            if n not in used:
                out.note(n, "unparsed", reason="item title not matched to any status cell")


def _match(blocks: list[_Block], titles: list[tuple[int, str]]):
    """Titles for ``blocks`` by the cyclic shift with the greatest bigram overlap.

    Returns [(title or None, overlap)] per block, the shift, its total overlap and the runner-up's total.
    """
    size = max(len(blocks), len(titles))
    if not blocks or not titles:
        return [(None, 0.0)] * len(blocks), 0, 0.0, 0.0
    padded = titles + [None] * (size - len(titles))
    texts = ["".join(t for _, t in b.status + b.problems) for b in blocks]
    tried = []
    for r in range(size):
        pairs = [
            (t, bigram_overlap(t[1], texts[i]) if t else 0.0)
            for i, t in enumerate(padded[(i + r) % size] for i in range(len(blocks)))
        ]
        tried.append((sum(s for _, s in pairs), -r, pairs))
    tried.sort(reverse=True)
    total, r, pairs = tried[0]
    return pairs, -r, total, (tried[1][0] if len(tried) > 1 else 0.0)


def _emit(b: _Block, title, score: float, rot: int, dimension, meta: dict, out: Parsed) -> None:
    status = b.status
    problems = b.problems
    if status is problems:  # status and "无" on one line
        m = _STATUS_AND_NONE.match(status[0][1].strip())
        assert m is not None  # the block was cut at this pattern
        status_text, problem_text = m.group(1), m.group(2)
    else:
        status_text = "".join(t.strip() for _, t in status)
        problem_text = "".join(t.strip() for _, t in problems) or None
    lines = [n for n, _ in status + problems]
    how = (
        f"item title from line {title[0]} (page rotation {rot}, bigram overlap {score:.2f})"
        if title
        else "no item title matched"
    )
    for n in lines:
        out.note(n, "record", "assessment", reason=how)
    if title:
        out.note(title[0], "record", "assessment-title", reason=f"title of the item at line {lines[0]}")
    if not problems:
        out.warnings.append(f"line {lines[0]}: status cell without a 存在问题 cell")
    out.assessments.append(
        AssessmentItem(
            line=min(lines),
            line_end=max(lines),
            dimension=dimension,
            item=title[1] if title else None,
            status=status_text,
            problems=problem_text,
            number=None,
            **meta,
        )
    )
