"""The explorer map as a page: vis-network (from the pyvis package) with the map's data, a legend,
filters by role, document and unit kind, and search — one HTML file that fetches nothing, or pages
that share one copy of vis-network (the atlas).
"""

from __future__ import annotations

import math
import re
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from fengong.files import atomic_write
from fengong.graph.kg import KnowledgeGraph
from fengong.viz.maps import EDGE_STYLE, LARGE_MAP, NODE_STYLE, UNIT_COLORS, UNIT_KIND_LABELS, _doc_name, build_map
from fengong.viz.safe import script_json, script_source, visible

__all__ = ["map_html", "write_map", "vis_assets", "vis_asset_files"]


def vis_assets() -> tuple[str, str]:
    """The text of pyvis's bundled (newest) ``vis-network.min.js`` and ``vis-network.css`` (source-map comment dropped)."""
    libs = [p for p in (resources.files("pyvis") / "lib").iterdir() if p.name.startswith("vis-")]
    lib = max(libs, key=lambda p: tuple(int(x) for x in p.name[4:].split(".") if x.isdigit()))  # vis-9.1.2
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    js = re.sub(r"^//# sourceMappingURL=\S*\s*$", "", js, flags=re.M)  # not splitlines(): \u2028 is in strings
    return js, css


def _node_style(d: dict) -> tuple[str, str]:
    shape, color, _ = NODE_STYLE.get(d["type"], ("dot", "#8c8c8c", d["type"]))
    if d["type"] == "Unit":
        color = UNIT_COLORS.get(d["unit_kind"], UNIT_COLORS["other"]) if d["unit_kind"] else "#555555"
        if d.get("merged"):
            shape = "square"
    return shape, color


def _node_size(d: dict) -> float:
    if d.get("merged"):
        return round(min(40, 10 + 3 * math.sqrt(d["merged"])), 1)
    if d["type"] == "Task":
        return 5
    if d["type"] == "Document":
        return 14
    return round(8 + 3 * math.sqrt(d.get("tasks", 0)), 1)


def _is_large(g: nx.MultiDiGraph) -> bool:
    return g.number_of_nodes() >= LARGE_MAP or g.number_of_edges() >= 3 * LARGE_MAP


def _vis_data(g: nx.MultiDiGraph) -> tuple[list[dict], list[dict]]:
    """vis DataSet items: the dicts pyvis's ``Network(directed=True).add_node/add_edge`` would make
    (same keys in the same order, so the page's bytes are those of pyvis), built directly because
    pyvis looks every edge's ends up in a list of node ids (quadratic on a map of 10,000 nodes)."""
    nodes = []
    for n, d in g.nodes(data=True):
        shape, color = _node_style(d)
        nodes.append(
            {
                "color": color,
                "size": _node_size(d),
                "x": d.get("x", 0),
                "y": d.get("y", 0),
                "category": d["group"],
                "tip": d["tip"],
                "type": d["type"],
                "unit_kind": d["unit_kind"] or "",
                "docs": d["docs"],
                "physics": False,
                "font": {"size": 14 if d["type"] != "Task" else 9},
                "id": n,
                "label": d["label"] or n,
                "shape": shape,
            }
        )
    weights = [w for _, _, w in g.edges(data="weight")] or [1]
    top = max(weights)
    solid = _is_large(g)  # a dashed line costs a canvas state change and is slow to rasterise: none on big maps
    edges = []
    for i, (u, v, _k, d) in enumerate(sorted(g.edges(keys=True, data=True))):
        color, dashed, arrow, _ = EDGE_STYLE[d["role"]]
        width = 1 + 7 * math.sqrt(d["weight"] / top) if d["role"] in ("co", "lead-assist") else 1.5
        if d.get("merged") and d["role"] not in ("co", "lead-assist"):
            width = 1.5 + 4 * math.sqrt(d["weight"] / top)
        edges.append(
            {
                "id": f"e{i}",
                "role": d["role"],
                "color": color,
                "dashes": dashed and not solid,
                "width": round(width, 2),
                "weight": d["weight"],
                "tip": d["tip"],
                "arrows": {"to": {"enabled": arrow}},
                "from": u,
                "to": v,
            }
        )
    return nodes, edges


_TEMPLATE = None


