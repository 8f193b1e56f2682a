"""Injection (issue 9): the hostile corpus (fengong/testing/hostile.py) through every HTML writer, SPARQL
(pyoxigraph) and Cypher (a genuine Neo4j).

HTML: every map kind `fengong map` offers and the atlas are built from the hostile plan and alias table;
statically, no page holds a tag, attribute or script that is not fengong's own (the only input-dependent
script is JSON with no '<' in it, so no `</script>` can end it) and the payloads are present as escaped
text or data; in Chromium, `window.__pwned` stays undefined after loading, searching and clicking, with no
console errors. Queries: hostile values bound as parameters give exactly the rows of an honest lookup
and leave the store (or the database) as it was.
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fengong.cli import app
from fengong.testing.hostile import (
    END_SCRIPT,
    HOSTILE_STRINGS,
    HOSTILE_TITLE,
    IMG,
    JS_URL,
    QUERY_VALUES,
    SCRIPT,
    TEMPLATE,
    hostile_graph,
    write_hostile_corpus,
)
from fengong.viz.briefing import PICTURES
from fengong.viz.maps import KINDS
from fengong.viz.page import vis_assets, write_map
from fengong.viz.safe import script_source as _script_safe

#: the only elements fengong's pages are made of: a payload that became markup shows up as another tag
ALLOWED_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "style",
    "link",
    "body",
    "nav",
    "main",
    "header",
    "footer",
    "aside",
    "section",
    "div",
    "span",
    "h1",
    "h2",
    "p",
    "a",
    "ul",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "input",
    "label",
    "select",
    "option",
    "datalist",
    "script",
    # the atlas's pictures and collapsed task texts
    "figure",
    "figcaption",
    "img",
    "details",
    "summary",
}
#: what a briefing picture's page holds: its inline SVG and a table, no script at all
PICTURE_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "figure",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "svg",
    "g",
    "rect",
    "text",
    "polyline",
    "circle",
    "polygon",
}
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"}
SCHEME = re.compile(r"\s*[A-Za-z][A-Za-z0-9+.-]*:")
PWNED = "typeof window.__pwned"


class _Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self.scripts.append((dict(attrs), ""))
            self._in_script = True

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            attrs, body = self.scripts[-1]
            self.scripts[-1] = (attrs, body + data)


def _markup(text: str) -> _Markup:
    m = _Markup()
    m.feed(text)
    m.close()
    return m


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    plan, aliases = write_hostile_corpus(folder / "in")
    kg = hostile_graph(folder / "in")
    return folder, plan, aliases, kg


def _cli(*args) -> None:
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output


def _hostile_official(kg) -> str:
    return next(n.props["name"] for n in kg.nodes_of("Official") if "<script>" in n.props["name"])


@pytest.fixture(scope="module")
def maps(corpus):
    """Every kind of map, written by `fengong map` from the hostile corpus."""
    folder, plan, aliases, kg = corpus
    out = folder / "maps"
    out.mkdir()
    extra = {
        "unit": ["--unit", SCRIPT + "局"],
        "official": ["--official", _hostile_official(kg)],
        "document": ["--document", "通政发〔2023〕2号"],
    }
    for kind in KINDS:  # the explorers (unit, official and coordination are briefing pictures by default)
        explore = ["--explore"] if kind in PICTURES else []
        _cli(
            "map",
            kind,
            *explore,
            *extra.get(kind, []),
            "--input",
            plan,
            "--aliases",
            aliases,
            "-o",
            out / f"{kind}.html",
        )
    return {kind: out / f"{kind}.html" for kind in KINDS}


@pytest.fixture(scope="module")
def pictures(corpus):
    """Every briefing picture's page and SVG, written by `fengong map` from the hostile corpus."""
    folder, plan, aliases, kg = corpus
    out = folder / "pictures"
    out.mkdir()
    extra = {"unit": ["--unit", SCRIPT + "局"], "official": ["--official", _hostile_official(kg)]}
    for kind in PICTURES:
        for suffix in ("html", "svg"):
            _cli(
                "map", kind, *extra.get(kind, []), "--input", plan, "--aliases", aliases, "-o", out / f"{kind}.{suffix}"
            )
    return out


