"""The named Cypher queries, run on a genuine Neo4j with the seeds loaded, give exactly the rows
the pandas functions give; values travel as parameters."""

from __future__ import annotations

import time

import pytest

from fengong.graph.cypher import NAMED_CYPHER, named_cypher, run_cypher
from fengong.graph.neo4j import clear, counts, load
from fengong.graph.queries.base import find_unit
from fengong.graph.queries.coordination import co_assignment
from fengong.graph.queries.responsibilities import responsibilities
from fengong.graph.queries.workload import workload

HOSTILE = "x'}) DETACH DELETE n //"


@pytest.fixture(scope="module")
def driver(neo4j_server, seed_graph):
    """The shared server's driver with exactly the seeds loaded (other tests may load and clear too)."""
    with neo4j_server.driver() as driver:
        clear(driver)
        load(seed_graph, driver)
        yield driver


def _rows(frame, cols):
    def norm(v):
        return None if v != v else v  # NaN -> None

    return sorted(
        (tuple(norm(v) for v in r) for r in frame[cols].astype(object).itertuples(index=False)),
        key=lambda r: tuple((v is None, v if v is not None else 0) for v in r),
    )


WORKLOAD = ["unit", "name", "collective", "responsible", "responsible_first", "assisting", "total", "weighted"]


def test_workload_in_cypher_equals_pandas(seed_graph, driver):
    cypher = run_cypher(driver, "workload").rename(columns={"year": "group"})
    assert list(cypher.columns) == ["group"] + WORKLOAD
    cypher["weighted"] = cypher["weighted"].round(4)
    pandas = workload(seed_graph, by="year")
    assert len(cypher) == len(pandas) == 156
    assert _rows(cypher, ["group"] + WORKLOAD) == _rows(pandas, ["group"] + WORKLOAD)


def test_workload_in_cypher_takes_the_year_as_a_parameter(seed_graph, driver):
    cypher = run_cypher(driver, "workload", year=2023)
    assert set(cypher["year"]) == {2023}
    cypher["weighted"] = cypher["weighted"].round(4)
    pandas = workload(seed_graph, year=2023)
    assert len(cypher) == len(pandas) == 72
    assert _rows(cypher, WORKLOAD) == _rows(pandas, WORKLOAD)


@pytest.mark.parametrize("unit", ["区发展改革委", "区生态环境局", "各街道乡镇"])
def test_responsibilities_in_cypher_equal_pandas(seed_graph, driver, unit):
    uid = find_unit(seed_graph, unit)
    cypher = run_cypher(driver, "responsibilities", unit=uid)
    cols = ["role", "task", "number", "text", "deadline", "document_number", "source_file", "source_line"]
    assert list(cypher.columns) == cols
    pandas = responsibilities(seed_graph, uid)
    assert len(cypher) == len(pandas) > 0
    assert _rows(cypher, cols) == _rows(pandas, cols)
    roles = list(cypher["role"])
    assert roles == sorted(roles, key=lambda r: r != "responsible")  # responsible first


def test_co_assignment_in_cypher_equals_pandas(seed_graph, driver):
    cols = ["unit_a", "name_a", "unit_b", "name_b", "tasks"]
    cypher = run_cypher(driver, "co_assignment")
    assert list(cypher.columns) == cols
    assert (cypher["unit_a"] < cypher["unit_b"]).all()
    pandas = co_assignment(seed_graph)
    assert len(cypher) == len(pandas) > 0
    assert _rows(cypher, cols) == _rows(pandas, cols)
    y2023 = run_cypher(driver, "co_assignment", year=2023)
    pandas_2023 = co_assignment(seed_graph, year=2023)
    assert 0 < len(y2023) < len(cypher)
    assert _rows(y2023, cols) == _rows(pandas_2023, cols)


def test_loading_twice_merges(seed_graph, driver):
    load(seed_graph, driver)
    assert counts(driver) == seed_graph.counts()


def test_a_hostile_value_is_only_a_value(seed_graph, driver):
    before = counts(driver)
    assert run_cypher(driver, "responsibilities", unit=HOSTILE).empty
    assert run_cypher(driver, "workload", year=HOSTILE).empty
    assert run_cypher(driver, "co_assignment", year=HOSTILE).empty
    found = run_cypher(driver, "MATCH (u:Fengong:Unit {name: $name}) RETURN u.id AS id", name=HOSTILE)
    assert list(found.columns) == ["id"] and found.empty
    assert counts(driver) == before == seed_graph.counts()


def test_every_named_query_is_shipped_and_commented():
    for name in NAMED_CYPHER:
        text = named_cypher(name)
        assert text.lstrip().startswith("//")
        assert "Parameters:" in text
        assert "apoc." not in text.lower() and "gds." not in text.lower()


def test_queries_answer_quickly_on_the_seeds(seed_graph, driver, capsys):
    uid = find_unit(seed_graph, "区发展改革委")
    timings = {}
    for name, params in (
        ("workload", {}),
        ("workload", {"year": 2023}),
        ("responsibilities", {"unit": uid}),
        ("co_assignment", {}),
        ("co_assignment", {"year": 2023}),
    ):
        run_cypher(driver, name, **params)  # warm the plan cache
        start = time.perf_counter()
        rows = len(run_cypher(driver, name, **params))
        timings[f"{name}{params or ''}"] = (rows, time.perf_counter() - start)
    with capsys.disabled():
        print("\n" + "\n".join(f"  {k}: {n} rows in {s * 1000:.1f} ms" for k, (n, s) in timings.items()))
    assert all(s < 10 for _, s in timings.values())


