"""Coordination between units: who is assigned with whom, who leads whom, which officials steer
which units. The network measures researchers compute on those ties are in
:mod:`~fengong.graph.queries.measures`, the change between phases in
:mod:`~fengong.graph.queries.phases`.

Every question starts from the tasks of the knowledge graph (optionally only one year, one
document with its attachments, or tasks whose text names a term), reads the units assigned to
each task (``RESPONSIBLE_FOR`` = responsible, ``ASSISTS`` = assisting) and counts *tasks*:

* a unit printed twice on one task counts once;
* a unit printed both as responsible and as assisting on one task counts as responsible;
* collectives (各街道乡镇, 各相关单位 …) are left out unless ``include_collectives=True``.

Units are identified by id and shown by name; every table is sorted and every algorithm seeded,
so two calls give the same frame. The examples use a tiny graph (see ``_demo_kg``)::

    task-1 (2023, 碳): responsible 区发展改革委, 区生态环境局; assisting 区财政局, 各街道乡镇
    task-2 (2023):     responsible 区财政局; assisting 区发展改革委
    task-3 (2022):     responsible 区发展改革委 (printed twice), 区财政局, 区商务局
    郑皓 leads all three tasks and is inferred to oversee 区发展改革委.

>>> kg = _demo_kg()
>>> co_assignment(kg)[["name_a", "name_b", "tasks"]].to_dict("records")[0]
{'name_a': '区财政局', 'name_b': '区发展改革委', 'tasks': 3}
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from fengong.build.source import fold, squash
from fengong.errors import FengongError
from fengong.graph.kg import KnowledgeGraph

__all__ = [
    "QueryError",
    "ROLES",
    "co_assignment",
    "co_assignment_graph",
    "selected_tasks",
    "lead_assist",
    "lead_assist_graph",
    "portfolio",
    "portfolio_graph",
    "keyword_slice",
    "tasks_matching",
]

#: role name -> relation of the model
ROLES = {"responsible": "RESPONSIBLE_FOR", "assisting": "ASSISTS"}
_ROLE_PAIRS = ("responsible-responsible", "responsible-assisting", "assisting-assisting")
_PAIR_COLUMNS = ["unit_a", "name_a", "unit_b", "name_b", "tasks"]


class QueryError(FengongError, ValueError):
    """A query's arguments do not fit the graph (an unknown document, an unknown role)."""


# ---------------------------------------------------------------- the example graph


def _demo_kg() -> KnowledgeGraph:
    """The tiny graph of the examples (three tasks, five units, one official).

    >>> _demo_kg().counts()["nodes"]
    {'Document': 2, 'Official': 1, 'Task': 3, 'Unit': 5}
    """
    kg = KnowledgeGraph()
    kg.add_node("doc-2022", "Document", number="通政发〔2022〕9号", year=2022, plan=True, in_corpus=True)
    kg.add_node("doc-2023", "Document", number="通政发〔2023〕2号", year=2023, plan=True, in_corpus=True)
    units = {
        "unit-fgw": "区发展改革委",
        "unit-cz": "区财政局",
        "unit-sthj": "区生态环境局",
        "unit-sw": "区商务局",
        "unit-jz": "各街道乡镇",
    }
    for uid, name in units.items():
        collective = name.startswith("各")
        kg.add_node(
            uid,
            "Unit",
            name=name,
            kind="collective" if collective else "department",
            collective=collective,
            jurisdiction="通州区",
        )
    kg.add_node("official-zh", "Official", name="郑皓", collective=False)
    tasks = {  # id: (year, text, [(unit, role)] in printed order)
        "task-1": (2023, "降低碳排放强度", [("unit-fgw", "R"), ("unit-sthj", "R"), ("unit-cz", "A"), ("unit-jz", "A")]),
        "task-2": (2023, "做好预算", [("unit-cz", "R"), ("unit-fgw", "A")]),
        "task-3": (2022, "稳定经济增长", [("unit-fgw", "R"), ("unit-cz", "R"), ("unit-fgw", "R"), ("unit-sw", "R")]),
    }
    for n, (tid, (year, text, assigned)) in enumerate(tasks.items(), start=1):
        kg.add_node(
            tid, "Task", number=str(n), text=text, year=year, source_file="demo.txt", source_line=n, source_line_end=n
        )
        kg.add_edge(tid, "IN_DOCUMENT", f"doc-{year}")
        kg.add_edge("official-zh", "LEADS", tid, key="1", order=1, printed="郑皓", source_line=n, source_line_end=n)
        for order, (uid, role) in enumerate(assigned, start=1):
            rel = "RESPONSIBLE_FOR" if role == "R" else "ASSISTS"
            kg.add_edge(
                uid,
                rel,
                tid,
                key=str(order),
                order=order,
                printed=units[uid],
                split="certain",
                source_line=n,
                source_line_end=n,
            )
    kg.add_edge("official-zh", "OVERSEES", "unit-fgw", inferred=True, tasks=2, sole_lead_tasks=2, share=0.667)
    return kg


