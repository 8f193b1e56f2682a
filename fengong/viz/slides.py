"""The briefing pictures drawn for a slide: 1920 × 1080 px PNG, SVG (text kept as text, so it can
be edited and searched) and an HTML page with the same SVG and its numbers as a table.

Every layout places labels in rows or columns spaced wider than the text is tall, so no two labels
overlap however many units a corpus has (the models of :mod:`fengong.viz.briefing` are already cut
to a slide's worth); every label is at least 13 px high; each picture has a title and a one-line
source note. Shapes go to a :class:`~fengong.viz.canvas.Canvas`: SVG is written directly,
PNG drawn by matplotlib.

>>> import tempfile, pathlib
>>> from fengong.graph.queries.coordination import _demo_kg
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> write_slide(_demo_kg(), out / "workload.svg", "workload").read_text(encoding="utf-8").count(">区财政局<")
1
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

from fengong.files import atomic_write
from fengong.graph.kg import KnowledgeGraph
from fengong.viz.briefing import UNIT_GROUPS, Entry, Picture, picture
from fengong.viz.canvas import FONT_STACK, Canvas, text_width
from fengong.viz.safe import html_text

__all__ = ["write_slide", "slide_bytes", "slide_svg", "slide_html", "inline_svg", "draw", "WIDTH", "HEIGHT", "FORMATS"]

WIDTH, HEIGHT = 1920, 1080
FORMATS = ("png", "svg", "html")
_LABEL, _SMALL, _TITLE, _HEAD = 15, 14, 30, 17  # px
_GROUP_COLORS = {
    "officials": "#c0392b",
    "co_responsible": "#1f4e79",
    "assisting_it": "#5b9bd5",
    "it_assists": "#2e8b57",
}
_COMMUNITY_COLORS = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
)
_WORKLOAD_PARTS = (
    ("主责（排名第一） responsible, first-listed", "#1f4e79"),
    ("主责（其他） responsible, not first", "#5b9bd5"),
    ("协办 assisting", "#f4b183"),
)


def _fit(text: str, limit: int) -> str:
    """A label of at most ``limit`` characters (a longer name is cut with …; the table keeps it whole)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _frame(c: Canvas, pic: Picture) -> None:
    """Title, subtitle (the picture's note) and the source line."""
    c.text(60, 62, _fit(pic.title, 56), size=_TITLE, baseline="alphabetic", color="#111")
    if pic.note:
        c.text(60, 104, _fit(pic.note, 120), size=_LABEL, baseline="alphabetic", color="#555")
    c.text(60, HEIGHT - 22, _fit(pic.source, 130), size=_SMALL, baseline="alphabetic", color="#777")


# ---------------------------------------------------------------- a unit and its partners


def _allot(sizes: list[int], capacity: int) -> list[int]:
    """Rows for groups sharing a column: each its need, the largest cut first when they do not fit.

    >>> _allot([30, 3, 10], 20)
    [8, 3, 9]
    """
    out = list(sizes)
    while sum(out) > capacity:
        i = max(range(len(out)), key=lambda k: (out[k], -k))
        out[i] -= 1
    return out


_ROW, _UNIT_TOP, _UNIT_BOTTOM = 32, 330, 1030


def _column(
    c: Canvas,
    x: float,
    side: str,
    groups: list[tuple[str, list[Entry], tuple[int, int]]],
    focus: tuple[float, float],
    top: int,
) -> None:
    """Groups of partners as one column of dots at ``x``, one row each (names outside, counts on the
    tie side, a tie from the focus to each dot); what does not fit is counted in a last row."""
    out = -1 if side == "left" else 1
    rows = int((_UNIT_BOTTOM - _UNIT_TOP) / _ROW) - 2 * len(groups)  # a heading and a "more" row per group
    shown = _allot([len(es) for _, es, _ in groups], rows)
    y = _UNIT_TOP
    outside, inside = ("end", "start") if out < 0 else ("start", "end")
    for (group, entries, more), n in zip(groups, shown):
        color = _GROUP_COLORS[group]
        c.text(x, y, UNIT_GROUPS[group], size=_HEAD, anchor="middle", color=color)
        y += _ROW
        for e in entries[:n]:
            share = math.sqrt(e.count / top)
            c.line([focus, (x, y)], color=color, width=1.4 + 7 * share, alpha=0.45)
            c.circle(x, y, 5 + 8 * share, color, title=f"{e.name}: {e.count}")
            c.text(x + out * 20, y, _fit(e.name, 26), size=_LABEL, anchor=outside)
            c.text(x - out * 20, y - 9, str(e.count), size=_SMALL, anchor=inside, color=color)
            y += _ROW
        left, tasks = more[0] + len(entries) - n, more[1] + sum(e.count for e in entries[n:])
        if left:
            c.text(
                x + out * 20,
                y,
                f"另 {left} 个 +{left} more（{tasks} 项 tasks）",
                size=_SMALL,
                anchor=outside,
                color="#777",
            )
        y += _ROW


