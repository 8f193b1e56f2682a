"""The briefing pictures drawn for a slide: 1920 × 1080 px PNG, SVG (text kept as text, so it can
be edited and searched) and an HTML page with the same SVG and its numbers as a table.

Every layout places labels in rows or columns spaced wider than the text is tall, so no two labels
overlap however many units a corpus has (the models of :mod:`fengong.viz.briefing` are already cut
to a slide's worth); every label is at least 13 px high; each picture has a title and a one-line
source note.

>>> import tempfile, pathlib
>>> from fengong.graph.queries.coordination import _demo_kg
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> write_slide(_demo_kg(), out / "workload.svg", "workload").read_text(encoding="utf-8").count("区财政局")
1
"""
from __future__ import annotations

import io
import math
import re
from pathlib import Path
from typing import Any

from fengong.files import atomic_write
from fengong.graph.kg import KnowledgeGraph
from fengong.viz.briefing import UNIT_GROUPS, Entry, Picture, picture
from fengong.viz.safe import html_text, visible

__all__ = ["write_slide", "slide_bytes", "slide_html", "WIDTH", "HEIGHT", "FORMATS"]

WIDTH, HEIGHT = 1920, 1080
_DPI = 100  # 1 px = 0.72 pt: font sizes below are in points
FORMATS = ("png", "svg", "html")
_LABEL, _SMALL, _TITLE, _HEAD = 11, 10, 22, 12  # points: 15.3, 13.9, 30.6, 16.7 px
_GROUP_COLORS = {"officials": "#c0392b", "co_responsible": "#1f4e79", "assisting_it": "#5b9bd5",
                 "it_assists": "#2e8b57"}
_COMMUNITY_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                     "#bcbd22", "#17becf")
_WORKLOAD_PARTS = (("主责（排名第一） responsible, first-listed", "#1f4e79"),
                   ("主责（其他） responsible, not first", "#5b9bd5"), ("协办 assisting", "#f4b183"))
_FONT_STACK = "'Noto Sans SC', 'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif"


def _fit(text: str, limit: int) -> str:
    """A label of at most ``limit`` characters (a longer name is cut with …; the table keeps it whole)."""
    text = visible(text)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _canvas():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from fengong.viz.fonts import use_cjk_font

    use_cjk_font()
    plt.rcParams["svg.hashsalt"] = "fengong"  # stable ids in SVG output
    plt.rcParams["svg.fonttype"] = "none"  # text stays text: editable on a slide, measurable in a browser
    fig = plt.figure(figsize=(WIDTH / _DPI, HEIGHT / _DPI), dpi=_DPI)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, WIDTH)
    ax.set_ylim(HEIGHT, 0)  # pixels, y down
    ax.set_axis_off()
    return fig, ax


def _frame(ax, pic: Picture) -> None:
    """Title, subtitle (the picture's note) and the source line."""
    ax.text(60, 62, _fit(pic.title, 60), fontsize=_TITLE, va="baseline", ha="left", color="#111")
    if pic.note:
        ax.text(60, 104, _fit(pic.note, 150), fontsize=_LABEL, va="baseline", ha="left", color="#555")
    ax.text(60, HEIGHT - 24, _fit(pic.source, 160), fontsize=_SMALL, va="baseline", ha="left", color="#777")


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


def _column(ax, x: float, y: float, side: str, groups: list[tuple[str, list[Entry], tuple[int, int]]],
            focus: tuple[float, float], top: int) -> None:
    """Groups of partners as one column of dots at ``x`` from ``y`` down, one row each (names
    outside, counts on the tie side, a line from the focus to each dot); what does not fit is
    counted in a last row per group."""
    out = -1 if side == "left" else 1
    rows = int((_UNIT_BOTTOM - y) / _ROW) - 2 * len(groups)  # a heading and a "more" row per group
    shown = _allot([len(es) for _, es, _ in groups], rows)
    for (group, entries, more), n in zip(groups, shown):
        color = _GROUP_COLORS[group]
        ax.text(x, y, UNIT_GROUPS[group], fontsize=_HEAD, ha="center", va="baseline", color=color)
        y += _ROW
        for e in entries[:n]:
            ax.plot([focus[0], x], [focus[1], y], color=color, lw=1 + 5 * math.sqrt(e.count / top), alpha=0.45,
                    solid_capstyle="round", zorder=1)
            ax.scatter([x], [y], s=60 + 240 * e.count / top, color=color, zorder=2, edgecolors="white")
            ax.text(x + out * 18, y, _fit(e.name, 26), fontsize=_LABEL, va="center", ha="right" if out < 0 else "left")
            ax.text(x - out * 18, y - 4, str(e.count), fontsize=_SMALL, va="bottom",
                    ha="left" if out < 0 else "right", color=color)
            y += _ROW
        left, tasks = more[0] + len(entries) - n, more[1] + sum(e.count for e in entries[n:])
        if left:
            ax.text(x + out * 18, y, f"另 {left} 个 +{left} more（{tasks} 项 tasks）", fontsize=_SMALL,
                    va="center", ha="right" if out < 0 else "left", color="#777")
        y += _ROW