# ---------------------------------------------------------------- selecting tasks and units


def _match_form(text: str) -> str:
    """Text as compared by keyword and 文号 look-ups: half-width, no whitespace, one kind of bracket."""
    return re.sub(r"[\[［【(（]", "〔", re.sub(r"[\]］】)）]", "〕", squash(fold(text))))


def _document_ids(kg: KnowledgeGraph, document: str) -> set[str]:
    """A document given by id, 文号 or exact title, with its attachments (recursively)."""
    node = kg.nodes.get(document)
    if node is not None and node.type == "Document":
        roots = {document}
    else:
        want = _match_form(document)
        roots = {
            n.id
            for n in kg.nodes_of("Document")
            if want in (_match_form(n.props.get("number") or ""), _match_form(n.props.get("title") or ""))
        }
        if not roots:
            raise QueryError(f"no document {document!r} (give a Document id, a 文号 or a title)")
    children: dict[str, list[str]] = defaultdict(list)
    for e in kg.edges_of("ATTACHMENT_OF"):
        children[e.target].append(e.source)
    found, todo = set(), sorted(roots)
    while todo:
        d = todo.pop()
        if d not in found:
            found.add(d)
            todo.extend(children.get(d, ()))
    return found


def _years(year: int | Iterable[int] | None) -> set[int] | None:
    if year is None:
        return None
    if isinstance(year, (int, np.integer, str)):
        return {int(year)}
    return {int(y) for y in year}


def _terms(keyword: str | Iterable[str] | None) -> list[str] | None:
    if keyword is None:
        return None
    terms = [keyword] if isinstance(keyword, str) else list(keyword)
    terms = [_match_form(t) for t in terms]
    if not terms or not all(terms):
        raise QueryError("keyword must be a non-empty term (or terms)")
    return terms


def selected_tasks(kg: KnowledgeGraph, year=None, document=None, keyword=None) -> list[str]:
    """Ids of the tasks passing the filters (a year or years, a document with its attachments, a
    keyword), sorted.

    >>> selected_tasks(_demo_kg(), year=2023)
    ['task-1', 'task-2']
    """
    years, terms = _years(year), _terms(keyword)
    docs = _document_ids(kg, document) if document is not None else None
    in_doc = {e.source: e.target for e in kg.edges_of("IN_DOCUMENT")}
    out = []
    for t in kg.nodes_of("Task"):
        if years is not None and t.props.get("year") not in years:
            continue
        if docs is not None and in_doc.get(t.id) not in docs:
            continue
        if terms is not None:
            text = _match_form((t.props.get("text") or "") + "\n" + (t.props.get("key_task") or ""))
            if not any(term in text for term in terms):
                continue
        out.append(t.id)
    return out


def _check_roles(roles: Iterable[str]) -> tuple[str, ...]:
    roles = tuple(roles) if not isinstance(roles, str) else (roles,)
    bad = [r for r in roles if r not in ROLES]
    if bad or not roles:
        raise QueryError(f"roles must be among {list(ROLES)}, not {list(roles)}")
    return roles


def _unit_ok(kg: KnowledgeGraph, unit: str, include_collectives: bool) -> bool:
    return include_collectives or not kg.nodes[unit].props.get("collective", False)


def _assignments(kg: KnowledgeGraph, tasks: Iterable[str], include_collectives: bool) -> dict[str, dict[str, str]]:
    """task -> {unit: role}, each unit once per task; responsible wins over assisting."""
    wanted = set(tasks)
    out: dict[str, dict[str, str]] = {t: {} for t in sorted(wanted)}
    for role in ("assisting", "responsible"):  # responsible last, so it overrides
        for e in kg.edges_of(ROLES[role]):
            if e.target in wanted and _unit_ok(kg, e.source, include_collectives):
                out[e.target][e.source] = role
    return out


