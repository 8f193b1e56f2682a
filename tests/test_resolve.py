"""Entity resolution of units and officials, and the inferred oversight (分管) relation."""

from __future__ import annotations

import pytest

from fengong.build import build_paths
from fengong.build.jurisdiction import jurisdiction_of
from fengong.graph.ids import make_id
from fengong.graph.resolve import UNIT_KINDS, Resolver, classify_unit, infer_oversight

TZ = "通州区"


@pytest.fixture(scope="module")
def corpus():
    return build_paths()


@pytest.fixture(scope="module")
def documents(corpus):
    return {d.id: d for d in corpus.documents}


@pytest.fixture()
def resolver():
    return Resolver.load()


def _printed_units(corpus, documents):
    """(printed name, jurisdiction) of every unit mention in the seed tasks."""
    out = []
    for t in corpus.tasks:
        doc = documents[t.document]
        j = jurisdiction_of(doc, documents.get(doc.parent))
        out.extend((n.text, j) for n in t.responsible_units + t.assist_units)
    return out


@pytest.mark.parametrize(
    "a, b, canonical",
    [
        ("区发改委", "区发展改革委", "区发展改革委"),
        ("区发展和改革委", "区发展改革委", "区发展改革委"),
        ("区经信局", "区经济和信息化局", "区经济和信息化局"),
        ("区城市管理委（区城管执法局）", "区城市管理委", "区城市管理委"),
        ("区城市管理委(区城管执法局)", "区城市管理委", "区城市管理委"),
        ("区住建委", "区住房城乡建设委", "区住房城乡建设委"),
        ("区市场监督管理局", "区市场监管局", "区市场监管局"),
        ("公安通州分局", "通州公安分局", "通州公安分局"),
        ("中关村通州园管理委员会", "中关村通州园管委会", "中关村通州园管委会"),
        ("中关村通州园区管委会", "中关村通州园管委会", "中关村通州园管委会"),
        ("设计小镇专班", "张家湾设计小镇专班", "张家湾设计小镇专班"),
        ("中仓街道", "中仓街道办事处", "中仓街道办事处"),
        ("区生态环境局（牵头）", "区生态环境局", "区生态环境局"),
        ("区 生态 环境局", "区生态环境局", "区生态环境局"),
        ('区"两区"办', "区「两区」办", "区“两区”办"),
        ("区水务局等有关部门", "区水务局", "区水务局"),
        ("区经济和信息化局（有关工业企业物流保通保畅工作）", "区经济和信息化局", "区经济和信息化局"),
        ("各乡镇", "各乡镇政府", "各乡镇政府"),
    ],
)
def test_known_aliases_merge_within_a_jurisdiction(resolver, a, b, canonical):
    ua, ub = resolver.unit(a, TZ), resolver.unit(b, TZ)
    assert ua == ub
    assert ua.name == canonical
    assert ua.id == make_id("unit", TZ, canonical)


def test_same_printed_name_in_two_jurisdictions_gives_two_units(resolver):
    tz, dx = resolver.unit("区发改委", "通州区"), resolver.unit("区发改委", "大兴区")
    assert tz.name == dx.name == "区发展改革委"
    assert tz.id != dx.id
    assert (tz.jurisdiction, dx.jurisdiction) == ("通州区", "大兴区")
    assert resolver.unit("区发改委", None).id == make_id("unit", "", "区发展改革委")


@pytest.mark.parametrize(
    "a, b",
    [
        ("区委宣传部", "区委网信办"),
        ("区财政局", "区国资委"),
        ("区水务局", "区园林绿化局"),
        ("区城管执法局", "区城市管理委"),
        ("区城管执法局", "区城市管理委（区城管执法局）"),
        ("区政务服务局", "区政务服务中心"),
        ("市规划自然资源委", "市规划自然资源委通州分局"),
        ("北投集团", "北京北投生态环境有限公司"),
        ("各街道乡镇", "各街道办事处"),
        ("各乡镇政府", "相关乡镇政府"),
        ("各行业主管部门", "相关行业主管部门"),
        ("区市场监管局", "区知识产权局"),
        ("通州公安分局", "通州交通支队"),
        ("区发展改革委", "区发展改革委员会办公室"),
    ],
)
def test_distinct_units_stay_distinct(resolver, a, b):
    assert resolver.unit(a, TZ).id != resolver.unit(b, TZ).id


