"""Maps above the node budget (aggregation) and big maps (layout, page options); no browser needed."""

from __future__ import annotations

import json
import random
import re
from collections import Counter

import pytest

from fengong.graph.kg import KnowledgeGraph
from fengong.viz.layout import _DENSE_LAYOUT_MAX
from fengong.viz.maps import LARGE_MAP, build_map
from fengong.viz.page import map_html
from tests.test_maps import _outside_library

KINDS = ("department", "township", "municipal_branch", "company", "collective")


def big_kg(
    tasks: int,
    units: int = 120,
    districts: int = 6,
    officials: int = 12,
    documents: int = 4,
    seed: int = 7,
    names=lambda i: f"单位{i:04d}",
    jurisdiction=lambda d: f"第{d}区",
) -> KnowledgeGraph:
    """A random graph shaped like a province's: units in districts, each task with a document, a lead
    official, one responsible unit and up to three assisting units (partners mostly from one district)."""
    rng = random.Random(seed)
    kg = KnowledgeGraph()
    for d in range(documents):
        kg.add_node(
            f"doc-{d}",
            "Document",
            number=f"通政发〔{2020 + d}〕{d + 1}号",
            title=f"文件{d}",
            year=2020 + d,
            plan=True,
            in_corpus=True,
        )
    district_of = {}
    for u in range(units):
        district_of[u] = u % districts
        props = {"jurisdiction": jurisdiction(u % districts)} if u % 17 else {}  # some without a jurisdiction
        kg.add_node(f"unit-{u:04d}", "Unit", name=names(u), kind=KINDS[u % len(KINDS)], collective=False, **props)
    for o in range(officials):
        kg.add_node(f"official-{o:02d}", "Official", name=f"领导{o:02d}", collective=False)
    for t in range(tasks):
        d = t % documents
        tid = f"task-{t:05d}"
        kg.add_node(
            tid,
            "Task",
            number=str(t + 1),
            text=f"任务{t}：推进工作",
            year=2020 + d,
            source_file="a.txt",
            source_line=t + 1,
            source_line_end=t + 1,
        )
        kg.add_edge(tid, "IN_DOCUMENT", f"doc-{d}")
        official = rng.randrange(officials)
        kg.add_edge(
            f"official-{official:02d}",
            "LEADS",
            tid,
            key="1",
            order=1,
            printed=f"领导{official:02d}",
            source_line=t + 1,
            source_line_end=t + 1,
        )
        # skewed: low-numbered units are on many tasks
        lead = min(int(rng.expovariate(1 / (units / 6))), units - 1)
        kg.add_edge(
            f"unit-{lead:04d}",
            "RESPONSIBLE_FOR",
            tid,
            key="1",
            order=1,
            printed=names(lead),
            split="certain",
            source_line=t + 1,
            source_line_end=t + 1,
        )
        same = [u for u in range(units) if district_of[u] == district_of[lead] and u != lead]
        for i, u in enumerate(rng.sample(same, rng.randrange(4))):
            kg.add_edge(
                f"unit-{u:04d}",
                "ASSISTS",
                tid,
                key=str(i + 2),
                order=i + 2,
                printed=names(u),
                split="certain",
                source_line=t + 1,
                source_line_end=t + 1,
            )
    return kg


@pytest.fixture(scope="module")
def kg():
    return big_kg(600)


def _units(g):
    return {n for n, d in g.nodes(data=True) if d["type"] == "Unit" and not d.get("merged")}


def _groups(g):
    return {n: d for n, d in g.nodes(data=True) if d.get("merged")}


@pytest.mark.parametrize(
    "kind,budget",
    [
        ("coordination", 100),
        ("coordination", 60),
        ("lead-assist", 60),
        ("network", 60),
        ("coordination", 14),
        ("coordination", 4),
        ("network", 1),
    ],
)
def test_units_merged_exactly(kg, kind, budget):
    full = build_map(kg, "coordination" if kind == "network" else kind, node_budget=10_000)
    g = build_map(kg, kind, node_budget=budget)
    assert g.graph["aggregated"]
    assert g.number_of_nodes() <= budget
    groups = _groups(g)
    assert groups and all(d["type"] == "Unit" for d in groups.values())
    # the groups' sizes add up to the units they replace; every unit is either shown or in one group
    members = [m for d in groups.values() for m in d["members"]]
    assert sum(d["merged"] for d in groups.values()) == len(members) == len(set(members))
    original = _units(full) if kind != "network" else _units(build_map(kg, "network", node_budget=10_000))
    assert _units(g) | set(members) == original and not _units(g) & set(members)
    for _gid, d in groups.items():
        assert d["merged"] >= 2 and f"（{d['merged']}）" in d["label"]
        assert re.fullmatch(r"其他.*（\d+）", d["label"])
    # the best connected units are kept: none better connected than a merged unit is merged
    strength = Counter()
    for u, v, w in (full if kind != "network" else build_map(kg, "coordination", node_budget=10_000)).edges(
        data="weight"
    ):
        strength[u] += w
        strength[v] += w
    weakest = max(strength[m] for m in members)
    assert not {u for u in original if strength[u] > weakest} & set(members)
    note = g.graph["note"]
    assert f"超过上限 {budget}" in note and f"budget of {budget}" in note or f"(budget {budget})" in note
    assert f"合并为 {len(groups)} 个" in note and f"into {len(groups)} square" in note


