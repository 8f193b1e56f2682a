"""Interactive maps of the knowledge graph: one self-contained, offline HTML file per map.

A map is first built as a networkx graph whose nodes and edges carry display attributes
(:func:`build_map`); :func:`write_map` turns it into a page that inlines pyvis's bundled
vis-network (script and CSS), the data, a legend, filters (role, document, unit kind) and a
search box. Nothing is fetched from the network: the page works from ``file://`` on a machine
without internet. Positions are computed here (a seeded spring layout) and vis-network's physics
is off, so a large map is interactive at once and the same graph always gives the same bytes.

Kinds of map:

* ``network`` — the whole graph: units, officials, tasks and documents (above ``node_budget``
  nodes: units only, joined by the tasks they share; the page says so);
* ``unit`` — one unit's tasks, the officials leading them and the partner units;
* ``official`` — an official's portfolio: the tasks they lead and the units on them;
* ``document`` — one document (with its attachments): its tasks, units and officials;
* ``coordination`` — unit–unit, edge width = shared tasks;
* ``lead-assist`` — directed: responsible unit → assisting unit.

All text from the documents reaches the page as data (JSON with ``<``, ``>`` and ``&`` escaped)
and is shown with ``textContent`` or drawn on the canvas, never parsed as HTML.

>>> from fengong.graph.queries.coordination import _demo_kg
>>> g = build_map(_demo_kg(), "network")
>>> g.number_of_nodes(), g.graph["aggregated"]
(11, False)
>>> sorted({d["role"] for _, _, d in g.edges(data=True)})
['assisting', 'document', 'lead', 'responsible']
>>> build_map(_demo_kg(), "unit", unit="区财政局").number_of_nodes()
9
"""
from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from fengong.errors import FengongError
from fengong.files import atomic_write
from fengong.graph.kg import KnowledgeGraph

__all__ = ["KINDS", "MapError", "build_map", "map_html", "write_map", "vis_assets", "NODE_STYLE", "UNIT_COLORS",
           "EDGE_STYLE"]

KINDS = ("network", "unit", "official", "document", "coordination", "lead-assist")


class MapError(FengongError, ValueError):
    """A map cannot be drawn as asked (unknown kind, missing unit/official/document)."""


#: unit kind -> fill colour
UNIT_COLORS = {
    "government": "#b2182b", "department": "#2166ac", "township": "#1b9e77", "municipal_branch": "#7570b3",
    "company": "#e6ab02", "task_force": "#d95f02", "committee": "#a6761d", "collective": "#999999",
    "other": "#66a61e",
}
UNIT_KIND_LABELS = {
    "government": "人民政府 government", "department": "委办局 department", "township": "街道乡镇 township",
    "municipal_branch": "市级分局 municipal branch", "company": "国企 company", "task_force": "专班 task force",
    "committee": "委员会/领导小组 committee", "collective": "集合 collective", "other": "其他 other",
}
#: node type -> (shape, colour, legend label); units take their colour from UNIT_COLORS
NODE_STYLE = {
    "Unit": ("dot", None, "单位 unit"),
    "Official": ("diamond", "#d1495b", "牵头领导 official"),
    "Task": ("square", "#8c8c8c", "任务 task"),
    "Document": ("triangle", "#3d3d3d", "文件 document"),
}
#: edge role -> (colour, dashed, arrow, legend label)
EDGE_STYLE = {
    "responsible": ("#2b5d8a", False, False, "主责 responsible"),
    "assisting": ("#6fa8dc", True, False, "协办 assisting"),
    "lead": ("#d1495b", False, False, "牵头领导 lead official"),
    "document": ("#c8c8c8", False, False, "所属文件 in document"),
    "co": ("#7f7f7f", False, False, "共同任务 shared tasks"),
    "lead-assist": ("#2b5d8a", False, True, "主责→协办 lead→assist"),
}
_ROLE_OF = {"RESPONSIBLE_FOR": "responsible", "ASSISTS": "assisting"}
_SEED = 42


# ---------------------------------------------------------------- building the map graph


def _task_docs(kg: KnowledgeGraph) -> dict[str, str]:
    return {e.source: e.target for e in kg.edges_of("IN_DOCUMENT") if kg.nodes[e.source].type == "Task"}


def _doc_name(kg: KnowledgeGraph, d: str | None) -> str:
    if not d:
        return ""
    p = kg.nodes[d].props
    number, title = p.get("number"), p.get("title")
    return f"{number} {title}" if number and title else number or title or d


