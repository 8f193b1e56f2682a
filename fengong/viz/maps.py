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

No map has more than ``node_budget`` nodes (unless its officials and documents alone exceed it): the
``unit``, ``official`` and ``document`` maps first merge their tasks into one node per document (or
per year); then, in every kind, the best-connected units (weighted degree) are kept and the others
merged into one square node per (jurisdiction, unit kind) — "其他通州区委办局（7）" — or per
jurisdiction, or into one node, edge weights summed; ``g.graph["note"]`` (shown on the page, in
Chinese and English) says what was merged. Big maps (from ``LARGE_MAP`` nodes) are drawn for speed:
labels appear once zoomed in, no hover highlight, no dashes or node borders, edges hidden while the
view moves. Above ``_DENSE_LAYOUT_MAX`` nodes the layout is computed for the best-connected nodes
only and the rest are placed around their neighbours. ``benchmarks/bench_maps.py`` measures it.

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

import math
import re
from collections import defaultdict
from collections.abc import Set as AbstractSet
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from fengong.errors import FengongError
from fengong.files import atomic_write
from fengong.graph.kg import KnowledgeGraph
from fengong.viz.safe import script_json, script_source, visible

__all__ = [
    "KINDS",
    "MapError",
    "build_map",
    "map_html",
    "write_map",
    "vis_assets",
    "vis_asset_files",
    "NODE_STYLE",
    "UNIT_COLORS",
    "EDGE_STYLE",
]

KINDS = ("network", "unit", "official", "document", "coordination", "lead-assist")


class MapError(FengongError, ValueError):
    """A map cannot be drawn as asked (unknown kind, missing unit/official/document)."""


