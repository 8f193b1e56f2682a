"""Links across documents on the sample corpus and on small made-up records.

The expected links below were checked by reading each pair (report item vs the task of
通政发〔2023〕2号, self-assessment status vs the 2022 plans, 通州 vs 大兴 rows).
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from fengong.build import build_paths
from fengong.build.records import AssessmentItem, Document, ReportItem, TaskRecord
from fengong.graph.links import Link, link_assessments, link_report_items, pair_assessments

ALLOCATION_2023 = "通政发〔2023〕2号"


@pytest.fixture(scope="module")
def corpus():
    return build_paths()


@pytest.fixture(scope="module")
def report_links(corpus):
    return link_report_items(corpus.report_items, corpus.tasks, corpus.documents)


@pytest.fixture(scope="module")
def assessment_links(corpus):
    return link_assessments(corpus.assessments, corpus.tasks, corpus.documents)


@pytest.fixture(scope="module")
def pairs(corpus):
    return pair_assessments(corpus.assessments)


def _numbers_linked(corpus, links, prefix, document_number=ALLOCATION_2023):
    """Numbers of the tasks (of the document with that 文号) a report item is linked to."""
    docs = {d.id: d for d in corpus.documents}
    (i,) = [i for i, r in enumerate(corpus.report_items) if r.text.startswith(prefix)]
    out = []
    for link in links:
        if link.source == i:
            task = corpus.tasks[link.target]
            assert docs[task.document].number == document_number
            out.append(task.number)
    return out


# ----------------------------------------------------------------- report items -> tasks


@pytest.mark.parametrize(
    "prefix, numbers",
    [
        ("实现行政办公区二期基本完工", ["15"]),
        ("加快地铁平谷线等道路建设", ["38"]),
        ("有力保障市疾控中心迁建", ["106"]),
        # one report item merging several tasks of the allocation plan
        ("加快推进运河商务区重点组团", ["12", "13", "14"]),
        ("全力确保城市副中心站综合交通枢纽", ["18", "19", "20", "21", "22"]),
        ("推进九德路、玉桥西路", ["73", "74"]),
        ("开工建设文旅区中小学", ["100", "101"]),
        # task 31 (第三批106个美丽乡村) only shares the field, not a part of the item
        ("实施“运河畔”美丽乡村样板村建设", ["36"]),
        # a short item restated inside a long task
        ("深入推进绿色金融创新发展", ["81"]),
    ],
)
def test_plan_items_are_elaborated_by_the_tasks_that_restate_them(corpus, report_links, prefix, numbers):
    assert _numbers_linked(corpus, report_links, prefix) == numbers


def test_every_2023_plan_item_has_a_task_and_few_achievements_do(corpus, report_links):
    items = corpus.report_items
    linked = {link.source for link in report_links}
    plans = [i for i, r in enumerate(items) if r.kind == "plan"]
    assert len(report_links) == 88
    assert all(i in linked for i in plans) and len(plans) == 75
    achievements = sorted(items[i].text[:6] for i in linked if items[i].kind == "achievement")
    assert achievements == ["129个农村", "京津冀国家技", "元宇宙应用创", "新增市级“专"]


def test_achievements_link_to_the_plans_of_the_year_they_report(corpus, report_links):
    assert _numbers_linked(corpus, report_links, "元宇宙应用创新中心基本建成", "通政办发〔2022〕15号") == ["33"]


def test_items_without_a_counterpart_get_no_link(corpus, report_links):
    assert _numbers_linked(corpus, report_links, "京唐城际铁路通车") == []
    assert _numbers_linked(corpus, report_links, "成功创建全国法治政府建设示范区") == []


def test_report_evidence_names_shared_terms_and_the_score(corpus, report_links):
    (i,) = [i for i, r in enumerate(corpus.report_items) if r.text.startswith("加快打造减河-潮白河")]
    (link,) = [link for link in report_links if link.source == i]
    assert link == Link(
        "elaborated_by",
        i,
        link.target,
        "task",
        0.7,
        "shared terms: 城市绿心等精品绿道线路, 千里潞道, 加快打造减河, 大运河沿线 (cosine 0.700)",
    )


# ----------------------------------------------------------------- assessments -> plans, tasks


def _assessment(corpus, district, item):
    (i,) = [i for i, a in enumerate(corpus.assessments) if a.district == district and a.item == item]
    return i


def test_pollution_item_assesses_the_8_plan_and_the_plans_its_status_cites(corpus, assessment_links):
    i = _assessment(corpus, "通州区", "污染防治攻坚战")
    docs = [
        (corpus.documents[link.target].number, corpus.documents[link.target].title, link.evidence)
        for link in assessment_links
        if link.source == i and link.target_kind == "document"
    ]
    assert docs == [
        (
            "通政发〔2022〕8号",
            "关于印发《通州区深入打好污染防治攻坚战2022年行动计划》的通知",
            "item topic 污染防治攻坚战 matches document title 通州区深入打好污染防治攻坚战2022年行动计划"
            " (common: 污染防治攻坚战)",
        ),
        (None, "通州区应对气候变化2022年行动计划", "status cites document title 《通州区应对气候变化2022年行动计划》"),
        (None, "通州区生态保护2022年行动计划", "status cites document title 《通州区生态保护2022年行动计划》"),
    ]


def test_pollution_item_assesses_tasks_its_status_reports_on(corpus, assessment_links):
    i = _assessment(corpus, "通州区", "污染防治攻坚战")
    titles = {d.id: d.title for d in corpus.documents}
    tasks = [
        (titles[corpus.tasks[link.target].document], corpus.tasks[link.target].number, link.score)
        for link in assessment_links
        if link.source == i and link.target_kind == "task"
    ]
    assert tasks == [
        ("通州区大气污染防治2022年行动计划", "4", 0.47),  # 降尘量 3.9吨/平方公里·月
        ("通州区水污染防治2022年行动计划", "1", 0.41),  # 8个国市控考核断面
        ("通州区水污染防治2022年行动计划", "22", 0.287),  # 农村环境整治, 村庄干净整洁
    ]


def test_covid_item_assesses_the_15_plan_and_its_rent_task(corpus, assessment_links):
    i = _assessment(corpus, "通州区", "统筹疫情防控和稳定经济增长")
    got = [(link.target_kind, link.score) for link in assessment_links if link.source == i]
    assert got == [("document", 1.0), ("task", 0.316)]
    task = next(link for link in assessment_links if link.source == i and link.target_kind == "task")
    assert corpus.tasks[task.target].text.startswith("对承租非国有房屋的科技型孵化器")
    assert "reports on task 4 of 通州区统筹疫情防控和稳定经济增长实施方案" in task.evidence


def test_daxing_items_get_no_links_because_daxing_has_no_plans_in_the_corpus(corpus, assessment_links):
    daxing = {i for i, a in enumerate(corpus.assessments) if a.district == "大兴区"}
    assert len(daxing) == 20
    assert [link for link in assessment_links if link.source in daxing] == []


def test_assessment_link_counts(assessment_links):
    kinds = [link.target_kind for link in assessment_links]
    assert (kinds.count("document"), kinds.count("task")) == (4, 4)


# ----------------------------------------------------------------- 通州 <-> 大兴


def test_tongzhou_and_daxing_rows_of_one_template_are_paired(corpus, pairs):
    rows = corpus.assessments
    assert len(pairs) == 17
    by_item = {rows[p.source].item: (rows[p.target].district, rows[p.target].number) for p in pairs}
    assert by_item["安全生产"] == ("大兴区", "18")
    assert by_item["污染防治攻坚战"] == ("大兴区", "14")
    assert by_item["乡村振兴战略"] == ("大兴区", "11")
    assert by_item["统筹疫情防控和稳定经济增长"] == ("大兴区", "2")
    # district-specific rows have no counterpart
    assert "京津冀协同发展" not in by_item and "国际交往中心功能建设" not in by_item


def test_pair_evidence_says_what_matched(corpus, pairs):
    i = _assessment(corpus, "通州区", "疏解整治促提升专项行动")
    (pair,) = [p for p in pairs if p.source == i]
    assert pair.kind == "comparable_to" and pair.source < pair.target and pair.score == 0.14
    assert pair.evidence.startswith(
        "same dimension 高效率落实; item 疏解整治促提升专项行动 appears in the other's item; "
    )


# ----------------------------------------------------------------- all links


def test_links_are_sorted_scored_and_explained(report_links, assessment_links, pairs):
    for links in (report_links, assessment_links, pairs):
        assert links == sorted(links, key=lambda link: (link.source, link.target, link.kind, link.target_kind))
        assert all(0 < link.score <= 1 and round(link.score, 3) == link.score and link.evidence for link in links)


def test_links_are_the_same_on_every_call(corpus, report_links, assessment_links, pairs):
    assert link_report_items(corpus.report_items, corpus.tasks, corpus.documents) == report_links
    assert link_assessments(corpus.assessments, corpus.tasks, corpus.documents) == assessment_links
    assert pair_assessments(corpus.assessments) == pairs


def test_links_do_not_depend_on_hash_seeds():
    code = (
        "from fengong.build import build_paths; from fengong.graph import links as L; c = build_paths();"
        "print(L.link_report_items(c.report_items, c.tasks, c.documents),"
        " L.link_assessments(c.assessments, c.tasks, c.documents), L.pair_assessments(c.assessments))"
    )
    outs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }
    assert len(outs) == 1


# ----------------------------------------------------------------- made-up records


def _doc(
    id, year, issuer="北京市通州区人民政府", title="关于印发2023年政府工作报告重点工作分工方案的通知", parent=None
):
    return Document(id=id, doc=f"{id}.txt", line=1, line_end=99, year=year, issuer=issuer, title=title, parent=parent)


def _task(document, number, text):
    return TaskRecord(doc=f"{document}.txt", document=document, number=number, line=1, line_end=1, text=text)


def _item(text, year=2023, document="r", kind="plan"):
    return ReportItem(doc="r.txt", document=document, line=1, line_end=1, text=text, kind=kind, year=year)


TASK_TEXTS = [
    "建成云景公园、运河生态公园，让更多人群享受绿色福祉。",
    "启动1-2家社区卫生服务中心项目建设。",
    "加快区体育场、20处全民健身场地建设。",
    "推进九德路改建、玉桥西路等项目建设。",
    "完成孔兴路、漷马路等道路工程。",
    "持续推动道路交通等重点领域安全专项治理。",
]


def test_synthetic_item_links_to_its_task_and_a_split_item_to_both_halves():
    docs = [_doc("p", 2023)]
    tasks = [_task("p", str(n), t) for n, t in enumerate(TASK_TEXTS, 1)]
    items = [
        _item("建成云景公园、运河生态公园。"),
        _item("推进九德路、玉桥西路等项目建设，完成孔兴路、漷马路等道路工程。"),
        _item("新建一批口袋公园和城市书房。"),
    ]
    got = [(link.source, tasks[link.target].number) for link in link_report_items(items, tasks, docs)]
    assert got == [(0, "1"), (1, "4"), (1, "5")]


def test_synthetic_items_of_another_year_or_government_are_not_linked():
    tasks = [_task("p", str(n), t) for n, t in enumerate(TASK_TEXTS, 1)]
    item = [_item("建成云景公园、运河生态公园。", document="r")]
    other_year = [_doc("p", 2022)]
    assert link_report_items(item, tasks, other_year) == []
    daxing_plan = [_doc("p", 2023), _doc("r", 2023, issuer="北京市大兴区人民政府", title="大兴区政府工作报告")]
    assert link_report_items(item, tasks, daxing_plan) == []
    no_government = [_doc("p", 2023), _doc("r", 2023, issuer=None, title="一图读懂政府工作报告")]
    assert [(link.source, link.target) for link in link_report_items(item, tasks, no_government)] == [(0, 0)]


def test_synthetic_assessment_links_to_plan_by_topic_and_to_task_by_status():
    docs = [
        _doc("t", 2022, title="通州区政府2022年度日常履职考核事项完成情况自查表", issuer=None),
        _doc("n", 2022, title="关于印发《通州区城市更新行动2022年工作方案》的通知"),
        _doc("a", 2022, title="通州区老旧小区综合整治2022年工作计划", parent="n"),
    ]
    tasks = [
        _task("n", "1", "新开工15个老旧小区综合整治项目，完成一批续建工程。"),
        _task("n", "2", "有序推进南大街腾退保护更新。"),
        _task("a", "1", "加快推进电梯加装。"),
    ]
    row = AssessmentItem(
        doc="t.txt",
        document="t",
        line=1,
        line_end=1,
        district="通州区",
        year=2022,
        dimension="高效率落实",
        item="城市更新行动",
        problems=None,
        status="1.新开工15个老旧小区综合整治项目。2.按《通州区老旧小区综合整治2022年工作计划》推进。",
    )
    links = link_assessments([row], tasks, docs)
    # sorted by (source, target, kind): task 0 comes before documents 1 and 2
    assert [(link.target_kind, link.target, link.score) for link in links] == [
        ("task", 0, 0.544),
        ("document", 1, 1.0),
        ("document", 2, 1.0),
    ]
    assert links[1].evidence == (
        "item topic 城市更新行动 matches document title 通州区城市更新行动2022年工作方案 (common: 城市更新行动)"
    )
    assert links[2].evidence == "status cites document title 《通州区老旧小区综合整治2022年工作计划》"
    assert links[0].evidence.startswith("status “新开工15个老旧小区综合整治项目。…” reports on task 1 of ")


def test_synthetic_rows_with_the_same_item_pair_exactly():
    def row(district, item, status):
        return AssessmentItem(
            doc="x.txt",
            document="x",
            line=1,
            line_end=1,
            district=district,
            year=2022,
            dimension="高效率落实",
            item=item,
            status=status,
            problems=None,
        )

    rows = [
        row("通州区", "安全生产", "完成。"),
        row("通州区", "城市更新行动", "完成。"),
        row("大兴区", "城市更新行动", "已完成。"),
        row("大兴区", "安全生产", "已完成。"),
    ]
    assert pair_assessments(rows) == [
        Link("comparable_to", 0, 3, "assessment", 1.0, "same dimension 高效率落实; same item 安全生产"),
        Link("comparable_to", 1, 2, "assessment", 1.0, "same dimension 高效率落实; same item 城市更新行动"),
    ]