def test_picture_pages_hold_the_payloads_as_text_only(pictures):
    from lxml import etree

    for page in sorted(pictures.glob("*.html")):
        text = page.read_text(encoding="utf-8")
        m = _markup(text)
        for tag, attrs in m.tags:
            assert tag in PICTURE_TAGS, (page.name, tag)
            assert not any(name.startswith("on") for name in attrs), (page.name, tag)
        assert m.scripts == []
        for raw in (SCRIPT, IMG, END_SCRIPT):  # markup stays text (javascript: or {{7*7}} as text is harmless)
            assert raw not in text, (page.name, raw)
        etree.fromstring(page.with_suffix(".svg").read_bytes())  # the SVG is well-formed XML


@pytest.fixture(scope="module")
def atlas(corpus):
    folder, plan, aliases, _ = corpus
    out = folder / "atlas"
    _cli("site", "--output", out, "--today", "2023-03-01", "--input", plan, "--aliases", aliases)
    return out


def _task1(kg) -> str:
    return next(n.props["text"] for n in kg.nodes_of("Task") if n.props.get("number") == "1")


def test_the_corpus_carries_every_payload(corpus):
    """The hostile strings reach the graph as printed (else the tests below would prove nothing)."""
    _, _, _, kg = corpus
    text = _task1(kg)
    assert all(s in text for s in HOSTILE_STRINGS)
    names = {n.props["name"] for n in kg.nodes_of("Unit")}
    assert {
        SCRIPT + "局",
        END_SCRIPT + "局",
        JS_URL + "局",
        TEMPLATE + "局",
        "../../x局",
        "区/局",
        "区\\局",
        "区\x07控\x1b[31m制\x7f局",
    } <= names
    assert max(len(n) for n in names) == 302
    title = next(iter(kg.nodes_of("Document"))).props["title"]
    assert SCRIPT in title and title.startswith(HOSTILE_TITLE.split('"')[0])


def _check_static(path: Path, fixed_scripts: list[str]) -> list:
    """Every element, attribute and script of the page is fengong's own; returns the decoded JSON data."""
    text = path.read_text(encoding="utf-8")
    m = _markup(text)
    for tag, attrs in m.tags:
        assert tag in ALLOWED_TAGS, (path.name, tag, attrs)
        for name, value in attrs.items():
            assert not name.startswith("on"), (path.name, tag, name)
            if name in URL_ATTRS and value is not None:
                assert not SCHEME.match(value), (path.name, tag, value)  # relative links only: no javascript:
            if name == "style":
                assert "url(" not in value and "javascript" not in value.lower()
    data = []
    scripts = [(a, body) for a, body in m.scripts if "src" not in a]
    json_bodies = [body for a, body in scripts if a.get("type") == "application/json"]
    assert [body for a, body in scripts if a.get("type") != "application/json"] == fixed_scripts, path.name
    for body in json_bodies:
        assert "<" not in body and ">" not in body  # no </script> or <!-- can end or change it
        data.append(json.loads(body))
    for raw in ("<script>window", "<img src=x", "</script><script>", 'onerror="'):
        assert raw not in text.replace(_script_safe(vis_assets()[0]), ""), (path.name, raw)
    assert "49局" not in text  # {{7*7}} is text, never evaluated
    return data


def _map_scripts(assets: str | None = None) -> list[str]:
    """The scripts every map page has whatever its data: vis-network (unless the page references it
    at ``assets``) and the page's code."""
    import tempfile

    from fengong.graph.queries.coordination import _demo_kg

    with tempfile.TemporaryDirectory() as d:
        page = _markup(write_map(_demo_kg(), Path(d) / "m.html", "network", assets=assets).read_text(encoding="utf-8"))
    return [body for a, body in page.scripts if a.get("type") != "application/json" and "src" not in a]


def test_maps_hold_the_payloads_as_data_only(corpus, maps):
    _, _, _, kg = corpus
    fixed = _map_scripts()
    assert len(fixed) == 2 and fixed[0] == _script_safe(vis_assets()[0])
    tips = {}
    for kind, path in maps.items():
        (data,) = _check_static(path, fixed)
        tips[kind] = {n["id"]: n for n in data["nodes"]}
        assert "&lt;script&gt;" not in json.dumps(data)  # data is raw text, shown with textContent
    task1 = next(n.id for n in kg.nodes_of("Task") if n.props.get("number") == "1")
    for kind in ("network", "document"):
        assert _task1(kg) in tips[kind][task1]["tip"], kind
    official = next(n.id for n in kg.nodes_of("Official") if n.props["name"] == _hostile_official(kg))
    assert tips["unit"][official]["label"] == tips["official"][official]["label"] == _hostile_official(kg)
    units = {n.props["name"]: n.id for n in kg.nodes_of("Unit")}
    assert tips["coordination"][units[SCRIPT + "局"]]["label"] == SCRIPT + "局"
    assert tips["coordination"][units["../../x局"]]["label"] == "../../x局"
    page = maps["network"].read_text(encoding="utf-8")
    # the document filter's option and the title show the title as escaped text
    assert html.escape(SCRIPT, quote=True) in page and "&#34;&gt;&lt;imgsrc=xonerror=&#34;" in page