def _template():
    global _TEMPLATE
    if _TEMPLATE is None:
        import jinja2

        # every value is escaped, and a control character a document held is shown as its picture
        env = jinja2.Environment(
            loader=jinja2.PackageLoader("fengong.viz", "templates"),
            autoescape=True,
            keep_trailing_newline=True,
            finalize=lambda v: visible(v) if type(v) is str else v,
        )
        _TEMPLATE = env.get_template("map.html")
    return _TEMPLATE


def map_html(g: nx.MultiDiGraph, kg: KnowledgeGraph | None = None, assets: str | None = None) -> str:
    """The page of a map built by :func:`build_map` (a str; write it as UTF-8). With ``assets`` (a
    relative URL such as ``../assets/``) the page references ``vis-network.min.js`` and
    ``vis-network.css`` there (see :func:`vis_asset_files`) instead of inlining them."""
    from markupsafe import Markup

    nodes, edges = _vis_data(g)
    js, css = vis_assets()
    groups = {}
    for _, d in sorted(g.nodes(data=True), key=lambda x: x[1]["group"]):
        shape, color = _node_style(d)
        label = (
            UNIT_KIND_LABELS.get(d["unit_kind"], d["unit_kind"])
            if d["type"] == "Unit"
            else NODE_STYLE.get(d["type"], ("", "", d["type"]))[2]
        )
        if d.get("merged"):
            label = "合并的 merged " + (label or "单位 units")
        groups[d["group"]] = {"shape": shape, "color": color, "label": label}
    roles = sorted({d["role"] for _, _, d in g.edges(data=True)}, key=list(EDGE_STYLE).index)
    unit_kinds = sorted({d["unit_kind"] for _, d in g.nodes(data=True) if d["unit_kind"]}, key=list(UNIT_COLORS).index)
    docs = sorted({x for _, d in g.nodes(data=True) for x in d["docs"]})
    doc_names = {x: (_doc_name(kg, x) if kg is not None and x in kg.nodes else x) for x in docs}
    options = {
        "physics": {"enabled": False},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": g.number_of_edges() > 1500},
        "edges": {"smooth": False},
        "nodes": {"font": {"face": "Noto Sans SC, Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"}},
        "layout": {"improvedLayout": False},
    }
    large = _is_large(g)
    if large:
        # every redraw draws every visible node and edge: no hover highlight (tooltips still show), no
        # node borders (a selected node still gets one), labels only from 12 px on screen, edges hidden
        # while the view moves, dashes off (see _vis_data)
        options["interaction"].update(hover=False, hideEdgesOnDrag=True, hideEdgesOnZoom=True)
        options["nodes"].update(borderWidth=0, scaling={"label": {"drawThreshold": 12}})
    data = {"nodes": nodes, "edges": edges, "options": options, "focus": g.graph.get("focus"), "kind": g.graph["kind"]}
    return _template().render(
        title=g.graph["title"],
        note=g.graph.get("note", ""),
        kind=g.graph["kind"],
        node_count=g.number_of_nodes(),
        edge_count=g.number_of_edges(),
        groups=list(groups.values()),
        roles=[(r, EDGE_STYLE[r][:1] + (EDGE_STYLE[r][1] and not large,) + EDGE_STYLE[r][2:]) for r in roles],
        unit_kinds=[(k, UNIT_KIND_LABELS.get(k, k), UNIT_COLORS.get(k)) for k in unit_kinds],
        documents=[(x, doc_names[x]) for x in sorted(docs, key=lambda x: (doc_names[x], x))],
        vis_js=Markup(script_source(js)) if not assets else "",
        vis_css=Markup(script_source(css)) if not assets else "",
        data=Markup(script_json(data)),
        assets=assets,
    )


def write_map(kg: KnowledgeGraph, path: str | Path, kind: str, assets: str | None = None, **kw: Any) -> Path:
    """Build a map (see :func:`build_map` for ``kw``) and write it as a UTF-8 HTML file: self-contained,
    or referencing the vis-network files at ``assets`` (a relative URL, see :func:`map_html`)."""
    path = Path(path)
    g = build_map(kg, kind, **kw)
    atomic_write(path, map_html(g, kg, assets).encode("utf-8"))
    return path


def vis_asset_files() -> dict[str, bytes]:
    """``vis-network.min.js`` and ``vis-network.css`` as files for pages that reference them (escaped
    like the inlined copies, so the script means the same)."""
    js, css = vis_assets()
    return {"vis-network.min.js": script_source(js).encode("utf-8"), "vis-network.css": css.encode("utf-8")}
