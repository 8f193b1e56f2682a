"""Self-assessment tables (自查表): PDF text with rotated title lists, and tab/pipe tables."""

from __future__ import annotations

import pytest

from fengong.build.layouts import assessment
from fengong.build.layouts.base import Context

TONGZHOU = "000_b07e866ee3057d59.txt"  # PDF text, 4 pages
DAXING = "002_9c3a99ff54b9b696.txt"  # tab-separated table


@pytest.fixture(scope="module")
def tongzhou(seed_ctx):
    return assessment.parse(seed_ctx(TONGZHOU))


@pytest.fixture(scope="module")
def daxing(seed_ctx):
    return assessment.parse(seed_ctx(DAXING))


def by_line(parsed, line):
    return next(a for a in parsed.assessments if a.line == line)


# ---------------------------------------------------------------- detection


@pytest.mark.parametrize("name", [TONGZHOU, DAXING])
def test_detects_self_assessment_tables_by_labels_and_title(name, seed_ctx):
    assert assessment.detect(seed_ctx(name)) >= 0.9


@pytest.mark.parametrize("name", ["003_9d15aa5e6bfab053.txt", "004_d2e1d2fa9d54708a.txt"])
def test_report_summary_and_allocation_plan_are_not_assessments(name, seed_ctx):
    assert assessment.detect(seed_ctx(name)) < 0.2


# ---------------------------------------------------------------- PDF text


def test_pdf_text_yields_one_item_per_status_cell(tongzhou):
    # 19 status cells, each closed by a 存在问题 cell ("无" alone, or after the text on line 166)
    assert [(a.line, a.line_end) for a in tongzhou.assessments] == [
        (4, 22),
        (24, 30),
        (32, 44),
        (46, 54),
        (71, 91),
        (93, 96),
        (98, 115),
        (117, 123),
        (136, 143),
        (145, 152),
        (154, 164),
        (166, 166),
        (168, 191),
        (211, 219),
        (221, 230),
        (232, 236),
        (238, 244),
        (246, 260),
        (262, 271),
    ]


def test_pdf_titles_are_matched_to_cells_by_the_best_page_rotation(tongzhou):
    titles = {a.line: a.item for a in tongzhou.assessments}
    assert titles[4] == "落实党中央国务院决策部署"  # page 1 lists it 4th, after 国际科技… and 智慧城市…
    assert titles[32] == "国际科技创新中心建设和高新技术企业发展"
    assert titles[46] == "智慧城市建设"
    assert titles[71] == "国际消费中心城市建设"
    assert titles[117] == "“两区”建设"  # page 2 lists it first
    assert titles[166] == "城市总体规划实施"
    assert titles[168] == "污染防治攻坚战"
    assert titles[211] == "城市精细化管理"
    assert titles[262] == "市委市政府其他重点工作"
    assert len(set(titles.values())) == 19


def test_how_a_title_was_matched_is_kept_in_the_line_notes(tongzhou):
    note = tongzhou.notes[4]
    assert note.status == "record" and "line 64" in note.reason and "rotation" in note.reason
    assert tongzhou.notes[64].status == "record" and "line 4" in tongzhou.notes[64].reason
    assert tongzhou.warnings == []  # every page of the seed matches well


def test_pdf_item_values_district_year_dimension_status(tongzhou):
    a = tongzhou.assessments[0]
    assert (a.doc, a.district, a.year, a.dimension, a.problems, a.number, a.layout) == (
        TONGZHOU,
        "通州区",
        2022,
        "高效率落实",
        "无",
        None,
        "assessment",
    )
    assert a.status.startswith(
        "1.落实习总书记重要讲话和指示批示方面：深入践行习近平总书记对北京重要讲话精神和对城市副中心重要指示"
    )
    assert a.status.endswith(
        "努力营造风清气正的良好政治生态。2.二十大服务保障方面：一是按照全市统一部署完成出席党的二十大代表"
        "候选人提名推选工作；二是多次组织召开区委常委会及安全生产、应急值守、安保维稳工作部署会，区委主要领导在会上"
        "对党的二十大服务保障工作进行再安排再部署；起草《通州区服务保障中国共产党第二十次全国代表大会工作方案》，并按"
        "要求做好组织协调、公文起草、信息报送、督办落实、保密档案等各项工作；三是二十大召开前，对全区各单位领导带班值"
        "班及应急值守情况进行督查，确保二十大期间值班值守不出问题；四是将党的二十大安保维稳工作作为全年工作的主线，第"
        "一季度，扎实做好党的二十大前期准备工作，紧盯节假日及敏感节点，严防发生影响政治安全的重大敏感案事件，确保全区"
        "安全稳定。第二季度，完成党的二十大安保维稳部署工作，社会矛盾纠纷排查化解工作，加强重点人、重点群体分级分类管"
        "控，全面排查化解各类安全隐患。第三季度，全区营造严打严防严管严控高压态势，确保副中心社会政治大局持续安全稳定"
        "，圆满完成党的二十大服务保障任务。"
    )
    assert by_line(tongzhou, 24).status.startswith(
        "1.通州区累计完成加强针接种116.58万人，任务完成率81.18%。已接种60岁及以上老年人群29.45万人，"
    )