def _doc_label(kg: KnowledgeGraph, d: str) -> str:
    p = kg.nodes[d].props
    title = p.get("title") or ""
    return p.get("number") or (title[:24] + "…" if len(title) > 24 else title) or d


def _task_tip(kg: KnowledgeGraph, t: str, doc: str | None, leads: list[str]) -> str:
    p = kg.nodes[t].props
    lines = [f"任务 {p['number']}" if p.get("number") else "任务", p.get("text", "")]
    deadline = p.get("deadline_text") or p.get("deadline")
    if deadline:
        lines.append(f"完成时限：{deadline}")
    if leads:
        lines.append("牵头领导：" + "、".join(leads))
    where = f"{p.get('source_file', '')} 第{p.get('source_line', '?')}行"
    lines.append(f"来源：{_doc_name(kg, doc)}（{where}）" if doc else f"来源：{where}")
    return "\n".join(lines)


def _add_node(g: nx.MultiDiGraph, kg: KnowledgeGraph, n: str, **extra: Any) -> None:
    node = kg.nodes[n]
    p = node.props
    if node.type == "Unit":
        kind = p.get("kind", "other")
        attrs = {"label": p["name"], "group": f"unit:{kind}", "unit_kind": kind,
                 "tip": f"{p['name']}\n{UNIT_KIND_LABELS.get(kind, kind)}"}
    elif node.type == "Official":
        attrs = {"label": p["name"], "group": "Official", "unit_kind": None, "tip": f"牵头领导 {p['name']}"}
    elif node.type == "Document":
        attrs = {"label": _doc_label(kg, n), "group": "Document", "unit_kind": None,
                 "tip": "文件\n" + _doc_name(kg, n) + (f"\n{p['year']}年" if p.get("year") else "")}
    else:
        text = p.get("text", "")
        head = f"{p['number']}. " if p.get("number") else ""
        attrs = {"label": head + (text[:12] + "…" if len(text) > 12 else text), "group": "Task", "unit_kind": None,
                 "tip": text}
    attrs.update(type=node.type, docs=set(), tasks=0)
    attrs.update(extra)
    if n in g:
        g.nodes[n].update(extra)
    else:
        g.add_node(n, **attrs)


def _add_edge(g: nx.MultiDiGraph, u: str, v: str, role: str, weight: int = 1, tip: str | None = None) -> None:
    if g.has_edge(u, v, key=role):
        g[u][v][role]["weight"] += weight
    else:
        g.add_edge(u, v, key=role, role=role, weight=weight, tip=tip or EDGE_STYLE[role][3])


def _tasks_graph(kg: KnowledgeGraph, tasks: list[str], *, documents: bool) -> nx.MultiDiGraph:
    """Units, officials and tasks (and, if asked, documents) around the given tasks."""
    in_doc = _task_docs(kg)
    wanted = set(tasks)
    leads: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for e in kg.edges_of("LEADS"):
        if e.target in wanted:
            leads[e.target].append((e.props.get("order", 0), e.source))
    assigned: dict[str, dict[tuple[str, str], None]] = defaultdict(dict)
    for rel, role in _ROLE_OF.items():
        for e in kg.edges_of(rel):
            if e.target in wanted:
                assigned[e.target][(e.source, role)] = None
    g = nx.MultiDiGraph()
    for t in sorted(wanted):
        d = in_doc.get(t)
        led = [o for _, o in sorted(set(leads[t]))]
        _add_node(g, kg, t, tip=_task_tip(kg, t, d, [kg.nodes[o].props["name"] for o in led]))
        g.nodes[t]["docs"].add(d or "")
        if documents and d:
            _add_node(g, kg, d)
            g.nodes[d]["docs"].add(d)
            _add_edge(g, t, d, "document")
        for o in led:
            _add_node(g, kg, o)
            g.nodes[o]["docs"].add(d or "")
            g.nodes[o]["tasks"] += 1
            _add_edge(g, o, t, "lead")
        roles = dict(assigned[t])
        for (u, role) in sorted(roles):
            if role == "assisting" and (u, "responsible") in roles:
                continue  # responsible and assisting on one task counts as responsible
            _add_node(g, kg, u)
            g.nodes[u]["docs"].add(d or "")
            g.nodes[u]["tasks"] += 1
            _add_edge(g, u, t, role)
    return g