def test_atlas_pages_escape_every_value(corpus, atlas):
    _, _, _, kg = corpus
    pages = sorted(atlas.rglob("*.html"))
    site_pages = [p for p in pages if "maps" not in p.relative_to(atlas).parts]
    assert len(site_pages) == 5 + len(kg.nodes_of("Unit")) + len(kg.nodes_of("Official")) + len(kg.nodes_of("Document"))
    index = None
    for page in site_pages:
        data = _check_static(page, [])
        if page.name == "index.html":
            (index,) = data
    fixed = _map_scripts(assets="../assets/")  # the atlas's explorer uses its one copy of vis-network
    for page in sorted((atlas / "maps").glob("*.html")):
        _check_static(page, fixed)
        assert '<script src="../assets/vis-network.min.js"></script>' in page.read_text(encoding="utf-8")
    names = {e["n"] for e in index if e["k"] == "unit"}
    assert {SCRIPT + "局", END_SCRIPT + "局", "../../x局", "区/局", TEMPLATE + "局"} <= names
    assert all(not SCHEME.match(e["h"]) and e["h"].split("/")[0] in ("units", "officials", "documents") for e in index)
    from fengong.viz.site import page_file

    uid = next(n.id for n in kg.nodes_of("Unit") if n.props["name"] == SCRIPT + "局")
    unit_page = (atlas / page_file("Unit", uid)).read_text(encoding="utf-8")
    assert "<h1>&lt;script&gt;window.__pwned=1&lt;/script&gt;局</h1>" in unit_page
    # its task 2 (printed 区财政局, its alias) is co-led by the hostile official, linked by id with the name escaped
    assert "郑皓&lt;script&gt;window.__pwned=1&lt;/script&gt;</a>" in unit_page
    doc = next(iter(kg.nodes_of("Document")))
    doc_page = (atlas / page_file("Document", doc.id)).read_text(encoding="utf-8")
    assert f"<h1>{html.escape(doc.props['title'], quote=True)}</h1>" in doc_page
    assert f"<td>{html.escape(_task1(kg), quote=True)}</td>" in doc_page
    assert "{{7*7}}局" in (atlas / "units.html").read_text(encoding="utf-8")


def test_slide_pictures_draw_hostile_names_as_text(corpus, tmp_path):
    """A "$…$" name is not mathtext (a broken one made matplotlib fail); pictures are whole files."""
    from fengong.testing.hostile import MATH

    folder, plan, aliases, kg = corpus
    assert MATH + "局" in {n.props["name"] for n in kg.nodes_of("Unit")}
    for kind, suffix in (("coordination", "png"), ("network", "svg"), ("lead-assist", "png")):
        path = tmp_path / f"{kind}.{suffix}"
        _cli("map", kind, "--input", plan, "--aliases", aliases, "-o", path)
        head = path.read_bytes()[:64]
        assert head.startswith(b"\x89PNG") if suffix == "png" else b"<svg" in path.read_bytes()[:2000], kind
    assert sorted(p.name for p in tmp_path.iterdir()) == ["coordination.png", "lead-assist.png", "network.svg"]


# ------------------------------------------------------------------ in Chromium

READY = "window.fengongMap && window.fengongMap.ready"


def _no_alert(page) -> None:
    """Record alert() from now on, and in the pages this tab navigates to next."""
    hook = "window.alerted = false; window.alert = function () { window.alerted = true; };"
    page.add_init_script(hook)
    page.evaluate(hook + " null")


def _clean(opened) -> None:
    assert opened.page.evaluate(PWNED) == "undefined"
    assert opened.page.evaluate("window.alerted") is False
    assert opened.console_errors == [] and opened.external_requests == []