_ROW, _UNIT_BOTTOM = 32, 1030


def _draw_unit(ax, pic: Picture) -> None:
    import matplotlib.patches as mpatches

    focus = (WIDTH / 2, 620)
    top = max([e.count for es in pic.groups.values() for e in es] or [1])
    # officials in a row above the unit, within the corridor between the columns
    officials = pic.groups["officials"][:6]
    spacing = 100
    start = WIDTH / 2 - spacing * (len(officials) - 1) / 2
    color = _GROUP_COLORS["officials"]
    ax.text(WIDTH / 2, 180, UNIT_GROUPS["officials"], fontsize=_HEAD, ha="center", va="baseline", color=color)
    for i, e in enumerate(officials):
        x = start + i * spacing
        ax.plot([focus[0], x], [focus[1], 262], color=color, lw=1 + 5 * math.sqrt(e.count / top), alpha=0.4, zorder=1)
        ax.scatter([x], [262], marker="D", s=120, color=color, zorder=2)
        ax.text(x, 240, _fit(e.name, 5), fontsize=_LABEL, ha="center", va="baseline")
        ax.text(x + 12, 286, str(e.count), fontsize=_SMALL, ha="left", va="top", color=color)
    hidden = pic.more["officials"][0] + len(pic.groups["officials"]) - len(officials)
    if hidden:
        ax.text(start + (len(officials) - 1) * spacing + 50, 262, f"+{hidden}", fontsize=_SMALL, va="center",
                color="#777")
    # co-responsible units on the left; the two assisting relations on the right
    _column(ax, 520, 330, "left", [("co_responsible", pic.groups["co_responsible"], pic.more["co_responsible"])],
            focus, top)
    _column(ax, WIDTH - 520, 330, "right", [(g, pic.groups[g], pic.more[g]) for g in ("assisting_it", "it_assists")],
            focus, top)
    name = _fit(pic.focus.name, 18)
    half = min(300, max(170, 12 * len(name) + 30))
    ax.add_patch(mpatches.FancyBboxPatch((focus[0] - half, focus[1] - 52), 2 * half, 104, boxstyle="round,pad=6",
                                         facecolor="#fff8e1", edgecolor="#c9a227", lw=2, zorder=3))
    ax.text(focus[0], focus[1] - 8, name, fontsize=16, ha="center", va="baseline", zorder=4)
    r, a = pic.focus.parts
    ax.text(focus[0], focus[1] + 30, f"主责 {r} 项 · 协办 {a} 项 responsible {r} · assisting {a}", fontsize=_SMALL,
            ha="center", va="baseline", zorder=4, color="#444")


# ---------------------------------------------------------------- coordination: strongest ties


def _spread(ys: list[float], gap: float, low: float, high: float) -> list[float]:
    """Label heights moved apart to at least ``gap`` (order kept), within [low, high] where they fit."""
    out = list(ys)
    for i in range(1, len(out)):
        out[i] = max(out[i], out[i - 1] + gap)
    overflow = out[-1] - high if out else 0
    if overflow > 0:
        out = [y - overflow for y in out]
        for i in range(len(out) - 2, -1, -1):
            out[i] = min(out[i], out[i + 1] - gap)
    shift = low - out[0] if out and out[0] < low else 0
    return [y + shift for y in out]