def _draw_unit(c: Canvas, pic: Picture) -> None:
    """A unit in the middle: officials above, co-responsible units left, assisting relations right."""
    focus = (WIDTH / 2, 620)
    top = max([e.count for es in pic.groups.values() for e in es] or [1])
    # officials in a row above the unit, within the corridor between the columns
    officials = pic.groups["officials"][:6]
    spacing = 100
    start = WIDTH / 2 - spacing * (len(officials) - 1) / 2
    color = _GROUP_COLORS["officials"]
    c.text(WIDTH / 2, 180, UNIT_GROUPS["officials"], size=_HEAD, anchor="middle", color=color)
    for i, e in enumerate(officials):
        x = start + i * spacing
        c.line([focus, (x, 262)], color=color, width=1.4 + 7 * math.sqrt(e.count / top), alpha=0.4)
        c.diamond(x, 262, 9, color, title=f"{e.name}: {e.count}")
        c.text(x, 240, _fit(e.name, 5), size=_LABEL, anchor="middle", baseline="alphabetic")
        c.text(x + 12, 286, str(e.count), size=_SMALL, color=color)
    hidden = pic.more["officials"][0] + len(pic.groups["officials"]) - len(officials)
    if hidden:
        c.text(start + (len(officials) - 1) * spacing + 40, 262, f"+{hidden}", size=_SMALL, color="#777")
    # co-responsible units on the left; the two assisting relations on the right
    _column(c, 520, "left", [("co_responsible", pic.groups["co_responsible"], pic.more["co_responsible"])], focus, top)
    _column(
        c, WIDTH - 520, "right", [(g, pic.groups[g], pic.more[g]) for g in ("assisting_it", "it_assists")], focus, top
    )
    assert pic.focus is not None  # a unit picture has its unit
    name = _fit(pic.focus.name, 18)
    r, a = pic.focus.parts
    counts = f"主责 {r} 项 · 协办 {a} 项 responsible {r} · assisting {a}"
    half = max(text_width(name, 24), text_width(counts, _SMALL)) / 2 + 24
    c.rect(focus[0] - half, focus[1] - 52, 2 * half, 104, "#fff8e1", stroke="#c9a227", radius=10)
    c.text(focus[0], focus[1] - 12, name, size=24, anchor="middle")
    c.text(focus[0], focus[1] + 26, counts, size=_SMALL, anchor="middle", color="#444")


# ---------------------------------------------------------------- coordination: strongest ties


def _spread(ys: list[float], gap: float, low: float, high: float) -> list[float]:
    """Label heights moved apart to at least ``gap`` (order kept), kept within [low, high] where they fit.

    >>> _spread([100, 101, 102], 20, 0, 1000)
    [100, 120, 140]
    >>> _spread([990, 995], 20, 0, 1000)
    [980, 1000]
    """
    out = list(ys)
    for i in range(1, len(out)):
        out[i] = max(out[i], out[i - 1] + gap)
    if out and out[-1] > high:
        out[-1] = high
        for i in range(len(out) - 2, -1, -1):
            out[i] = min(out[i], out[i + 1] - gap)
    if out and out[0] < low:
        out = [y + low - out[0] for y in out]
    return out


def _community_colour(community: int) -> str:
    return _COMMUNITY_COLORS[community % len(_COMMUNITY_COLORS)] if community >= 0 else "#999999"


def _draw_coordination(c: Canvas, pic: Picture) -> None:
    """Units on a circle by community, the strongest ties between them, labels in two columns."""
    centre, radius = (WIDTH / 2, 590), 330
    n = max(len(pic.entries), 1)
    pos = {
        e.id: (
            centre[0] + radius * math.sin(2 * math.pi * (i + 0.5) / n),
            centre[1] - radius * math.cos(2 * math.pi * (i + 0.5) / n),
        )
        for i, e in enumerate(pic.entries)
    }
    top_tie = max([w for *_, w in pic.ties] or [1])
    names = {e.id: e.name for e in pic.entries}
    for a, b, w in sorted(pic.ties, key=lambda t: (t[2], t[0], t[1])):
        c.line([pos[a], pos[b]], color="#555555", width=0.8 + 8 * w / top_tie, alpha=0.2 + 0.5 * w / top_tie)
    top = max([e.count for e in pic.entries] or [1])
    for side, column in (("left", centre[0] - radius - 100), ("right", centre[0] + radius + 100)):
        mine = sorted(
            (e for e in pic.entries if (pos[e.id][0] < centre[0]) == (side == "left")), key=lambda e: pos[e.id][1]
        )
        ys = _spread([pos[e.id][1] for e in mine], 26, 175, HEIGHT - 60)
        for e, y in zip(mine, ys):
            x, py = pos[e.id]
            elbow = column + (14 if side == "left" else -14)
            c.line([(x, py), (elbow, y), (column, y)], color="#bbbbbb", width=1)
            c.text(
                column + (-6 if side == "left" else 6),
                y,
                f"{_fit(e.name, 20)}  {e.count}",
                size=_LABEL,
                anchor="end" if side == "left" else "start",
            )
    for e in pic.entries:
        c.circle(
            *pos[e.id],
            5 + 20 * math.sqrt(e.count / top),
            _community_colour(e.community),
            title=f"{e.name}: {e.count} 项任务 tasks",
        )
    communities = sorted({e.community for e in pic.entries if e.community >= 0})
    for i, k in enumerate(communities[:8]):
        members = sum(1 for e in pic.entries if e.community == k)
        x = 70 + 230 * i
        c.circle(x, 142, 8, _community_colour(k))
        c.text(x + 16, 142, f"社区 {k} community ({members})", size=_SMALL)
    del names


