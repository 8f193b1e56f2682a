"""Every output passes the independent tool of its format, on the seeds and on the hostile corpus:
GEXF and GraphML their XML Schemas and graphology's readers, RDF Apache Jena's riot and SHACL,
the ontology with PROV-O, ORG, FOAF and SKOS (and the data) HermiT, pages the W3C Nu HTML
checker, JSON-LD PyLD. Each validator is also shown a planted defect, so these tests can fail.

The validators come from tools/validators/install.sh (the ``validators`` fixture)."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from fengong.cli import app
from fengong.testing.hostile import CONTROL_UNIT, HOSTILE_OFFICIAL, SCRIPT, write_hostile_corpus
from fengong.testing.validators import OWL2_DATATYPES, literal_datatypes, non_xml_literals

runner = CliRunner()
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
MAP_KINDS = ("network", "unit", "official", "document", "coordination", "lead-assist")


def _fengong(*args: str) -> None:
    result = runner.invoke(app, [*args])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module", params=["seeds", "hostile"])
def corpus(request, tmp_path_factory):
    """A build output folder, every kind of map and the atlas, of the seeds or the hostile corpus."""
    root = tmp_path_factory.mktemp(request.param)
    if request.param == "seeds":
        inputs: list[str] = []
        focus = {"unit": "区水务局", "official": "倪德才", "document": "通政发〔2023〕2号"}
    else:
        plan, aliases = write_hostile_corpus(root / "corpus")
        inputs = ["-i", str(plan), "--aliases", str(aliases)]
        focus = {"unit": f"{SCRIPT}局", "official": HOSTILE_OFFICIAL, "document": "通政发〔2023〕2号"}
    out = root / "out"
    _fengong("build", "-q", "--output", str(out), *inputs)
    pages = []
    for kind in MAP_KINDS:
        page = root / "maps" / f"{kind}.html"
        option = {
            "unit": ["--unit", focus["unit"]],
            "official": ["--official", focus["official"]],
            "document": ["--document", focus["document"]],
        }.get(kind, [])
        _fengong("map", kind, *option, "-o", str(page), *inputs)
        pages.append(page)
        if kind in ("network", "unit", "coordination"):
            _fengong("map", kind, *option, "-o", str(page.with_suffix(".svg")), *inputs)
    _fengong("site", "-o", str(root / "atlas"), "--today", "2026-12-01", *inputs)
    counts = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    return {
        "name": request.param,
        "out": out,
        "maps": pages,
        "atlas": root / "atlas",
        "root": root,
        "nodes": len(counts["nodes"]),
        "edges": len(counts["edges"]),
    }


# ---------------------------------------------------------------- GEXF and GraphML


def test_gexf_and_graphml_have_no_xml_schema_errors(corpus, validators):
    assert validators.xsd_errors(corpus["out"] / "graph.gexf") == []
    assert validators.xsd_errors(corpus["out"] / "graph.graphml") == []


def test_graphology_loads_gexf_and_graphml_with_every_node_and_edge(corpus, validators):
    loaded = validators.graphology([corpus["out"] / "graph.gexf", corpus["out"] / "graph.graphml"])
    assert [(r.get("error"), r.get("nodes"), r.get("edges"), r.get("multi")) for r in loaded] == [
        (None, corpus["nodes"], corpus["edges"], True)
    ] * 2
    gexf, graphml = loaded
    assert {"relation", "label", "printed", "order", "source_line"} <= set(gexf["edgeAttributes"])
    assert {"type", "printed", "order", "source_line"} <= set(graphml["edgeAttributes"])
    assert {"name", "kind", "jurisdiction", "text", "deadline"} <= set(gexf["nodeAttributes"])


def test_seed_graph_counts_are_the_build_summarys(corpus, seed_graph):
    if corpus["name"] == "seeds":
        assert (corpus["nodes"], corpus["edges"]) == (len(seed_graph.nodes), len(seed_graph.edges)) == (929, 3496)


def test_xml_schema_check_catches_a_relation_written_as_gexf_edge_type(corpus, validators, tmp_path):
    text = (corpus["out"] / "graph.gexf").read_text(encoding="utf-8")
    bad = tmp_path / "bad.gexf"
    bad.write_text(text.replace("<edge ", '<edge type="RESPONSIBLE_FOR" ', 1), encoding="utf-8")
    errors = validators.xsd_errors(bad)
    assert len(errors) == 1 and "RESPONSIBLE_FOR" in errors[0]


def test_graphology_refuses_graphml_with_a_repeated_edge_id(corpus, validators, tmp_path):
    text = (corpus["out"] / "graph.graphml").read_text(encoding="utf-8")
    ids = re.findall(r'<edge source="[^"]+" target="[^"]+" id="([^"]+)"', text)
    bad = tmp_path / "bad.graphml"
    bad.write_text(text.replace(f'id="{ids[1]}"', f'id="{ids[0]}"'), encoding="utf-8")
    [loaded] = validators.graphology([bad])
    assert "error" in loaded
    assert len(validators.xsd_errors(bad)) == 1


# ---------------------------------------------------------------- RDF


def test_rdf_files_and_ontology_pass_jena_riot(corpus, validators):
    out = corpus["out"]
    files = [
        out / "graph.ttl",
        out / "graph.nt",
        out / "graph.jsonld",
        out / "ontology" / "fengong.ttl",
        out / "ontology" / "shapes.ttl",
    ]
    assert validators.riot_errors(files) == []


def test_jena_riot_reports_a_bad_integer(validators, tmp_path):
    bad = tmp_path / "bad.nt"
    bad.write_text(
        "<https://w3id.org/fengong/id/task-1> <https://w3id.org/fengong/ns#sourceLine> "
        '"3.0"^^<http://www.w3.org/2001/XMLSchema#integer> .\n',
        encoding="utf-8",
    )
    [problem] = validators.riot_errors([bad])
    assert "3.0" in problem


def test_ntriples_has_no_repeated_line(corpus):
    lines = (corpus["out"] / "graph.nt").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(set(lines))


def test_jena_shacl_and_pyshacl_agree_the_graph_conforms(corpus, validators):
    import rdflib
    from pyshacl import validate

    out = corpus["out"]
    assert validators.shacl_results(out / "graph.nt", out / "ontology" / "shapes.ttl") == []
    data = rdflib.Graph().parse(out / "graph.nt", format="nt")
    conforms, _, text = validate(
        data, shacl_graph=rdflib.Graph().parse(out / "ontology" / "shapes.ttl"), inference="none"
    )
    assert conforms, text[:2000]


def test_jena_shacl_and_pyshacl_catch_the_same_planted_violations(corpus, validators, tmp_path):
    import rdflib
    from pyshacl import validate

    out = corpus["out"]
    data = rdflib.Graph().parse(out / "graph.nt", format="nt")
    fg = rdflib.Namespace("https://w3id.org/fengong/ns#")
    tasks = sorted(data.subjects(rdflib.RDF.type, fg.Task))
    data.remove((tasks[0], fg.inDocument, None))  # a task without its document
    data.set((tasks[1], fg.sourceLine, rdflib.Literal("three")))  # a line number that is a string
    bad = tmp_path / "bad.nt"
    data.serialize(bad, format="nt", encoding="utf-8")
    jena = validators.shacl_results(bad, out / "ontology" / "shapes.ttl")
    assert sorted((r["focus"], r["path"]) for r in jena) == sorted(
        [(str(tasks[0]), str(fg.inDocument)), (str(tasks[1]), str(fg.sourceLine))]
    )
    conforms, report, _ = validate(
        data, shacl_graph=rdflib.Graph().parse(out / "ontology" / "shapes.ttl"), inference="none"
    )
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    assert not conforms
    assert sorted(
        (str(report.value(r, sh.focusNode)), str(report.value(r, sh.resultPath)))
        for r in report.subjects(rdflib.RDF.type, sh.ValidationResult)
    ) == sorted((r["focus"], r["path"]) for r in jena)


def test_jsonld_round_trips_through_pyld(corpus):
    import pyoxigraph as ox
    from pyld import jsonld

    out = corpus["out"]
    doc = json.loads((out / "graph.jsonld").read_text(encoding="utf-8"))
    nquads = jsonld.to_rdf(doc, {"format": "application/n-quads"})
    from_jsonld = set(ox.parse(nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS))
    from_nt = {
        ox.Quad(t.subject, t.predicate, t.object)
        for t in ox.parse(path=str(out / "graph.nt"), format=ox.RdfFormat.N_TRIPLES)
    }
    assert len(from_jsonld) == len(from_nt) and from_jsonld == from_nt
    # and back: compacted with its own context, expanded again, the same RDF
    again = jsonld.to_rdf(
        jsonld.compact(jsonld.expand(doc), {"@context": doc["@context"]}), {"format": "application/n-quads"}
    )
    assert set(ox.parse(again.encode("utf-8"), format=ox.RdfFormat.N_QUADS)) == from_nt


# ---------------------------------------------------------------- OWL 2 (HermiT)


def test_hermit_accepts_the_ontology_with_prov_org_foaf_skos_and_finds_it_consistent(corpus, validators):
    # no unsupported-datatype allowance: the ontology as shipped is in OWL 2's datatype map
    assert validators.hermit_consistent([*validators.vocabularies(), corpus["out"] / "ontology" / "fengong.ttl"])


def test_hermit_finds_the_graph_consistent_with_the_ontology_and_vocabularies(corpus, validators):
    out = corpus["out"]
    # the data's only literals outside OWL 2's datatype map are dates (xsd:date, which SHACL checks);
    # OWL's strings cannot hold control characters: only the hostile unit name has them (RDF 1.1 can)
    assert literal_datatypes(out / "graph.nt") - OWL2_DATATYPES == {XSD_DATE}
    assert non_xml_literals(out / "graph.nt") == ({CONTROL_UNIT} if corpus["name"] == "hostile" else set())
    assert validators.hermit_consistent(
        [*validators.vocabularies(), out / "ontology" / "fengong.ttl", out / "graph.nt"],
        ignore_unsupported_datatypes=True,
        skip_non_xml_literals=True,
    )


def test_hermit_finds_a_task_that_is_also_an_entity_inconsistent(corpus, validators, tmp_path):
    out = corpus["out"]
    task = re.search(
        r"^(<[^>]+>) <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/fengong/ns#Task> \.$",
        (out / "graph.nt").read_text(encoding="utf-8"),
        re.M,
    ).group(1)
    planted = tmp_path / "planted.nt"
    planted.write_text(
        f"{task} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/prov#Entity> .\n",
        encoding="utf-8",
    )
    assert not validators.hermit_consistent(
        [*validators.vocabularies(), out / "ontology" / "fengong.ttl", out / "graph.nt", planted],
        ignore_unsupported_datatypes=True,
        skip_non_xml_literals=True,
    )


# ---------------------------------------------------------------- HTML (the Nu HTML checker)


def test_every_map_kind_and_the_whole_atlas_pass_the_nu_html_checker(corpus, validators):
    pages = [*corpus["maps"], *sorted(corpus["atlas"].rglob("*.html"))]
    assert len(pages) > len(MAP_KINDS) + 3
    assert validators.vnu_errors(pages) == []


def test_svg_pictures_are_well_formed_xml(corpus):
    from lxml import etree

    pictures = sorted((corpus["root"] / "maps").glob("*.svg"))
    assert len(pictures) == 3
    for picture in pictures:
        assert etree.parse(str(picture)).getroot().tag == "{http://www.w3.org/2000/svg}svg"


def test_nu_html_checker_reports_a_raw_c1_control(validators, tmp_path):
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><title>t</title></head>'
        '<body><script>var s = "a\u0085b";</script></body></html>',
        encoding="utf-8",
    )
    [error] = validators.vnu_errors([page])
    assert "U+0085" in error["message"]


# ---------------------------------------------------------------- CSV


def test_no_csv_cell_writes_a_whole_number_as_a_float(corpus):
    for table in sorted((corpus["out"] / "tables").glob("*.csv")):
        text = table.read_text(encoding="utf-8")
        assert not re.search(r"(^|,)-?\d+\.0(,|$)", text, re.M), table.name