def test_parents_of_branches(resolver):
    assert resolver.unit("区城管执法局", TZ).parent == "区城市管理委"
    assert resolver.unit("市规划自然资源委通州分局", TZ).parent == "市规划自然资源委"
    assert resolver.unit("市生态环境局大兴分局", "大兴区").parent == "市生态环境局"
    assert resolver.unit("通州公路分局", TZ).parent == "市公路局"
    assert resolver.unit("区城市管理委", TZ).parent is None


@pytest.mark.parametrize(
    "name, kind",
    [
        ("北京市通州区人民政府", "government"),
        ("区政府", "government"),
        ("区政府办", "government"),
        ("区发展改革委", "department"),
        ("区委组织部", "department"),
        ("运河商务区管委会", "department"),
        ("台湖镇政府", "township"),
        ("中仓街道办事处", "township"),
        ("于家务乡政府", "township"),
        ("市规划自然资源委通州分局", "municipal_branch"),
        ("通州交通支队", "municipal_branch"),
        ("北投集团", "company"),
        ("通州供电公司", "company"),
        ("网安园专班", "task_force"),
        ("区空气重污染应急指挥部", "task_force"),
        ("“两区”工作领导小组", "committee"),
        ("各街道乡镇", "collective"),
        ("相关行业主管部门", "collective"),
        ("区烟花办成员单位", "collective"),
        ("等相关单位", "collective"),
        ("区妇联", "other"),
    ],
)
def test_kinds_of_representative_names(resolver, name, kind):
    unit = resolver.unit(name, TZ)
    assert unit.kind == kind
    assert unit.collective == (kind == "collective")


def test_table_overrides_rule_kinds(resolver):
    assert classify_unit("东区邮政局") == "department"
    assert resolver.unit("东区邮政局", TZ).kind == "company"
    assert classify_unit("区税务局") == "department"
    assert resolver.unit("区税务局", TZ).kind == "municipal_branch"


def test_every_printed_unit_of_the_seeds_resolves(corpus, documents, resolver):
    printed = _printed_units(corpus, documents)
    assert len({p for p, _ in printed}) == 139
    units = {}
    for text, j in printed:
        unit = resolver.unit(text, j)
        assert unit.name and unit.kind in UNIT_KINDS
        units[unit.id] = unit
    tongzhou = {u.name for u in units.values() if u.jurisdiction == TZ}
    assert len(tongzhou) == len(units) == 116
    assert {"区发展改革委", "区城市管理委", "区城管执法局", "中仓街道办事处", "各街道乡镇"} <= tongzhou
    assert not {"区发展和改革委", "区城市管理委（区城管执法局）", "设计小镇专班", "中仓街道"} & tongzhou
    assert sum(u.collective for u in units.values()) == 21


def test_aliases_list_printed_variants_and_table_aliases(resolver):
    unit = resolver.unit("区城市管理委（区城管执法局）", TZ)
    resolver.unit("区 城市管理委", TZ)
    assert resolver.aliases(unit) == ["区城市管理委员会", "区城市管理委（区城管执法局）", "区城管委"]
    assert resolver.aliases(resolver.unit("区城管执法局", TZ)) == ["区城市管理综合行政执法局"]
    assert resolver.aliases(resolver.unit("区统计局", TZ)) == []


def test_user_csv_adds_an_alias_and_overrides_a_kind(tmp_path):
    path = tmp_path / "my_units.csv"
    path.write_text(
        "# my own names\n"
        "jurisdiction,name,alias,kind,parent,note\n"
        "通州区,区金融办,区金融服务办公室,,,\n"
        ",区委党校,,other,,a school\n"
        ",东区邮政局,,other,,\n",
        encoding="utf-8",
    )
    base = Resolver.load()
    mine = Resolver.load(extra=[path])
    assert base.unit("区金融服务办公室", TZ).name == "区金融服务办公室"
    assert mine.unit("区金融服务办公室", TZ) == mine.unit("区金融办", TZ)
    assert mine.unit("区金融服务办公室", "大兴区").name == "区金融服务办公室"
    assert (base.unit("区委党校", TZ).kind, mine.unit("区委党校", TZ).kind) == ("department", "other")
    assert mine.unit("东区邮政局", TZ).kind == "other"
    assert mine.unit("区发改委", TZ).name == "区发展改革委"  # the package table still applies


