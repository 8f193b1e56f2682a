"""The briefing pictures (fengong.viz.briefing models, fengong.viz.slides drawings): what each shows,
on the seeds and on a 100,000-task synthetic graph, and the files they are written as."""

from __future__ import annotations

import re
import struct

import pytest
from lxml import etree
from typer.testing import CliRunner

from fengong.cli import app
from fengong.viz.briefing import UNIT_GROUPS, picture
from fengong.viz.slides import slide_bytes, slide_html, slide_svg

runner = CliRunner()
SVG = "{http://www.w3.org/2000/svg}"
SEED_PICTURES = {
    "unit": {"unit": "区水务局"},
    "coordination": {},
    "matrix": {},
    "official": {"official": "倪德才"},
    "workload": {},
}


def _texts(svg: str) -> list[tuple[str, float]]:
    root = etree.fromstring(svg.encode("utf-8"))
    return [("".join(t.itertext()), float(t.get("font-size"))) for t in root.iter(f"{SVG}text")]


@pytest.fixture(scope="module")
def big():
    from tests.test_maps_scale import big_kg

    return big_kg(100_000, units=400, districts=8, officials=30, documents=20)


@pytest.mark.parametrize("kind", list(SEED_PICTURES))
def test_every_label_is_at_least_13_px_and_the_picture_has_title_and_source(seed_graph, kind):
    pic = picture(seed_graph, kind, **SEED_PICTURES[kind])
    texts = _texts(slide_svg(pic))
    assert min(size for _, size in texts) >= 13
    labels = [t for t, _ in texts]
    assert labels[0] == pic.title and pic.source in labels
    assert pic.source.startswith("来源 Source: ") and "份文件 documents" in pic.source


def test_unit_picture_groups_partners_by_role_with_shared_task_counts(seed_graph):
    pic = picture(seed_graph, "unit", unit="区水务局")
    assert pic.focus.name == "区水务局" and pic.focus.parts == (50, 26)
    co = {e.name: e.count for e in pic.groups["co_responsible"]}
    assert co["区生态环境局"] == 17  # tasks both are responsible for
    assisting = {e.name: e.count for e in pic.groups["assisting_it"]}
    assert assisting["各街道乡镇"] == 30
    officials = [e.name for e in pic.groups["officials"]]
    assert officials[:2] == ["秦涛", "倪德才"]
    labels = [t for t, _ in _texts(slide_svg(pic))]
    assert all(heading in labels for heading in UNIT_GROUPS.values())
    assert "区生态环境局" in labels and "17" in labels


def test_catch_all_tails_are_never_drawn_as_units(seed_graph):
    from fengong.build import roles

    tails = [n.props["name"] for n in seed_graph.nodes_of("Unit") if roles.active().is_catch_all(n.props["name"])]
    assert "等有关部门" in tails
    for kind, kw in SEED_PICTURES.items():
        pic = picture(seed_graph, kind, **kw)
        drawn = {e.name for es in pic.groups.values() for e in es} | {e.name for e in pic.entries}
        assert not drawn & set(tails), kind
    # 区水务局 is printed with 等有关部门 after it: the tail is no partner
    pic = picture(seed_graph, "unit", unit="区水务局")
    assert all("等有关部门" not in e.name for es in pic.groups.values() for e in es)


def test_coordination_keeps_the_strongest_ties_within_the_budget(seed_graph):
    from fengong.graph.queries.coordination import co_assignment

    pic = picture(seed_graph, "coordination", ties=20)
    assert len(pic.ties) == 20
    strongest = co_assignment(seed_graph)["tasks"].tolist()[:20]
    assert sorted((w for *_, w in pic.ties), reverse=True) == strongest
    assert {e.id for e in pic.entries} == {u for a, b, _ in pic.ties for u in (a, b)}
    assert all(e.community >= 1 for e in pic.entries)


def test_matrix_is_symmetric_and_ordered_by_community(seed_graph):
    pic = picture(seed_graph, "matrix", top=12)
    m = pic.matrix
    assert len(m) == 12 and all(m[i][j] == m[j][i] for i in range(12) for j in range(12))
    assert [e.community for e in pic.entries] == sorted(e.community for e in pic.entries)


def test_workload_bars_split_responsible_first_other_and_assisting(seed_graph):
    from fengong.graph.queries.workload import workload

    pic = picture(seed_graph, "workload", top=5)
    w = workload(seed_graph).set_index("unit")
    for e in pic.entries:
        r = w.loc[e.id]
        assert e.parts == (r.responsible_first, r.responsible - r.responsible_first, r.assisting)
        assert e.count == r.total
    assert pic.more["units"][0] == len(w[~w["collective"]]) - 5


@pytest.mark.parametrize("kind", list(SEED_PICTURES))
def test_pictures_of_a_100k_task_graph_stay_a_slide_worth(big, kind):
    kw = {"unit": {"unit": "单位0000"}, "official": {"official": "领导00"}}.get(kind, {})
    pic = picture(big, kind, **kw)
    texts = _texts(slide_svg(pic))
    assert len(texts) <= 130 and min(size for _, size in texts) >= 13
    if kind == "unit":
        assert pic.focus.count == 1888 and sum(n for n, _ in pic.more.values()) == 60  # the rest counted, not drawn
    if kind == "coordination":
        assert len(pic.ties) == 60 and len(pic.entries) <= 40


def test_svg_png_and_html_are_1920_by_1080_and_byte_identical_on_a_rerun(seed_graph):
    pic = picture(seed_graph, "workload")
    svg = slide_bytes(pic, "svg")
    assert svg == slide_bytes(picture(seed_graph, "workload"), "svg")
    assert b'width="1920" height="1080"' in svg
    png = slide_bytes(pic, "png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png[16:24]) == (1920, 1080)
    html = slide_html(pic)
    assert html.count("<svg") == 1 and "<table>" in html and "区生态环境局" in html


def test_map_command_writes_each_picture_in_each_format(tmp_path):
    for kind, kw in SEED_PICTURES.items():
        option = [f"--{k}" for k in kw] + list(kw.values())
        option = [x for pair in zip(option[: len(kw)], option[len(kw) :]) for x in pair]
        for suffix in ("png", "svg", "html"):
            out = tmp_path / f"{kind}.{suffix}"
            result = runner.invoke(app, ["map", kind, *option, "-o", str(out)])
            assert result.exit_code == 0, result.output
            assert out.stat().st_size > 1000
    result = runner.invoke(app, ["map", "unit", "-o", str(tmp_path / "x.png")])
    assert result.exit_code == 2 and "--unit" in result.output
    result = runner.invoke(app, ["map", "workload", "--explore", "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 2


def test_hostile_names_are_escaped_in_svg_and_html(tmp_path):
    from fengong.testing.hostile import SCRIPT, hostile_graph

    kg = hostile_graph(tmp_path)
    pic = picture(kg, "workload")
    svg = slide_svg(pic)
    etree.fromstring(svg.encode("utf-8"))  # well-formed: control characters shown as pictures
    assert SCRIPT not in svg and SCRIPT not in slide_html(pic)
    assert re.search(r"&lt;script&gt;", svg)