def _units_graph(kg: KnowledgeGraph, h: nx.Graph, role: str, unit_docs: dict[str, set[str]]) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for n, data in sorted(h.nodes(data=True)):
        _add_node(g, kg, n, tasks=data.get("tasks", 0), docs=set(unit_docs.get(n, ())))
    for a, b, w in sorted(h.edges(data="weight")):
        na, nb = kg.nodes[a].props["name"], kg.nodes[b].props["name"]
        tip = f"{na} → {nb}：{w} 项任务" if role == "lead-assist" else f"{na} — {nb}：共同任务 {w} 项"
        _add_edge(g, a, b, role, weight=int(w), tip=tip)
    return g


def _unit_docs(kg: KnowledgeGraph) -> dict[str, set[str]]:
    in_doc = _task_docs(kg)
    out: dict[str, set[str]] = defaultdict(set)
    for rel in _ROLE_OF:
        for e in kg.edges_of(rel):
            out[e.source].add(in_doc.get(e.target, ""))
    return out


def _selected(kg: KnowledgeGraph, year: int | None, document: str | None = None) -> list[str]:
    from fengong.graph.queries.coordination import _selected_tasks

    try:
        return sorted(_selected_tasks(kg, year=year, document=document))
    except FengongError as e:
        raise MapError(str(e)) from e


def _ego_graph(kg: KnowledgeGraph, focus: str, relations: tuple[str, ...], selected) -> nx.MultiDiGraph:
    """The tasks ``focus`` is tied to by ``relations`` (among ``selected``), with their people and units."""
    mine = {e.target for rel in relations for e in kg.edges_of(rel) if e.source == focus}
    g = _tasks_graph(kg, [t for t in selected if t in mine], documents=False)
    if focus not in g:
        _add_node(g, kg, focus)
    g.graph["focus"] = focus
    return g


def build_map(kg: KnowledgeGraph, kind: str, *, unit: str | None = None, official: str | None = None,
              document: str | None = None, year: int | None = None, node_budget: int = 800) -> nx.MultiDiGraph:
    """The map as a networkx ``MultiDiGraph`` with display attributes.

    Nodes: ``label``, ``type`` (Unit/Official/Task/Document), ``group`` (``unit:<kind>`` or the
    type), ``unit_kind``, ``tip`` (tooltip, plain text), ``docs`` (ids of the documents the node
    belongs to, for the page's filter), ``tasks``, and after layout ``x``, ``y``. Edges are keyed
    by role (responsible, assisting, lead, document, co, lead-assist) with ``weight`` and ``tip``.
    ``g.graph`` holds ``kind``, ``title``, ``aggregated`` and ``note``.
    """
    from fengong.graph.queries.base import UnknownName, find_official, find_unit
    from fengong.graph.queries.coordination import co_assignment_graph, lead_assist_graph

    if kind not in KINDS:
        raise MapError(f"unknown map kind {kind!r} (one of {', '.join(KINDS)})")
    aggregated, note = False, ""
    suffix = f"（{year}年）" if year else ""
    try:
        if kind == "network":
            tasks = _selected(kg, year, document)
            g = _tasks_graph(kg, tasks, documents=True)
            title = "全部单位、领导、任务与文件" + suffix
            if g.number_of_nodes() > node_budget:
                aggregated = True
                note = (f"图中有 {g.number_of_nodes()} 个节点，超过上限 {node_budget}：只显示单位，按共同任务连接。"
                        f" The full map has {g.number_of_nodes()} nodes (budget {node_budget}): showing units only,"
                        " joined by shared tasks.")
                g = _units_graph(kg, co_assignment_graph(kg, year=year, document=document, include_collectives=True),
                                 "co", _unit_docs(kg))
        elif kind == "unit":
            if not unit:
                raise MapError("a unit map needs unit=…")
            g = _ego_graph(kg, find_unit(kg, unit), tuple(_ROLE_OF), _selected(kg, year, document))
            title = f"{kg.nodes[g.graph['focus']].props['name']}：任务、牵头领导与协作单位" + suffix
        elif kind == "official":
            if not official:
                raise MapError("an official map needs official=…")
            g = _ego_graph(kg, find_official(kg, official), ("LEADS",), _selected(kg, year, document))
            title = f"{kg.nodes[g.graph['focus']].props['name']}：分管任务与单位" + suffix
        elif kind == "document":
            if not document:
                raise MapError("a document map needs document=…")
            tasks = _selected(kg, year, document)
            g = _tasks_graph(kg, tasks, documents=True)
            title = f"{document}：任务分工" + suffix
        elif kind == "coordination":
            g = _units_graph(kg, co_assignment_graph(kg, year=year, document=document), "co", _unit_docs(kg))
            title = "单位协作网络（共同承担任务）" + suffix
        else:
            g = _units_graph(kg, lead_assist_graph(kg, year=year, document=document), "lead-assist", _unit_docs(kg))
            title = "主责→协办网络" + suffix
    except UnknownName as e:
        raise MapError(str(e)) from e
    g.graph.update(kind=kind, title=title, aggregated=aggregated, note=note)
    for n, d in g.nodes(data=True):
        d["docs"] = sorted(x for x in d["docs"] if x)
    _layout(g)
    return g


