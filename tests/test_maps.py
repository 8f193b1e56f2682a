"""The interactive HTML maps and the slide pictures (no browser needed; see test_maps_browser.py)."""

from __future__ import annotations

import re
import struct

import pytest

from fengong.graph.kg import KnowledgeGraph
from fengong.viz.maps import KINDS, MapError, build_map
from fengong.viz.page import map_html, vis_assets, write_map
from fengong.viz.static import write_picture

HOSTILE = '<script>alert(1)</script> & "quoted" </script>'

# the arguments of each kind of map on the sample corpus
SEED_ARGS = {
    "network": {},
    "unit": {"unit": "区发改委"},
    "official": {"official": "郑皓"},
    "document": {"document": "通政发〔2023〕2号"},
    "coordination": {},
    "lead-assist": {},
}


def hostile_kg() -> KnowledgeGraph:
    """A small graph whose task text, unit name and document title try to inject HTML."""
    kg = KnowledgeGraph()
    kg.add_node(
        "doc-1", "Document", number="通政发〔2023〕1号", title="<b>标题</b>", year=2023, plan=True, in_corpus=True
    )
    kg.add_node("unit-a", "Unit", name="区财政局", kind="department", collective=False)
    kg.add_node("unit-b", "Unit", name="<img src=x onerror=alert(2)>局", kind="township", collective=False)
    kg.add_node("official-1", "Official", name="郑皓", collective=False)
    kg.add_node(
        "task-1",
        "Task",
        number="1",
        text=HOSTILE,
        year=2023,
        deadline_text="2023年6月底前",
        source_file="a.txt",
        source_line=7,
        source_line_end=8,
    )
    kg.add_edge("task-1", "IN_DOCUMENT", "doc-1")
    kg.add_edge("official-1", "LEADS", "task-1", key="1", order=1, printed="郑皓", source_line=7, source_line_end=7)
    kg.add_edge(
        "unit-a",
        "RESPONSIBLE_FOR",
        "task-1",
        key="1",
        order=1,
        printed="区财政局",
        split="certain",
        source_line=8,
        source_line_end=8,
    )
    kg.add_edge(
        "unit-b", "ASSISTS", "task-1", key="2", order=2, printed="x", split="certain", source_line=8, source_line_end=8
    )
    return kg


def _outside_library(page: str) -> str:
    """The page without the inlined vis-network script and CSS."""
    from fengong.viz.safe import script_source as _script_safe

    js, css = vis_assets()
    return page.replace(_script_safe(js), "").replace(_script_safe(css), "")


def _node_count(page: str) -> int:
    import json

    data = re.search(r'<script id="map-data" type="application/json">(.*?)</script>', page, re.S).group(1)
    return len(json.loads(data)["nodes"])


@pytest.fixture(scope="module")
def seed_maps(seed_graph, tmp_path_factory):
    folder = tmp_path_factory.mktemp("maps")
    return {
        k: (build_map(seed_graph, k, **kw), write_map(seed_graph, folder / f"{k}.html", k, **kw).read_text("utf-8"))
        for k, kw in SEED_ARGS.items()
    }


@pytest.mark.parametrize("kind", KINDS)
def test_map_is_offline_and_complete(seed_maps, kind):
    g, page = seed_maps[kind]
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert "Noto Sans SC" in page
    # no resource is referenced by URL anywhere, and outside vis-network's own code no URL at all
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.I)
    assert not re.search(r"""url\(\s*["']?\s*(https?:)?//|@import""", page, re.I)
    assert "http" not in _outside_library(page)
    assert "sourceMappingURL" not in page
    assert g.number_of_nodes() > 0
    assert _node_count(page) == g.number_of_nodes()
    assert "vis.Network" in page and 'id="search"' in page and 'id="legend"' in page


def test_map_kinds_have_their_content(seed_maps, seed_graph):
    g, _ = seed_maps["network"]
    assert {d["type"] for _, d in g.nodes(data=True)} == {"Unit", "Official", "Task", "Document"}
    assert not g.graph["aggregated"]
    g, _ = seed_maps["unit"]
    assert g.graph["focus"] in g and g.nodes[g.graph["focus"]]["label"] == "区发展改革委"
    g, _ = seed_maps["coordination"]
    assert {d["type"] for _, d in g.nodes(data=True)} == {"Unit"}
    assert {r for _, _, r in g.edges(keys=True)} == {"co"}
    g, _ = seed_maps["lead-assist"]
    assert {r for _, _, r in g.edges(keys=True)} == {"lead-assist"}
    g, _ = seed_maps["official"]
    assert sum(d["type"] == "Official" for _, d in g.nodes(data=True)) >= 1


