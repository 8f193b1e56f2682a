"""Action-plan tables flattened from PDF (通政发〔2022〕8号 附件1–5).

附件1 and 附件5 are scored against the gold in test_sample_corpus; the rows of 附件2–4
below were checked by reading the text around each line.
"""

from __future__ import annotations

import pytest

from fengong.build import build_paths
from fengong.build.layouts.base import Context
from fengong.build.layouts.table import detect, parse


@pytest.fixture(scope="module")
def rows():
    corpus = build_paths()
    return {(t.appendix, t.number, t.line): t for t in corpus.tasks if t.layout == "table"}


def _row(rows, appendix, number):
    found = [t for (a, n, _), t in rows.items() if a == appendix and n == number]
    assert len(found) == 1, (appendix, number, found)
    return found[0]


def _names(names):
    return [n.text for n in names]


@pytest.mark.parametrize(
    "appendix,count,last", [(1, 19, "19"), (2, 73, "73"), (3, 45, "45"), (4, 28, "28"), (5, 11, "11")]
)
def test_every_numbered_row_of_each_appendix_is_found_once(rows, appendix, count, last):
    numbers = [n for (a, n, _) in rows if a == appendix and not n.endswith("-cont")]
    assert sorted(numbers, key=int) == [str(i) for i in range(1, count + 1)]


def test_page_numbers_and_numbers_inside_measures_are_not_rows(rows):
    # "120 个村庄美丽乡村…" (line 3729) is measure text; page number "36" (3646) is not row 36
    row19 = _row(rows, 3, "19")
    assert row19.text.startswith("累计完成纳入市级固定资产投资政策内的120 个村庄")
    assert _row(rows, 3, "36").line == 4253


def test_a_row_number_may_share_its_line_with_the_key_task(rows):
    row = _row(rows, 2, "20")
    assert (row.line, row.key_task) == (1473, "施工扬尘精细化管控")


def test_a_main_cell_printed_after_the_page_number_returns_to_its_row(rows):
    # 附件2 row 9 prints its officials and "——"; its 主责 units follow page number 13 (line 1071)
    row = _row(rows, 2, "9")
    assert _names(row.lead_officials) == ["倪德才", "秦涛", "卢庆雷", "王翔宇"]
    assert _names(row.responsible_units) == [
        "区住房城乡建设委",
        "区水务局",
        "区园林绿化局",
        "通州公路分局",
        "副中心工程办",
        "区城市管理委",
        "通运街道",
        "潞邑街道",
        "中仓街道",
    ]
    assert row.assist_units == []
    assert row.split == "inferred"
    assert row.responsible_units[0].lines == (1073, 1075)


def test_a_displaced_main_cell_makes_the_printed_unit_the_assisting_cell(rows):
    # 附件2 row 12: 区气象局/区生态环境局 printed after page number 14; 各街道乡镇 on the row
    row = _row(rows, 2, "12")
    assert _names(row.responsible_units) == ["区气象局", "区生态环境局"]
    assert _names(row.assist_units) == ["各街道乡镇"]


def test_merged_cells_are_shared_by_the_rows_they_span(rows):
    # 附件2 rows 5 and 6 share 年底前 / 秦涛 王翔宇 / 各街道乡镇 —— printed once between them
    five, six = _row(rows, 2, "5"), _row(rows, 2, "6")
    for row in (five, six):
        assert (row.deadline.text, _names(row.lead_officials)) == ("年底前", ["秦涛", "王翔宇"])
        assert _names(row.responsible_units) == ["各街道乡镇"] and row.assist_units == []
    assert six.key_task == "降尘量"
    # 附件4 rows 2 and 3 print no deadline: they share row 1's 年底前
    assert _row(rows, 4, "3").deadline.text == "年底前"
    assert _names(_row(rows, 4, "3").lead_officials) == ["秦涛"]


def test_a_measure_printed_after_another_row_returns_to_its_row(rows):
    # 附件2 row 4 (降尘量) has its 工作措施 printed after row 7's cells (line 971)
    row = _row(rows, 2, "4")
    assert row.text == "全区降尘量控制在 5 吨/平方公里·月左右（扣除沙尘影响 ）。"
    assert not any(n.endswith("-cont") for (a, n, _) in rows if a == 2)


def test_long_deadlines_and_collective_units_are_read_whole(rows):
    row = _row(rows, 2, "30")
    assert (row.deadline.text, row.deadline.kind) == ("长期实施", "ongoing")
    assert _names(row.responsible_units) == ["通州公安分局"]
    assert _names(row.assist_units) == ["区烟花办成员单位"]
    row = _row(rows, 2, "57")
    assert (row.deadline.text, row.deadline.date) == ("6月底前", "2022-06-30")
    assert _names(_row(rows, 3, "17").assist_units)[-2:] == ["区生态环境局等有关部门", "各街道乡镇"]


def test_officials_printed_with_a_space_are_joined(rows):
    assert _names(_row(rows, 4, "3").lead_officials) == ["秦涛"]
    assert _names(_row(rows, 2, "63").lead_officials) == ["倪德才", "杨磊"]


def _ctx(text: str) -> Context:
    return Context.from_text(text, year=2022)


HEADER = "序\n\n号 \n重点 \n任务 \n工作措施 \n完成 \n时限 \n牵头 \n领导 \n主责单位 协办单位 \n"


def test_none_marker_makes_every_unit_responsible():
    text = (
        HEADER
        + "1 \n目标 \n完成任务。 \n年底前 \n郑 皓 \n区发展改革委 \n\n区财政局 \n——\n2 \n巩固成效。 \n年底前 倪德才 区生态环境局 ——"
    )
    out = parse(_ctx(text))
    first, second = out.tasks
    assert (_names(first.responsible_units), first.assist_units, first.split) == (
        ["区发展改革委", "区财政局"],
        [],
        "certain",
    )
    assert second.key_task == "目标"  # a merged 重点任务 cell
    assert all(n.status != "unparsed" for n in out.notes.values())


def test_wrapped_unit_names_are_rejoined():
    text = (
        HEADER
        + "1 \n目标 \n完成任务。 \n年底前 倪德才 区生态环境局 \n区住房城乡建设\n\n委 \n区委生态文明委\n\n大气污染综合治\n\n单位 "
    )
    task = parse(_ctx(text)).tasks[0]
    assert _names(task.assist_units) == ["区住房城乡建设委", "区委生态文明委大气污染综合治单位"]


def test_a_branch_name_wrapped_with_its_and_others_tail_stays_one_name(rows):
    # 3543–3547 print 市规划自然资源委 / 通州分局等 / 有关部门; 4147–4151 print the tail on its own line
    assert _names(_row(rows, 3, "13").assist_units) == ["区水务局", "市规划自然资源委通州分局等有关部门", "各街道乡镇"]
    assert _names(_row(rows, 3, "32").assist_units) == ["市规划自然资源委通州分局", "等有关部门", "各街道乡镇"]


def test_detector_ignores_documents_without_a_table_header():
    assert detect(_ctx("1.实现增长。\n牵头领导：郑皓\n责任单位：区发展改革委\n完成时限：年底前")) == 0.0


def test_a_compact_table_of_another_layout_family_reads_without_blank_line_cues():
    from pathlib import Path

    from fengong.build import build_paths

    path = Path(__file__).parent / "fixtures" / "layouts" / "table_compact.txt"
    tasks = build_paths([path]).tasks
    got = [
        (
            t.number,
            t.key_task,
            t.deadline.date,
            _names(t.lead_officials),
            _names(t.responsible_units),
            _names(t.assist_units),
            t.split,
        )
        for t in tasks
    ]
    assert got == [
        ("1", "扩大有效投资", "2023-06-30", ["张伟"], ["区发展改革委"], ["区财政局"], "certain"),
        ("2", "促进消费", "2023-12-31", ["李明"], ["区商务局", "区文化和旅游局"], [], "certain"),
        ("3", "优化环境", None, ["张伟", "李明"], ["区政务服务局"], ["区市场监管局", "各街道"], "ambiguous"),
    ]
