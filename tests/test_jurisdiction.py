"""Jurisdictions that hold (issue 16): read from every issuer form, the title, the 文号 prefix and the
parent notice; a document whose government cannot be read keeps its units to itself."""

from __future__ import annotations

import collections

import pytest

from fengong.build import build_paths
from fengong.build import jurisdiction as J
from fengong.doctor import diagnose
from fengong.graph.assemble import build_graph
from fengong.graph.resolve import Resolver
from fengong.synth import synthesize


@pytest.mark.parametrize(
    "issuer, expected",
    [
        ("北京市通州区人民政府", "通州区"),
        ("北京市延庆区人民政府办公室", "延庆区"),
        ("中共北京市通州区委办公室", "通州区"),
        ("中共北京市通州区委办公室 北京市通州区人民政府办公室", "通州区"),  # 两办 joint issuers
        ("霍山县人民政府", "霍山县"),
        ("沈阳市辽中区人民政府", "辽中区"),
        ("成都市人民政府办公厅", "成都市"),
        ("新密市人民政府办公室", "新密市"),
        ("黑龙江省人民政府", "黑龙江省"),
        ("内蒙古自治区人民政府办公厅", "内蒙古自治区"),
        ("国务院办公厅", "国务院"),
        ("一图读懂政府工作报告", None),
    ],
)
def test_every_issuer_form_names_its_deepest_government(issuer, expected):
    assert J.jurisdiction_from_text(issuer) == expected


@pytest.mark.parametrize(
    "title, expected",
    [
        ("关于印发《延庆区生态文明建设工作方案》的通知", "延庆区"),
        ("关于印发2015年通州区政府工作报告重点工作分工方案的通知", "通州区"),
        ("关于印发《北京市通州区人民政府“三重一大”决策制度实施办法》的通知", "通州区"),
        ("关于印发“无废城市”建设试点工作方案的通知", None),
        ("关于印发孟景伟同志在区七届人大一次会议上作的《政府工作报告》的通知", None),
        ("2025年开发区重点工作及责任清单", None),
        ("关于印发《通州区生态保护区建设方案》的通知", "通州区"),
    ],
)
def test_a_title_names_the_place_it_opens_with_never_a_common_word(title, expected):
    assert J.jurisdiction_from_title(title) == expected