def _layout(g: nx.MultiDiGraph) -> None:
    """Seeded spring layout, scaled to vis-network pixels and rounded (so output bytes are stable)."""
    n = g.number_of_nodes()
    if not n:
        return
    h = nx.Graph()
    h.add_nodes_from(sorted(g.nodes))
    for u, v, w in sorted(g.edges(data="weight")):
        if h.has_edge(u, v):
            h[u][v]["weight"] += w
        else:
            h.add_edge(u, v, weight=w)
    for u, v, d in h.edges(data=True):
        d["weight"] = 1 + math.log(d["weight"])
    pos = dict(zip(h.nodes, _spring(nx.to_numpy_array(h, weight="weight"), iterations=100)))
    scale = 60 * math.sqrt(n) + 150
    for node, (x, y) in pos.items():
        g.nodes[node]["x"], g.nodes[node]["y"] = int(round(float(x) * scale)), int(round(float(y) * scale))


def _spring(a, iterations: int = 100, seed: int = _SEED):
    """Fruchterman–Reingold on a dense weighted adjacency matrix (numpy only, seeded), in [-1, 1]²."""
    import numpy as np

    n = len(a)
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2))
    if n == 1:
        return np.zeros((1, 2))
    k = math.sqrt(1.0 / n)
    t = max(np.ptp(pos[:, 0]), np.ptp(pos[:, 1])) * 0.1
    dt = t / (iterations + 1)
    for _ in range(iterations):
        dx = pos[:, 0, None] - pos[None, :, 0]
        dy = pos[:, 1, None] - pos[None, :, 1]
        dist = np.hypot(dx, dy)
        np.clip(dist, 0.01, None, out=dist)
        force = k * k / (dist * dist) - a * dist / k
        disp = np.stack([(dx * force).sum(axis=1), (dy * force).sum(axis=1)], axis=1)
        length = np.hypot(disp[:, 0], disp[:, 1])
        np.clip(length, 0.01, None, out=length)
        pos += disp * (t / length)[:, None]
        t -= dt
    pos -= pos.mean(axis=0)
    lim = np.abs(pos).max()
    return pos / lim if lim > 0 else pos


# ---------------------------------------------------------------- the page


def vis_assets() -> tuple[str, str]:
    """The text of pyvis's bundled (newest) ``vis-network.min.js`` and ``vis-network.css`` (source-map comment dropped)."""
    libs = [p for p in (resources.files("pyvis") / "lib").iterdir() if p.name.startswith("vis-")]
    lib = max(libs, key=lambda p: tuple(int(x) for x in p.name[4:].split(".") if x.isdigit()))  # vis-9.1.2
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    js = re.sub(r"^//# sourceMappingURL=\S*\s*$", "", js, flags=re.M)  # not splitlines(): \u2028 is in strings
    return js, css


def _script_safe(text: str) -> str:
    """Text that cannot end the ``<script>``/``<style>`` element it is inlined in."""
    return re.sub(r"</(script|style)", r"<\\/\1", text, flags=re.I)