def test_edge_weights_are_summed(kg):
    full = build_map(kg, "coordination", node_budget=10_000)
    g = build_map(kg, "coordination", node_budget=30)
    total = sum(w for _, _, w in full.edges(data="weight"))
    inside = sum(d.get("inside", 0) for _, d in g.nodes(data=True))
    assert sum(w for _, _, w in g.edges(data="weight")) + inside == total
    # between two kept units the edge is untouched; around a group it is the sum over its members
    into = {m: gid for gid, d in _groups(g).items() for m in d["members"]}
    want = Counter()
    for u, v, w in full.edges(data="weight"):
        a, b = into.get(u, u), into.get(v, v)
        if a != b:
            want[frozenset((a, b))] += w
    got = Counter()
    for u, v, w in g.edges(data="weight"):
        got[frozenset((u, v))] += w
    assert got == want
    assert all(not (g.has_edge(u, v, "co") and g.has_edge(v, u, "co")) for u, v in g.edges() if u != v)


def test_lead_assist_keeps_direction(kg):
    full = build_map(kg, "lead-assist", node_budget=10_000)
    g = build_map(kg, "lead-assist", node_budget=25)
    into = {m: gid for gid, d in _groups(g).items() for m in d["members"]}
    want = Counter()
    for u, v, w in full.edges(data="weight"):
        if into.get(u, u) != into.get(v, v):
            want[into.get(u, u), into.get(v, v)] += w
    assert Counter({(u, v): w for u, v, w in g.edges(data="weight")}) == want


def test_grouping_levels(kg):
    # 6 districts and units without one, 5 kinds: 35 (jurisdiction, kind) groups fit in half of 100
    fine = _groups(build_map(kg, "coordination", node_budget=100))
    assert len(fine) > 7 and all(not gid.endswith(":-") for gid in fine)  # (jurisdiction, kind)
    assert any(d["label"].startswith("其他第0区委办局（") for d in fine.values())
    coarse = _groups(build_map(kg, "coordination", node_budget=14))
    assert all(gid.endswith(":-") for gid in coarse)  # by jurisdiction only
    assert {d["label"] for d in coarse.values()} >= {
        f"其他第0区单位（{coarse['merged:第0区:-']['merged']}）",
        f"其他未注明辖区单位（{coarse['merged:-:-']['merged']}）",
    }
    one = build_map(kg, "coordination", node_budget=4)
    assert list(_groups(one)) == ["merged:-:-"] and one.number_of_nodes() <= 4


@pytest.mark.parametrize(
    "kind,kw",
    [
        ("unit", {"unit": "单位0000"}),
        ("official", {"official": "领导00"}),
        ("document", {"document": "通政发〔2020〕1号"}),
    ],
)
def test_ego_maps_merge_tasks_then_units(kg, kind, kw):
    full = build_map(kg, kind, node_budget=100_000, **kw)
    g = build_map(kg, kind, node_budget=30, **kw)
    assert full.number_of_nodes() > 30 and g.graph["aggregated"] and g.number_of_nodes() <= 30
    tasks = sum(d["type"] == "Task" for _, d in full.nodes(data=True))
    merged_tasks = [d for _, d in g.nodes(data=True) if d["type"] == "Task"]
    assert all(d.get("merged") for d in merged_tasks)
    assert sum(d["merged"] for d in merged_tasks) == tasks
    if g.graph.get("focus"):
        assert g.graph["focus"] in g and not g.nodes[g.graph["focus"]].get("merged")
    assert "超过上限 30" in g.graph["note"] and "budget 30" in g.graph["note"]


def test_aggregated_page_is_deterministic(kg):
    a = map_html(build_map(kg, "network", node_budget=50), kg)
    b = map_html(build_map(kg, "network", node_budget=50), kg)
    assert a == b
    assert "超过上限 50" in a and "merged" in a


def test_hostile_names_in_merged_groups():
    kg = big_kg(
        200,
        units=40,
        names=lambda i: f"<img src=x onerror=alert({i})>局</script>",
        jurisdiction=lambda d: f"<b>区{d}</b>&",
    )
    g = build_map(kg, "coordination", node_budget=20)
    assert _groups(g) and any("<b>" in d["label"] for d in _groups(g).values())
    rest = _outside_library(map_html(g, kg))
    assert "<img" not in rest and "<b>" not in rest and "onerror=alert(3)>" not in rest
    assert rest.count("<script") == rest.count("</script>") == 3
    assert "\\u003cb\\u003e区" in rest  # in the data, escaped


def _page_data(page: str) -> dict:
    return json.loads(re.search(r'<script id="map-data" type="application/json">(.*?)</script>', page, re.S).group(1))


def test_big_map_layout_and_options():
    kg = big_kg(1400, units=150)
    g = build_map(kg, "network", node_budget=5000)
    n = g.number_of_nodes()
    assert n > max(_DENSE_LAYOUT_MAX, LARGE_MAP) and not g.graph["aggregated"]
    pos = [(d["x"], d["y"]) for _, d in g.nodes(data=True)]
    assert len(set(pos)) > 0.98 * n  # spread out, not stacked
    page = map_html(g, kg)
    assert page == map_html(build_map(kg, "network", node_budget=5000), kg)
    data = _page_data(page)
    assert data["options"]["nodes"]["scaling"]["label"]["drawThreshold"] == 12
    assert data["options"]["interaction"]["hideEdgesOnZoom"] and not data["options"]["interaction"]["hover"]
    assert data["options"]["physics"] == {"enabled": False} and data["options"]["edges"]["smooth"] is False
    assert not any(e["dashes"] for e in data["edges"])


def test_small_map_options_unchanged(kg):
    data = _page_data(map_html(build_map(kg, "coordination", node_budget=60), kg))
    assert "scaling" not in data["options"]["nodes"] and data["options"]["interaction"]["hover"] is True