def _draw_coordination(ax, pic: Picture) -> None:
    centre, radius = (WIDTH / 2, 590), 330
    n = max(len(pic.entries), 1)
    pos = {e.id: (centre[0] + radius * math.sin(2 * math.pi * i / n), centre[1] - radius * math.cos(2 * math.pi * i / n))
           for i, e in enumerate(pic.entries)}
    top_tie = max([w for *_, w in pic.ties] or [1])
    for a, b, w in sorted(pic.ties, key=lambda t: t[2]):
        (x0, y0), (x1, y1) = pos[a], pos[b]
        ax.plot([x0, x1], [y0, y1], color="#555", lw=0.6 + 6 * (w / top_tie), alpha=0.25 + 0.5 * (w / top_tie), zorder=1)
    top = max([e.count for e in pic.entries] or [1])
    colour = {e.id: _COMMUNITY_COLORS[e.community % len(_COMMUNITY_COLORS)] if e.community >= 0 else "#999"
              for e in pic.entries}
    for side, column in (("left", centre[0] - radius - 90), ("right", centre[0] + radius + 90)):
        mine = sorted((e for e in pic.entries if (pos[e.id][0] < centre[0]) == (side == "left")),
                      key=lambda e: pos[e.id][1])
        ys = _spread([pos[e.id][1] for e in mine], 24, 150, HEIGHT - 60)
        for e, y in zip(mine, ys):
            x, py = pos[e.id]
            ax.plot([x, column + (10 if side == "left" else -10), column], [py, y, y], color="#bbb", lw=0.7, zorder=1)
            ax.text(column + (-6 if side == "left" else 6), y, f"{_fit(e.name, 22)}  {e.count}", fontsize=_LABEL,
                    va="center", ha="right" if side == "left" else "left", color="#222")
    ax.scatter([pos[e.id][0] for e in pic.entries], [pos[e.id][1] for e in pic.entries],
               s=[40 + 700 * e.count / top for e in pic.entries], c=[colour[e.id] for e in pic.entries],
               edgecolors="white", linewidths=1, zorder=2)
    communities = sorted({e.community for e in pic.entries if e.community >= 0})
    for i, c in enumerate(communities[:8]):
        members = sum(1 for e in pic.entries if e.community == c)
        x = 60 + 230 * i
        ax.scatter([x], [140], s=110, color=_COMMUNITY_COLORS[c % len(_COMMUNITY_COLORS)])
        ax.text(x + 14, 140, f"社区 {c} community ({members})", fontsize=_SMALL, va="center")


# ---------------------------------------------------------------- matrix, bars


def _draw_matrix(fig, ax, pic: Picture) -> None:
    import numpy as np

    n = len(pic.entries)
    side = 760
    left, top_ = 470, 250
    m = fig.add_axes((left / WIDTH, 1 - (top_ + side) / HEIGHT, side / WIDTH, side / HEIGHT))
    data = np.array(pic.matrix or [[0]], dtype=float)
    shown = np.ma.masked_where(data == 0, data)
    image = m.imshow(shown, cmap="Blues", vmin=0, vmax=max(1, data.max()), interpolation="nearest")
    names = [_fit(e.name, 14) for e in pic.entries]
    m.set_xticks(range(n), names, rotation=90, fontsize=_SMALL)
    m.set_yticks(range(n), names, fontsize=_SMALL)
    m.xaxis.tick_top()
    m.tick_params(length=0)
    for i in range(n):
        for j in range(n):
            if data[i, j]:
                m.text(j, i, f"{int(data[i, j])}", ha="center", va="center", fontsize=9.5,
                       color="white" if data[i, j] > 0.6 * data.max() else "#222")
    bounds = [i for i in range(1, n) if pic.entries[i].community != pic.entries[i - 1].community]
    for b in bounds:
        m.axhline(b - 0.5, color="#c0392b", lw=1.2)
        m.axvline(b - 0.5, color="#c0392b", lw=1.2)
    for spine in m.spines.values():
        spine.set_visible(False)
    bar = fig.colorbar(image, ax=m, fraction=0.035, pad=0.02)
    bar.set_label("共同任务 shared tasks", fontsize=_SMALL)
    bar.ax.tick_params(labelsize=_SMALL)
    ax.text(60, 150, "红线分隔社区 red lines separate communities", fontsize=_SMALL, color="#c0392b")