def test_task_text_is_escaped(tmp_path):
    kg = hostile_kg()
    for kind in ("network", "unit", "document"):
        kw = {"unit": "区财政局"} if kind == "unit" else {"document": "通政发〔2023〕1号"} if kind == "document" else {}
        page = write_map(kg, tmp_path / f"{kind}.html", kind, **kw).read_text("utf-8")
        rest = _outside_library(page)
        assert "<script>alert" not in rest
        assert "<img src=x" not in rest and "<b>标题</b>" not in rest
        assert "\\u003cscript\\u003ealert(1)" in rest  # the text is there, as JSON data
        assert "&lt;b&gt;标题&lt;/b&gt;" in rest  # the document filter's option, HTML-escaped
        assert rest.count("<script") == rest.count("</script>") == 3  # the library, the data and our code


def test_map_is_deterministic(seed_graph, tmp_path):
    a = write_map(seed_graph, tmp_path / "a.html", "network").read_bytes()
    b = write_map(seed_graph, tmp_path / "b.html", "network").read_bytes()
    assert a == b


def test_network_aggregates_above_budget(seed_graph):
    full = build_map(seed_graph, "network")
    small = build_map(seed_graph, "network", node_budget=100)
    assert full.number_of_nodes() > 100
    assert small.graph["aggregated"] and "units only" in small.graph["note"]
    assert {d["type"] for _, d in small.nodes(data=True)} == {"Unit"}
    assert "超过上限 100" in map_html(small)


def test_year_filter(seed_graph):
    g = build_map(seed_graph, "network", year=2023)
    years = {seed_graph.nodes[n].props.get("year") for n, d in g.nodes(data=True) if d["type"] == "Task"}
    assert years == {2023}


def test_errors(seed_graph):
    with pytest.raises(MapError, match="unknown map kind"):
        build_map(seed_graph, "galaxy")
    with pytest.raises(MapError, match="needs unit"):
        build_map(seed_graph, "unit")
    with pytest.raises(MapError, match="did you mean"):
        build_map(seed_graph, "unit", unit="区发展委")
    with pytest.raises(MapError, match="no document"):
        build_map(seed_graph, "document", document="不存在〔2099〕1号")


def _png_size(path):
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


def test_pictures(seed_graph, tmp_path):
    png = write_picture(seed_graph, tmp_path / "coordination.png", "coordination")
    assert _png_size(png) == (2400, 1350)  # 16 x 9 inches at 150 dpi
    svg = write_picture(hostile_kg(), tmp_path / "unit.svg", "unit", unit="区财政局").read_text("utf-8")
    assert svg.lstrip().startswith("<?xml") and 'width="1152pt" height="648pt"' in svg  # 16 x 9 in at 72 pt
    assert "<script" not in svg
    with pytest.raises(MapError, match="png or .svg"):
        write_picture(seed_graph, tmp_path / "x.jpg", "coordination")


def test_cli_map(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from fengong.cli import app

    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(app, ["map", "coordination", "--year", "2023"])
    assert r.exit_code == 0, r.output
    assert "单位协作：最强的协作关系（2023年）" in (tmp_path / "map-coordination.html").read_text("utf-8")
    r = CliRunner().invoke(app, ["map", "coordination", "--explore", "--year", "2023", "-o", "explore.html"])
    assert r.exit_code == 0, r.output
    assert "单位协作网络" in (tmp_path / "explore.html").read_text("utf-8")
    r = CliRunner().invoke(app, ["map", "unit", "--unit", "区发改委", "--output", "u.png"])
    assert r.exit_code == 0, r.output
    assert _png_size(tmp_path / "u.png") == (1920, 1080)
    r = CliRunner().invoke(app, ["map", "unit", "--unit", "不存在局"])
    assert r.exit_code == 2
