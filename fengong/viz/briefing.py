"""What the briefing pictures show: a unit with its partners, coordination among units (strongest
ties and a shared-task matrix), an official's portfolio and the workload ranking — as small data
models, independent of how they are drawn (:mod:`fengong.viz.slides` draws them as PNG, SVG and
HTML).

Each model is aggregated for a slide: the strongest ties or the first units only, with what was
left out counted (``more``), so a picture of a 100,000-task corpus reads like one of five
documents. Catch-all tails (等有关部门, 各相关单位) are never drawn as units.

>>> from fengong.graph.queries.coordination import _demo_kg
>>> p = unit_portrait(_demo_kg(), "区财政局")
>>> {g: [(e.name, e.count) for e in es] for g, es in p.groups.items()}  # doctest: +NORMALIZE_WHITESPACE
{'officials': [('郑皓', 3)], 'co_responsible': [('区发展改革委', 1), ('区商务局', 1)],
 'assisting_it': [('区发展改革委', 1)], 'it_assists': [('区发展改革委', 1), ('区生态环境局', 1)]}
>>> w = workload_ranking(_demo_kg())
>>> [(e.name, e.parts) for e in w.entries][:2]
[('区财政局', (1, 1, 1)), ('区发展改革委', (2, 0, 1))]
"""

from __future__ import annotations

import weakref
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from fengong.graph.kg import KnowledgeGraph

__all__ = [
    "Entry",
    "Picture",
    "PICTURES",
    "UNIT_GROUPS",
    "unit_portrait",
    "coordination_ties",
    "shared_matrix",
    "portfolio",
    "workload_ranking",
    "picture",
    "source_note",
]

#: the pictures, as ``fengong map`` names them
PICTURES = ("unit", "coordination", "matrix", "official", "workload")
#: a unit's partners by role, in the order they are drawn, with bilingual headings
UNIT_GROUPS = {
    "officials": "牵头领导 Lead officials",
    "co_responsible": "共同主责 Co-responsible units",
    "assisting_it": "协办本单位任务 Units assisting it",
    "it_assists": "本单位协办 Units it assists",
}


@dataclass
class Entry:
    """One unit or official on a picture: ``count`` tasks (shared, led, assigned), ``parts`` a split
    of them (workload: first-listed responsible, other responsible, assisting), ``community``."""

    id: str
    name: str
    count: int
    kind: str = ""
    parts: tuple[int, ...] = ()
    community: int = -1


@dataclass
class Picture:
    """A picture's content: ``title``, ``source`` (one line: documents and dates), entries by group,
    and for the coordination pictures the ties or the matrix."""

    kind: str
    title: str
    source: str
    focus: Entry | None = None
    groups: dict[str, list[Entry]] = field(default_factory=dict)
    more: dict[str, tuple[int, int]] = field(default_factory=dict)  # group -> (entries left out, their tasks)
    entries: list[Entry] = field(default_factory=list)
    ties: list[tuple[str, str, int]] = field(default_factory=list)
    matrix: list[list[int]] = field(default_factory=list)
    note: str = ""

    def table(self) -> pd.DataFrame:
        """The picture's numbers as a table (the HTML page shows it under the picture)."""
        if self.kind == "unit":
            rows = [
                {"group": UNIT_GROUPS[g], "name": e.name, "tasks": e.count} for g, es in self.groups.items() for e in es
            ]
            return pd.DataFrame(rows, columns=["group", "name", "tasks"])
        if self.kind == "coordination":
            names = {e.id: e.name for e in self.entries}
            return pd.DataFrame(
                [{"unit_a": names[a], "unit_b": names[b], "tasks": n} for a, b, n in self.ties],
                columns=["unit_a", "unit_b", "tasks"],
            )
        if self.kind == "matrix":
            labels = [e.name for e in self.entries]
            return pd.DataFrame(self.matrix, index=labels, columns=labels).reset_index(names="name")
        if self.kind == "workload":
            return pd.DataFrame(
                [
                    {
                        "name": e.name,
                        "responsible_first": e.parts[0],
                        "responsible_other": e.parts[1],
                        "assisting": e.parts[2],
                        "total": e.count,
                    }
                    for e in self.entries
                ]
            )
        return pd.DataFrame([{"name": e.name, "tasks": e.count} for e in self.entries], columns=["name", "tasks"])