def test_status_and_problem_printed_on_one_line_are_split(tongzhou):
    a = by_line(tongzhou, 166)
    assert (a.status, a.problems) == ("北京城市总规实施21项绩效任务目标已顺利完成。", "无")


def test_labels_titles_and_page_footers_are_boilerplate(tongzhou):
    kinds = {n: (tongzhou.notes[n].status, tongzhou.notes[n].kind) for n in (2, 62, 68, 69, 134, 205, 209, 56)}
    assert kinds == {
        2: ("boilerplate", "column-label"),
        62: ("boilerplate", "column-label"),
        68: ("boilerplate", "title"),
        69: ("boilerplate", "column-label"),
        134: ("boilerplate", "column-label"),
        205: ("boilerplate", "page-number"),
        209: ("boilerplate", "column-label"),
        56: ("record", "assessment-dimension"),
    }


def test_a_problem_cell_with_text_is_kept():
    ctx = Context.from_text(
        "考评维度 落实情况 存在问题及原因\n\n1.完成污水治理。\n\n资金未到位，工期延后。\n\n"
        "高效率落实\n\n污水治理\n\n某区政府2023年度自查表"
    )
    (a,) = assessment.parse(ctx).assessments
    assert (a.district, a.year, a.dimension, a.item, a.status, a.problems, a.line, a.line_end) == (
        "某区",
        2023,
        "高效率落实",
        "污水治理",
        "1.完成污水治理。",
        "资金未到位，工期延后。",
        3,
        5,
    )


def test_a_weak_title_match_is_reported_and_extra_titles_left_unparsed():
    ctx = Context.from_text("1.完成污水治理。\n\n无\n\n高效率落实\n\n国际交往\n\n城市更新")
    parsed = assessment.parse(ctx)
    assert len(parsed.assessments) == 1
    assert any("weak title match" in w for w in parsed.warnings)
    assert any("1 status cells but 2 item titles" in w for w in parsed.warnings)
    assert sum(1 for n in (7, 9) if parsed.notes[n].status == "unparsed") == 1


# ---------------------------------------------------------------- tab / pipe tables


def test_tab_table_yields_one_item_per_data_row(daxing):
    # 23 tab-separated lines: 3 repeated headers and 20 data rows
    assert [a.line for a in daxing.assessments] == list(range(6, 15)) + list(range(17, 24)) + list(range(26, 30))
    assert [a.number for a in daxing.assessments] == [str(i) for i in range(1, 21)]


def test_merged_dimension_cell_is_carried_up_and_down_each_table_block(daxing):
    # printed once per block (lines 10, 17, 26), with the PDF space inside removed
    assert {a.dimension for a in daxing.assessments} == {"高效率落实"}
    assert by_line(daxing, 6).dimension == "高效率落实"


def test_tab_table_item_values(daxing):
    a = by_line(daxing, 6)
    assert (a.district, a.year, a.problems, a.line_end, a.layout) == ("大兴区", 2022, "无", 6, "assessment")
    assert a.item == "1. 全面落实习近平总书记重要讲话和指示批示。 2. 完成党的二十大服务保障任务。"
    assert a.status == "1. 全面落实习近平总书记重要讲话和指示批示。 2. 圆满完成党的二十大各项服务保障任务。"
    assert by_line(daxing, 19).item == "完成“疏解整治促提升”专项行动17项任务。（涉密任务不展开）"
    assert by_line(daxing, 19).status.startswith("1.完成留白增绿农业种植任务37.46公顷")


def test_a_row_missing_its_empty_dimension_cell_is_realigned(daxing):
    a = by_line(daxing, 23)
    assert a.item.startswith("持续提升道路停车改革覆盖率")
    assert a.status.startswith("1.持续做好道路停车运营管理工作")
    assert (a.problems, a.dimension) == ("无", "高效率落实")
    assert "shifted" in daxing.notes[23].reason


def test_headers_and_title_are_boilerplate(daxing):
    assert [(n, daxing.notes[n].kind) for n in (3, 5, 16, 25)] == [
        (3, "title"),
        (5, "table-header"),
        (16, "table-header"),
        (25, "table-header"),
    ]


def test_pipe_table_with_columns_in_another_order():
    ctx = Context.from_text(
        "| 序号 | 自查内容 | 考评维度 | 完成情况 | 存在问题 |\n|---|---|---|---|---|\n"
        "| 1 | 污水治理 |  | 已完成。 | 无 |\n| 2 | 城市更新 | 高质量发展 | 进行中。 | 资金不足 |"
    )
    parsed = assessment.parse(ctx)
    assert [(a.number, a.item, a.dimension, a.status, a.problems) for a in parsed.assessments] == [
        ("1", "污水治理", "高质量发展", "已完成。", "无"),
        ("2", "城市更新", "高质量发展", "进行中。", "资金不足"),
    ]
    assert parsed.notes[2].kind == "table-rule"


# ---------------------------------------------------------------- accounting


@pytest.mark.parametrize("name", [TONGZHOU, DAXING])
def test_every_nonblank_body_line_is_accounted_for(name, seed_ctx):
    ctx = seed_ctx(name)
    parsed = assessment.parse(ctx)
    assert [n for n, t in ctx.lines if t.strip() and n not in parsed.notes] == []
    assert all(parsed.notes[n].status != "unparsed" for n, t in ctx.lines if t.strip())