def _bars(fig, entries: list[Entry], parts: list[tuple[str, str]], more, unit: str) -> None:
    import numpy as np

    n = max(len(entries), 1)
    m = fig.add_axes((520 / WIDTH, 80 / HEIGHT, 1150 / WIDTH, 840 / HEIGHT))
    y = np.arange(len(entries))
    left = np.zeros(len(entries))
    for k, (label, color) in enumerate(parts):
        values = np.array([e.parts[k] if e.parts else e.count for e in entries], dtype=float)
        m.barh(y, values, left=left, color=color, label=label, height=0.72)
        left += values
    for i, e in enumerate(entries):
        m.text(left[i] + 0.01 * max(left.max(), 1), i, str(e.count), va="center", fontsize=_SMALL)
    m.set_yticks(y, [_fit(e.name, 24) for e in entries], fontsize=_LABEL)
    m.set_ylim(n - 0.5, -0.5)
    m.set_xlabel(unit, fontsize=_SMALL)
    m.tick_params(axis="x", labelsize=_SMALL)
    for s in ("top", "right"):
        m.spines[s].set_visible(False)
    if len(parts) > 1:
        m.legend(loc="lower right", fontsize=_SMALL, frameon=False)
    if more and more[0]:
        m.text(1.0, -0.06, f"另 {more[0]} 个 +{more[0]} more（{more[1]} 项 tasks）", transform=m.transAxes,
               ha="right", fontsize=_SMALL, color="#777")


# ---------------------------------------------------------------- writing


def _figure(pic: Picture):
    fig, ax = _canvas()
    _frame(ax, pic)
    if pic.kind == "unit":
        _draw_unit(ax, pic)
    elif pic.kind == "coordination":
        _draw_coordination(ax, pic)
    elif pic.kind == "matrix":
        _draw_matrix(fig, ax, pic)
    elif pic.kind == "workload":
        _bars(fig, pic.entries, list(_WORKLOAD_PARTS), pic.more.get("units"), "任务数 tasks")
    else:
        _bars(fig, pic.entries, [("主责任务 responsible tasks", "#1f4e79")], pic.more.get("units"),
              "该领导牵头、该单位主责的任务数 tasks led by the official with the unit responsible")
    return fig


def slide_bytes(pic: Picture, fmt: str) -> bytes:
    """The picture as PNG or SVG bytes (1920 × 1080 px)."""
    import matplotlib.pyplot as plt

    fig = _figure(pic)
    try:
        buf = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        fig.savefig(buf, format=fmt, dpi=_DPI, metadata=metadata)
    finally:
        plt.close(fig)
    data = buf.getvalue()
    if fmt == "svg":  # fonts for every system a slide may open on, not only the one that drew it
        data = re.sub(rb"font-family: ?'?[^;'\"]*'?", f"font-family: {_FONT_STACK}".encode(), data)
    return data


def slide_html(pic: Picture) -> str:
    """A page with the picture (its SVG inline: text selectable, nothing fetched) and its numbers."""
    from fengong.output import HEADERS

    svg = slide_bytes(pic, "svg").decode("utf-8")
    svg = svg[svg.index("<svg"):]  # no XML declaration or doctype inside HTML
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = re.sub(r'<svg ([^>]*?)width="[^"]*" height="[^"]*"', r'<svg \1', svg, count=1)
    table = pic.table()
    head = "".join(f"<th>{html_text(HEADERS.get(c, c))}</th>" for c in table.columns)
    rows = "".join("<tr>" + "".join(f"<td>{html_text(v)}</td>" for v in r) + "</tr>"
                   for r in table.itertuples(index=False))
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="fengong map ({pic.kind})">
<title>{html_text(pic.title)}</title>
<style>
  body {{ margin: 0 auto; max-width: 1920px; font-family: {_FONT_STACK}; color: #222; }}
  figure {{ margin: 0; }}
  figure svg {{ width: 100%; height: auto; display: block; }}
  table {{ border-collapse: collapse; margin: 16px 60px 40px; font-size: 14px; }}
  th, td {{ border-bottom: 1px solid #ddd; padding: 3px 10px; text-align: left; }}
  td:last-child, th:last-child {{ text-align: right; }}
  @media print {{ table {{ page-break-before: always; }} }}
</style>
</head>
<body>
<figure aria-label="{html_text(pic.title)}">
{svg}
</figure>
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