def _name(kg: KnowledgeGraph, node_id: str) -> str:
    return kg.nodes[node_id].props.get("name", node_id)


# ---------------------------------------------------------------- co-assignment


def _pair_counts(kg, year, document, roles, by_role_pair, include_collectives, keyword):
    roles = _check_roles(roles)
    by_task = _assignments(kg, selected_tasks(kg, year, document, keyword), include_collectives)
    counts: Counter[tuple[str, str, str]] = Counter()
    unit_tasks: Counter[str] = Counter()
    for units in by_task.values():
        members = sorted(u for u, r in units.items() if r in roles)
        unit_tasks.update(members)
        for i, first in enumerate(members):
            for second in members[i + 1 :]:
                a, b = first, second
                if by_role_pair and units[a] == "assisting" and units[b] == "responsible":
                    a, b = b, a  # the responsible unit first
                counts[a, b, f"{units[a]}-{units[b]}" if by_role_pair else ""] += 1
    return counts, unit_tasks


def co_assignment(
    kg: KnowledgeGraph,
    *,
    year: int | Iterable[int] | None = None,
    document: str | None = None,
    roles: Iterable[str] = ("responsible", "assisting"),
    by_role_pair: bool = False,
    include_collectives: bool = False,
    keyword: str | Iterable[str] | None = None,
) -> pd.DataFrame:
    """Pairs of units assigned to the same tasks, weighted by the number of tasks they share.

    Parameters
    ----------
    kg : KnowledgeGraph
        The knowledge graph.
    year : int or iterable of int, optional
        Only tasks of this year (or these years); a task's year is its document's.
    document : str, optional
        Only tasks of this document (a Document id, its 文号 such as ``通政发〔2022〕8号`` or its
        exact title) and of its attachments.
    roles : iterable of {"responsible", "assisting"}
        The roles that make a unit part of a task; ``("responsible",)`` gives the pairs of
        co-responsible units only.
    by_role_pair : bool
        Split each pair by the roles the two units had: a ``role_pair`` column with
        ``responsible-responsible``, ``responsible-assisting`` (``unit_a`` is then the
        responsible one, so a pair can appear in both orders) or ``assisting-assisting``; the
        splits of a pair sum to its total.
    include_collectives : bool
        Keep collectives such as 各街道乡镇 as units (left out by default).
    keyword : str or iterable of str, optional
        Only tasks whose text or key task (重点任务) contains the term (any of the terms);
        whitespace and full-width forms are ignored.

    Returns
    -------
    pandas.DataFrame
        ``unit_a, name_a, unit_b, name_b, tasks`` (+ ``role_pair``), ``unit_a < unit_b`` by id
        for undirected pairs, sorted by ``tasks`` descending, then ``name_a``, ``name_b``.

    Examples
    --------
    >>> kg = _demo_kg()
    >>> co_assignment(kg)[["name_a", "name_b", "tasks"]].values.tolist()
    [['区财政局', '区发展改革委', 3], ['区发展改革委', '区商务局', 1], ['区发展改革委', '区生态环境局', 1], \
['区财政局', '区商务局', 1], ['区财政局', '区生态环境局', 1]]
    >>> split = co_assignment(kg, by_role_pair=True)
    >>> pair = split[split["unit_a"].isin(["unit-cz", "unit-fgw"]) & split["unit_b"].isin(["unit-cz", "unit-fgw"])]
    >>> pair[["name_a", "name_b", "role_pair", "tasks"]].values.tolist()  # 3 tasks in all
    [['区发展改革委', '区财政局', 'responsible-assisting', 1], ['区财政局', '区发展改革委', 'responsible-responsible', 1], \
['区财政局', '区发展改革委', 'responsible-assisting', 1]]
    >>> len(co_assignment(kg, include_collectives=True, year=2023))  # 各街道乡镇 joins task-1
    6
    """
    counts, _ = _pair_counts(kg, year, document, roles, by_role_pair, include_collectives, keyword)
    rows = [
        {
            "unit_a": a,
            "name_a": _name(kg, a),
            "unit_b": b,
            "name_b": _name(kg, b),
            "tasks": n,
            **({"role_pair": rp} if by_role_pair else {}),
        }
        for (a, b, rp), n in counts.items()
    ]
    rank = {rp: i for i, rp in enumerate(_ROLE_PAIRS)}
    rows.sort(
        key=lambda r: (
            -r["tasks"],
            r["name_a"],
            r["name_b"],
            r["unit_a"],
            r["unit_b"],
            rank.get(r.get("role_pair", ""), -1),
        )
    )
    columns = _PAIR_COLUMNS + (["role_pair"] if by_role_pair else [])
    return pd.DataFrame(rows, columns=columns).astype({"tasks": "int64"})