def _json(value: Any) -> str:
    """JSON for a ``<script>`` element: ``<``, ``>``, ``&`` and line separators escaped."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for a, b in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                 ("\u2029", "\\u2029")):
        text = text.replace(a, b)
    return text


def _node_style(d: dict) -> tuple[str, str]:
    shape, color, _ = NODE_STYLE.get(d["type"], ("dot", "#8c8c8c", d["type"]))
    if d["type"] == "Unit":
        color = UNIT_COLORS.get(d["unit_kind"], UNIT_COLORS["other"])
    return shape, color


def _node_size(d: dict) -> float:
    if d["type"] == "Task":
        return 5
    if d["type"] == "Document":
        return 14
    return round(8 + 3 * math.sqrt(d.get("tasks", 0)), 1)


def _vis_data(g: nx.MultiDiGraph) -> tuple[list[dict], list[dict]]:
    """vis DataSet items, built with pyvis (its Node/Edge option handling)."""
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="local")  # directed: pyvis then keeps every edge as given
    for n, d in g.nodes(data=True):
        shape, color = _node_style(d)
        net.add_node(n, label=d["label"], shape=shape, color=color, size=_node_size(d), x=d.get("x", 0),
                     y=d.get("y", 0), category=d["group"], tip=d["tip"], type=d["type"], unit_kind=d["unit_kind"] or "",
                     docs=d["docs"], physics=False,
                     font={"size": 14 if d["type"] != "Task" else 9})
    weights = [w for _, _, w in g.edges(data="weight")] or [1]
    top = max(weights)
    for i, (u, v, k, d) in enumerate(sorted(g.edges(keys=True, data=True))):
        color, dashed, arrow, _ = EDGE_STYLE[d["role"]]
        width = 1 + 7 * math.sqrt(d["weight"] / top) if d["role"] in ("co", "lead-assist") else 1.5
        net.add_edge(u, v, id=f"e{i}", role=d["role"], color=color, dashes=dashed, width=round(width, 2),
                     weight=d["weight"], tip=d["tip"], arrows={"to": {"enabled": arrow}})
    return net.nodes, net.edges


_TEMPLATE = None


def _template():
    global _TEMPLATE
    if _TEMPLATE is None:
        import jinja2

        env = jinja2.Environment(loader=jinja2.PackageLoader("fengong.viz", "templates"),
                                 autoescape=True, keep_trailing_newline=True)
        _TEMPLATE = env.get_template("map.html")
    return _TEMPLATE


def map_html(g: nx.MultiDiGraph, kg: KnowledgeGraph | None = None) -> str:
    """The page of a map built by :func:`build_map` (a str; write it as UTF-8)."""
    from markupsafe import Markup

    nodes, edges = _vis_data(g)
    js, css = vis_assets()
    groups = {}
    for _, d in sorted(g.nodes(data=True), key=lambda x: x[1]["group"]):
        shape, color = _node_style(d)
        label = UNIT_KIND_LABELS.get(d["unit_kind"], d["unit_kind"]) if d["type"] == "Unit" else NODE_STYLE.get(
            d["type"], ("", "", d["type"]))[2]
        groups[d["group"]] = {"shape": shape, "color": color, "label": label}
    roles = sorted({d["role"] for _, _, d in g.edges(data=True)}, key=list(EDGE_STYLE).index)
    unit_kinds = sorted({d["unit_kind"] for _, d in g.nodes(data=True) if d["unit_kind"]},
                        key=list(UNIT_COLORS).index)
    docs = sorted({x for _, d in g.nodes(data=True) for x in d["docs"]})
    doc_names = {x: (_doc_name(kg, x) if kg is not None and x in kg.nodes else x) for x in docs}
    options = {
        "physics": {"enabled": False},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": g.number_of_edges() > 1500},
        "edges": {"smooth": False},
        "nodes": {"font": {"face": "Noto Sans SC, Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"}},
        "layout": {"improvedLayout": False},
    }
    data = {"nodes": nodes, "edges": edges, "options": options, "focus": g.graph.get("focus"),
            "kind": g.graph["kind"]}
    return _template().render(
        title=g.graph["title"], note=g.graph.get("note", ""), kind=g.graph["kind"],
        node_count=g.number_of_nodes(), edge_count=g.number_of_edges(),
        groups=list(groups.values()), roles=[(r, EDGE_STYLE[r]) for r in roles],
        unit_kinds=[(k, UNIT_KIND_LABELS.get(k, k), UNIT_COLORS.get(k)) for k in unit_kinds],
        documents=[(x, doc_names[x]) for x in sorted(docs, key=lambda x: (doc_names[x], x))],
        vis_js=Markup(_script_safe(js)), vis_css=Markup(_script_safe(css)), data=Markup(_json(data)),
    )


def write_map(kg: KnowledgeGraph, path: str | Path, kind: str, **kw: Any) -> Path:
    """Build a map (see :func:`build_map` for ``kw``) and write it as one self-contained UTF-8 HTML file."""
    path = Path(path)
    g = build_map(kg, kind, **kw)
    atomic_write(path, map_html(g, kg).encode("utf-8"))
    return path