# ---------------------------------------------------------------- matrix, bars


def _blue(value: float) -> str:
    """A colour from pale to dark blue for ``value`` in [0, 1]."""
    low, high = (239, 243, 255), (8, 48, 107)
    return "#" + "".join(f"{round(a + (b - a) * value):02x}" for a, b in zip(low, high))


def _draw_matrix(c: Canvas, pic: Picture) -> None:
    """Shared tasks as a heat map, units ordered by community, with its scale."""
    n = max(len(pic.entries), 1)
    cell = min(30.0, 720 / n)
    x0, y0 = 620, 300
    names = [_fit(e.name, 12) for e in pic.entries]
    top = max([v for row in pic.matrix for v in row] or [1])
    for i, name in enumerate(names):
        c.text(x0 - 8, y0 + (i + 0.5) * cell, name, size=_SMALL, anchor="end")
        c.text(x0 + (i + 0.5) * cell, y0 - 8, name, size=_SMALL, anchor="start", rotate=90)
    for i, row in enumerate(pic.matrix):
        for j, v in enumerate(row):
            if not v:
                continue
            share = v / top
            c.rect(
                x0 + j * cell,
                y0 + i * cell,
                cell - 1,
                cell - 1,
                _blue(0.15 + 0.85 * share),
                title=f"{pic.entries[i].name} × {pic.entries[j].name}: {v}",
            )
            c.text(
                x0 + (j + 0.5) * cell,
                y0 + (i + 0.5) * cell,
                str(v),
                size=13,
                anchor="middle",
                color="#ffffff" if share > 0.5 else "#222222",
            )
    bounds = [i for i in range(1, len(pic.entries)) if pic.entries[i].community != pic.entries[i - 1].community]
    for b in bounds:
        c.line([(x0, y0 + b * cell), (x0 + n * cell, y0 + b * cell)], color="#c0392b", width=1.5)
        c.line([(x0 + b * cell, y0), (x0 + b * cell, y0 + n * cell)], color="#c0392b", width=1.5)
    # the scale
    lx = x0 + n * cell + 60
    c.text(lx, y0, "共同任务 shared tasks", size=_SMALL)
    for k in range(6):
        value = round(top * (k + 1) / 6)
        c.rect(lx, y0 + 24 + k * 30, 26, 26, _blue(0.15 + 0.85 * (k + 1) / 6))
        c.text(lx + 36, y0 + 37 + k * 30, f"≤ {value}", size=_SMALL)
    c.text(lx, y0 + 24 + 6 * 30 + 30, "红线分隔社区 red lines:", size=_SMALL, color="#c0392b")
    c.text(lx, y0 + 24 + 6 * 30 + 54, "communities", size=_SMALL, color="#c0392b")


def _ticks(top: float) -> list[int]:
    """Round axis ticks from 0 past ``top`` (about five).

    >>> _ticks(117)
    [0, 25, 50, 75, 100, 125]
    """
    raw = max(top, 1) / 5
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    step = max(1, int(step))
    return list(range(0, int(math.ceil(top / step) * step) + 1, step))


