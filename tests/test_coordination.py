"""Coordination queries (fengong.graph.queries.coordination) on the sample corpus and on tiny graphs.

Numbers on the corpus are checked against the documents themselves (lines of 004, the 2023 plan
通政发〔2023〕2号, which prints one ``责任单位：`` line per task) or against the build records
(printed names, before the graph resolves them), not only against the query's own output.
"""

from __future__ import annotations

import math
import random
import re

import networkx as nx
import pandas as pd
import pytest

from fengong.build.source import fold, squash
from fengong.data import SAMPLE_CORPUS
from fengong.graph.kg import KnowledgeGraph
from fengong.graph.queries.coordination import (
    QueryError,
    co_assignment,
    co_assignment_graph,
    keyword_slice,
    lead_assist,
    lead_assist_graph,
    portfolio,
    portfolio_graph,
    tasks_matching,
)
from fengong.graph.queries.measures import brokers, centrality, communities, core_periphery, summary
from fengong.graph.queries.phases import phase_comparison

PLAN_2023 = next(SAMPLE_CORPUS.glob("004_*.txt"))
PLAN_2022 = next(SAMPLE_CORPUS.glob("001_*.txt"))  # the 2022 plans (8号 pollution plans, 13/14/15号)


@pytest.fixture(scope="module")
def kg(seed_graph):
    return seed_graph


@pytest.fixture(scope="module")
def records(seed_corpus):
    return seed_corpus.tasks


@pytest.fixture(scope="module")
def unit_id(kg):
    by_name = {n.props["name"]: n.id for n in kg.nodes_of("Unit")}
    return by_name.__getitem__


def _printed(record, prefixes, roles=("responsible", "assisting")) -> bool:
    """Whether a task record prints a name starting with one of ``prefixes`` in one of ``roles``
    (prefixes: the graph resolves 区水务局等有关部门 to 区水务局)."""
    names = (record.responsible_units if "responsible" in roles else []) + (
        record.assist_units if "assisting" in roles else []
    )
    return any(n.text.startswith(prefixes) for n in names)