def _add_unit_nodes(kg: KnowledgeGraph, g: nx.Graph, unit_tasks: Mapping[str, int]) -> None:
    for u in sorted(unit_tasks):
        p = kg.nodes[u].props
        g.add_node(u, name=p.get("name", u), kind=p.get("kind", "other"), tasks=int(unit_tasks[u]))


def co_assignment_graph(
    kg: KnowledgeGraph,
    *,
    year: int | Iterable[int] | None = None,
    document: str | None = None,
    roles: Iterable[str] = ("responsible", "assisting"),
    include_collectives: bool = False,
    keyword: str | Iterable[str] | None = None,
) -> nx.Graph:
    """The co-assignment network: units joined by the tasks they share.

    Parameters
    ----------
    kg : KnowledgeGraph
        The knowledge graph.
    year, document, roles, include_collectives, keyword
        As in :func:`co_assignment`.

    Returns
    -------
    networkx.Graph
        Nodes are unit ids, with attributes ``name``, ``kind`` and ``tasks`` (selected tasks
        the unit is on in one of ``roles``); every such unit is a node, even one never paired
        (so density and components count the units working alone).
        Edge attribute ``weight`` = shared tasks. Nodes and edges are inserted in sorted order.

    Examples
    --------
    >>> g = co_assignment_graph(_demo_kg())
    >>> g.number_of_nodes(), g.number_of_edges(), g["unit-cz"]["unit-fgw"]["weight"]
    (4, 5, 3)
    >>> g.nodes["unit-fgw"]
    {'name': '区发展改革委', 'kind': 'department', 'tasks': 3}
    """
    counts, unit_tasks = _pair_counts(kg, year, document, roles, False, include_collectives, keyword)
    g = nx.Graph()
    _add_unit_nodes(kg, g, unit_tasks)
    for (a, b, _), n in sorted(counts.items()):
        g.add_edge(a, b, weight=n)
    return g


# ---------------------------------------------------------------- lead -> assist


def _lead_assist_counts(kg, year, document, include_collectives, keyword):
    by_task = _assignments(kg, selected_tasks(kg, year, document, keyword), include_collectives)
    counts: Counter[tuple[str, str]] = Counter()
    unit_tasks: Counter[str] = Counter()
    for units in by_task.values():
        unit_tasks.update(list(units))
        leads = sorted(u for u, r in units.items() if r == "responsible")
        assists = sorted(u for u, r in units.items() if r == "assisting")
        counts.update((a, b) for a in leads for b in assists)
    return counts, unit_tasks


def lead_assist(
    kg: KnowledgeGraph,
    *,
    year: int | Iterable[int] | None = None,
    document: str | None = None,
    include_collectives: bool = False,
    keyword: str | Iterable[str] | None = None,
) -> pd.DataFrame:
    """Directed ties from each responsible unit of a task to each assisting unit of it.

    Parameters
    ----------
    kg : KnowledgeGraph
        The knowledge graph.
    year, document, include_collectives, keyword
        As in :func:`co_assignment`.

    Returns
    -------
    pandas.DataFrame
        ``lead, lead_name, assist, assist_name, tasks`` (tasks where ``lead`` is responsible and
        ``assist`` assisting), sorted by ``tasks`` descending, then ``lead_name``, ``assist_name``.

    Examples
    --------
    >>> lead_assist(_demo_kg())[["lead_name", "assist_name", "tasks"]].values.tolist()
    [['区发展改革委', '区财政局', 1], ['区生态环境局', '区财政局', 1], ['区财政局', '区发展改革委', 1]]
    """
    counts, _ = _lead_assist_counts(kg, year, document, include_collectives, keyword)
    rows = [
        {"lead": a, "lead_name": _name(kg, a), "assist": b, "assist_name": _name(kg, b), "tasks": n}
        for (a, b), n in counts.items()
    ]
    rows.sort(key=lambda r: (-r["tasks"], r["lead_name"], r["assist_name"], r["lead"], r["assist"]))
    return pd.DataFrame(rows, columns=["lead", "lead_name", "assist", "assist_name", "tasks"]).astype(
        {"tasks": "int64"}
    )