def _draw_bars(c: Canvas, pic: Picture, parts: list[tuple[str, str]], unit: str) -> None:
    """Horizontal bars, stacked by ``parts``, with an axis of round ticks and the count at each bar's end."""
    entries = pic.entries
    n = max(len(entries), 1)
    x0, width, y0 = 560, 1180, 160
    row = min(34.0, 820 / n)
    ticks = _ticks(max([e.count for e in entries] or [1]))
    scale = width / ticks[-1]
    for t in ticks:
        x = x0 + t * scale
        c.line([(x, y0 - 6), (x, y0 + n * row)], color="#e6e6e6", width=1)
        c.text(x, y0 + n * row + 20, str(t), size=_SMALL, anchor="middle", color="#555")
    c.text(x0 + width / 2, y0 + n * row + 50, unit, size=_SMALL, anchor="middle", color="#555")
    for i, e in enumerate(entries):
        y = y0 + i * row
        c.text(x0 - 10, y + row / 2, _fit(e.name, 24), size=_LABEL, anchor="end")
        left = 0.0
        values = e.parts if len(parts) > 1 else (e.count,)
        for (label, color), v in zip(parts, values):
            if v:
                c.rect(x0 + left * scale, y + row * 0.15, v * scale, row * 0.7, color, title=f"{e.name} · {label}: {v}")
            left += v
        c.text(x0 + left * scale + 8, y + row / 2, str(e.count), size=_SMALL)
    if len(parts) > 1:
        for k, (label, color) in enumerate(parts):
            c.rect(x0 + 20 + 330 * k, 124, 18, 18, color)
            c.text(x0 + 46 + 330 * k, 133, label, size=_SMALL)
    more = pic.more.get("units")
    if more and more[0]:
        c.text(
            x0 + width,
            y0 + n * row + 50,
            f"另 {more[0]} 个 +{more[0]} more（{more[1]} 项 tasks）",
            size=_SMALL,
            anchor="end",
            color="#777",
        )


# ---------------------------------------------------------------- writing


def draw(pic: Picture) -> Canvas:
    """The picture's shapes on a 1920 × 1080 canvas."""
    c = Canvas(WIDTH, HEIGHT)
    _frame(c, pic)
    if pic.kind == "unit":
        _draw_unit(c, pic)
    elif pic.kind == "coordination":
        _draw_coordination(c, pic)
    elif pic.kind == "matrix":
        _draw_matrix(c, pic)
    elif pic.kind == "workload":
        _draw_bars(c, pic, list(_WORKLOAD_PARTS), "任务数 tasks")
    else:
        _draw_bars(
            c,
            pic,
            [("主责任务 responsible tasks", "#1f4e79")],
            "该领导牵头、该单位主责的任务数 tasks the official leads with the unit responsible",
        )
    return c


def slide_svg(pic: Picture) -> str:
    """The picture as an SVG document."""
    return draw(pic).svg()


def slide_bytes(pic: Picture, fmt: str) -> bytes:
    """The picture as PNG or SVG bytes (1920 × 1080 px)."""
    return draw(pic).png() if fmt == "png" else slide_svg(pic).encode("utf-8")


def inline_svg(svg: str) -> str:
    """An SVG document made fit for a page: no XML declaration, and scaling with the page's width."""
    svg = svg[svg.index("<svg") :]
    return re.sub(r'<svg ([^>]*?)width="\d+" height="\d+"', r"<svg \1", svg, count=1)


def slide_html(pic: Picture) -> str:
    """A page with the picture (its SVG inline: text selectable, tooltips, nothing fetched) and its numbers."""
    from fengong.output import HEADERS

    table = pic.table()
    head = "".join(f"<th>{html_text(HEADERS.get(col, col))}</th>" for col in table.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{html_text(v)}</td>" for v in r) + "</tr>" for r in table.itertuples(index=False)
    )
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="fengong map ({pic.kind})">
<title>{html_text(pic.title)}</title>
<style>
  body {{ margin: 0 auto; max-width: 1920px; font-family: {FONT_STACK}; color: #222; }}
  figure {{ margin: 0; }}
  figure svg {{ width: 100%; height: auto; display: block; }}
  table {{ border-collapse: collapse; margin: 16px 60px 40px; font-size: 14px; }}
  th, td {{ border-bottom: 1px solid #ddd; padding: 3px 10px; text-align: left; }}
  td:last-child, th:last-child {{ text-align: right; }}
  @media print {{ table {{ break-before: page; }} }}
</style>
</head>
<body>
<figure>
{inline_svg(slide_svg(pic))}</figure>
<table>
<thead><tr>{head}</tr></thead>
<tbody>{rows}</tbody>
</table>
</body>
</html>
"""


def write_slide(kg: KnowledgeGraph, path: str | Path, kind: str, **kw: Any) -> Path:
    """Draw a briefing picture (``kind`` of :data:`fengong.viz.briefing.PICTURES`; ``kw`` for its
    model function) into ``path``: .png, .svg or .html by the suffix."""
    from fengong.viz.maps import MapError

    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise MapError(f"a picture is .png, .svg or .html, not {path.suffix or 'no suffix'}")
    pic = picture(kg, kind, **kw)
    data = slide_html(pic).encode("utf-8") if fmt == "html" else slide_bytes(pic, fmt)
    return atomic_write(path, data)
