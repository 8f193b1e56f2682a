"""``fengong export network``: the researchers' networks as GEXF and GraphML that networkx, graphology
and the formats' XML Schemas accept, with weights and node attributes."""

from __future__ import annotations

import networkx as nx
import pytest
from typer.testing import CliRunner

from fengong.cli import app
from fengong.graph.queries import coordination as c
from fengong.graph.queries import measures as m
from fengong.graph.queries.networks import research_network

runner = CliRunner()
NODE_ATTRIBUTES = {
    "label",
    "type",
    "jurisdiction",
    "tasks",
    "community",
    "community_size",
    "degree",
    "weighted_degree",
    "betweenness",
    "closeness",
    "eigenvector",
}


def _export(tmp_path, *args: str):
    out = tmp_path / f"{'-'.join(a.strip('-') for a in args)}"
    result = runner.invoke(app, ["export", "network", *args[:-1], "-o", str(out) + args[-1]])
    assert result.exit_code == 0, result.output
    return out.with_name(out.name + args[-1])


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("networks")
    return {
        (kind, suffix): _export(tmp, kind, suffix)
        for kind in ("co-assignment", "lead-assist", "portfolio")
        for suffix in (".gexf", ".graphml")
    }


def test_co_assignment_weights_are_the_shared_tasks_of_the_pairs_table(seed_graph):
    g = research_network(seed_graph, "co-assignment")
    pairs = c.co_assignment(seed_graph)
    assert g.number_of_edges() == len(pairs) == 967
    assert sum(w for _, _, w in g.edges(data="weight")) == int(pairs["tasks"].sum()) == 2621
    for _, _, d in g.edges(data=True):  # the role-pair splits of a tie sum to its weight
        assert d["responsible_responsible"] + d["responsible_assisting"] + d["assisting_assisting"] == d["weight"]


def test_role_pair_weighs_ties_by_the_tasks_shared_in_those_roles(seed_graph):
    split = c.co_assignment(seed_graph, by_role_pair=True)
    both = split[split["role_pair"] == "responsible-responsible"]
    g = research_network(seed_graph, "co-assignment", role_pair="responsible-responsible")
    assert g.number_of_nodes() == 95  # every unit stays a node
    assert sum(w for _, _, w in g.edges(data="weight")) == int(both["tasks"].sum())
    assert g.number_of_edges() == len({tuple(sorted(p)) for p in zip(both["unit_a"], both["unit_b"])})


def test_nodes_carry_name_kind_jurisdiction_community_and_centrality(seed_graph):
    g = research_network(seed_graph, "co-assignment")
    unit = next(n for n, d in g.nodes(data=True) if d["label"] == "区水务局")
    d = g.nodes[unit]
    assert NODE_ATTRIBUTES | {"kind"} <= set(d)
    assert (d["type"], d["kind"], d["jurisdiction"]) == ("Unit", "department", "通州区")
    plain = c.co_assignment_graph(seed_graph)
    measures = m.centrality(plain).set_index("unit")
    assert (d["weighted_degree"], d["betweenness"]) == (
        measures.at[unit, "weighted_degree"],
        measures.at[unit, "betweenness"],
    )
    assert d["community"] == m.communities(plain).set_index("unit").at[unit, "community"]


def test_portfolio_joins_officials_to_units_and_refuses_a_document(seed_graph):
    g = research_network(seed_graph, "portfolio")
    kinds = {d["type"] for _, d in g.nodes(data=True)}
    assert kinds == {"Official", "Unit"}
    assert all({g.nodes[a]["type"], g.nodes[b]["type"]} == {"Official", "Unit"} for a, b in g.edges)
    with pytest.raises(c.QueryError, match="year only"):
        research_network(seed_graph, "portfolio", document="通政发〔2023〕2号")


def test_exports_are_valid_against_the_gexf_and_graphml_schemas(exported, validators):
    for path in exported.values():
        assert validators.xsd_errors(path) == [], path.name


def test_graphology_loads_each_network_with_its_weights_and_numeric_attributes(exported, validators, seed_graph):
    loaded = {r["file"]: r for r in validators.graphology(list(exported.values()))}
    for (kind, _), path in exported.items():
        g = research_network(seed_graph, kind)
        r = loaded[str(path)]
        assert "error" not in r, r
        assert (r["nodes"], r["edges"], r["type"]) == (
            g.number_of_nodes(),
            g.number_of_edges(),
            "directed" if g.is_directed() else "undirected",
        )
        assert r["weightSum"] == sum(w for _, _, w in g.edges(data="weight"))
        assert NODE_ATTRIBUTES <= set(r["nodeAttributes"]) and "weight" in r["edgeAttributes"]
        assert {r["nodeTypes"][k] for k in ("tasks", "community", "betweenness", "eigenvector")} == {"number"}


def test_networkx_reads_each_export_back_with_weights_and_attributes(exported, seed_graph):
    for (kind, suffix), path in exported.items():
        g = research_network(seed_graph, kind)
        back = nx.read_gexf(path) if suffix == ".gexf" else nx.read_graphml(path)
        assert back.is_directed() == g.is_directed()
        assert sorted(back.nodes) == sorted(g.nodes)
        tie = (lambda a, b: (a, b)) if g.is_directed() else (lambda a, b: frozenset((a, b)))
        assert {tie(a, b): float(w) for a, b, w in back.edges(data="weight")} == {
            tie(a, b): float(w) for a, b, w in g.edges(data="weight")
        }
        n = sorted(g.nodes)[0]
        label = back.nodes[n]["label"]
        assert label == g.nodes[n]["label"]
        assert int(back.nodes[n]["community"]) == g.nodes[n]["community"]


def test_export_network_is_byte_identical_on_a_rerun(exported, tmp_path):
    again = _export(tmp_path, "co-assignment", ".gexf")
    assert again.read_bytes() == exported["co-assignment", ".gexf"].read_bytes()


def test_export_network_refuses_an_unknown_network_or_role_pair():
    assert runner.invoke(app, ["export", "network", "friends"]).exit_code == 2
    result = runner.invoke(app, ["export", "network", "lead-assist", "--role-pair", "responsible-responsible"])
    assert result.exit_code == 2 and "role pair" in result.output