def test_user_csv_can_make_a_package_canonical_name_an_alias(tmp_path):
    path = tmp_path / "formal.csv"
    path.write_text(
        "jurisdiction,name,alias,kind,parent,note\n"
        ",区发展和改革委员会,区发展改革委,,,formal names\n"
        "通州区,区城管委,区城市管理委,,,\n",
        encoding="utf-8",
    )
    r = Resolver.load(extra=[path])
    names = {r.unit(p, TZ).name for p in ("区发改委", "区发展改革委", "区发展和改革委员会", "区发展和改革委")}
    assert names == {"区发展和改革委员会"}
    assert r.unit("区城市管理委（区城管执法局）", TZ).name == "区城管委"
    assert r.unit("区城管委", "大兴区").name == "区城市管理委"  # the local row applies in 通州区 only
    assert r.aliases(r.unit("区城管委", TZ)) == ["区城市管理委", "区城市管理委员会", "区城市管理委（区城管执法局）"]


def test_bad_kind_in_a_user_csv_is_an_error(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("jurisdiction,name,alias,kind,parent,note\n,区财政局,,ministry,,\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown kind 'ministry'"):
        Resolver.load(extra=[path])


def test_officials_resolve_by_name_without_spaces(resolver):
    a, b = resolver.official("郑 皓", TZ), resolver.official("郑皓", TZ)
    assert a == b and a.name == "郑皓" and not a.collective
    assert a.id == make_id("official", TZ, "郑皓")
    assert resolver.official("郑皓", "大兴区").id != a.id
    for name in ("区政府班子成员", "各副区长", "区领导"):
        assert resolver.official(name, TZ).collective


HUMAN_PORTFOLIOS = {
    "郑皓": {"区发展改革委", "区财政局", "区国资委"},
    "倪德才": {"区生态环境局", "区交通局", "区市场监管局", "通州公路分局"},
    "王翔宇": {"区城市管理委", "区城管执法局"},
    "秦涛": {"区水务局", "区农业农村局", "区园林绿化局"},
    "卢庆雷": {"区住房城乡建设委"},
    "苏国斌": {"区金融办"},
    "陈江华": {"区委组织部"},
}


@pytest.fixture(scope="module")
def oversight(corpus, documents):
    resolver = Resolver.load()
    pairs = infer_oversight(corpus.tasks, documents, resolver)
    names = {}
    for text, j in _printed_units(corpus, documents):
        unit = resolver.unit(text, j)
        names[unit.id] = unit.name
    for t in corpus.tasks:
        doc = documents[t.document]
        j = jurisdiction_of(doc, documents.get(doc.parent))
        for n in t.lead_officials:
            official = resolver.official(n.text, j)
            names[official.id] = official.name
    return pairs, names


def test_oversight_recovers_the_human_read_portfolios(oversight):
    pairs, names = oversight
    found: dict[str, set[str]] = {}
    for p in pairs:
        found.setdefault(names[p.official], set()).add(names[p.unit])
    for official, units in HUMAN_PORTFOLIOS.items():
        assert units <= found[official], official
    assert "区政府班子成员" not in found
    assert not any(names[p.unit].startswith("各") for p in pairs)


def test_oversight_evidence_counts(oversight):
    pairs, names = oversight
    by_name = {(names[p.official], names[p.unit]): p for p in pairs}
    assert len(pairs) == 51
    top = by_name[("倪德才", "区生态环境局")]
    assert (top.tasks, top.sole_lead_tasks, top.share) == (93, 49, 0.7561)
    assert (by_name[("郑皓", "区发展改革委")].tasks, by_name[("郑皓", "区发展改革委")].sole_lead_tasks) == (29, 6)
    assert ("董亦军", "通州交通支队") not in by_name  # 8 tasks like 倪德才, but never led alone
    assert ("倪德才", "区城市管理委") not in by_name  # led one alone, but 王翔宇 leads 38 (14 alone)
    for p in pairs:
        assert p.inferred
        assert p.sole_lead_tasks >= 1 or p.tasks >= 2
        assert 0 < p.share <= 1


def test_oversight_is_deterministic_and_sorted(corpus, documents, oversight):
    pairs, _ = oversight
    again = infer_oversight(list(corpus.tasks), dict(reversed(list(documents.items()))), Resolver.load())
    assert again == pairs
    assert pairs == sorted(pairs, key=lambda p: (p.official, p.unit))
