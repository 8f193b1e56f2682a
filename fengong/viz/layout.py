"""Positions for the explorer maps: a seeded spring layout, scaled to vis-network pixels and rounded
(so the page's bytes are stable), dense up to ``_DENSE_LAYOUT_MAX`` nodes and for a big graph only
for its best-connected ``_CORE`` nodes, the others placed around their neighbours.
"""

from __future__ import annotations

import math
from collections import defaultdict

import networkx as nx

__all__: list[str] = []  # used by fengong.viz.maps only

_SEED = 42
#: the dense spring layout is O(n²) in time and memory: above this many nodes only the best-connected
#: ``_CORE`` nodes get it and the others are placed around their neighbours (:func:`_layout_large`)
_DENSE_LAYOUT_MAX = 1000
_CORE = 700
#: the spring layout of more nodes than this runs in float32 (:func:`_spring32`: 6× faster at 500 nodes, an equally seeded layout)
_SPRING32_FROM = 64


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
