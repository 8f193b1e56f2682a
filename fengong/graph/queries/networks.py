"""The researchers' networks as graphs ready for Gephi and Cytoscape: co-assignment, lead→assist and
official–unit portfolio, each node with its name, kind, jurisdiction, community and centrality, each
edge with its weight (shared tasks).

:mod:`~fengong.graph.queries.coordination` counts the ties and measures the networks; this module
puts both on one graph, which :func:`fengong.graph.property_graph.network_bytes` writes as GEXF,
GraphML or node-link JSON.

>>> from fengong.graph.queries.coordination import _demo_kg
>>> g = research_network(_demo_kg(), "co-assignment")
>>> g.nodes["unit-fgw"]["label"], g.nodes["unit-fgw"]["community"], g["unit-cz"]["unit-fgw"]["weight"]
('区发展改革委', 1, 3)
>>> g["unit-cz"]["unit-fgw"]["responsible_assisting"], g["unit-cz"]["unit-fgw"]["responsible_responsible"]
(2, 1)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx
import pandas as pd

from fengong.graph.kg import KnowledgeGraph
from fengong.graph.queries import coordination as c
from fengong.graph.queries import measures as nm

__all__ = ["NETWORKS", "ROLE_PAIRS", "research_network"]

#: the networks, as ``fengong export network`` names them
NETWORKS = ("co-assignment", "lead-assist", "portfolio")
#: the role pairs of co-assignment ties (the edge attributes that split a tie's weight)
ROLE_PAIRS = ("responsible-responsible", "responsible-assisting", "assisting-assisting")
_MEASURES = (
    "degree",
    "weighted_degree",
    "betweenness",
    "closeness",
    "eigenvector",
    "in_degree",
    "out_degree",
    "weighted_in_degree",
    "weighted_out_degree",
)


def research_network(
    kg: KnowledgeGraph,
    kind: str,
    *,
    year: int | Iterable[int] | None = None,
    document: str | None = None,
    keyword: str | Iterable[str] | None = None,
    role_pair: str | None = None,
    include_collectives: bool = False,
) -> nx.Graph:
    """A network with every attribute a network tool needs to lay it out and colour it.

    Parameters
    ----------
    kg : KnowledgeGraph
        The knowledge graph.
    kind : {"co-assignment", "lead-assist", "portfolio"}
        Units joined by shared tasks (undirected); responsible unit → assisting unit of a task
        (directed); officials joined to the units responsible for the tasks they lead (bipartite).
    year, document, keyword, include_collectives
        As in :func:`~fengong.graph.queries.coordination.co_assignment` (``portfolio`` takes
        ``year`` only).
    role_pair : {"responsible-responsible", "responsible-assisting", "assisting-assisting"}, optional
        Co-assignment only: weigh each tie by the tasks the two units shared in these roles
        (ties without such a task are left out; every unit stays a node).

    Returns
    -------
    networkx.Graph or networkx.DiGraph
        Nodes (unit or official ids, sorted): ``label`` (the name), ``type`` (Unit or Official),
        ``kind``, ``jurisdiction``, ``tasks``, ``community`` and ``community_size`` (Louvain, see
        :func:`~fengong.graph.queries.measures.communities`), and the centrality measures of
        :func:`~fengong.graph.queries.measures.centrality`. Edges: ``weight`` (tasks); on
        co-assignment ties also the tasks of each role pair (``responsible_responsible``,
        ``responsible_assisting``, ``assisting_assisting``), on portfolio ties ``oversees``.

    See Also
    --------
    fengong.graph.property_graph.network_bytes : the network as GEXF, GraphML or node-link JSON.
    """
    if kind not in NETWORKS:
        raise c.QueryError(f"unknown network {kind!r}; choose one of {', '.join(NETWORKS)}")
    if role_pair is not None and (kind != "co-assignment" or role_pair not in ROLE_PAIRS):
        raise c.QueryError(f"a role pair weighs co-assignment ties: one of {', '.join(ROLE_PAIRS)}")
    filters: dict[str, Any] = dict(
        year=year, document=document, keyword=keyword, include_collectives=include_collectives
    )
    if kind == "portfolio":
        if document is not None or keyword is not None:
            raise c.QueryError("the portfolio network takes a year only (no document or keyword)")
        g = c.portfolio_graph(kg, year=year, include_collectives=include_collectives)
    elif kind == "lead-assist":
        g = c.lead_assist_graph(kg, **filters)
    else:
        g = c.co_assignment_graph(kg, **filters)
        _split_by_role_pair(kg, g, role_pair, filters)
    return _decorated(kg, g)


def _split_by_role_pair(kg: KnowledgeGraph, g: nx.Graph, role_pair: str | None, filters: dict) -> None:
    """Add the tasks of each role pair to the co-assignment ties (and weigh by one, if asked)."""
    split = c.co_assignment(kg, by_role_pair=True, **filters)
    for _, _, d in g.edges(data=True):
        d.update({rp.replace("-", "_"): 0 for rp in ROLE_PAIRS})
    for r in split.itertuples(index=False):
        g[r.unit_a][r.unit_b][r.role_pair.replace("-", "_")] += int(r.tasks)
    if role_pair is not None:
        attr = role_pair.replace("-", "_")
        for a, b, d in list(g.edges(data=True)):
            if d[attr]:
                d["weight"] = d[attr]
            else:
                g.remove_edge(a, b)


def _decorated(kg: KnowledgeGraph, g: nx.Graph) -> nx.Graph:
    """A copy, nodes and edges in sorted order, with names, jurisdictions, communities and centrality."""
    measures = nm.centrality(g).set_index("unit") if g.number_of_nodes() else pd.DataFrame()
    groups = nm.communities(g).set_index("unit") if g.number_of_nodes() else pd.DataFrame()
    h = g.__class__()
    for n in sorted(g.nodes):
        d = g.nodes[n]
        props = kg.nodes[n].props if n in kg.nodes else {}
        attrs = {"label": d.get("name", n), "type": d.get("type", "Unit")}
        if attrs["type"] == "Unit":
            attrs["kind"] = d.get("kind", props.get("kind", "other"))
        attrs["jurisdiction"] = props.get("jurisdiction") or ""
        attrs["tasks"] = int(d["tasks"]) if "tasks" in d else int(g.degree(n, weight="weight"))
        if n in groups.index:
            attrs["community"] = int(groups.at[n, "community"])
            attrs["community_size"] = int(groups.at[n, "community_size"])
        if n in measures.index:
            for m in _MEASURES:
                if m in measures.columns:
                    v = measures.at[n, m]
                    attrs[m] = int(v) if m.endswith("degree") and float(v).is_integer() else float(v)
        h.add_node(n, **attrs)
    for a, b in sorted(g.edges, key=lambda e: (str(e[0]), str(e[1]))):
        d = g[a][b]
        h.add_edge(
            a, b, **{k: (int(v) if isinstance(v, (int,)) and not isinstance(v, bool) else v) for k, v in d.items()}
        )
    return h