def test_maps_in_chromium_run_no_payload(open_map, corpus, maps):
    _, _, _, kg = corpus
    for kind, path in maps.items():
        opened = open_map(path, wait_for=READY)
        page = opened.page
        _no_alert(page)
        assert page.evaluate(PWNED) == "undefined"
        assert page.evaluate("document.scripts.length") == 3
        for name in (SCRIPT + "局", END_SCRIPT + "局", "../../x局", TEMPLATE):
            page.fill("#search", name)
            page.press("#search", "Enter")
        # hover and click every node that shows a hostile label or tooltip: the tooltip is text only
        ids = page.evaluate("""window.fengongMap.nodes.get().filter(n => /pwned|\\{\\{/.test(n.label + n.tip))
                               .map(n => n.id)""")
        assert ids, kind
        box = page.locator("#map").bounding_box()
        for node in ids[:6]:
            page.evaluate(
                f"window.fengongMap.network.focus({json.dumps(node)}, {{scale: 1.0, animation: false}}); null"
            )
            pos = page.evaluate(f"""(() => {{ const net = window.fengongMap.network;
                                    return net.canvasToDOM(net.getPositions([{json.dumps(node)}])[{json.dumps(node)}]); }})()""")
            page.mouse.move(box["x"] + pos["x"], box["y"] + pos["y"])
            page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])
            page.wait_for_function(
                f"window.fengongMap.network.getSelectedNodes()[0] === {json.dumps(node)}", timeout=5000
            )
        page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000)
        # the tooltip holds fengong's one text-only div, nothing made from the text
        assert page.evaluate("document.querySelectorAll('div.vis-tooltip *').length") == 1
        assert page.evaluate("document.querySelectorAll('div.vis-tooltip > div.tip').length") == 1
        assert page.evaluate("document.querySelectorAll('img, iframe').length") == 0
        _clean(opened)


def test_atlas_in_chromium_runs_no_payload(open_map, corpus, atlas):
    _, _, _, kg = corpus
    opened = open_map(atlas / "index.html")
    page = opened.page
    _no_alert(page)

    def hits(q: str) -> int:  # units by name or alias, officials by name, documents by title or number
        keys = [[n.props["name"], *n.props.get("aliases", [])] for n in kg.nodes_of("Unit")]
        keys += [[n.props["name"]] for n in kg.nodes_of("Official")]
        keys += [[n.props.get("title") or "", n.props.get("number") or ""] for n in kg.nodes_of("Document")]
        return sum(any(q in k for k in ks) for ks in keys)

    # pwned: four units (script, img, end-script, javascript:), the official, the title
    for query, expected in (("pwned", 6), ("{{7*7}}", 1), ("../../x", 1), ("区/局", 1)):
        assert hits(query) == expected
        page.fill("#q", query)
        assert page.locator("#results li").count() == expected, query
        assert page.evaluate("document.querySelectorAll('#results img, #results script').length") == 0
    page.fill("#q", SCRIPT)
    # <script>…局, </script><script>…局, the official 郑皓<script>…, the title
    assert page.locator("#results li").count() == hits(SCRIPT) == 4
    link = page.locator("#results").get_by_role("link", name=SCRIPT + "局", exact=True)
    link.click()
    page.wait_for_load_state()
    assert "/units/unit-" in page.url and page.locator("h1").inner_text() == SCRIPT + "局"
    _clean(opened)
    # every page of the atlas (not the per-unit maps: the map test above covers their code)
    for path in sorted(p for p in atlas.rglob("*.html") if "maps" not in p.relative_to(atlas).parts):
        opened = open_map(path)
        _no_alert(opened.page)
        # no element but the atlas's own pictures (SVG files beside the pages) loads anything
        assert (
            opened.page.evaluate(
                "Array.from(document.querySelectorAll('img, iframe, object, embed'))"
                ".filter(e => !/^(\\.\\.\\/)?maps\\/[a-z0-9-]+\\.svg$/.test(e.getAttribute('src')))"
                ".length"
            )
            == 0
        )
        _clean(opened)
        opened.close()


# ------------------------------------------------------------------ SPARQL


def _store_state(store) -> tuple[int, int]:
    return len(store), hash(frozenset(str(q) for q in store))