def _pair(frame: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    """The rows of a pair in either order."""
    return frame[((frame.name_a == a) & (frame.name_b == b)) | ((frame.name_a == b) & (frame.name_b == a))]


def _responsible_lines_2023() -> list[str]:
    return [line for line in PLAN_2023.read_text(encoding="utf-8").splitlines() if line.startswith("责任单位：")]


# ---------------------------------------------------------------- co-assignment on the corpus


def test_top_pairs_whole_corpus(kg):
    top = co_assignment(kg).head(3)
    assert top[["name_a", "name_b", "tasks"]].values.tolist() == [
        ["区水务局", "区生态环境局", 45],
        ["市规划自然资源委通州分局", "区生态环境局", 32],
        ["市规划自然资源委通州分局", "区住房城乡建设委", 30],
    ]
    assert (top.unit_a < top.unit_b).all()


def test_pair_counts_agree_with_records(kg, records):
    ca = co_assignment(kg)
    water = sum(1 for r in records if _printed(r, "区生态环境局") and _printed(r, "区水务局"))
    assert water == 45 == _pair(ca, "区水务局", "区生态环境局").tasks.item()
    # 区住房城乡建设委 is printed under several names across the plans
    housing = ("区住房城乡建设委", "区住建委", "区住房和城乡建设委员会")
    both = sum(1 for r in records if _printed(r, "区生态环境局") and _printed(r, housing))
    assert both == 18 == _pair(ca, "区住房城乡建设委", "区生态环境局").tasks.item()


def test_sorted_and_deterministic(kg):
    ca = co_assignment(kg)
    key = list(zip(-ca.tasks, ca.name_a, ca.name_b))
    assert key == sorted(key)
    pd.testing.assert_frame_equal(ca, co_assignment(kg))
    assert not ca.duplicated(["unit_a", "unit_b"]).any()


def test_2023_responsible_tasks_of_ndrc(kg, unit_id):
    lines = _responsible_lines_2023()
    assert len(lines) == 138  # one per task
    ndrc_lines = [line for line in lines if "区发展改革委" in line]
    assert len(ndrc_lines) == 21
    g = co_assignment_graph(kg, year=2023, roles=("responsible",))
    assert g.nodes[unit_id("区发展改革委")]["tasks"] == 21
    units = phase_comparison(kg)["units"].set_index("name")
    assert units.loc["区发展改革委", "tasks_after"] == 21  # 2023 prints no assisting units


def test_2023_plan_by_document_number(kg):
    by_number = co_assignment(kg, document="通政发〔2023〕2号")
    pd.testing.assert_frame_equal(by_number, co_assignment(kg, year=2023))  # the only 2023 plan
    pd.testing.assert_frame_equal(by_number, co_assignment(kg, document="通政发[2023]2号"))
    # the 8号 notice holds no task itself: its five attached action plans do
    assert co_assignment(kg, document="通政发〔2022〕8号").head(1)[["name_a", "name_b", "tasks"]].values.tolist() == [
        ["区水务局", "区生态环境局", 42]
    ]
    with pytest.raises(QueryError):
        co_assignment(kg, document="通政发〔2099〕1号")


def test_lead_assist_pair(kg, records):
    la = lead_assist(kg)
    row = la[(la.lead_name == "区生态环境局") & (la.assist_name == "区水务局")]
    counted = sum(
        1 for r in records if _printed(r, "区生态环境局", ("responsible",)) and _printed(r, "区水务局", ("assisting",))
    )
    assert counted == 18 == row.tasks.item()
    back = la[(la.lead_name == "区水务局") & (la.assist_name == "区生态环境局")].tasks.item()
    assert back == 6
    assert lead_assist(kg, year=2023).empty  # 通政发〔2023〕2号 names 责任单位 only
    g = lead_assist_graph(kg)
    assert g[row.lead.item()][row.assist.item()]["weight"] == 18
    assert g.number_of_edges() == len(la)


def test_role_pair_split_sums_to_total(kg, records):
    split = _pair(co_assignment(kg, by_role_pair=True), "区水务局", "区生态环境局")
    assert split.tasks.sum() == 45
    by_pair = {(r.name_a, r.role_pair): r.tasks for r in split.itertuples()}
    assert by_pair == {
        ("区生态环境局", "responsible-assisting"): 18,
        ("区水务局", "responsible-assisting"): 6,
        ("区水务局", "responsible-responsible"): 17,
        ("区水务局", "assisting-assisting"): 4,
    }
    both_responsible = sum(
        1
        for r in records
        if _printed(r, "区生态环境局", ("responsible",)) and _printed(r, "区水务局", ("responsible",))
    )
    assert both_responsible == 17
    # every pair: the splits add up to the undirected total
    whole = co_assignment(kg)
    split_all = co_assignment(kg, by_role_pair=True)
    a = split_all[["unit_a", "unit_b"]].min(axis=1)
    b = split_all[["unit_a", "unit_b"]].max(axis=1)
    summed = split_all.assign(unit_a=a, unit_b=b).groupby(["unit_a", "unit_b"]).tasks.sum()
    assert summed.to_dict() == whole.set_index(["unit_a", "unit_b"]).tasks.to_dict()
    co_responsible = co_assignment(kg, roles=("responsible",))
    assert _pair(co_responsible, "区水务局", "区生态环境局").tasks.item() == 17


def test_collectives_excluded_by_default(kg, records):
    collective = {n.id for n in kg.nodes_of("Unit") if n.props["collective"]}
    ca = co_assignment(kg)
    assert not (set(ca.unit_a) | set(ca.unit_b)) & collective
    assert not set(co_assignment_graph(kg)) & collective
    with_all = co_assignment(kg, include_collectives=True)
    assert (set(with_all.unit_a) | set(with_all.unit_b)) & collective
    top = with_all.head(1)[["name_a", "name_b", "tasks"]].values.tolist()
    counted = sum(1 for r in records if _printed(r, "各街道乡镇") and _printed(r, "区生态环境局"))
    assert top == [["各街道乡镇", "区生态环境局", 78]] and counted == 78


# ---------------------------------------------------------------- network measures on the corpus


def test_centrality_2022(kg, unit_id):
    g = co_assignment_graph(kg, year=2022)
    c = centrality(g)
    assert c.head(3)[["name", "weighted_degree"]].values.tolist() == [
        ["区生态环境局", 286],
        ["区水务局", 254],
        ["区农业农村局", 212],
    ]
    assert len(c) == g.number_of_nodes() and list(c.columns) == [
        "unit",
        "name",
        "degree",
        "weighted_degree",
        "betweenness",
        "closeness",
        "eigenvector",
    ]
    # weighted degree = Σ over its 2022 tasks of (units on the task - 1)
    eco = unit_id("区生态环境局")
    per_task: dict[str, set[str]] = {}
    for rel in ("RESPONSIBLE_FOR", "ASSISTS"):
        for e in kg.edges_of(rel):
            if kg.nodes[e.target].props.get("year") == 2022 and not kg.nodes[e.source].props["collective"]:
                per_task.setdefault(e.target, set()).add(e.source)
    assert sum(len(units) - 1 for units in per_task.values() if eco in units) == 286
    # eigenvector agrees with networkx on the connected part
    big = g.subgraph(max(nx.connected_components(g), key=len))
    nx_eigen = nx.eigenvector_centrality(big, weight="weight", max_iter=10_000, tol=1e-12)
    ours = centrality(big).set_index("unit").eigenvector
    assert max(abs(ours[n] - nx_eigen[n]) for n in big) < 1e-5


def test_summary_densities(kg):
    s22, s23 = (summary(co_assignment_graph(kg, year=y)) for y in (2022, 2023))
    assert (s22["nodes"], s22["edges"], s22["density"]) == (66, 762, 0.355245)
    assert (s23["nodes"], s23["edges"], s23["density"]) == (67, 297, 0.134328)
    assert s22["total_weight"] == co_assignment(kg, year=2022).tasks.sum()


def test_brokers_2022(kg):
    b = brokers(co_assignment_graph(kg, year=2022))
    assert b.head(1)[["name", "constraint"]].values.tolist() == [["区应急局", 0.115759]]
    assert list(b.constraint) == sorted(b.constraint)


def test_brokers_match_networkx():
    for directed in (False, True):
        g = nx.gnm_random_graph(25, 90, seed=7, directed=directed)
        rnd = random.Random(3)
        for u, v in g.edges:
            g[u][v]["weight"] = rnd.randint(1, 6)
        g.add_node(99)  # an isolate: left out
        ours = brokers(g).set_index("unit")
        assert 99 not in ours.index and len(ours) == 25
        cons, eff = nx.constraint(g, weight="weight"), nx.effective_size(g, weight="weight")
        for n in ours.index:
            assert ours.constraint[n] == pytest.approx(cons[n], abs=1e-6)
            assert ours.effective_size[n] == pytest.approx(eff[n], abs=1e-6)


def test_communities_deterministic_and_covering(kg):
    g = co_assignment_graph(kg, year=2022)
    first, second = communities(g), communities(g)
    pd.testing.assert_frame_equal(first, second)
    assert first.attrs["modularity"] == second.attrs["modularity"] > 0.2
    assert sorted(first.unit) == sorted(g.nodes) and not first.unit.duplicated().any()
    sizes = first.groupby("community").size()
    assert list(sizes.index) == list(range(1, len(sizes) + 1))
    assert list(sizes) == sorted(sizes, reverse=True)
    assert (first.community_size == first.community.map(sizes)).all()
    # inserting the same graph in another order changes nothing
    shuffled = nx.Graph()
    shuffled.add_nodes_from(sorted(g.nodes(data=True), reverse=True))
    shuffled.add_edges_from(sorted(g.edges(data=True), reverse=True))
    pd.testing.assert_frame_equal(communities(shuffled), first)


def test_core_periphery_2022(kg):
    cp = core_periphery(co_assignment_graph(kg, year=2022))
    assert cp.iloc[0]["name"] == "区生态环境局" and cp.iloc[0]["coreness"] == 1.0
    core = cp[cp.in_core]
    assert (core.core_number == cp.attrs["max_core"]).all() and len(core) > 0
    assert 0 < cp.attrs["fit"] <= 1


def test_portfolio(kg, records):
    pf = portfolio(kg)
    top = pf.head(1)
    assert top[["official_name", "unit_name", "tasks", "oversees"]].values.tolist() == [
        ["倪德才", "区生态环境局", 93, True]
    ]
    counted = sum(
        1
        for r in records
        if any(o.text == "倪德才" for o in r.lead_officials) and _printed(r, "区生态环境局", ("responsible",))
    )
    assert counted == 93
    assert "区政府班子成员" not in set(pf.official_name)
    assert pf.oversees.sum() == len(kg.edges_of("OVERSEES"))  # every inferred oversight has its tasks
    g = portfolio_graph(kg)
    assert {d["bipartite"] for _, d in g.nodes(data=True)} == {0, 1}
    assert g.number_of_edges() == len(pf)


# ---------------------------------------------------------------- phases and topics


def test_phase_comparison(kg, unit_id):
    out = phase_comparison(kg)
    units = out["units"]
    assert units.status.value_counts().to_dict() == {"stayed": 38, "entered": 29, "left": 28}
    text_2022 = PLAN_2022.read_text(encoding="utf-8")
    # 运河商务区管委会 is named in none of the 2022 plans, and is 责任单位 on 9 tasks in 2023
    assert "运河商务区管委会" not in text_2022
    assert sum("运河商务区管委会" in line for line in _responsible_lines_2023()) == 9
    row = units.set_index("name").loc["运河商务区管委会"]
    assert (row.status, row.tasks_before, row.tasks_after, row.change) == ("entered", 0, 9, 9)
    # 区科协 takes part in the 2022 science-literacy plan (14号) and in no 2023 task
    assert "区科协" not in PLAN_2023.read_text(encoding="utf-8")
    assert units.set_index("name").loc["区科协", "status"] == "left"
    summary_ = out["summary"].set_index("phase")
    assert summary_.loc["before", ["year", "tasks", "units", "ties"]].tolist() == [2022, 274, 66, 762]
    assert summary_.loc["after", ["year", "tasks", "units", "ties"]].tolist() == [2023, 138, 67, 297]
    assert summary_.loc["after", "tasks"] == len(_responsible_lines_2023())
    ties = out["ties"]
    assert ties.status.value_counts().to_dict() == {"lost": 670, "gained": 205, "kept": 92}
    assert (ties.status == "kept").sum() + (ties.status == "lost").sum() == 762
    assert (ties.status == "kept").sum() + (ties.status == "gained").sum() == 297


def _records_matching(records, term: str) -> list:
    return [r for r in records if term in squash(fold(r.text + (r.key_task or "")))]


def _task_lines_2023(term: str) -> list[str]:
    return [
        line for line in PLAN_2023.read_text(encoding="utf-8").splitlines() if re.match(r"\d+\.", line) and term in line
    ]


@pytest.mark.parametrize("term, total, in_2023", [("碳", 26, 3), ("疫情", 18, 1)])
def test_keyword_slices(kg, records, term, total, in_2023):
    tm = tasks_matching(kg, term)
    assert len(tm) == total == len(_records_matching(records, term))
    assert (tm.year == 2023).sum() == in_2023 == len(_task_lines_2023(term))
    assert list(tm.columns) == ["task", "number", "text", "document", "document_title", "year"]
    pairs = keyword_slice(kg, term)
    assert not pairs.empty
    pd.testing.assert_frame_equal(pairs, co_assignment(kg, keyword=term))
    # every pair's tasks are tasks that match
    g = co_assignment_graph(kg, keyword=term)
    assert set(g) <= set(co_assignment_graph(kg))
    assert summary(g)["total_weight"] == pairs.tasks.sum()


def test_carbon_top_pair(kg):
    assert keyword_slice(kg, "碳").head(1)[["name_a", "name_b", "tasks"]].values.tolist() == [
        ["区发展改革委", "区生态环境局", 8]
    ]


# ---------------------------------------------------------------- tiny graphs: exact arithmetic


def _tiny(
    tasks: dict[str, list[tuple[str, str]]],
    year: int = 2023,
    collective=("各街道乡镇",),
    key_tasks: dict[str, str] | None = None,
) -> KnowledgeGraph:
    """tasks: task id -> [(unit name, "R" or "A"), ...] in printed order (names may repeat)."""
    kg = KnowledgeGraph()
    kg.add_node("doc-1", "Document", number="通政发〔2023〕2号", year=year, plan=True, in_corpus=True)
    for line, (tid, assigned) in enumerate(tasks.items(), start=1):
        kg.add_node(
            tid,
            "Task",
            text=f"任务{tid}",
            key_task=(key_tasks or {}).get(tid),
            year=year,
            source_file="t.txt",
            source_line=line,
            source_line_end=line,
        )
        kg.add_edge(tid, "IN_DOCUMENT", "doc-1")
        for order, (name, role) in enumerate(assigned, start=1):
            uid = f"unit-{name}"
            kg.add_node(
                uid,
                "Unit",
                name=name,
                kind="collective" if name in collective else "department",
                collective=name in collective,
            )
            kg.add_edge(
                uid,
                "RESPONSIBLE_FOR" if role == "R" else "ASSISTS",
                tid,
                key=str(order),
                order=order,
                printed=name,
                split="certain",
                source_line=line,
                source_line_end=line,
            )
    return kg


def test_three_units_give_three_pairs():
    kg = _tiny({"task-1": [("甲", "R"), ("乙", "R"), ("丙", "A")]})
    ca = co_assignment(kg)
    assert len(ca) == 3 and (ca.tasks == 1).all()
    assert set(zip(ca.unit_a, ca.unit_b)) == {("unit-丙", "unit-乙"), ("unit-丙", "unit-甲"), ("unit-乙", "unit-甲")}
    assert (ca.unit_a < ca.unit_b).all()
    split = co_assignment(kg, by_role_pair=True)
    assert sorted(zip(split.name_a, split.name_b, split.role_pair)) == [
        ("乙", "丙", "responsible-assisting"),
        ("乙", "甲", "responsible-responsible"),
        ("甲", "丙", "responsible-assisting"),
    ]


def test_unit_printed_twice_counts_once():
    kg = _tiny({"task-1": [("甲", "R"), ("乙", "R"), ("甲", "R")], "task-2": [("甲", "R"), ("乙", "A")]})
    ca = co_assignment(kg)
    assert ca[["name_a", "name_b", "tasks"]].values.tolist() == [["乙", "甲", 2]]
    assert co_assignment_graph(kg).nodes["unit-甲"]["tasks"] == 2
    assert phase_comparison(kg, before=2022, after=2023)["units"].set_index("name").loc["甲", "tasks_after"] == 2


def test_responsible_and_assisting_on_one_task():
    # printed as 牵头 and again among the participants: counts as responsible, never paired with itself
    kg = _tiny({"task-1": [("甲", "R"), ("甲", "A"), ("乙", "A")]})
    assert co_assignment(kg, by_role_pair=True)[["name_a", "name_b", "role_pair", "tasks"]].values.tolist() == [
        ["甲", "乙", "responsible-assisting", 1]
    ]
    assert lead_assist(kg)[["lead_name", "assist_name", "tasks"]].values.tolist() == [["甲", "乙", 1]]
    assert co_assignment(kg, roles=("assisting",)).empty


def test_tiny_collectives_and_keywords():
    kg = _tiny(
        {"task-1": [("甲", "R"), ("各街道乡镇", "A")], "task-2": [("甲", "R"), ("乙", "R")]},
        key_tasks={"task-1": "推进 低碳 发展"},
    )
    assert co_assignment(kg)[["name_a", "name_b"]].values.tolist() == [["乙", "甲"]]
    assert len(co_assignment(kg, include_collectives=True)) == 2
    # the key task matches, whitespace aside
    assert tasks_matching(kg, "低碳").task.tolist() == ["task-1"]
    assert keyword_slice(kg, "低碳").empty  # its only partner is a collective
    assert len(keyword_slice(kg, "低碳", include_collectives=True)) == 1
    assert co_assignment(kg, year=2022).empty
    with pytest.raises(QueryError):
        co_assignment(kg, roles=("leading",))


def test_tiny_graph_measures():
    g = nx.Graph()
    g.add_edge("a", "b", weight=3)
    g.add_edge("b", "c", weight=1)
    g.add_node("z")
    c = centrality(g).set_index("unit")
    assert c.weighted_degree.to_dict() == {"b": 4, "a": 3, "c": 1, "z": 0}
    # b is on the one a–c path: 1 of the 3 pairs of the other nodes (z counts, though isolated)
    assert c.betweenness["b"] == round(1 / 3, 6) and c.betweenness["a"] == 0.0
    # closeness with distance 1/weight: a reaches b at 1/3 and c at 4/3; 2 of 3 others reachable
    assert c.closeness["a"] == pytest.approx(round((2 / 3) * 2 / (1 / 3 + 4 / 3), 6))
    assert c.eigenvector["z"] == 0.0
    s = summary(g)
    assert s == {
        "nodes": 4,
        "edges": 2,
        "density": round(2 / 6, 6),
        "components": 2,
        "largest_component": 3,
        "average_clustering": 0.0,
        "total_weight": 4,
    }
    d = nx.DiGraph([("a", "b", {"weight": 2}), ("a", "c", {"weight": 1})])
    cd = centrality(d).set_index("unit")
    assert cd.loc["a", ["degree", "out_degree", "in_degree", "weighted_out_degree"]].tolist() == [2, 2, 0, 3]
    assert summary(d)["components"] == 1


def test_edgeless_graph():
    g = nx.Graph()
    g.add_nodes_from(["a", "b"])
    assert math.isnan(communities(g).attrs["modularity"]) and len(communities(g)) == 2
    assert core_periphery(g).coreness.tolist() == [0.0, 0.0]
    assert brokers(g).empty
    assert summary(nx.Graph())["nodes"] == 0


def test_coreness_recovers_a_perfect_core_periphery():
    c = {"a": 1.0, "b": 0.8, "c": 0.5, "d": 0.2}
    g = nx.Graph()
    for u in c:
        for v in c:
            if u < v:
                g.add_edge(u, v, weight=c[u] * c[v] * 10)
    cp = core_periphery(g).set_index("unit")
    assert cp.coreness.to_dict() == pytest.approx(c, abs=1e-6)
    assert cp.attrs["fit"] == pytest.approx(1.0)


def test_phase_comparison_of_responsible_units_only(kg):
    # the 2023 plan lists no assisting units, so its phases compare on responsible units alone
    out = phase_comparison(kg, roles=("responsible",))
    assert out["units"]["status"].value_counts().to_dict() == {"stayed": 34, "entered": 33, "left": 13}
    assert out["ties"]["status"].value_counts().to_dict() == {"gained": 245, "lost": 118, "kept": 52}
    assert out["summary"][["units", "ties"]].values.tolist() == [[47, 170], [67, 297]]