def lead_assist_graph(
    kg: KnowledgeGraph,
    *,
    year: int | Iterable[int] | None = None,
    document: str | None = None,
    include_collectives: bool = False,
    keyword: str | Iterable[str] | None = None,
) -> nx.DiGraph:
    """The lead→assist network as a ``DiGraph`` (edge ``weight`` = tasks).

    Every unit on a selected task is a node (attributes ``name``, ``kind``, ``tasks``).

    Examples
    --------
    >>> g = lead_assist_graph(_demo_kg())
    >>> sorted(g.successors("unit-fgw")), g["unit-fgw"]["unit-cz"]["weight"], g.number_of_nodes()
    (['unit-cz'], 1, 4)
    """
    counts, unit_tasks = _lead_assist_counts(kg, year, document, include_collectives, keyword)
    g = nx.DiGraph()
    _add_unit_nodes(kg, g, unit_tasks)
    for (a, b), n in sorted(counts.items()):
        g.add_edge(a, b, weight=n)
    return g


# ---------------------------------------------------------------- officials' portfolios


def _portfolio_counts(kg, year, include_collectives):
    tasks = set(selected_tasks(kg, year=year))
    leads: dict[str, set[str]] = defaultdict(set)
    for e in kg.edges_of("LEADS"):
        if e.target in tasks and _unit_ok(kg, e.source, include_collectives):
            leads[e.target].add(e.source)
    responsible = {
        t: sorted(u for u, r in units.items() if r == "responsible")
        for t, units in _assignments(kg, tasks, include_collectives).items()
    }
    counts: Counter[tuple[str, str]] = Counter()
    for t in sorted(tasks):
        counts.update((o, u) for o in sorted(leads.get(t, ())) for u in responsible[t])
    oversees = {(e.source, e.target) for e in kg.edges_of("OVERSEES")}
    return counts, oversees


def portfolio(
    kg: KnowledgeGraph, *, year: int | Iterable[int] | None = None, include_collectives: bool = False
) -> pd.DataFrame:
    """Officials' portfolios: each official with each unit responsible for a task they lead.

    Parameters
    ----------
    kg : KnowledgeGraph
        The knowledge graph.
    year : int or iterable of int, optional
        Only tasks of this year (these years).
    include_collectives : bool
        Keep collective officials (区政府班子成员) and collective units (left out by default).

    Returns
    -------
    pandas.DataFrame
        ``official, official_name, unit, unit_name, tasks, oversees``: ``tasks`` counts the
        tasks the official leads (``LEADS``) and the unit is responsible for
        (``RESPONSIBLE_FOR``); ``oversees`` tells whether the graph holds an inferred
        ``OVERSEES`` edge for the pair (inferred over all years, with its own rules).
        Sorted by ``tasks`` descending, then ``official_name``, ``unit_name``.

    Examples
    --------
    >>> portfolio(_demo_kg())[["official_name", "unit_name", "tasks", "oversees"]].values.tolist()
    [['郑皓', '区发展改革委', 2, True], ['郑皓', '区财政局', 2, False], ['郑皓', '区商务局', 1, False], \
['郑皓', '区生态环境局', 1, False]]
    """
    counts, oversees = _portfolio_counts(kg, year, include_collectives)
    rows = [
        {
            "official": o,
            "official_name": _name(kg, o),
            "unit": u,
            "unit_name": _name(kg, u),
            "tasks": n,
            "oversees": (o, u) in oversees,
        }
        for (o, u), n in counts.items()
    ]
    rows.sort(key=lambda r: (-r["tasks"], r["official_name"], r["unit_name"], r["official"], r["unit"]))
    return pd.DataFrame(rows, columns=["official", "official_name", "unit", "unit_name", "tasks", "oversees"]).astype(
        {"tasks": "int64", "oversees": "bool"}
    )