def test_sparql_parameters_stay_values(corpus):
    from fengong.graph.rdf import open_store
    from fengong.graph.sparql import select

    _, _, _, kg = corpus
    store = open_store(kg)
    before = _store_state(store)
    by_name: dict[str, list[str]] = {}
    for n in kg.nodes_of("Unit"):
        by_name.setdefault(n.props["name"], []).append(n.id)
    q = "SELECT ?u WHERE { ?u skos:prefLabel ?name } ORDER BY ?u"
    for value in QUERY_VALUES + tuple(by_name):
        got = list(select(store, q, name=(value, "zh"))["u"])
        assert got == sorted(by_name.get(value, [])), value
        assert list(select(store, q, name=value)["u"]) == []  # a plain string is not the @zh label
        assert list(select(store, "SELECT ?p WHERE { ?u ?p ?o }", u=value)["p"]) == []
    assert len(select(store, q, name=("区/局", "zh"))) == len(select(store, q, name=("../../x局", "zh"))) == 1
    # a value that starts like a node id or an IRI but is none: a literal, no answer, no error
    for value in ("unit-x> } ; DROP ALL ; #", "http://a> } DROP ALL #", 'unit-1" } ?u ?p ?o . { ?u ?p ?o'):
        assert list(select(store, "SELECT ?p WHERE { ?u ?p ?o }", u=value)["p"]) == []
    assert _store_state(store) == before


def test_sparql_cli_binds_hostile_params(corpus, tmp_path):
    folder, plan, aliases, kg = corpus
    query = tmp_path / "q.rq"
    query.write_text("SELECT ?u WHERE { ?u skos:prefLabel ?name }\n", encoding="utf-8")
    ids = {n.props["name"]: n.id for n in kg.nodes_of("Unit")}
    for value, expected in [
        ("区/局", [ids["区/局"]]),
        (SCRIPT + "局", [ids[SCRIPT + "局"]]),
        ("区\\局", [ids["区\\局"]]),
    ] + [(v, []) for v in QUERY_VALUES[:4]]:
        result = CliRunner().invoke(
            app,
            [
                "sparql",
                str(query),
                "--input",
                str(plan),
                "--aliases",
                str(aliases),
                "--param",
                f"name={value}@zh",
                "-f",
                "json",
            ],
        )
        assert result.exit_code == 0, result.output
        assert [r["u"] for r in json.loads(result.stdout)] == expected, value


# ------------------------------------------------------------------ Cypher on Neo4j


@pytest.fixture(scope="module")
def neo4j(neo4j_server, corpus):
    from fengong.graph.neo4j import clear, load

    _, _, _, kg = corpus
    with neo4j_server.driver() as driver:
        clear(driver)
        load(kg, driver)
        yield driver, kg
        clear(driver)


def test_cypher_parameters_stay_values(neo4j):
    from fengong.graph.cypher import run_cypher
    from fengong.graph.neo4j import counts

    driver, kg = neo4j
    before = counts(driver)
    assert before == kg.counts()
    by_name: dict[str, list[str]] = {}
    for n in kg.nodes_of("Unit"):
        by_name.setdefault(n.props["name"], []).append(n.id)
    # every name, hostile ones included, went in and comes back exactly
    stored = run_cypher(driver, "MATCH (u:Fengong:Unit) RETURN u.id AS id, u.name AS name ORDER BY id")
    assert dict(zip(stored["id"], stored["name"])) == {n.id: n.props["name"] for n in kg.nodes_of("Unit")}
    q = "MATCH (u:Fengong:Unit {name: $name}) RETURN u.id AS id ORDER BY id"
    for value in QUERY_VALUES + tuple(by_name):
        assert list(run_cypher(driver, q, name=value)["id"]) == sorted(by_name.get(value, [])), value
        assert len(run_cypher(driver, "responsibilities", unit=value)) == 0
        assert len(run_cypher(driver, "workload", year=value)) == 0
        assert len(run_cypher(driver, "co_assignment", year=value)) == 0
    task1 = next(n for n in kg.nodes_of("Task") if n.props.get("number") == "1")
    got = run_cypher(driver, "MATCH (t:Fengong:Task {text: $text}) RETURN t.id AS id", text=task1.props["text"])
    assert list(got["id"]) == [task1.id]
    assert counts(driver) == before


def test_every_workbook_keeps_hostile_cells_as_plain_text():
    import io

    import openpyxl
    import pandas as pd

    from fengong.output import xlsx_bytes

    frame = pd.DataFrame(
        {"name": ["区\x07局", '=HYPERLINK("http://x","y")', "区财政局"], "units": [["=1", "b"], [], None]}
    )
    wb = openpyxl.load_workbook(io.BytesIO(xlsx_bytes({"answer": frame})))
    rows = [[c.value for c in r] for r in wb["answer"].iter_rows()]
    assert rows[1:] == [["区\ufffd局", "'=1、b"], ['\'=HYPERLINK("http://x","y")', None], ["区财政局", None]]
    assert all(c.data_type != "f" for r in wb["answer"].iter_rows() for c in r)
