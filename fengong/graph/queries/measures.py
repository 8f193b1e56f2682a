"""Network measures on the coordination networks of :mod:`fengong.graph.queries.coordination`
(co-assignment, lead→assist, official–unit portfolio): centrality, size and cohesion, communities,
core and periphery, brokers. Written beside networkx's own algorithms, in their style: each takes a
networkx graph whose edges carry ``weight`` (tasks), is deterministic (nodes in sorted order,
algorithms seeded) and returns a DataFrame sorted for reading.

>>> from fengong.graph.queries.coordination import _demo_kg, co_assignment_graph
>>> summary(co_assignment_graph(_demo_kg()))["nodes"]
4
"""

from __future__ import annotations

import math
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

__all__ = ["centrality", "summary", "communities", "core_periphery", "brokers"]


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

    See Also
    --------
    networkx.betweenness_centrality, networkx.closeness_centrality, networkx.eigenvector_centrality

    References
    ----------
    .. [1] U. Brandes, "A faster algorithm for betweenness centrality", Journal of Mathematical
       Sociology 25(2), 2001.
    .. [2] P. Bonacich, "Power and centrality: a family of measures", American Journal of
       Sociology 92(5), 1987.

    Examples
    --------
    >>> from fengong.graph.queries.coordination import _demo_kg, co_assignment_graph, lead_assist_graph
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

    Parameters
    ----------
    g : networkx.Graph or networkx.DiGraph
        A co-assignment, lead→assist or portfolio graph; edges carry ``weight`` (tasks).

    Returns
    -------
    dict
        ``nodes``, ``edges``, ``density`` (networkx's, directed for a DiGraph), ``components``
        (weakly connected for a DiGraph), ``largest_component`` (its nodes),
        ``average_clustering`` (unweighted, on the undirected graph) and ``total_weight``
        (sum of edge weights, 1 when missing); floats rounded to 6 decimals.

    See Also
    --------
    networkx.density, networkx.connected_components, networkx.average_clustering

    Examples
    --------
    >>> from fengong.graph.queries.coordination import _demo_kg, co_assignment_graph
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

    See Also
    --------
    networkx.community.louvain_communities, networkx.community.modularity

    References
    ----------
    .. [1] V. D. Blondel, J.-L. Guillaume, R. Lambiotte, E. Lefebvre, "Fast unfolding of communities
       in large networks", Journal of Statistical Mechanics, P10008, 2008.

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

    Parameters
    ----------
    g : networkx.Graph or networkx.DiGraph
        A co-assignment, lead→assist or portfolio graph; edges carry ``weight`` (tasks).

    Returns
    -------
    pandas.DataFrame
        ``unit, name, core_number, coreness, in_core``, sorted by ``coreness`` descending then
        ``name``; ``attrs``: ``fit``, ``max_core``.

    See Also
    --------
    networkx.core_number, networkx.k_core

    References
    ----------
    .. [1] S. P. Borgatti, M. G. Everett, "Models of core/periphery structures", Social Networks
       21(4), 1999.

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

    Parameters
    ----------
    g : networkx.Graph or networkx.DiGraph
        A co-assignment, lead→assist or portfolio graph; edges carry ``weight`` (tasks).

    Returns
    -------
    pandas.DataFrame
        ``unit, name, constraint, effective_size, degree`` rounded to 6 decimals, sorted by
        ``constraint`` ascending (strongest broker first), then ``effective_size`` descending,
        then ``name``.

    See Also
    --------
    networkx.constraint, networkx.effective_size

    References
    ----------
    .. [1] R. S. Burt, Structural Holes: The Social Structure of Competition, Harvard University
       Press, 1992.

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
