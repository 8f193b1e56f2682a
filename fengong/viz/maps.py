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

from collections import defaultdict
from collections.abc import Set as AbstractSet
from typing import Any

import networkx as nx

from fengong.errors import FengongError
from fengong.graph.kg import KnowledgeGraph
from fengong.viz.layout import _DENSE_LAYOUT_MAX, _layout  # noqa: F401 - the threshold is part of the model's story

__all__ = [
    "KINDS",
    "MapError",
    "build_map",
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


_PAGE = ("map_html", "write_map", "vis_assets", "vis_asset_files")


def __getattr__(name: str) -> Any:
    # the page (vis-network HTML) lives in fengong.viz.page; its old address still answers
    if name in _PAGE:
        from fengong.viz import page

        return getattr(page, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