#: unit kind -> fill colour
UNIT_COLORS = {
    "government": "#b2182b",
    "department": "#2166ac",
    "township": "#1b9e77",
    "municipal_branch": "#7570b3",
    "company": "#e6ab02",
    "task_force": "#d95f02",
    "committee": "#a6761d",
    "collective": "#999999",
    "other": "#66a61e",
}
UNIT_KIND_LABELS = {
    "government": "人民政府 government",
    "department": "委办局 department",
    "township": "街道乡镇 township",
    "municipal_branch": "市级分局 municipal branch",
    "company": "国企 company",
    "task_force": "专班 task force",
    "committee": "委员会/领导小组 committee",
    "collective": "集合 collective",
    "other": "其他 other",
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
#: the dense spring layout is O(n²) in time and memory: above this many nodes only the best-connected
#: ``_CORE`` nodes get it and the others are placed around their neighbours (:func:`_layout_large`)
_DENSE_LAYOUT_MAX = 1000
_CORE = 700
#: the spring layout of more nodes than this runs in float32 (:func:`_spring32`: 6× faster at 500 nodes, an equally seeded layout)
_SPRING32_FROM = 64
#: from this many nodes (or 3 × as many edges) the page is drawn for speed: labels only once zoomed in
#: (vis-network's ``scaling.label.drawThreshold``), edges hidden while dragging or zooming
LARGE_MAP = 1500


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
        attrs = {
            "label": p["name"],
            "group": f"unit:{kind}",
            "unit_kind": kind,
            "tip": f"{p['name']}\n{UNIT_KIND_LABELS.get(kind, kind)}",
        }
    elif node.type == "Official":
        attrs = {"label": p["name"], "group": "Official", "unit_kind": None, "tip": f"牵头领导 {p['name']}"}
    elif node.type == "Document":
        attrs = {
            "label": _doc_label(kg, n),
            "group": "Document",
            "unit_kind": None,
            "tip": "文件\n" + _doc_name(kg, n) + (f"\n{p['year']}年" if p.get("year") else ""),
        }
    else:
        text = p.get("text", "")
        head = f"{p['number']}. " if p.get("number") else ""
        attrs = {
            "label": head + (text[:12] + "…" if len(text) > 12 else text),
            "group": "Task",
            "unit_kind": None,
            "tip": text,
        }
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
        for u, role in sorted(roles):
            if role == "assisting" and (u, "responsible") in roles:
                continue  # responsible and assisting on one task counts as responsible
            _add_node(g, kg, u)
            g.nodes[u]["docs"].add(d or "")
            g.nodes[u]["tasks"] += 1
            _add_edge(g, u, t, role)
    return g


def _tasks_graph_size(kg: KnowledgeGraph, tasks: list[str]) -> int:
    """The number of nodes ``_tasks_graph(kg, tasks, documents=True)`` has, without building it."""
    wanted = set(tasks)
    around = {e.target for e in kg.edges_of("IN_DOCUMENT") if e.source in wanted}
    for rel in ("LEADS", *_ROLE_OF):
        around.update(e.source for e in kg.edges_of(rel) if e.target in wanted)
    return len(wanted) + len(around)


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
    from fengong.graph.queries.coordination import selected_tasks

    try:
        return sorted(selected_tasks(kg, year=year, document=document))
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


def build_map(
    kg: KnowledgeGraph,
    kind: str,
    *,
    unit: str | None = None,
    official: str | None = None,
    document: str | None = None,
    year: int | None = None,
    node_budget: int = 800,
) -> nx.MultiDiGraph:
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
            title = "全部单位、领导、任务与文件" + suffix
            full = _tasks_graph_size(kg, tasks)
            if full <= node_budget:
                g = _tasks_graph(kg, tasks, documents=True)
                g.graph["task_set"] = set(tasks)
            else:
                aggregated = True
                note = (
                    f"图中有 {full} 个节点，超过上限 {node_budget}：只显示单位，按共同任务连接。"
                    f" The full map has {full} nodes (budget {node_budget}): showing units only,"
                    " joined by shared tasks."
                )
                g = _units_graph(
                    kg,
                    co_assignment_graph(kg, year=year, document=document, include_collectives=True),
                    "co",
                    _unit_docs(kg),
                )
                g.graph["task_set"] = set(tasks)
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
            g.graph["task_set"] = set(_selected(kg, year, document)) if year or document else None
            title = "单位协作网络（共同承担任务）" + suffix
        else:
            g = _units_graph(kg, lead_assist_graph(kg, year=year, document=document), "lead-assist", _unit_docs(kg))
            g.graph["task_set"] = set(_selected(kg, year, document)) if year or document else None
            title = "主责→协办网络" + suffix
    except UnknownName as e:
        raise MapError(str(e)) from e
    for _n, d in g.nodes(data=True):
        d["docs"] = sorted(x for x in d["docs"] if x)
    notes = [note] if note else []
    if g.number_of_nodes() > node_budget and kind in ("unit", "official", "document"):
        g, said = _merge_tasks(kg, g, node_budget)
        aggregated = True
        notes.append(said)
    if g.number_of_nodes() > node_budget:
        keep = {g.graph["focus"]} if g.graph.get("focus") else set()
        g, said = _merge_units(kg, g, node_budget, keep=keep)
        if said:
            aggregated = True
            notes.append(said)
    if aggregated and g.number_of_nodes() > node_budget:
        notes.append(f"合并后仍有 {g.number_of_nodes()} 个节点。 Still {g.number_of_nodes()} nodes after merging.")
    g.graph.pop("task_set", None)
    g.graph.update(kind=kind, title=title, aggregated=aggregated, note=" ".join(notes))
    _layout(g)
    return g


# ---------------------------------------------------------------- aggregation above the node budget


def _short_kind(kind: str | None) -> str:
    return UNIT_KIND_LABELS.get(kind or "other", kind or "").split(" ")[0]


def _merge_nodes(g: nx.MultiDiGraph, into: dict[str, str], groups: dict[str, dict]) -> nx.MultiDiGraph:
    """A copy of ``g`` with the nodes of ``into`` replaced by their group (``groups[id]`` = its attributes):
    edges re-pointed, parallel edges of one role summed, edges inside a group dropped (counted in ``inside``)."""
    out = nx.MultiDiGraph()
    out.graph.update(g.graph)
    for n, d in g.nodes(data=True):
        if n not in into:
            out.add_node(n, **d)
    for gid in sorted(groups):
        out.add_node(gid, **groups[gid])
    label = {n: d["label"] for n, d in out.nodes(data=True)}
    for u, v, k, d in sorted(g.edges(keys=True, data=True)):
        a, b = into.get(u, u), into.get(v, v)
        if k == "co" and out.has_edge(b, a, key=k):
            a, b = b, a  # undirected: one edge per pair
        if a == b:
            out.nodes[a]["inside"] = out.nodes[a].get("inside", 0) + d["weight"]
            continue
        if a == u and b == v and not out.has_edge(a, b, key=k):
            out.add_edge(a, b, key=k, **d)
        elif out.has_edge(a, b, key=k):
            e = out[a][b][k]
            e["weight"] += d["weight"]
            e["merged"] = True
        else:
            out.add_edge(a, b, key=k, **dict(d, merged=True))
    for a, b, k, d in out.edges(keys=True, data=True):
        if d.get("merged"):
            w = d["weight"]
            if k == "co":
                d["tip"] = (
                    f"{label[a]} — {label[b]}：共同任务合计 {w} 项（合并节点的各单位对相加 summed over merged units）"
                )
            elif k == "lead-assist":
                d["tip"] = (
                    f"{label[a]} → {label[b]}：合计 {w} 项任务（合并节点的各单位对相加 summed over merged units）"
                )
            else:
                d["tip"] = f"{label[a]} → {label[b]}：{EDGE_STYLE[k][3]} × {w}"
    return out


def _unit_tasks(kg: KnowledgeGraph, units: set[str], tasks: set[str] | None) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for rel in _ROLE_OF:
        for e in kg.edges_of(rel):
            if e.source in units and (tasks is None or e.target in tasks):
                out[e.source].add(e.target)
    return out


def _merge_units(
    kg: KnowledgeGraph, g: nx.MultiDiGraph, budget: int, keep: AbstractSet[str] = frozenset()
) -> tuple[nx.MultiDiGraph, str]:
    """Keep the best-connected units (weighted degree, then tasks, then id) and merge the others into one
    node per (jurisdiction, unit kind), or per jurisdiction, or into one node when even that is too many
    groups, so that the map has at most ``budget`` nodes. Returns the graph and the note ("" if nothing merged)."""
    units = [n for n, d in g.nodes(data=True) if d["type"] == "Unit" and n not in keep and not d.get("merged")]
    room = budget - (g.number_of_nodes() - len(units))  # places for kept units and groups
    if room < 1 or len(units) <= room:
        return g, ""
    strength: dict[str, int] = defaultdict(int)
    for u, v, w in g.edges(data="weight"):
        strength[u] += w
        strength[v] += w
    ranked = sorted(units, key=lambda n: (-strength[n], -g.nodes[n]["tasks"], n))
    jur = {n: kg.nodes[n].props.get("jurisdiction") or "" for n in units}
    levels = (
        (lambda n: (jur[n], g.nodes[n]["unit_kind"] or "other"), "按辖区和单位类型", "by jurisdiction and unit kind"),
        (lambda n: (jur[n], ""), "按辖区", "by jurisdiction"),
        (lambda n: ("", ""), "", ""),
    )
    # the finest grouping that leaves room for the kept units (else one group of all)
    key, how_zh, how_en = next((lv for lv in levels if len({lv[0](n) for n in units}) <= room // 2), levels[-1])
    # the largest number of kept units k such that k + (groups of the rest) <= room
    members: dict[tuple, int] = defaultdict(int)
    for n in ranked:
        members[key(n)] += 1
    k, total = 0, len(members)
    while k < len(ranked):
        c = key(ranked[k])
        after = total + (0 if members[c] == 1 else 1)
        if after > room:
            break
        members[c] -= 1
        if not members[c]:
            del members[c]
        total, k = after, k + 1
    rest: dict[tuple, list[str]] = defaultdict(list)
    for n in ranked[k:]:
        rest[key(n)].append(n)
    into: dict[str, str] = {}
    groups: dict[str, dict] = {}
    task_sets = _unit_tasks(kg, set(ranked[k:]), g.graph.get("task_set"))
    for (j, kind), names in rest.items():
        if len(names) == 1:
            continue  # a group of one is the unit itself
        gid = f"merged:{j or '-'}:{kind or '-'}"
        place = j or ("未注明辖区" if how_zh else "")
        label = f"其他{place}{_short_kind(kind) if kind else '单位'}（{len(names)}）"
        shown = sorted(names, key=lambda n: (g.nodes[n]["label"], n))
        listed = "、".join(g.nodes[n]["label"] for n in shown[:30]) + (
            f" 等 {len(names)} 个" if len(names) > 30 else ""
        )
        done = set().union(*(task_sets.get(n, set()) for n in names))
        tasks = len(done) if done else sum(g.nodes[n]["tasks"] for n in names)
        groups[gid] = {
            "label": label,
            "type": "Unit",
            "group": f"merged:{kind}" if kind else "merged",
            "unit_kind": kind or None,
            "merged": len(names),
            "members": shown,
            "tasks": tasks,
            "docs": sorted(set().union(*(g.nodes[n]["docs"] for n in names))),
            "tip": f"{label}\n合并 {len(names)} 个单位 merged {len(names)} units，涉及任务 {tasks} 项：\n{listed}",
        }
        for n in names:
            into[n] = gid
    out = _merge_nodes(g, into, groups)
    kept = len(units) - len(into)
    n = g.number_of_nodes()
    note = (
        f"图中有 {n} 个节点（{len(units)} 个单位），超过上限 {budget}：显示联系最多的 {kept} 个单位，"
        f"其余 {len(into)} 个{how_zh}合并为 {len(groups)} 个方形节点（括号内为单位数，连线权重相加）。"
        f" {n} nodes ({len(units)} units) exceed the budget of {budget}: the {kept} best-connected units are shown,"
        f" the other {len(into)} are merged {how_en + ' ' if how_en else ''}into {len(groups)} square"
        f" node{'s' if len(groups) != 1 else ''} (unit count in brackets, edge weights summed)."
    )
    return out, note


def _merge_tasks(kg: KnowledgeGraph, g: nx.MultiDiGraph, budget: int) -> tuple[nx.MultiDiGraph, str]:
    """One node for the tasks of each document (or of each year, when the documents alone would fill half
    the budget)."""
    tasks = [n for n, d in g.nodes(data=True) if d["type"] == "Task"]
    g.graph["task_set"] = set(tasks)
    room = budget - (g.number_of_nodes() - len(tasks))
    by_doc = {t: (g.nodes[t]["docs"] or [""])[0] for t in tasks}
    by_year = {t: str(kg.nodes[t].props.get("year") or "") for t in tasks}
    docs, years = len(set(by_doc.values())), len(set(by_year.values()))
    if docs <= max(1, room // 2) or docs <= years:
        key, how_zh, how_en = by_doc, "按文件", "per document"
    else:
        key, how_zh, how_en = by_year, "按年份", "per year"
    rest: dict[str, list[str]] = defaultdict(list)
    for t in tasks:
        rest[key[t]].append(t)
    into, groups = {}, {}
    for k, ts in rest.items():
        if how_en == "per document":
            where = _doc_label(kg, k) if k in kg.nodes else "未注明文件"
            full = _doc_name(kg, k) if k in kg.nodes else "未注明文件 no document"
        else:
            where = full = f"{k}年" if k else "未注明年份"
        gid = f"tasks:{k or '-'}"
        label = f"{where}：{len(ts)} 项任务"
        groups[gid] = {
            "label": label,
            "type": "Task",
            "group": "merged:Task",
            "unit_kind": None,
            "merged": len(ts),
            "tasks": len(ts),
            "docs": sorted({x for t in ts for x in g.nodes[t]["docs"]}),
            "tip": f"合并 {len(ts)} 项任务 merged {len(ts)} tasks\n{full}",
        }
        for t in ts:
            into[t] = gid
    out = _merge_nodes(g, into, groups)
    note = (
        f"图中有 {g.number_of_nodes()} 个节点，超过上限 {budget}：{len(tasks)} 项任务{how_zh}合并为 {len(groups)} 个节点"
        f"（连线粗细为任务数）。 The map has {g.number_of_nodes()} nodes (budget {budget}): its {len(tasks)} tasks"
        f" are merged {how_en} into {len(groups)} node{'s' if len(groups) != 1 else ''} (edge width = tasks)."
    )
    return out, note


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
    for _, _, d in h.edges(data=True):
        d["weight"] = 1 + math.log(d["weight"])
    scale = 60 * math.sqrt(n) + 150
    if n <= _SPRING32_FROM:
        pos = dict(zip(h.nodes, _spring(nx.to_numpy_array(h, weight="weight"), iterations=100)))
    elif n <= _DENSE_LAYOUT_MAX:
        pos = _spring_dense(list(h.nodes), nx.to_numpy_array(h, weight="weight"))
    else:
        pos = _layout_large(h, 14 / scale)
    for node, (x, y) in pos.items():
        g.nodes[node]["x"], g.nodes[node]["y"] = int(round(float(x) * scale)), int(round(float(y) * scale))


def _layout_large(h: nx.Graph, step: float) -> dict:
    """Positions in about [-1, 1]² for a graph too big for the dense spring layout: the ``_CORE``
    best-connected nodes (weighted degree, then id) by :func:`_spring`, then, breadth first, every other
    node on a sunflower spiral (``step`` apart) around the mean position of its placed neighbours; nodes
    out of reach of the core on a spiral below the drawing. Linear in the edges after the core."""

    strength = dict(h.degree(weight="weight"))
    core = sorted(sorted(h.nodes, key=lambda v: (-strength[v], v))[:_CORE])
    # the core's own edges, and a tie for each node outside the core that two core nodes share (units,
    # officials and documents meet on tasks, which are not in the core)
    index = {v: i for i, v in enumerate(core)}
    a = nx.to_numpy_array(h, nodelist=core, weight="weight")
    for v in h.nodes:
        if v in index:
            continue
        near = sorted(index[u] for u in h[v] if u in index)
        for i, x in enumerate(near):
            for y in near[i + 1 :]:
                a[x, y] += 1
                a[y, x] += 1
    pos = _spring_dense(core, a)
    golden = math.pi * (3 - math.sqrt(5))
    used: dict[tuple[int, int], int] = defaultdict(int)

    def put(v, cx, cy):
        anchor = (round(cx / step), round(cy / step))
        i = used[anchor]
        used[anchor] += 1
        r = step * math.sqrt(i + 1.5)
        pos[v] = (cx + r * math.cos(i * golden), cy + r * math.sin(i * golden))

    pending = [v for v in h.nodes if v not in pos]
    while pending:
        later = []
        placed = {}
        for v in pending:
            around = [(pos[u], h[v][u]["weight"]) for u in h[v] if u in pos]
            if not around:
                later.append(v)
                continue
            w = sum(x[1] for x in around)
            placed[v] = (sum(q[0] * x for q, x in around) / w, sum(q[1] * x for q, x in around) / w)
        for v, (cx, cy) in placed.items():  # a round sees only the positions of the rounds before
            put(v, cx, cy)
        if not placed:
            break
        pending = later
    if pending:
        ys = [y for _, y in pos.values()]
        below = max(ys) + step * (2 + math.sqrt(len(pending)))
        for v in pending:
            put(v, 0.0, below)
    return pos


def _spring_dense(nodes: list, a) -> dict:
    """Spring layout of a big, dense graph (hundreds of nodes, tens of thousands of edges): each edge's pull
    divided by the geometric mean of its ends' weighted degrees (else every well-connected group collapses
    to a point), isolated nodes left out (placed later), scaled so 99 % of the nodes are within [-1, 1]²."""
    import numpy as np

    s = a.sum(axis=1)
    linked = np.flatnonzero(s > 0)
    pos = {}
    if len(linked):
        sub = a[np.ix_(linked, linked)]
        root = np.sqrt(s[linked])
        p = _spring(0.1 * sub / np.outer(root, root), iterations=100)
        lim = float(np.percentile(np.abs(p), 99)) or 1.0
        pos = {nodes[i]: (float(x) / lim, float(y) / lim) for i, (x, y) in zip(linked, p)}
    if len(linked) < len(nodes):  # in a row under the drawing
        lone = [v for v in nodes if v not in pos]
        bottom = max((y for _, y in pos.values()), default=0.0) + 0.15
        for i, v in enumerate(lone):
            pos[v] = (-1 + 2 * (i + 0.5) / len(lone), bottom)
    return pos


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
    if n > _SPRING32_FROM:
        return _spring32(a, pos, k, t, dt, iterations)
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


def _spring32(a, pos, k: float, t: float, dt: float, iterations: int):
    """:func:`_spring`'s iterations in float32, in place, with the square root taken once (4× faster at 800
    nodes; a different, equally seeded layout)."""
    import numpy as np

    n = len(a)
    a = a.astype(np.float32)
    p = pos.astype(np.float32)
    dx, dy, dist, force = (np.empty((n, n), np.float32) for _ in range(4))
    kk, inv_k, floor = np.float32(k * k), np.float32(1 / k), np.float32(0.01 * 0.01)
    for _ in range(iterations):
        np.subtract(p[:, 0, None], p[None, :, 0], out=dx)
        np.subtract(p[:, 1, None], p[None, :, 1], out=dy)
        np.multiply(dx, dx, out=dist)
        np.multiply(dy, dy, out=force)
        dist += force
        np.maximum(dist, floor, out=dist)  # distance² (distance at least 0.01)
        np.divide(kk, dist, out=force)  # k² / d²
        np.sqrt(dist, out=dist)
        dist *= a
        dist *= inv_k
        force -= dist  # - a·d / k
        dx *= force
        dy *= force
        disp = np.stack([dx.sum(axis=1), dy.sum(axis=1)], axis=1).astype(np.float64)
        length = np.hypot(disp[:, 0], disp[:, 1])
        np.clip(length, 0.01, None, out=length)
        p += (disp * (t / length)[:, None]).astype(np.float32)
        t -= dt
    pos = p.astype(np.float64)
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
