"""The knowledge graph of the seeds: one model, several forms that agree, conforming and deterministic."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
import rdflib

from fengong.data import SAMPLE_CORPUS
from fengong.graph.export import write_graph_files
from fengong.graph.property_graph import to_networkx
from fengong.graph.rdf import open_store, rdflib_graph, to_bytes
from fengong.graph.sparql import select
from fengong.graph.tables import tables
from fengong.ontology.generate import jsonld_context, ontology_graph, shapes_graph

ROOT = Path(__file__).resolve().parents[1]
COUNT_TASKS = "SELECT (COUNT(?t) AS ?n) WHERE { ?t a fg:Task }"
COUNT_ROLE = """SELECT (COUNT(?a) AS ?n) WHERE {
  ?t prov:qualifiedAssociation ?a . ?a prov:hadRole ?role ; prov:agent ?agent }"""
COUNT_TYPE = "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?class }"


@pytest.fixture(scope="module")
def store(seed_graph):
    return open_store(seed_graph)


@pytest.fixture(scope="module")
def frames(seed_graph):
    return tables(seed_graph)


def test_graph_node_and_edge_counts(seed_graph):
    assert seed_graph.counts() == {
        "nodes": {
            "AssessmentItem": 39,
            "Document": 41,
            "Official": 12,
            "ReportItem": 164,
            "Section": 136,
            "Task": 412,
            "Unit": 125,
        },
        "edges": {
            "ASSESSES": 8,
            "ASSISTS": 509,
            "ATTACHMENT_OF": 8,
            "ATTRIBUTED_TO": 39,
            "CITES": 28,
            "COMPARABLE_TO": 17,
            "ELABORATED_BY": 88,
            "IN_DOCUMENT": 751,
            "IN_SECTION": 576,
            "ISSUED_BY": 19,
            "LEADS": 504,
            "OVERSEES": 51,
            "RESPONSIBLE_FOR": 816,
            "SUBSECTION_OF": 72,
            "SUB_ORGANIZATION_OF": 10,
        },
    }


def test_every_printed_name_is_an_assignment_with_its_printed_form(seed_corpus, seed_graph):
    for role, rel in (
        ("lead_officials", "LEADS"),
        ("responsible_units", "RESPONSIBLE_FOR"),
        ("assist_units", "ASSISTS"),
    ):
        printed = sorted(n.text for t in seed_corpus.tasks for n in getattr(t, role))
        assert sorted(e.props["printed"] for e in seed_graph.edges_of(rel)) == printed


@pytest.mark.parametrize(
    "role,rel",
    [("fg:LeadOfficial", "LEADS"), ("fg:ResponsibleUnit", "RESPONSIBLE_FOR"), ("fg:AssistingUnit", "ASSISTS")],
)
def test_assignments_by_role_agree_in_sparql_networkx_and_tables(seed_graph, store, frames, role, rel):
    from fengong.graph.tables import ROLES
    from fengong.ontology.model import load_model

    role_iri = load_model().expand(role)
    sparql = select(store, COUNT_ROLE, role=role_iri)["n"][0]
    g = to_networkx(seed_graph)
    in_networkx = sum(1 for _, _, t in g.edges(data="type") if t == rel)
    in_tables = int((frames["assignments"]["role"] == ROLES[rel]).sum())
    assert sparql == in_networkx == in_tables == {"LEADS": 504, "RESPONSIBLE_FOR": 816, "ASSISTS": 509}[rel]


@pytest.mark.parametrize(
    "type_,cls,table,expected",
    [
        ("Task", "fg:Task", "tasks", 412),
        ("Unit", "org:Organization", "units", 125),
        ("Official", "foaf:Person", "officials", 12),
        ("Document", "fg:Document", "documents", 41),
    ],
)
def test_entity_counts_agree_in_sparql_networkx_and_tables(seed_graph, store, frames, type_, cls, table, expected):
    from fengong.ontology.model import load_model

    sparql = select(store, COUNT_TYPE, **{"class": load_model().expand(cls)})["n"][0]
    g = to_networkx(seed_graph)
    in_networkx = sum(1 for _, t in g.nodes(data="type") if t == type_)
    assert sparql == in_networkx == len(frames[table]) == expected


def test_rdflib_over_oxigraph_sees_the_same_tasks(seed_graph):
    g = rdflib_graph(seed_graph)
    assert type(g.store).__name__ == "OxigraphStore"
    rows = list(g.query(COUNT_TASKS, initNs={"fg": "https://w3id.org/fengong/ns#"}))
    assert int(rows[0][0]) == 412


def test_graph_conforms_to_the_shacl_shapes(seed_graph):
    from pyshacl import validate

    data = rdflib.Graph().parse(data=to_bytes(seed_graph, "nt"), format="nt")
    conforms, _, text = validate(data, shacl_graph=shapes_graph(), inference="none")
    assert conforms, text[:2000]


def test_shapes_catch_a_task_without_its_document(seed_graph):
    from pyshacl import validate

    data = rdflib.Graph().parse(data=to_bytes(seed_graph, "nt"), format="nt")
    task = next(iter(data.subjects(rdflib.RDF.type, rdflib.URIRef("https://w3id.org/fengong/ns#Task"))))
    data.remove((task, rdflib.URIRef("https://w3id.org/fengong/ns#inDocument"), None))
    conforms, report, _ = validate(data, shacl_graph=shapes_graph(), inference="none")
    assert not conforms
    focus = set(report.objects(None, rdflib.URIRef("http://www.w3.org/ns/shacl#focusNode")))
    assert focus == {task}


def test_shipped_ontology_files_are_generated_from_the_model(tmp_path):
    from fengong.ontology.generate import write_all

    for path in write_all(tmp_path):
        assert path.read_bytes() == (ROOT / "fengong" / "ontology" / path.name).read_bytes(), path.name


def test_ontology_reuses_standard_vocabularies():
    g = ontology_graph()
    fg = rdflib.Namespace("https://w3id.org/fengong/ns#")
    prov = rdflib.Namespace("http://www.w3.org/ns/prov#")
    assert g.value(fg.Task, rdflib.RDFS.subClassOf) == prov.Activity
    assert g.value(fg.responsibleUnit, rdflib.RDFS.subPropertyOf) == prov.wasAssociatedWith
    assert (fg.ResponsibleUnit, rdflib.RDF.type, prov.Role) in g
    minted = {s for s in g.subjects() if str(s).startswith(str(fg))}
    assert all(str(s).isascii() for s in minted)


def test_turtle_and_jsonld_hold_the_same_triples_as_ntriples(seed_graph):
    nt = rdflib.Graph().parse(data=to_bytes(seed_graph, "nt"), format="nt")
    ttl = rdflib.Graph().parse(data=to_bytes(seed_graph, "ttl"), format="turtle")
    jsonld = rdflib.Graph().parse(data=to_bytes(seed_graph, "jsonld"), format="json-ld")
    assert len(nt) == len(ttl) == len(jsonld) > 25_000
    assert set(nt) == set(ttl) == set(jsonld)


def test_jsonld_uses_the_shipped_context(seed_graph):
    doc = json.loads(to_bytes(seed_graph, "jsonld"))
    assert doc["@context"] == jsonld_context()["@context"]
    unit = next(n for n in doc["@graph"] if n.get("prefLabel") == "区发展改革委")
    assert unit["@type"] == ["org:Organization"]
    assert unit["classification"] == "fg:kind-department"
    assert "区发改委" in unit["altLabel"]


def test_iris_are_ascii_and_chinese_stays_in_labels(seed_graph):
    for line in to_bytes(seed_graph, "nt").decode("utf-8").splitlines():
        subject = line.split(" ", 1)[0]
        assert subject.isascii() and "%" not in subject


def test_known_aliases_are_one_unit_node_and_distinct_units_stay_apart(seed_graph):
    units = {n.props["name"]: n for n in seed_graph.nodes_of("Unit")}
    assert {"区城市管理委（区城管执法局）", "区城市管理委"} <= set(units["区城市管理委"].props["aliases"]) | {
        "区城市管理委"
    }
    assert "区城管执法局" in units and units["区城管执法局"].id != units["区城市管理委"].id
    sub = {(e.source, e.target) for e in seed_graph.edges_of("SUB_ORGANIZATION_OF")}
    assert (units["区城管执法局"].id, units["区城市管理委"].id) in sub
    assert units["各街道乡镇"].props["collective"] is True and units["各街道乡镇"].props["kind"] == "collective"
    governments = sorted(n.props["name"] for n in units.values() if n.props["kind"] == "government")
    assert governments == ["大兴区人民政府", "通州区人民政府", "通州区人民政府办公室"]


def test_oversight_is_marked_inferred_in_every_form(seed_graph, store):
    assert all(e.props["inferred"] is True for e in seed_graph.edges_of("OVERSEES"))
    q = "SELECT (COUNT(?o) AS ?n) WHERE { ?p fg:qualifiedOversight ?o . ?o fg:inferred true }"
    assert select(store, q)["n"][0] == 51


def test_cited_documents_outside_the_corpus_are_nodes(seed_graph, frames):
    cited = frames["citations"]
    outside = sorted(set(cited.loc[cited["in_corpus"] == False, "cited_number"].dropna()))  # noqa: E712
    assert "国办发〔2021〕9号" in outside and "工信部联企业〔2011〕300号" in outside
    assert not [n for n in outside if n.startswith("引自")]
    docs = {n.props.get("number"): n for n in seed_graph.nodes_of("Document")}
    assert docs["国办发〔2021〕9号"].props["in_corpus"] is False


def test_eight_hao_attachments_are_parts_of_the_notice(seed_graph):
    docs = {n.id: n for n in seed_graph.nodes_of("Document")}
    notice = next(n for n in docs.values() if n.props.get("number") == "通政发〔2022〕8号")
    parts = sorted(
        docs[e.source].props["attachment"] for e in seed_graph.edges_of("ATTACHMENT_OF") if e.target == notice.id
    )
    assert parts == [1, 2, 3, 4, 5]


def test_links_across_documents_reach_the_graph(seed_graph):
    docs = {n.id: n for n in seed_graph.nodes_of("Document")}
    assesses_docs = sorted(
        docs[e.target].props.get("number") or docs[e.target].props["title"]
        for e in seed_graph.edges_of("ASSESSES")
        if e.target in docs
    )
    assert "通政发〔2022〕8号" in assesses_docs
    elaborated = seed_graph.edges_of("ELABORATED_BY")
    assert all(e.props["evidence"] and 0 < e.props["score"] <= 1 for e in elaborated)


def test_sparql_parameters_cannot_inject(store):
    q = "SELECT ?u WHERE { ?u skos:prefLabel ?name }"
    assert len(select(store, q, name=("区财政局", "zh"))) == 1
    assert len(select(store, q, name='区财政局"@zh } ?u ?p ?o . { ?u ?p ?o')) == 0


def test_graphml_and_gexf_read_back_into_networkx(seed_graph, tmp_path):
    paths = {p.suffix: p for p in write_graph_files(seed_graph, tmp_path)}
    g = to_networkx(seed_graph)
    for reader, suffix in ((nx.read_graphml, ".graphml"), (nx.read_gexf, ".gexf")):
        h = reader(paths[suffix])
        assert (h.number_of_nodes(), h.number_of_edges()) == (g.number_of_nodes(), g.number_of_edges())
    data = json.loads(paths[".json"].read_text(encoding="utf-8"))
    assert len(data["nodes"]) == g.number_of_nodes()


def test_rebuilding_gives_byte_identical_files_whatever_the_hash_seed_and_file_order(seed_graph, tmp_path):
    first = tmp_path / "a"
    write_graph_files(seed_graph, first)
    second = tmp_path / "b"
    env = dict(os.environ, PYTHONHASHSEED="4242")
    # the seed files given in reverse order: the output does not depend on the order of the inputs either
    reverse = [str(p) for p in sorted(SAMPLE_CORPUS.glob("*.txt"), reverse=True)]
    subprocess.run(
        [sys.executable, "-m", "fengong.cli", "build", "-q", *reverse, "--output", str(second)],
        env=env,
        check=True,
        cwd=tmp_path,
    )
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert len(files) == 20
    for rel in files:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel
