"""The columns layout: tab-, pipe- and markdown-delimited allocation tables."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fengong.build.layouts import columns
from fengong.build.layouts.base import Context
from fengong.build.records import Document
from fengong.build.source import read_source, source_from_text
from fengong.build.splitter import split_documents
from fengong.data import SAMPLE_CORPUS

FIXTURES = Path(__file__).parent / "fixtures"
LAYOUTS = FIXTURES / "layouts"
GOLD_004 = {
    g["number"]: g
    for g in (
        json.loads(line)
        for line in (FIXTURES / "gold" / "004.gold.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    )
}


def ctx_of(src, year: int = 2023) -> Context:
    doc = Document(id="doc-test", doc=src.name, line=1, line_end=len(src.lines), year=year)
    return Context(src, doc, list(enumerate(src.lines, 1)))


def fixture(name: str):
    ctx = ctx_of(read_source(LAYOUTS / name))
    return ctx, columns.parse(ctx)


def text_ctx(text: str, name: str = "t.txt") -> Context:
    return ctx_of(source_from_text(name, text))


def names(ns) -> list[str]:
    return [n.text for n in ns]


def noted(p, line: int) -> tuple[str, str]:
    return p.notes[line].status, p.notes[line].kind


def all_nonblank_noted(ctx: Context, parsed) -> bool:
    return {n for n, t in ctx.lines if t.strip()} == set(parsed.notes)


def assert_matches_004_gold(tasks) -> None:
    """Records rebuilt from 004 tasks written as tables read back exactly as the 004 gold labels them."""
    for t in tasks:
        g = GOLD_004[t.number]
        assert t.text == g["text"], t.number
        assert names(t.lead_officials) == g["lead_officials"], t.number
        assert names(t.responsible_units) == g["responsible_units"], t.number
        assert names(t.assist_units) == g["assist_units"] == [], t.number
        assert t.deadline.text == g["deadline"], t.number
        assert t.section == [g["section"]], t.number
        assert (t.layout, t.split) == ("columns", "certain")


# --- 004 tasks as a TSV with shuffled columns -----------------------------------------------------


@pytest.fixture(scope="module")
def tsv():
    return fixture("columns_004_shuffled.tsv")


def test_tsv_with_shuffled_columns_reads_back_the_004_gold(tsv):
    ctx, p = tsv
    assert columns.detect(ctx) == 1.0
    assert [(t.number, t.line, t.line_end) for t in p.tasks] == [
        ("1", 5, 5),
        ("2", 6, 6),
        ("8", 7, 7),
        ("11", 9, 10),
        ("12", 11, 14),
        ("21", 18, 18),
        ("37", 19, 19),
        ("48", 21, 21),
        ("58", 22, 22),
    ]
    assert_matches_004_gold(p.tasks)
    assert p.warnings == []


def test_tsv_row_without_number_continues_the_previous_row(tsv):
    t = next(t for t in tsv[1].tasks if t.number == "11")
    assert t.text == GOLD_004["11"]["text"]  # the two halves joined without separator
    assert [n.lines for n in t.responsible_units] == [(9,), (9,), (9,), (10,), (10,)]
    assert tsv[1].notes[10].status == "record"


def test_tsv_quoted_cell_with_line_breaks_gives_one_unit_per_line(tsv):
    t = next(t for t in tsv[1].tasks if t.number == "12")
    assert [(n.text, n.lines) for n in t.responsible_units] == [
        ("区发展改革委", (11,)),
        ("区住房城乡建设委", (12,)),
        ("市规划自然资源委通州分局", (13,)),
        ("运河商务区管委会", (14,)),
    ]
    assert [n.lines for n in t.lead_officials] == [(14,), (14,), (14,)]
    assert t.deadline.lines == (11,)


def test_tsv_page_break_empty_row_repeated_header_and_section_rows_are_boilerplate(tsv):
    ctx, p = tsv
    assert noted(p, 1) == ("boilerplate", "prose")
    assert noted(p, 3) == ("boilerplate", "table-header")
    assert noted(p, 4) == ("boilerplate", "section-heading")  # 一、… printed without tabs
    assert ctx.lines[14] == (15, "\t\t\t\t") and 15 not in p.notes  # tabs only: a blank line
    assert noted(p, 16) == ("boilerplate", "page-number")
    assert noted(p, 17) == ("boilerplate", "table-header")
    assert p.notes[17].reason == "header repeated (first at line 3)"
    assert noted(p, 20) == ("boilerplate", "section-heading")  # 三、… followed by empty cells
    assert all_nonblank_noted(ctx, p)


def test_units_separated_by_fullwidth_commas_split_like_enumeration_commas(tsv):
    t = next(t for t in tsv[1].tasks if t.number == "37")
    assert names(t.responsible_units) == ["区发展改革委", "市规划自然资源委通州分局", "区投资促进服务中心"]
    assert (t.deadline.date, t.deadline.kind) == ("2023-11-30", "date")


# --- 004 tasks as a pipe table and a markdown table -------------------------------------------------


def test_pipe_table_without_outer_pipes_reads_back_the_004_gold():
    ctx, p = fixture("columns_004_pipe.txt")
    assert columns.detect(ctx) >= 0.9
    assert [(t.number, t.line) for t in p.tasks] == [("48", 3), ("58", 4), ("63", 6)]
    assert_matches_004_gold(p.tasks)
    assert p.tasks[0].split_reason == "责任部门 column"
    assert noted(p, 2) == ("boilerplate", "section-heading")
    assert noted(p, 5) == ("boilerplate", "section-heading")
    assert all_nonblank_noted(ctx, p)


def test_markdown_table_with_rule_line_br_cells_and_bold_header_reads_back_the_004_gold():
    ctx, p = fixture("columns_004_markdown.md")
    assert columns.detect(ctx) >= 0.9
    assert [(t.number, t.line) for t in p.tasks] == [("86", 6), ("121", 9), ("122", 10)]
    assert_matches_004_gold(p.tasks)
    assert p.tasks[0].split_reason == "责任单位 column"
    assert [noted(p, n) for n in (1, 3, 4, 5, 7, 8)] == [
        ("boilerplate", "prose"),
        ("boilerplate", "table-header"),
        ("boilerplate", "table-rule"),
        ("boilerplate", "section-heading"),
        ("boilerplate", "empty-row"),
        ("boilerplate", "section-heading"),
    ]
    assert all_nonblank_noted(ctx, p)


def test_collective_lead_official_stays_one_name():
    _, p = fixture("columns_004_markdown.md")
    assert names(p.tasks[1].lead_officials) == ["区政府班子成员"]


# --- municipal 牵头单位 / 配合单位 table -----------------------------------------------------------


@pytest.fixture(scope="module")
def municipal():
    return fixture("columns_municipal_lead_assist.tsv")


def test_lead_and_assist_columns_give_responsible_and_assisting_units(municipal):
    ctx, p = municipal
    s1, s2 = ["一、提升政务服务效能"], ["二、优化市场环境"]
    got = [
        (
            t.number,
            t.line,
            t.line_end,
            t.section,
            t.key_task,
            t.text,
            names(t.responsible_units),
            names(t.assist_units),
            t.deadline.text if t.deadline else None,
        )
        for t in p.tasks
    ]
    assert got == [
        (
            "1",
            5,
            6,
            s1,
            "深化“一网通办”改革",
            "推进高频政务服务事项全程网办，实现“掌上办”全覆盖。",
            ["市政务服务局"],
            ["市大数据局", "市政务服务中心"],
            "2023年6月底前",
        ),
        (
            "2",
            7,
            7,
            s1,
            "压缩企业开办时间",
            "企业开办时间压缩至1个工作日以内。",
            ["市市场监管局"],
            ["市公安局", "市税务局", "市人力资源社会保障局"],
            "2023年底前",
        ),
        ("3", 8, 8, s1, "推进“证照分离”改革", "实现涉企经营许可事项清单管理全覆盖。", ["市市场监管局"], [], "长期坚持"),
        ("4", 11, 11, s2, "加强公平竞争审查", "清理妨碍统一市场和公平竞争的规定和做法。", ["市市场监管局"], [], None),
        (
            "5",
            12,
            12,
            s2,
            "规范涉企收费",
            "开展涉企收费专项检查。",
            ["市财政局"],
            ["市发展改革委", "市市场监管局"],
            "2023年9月底前",
        ),
        ("6", 13, 13, s2, "推进信用体系建设", "完善信用修复机制。", ["市发展改革委"], [], None),
        (
            "7",
            15,
            15,
            s2,
            "强化知识产权保护",
            "加快建设知识产权保护中心。",
            ["市知识产权局"],
            ["市中级人民法院", "市公安局"],
            "2023年12月底前",
        ),
    ]
    assert p.tasks[0].split_reason == "牵头单位 column / 配合单位 column"


def test_none_markers_mean_no_unit_and_standing_deadline_is_ongoing(municipal):
    t3 = municipal[1].tasks[2]
    assert t3.assist_units == []
    assert (t3.deadline.date, t3.deadline.kind) == (None, "ongoing")


def test_unit_marked_qiantou_is_responsible_and_the_others_assist(municipal):
    t5 = municipal[1].tasks[4]
    assert t5.split_reason == "unit marked （牵头） is responsible, the other units of the row assist"
    assert t5.responsible_units[0].lines == (12,)


def test_row_with_fewer_cells_is_kept_with_a_warning_naming_its_line(municipal):
    assert municipal[1].warnings == [
        "line 13: a table row with 4 cells where the header (line 3) has 6 (序号, 重点任务, 具体措施, 牵头单位, 配合单位, "
        "完成时限); read as 序号=6, 重点任务=推进信用体系建设, 具体措施=完善信用修复机制。, 牵头单位=市发展改革委; the missing "
        "cells (配合单位, 完成时限) left empty"
    ]


def test_undelimited_line_inside_a_table_is_unparsed_and_notes_are_boilerplate(municipal):
    ctx, p = municipal
    assert p.notes[9].status == "unparsed"
    assert p.notes[9].reason == "a line without cell delimiters inside the table of line 3"
    assert noted(p, 10) == ("boilerplate", "section-heading")
    assert noted(p, 14) == ("boilerplate", "table-header")
    assert noted(p, 17) == ("boilerplate", "note")
    assert all_nonblank_noted(ctx, p)


# --- only a 责任单位 column: the first-listed unit leads --------------------------------------------


def test_note_that_the_first_listed_unit_leads_splits_a_single_unit_column():
    ctx, p = fixture("columns_first_leads.md")
    got = [
        (t.number, t.text, names(t.lead_officials), names(t.responsible_units), names(t.assist_units), t.deadline.date)
        for t in p.tasks
    ]
    assert got == [
        ("1", "新增普惠托位300个", ["李明"], ["区卫生健康委"], ["区教委", "各街道乡镇"], "2023-12-31"),
        ("2", "改造老旧小区20个", ["王强"], ["区住房城乡建设委"], [], "2023-11-30"),
        ("3", "新建社区养老服务驿站5家", [], ["区卫生健康委"], ["区民政局"], "2023-12-31"),
        ("4", "建设口袋公园10处", ["赵刚", "钱伟"], ["区园林绿化局"], ["区城市管理委", "相关街道乡镇"], "2023-10-31"),
    ]
    assert p.tasks[0].split_reason == "note at line 3: the first-listed unit leads, the others assist"
    assert noted(p, 3) == ("boilerplate", "note")
    assert all_nonblank_noted(ctx, p)


def test_note_in_the_header_cell_also_makes_the_first_unit_lead():
    ctx = text_ctx("序号\t工作任务\t责任单位（第一个单位为牵头单位）\n1\t建设智慧社区\t区民政局、区经济和信息化局\n")
    t = columns.parse(ctx).tasks[0]
    assert (names(t.responsible_units), names(t.assist_units)) == (["区民政局"], ["区经济和信息化局"])


def test_without_a_note_every_unit_of_a_single_column_is_responsible():
    ctx = text_ctx("序号\t工作任务\t责任单位\n1\t建设智慧社区\t区民政局、区经济和信息化局\n")
    t = columns.parse(ctx).tasks[0]
    assert (names(t.responsible_units), names(t.assist_units)) == (["区民政局", "区经济和信息化局"], [])


def test_note_does_not_apply_when_the_table_has_an_assist_column():
    ctx = text_ctx(
        "注：排在第一位的为牵头单位。\n序号\t任务\t牵头单位\t配合单位\n1\t建设智慧社区\t区民政局、区科委\t区财政局\n"
    )
    t = columns.parse(ctx).tasks[0]
    assert (names(t.responsible_units), names(t.assist_units)) == (["区民政局", "区科委"], ["区财政局"])


# --- header synonyms and detection -------------------------------------------------------------


@pytest.mark.parametrize(
    "header, roles",
    [
        (
            ["编号", "主要任务", "责任领导", "主责单位", "协办单位", "完成时间"],
            {0: "number", 1: "task", 2: "officials", 3: "responsible", 4: "assist", 5: "deadline"},
        ),
        (
            ["任务内容", "分管领导", "责任部门", "协同单位", "时间节点"],
            {0: "task", 1: "officials", 2: "responsible", 3: "assist", 4: "deadline"},
        ),
        (["工作措施", "牵头部门", "参与单位", "时限"], {0: "task", 1: "responsible", 2: "assist", 3: "deadline"}),
        (["具体措施", "牵头领导", "配合部门"], {0: "task", 1: "officials", 2: "assist"}),
        (["**序 号**", "重点<br>任务", "牵头单位"], {0: "number", 1: "task", 2: "responsible"}),
    ],
)
def test_header_synonyms_are_recognised_in_any_order(header, roles):
    assert columns.header_roles(header) == roles


def test_header_with_one_known_name_is_no_header():
    assert columns.header_roles(["序号", "备注", "落实情况"]) is None


def test_key_task_and_measure_columns_fill_key_task_and_text():
    ctx = text_ctx(
        "| 工作措施 | 重点任务 | 牵头单位 |\n|---|---|---|\n| 建成5G基站500个 | 推进新基建 | 区经济和信息化局 |\n"
    )
    t = columns.parse(ctx).tasks[0]
    assert (t.key_task, t.text, t.number) == ("推进新基建", "建成5G基站500个", None)


def test_fullwidth_pipes_delimit_cells():
    ctx = text_ctx("序号｜任务｜责任单位｜完成时限\n1｜开展专项整治｜区城市管理委、区商务局｜2023年6月\n")
    t = columns.parse(ctx).tasks[0]
    assert (t.number, t.text, names(t.responsible_units), t.deadline.date) == (
        "1",
        "开展专项整治",
        ["区城市管理委", "区商务局"],
        "2023-06-30",
    )


def test_detect_is_zero_on_every_seed_document():
    for path in sorted(SAMPLE_CORPUS.glob("*.txt")):
        src = read_source(path)
        for seg in split_documents(src).segments:
            assert columns.detect(Context(src, seg.document, seg.text(src))) < 0.2, (path.name, seg.document.title)


def test_detect_is_zero_on_the_tab_separated_self_assessment_table():
    ctx = text_ctx(
        "考评 维度\t自查任务（专项任务）\t落实情况\t存在问题 及原因\n高效率 落实\t1. 完成任务。\t已完成。\t无\n"
    )
    assert columns.detect(ctx) == 0.0


def test_markdown_bold_section_row_and_quoted_multiline_header_cell():
    md = text_ctx(
        "| 序号 | 任务 | 责任单位 |\n|---|---|---|\n| **一、稳增长** | | |\n| 1 | 扩大有效投资 | 区发展改革委 |\n",
        "t.md",
    )
    p = columns.parse(md)
    assert [(t.number, t.section, t.text) for t in p.tasks] == [("1", ["一、稳增长"], "扩大有效投资")]
    tsv = text_ctx('序号\t工作任务\t"责任单位\n（排在第一位的为牵头单位）"\n1\t建设智慧社区\t区民政局、区科委\n')
    p = columns.parse(tsv)
    assert (noted(p, 1), noted(p, 2)) == (("boilerplate", "table-header"), ("boilerplate", "table-header"))
    t = p.tasks[0]
    assert (t.line, names(t.responsible_units), names(t.assist_units)) == (3, ["区民政局"], ["区科委"])
