"""Work-report summaries (一图读懂政府工作报告): achievements under ★ headings, ○ plan bullets."""

from __future__ import annotations

import pytest

from fengong.build.layouts import report
from fengong.build.layouts.base import Context

SUMMARY = "003_9d15aa5e6bfab053.txt"


@pytest.fixture(scope="module")
def summary(seed_ctx):
    return report.parse(seed_ctx(SUMMARY))


def items(parsed, kind):
    return [i for i in parsed.report_items if i.kind == kind]


def at(parsed, line, nth=0):
    return [i for i in parsed.report_items if i.line == line][nth]


def test_detects_a_report_summary_by_stars_and_bullets(seed_ctx):
    assert report.detect(seed_ctx(SUMMARY)) >= 0.9


@pytest.mark.parametrize("name", ["000_b07e866ee3057d59.txt", "002_9c3a99ff54b9b696.txt", "004_d2e1d2fa9d54708a.txt"])
def test_assessments_and_allocation_plans_are_not_report_summaries(name, seed_ctx):
    assert report.detect(seed_ctx(name)) < 0.2


def test_counts_one_plan_item_per_bullet_and_one_achievement_per_sentence(summary):
    # 75 "○" bullets in lines 286–404; 89 sentences ending in 。 under the review's headings (lines 13–274)
    assert len(items(summary, "plan")) == 75
    assert len(items(summary, "achievement")) == 89
    assert {i.year for i in items(summary, "plan")} == {2023}
    assert {i.year for i in items(summary, "achievement")} == {2022}


def test_sentence_wrapped_across_blank_lines_is_joined(summary):
    a = at(summary, 13)
    assert (a.line, a.line_end, a.kind, a.section, a.layout, a.doc) == (
        13,
        17,
        "achievement",
        ["产业组织全面加强，营商氛围更加浓厚"],
        "report",
        SUMMARY,
    )
    assert (
        a.text
        == "聚力打造数字经济、现代金融、先进制造、商务服务、文化旅游、现代种业六大产业集群，形成各领域“三年行动计划”。"
    )
    assert at(summary, 25).text == "认真落实各项助企纾困扶持政策，兑现支持资金4.14亿元。"


def test_two_sentences_on_one_line_are_two_achievements(summary):
    first, second = at(summary, 70), at(summary, 70, 1)
    assert (first.text, first.line_end) == ("三大功能区日进日新。", 70)
    assert second.text.startswith("行政办公区二期进入装修施工冲刺阶段") and second.line_end == 72


def test_section_titles_drop_their_page_digit_and_glued_titles_open_the_last_one(summary):
    assert at(summary, 86).section == ["发展动能提档升级，产业生态日益完善", "科创要素加速集聚，“高精尖”产业蓬勃发展"]
    assert at(summary, 162).section == ["民生保障普惠发展，百姓福祉持续增进", "社会事业提质发展，公共服务更加优化"]
    assert at(summary, 251).section == ["突出“稳”字当头，和谐大局更加巩固"]
    for n in (160, 176):
        assert (summary.notes[n].status, summary.notes[n].kind) == ("boilerplate", "section-heading")


def test_two_bullets_on_one_line_are_two_plan_items(summary):
    a, b = at(summary, 288), at(summary, 288, 1)
    assert (a.text, b.text) == ("实现行政办公区二期基本完工。", "绿心三大文化设施精彩亮相。")
    assert a.section == ["聚焦规划体系落地，开启副中心建设新征程", "更大力度推进重大项目、重点区域建设"]
    assert (at(summary, 358).text, at(summary, 358, 1).text) == (
        "实现河东资源循环利用中心一期正式运行。",
        "实施减河北综合资源利用中心项目。",
    )  # no space between


def test_bullet_wrapped_over_a_blank_line_is_one_item(summary):
    a = at(summary, 290)
    assert (a.line, a.line_end) == (290, 292)
    assert a.text.endswith("M101线、通州堰等重大项目顺利实施。")


def test_last_plan_section_and_heading(summary):
    last = summary.report_items[-1]
    assert (last.line, last.kind, last.text, last.section) == (
        404,
        "plan",
        "提炼做强文旅商融合发展的运河文化品牌。",
        ["聚焦全面深化改革，持续释放开放发展新活力", "推动副中心品牌全面跃升"],
    )


def test_journalism_is_prose_and_headings_are_boilerplate(summary):
    kinds = {n: summary.notes[n].kind for n in (2, 6, 8, 10, 12, 275, 276, 406, 409)}
    assert kinds == {
        2: "prose",
        6: "title",
        8: "prose",
        10: "section-heading",
        12: "section-heading",
        275: "section-heading",
        276: "prose",
        406: "prose",
        409: "prose",
    }
    assert {summary.notes[n].status for n in kinds} == {"boilerplate"}


def test_years_are_read_from_the_text_not_assumed():
    ctx = Context.from_text(
        "2030年，重点做了以下工作：\n★甲\n完成甲。\n工作的总体思路和主要任务\n2031年是关键一年。\n★乙\n○推进乙。"
    )
    assert [(i.kind, i.year) for i in report.parse(ctx).report_items] == [("achievement", 2030), ("plan", 2031)]


def test_every_nonblank_body_line_is_accounted_for(summary, seed_ctx):
    ctx = seed_ctx(SUMMARY)
    assert [n for n, t in ctx.lines if t.strip() and n not in summary.notes] == []
    assert [n for n, note in summary.notes.items() if note.status == "unparsed"] == []
    assert summary.warnings == []
