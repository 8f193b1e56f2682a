"""Coordination between units: who is assigned with whom, who leads whom, which officials
steer which units, and the network measures researchers compute on those ties.

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

import math
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
    "centrality",
    "summary",
    "communities",
    "core_periphery",
    "brokers",
    "phase_comparison",
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


# ---------------------------------------------------------------- network measures


def _canonical(g: nx.Graph) -> nx.Graph:
    """A copy with nodes and edges inserted in sorted order (algorithms then do not depend on
    the order the caller built the graph in), ``weight`` defaulting to 1 and ``distance`` = 1/weight."""
    h = g.__class__()
    h.add_nodes_from(sorted(g.nodes(data=True), key=lambda x: str(x[0])))
    for u, v, d in sorted(g.edges(data=True), key=lambda x: (str(x[0]), str(x[1]))):
        w = d.get("weight", 1)
        w = 1 if w is None else w
        h.add_edge(u, v, weight=w, distance=(1.0 / w) if w > 0 else math.inf)
    return h


def _undirected(g: nx.Graph) -> nx.Graph:
    """An undirected weighted copy: weights of u→v and v→u are added; self-loops dropped."""
    h = nx.Graph()
    h.add_nodes_from(sorted(g.nodes(data=True), key=lambda x: str(x[0])))
    for u, v, d in sorted(g.edges(data=True), key=lambda x: (str(x[0]), str(x[1]))):
        if u == v:
            continue
        w = d.get("weight", 1)
        w = 1 if w is None else w
        if h.has_edge(u, v):
            h[u][v]["weight"] += w
        else:
            h.add_edge(u, v, weight=w)
    return h


def _node_name(g: nx.Graph, n: Any) -> str:
    return g.nodes[n].get("name", str(n))


def _eigenvector(g: nx.Graph) -> dict[Any, float]:
    """Weighted eigenvector centrality by power iteration on A + I (numpy, no scipy).

    Unit Euclidean norm, as networkx's; a DiGraph is symmetrised first. Nodes outside the
    components with the largest eigenvalue get 0; a graph without edges gives 0 everywhere.
    """
    h = _undirected(g)
    nodes = list(h.nodes)
    if h.number_of_edges() == 0:
        return {n: 0.0 for n in nodes}
    a = nx.to_numpy_array(h, nodelist=nodes, weight="weight") + np.eye(len(nodes))
    x = np.ones(len(nodes)) / math.sqrt(len(nodes))
    for _ in range(100_000):
        y = a @ x
        y /= np.linalg.norm(y)
        if np.abs(y - x).max() < 1e-13:
            x = y
            break
        x = y
    return {n: float(v) for n, v in zip(nodes, x)}


def centrality(g: nx.Graph) -> pd.DataFrame:
    """Centrality of every node of a co-assignment, lead→assist or portfolio graph.

    ``degree`` counts neighbours and ``weighted_degree`` sums edge weights (tasks). ``betweenness``
    (normalised) and ``closeness`` read each edge as a *distance of 1/weight*, so two units
    sharing many tasks are close; closeness is networkx's (Wasserman–Faust scaled for graphs
    that are not connected; on a DiGraph it measures distance *to* the node) and, since
    distances are below 1 where units share several tasks, can exceed 1. ``eigenvector`` is
    weighted eigenvector centrality (unit norm; a DiGraph is symmetrised, its weights added),
    computed with numpy. For a DiGraph the frame also has ``in_degree``, ``out_degree``,
    ``weighted_in_degree`` and ``weighted_out_degree`` (``degree`` = in + out).

    Parameters
    ----------
    g : networkx.Graph or networkx.DiGraph
        Nodes may carry ``name``; edges ``weight`` (1 when missing). Any of this module's
        graphs; for :func:`portfolio_graph` the ``unit`` column holds officials too.

    Returns
    -------
    pandas.DataFrame
        ``unit, name, degree, weighted_degree, betweenness, closeness, eigenvector``, measures
        rounded to 6 decimals, sorted by ``weighted_degree`` descending, then ``name``.

    Examples
    --------
    >>> frame = centrality(co_assignment_graph(_demo_kg()))
    >>> frame[["name", "degree", "weighted_degree", "betweenness"]].values.tolist()
    [['区发展改革委', 3, 5, 0.166667], ['区财政局', 3, 5, 0.166667], ['区商务局', 2, 2, 0.0], \
['区生态环境局', 2, 2, 0.0]]
    >>> list(centrality(lead_assist_graph(_demo_kg())).columns)[-4:]
    ['in_degree', 'out_degree', 'weighted_in_degree', 'weighted_out_degree']
    """
    h = _canonical(g)
    directed = h.is_directed()
    between = nx.betweenness_centrality(h, weight="distance", normalized=True)
    close = nx.closeness_centrality(h, distance="distance")
    eigen = _eigenvector(h)
    rows = []
    for n in h.nodes:
        row = {
            "unit": n,
            "name": _node_name(h, n),
            "degree": int(h.degree(n)),
            "weighted_degree": h.degree(n, weight="weight"),
            "betweenness": between[n],
            "closeness": close[n],
            "eigenvector": eigen[n],
        }
        if directed:
            row.update(
                in_degree=int(h.in_degree(n)),
                out_degree=int(h.out_degree(n)),
                weighted_in_degree=h.in_degree(n, weight="weight"),
                weighted_out_degree=h.out_degree(n, weight="weight"),
            )
        rows.append(row)
    rows.sort(key=lambda r: (-r["weighted_degree"], r["name"], str(r["unit"])))
    columns = ["unit", "name", "degree", "weighted_degree", "betweenness", "closeness", "eigenvector"]
    if directed:
        columns += ["in_degree", "out_degree", "weighted_in_degree", "weighted_out_degree"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.round({"betweenness": 6, "closeness": 6, "eigenvector": 6})


def summary(g: nx.Graph) -> dict[str, Any]:
    """Size and cohesion of a network.

    Returns
    -------
    dict
        ``nodes``, ``edges``, ``density`` (networkx's, directed for a DiGraph), ``components``
        (weakly connected for a DiGraph), ``largest_component`` (its nodes),
        ``average_clustering`` (unweighted, on the undirected graph) and ``total_weight``
        (sum of edge weights, 1 when missing); floats rounded to 6 decimals.

    Examples
    --------
    >>> summary(co_assignment_graph(_demo_kg()))
    {'nodes': 4, 'edges': 5, 'density': 0.833333, 'components': 1, 'largest_component': 4, \
'average_clustering': 0.833333, 'total_weight': 7}
    """
    und = _undirected(g)
    comps = list(nx.connected_components(und))
    n = g.number_of_nodes()
    return {
        "nodes": n,
        "edges": g.number_of_edges(),
        "density": round(nx.density(g), 6) if n > 1 else 0.0,
        "components": len(comps),
        "largest_component": max((len(c) for c in comps), default=0),
        "average_clustering": round(nx.average_clustering(und), 6) if n else 0.0,
        "total_weight": sum(1 if d.get("weight") is None else d["weight"] for _, _, d in g.edges(data=True)),
    }


def communities(g: nx.Graph, seed: int = 42) -> pd.DataFrame:
    """Communities of units that work together, by Louvain modularity maximisation (networkx).

    The graph is copied in sorted order and Louvain is seeded, so the result does not change
    between calls. Communities are numbered 1, 2, … by size (largest first), ties broken by
    their alphabetically first member name; isolated nodes are communities of their own.

    Parameters
    ----------
    g : networkx.Graph or networkx.DiGraph
        Edge ``weight`` is used (directed modularity for a DiGraph).
    seed : int
        Seed of Louvain's random node order.

    Returns
    -------
    pandas.DataFrame
        ``unit, name, community, community_size``, sorted by ``community`` then ``name``;
        ``frame.attrs["modularity"]`` holds the partition's weighted modularity (rounded to 6
        decimals; NaN for a graph without edges).

    Examples
    --------
    >>> g = nx.Graph([("a", "b", {"weight": 3}), ("b", "c", {"weight": 3}), ("a", "c", {"weight": 3}),
    ...               ("x", "y", {"weight": 3}), ("y", "z", {"weight": 3}), ("c", "x", {"weight": 1})])
    >>> frame = communities(g)
    >>> frame[["unit", "community", "community_size"]].values.tolist()
    [['a', 1, 3], ['b', 1, 3], ['c', 1, 3], ['x', 2, 3], ['y', 2, 3], ['z', 2, 3]]
    >>> frame.attrs["modularity"]
    0.419922
    """
    h = _canonical(g)
    if h.number_of_nodes() == 0:
        frame = pd.DataFrame(columns=["unit", "name", "community", "community_size"])
        frame.attrs["modularity"] = math.nan
        return frame
    parts = nx.community.louvain_communities(h, weight="weight", seed=seed)
    named = [sorted(((_node_name(h, n), str(n)), n) for n in part) for part in parts]
    named.sort(key=lambda members: (-len(members), members[0][0]))
    rows = []
    for number, members in enumerate(named, start=1):
        for (name, _), n in members:
            rows.append({"unit": n, "name": name, "community": number, "community_size": len(members)})
    frame = pd.DataFrame(rows, columns=["unit", "name", "community", "community_size"])
    total = h.size(weight="weight")
    frame.attrs["modularity"] = round(nx.community.modularity(h, parts, weight="weight"), 6) if total > 0 else math.nan
    return frame


def _minres_coreness(a: np.ndarray, sweeps: int = 5000, tol: float = 1e-12) -> np.ndarray:
    """c minimising sum over i != j of (a_ij - c_i c_j)^2 (Gauss–Seidel; each step is the exact
    minimiser in c_i, so the residual never grows)."""
    n = len(a)
    values, vectors = np.linalg.eigh(a)
    c = np.abs(vectors[:, -1]) * math.sqrt(max(values[-1], 0.0))
    for _ in range(sweeps):
        before = c.copy()
        total = float(c @ c)
        for i in range(n):
            denom = total - c[i] ** 2
            new = float(a[i] @ c) / denom if denom > 0 else 0.0
            total += new * new - c[i] ** 2
            c[i] = new
        if np.abs(c - before).max() < tol:
            break
    return c


def core_periphery(g: nx.Graph) -> pd.DataFrame:
    """Core and periphery: k-cores and a continuous Borgatti–Everett coreness.

    ``core_number`` is the largest k such that the node is in the k-core (every member of the
    k-core has at least k neighbours inside it; unweighted, undirected, no self-loops).
    ``in_core`` marks the densest core found: the nodes with the largest core number.

    ``coreness`` is the continuous core–periphery model of Borgatti & Everett (1999): a score
    c_i ≥ 0 per node such that c_i·c_j reproduces the tie strength a_ij (the weight, i.e. shared
    tasks) between every pair i ≠ j as closely as possible, fitted by minimum residuals — minimise
    Σ_{i≠j} (a_ij − c_i c_j)² (the minres fit Boyd, Fitzgerald & Beck 2006 show the model
    reduces to), by Gauss–Seidel from the leading eigenvector. Scores are scaled so the most
    central node has 1. A high score means the node is strongly tied to other high-score nodes
    (the core); periphery nodes are tied mainly to the core, weakly. The Pearson correlation
    between the a_ij and the fitted c_i·c_j (over pairs i < j) is ``frame.attrs["fit"]``.
    A DiGraph is symmetrised (weights of both directions added).

    Returns
    -------
    pandas.DataFrame
        ``unit, name, core_number, coreness, in_core``, sorted by ``coreness`` descending then
        ``name``; ``attrs``: ``fit``, ``max_core``.

    Examples
    --------
    >>> g = nx.Graph([("a", "b"), ("a", "c"), ("b", "c"), ("a", "d"), ("b", "e")])
    >>> frame = core_periphery(g)
    >>> frame[["unit", "core_number", "in_core"]].values.tolist()
    [['a', 2, True], ['b', 2, True], ['c', 2, True], ['d', 1, False], ['e', 1, False]]
    >>> frame["coreness"].tolist()[:2], frame.attrs["max_core"]
    ([1.0, 1.0], 2)
    """
    h = _undirected(g)
    nodes = list(h.nodes)
    cores = nx.core_number(h) if nodes else {}
    if h.number_of_edges() and len(nodes) > 1:
        a = nx.to_numpy_array(h, nodelist=nodes, weight="weight")
        c = _minres_coreness(a)
        c = c / c.max() if c.max() > 0 else c
        iu = np.triu_indices(len(nodes), k=1)
        fitted, data = np.outer(c, c)[iu], a[iu]
        fit = float(np.corrcoef(data, fitted)[0, 1]) if fitted.std() > 0 and data.std() > 0 else math.nan
    else:
        c, fit = np.zeros(len(nodes)), math.nan
    max_core = max(cores.values(), default=0)
    rows = [
        {
            "unit": n,
            "name": _node_name(h, n),
            "core_number": int(cores[n]),
            "coreness": round(float(v), 6),
            "in_core": max_core > 0 and cores[n] == max_core,
        }
        for n, v in zip(nodes, c)
    ]
    rows.sort(key=lambda r: (-r["coreness"], r["name"], str(r["unit"])))
    frame = pd.DataFrame(rows, columns=["unit", "name", "core_number", "coreness", "in_core"])
    frame.attrs["fit"] = round(fit, 6) if not math.isnan(fit) else fit
    frame.attrs["max_core"] = int(max_core)
    return frame


def _burt(g: nx.Graph) -> tuple[list[Any], np.ndarray, np.ndarray]:
    """Burt's constraint and effective size of every node with a neighbour, with numpy.

    The formulas of networkx's ``constraint`` and ``effective_size`` (weighted form) as matrix
    products: networkx's loops take minutes on a dense network of a hundred units. With mutual
    weights M = W + Wᵀ, p_ij = m_ij / Σ_k m_ik and r_ij = m_ij / max_k m_ik:
    constraint_i = Σ_{j ∈ N(i)} (p_ij + Σ_q p_iq p_qj)² and
    effective_size_i = Σ_{j ∈ N(i)} (1 − Σ_q p_iq r_jq).
    """
    nodes = list(g.nodes)
    w = nx.to_numpy_array(g, nodelist=nodes, weight="weight")
    np.fill_diagonal(w, 0.0)
    m = w + w.T
    keep = m.sum(axis=1) > 0
    m = m[np.ix_(keep, keep)]
    nodes = [n for n, k in zip(nodes, keep) if k]
    if not nodes:
        return [], np.zeros(0), np.zeros(0)
    p = m / m.sum(axis=1, keepdims=True)
    r = m / m.max(axis=1, keepdims=True)
    tie = m > 0
    constraint = np.where(tie, (p + p @ p) ** 2, 0.0).sum(axis=1)
    effective = np.where(tie, 1.0 - p @ r.T, 0.0).sum(axis=1)
    return nodes, constraint, effective


def brokers(g: nx.Graph) -> pd.DataFrame:
    """Brokers across structural holes (Burt): constraint and effective size.

    ``constraint`` is Burt's aggregate constraint with tie weights (low = the node's contacts
    are not tied to each other, so the node spans structural holes); ``effective_size`` is
    Burt's weighted effective size (non-redundant contacts). Both follow networkx's
    ``constraint`` and ``effective_size`` with ``weight="weight"`` (same values), computed as
    matrix products; a DiGraph's ties count in both directions (mutual weights), as in networkx.
    ``degree`` counts neighbours (in either direction). Isolated nodes (constraint undefined) are
    left out.

    Returns
    -------
    pandas.DataFrame
        ``unit, name, constraint, effective_size, degree`` rounded to 6 decimals, sorted by
        ``constraint`` ascending (strongest broker first), then ``effective_size`` descending,
        then ``name``.

    Examples
    --------
    >>> g = nx.Graph([("hub", "a"), ("hub", "b"), ("hub", "c"), ("a", "b")])
    >>> brokers(g)[["unit", "constraint", "effective_size", "degree"]].values.tolist()
    [['hub', 0.611111, 2.333333, 3], ['c', 1.0, 1.0, 1], ['a', 1.006944, 1.0, 2], ['b', 1.006944, 1.0, 2]]
    """
    h = _canonical(g)
    h.remove_edges_from(list(nx.selfloop_edges(h)))
    nodes, cons, eff = _burt(h)
    und = _undirected(h)
    rows = [
        {
            "unit": n,
            "name": _node_name(h, n),
            "constraint": round(float(c), 6),
            "effective_size": round(float(e), 6),
            "degree": int(und.degree(n)),
        }
        for n, c, e in zip(nodes, cons, eff)
    ]
    rows.sort(key=lambda r: (r["constraint"], -r["effective_size"], r["name"], str(r["unit"])))
    return pd.DataFrame(rows, columns=["unit", "name", "constraint", "effective_size", "degree"])


# ---------------------------------------------------------------- change between years


def _unit_task_counts(kg, year, include_collectives, roles=tuple(ROLES)) -> Counter[str]:
    counts: Counter[str] = Counter()
    for units in _assignments(kg, selected_tasks(kg, year=year), include_collectives).values():
        counts.update(u for u, role in units.items() if role in roles)
    return counts


def phase_comparison(
    kg: KnowledgeGraph,
    before: int | Iterable[int] = 2022,
    after: int | Iterable[int] = 2023,
    include_collectives: bool = False,
    roles: Iterable[str] = ("responsible", "assisting"),
) -> dict[str, pd.DataFrame]:
    """How coordination changed from one phase (year) to the next.

    Parameters
    ----------
    kg : KnowledgeGraph
        The knowledge graph.
    before, after : int or iterable of int
        The years of the two phases.
    include_collectives : bool
        Keep collectives as units.
    roles : iterable of str
        The roles that count, for units and ties alike. Pass ``("responsible",)`` to compare
        plans of which one lists no assisting units (the 2023 plan of the seeds).

    Returns
    -------
    dict of str to pandas.DataFrame
        ``units``: ``unit, name, status, tasks_before, tasks_after, change`` — tasks on which the
        unit is responsible or assisting; status ``entered`` (no task before), ``left`` (no task
        after) or ``stayed``; sorted by status, then the size of the change (largest first), then
        name.
        ``ties``: co-assignment pairs (:func:`co_assignment`) ``unit_a, name_a, unit_b, name_b,
        status, tasks_before, tasks_after``, status ``gained``, ``lost`` or ``kept``; sorted by
        status, then tasks before + after (largest first), then names.
        ``summary``: one row per phase — ``phase, year, tasks`` (all tasks of the phase),
        ``units`` (units on them), ``ties`` (co-assigned pairs), ``density`` (of the
        co-assignment graph).

    Examples
    --------
    >>> out = phase_comparison(_demo_kg())
    >>> out["units"][["name", "status", "tasks_before", "tasks_after"]].values.tolist()
    [['区生态环境局', 'entered', 0, 1], ['区商务局', 'left', 1, 0], ['区发展改革委', 'stayed', 1, 2], \
['区财政局', 'stayed', 1, 2]]
    >>> out["ties"][["name_a", "name_b", "status"]].values.tolist()[0]
    ['区发展改革委', '区生态环境局', 'gained']
    >>> out["summary"][["phase", "tasks", "units", "ties", "density"]].values.tolist()
    [['before', 1, 3, 3, 1.0], ['after', 2, 3, 3, 1.0]]
    """
    roles = _check_roles(roles)
    cb = _unit_task_counts(kg, before, include_collectives, roles)
    ca = _unit_task_counts(kg, after, include_collectives, roles)
    status_rank = {"entered": 0, "left": 1, "stayed": 2}
    units: list[dict[str, Any]] = []
    for u in sorted(set(cb) | set(ca)):
        b, a = cb.get(u, 0), ca.get(u, 0)
        units.append(
            {
                "unit": u,
                "name": _name(kg, u),
                "status": "entered" if not b else "left" if not a else "stayed",
                "tasks_before": b,
                "tasks_after": a,
                "change": a - b,
            }
        )
    units.sort(key=lambda r: (status_rank[r["status"]], -abs(r["change"]), r["name"], r["unit"]))

    pb = co_assignment(kg, year=before, include_collectives=include_collectives, roles=roles)
    pa = co_assignment(kg, year=after, include_collectives=include_collectives, roles=roles)
    tb = {(r.unit_a, r.unit_b): r.tasks for r in pb.itertuples()}
    ta = {(r.unit_a, r.unit_b): r.tasks for r in pa.itertuples()}
    tie_rank = {"gained": 0, "lost": 1, "kept": 2}
    ties = []
    for a_, b_ in sorted(set(tb) | set(ta)):
        b, a = tb.get((a_, b_), 0), ta.get((a_, b_), 0)
        ties.append(
            {
                "unit_a": a_,
                "name_a": _name(kg, a_),
                "unit_b": b_,
                "name_b": _name(kg, b_),
                "status": "gained" if not b else "lost" if not a else "kept",
                "tasks_before": int(b),
                "tasks_after": int(a),
            }
        )
    ties.sort(
        key=lambda r: (
            tie_rank[r["status"]],
            -(r["tasks_before"] + r["tasks_after"]),
            r["name_a"],
            r["name_b"],
            r["unit_a"],
            r["unit_b"],
        )
    )

    phases = []
    for phase, years in (("before", before), ("after", after)):
        g = co_assignment_graph(kg, year=years, include_collectives=include_collectives, roles=roles)
        ys = sorted(_years(years) or ())
        phases.append(
            {
                "phase": phase,
                "year": ys[0] if len(ys) == 1 else "、".join(map(str, ys)),
                "tasks": len(selected_tasks(kg, year=years)),
                "units": g.number_of_nodes(),
                "ties": g.number_of_edges(),
                "density": summary(g)["density"],
            }
        )
    return {
        "units": pd.DataFrame(units, columns=["unit", "name", "status", "tasks_before", "tasks_after", "change"]),
        "ties": pd.DataFrame(
            ties, columns=["unit_a", "name_a", "unit_b", "name_b", "status", "tasks_before", "tasks_after"]
        ),
        "summary": pd.DataFrame(phases, columns=["phase", "year", "tasks", "units", "ties", "density"]),
    }


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
