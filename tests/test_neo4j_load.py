"""Loading the graph into a real Neo4j server: counts match networkx, reloads are idempotent,
a larger corpus adds only what is new, errors are clear, values stay parameters."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from fengong.build import build_paths
from fengong.cli import app
from fengong.data import SAMPLE_CORPUS
from fengong.graph import neo4j as fn
from fengong.graph.assemble import build_graph
from fengong.graph.property_graph import to_networkx


@pytest.fixture()
def driver(neo4j_server):
    d = fn.connect(fn.Neo4jTarget(neo4j_server.uri, neo4j_server.user, neo4j_server.password))
    fn.clear(d)
    yield d
    d.close()


def _networkx_counts(kg):
    g = to_networkx(kg)
    nodes, edges = {}, {}
    for _, t in g.nodes(data="type"):
        nodes[t] = nodes.get(t, 0) + 1
    for _, _, t in g.edges(data="type"):
        edges[t] = edges.get(t, 0) + 1
    return {"nodes": dict(sorted(nodes.items())), "edges": dict(sorted(edges.items()))}


def test_loading_the_seeds_twice_gives_the_networkx_counts(driver, seed_graph):
    fn.load(seed_graph, driver)
    first = fn.counts(driver)
    fn.load(seed_graph, driver)
    assert fn.counts(driver) == first == _networkx_counts(seed_graph)
    assert first["nodes"]["Task"] == 412 and first["edges"]["RESPONSIBLE_FOR"] == 816


def test_loading_a_larger_corpus_adds_only_what_is_new(driver, seed_graph):
    without_004 = [p for p in sorted(SAMPLE_CORPUS.glob("*.txt")) if not p.name.startswith("004")]
    smaller = build_graph(build_paths(without_004))
    fn.load(smaller, driver)
    assert fn.counts(driver) == smaller.counts()
    fn.load(seed_graph, driver)
    assert fn.counts(driver) == seed_graph.counts()


def test_nodes_keep_labels_printed_names_and_chinese_values(driver, seed_graph):
    fn.load(seed_graph, driver)
    records, _, _ = driver.execute_query(
        "MATCH (u:Fengong:Unit {name: $name})-[r:RESPONSIBLE_FOR]->(t:Task {number: '1'})-[:IN_DOCUMENT]->"
        "(d:Document {number: $doc}) RETURN u.aliases AS aliases, r.printed AS printed, r.source_line AS line, "
        "labels(u) AS labels",
        name="区发展改革委",
        doc="通政发〔2023〕2号",
    )
    (rec,) = records
    assert rec["printed"] == "区发展改革委" and rec["line"] == 23
    assert "区发改委" in rec["aliases"] and sorted(rec["labels"]) == ["Fengong", "Unit"]
    collective, _, _ = driver.execute_query("MATCH (u:Unit:Collective {name: '各街道乡镇'}) RETURN count(u) AS n")
    assert collective[0]["n"] == 1


def test_clear_removes_only_what_fengong_loaded(driver, seed_graph):
    driver.execute_query("MERGE (:Mine {name: 'keep me'})")
    fn.load(seed_graph, driver)
    assert fn.clear(driver) == 929
    assert fn.counts(driver) == {"nodes": {}, "edges": {}}
    mine, _, _ = driver.execute_query("MATCH (n:Mine) RETURN count(n) AS n")
    assert mine[0]["n"] == 1
    driver.execute_query("MATCH (n:Mine) DELETE n")


def test_hostile_values_stay_values(driver):
    from fengong.graph.kg import KnowledgeGraph

    kg = KnowledgeGraph()
    evil = "x'}) DETACH DELETE n //"
    kg.add_node("unit-evil", "Unit", name=evil, kind="other", collective=False, aliases=[evil, "`; MATCH (m) DELETE m"])
    fn.load(kg, driver)
    records, _, _ = driver.execute_query("MATCH (u:Unit {id: 'unit-evil'}) RETURN u.name AS name, u.aliases AS a")
    assert records[0]["name"] == evil and len(records[0]["a"]) == 2


def test_wrong_password_and_unreachable_server_are_clear_errors(neo4j_server):
    with pytest.raises(fn.Neo4jError, match="wrong user or password"):
        fn.connect(fn.Neo4jTarget(neo4j_server.uri, neo4j_server.user, "not-it"))
    with pytest.raises(fn.Neo4jError, match="cannot reach Neo4j"):
        fn.connect(fn.Neo4jTarget("bolt://127.0.0.1:9", "neo4j", "x"))
    with pytest.raises(fn.Neo4jError, match="no Neo4j password"):
        fn.connect(fn.Neo4jTarget(neo4j_server.uri, "neo4j", None))


def test_cli_load_with_replace_reports_and_is_idempotent(neo4j_server, driver, tmp_path, monkeypatch):
    monkeypatch.setenv("FENGONG_CACHE", str(tmp_path))
    env = {"NEO4J_URI": neo4j_server.uri, "NEO4J_USER": neo4j_server.user, "NEO4J_PASSWORD": neo4j_server.password}
    runner = CliRunner()
    for _ in range(2):
        result = runner.invoke(app, ["neo4j", "load", "--replace", "-q"], env=env)
        assert result.exit_code == 0, result.output
        assert "now holds 929 fengong nodes and 3496 relationships" in result.output
    result = runner.invoke(app, ["neo4j", "load", "-q"], env={**env, "NEO4J_PASSWORD": "wrong"})
    assert result.exit_code == 2 and "wrong user or password" in result.output