def portfolio_graph(
    kg: KnowledgeGraph, *, year: int | Iterable[int] | None = None, include_collectives: bool = False
) -> nx.Graph:
    """The official–unit bipartite graph of :func:`portfolio`.

    Nodes carry ``bipartite`` (0 = official, 1 = unit), ``type``, ``name`` (and ``kind`` for
    units); edges carry ``weight`` (tasks) and ``oversees``.

    Examples
    --------
    >>> g = portfolio_graph(_demo_kg())
    >>> from networkx.algorithms import bipartite
    >>> sorted(bipartite.sets(g)[0]), g["official-zh"]["unit-fgw"]
    (['official-zh'], {'weight': 2, 'oversees': True})
    """
    counts, oversees = _portfolio_counts(kg, year, include_collectives)
    g = nx.Graph()
    for o in sorted({o for o, _ in counts}):
        g.add_node(o, bipartite=0, type="Official", name=_name(kg, o))
    for u in sorted({u for _, u in counts}):
        g.add_node(u, bipartite=1, type="Unit", name=_name(kg, u), kind=kg.nodes[u].props.get("kind", "other"))
    for (o, u), n in sorted(counts.items()):
        g.add_edge(o, u, weight=n, oversees=(o, u) in oversees)
    return g


# ---------------------------------------------------------------- topics


def keyword_slice(kg: KnowledgeGraph, term: str | Iterable[str], **filters: Any) -> pd.DataFrame:
    """The co-assignment pairs of the tasks about a term (e.g. 碳, 疫情).

    A thin wrapper: ``co_assignment(kg, keyword=term, **filters)``; ``filters`` are the other
    arguments of :func:`co_assignment` (``year``, ``document``, ``roles``, ``by_role_pair``,
    ``include_collectives``).

    Examples
    --------
    >>> keyword_slice(_demo_kg(), "碳")[["name_a", "name_b", "tasks"]].values.tolist()
    [['区发展改革委', '区生态环境局', 1], ['区财政局', '区发展改革委', 1], ['区财政局', '区生态环境局', 1]]
    """
    if "keyword" in filters:
        raise QueryError("give the term as the second argument, not keyword=")
    return co_assignment(kg, keyword=term, **filters)


def tasks_matching(
    kg: KnowledgeGraph,
    term: str | Iterable[str],
    *,
    year: int | Iterable[int] | None = None,
    document: str | None = None,
) -> pd.DataFrame:
    """The tasks whose text or key task (重点任务) contains a term (any of several terms).

    Whitespace and full-width forms are ignored when matching.

    Returns
    -------
    pandas.DataFrame
        ``task, number, text, document, document_title, year`` (``document`` is the Document
        id, ``document_title`` its title or else its 文号), in reading order: by year, file and
        line.

    Examples
    --------
    >>> tasks_matching(_demo_kg(), "碳")[["task", "number", "text", "document", "year"]].values.tolist()
    [['task-1', '1', '降低碳排放强度', 'doc-2023', 2023]]
    """
    in_doc = {e.source: e.target for e in kg.edges_of("IN_DOCUMENT")}

    def reading_order(t: str) -> tuple:
        p = kg.nodes[t].props
        return p.get("year") or 0, p.get("source_file") or "", p.get("source_line") or 0, t

    rows = []
    for t in sorted(selected_tasks(kg, year=year, document=document, keyword=term), key=reading_order):
        p = kg.nodes[t].props
        d = in_doc.get(t)
        dp = kg.nodes[d].props if d else {}
        rows.append(
            {
                "task": t,
                "number": p.get("number"),
                "text": p.get("text"),
                "document": d,
                "document_title": dp.get("title") or dp.get("number"),
                "year": p.get("year"),
            }
        )
    return pd.DataFrame(rows, columns=["task", "number", "text", "document", "document_title", "year"])


_MOVED = {
    "centrality": "measures",
    "summary": "measures",
    "communities": "measures",
    "core_periphery": "measures",
    "brokers": "measures",
    "phase_comparison": "phases",
}


def __getattr__(name: str) -> Any:
    # the measures and the phase comparison live in their own modules; their old address still answers
    if name in _MOVED:
        import importlib

        return getattr(importlib.import_module(f"fengong.graph.queries.{_MOVED[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