def test_a_notice_signed_by_an_office_takes_its_jurisdiction_from_the_signature(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_text(
        "关于印发《生态文明建设工作方案》的通知\n\n延政办发〔2023〕2号\n\n各街道办事处：\n\n"
        "现将《生态文明建设工作方案》印发给你们，请认真遵照执行。\n\n北京市延庆区人民政府办公室\n"
        "2023年1月15日\n\n一、重点任务\n1.建设数据平台。\n责任单位：区水务局\n",
        encoding="utf-8",
    )
    (doc,) = build_paths([path]).documents
    assert (doc.issuer, J.jurisdiction_of(doc)) == ("北京市延庆区人民政府办公室", "延庆区")


def test_a_number_prefix_names_the_jurisdiction_and_a_users_table_adds_prefixes(tmp_path):
    assert J.jurisdiction_from_number("门政办发〔2018〕3号") == "门头沟区"
    assert J.jurisdiction_from_number("国办函〔2016〕38号") == "国务院"
    assert J.jurisdiction_from_number("鄂霍政发〔2024〕1号") is None
    table = tmp_path / "prefixes.csv"
    table.write_text("prefix,jurisdiction,note\n鄂霍政发,霍山县,\n", encoding="utf-8")
    try:
        Resolver.load([table])  # a table with a prefix column is read as prefixes, not aliases
        assert J.jurisdiction_from_number("鄂霍政发〔2024〕1号") == "霍山县"
    finally:
        J.configure([])
    assert J.jurisdiction_from_number("鄂霍政发〔2024〕1号") is None


def test_a_prefix_table_without_its_columns_is_a_clear_error(tmp_path):
    from fengong.errors import FengongError

    table = tmp_path / "bad.csv"
    table.write_text("prefix,place\n延政发,延庆区\n", encoding="utf-8")
    with pytest.raises(FengongError, match="needs the columns prefix, jurisdiction, note"):
        J.configure([table])
    J.configure([])


def _plan(path, number, unit):
    path.write_text(
        f"关于印发重点工作方案的通知\n\n{number}\n\n一、重点任务\n1.建设数据平台。\n责任单位：{unit}\n",
        encoding="utf-8",
    )


def test_documents_of_unknown_government_never_share_a_unit(tmp_path):
    _plan(tmp_path / "a.txt", "甲发〔2020〕1号", "区水务局")
    _plan(tmp_path / "b.txt", "乙发〔2020〕1号", "区水务局")
    corpus = build_paths([tmp_path])
    kg = build_graph(corpus, Resolver.load())
    units = sorted((n.props["name"], n.props["jurisdiction"]) for n in kg.nodes_of("Unit"))
    assert units == [("区水务局", "?乙发〔2020〕1号"), ("区水务局", "?甲发〔2020〕1号")]
    found = diagnose(corpus, checks=["jurisdiction-unknown"])
    assert [(f.file, f.line, f.subject) for f in found] == [
        ("a.txt", 1, "?甲发〔2020〕1号"),
        ("b.txt", 1, "?乙发〔2020〕1号"),
    ]


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth2000")
    summary = synthesize(2000, out, seed=0)
    corpus = build_paths([out / "docs"])
    return summary, corpus, build_graph(corpus, Resolver.load())


def test_every_synthetic_plan_gets_the_district_its_title_names_and_no_unit_mixes_districts(synthetic):
    summary, corpus, kg = synthetic
    assert len(corpus.documents) == summary.documents == 9
    for d in corpus.documents:
        assert J.jurisdiction_of(d) is not None and J.jurisdiction_of(d) in d.title, d.title
    doc_of = {e.source: e.target for e in kg.sorted_edges() if e.type == "IN_DOCUMENT"}
    doc_j = {n.id: n.props["jurisdiction"] for n in kg.nodes_of("Document")}
    seen = collections.defaultdict(set)
    for e in kg.sorted_edges():
        if e.type in ("RESPONSIBLE_FOR", "ASSISTS"):
            seen[e.source].add(doc_j[doc_of[e.target]])
    assert seen and all(len(js) == 1 for js in seen.values())
    unit_j = {n.id: n.props["jurisdiction"] for n in kg.nodes_of("Unit")}
    assert all(unit_j[u] == next(iter(js)) for u, js in seen.items())


def test_a_name_namesakes_share_answers_for_every_one_with_its_jurisdiction(synthetic):
    from fengong.graph.queries.responsibilities import responsibilities

    _, _, kg = synthetic
    every = responsibilities(kg, "区水务局")
    per = every.groupby("jurisdiction").size().to_dict()
    assert per == {"密云区": 114, "延庆区": 25, "房山区": 31, "昌平区": 42, "通州区": 51, "门头沟区": 189}
    assert set(every["unit_name"]) == {"区水务局"}
    one = responsibilities(kg, "通州区水务局")  # jurisdiction + name
    assert len(one) == 51 and set(one["jurisdiction"]) == {"通州区"}
    assert len(responsibilities(kg, "通州水务局")) == 51  # a near-miss with one clear meaning


def test_one_unit_asked_for_by_a_shared_name_lists_the_choices(synthetic):
    from fengong.graph.queries.base import AmbiguousName, UnknownName, find_unit

    _, _, kg = synthetic
    with pytest.raises(AmbiguousName) as e:
        find_unit(kg, "区水务局")
    assert [(n, j) for _, n, j in e.value.candidates] == [
        ("区水务局", "密云区"),
        ("区水务局", "延庆区"),
        ("区水务局", "房山区"),
        ("区水务局", "昌平区"),
        ("区水务局", "通州区"),
        ("区水务局", "门头沟区"),
    ]
    assert "通州区水务局" in str(e.value)
    assert kg.nodes[find_unit(kg, "延庆区水务局")].props["jurisdiction"] == "延庆区"
    with pytest.raises(UnknownName) as e:
        find_unit(kg, "区水务")
    assert e.value.suggestions[0] == "密云区水务局"
