"""The atlas (fengong.viz.site): every node has a page, every link resolves inside the folder,
nothing is fetched from the internet, hostile names stay text, and a rebuild gives the same bytes."""

from __future__ import annotations

import json
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest

from fengong.graph.kg import KnowledgeGraph
from fengong.graph.queries.base import find_unit
from fengong.graph.queries.responsibilities import responsibilities
from fengong.viz.site import build_site, map_file, page_file

TODAY = date(2023, 6, 1)


class _Page(HTMLParser):
    """Links (href/src of any tag), element ids, task rows and the embedded search index of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.rows: list[str | None] = []
        self.scripts: dict[str, str] = {}
        self._script: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("href", "src"):
            if a.get(key) is not None:
                self.links.append(a[key])
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "tr" and "task-row" in (a.get("class") or "").split():
            self.rows.append(a.get("data-role"))
        if tag == "script" and a.get("type") == "application/json":
            self._script = a.get("id")
            self.scripts[self._script] = ""

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self.scripts[self._script] += data


def _parse(path: Path) -> _Page:
    p = _Page()
    p.feed(path.read_text(encoding="utf-8"))
    p.close()
    return p


def _check_links(out: Path) -> int:
    """Every href/src of every page is relative and names a file inside ``out`` (and an element
    of it, for a #fragment). Returns the number of links checked."""
    root = out.resolve()
    pages = {p: _parse(p) for p in out.rglob("*.html")}
    checked = 0
    for page, parsed in pages.items():
        for link in parsed.links:
            assert not re.match(r"^\s*([a-z][a-z0-9+.-]*:|//)", link, re.I), f"{page}: non-relative link {link!r}"
            target, _, fragment = link.partition("#")
            dest = (page.parent / unquote(target)).resolve() if target else page.resolve()
            assert root in dest.parents, f"{page}: {link!r} leaves the site folder"
            assert dest.is_file(), f"{page}: {link!r} does not exist"
            if fragment and dest.suffix == ".html":
                assert fragment in pages[Path(out / dest.relative_to(root))].ids, f"{page}: no #{fragment} in {dest}"
            checked += 1
    return checked


@pytest.fixture(scope="module")
def site(seed_graph, tmp_path_factory):
    out = tmp_path_factory.mktemp("atlas")
    files = build_site(seed_graph, out, today=TODAY)
    return seed_graph, out, files


def test_every_node_has_a_page(site):
    kg, out, files = site
    for type_ in ("Unit", "Official", "Document"):
        nodes = kg.nodes_of(type_)
        assert nodes
        for n in nodes:
            assert (out / page_file(type_, n.id)).is_file(), n.id
    for name in (
        "index.html",
        "units.html",
        "officials.html",
        "documents.html",
        "coordination.html",
        "style.css",
        "search.js",
    ):
        assert (out / name).is_file()
    assert set(files) == {p for p in out.rglob("*") if p.is_file()}


def test_links_resolve_and_nothing_from_the_internet(site):
    kg, out, _ = site
    assert _check_links(out) > 1000
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert '<meta charset="utf-8">' in text
        for link in _parse(page).links:
            assert "http://" not in link and "https://" not in link
    for asset in ("style.css", "search.js"):
        assert not re.search(r"https?://|@import|url\(", (out / asset).read_text(encoding="utf-8"))
    assert "fetch(" not in (out / "search.js").read_text(encoding="utf-8")


def test_search_index(site):
    kg, out, _ = site
    page = _parse(out / "index.html")
    assert "search.js" in page.links
    entries = json.loads(page.scripts["search-index"])
    uid = find_unit(kg, "区生态环境局")
    [entry] = [e for e in entries if e["n"] == "区生态环境局" and e["k"] == "unit"]
    assert entry["h"] == page_file("Unit", uid)
    assert entry["a"] == kg.nodes[uid].props["aliases"] and entry["a"]
    assert {e["k"] for e in entries} == {"unit", "official", "document"}
    assert len(entries) == sum(len(kg.nodes_of(t)) for t in ("Unit", "Official", "Document"))


def test_unit_page_rows_and_excel(site):
    from openpyxl import load_workbook

    kg, out, _ = site
    for name in ("区生态环境局", "区发展改革委", "区财政局"):
        uid = find_unit(kg, name)
        frame = responsibilities(kg, uid, today=TODAY)
        rows = _parse(out / page_file("Unit", uid)).rows
        assert len(rows) == len(frame)
        assert rows == list(frame["role"])
    uid = find_unit(kg, "区生态环境局")
    frame = responsibilities(kg, uid, today=TODAY)
    wb = load_workbook(out / "units" / f"{uid}.xlsx")
    assert wb.sheetnames == ["主责 Responsible", "协办 Assisting"]
    for role, sheet in (("responsible", "主责 Responsible"), ("assisting", "协办 Assisting")):
        assert wb[sheet].max_row - 1 == int((frame["role"] == role).sum())
    # upcoming deadlines first within a role
    status = list(frame[frame["role"] == "responsible"]["status"])
    assert status == sorted(status, key=["upcoming", "ongoing", "none", "past"].index)


def test_official_and_document_pages(site):
    kg, out, _ = site
    off = kg.nodes_of("Official")[0]
    text = (out / page_file("Official", off.id)).read_text(encoding="utf-8")
    assert off.props["name"] in text and "Units steered" in text
    plan = next(n for n in kg.nodes_of("Document") if n.props.get("number") == "通政发〔2023〕2号")
    page = _parse(out / page_file("Document", plan.id))
    n_tasks = sum(1 for e in kg.edges_of("IN_DOCUMENT") if e.target == plan.id and kg.nodes[e.source].type == "Task")
    assert len(page.rows) == n_tasks > 0


def test_rebuild_is_byte_identical(site, tmp_path):
    kg, out, files = site
    again = build_site(kg, tmp_path, today=TODAY)
    assert [p.relative_to(tmp_path) for p in again] == [p.relative_to(out) for p in files]
    for a, b in zip(files, again):
        assert a.read_bytes() == b.read_bytes(), a


def _hostile() -> KnowledgeGraph:
    kg = KnowledgeGraph()
    kg.add_node(
        "doc-1",
        "Document",
        number="通政发〔2023〕<b>1号",
        title='</script><script>alert("doc")</script>',
        plan=True,
        in_corpus=True,
    )
    units = {"unit-a": "../../x", "unit/../../b": "区/局", "unit c": '"><img src=x onerror=alert(1)>'}
    for uid, name in units.items():
        kg.add_node(uid, "Unit", name=name, kind="department", collective=False, aliases=[name, "</script>"])
    kg.add_node("official-1", "Official", name="<i>王</i>", collective=False)
    texts = ["<script>alert(1)</script>", '"onmouseover=alert(2) x="']
    for i, text in enumerate(texts, 1):
        tid = f"task-{i}"
        kg.add_node(
            tid,
            "Task",
            number=f"{i}<",
            text=text,
            deadline="2023-12-31",
            deadline_kind="date",
            deadline_text="<u>年底</u>",
            source_file="../evil.txt",
            source_line=i,
            source_line_end=i,
        )
        kg.add_edge(tid, "IN_DOCUMENT", "doc-1")
        kg.add_edge("official-1", "LEADS", tid, key="1", order=1, printed="王", source_line=i, source_line_end=i)
        for order, (uid, rel) in enumerate(
            (("unit-a", "RESPONSIBLE_FOR"), ("unit/../../b", "RESPONSIBLE_FOR"), ("unit c", "ASSISTS")), 1
        ):
            kg.add_edge(
                uid,
                rel,
                tid,
                key="1",
                order=order,
                printed=units[uid],
                split="certain",
                source_line=i,
                source_line_end=i,
            )
    return kg


def test_hostile_names_stay_text_and_inside(tmp_path):
    kg = _hostile()
    out = tmp_path / "site"
    files = build_site(kg, out, today=TODAY)
    root = out.resolve()
    assert all(root in p.resolve().parents for p in files)
    assert {p.resolve() for p in tmp_path.rglob("*") if p.is_file()} == {p.resolve() for p in files}
    for uid in ("unit-a", "unit/../../b", "unit c"):
        assert (out / page_file("Unit", uid)).is_file()
    assert "/" not in page_file("Unit", "unit/../../b").split("/", 1)[1]
    _check_links(out)
    unit_page = (out / page_file("Unit", "unit-a")).read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in unit_page
    assert "&quot;onmouseover=alert(2) x=&quot;" in unit_page
    assert "&lt;i&gt;王&lt;/i&gt;" in unit_page
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for raw in ("<script>alert", '"onmouseover=', "<img", "<i>王", "<u>年底", "<b>1号", 'alert("doc")</script>'):
            assert raw not in text, (page, raw)
        # the only scripts are the embedded index and search.js
        assert len(re.findall(r"<script\b", text)) == (2 if page.name == "index.html" else 0)
    index = _parse(out / "index.html")
    entries = json.loads(index.scripts["search-index"])
    assert {e["n"] for e in entries if e["k"] == "unit"} == {"../../x", "区/局", '"><img src=x onerror=alert(1)>'}
    assert any("</script>" in e["a"] for e in entries)


def test_pictures_are_shown_only_when_drawn(seed_graph, tmp_path):
    kg = _hostile()
    drawn = []

    def maps(kind, node_id, path):
        drawn.append((kind, node_id, path.suffix))
        if kind in ("coordination", "workload") or node_id == "unit-a":
            path.write_text(
                "<!DOCTYPE html><title>map</title>"
                if path.suffix == ".html"
                else '<svg xmlns="http://www.w3.org/2000/svg"/>',
                encoding="utf-8",
            )

    files = build_site(kg, tmp_path, today=TODAY, maps=maps)
    assert ("coordination", None, ".svg") in drawn and ("coordination", None, ".html") in drawn
    assert ("unit", "unit c", ".svg") in drawn and ("matrix", None, ".svg") in drawn
    assert drawn.count(("coordination", None, ".svg")) == 1  # drawn once, shown on the index and its page
    assert tmp_path / map_file("unit", "unit-a") in files
    assert f'src="../{map_file("unit", "unit-a")}"' in (tmp_path / page_file("Unit", "unit-a")).read_text(
        encoding="utf-8"
    )
    assert "maps/" not in (tmp_path / page_file("Unit", "unit c")).read_text(encoding="utf-8")
    coordination = (tmp_path / "coordination.html").read_text(encoding="utf-8")
    assert 'href="maps/coordination.html"' in coordination and 'src="maps/coordination.svg"' in coordination
    assert "maps/matrix.svg" not in coordination  # not drawn
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert 'src="maps/workload.svg"' in index and 'src="maps/coordination.svg"' in index
    # the explorer's vis-network: one copy for the atlas, beside the pages
    assert (tmp_path / "assets" / "vis-network.min.js").stat().st_size > 100_000
    _check_links(tmp_path)


def test_rebuild_removes_pages_of_vanished_nodes(tmp_path):
    kg = _hostile()
    build_site(kg, tmp_path, today=TODAY)
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    smaller = KnowledgeGraph()
    smaller.add_node("unit-a", "Unit", name="区财政局", kind="department", collective=False)
    files = build_site(smaller, tmp_path, today=TODAY)
    assert not (tmp_path / page_file("Unit", "unit c")).exists()
    assert not (tmp_path / page_file("Document", "doc-1")).exists()
    assert (tmp_path / page_file("Unit", "unit-a")).is_file() and (tmp_path / "notes.txt").is_file()
    assert {p for p in tmp_path.rglob("*") if p.is_file()} == set(files) | {tmp_path / "notes.txt"}
    _check_links(tmp_path)
