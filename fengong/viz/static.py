"""Slide pictures of the maps: the same graph as :mod:`fengong.viz.maps`, drawn with matplotlib
(PNG or SVG by the file's suffix, 16:9 at 16 × 9 inches and 150 dpi, Chinese labels, a legend).

>>> import tempfile, pathlib
>>> from fengong.graph.queries.coordination import _demo_kg
>>> path = write_picture(_demo_kg(), pathlib.Path(tempfile.mkdtemp()) / "coordination.png", "coordination")
>>> path.read_bytes()[:4] == b"\\x89PNG"
True
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fengong.files import atomic_stream
from fengong.graph.kg import KnowledgeGraph
from fengong.viz.maps import EDGE_STYLE, NODE_STYLE, UNIT_COLORS, UNIT_KIND_LABELS, MapError, build_map
from fengong.viz.safe import visible

__all__ = ["write_picture", "SIZE", "DPI"]

SIZE = (16, 9)
DPI = 150
_MARKERS = {"dot": "o", "diamond": "D", "square": "s", "triangle": "^"}


def write_picture(kg: KnowledgeGraph, path: str | Path, kind: str, **kw: Any) -> Path:
    """Draw a map (``kw`` as for :func:`fengong.viz.maps.build_map`) to ``path`` (.png or .svg)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from fengong.viz.fonts import use_cjk_font

    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in ("png", "svg"):
        raise MapError(f"a picture is .png or .svg, not {path.suffix or 'no suffix'}")
    g = build_map(kg, kind, **kw)
    use_cjk_font()
    plt.rcParams["svg.hashsalt"] = "fengong"  # stable ids in SVG output
    fig, ax = plt.subplots(figsize=SIZE, dpi=DPI)
    try:
        ax.set_axis_off()
        pos = {n: (d.get("x", 0), -d.get("y", 0)) for n, d in g.nodes(data=True)}  # vis y points down
        _draw_edges(ax, g, pos)
        if pos:
            xs, ys = zip(*pos.values())
            pad = 0.05 * max(max(xs) - min(xs), max(ys) - min(ys), 1)
            ax.set_xlim(min(xs) - pad, max(xs) + pad)
            ax.set_ylim(min(ys) - pad, max(ys) + pad)
        _draw_nodes(ax, g, pos)
        ax.legend(handles=_legend(g), loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=9, frameon=False)
        title = g.graph["title"] + ("\n" + g.graph["note"].split("。")[0] if g.graph.get("aggregated") else "")
        ax.set_title(visible(title), fontsize=16, parse_math=False)  # names are text: "$…$" is not mathtext
        fig.subplots_adjust(left=0.02, right=0.82, top=0.92, bottom=0.02)
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        with atomic_stream(path) as fh:  # an interrupted drawing leaves the previous picture
            fig.savefig(fh, format=fmt, dpi=DPI, metadata=metadata)
    finally:
        plt.close(fig)
    return path


def _draw_edges(ax, g, pos: dict) -> None:
    """Edges as one line collection per style (fast for thousands), arrows where the role has one."""
    from matplotlib.collections import LineCollection

    top = max((w for _, _, w in g.edges(data="weight")), default=1)
    lines: dict[tuple, list] = {}
    for u, v, d in sorted(g.edges(data=True), key=lambda e: (e[0], e[1], e[2]["role"])):
        color, dashed, arrow, _ = EDGE_STYLE[d["role"]]
        width = 0.5 + 5 * (d["weight"] / top) ** 0.5 if d["role"] in ("co", "lead-assist") else 0.6
        (x0, y0), (x1, y1) = pos[u], pos[v]
        if arrow:
            ax.annotate(
                "",
                xy=(x1, y1),
                xytext=(x0, y0),
                zorder=1,
                arrowprops={"arrowstyle": "-|>", "color": color, "lw": width, "alpha": 0.6, "shrinkA": 6, "shrinkB": 6},
            )
        else:
            lines.setdefault((color, dashed), []).append(((x0, y0), (x1, y1), width))
    for (color, dashed), segs in lines.items():
        ax.add_collection(
            LineCollection(
                [s[:2] for s in segs],
                linewidths=[s[2] for s in segs],
                colors=color,
                linestyles="--" if dashed else "-",
                alpha=0.55,
                zorder=1,
            )
        )


def _draw_nodes(ax, g, pos: dict) -> None:
    """Nodes as one scatter per marker (not per node), and the labels of the named ones."""
    labelled = _labelled(g)
    by_marker: dict[str, tuple[list, list, list, list]] = {}
    for n, d in g.nodes(data=True):
        shape = "square" if d.get("merged") else NODE_STYLE.get(d["type"], ("dot",))[0]
        fill = UNIT_COLORS.get(d["unit_kind"], "#555555") if d["type"] == "Unit" else NODE_STYLE[d["type"]][1]
        size = 12 if d["type"] == "Task" else 40 + 12 * d.get("tasks", 0) ** 0.5 * 4
        if d.get("merged"):  # merged units or tasks (maps.py): by how many they stand for
            size = 60 + 40 * d["merged"] ** 0.5
        mx, my, sizes, colors = by_marker.setdefault(_MARKERS.get(shape, "o"), ([], [], [], []))
        mx.append(pos[n][0])
        my.append(pos[n][1])
        sizes.append(size)
        colors.append(fill)
    for marker, (mx, my, sizes, colors) in by_marker.items():
        ax.scatter(mx, my, s=sizes, marker=marker, c=colors, edgecolors="white", linewidths=0.5, zorder=2)
    for n, d in g.nodes(data=True):
        if n in labelled:
            ax.annotate(
                visible(d["label"]),
                pos[n],
                fontsize=7,
                ha="center",
                va="bottom",
                xytext=(0, 4),
                textcoords="offset points",
                zorder=3,
                parse_math=False,
            )


def _legend(g) -> list:
    """A legend entry per node group and per edge role drawn."""
    from matplotlib.lines import Line2D

    handles = []
    fill: str | None
    for group in sorted({d["group"] for _, d in g.nodes(data=True)}):
        d = next(d for _, d in g.nodes(data=True) if d["group"] == group)
        shape = "square" if d.get("merged") else NODE_STYLE.get(d["type"], ("dot",))[0]
        if d["type"] == "Unit":
            fill, label = UNIT_COLORS.get(d["unit_kind"], "#555555"), UNIT_KIND_LABELS.get(d["unit_kind"])
        else:
            fill, label = NODE_STYLE[d["type"]][1], NODE_STYLE[d["type"]][2]
        if d.get("merged"):
            label = "合并的 merged " + (label or "单位 units")
        handles.append(Line2D([], [], ls="", marker=_MARKERS.get(shape, "o"), color=fill, label=label))
    for role in [r for r in EDGE_STYLE if any(d["role"] == r for _, _, d in g.edges(data=True))]:
        color, dashed, _, label = EDGE_STYLE[role]
        handles.append(Line2D([], [], color=color, ls="--" if dashed else "-", lw=2, label=label))
    return handles


def _labelled(g) -> set:
    """Units, officials and documents get labels; on a big map only the 40 busiest."""
    named = [(n, d) for n, d in g.nodes(data=True) if d["type"] != "Task" or d.get("merged")]
    if len(named) <= 60:
        return {n for n, _ in named}
    return {n for n, _ in sorted(named, key=lambda x: (-x[1].get("tasks", 0), x[0]))[:40]}