def _filtered(kg: KnowledgeGraph, year: int | None, document: str | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The task and assignment frames of the selected tasks (all, a year's, a document's)."""
    from fengong.graph.queries.base import assignment_frame, task_frame

    tasks, assignments = task_frame(kg), assignment_frame(kg)
    if year is not None:
        tasks = tasks[(tasks["year"] == year).fillna(False).astype(bool)]
    if document is not None:
        from fengong.graph.queries.coordination import selected_tasks

        tasks = tasks[tasks["task"].isin(set(selected_tasks(kg, document=document)))]
    if year is not None or document is not None:
        assignments = assignments[assignments["task"].isin(set(tasks["task"]))]
    return tasks, assignments


def _not_tail(assignments: pd.DataFrame) -> pd.DataFrame:
    """Assignments without catch-all tails (等有关部门 names no unit, so it is never drawn as one)."""
    from fengong.build import roles

    vocabulary = roles.active()
    tails = {n for n in assignments["name"].unique() if vocabulary.is_catch_all(n)}
    return assignments[~assignments["name"].isin(tails)] if tails else assignments


def source_note(kg: KnowledgeGraph, tasks: pd.DataFrame) -> str:
    """One line naming the documents the tasks come from and their dates.

    >>> from fengong.graph.queries.coordination import _demo_kg
    >>> kg = _demo_kg()
    >>> from fengong.graph.queries.base import task_frame
    >>> source_note(kg, task_frame(kg))
    '来源 Source: 2 份文件 documents (通政发〔2022〕9号, 通政发〔2023〕2号) · 3 项任务 tasks · fengong'
    """
    docs = sorted({d for d in tasks["document"].dropna()})
    numbers = sorted(
        {str(kg.nodes[d].props.get("number") or kg.nodes[d].props.get("title") or d) for d in docs if d in kg.nodes}
    )
    dates = sorted(str(kg.nodes[d].props["issued"]) for d in docs if d in kg.nodes and kg.nodes[d].props.get("issued"))
    named = f" ({', '.join(numbers)})" if 0 < len(numbers) <= 3 else ""
    when = f", {dates[0]} – {dates[-1]}" if len(dates) > 1 else f", {dates[0]}" if dates else ""
    return f"来源 Source: {len(docs)} 份文件 documents{named}{when} · {len(tasks)} 项任务 tasks · fengong"


def _suffix(year: int | None, document: str | None) -> str:
    return (f"（{year}年）" if year else "") + (f"（{document}）" if document else "")


def _top(entries: list[Entry], limit: int) -> tuple[list[Entry], tuple[int, int]]:
    entries = sorted(entries, key=lambda e: (-e.count, e.name, e.id))
    rest = entries[limit:]
    return entries[:limit], (len(rest), sum(e.count for e in rest))


@dataclass
class _Index:
    """Who is on which task, for the portraits of many units of one graph (built once, in plain lists)."""

    lead: dict[str, list[str]]  # task -> lead official ids
    by_task: dict[str, list[tuple[str, str]]]  # task -> [(unit, role)], catch-all tails left out
    by_unit: dict[str, list[tuple[str, str]]]  # unit -> [(task, role)]
    names: dict[str, str]
    kinds: dict[str, str]
    docs: dict[str, str]  # task -> document


_INDEXES: weakref.WeakKeyDictionary[KnowledgeGraph, dict] = weakref.WeakKeyDictionary()


def _index(kg: KnowledgeGraph, year: int | None, document: str | None) -> _Index:
    cache = _INDEXES.setdefault(kg, {})
    key = (year, document, len(kg.nodes), len(kg.edges))
    if key not in cache:
        tasks, assignments = _filtered(kg, year, document)
        assignments = _not_tail(assignments)
        by_task: dict[str, list[tuple[str, str]]] = {}
        by_unit: dict[str, list[tuple[str, str]]] = {}
        for task, role, unit in zip(
            assignments["task"].tolist(), assignments["role"].tolist(), assignments["unit"].tolist()
        ):
            by_task.setdefault(task, []).append((unit, role))
            by_unit.setdefault(unit, []).append((task, role))
        cache.clear()  # one index per graph: the atlas asks for one filter at a time
        cache[key] = _Index(
            lead=dict(zip(tasks["task"].tolist(), [list(x) for x in tasks["lead_official_ids"]])),
            by_task=by_task,
            by_unit=by_unit,
            names=dict(zip(assignments["unit"].tolist(), assignments["name"].tolist())),
            kinds=dict(zip(assignments["unit"].tolist(), assignments["kind"].tolist())),
            docs=dict(zip(tasks["task"].tolist(), tasks["document"].tolist())),
        )
    return cache[key]


def unit_portrait(
    kg: KnowledgeGraph, unit: str, *, year: int | None = None, document: str | None = None, per_group: int = 19
) -> Picture:
    """A unit in the middle of its partners: the units responsible with it, the units assisting its
    tasks, the units whose tasks it assists, and the officials leading its tasks, each with the
    number of tasks shared (at most ``per_group`` per group; the rest counted in ``more``)."""
    from fengong.graph.queries.base import find_unit

    uid = find_unit(kg, unit)
    ix = _index(kg, year, document)
    mine = ix.by_unit.get(uid, [])
    responsible = {t for t, r in mine if r == "responsible"}
    assisting = {t for t, r in mine if r == "assisting"} - responsible
    counts: dict[str, Counter] = {g: Counter() for g in UNIT_GROUPS}
    for task in sorted(responsible | assisting):
        for other, role in ix.by_task.get(task, []):
            if other == uid:
                continue
            if task in responsible:
                counts["co_responsible" if role == "responsible" else "assisting_it"][other] += 1
            elif role == "responsible":
                counts["it_assists"][other] += 1
        counts["officials"].update(ix.lead.get(task, []))
    names = dict(ix.names)
    names.update({o: kg.nodes[o].props["name"] for o in counts["officials"]})
    mine_tasks = sorted(responsible | assisting)
    note_frame = pd.DataFrame({"task": mine_tasks, "document": [ix.docs.get(t) for t in mine_tasks]})
    pic = Picture(
        "unit",
        f"{kg.nodes[uid].props['name']}：协作单位与牵头领导{_suffix(year, document)} Partners and lead officials",
        source_note(kg, note_frame),
        focus=Entry(
            uid,
            kg.nodes[uid].props["name"],
            len(mine_tasks),
            ix.kinds.get(uid, ""),
            parts=(len(responsible), len(assisting)),
        ),
    )
    for g, c in counts.items():
        pic.groups[g], pic.more[g] = _top([Entry(i, names[i], n, ix.kinds.get(i, "")) for i, n in c.items()], per_group)
    return pic


def _co_assignment(kg: KnowledgeGraph, year: int | None, document: str | None) -> tuple[Any, dict[str, int]]:
    """The co-assignment network and each unit's Louvain community (of the whole network)."""
    from fengong.graph.queries.coordination import co_assignment_graph
    from fengong.graph.queries.measures import communities

    g = co_assignment_graph(kg, year=year, document=document)
    community = dict(zip(*[communities(g)[c] for c in ("unit", "community")])) if g.number_of_nodes() else {}
    return g, community


def coordination_ties(
    kg: KnowledgeGraph, *, ties: int = 60, max_units: int = 40, year: int | None = None, document: str | None = None
) -> Picture:
    """The strongest co-assignment ties (at most ``ties``, among at most ``max_units`` units),
    each unit with its workload (tasks) and Louvain community (of the whole network)."""
    g, community = _co_assignment(kg, year, document)
    ranked = sorted(g.edges(data="weight"), key=lambda e: (-e[2], g.nodes[e[0]]["name"], g.nodes[e[1]]["name"]))
    kept: list[tuple[str, str, int]] = []
    units: set[str] = set()
    for a, b, w in ranked:
        if len(kept) >= ties:
            break
        if len(units | {a, b}) > max_units:
            continue
        kept.append((a, b, int(w)))
        units |= {a, b}
    tasks, _ = _filtered(kg, year, document)
    entries = sorted(
        (
            Entry(
                u, g.nodes[u]["name"], int(g.nodes[u]["tasks"]), g.nodes[u]["kind"], community=int(community.get(u, -1))
            )
            for u in units
        ),
        key=lambda e: (e.community, -e.count, e.name),
    )
    shown = sum(w for _, _, w in kept)
    note = (
        f"最强的 {len(kept)} 条协作关系（共 {g.number_of_edges()} 条） The strongest {len(kept)} of "
        f"{g.number_of_edges()} ties ({shown} shared tasks); 颜色 colour = 社区 community, "
        "大小 size = 任务数 workload"
    )
    return Picture(
        "coordination",
        f"单位协作：最强的协作关系{_suffix(year, document)} The strongest ties",
        source_note(kg, tasks),
        entries=entries,
        ties=kept,
        note=note,
    )


def shared_matrix(
    kg: KnowledgeGraph, *, top: int = 25, year: int | None = None, document: str | None = None
) -> Picture:
    """Shared tasks between the ``top`` busiest units, ordered by community then workload."""
    g, community = _co_assignment(kg, year, document)
    busiest = sorted(g.nodes, key=lambda u: (-g.nodes[u]["tasks"], g.nodes[u]["name"], u))[:top]
    entries = sorted(
        (
            Entry(
                u, g.nodes[u]["name"], int(g.nodes[u]["tasks"]), g.nodes[u]["kind"], community=int(community.get(u, -1))
            )
            for u in busiest
        ),
        key=lambda e: (e.community, -e.count, e.name),
    )
    matrix = [[int(g[a.id][b.id]["weight"]) if g.has_edge(a.id, b.id) else 0 for b in entries] for a in entries]
    tasks, _ = _filtered(kg, year, document)
    note = f"任务最多的 {len(entries)} 个单位（共 {g.number_of_nodes()} 个） The {len(entries)} busiest of {g.number_of_nodes()} units"
    return Picture(
        "matrix",
        f"单位间共同任务矩阵{_suffix(year, document)} Shared tasks between units",
        source_note(kg, tasks),
        entries=entries,
        matrix=matrix,
        note=note,
    )


def portfolio(
    kg: KnowledgeGraph, official: str, *, top: int = 25, year: int | None = None, document: str | None = None
) -> Picture:
    """The units responsible for the tasks an official leads, ordered by those tasks."""
    from fengong.graph.queries.base import find_official

    oid = find_official(kg, official)
    tasks, assignments = _filtered(kg, year, document)
    led = tasks[[oid in ids for ids in tasks["lead_official_ids"]]]
    resp = _not_tail(assignments[(assignments["role"] == "responsible") & assignments["task"].isin(set(led["task"]))])
    counts = Counter(resp["unit"])
    names, kinds = dict(zip(resp["unit"], resp["name"])), dict(zip(resp["unit"], resp["kind"]))
    entries, more = _top([Entry(u, names[u], n, kinds[u]) for u, n in counts.items()], top)
    name = kg.nodes[oid].props["name"]
    pic = Picture(
        "official",
        f"{name}：牵头任务的主责单位{_suffix(year, document)} Units responsible for the tasks led",
        source_note(kg, led),
        focus=Entry(oid, name, len(led)),
        entries=entries,
        more={"units": more},
        note=f"{name} 牵头 {len(led)} 项任务 leads {len(led)} tasks",
    )
    return pic


def workload_ranking(kg: KnowledgeGraph, *, top: int = 25, year: int | None = None) -> Picture:
    """The ``top`` units by responsible tasks: first-listed responsible, other responsible and
    assisting tasks, stacked (collectives left out)."""
    from fengong.graph.queries.workload import workload

    w = workload(kg, year=year, collectives=False)
    w = w[~w["collective"]]
    entries = [
        Entry(
            r.unit,
            r.name,
            int(r.total),
            r.kind,
            parts=(int(r.responsible_first), int(r.responsible - r.responsible_first), int(r.assisting)),
        )
        for r in w.head(top).itertuples(index=False)
    ]
    tasks, _ = _filtered(kg, year, None)
    rest = w.iloc[top:]
    return Picture(
        "workload",
        f"单位任务量排名{_suffix(year, None)} Units ranked by tasks",
        source_note(kg, tasks),
        entries=entries,
        more={"units": (len(rest), int(rest["total"].sum()))},
        note=f"前 {len(entries)} 个单位（共 {len(w)} 个） The first {len(entries)} of {len(w)} units",
    )


def picture(kg: KnowledgeGraph, kind: str, **kw) -> Picture:
    """The model of a picture by name (see :data:`PICTURES`); ``kw`` as for its function."""
    from fengong.viz.maps import MapError

    makers: dict[str, Callable[..., Picture]] = {
        "unit": unit_portrait,
        "coordination": coordination_ties,
        "matrix": shared_matrix,
        "official": portfolio,
        "workload": workload_ranking,
    }
    if kind not in makers:
        raise MapError(f"unknown picture {kind!r} (one of {', '.join(PICTURES)})")
    return makers[kind](kg, **kw)