def _tiny_graph():
    """Cases the seeds lack: a unit printed twice, a unit both responsible and assisting, two units
    printed at the same first position, a collective, and a task without a year."""
    from fengong.graph.kg import KnowledgeGraph

    kg = KnowledgeGraph()
    units = {
        "unit-zz-a": ("甲局", False),
        "unit-zz-b": ("乙局", False),
        "unit-zz-c": ("丙局", False),
        "unit-zz-all": ("各街道乡镇（测试）", True),
    }
    for uid, (name, collective) in units.items():
        kg.add_node(uid, "Unit", name=name, kind="collective" if collective else "department", collective=collective)
    kg.add_node("doc-zz", "Document", number="测〔1999〕1号", plan=True, in_corpus=True)
    tasks = {"task-zz-1": 1999, "task-zz-2": 1999, "task-zz-3": None}
    for i, (tid, year) in enumerate(tasks.items(), 1):
        kg.add_node(
            tid,
            "Task",
            number=str(i),
            text=f"测试任务{i}",
            source_file="zz.txt",
            source_line=i,
            source_line_end=i,
            **({"year": year} if year else {}),
            **({"deadline": "1999-06-30"} if i == 1 else {}),
        )
        kg.add_edge(tid, "IN_DOCUMENT", "doc-zz")
    edges = [
        ("unit-zz-b", "RESPONSIBLE_FOR", "task-zz-1", 1),
        ("unit-zz-a", "RESPONSIBLE_FOR", "task-zz-1", 2),
        ("unit-zz-b", "RESPONSIBLE_FOR", "task-zz-1", 3),  # 乙局 printed twice
        ("unit-zz-c", "ASSISTS", "task-zz-1", 1),
        ("unit-zz-a", "ASSISTS", "task-zz-1", 2),  # 甲局 in both roles
        ("unit-zz-all", "ASSISTS", "task-zz-1", 3),
        ("unit-zz-b", "RESPONSIBLE_FOR", "task-zz-2", 1),
        ("unit-zz-a", "RESPONSIBLE_FOR", "task-zz-2", 1),  # a tie
        ("unit-zz-c", "RESPONSIBLE_FOR", "task-zz-3", 1),
        ("unit-zz-a", "ASSISTS", "task-zz-3", 1),
    ]  # no year
    for i, (u, rel, t, order) in enumerate(edges):
        kg.add_edge(
            u,
            rel,
            t,
            key=str(i),
            order=order,
            printed=kg.nodes[u].props["name"],
            split="certain",
            source_line=1,
            source_line_end=1,
        )
    return kg


def test_edge_cases_agree_inside_a_rolled_back_transaction(driver):
    from fengong.graph.neo4j import node_statements, relationship_statement

    kg = _tiny_graph()

    def ours(frame, col):
        return frame[frame[col].str.startswith("unit-zz-")]

    with driver.session(database="neo4j") as session:
        tx = session.begin_transaction()
        try:
            for type_name in ("Unit", "Document", "Task"):
                tx.run(
                    node_statements(type_name), rows=[{"id": n.id, "props": n.props} for n in kg.nodes_of(type_name)]
                )
            for rel in ("RESPONSIBLE_FOR", "ASSISTS", "IN_DOCUMENT"):
                tx.run(
                    relationship_statement(rel),
                    rows=[
                        {"source": e.source, "target": e.target, "key": e.key, "props": e.props}
                        for e in kg.edges_of(rel)
                    ],
                )

            def cypher(name, **params):
                import pandas as pd

                from fengong.graph.cypher import optional_parameters

                text = named_cypher(name)
                result = tx.run(text, {**optional_parameters(text), **params})
                keys = result.keys()
                return pd.DataFrame([list(r.values()) for r in result], columns=keys)

            got = cypher("workload", year=1999)
            got["weighted"] = got["weighted"].round(4)
            assert _rows(got, WORKLOAD) == _rows(workload(kg, year=1999), WORKLOAD)
            assert _rows(got, ["name", "responsible", "responsible_first", "assisting", "total", "weighted"]) == [
                ("丙局", 0, 0, 1, 1, 0.0),
                ("乙局", 2, 1, 0, 2, 1.0),
                ("各街道乡镇（测试）", 0, 0, 1, 1, 0.0),
                ("甲局", 2, 1, 1, 2, 1.0),
            ]
            pairs = ["unit_a", "name_a", "unit_b", "name_b", "tasks"]
            assert _rows(ours(cypher("co_assignment"), "unit_a"), pairs) == _rows(co_assignment(kg), pairs)
            assert _rows(cypher("co_assignment", year=1999), pairs) == _rows(co_assignment(kg, year=1999), pairs)
            cols = ["role", "task", "number", "text", "deadline", "document_number", "source_file", "source_line"]
            for uid in ("unit-zz-a", "unit-zz-b", "unit-zz-all"):
                assert _rows(cypher("responsibilities", unit=uid), cols) == _rows(responsibilities(kg, uid), cols)
        finally:
            tx.rollback()
    assert run_cypher(driver, "responsibilities", unit="unit-zz-a").empty
