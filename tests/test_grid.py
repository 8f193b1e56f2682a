"""Tables are found however they were rendered to text, with line provenance."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fengong.build.grid import Cell, Table, find_tables

REAL = Path("/work/shared/real")

_LABELS = {
    "序号",
    "编号",
    "重点工作",
    "工作任务",
    "主要工作举措",
    "重点工作目标任务",
    "项目",
    "预期目标",
    "牵头单位",
    "配合单位",
    "责任单位",
    "责任领导",
    "牵头领导",
    "完成时限",
    "牵头负责部门",
}


def is_header_cell(text: str) -> bool:
    t = re.sub(r"\s+", "", text)
    return t in _LABELS or "目标" in t or t.endswith(("单位", "部门", "领导", "时限", "任务", "举措", "措施"))


def tables(text: str) -> list[Table]:
    return find_tables(list(enumerate(text.split("\n"), 1)), is_header_cell)


def texts(table: Table) -> list[list[str]]:
    return [[c.text for c in row] for row in table.rows]


def real(name: str) -> list[Table]:
    path = REAL / name
    if not path.exists():
        pytest.skip(f"{path} not available")
    return find_tables(list(enumerate(path.read_text(encoding="utf-8").split("\n"), 1)), is_header_cell)


# --------------------------------------------------------------------------- pipe-cells

HUOSHAN = """2025年开发区重点工作及责任清单
序号 |
重点工作 |
责任领导 |
责任单位 |
完成时限 |
1 |
坚持服务跟着项目走,全力服务重 大项目落地见效。 |
叶林 |
招商工作部、安商工作部 |
全年 |
2 |
全力推进开发区“空间再造”。 |
马振明 |
改革办 |
全年 |"""


def test_pipe_cells_closed_on_the_same_line():
    [t] = tables(HUOSHAN)
    assert t.rendering == "pipe-cells"
    assert t.header == ["序号", "重点工作", "责任领导", "责任单位", "完成时限"]
    assert texts(t) == [
        ["1", "坚持服务跟着项目走,全力服务重 大项目落地见效。", "叶林", "招商工作部、安商工作部", "全年"],
        ["2", "全力推进开发区“空间再造”。", "马振明", "改革办", "全年"],
    ]
    assert t.rows[1][2] == Cell("马振明", (14,))
    assert (t.first_line, t.last_line, t.claimed) == (2, 16, set(range(2, 17)))
    assert t.sections == []


WUJIANG = """(共118项)
序号
|
项目
|
重点工作目标任务
|
牵头领导
|
责任单位
|
一、2024年全区经济社会发展主要预期目标
|
||||
1
|
主要预期目标
|
1.地区生产总值增长5%以上。
|
钱 宇
|
★区发改委、统计局
|
2.一般公共预算收入同口径增长6%以上。
|
★区财政局、税务局
|
|||
3.规上工业总产值增长5%左右。
|
|
★区工信局、统计局
|
||
10.主要污染物排放总量削减完成上级下达任务。
|
王 嵘
方 勇
|
★生态环境局
|
||
11.不发生重特大生产安全责任事故。
|
钱 宇
|
★区应急管理局
|
|
||||
1
|
筑牢经济发展底座
|
12.强化“大抓项目、抓大项目”导向"""


def test_pipe_cells_with_merged_cells():
    [t] = tables(WUJIANG)
    assert t.rendering == "pipe-cells"
    assert t.header == ["序号", "项目", "重点工作目标任务", "牵头领导", "责任单位"]
    assert t.sections == [(12, "一、2024年全区经济社会发展主要预期目标")]
    assert texts(t) == [
        ["1", "主要预期目标", "1.地区生产总值增长5%以上。", "钱 宇", "★区发改委、统计局"],
        ["1", "主要预期目标", "2.一般公共预算收入同口径增长6%以上。", "钱 宇", "★区财政局、税务局"],
        ["1", "主要预期目标", "3.规上工业总产值增长5%左右。", "", "★区工信局、统计局"],
        ["1", "主要预期目标", "10.主要污染物排放总量削减完成上级下达任务。", "王 嵘方 勇", "★生态环境局"],
        ["1", "主要预期目标", "11.不发生重特大生产安全责任事故。", "钱 宇", "★区应急管理局"],
        # cut off by the end of the body: nothing is inherited after its last cell
        ["1", "筑牢经济发展底座", "12.强化“大抓项目、抓大项目”导向", "", ""],
    ]
    inherited = [[c.inherited for c in row] for row in t.rows]
    assert inherited[0] == [False] * 5
    # row 2 prints 2 cells + '|||': 序号, 项目 and 牵头领导 continue from the row above
    assert inherited[1] == [True, True, False, True, False]
    assert t.rows[1][3] == Cell("钱 宇", (21,), inherited=True)
    # row 3 prints its 牵头领导 cell, empty ('|' on its own line)
    assert inherited[2] == [True, True, False, False, False]
    assert t.rows[2][3] == Cell("", ())
    assert t.rows[3][3] == Cell("王 嵘方 勇", (38, 39))
    assert inherited[5] == [False] * 5
    assert t.claimed == set(range(2, 57))
    assert (t.first_line, t.last_line) == (2, 56)


# --------------------------------------------------------------------------- pipe-inline

ZHAOYUAN = """类别 | 民生事项名称 | 2022年度任务目标 | 责任单位 | 分管市领导 | 监督电话 |
四、教育文化 | 14.改扩建泉山学校 | 完成泉山学校一期建设。 | 教育体育局 | 刘福利 | 监督电话0535-8246306 |
15.推进学校塑胶运动场地建设 | 完成罗峰学校塑胶运动场地。 | 教育体育局 | 刘福利 | 监督电话0535-8246306 | |
16.推进义务教育课后服务 | 对全市34所义务教育学校实行课后服务全覆盖。 | 教育体育局 | 刘福利 | 监督电话0535-8246336 |
索引号: | 113706850042672474/2022-04772 | 成文日期: | 2022-10-08 |"""


def test_pipe_inline_with_ragged_rows_and_page_furniture():
    [t] = tables(ZHAOYUAN)
    assert t.rendering == "pipe-inline"
    assert t.header == ["类别", "民生事项名称", "2022年度任务目标", "责任单位", "分管市领导", "监督电话"]
    assert texts(t) == [
        ["四、教育文化", "14.改扩建泉山学校", "完成泉山学校一期建设。", "教育体育局", "刘福利", "监督电话0535-8246306"],
        [
            "四、教育文化",
            "15.推进学校塑胶运动场地建设",
            "完成罗峰学校塑胶运动场地。",
            "教育体育局",
            "刘福利",
            "监督电话0535-8246306",
        ],
        [
            "四、教育文化",
            "16.推进义务教育课后服务",
            "对全市34所义务教育学校实行课后服务全覆盖。",
            "教育体育局",
            "刘福利",
            "监督电话0535-8246336",
        ],
    ]
    assert [c.inherited for c in t.rows[1]] == [True] + [False] * 5
    assert t.rows[2][0] == Cell("四、教育文化", (2,), inherited=True)
    assert t.claimed == {1, 2, 3, 4}


def test_pipe_inline_markdown_with_section():
    text = (
        "| 序号 | 工作任务 | 牵头单位 |\n|---|---|---|\n| 一、产业发展 | | |\n"
        "| 1 | 建设学校 | 教育局 |\n| 2 | 修建道路 | |\n本表由区政府办负责解释。"
    )
    [t] = tables(text)
    assert t.header == ["序号", "工作任务", "牵头单位"]
    assert t.sections == [(3, "一、产业发展")]
    assert texts(t) == [["1", "建设学校", "教育局"], ["2", "修建道路", ""]]
    assert t.rows[1][2] == Cell("", ())
    assert t.claimed == {1, 2, 3, 4, 5}


# --------------------------------------------------------------------------- tsv


def test_tsv():
    text = (
        "序号\t工作任务\t牵头单位\t完成时限\n一、产业发展\n1\t建设学校\t教育局\t年底前\n2\t修建道路\t交通局\t\n说明文字"
    )
    [t] = tables(text)
    assert t.rendering == "tsv"
    assert t.header == ["序号", "工作任务", "牵头单位", "完成时限"]
    assert t.sections == [(2, "一、产业发展")]
    assert texts(t) == [["1", "建设学校", "教育局", "年底前"], ["2", "修建道路", "交通局", ""]]
    assert t.rows[1][3] == Cell("", ())
    assert (t.first_line, t.last_line, t.claimed) == (1, 4, {1, 2, 3, 4})


def test_tsv_merged_leading_cell_is_inherited():
    text = "序号\t重点工作\t牵头单位\t配合单位\n1\t建设学校\t教育局\t财政局\n\t修建操场\t体育局\t财政局"
    [t] = tables(text)
    # the second row prints an empty 序号 cell: printed, so not inherited
    assert t.rows[1][0] == Cell("", ())
    text = "序号\t重点工作\t牵头单位\t配合单位\n1\t建设学校\t教育局\t财政局\n修建操场\t体育局\t财政局"
    [t] = tables(text)
    assert t.rows[1] == [Cell("1", (2,), True), Cell("修建操场", (3,)), Cell("体育局", (3,)), Cell("财政局", (3,))]


# --------------------------------------------------------------------------- box

BOX = """说明如下:
┌────┬──────────┬────────┐
│序号│工作任务  │牵头单位│
├────┼──────────┼────────┤
│１  │建设智慧  │区大数据│
│    │城市平台  │局      │
│    ├──────────┼────────┤
│    │推进垃圾分类│区城管局│
├────┼──────────┼────────┤
│2   │修建道路  │区交通局│
└────┴──────────┴────────┘
以上。"""


def test_box_with_wrapped_and_merged_cells():
    [t] = tables(BOX)
    assert t.rendering == "box"
    assert t.header == ["序号", "工作任务", "牵头单位"]
    assert texts(t) == [
        ["１", "建设智慧城市平台", "区大数据局"],
        ["１", "推进垃圾分类", "区城管局"],
        ["2", "修建道路", "区交通局"],
    ]
    assert t.rows[0][1] == Cell("建设智慧城市平台", (5, 6))
    assert t.rows[1][0] == Cell("１", (5,), inherited=True)
    assert (t.first_line, t.last_line, t.claimed) == (2, 11, set(range(2, 12)))


# --------------------------------------------------------------------------- paragraph-cells

LIAOZHONG = """2024年政府工作报告主要工作任务分解表

序号

主要工作举措

牵头单位

配合单位

责任领导

一、做大做强主导产业

1

加快构建具有辽中特色的现代化产业体系。

区农业农村局

区发展改革局、区工业和信息化局

2

加快安徽节源等在建项目的建设进度。

沈阳近海经济区管委会

自然资源分局、生态环境分局

冯冬昌

　　以上任务请各单位认真落实。"""


def test_paragraph_cells_with_section_and_absent_cell():
    [t] = tables(LIAOZHONG)
    assert t.rendering == "paragraph-cells"
    assert t.header == ["序号", "主要工作举措", "牵头单位", "配合单位", "责任领导"]
    assert t.sections == [(13, "一、做大做强主导产业")]
    assert texts(t) == [
        ["1", "加快构建具有辽中特色的现代化产业体系。", "区农业农村局", "区发展改革局、区工业和信息化局", ""],
        ["2", "加快安徽节源等在建项目的建设进度。", "沈阳近海经济区管委会", "自然资源分局、生态环境分局", "冯冬昌"],
    ]
    assert t.rows[0][4] == Cell("", ())
    assert t.rows[1][4] == Cell("冯冬昌", (31,))
    assert t.claimed == set(range(3, 32, 2))
    assert (t.first_line, t.last_line) == (3, 31)


SHAPINGBA = """附件1

2022年区政府工作报告经济社会发展预期目标任务分解表

序号

2022年预期目标

责任单位

1

地区生产总值增长5.5%左右

区发展改革委

2

固定资产投资增长6%左右

区发展改革委

附件2

2022年区政府工作报告重点工作任务分解表

序号

工作任务

牵头单位

配合单位

1

联动共建科学城

推动量子通信器件国家重点实验室落地。

区科技局

区发展改革委

２

建设智慧城市

区大数据局"""


def test_paragraph_cells_two_tables_and_a_task_in_two_paragraphs():
    first, second = tables(SHAPINGBA)
    assert first.header == ["序号", "2022年预期目标", "责任单位"]
    assert texts(first) == [
        ["1", "地区生产总值增长5.5%左右", "区发展改革委"],
        ["2", "固定资产投资增长6%左右", "区发展改革委"],
    ]
    assert (first.first_line, first.last_line) == (5, 21)
    assert second.header == ["序号", "工作任务", "牵头单位", "配合单位"]
    # five paragraphs for four columns: the title and the text form the task cell
    assert second.rows[0][1] == Cell("联动共建科学城推动量子通信器件国家重点实验室落地。", (37, 39))
    assert texts(second) == [
        ["1", "联动共建科学城推动量子通信器件国家重点实验室落地。", "区科技局", "区发展改革委"],
        ["２", "建设智慧城市", "区大数据局", ""],
    ]
    assert second.first_line == 27


def test_paragraph_cells_one_per_line():
    text = "附件\n序号\n工作任务\n牵头单位\n1\n建设学校\n教育局\n2\n修建道路\n交通局"
    [t] = tables(text)
    assert t.rendering == "paragraph-cells"
    assert t.header == ["序号", "工作任务", "牵头单位"]
    assert texts(t) == [["1", "建设学校", "教育局"], ["2", "修建道路", "交通局"]]
    assert t.claimed == set(range(2, 11))


# --------------------------------------------------------------------------- spaces

GUOBAN = """2016年《政府工作报告》量化指标任务分工

序号 工 作 任 务 牵头负责部门
1 居民消费价格涨幅3%左右 发展改革委
3 安排财政赤字2.18万亿元,赤字率提高到3% 财政部
１０ 中央预算内投资 安排5000亿元 发展改革委

以上指标由各部门按季度报送。"""


def test_spaces():
    [t] = tables(GUOBAN)
    assert t.rendering == "spaces"
    assert t.header == ["序号", "工作任务", "牵头负责部门"]
    assert texts(t) == [
        ["1", "居民消费价格涨幅3%左右", "发展改革委"],
        ["3", "安排财政赤字2.18万亿元,赤字率提高到3%", "财政部"],
        ["１０", "中央预算内投资 安排5000亿元", "发展改革委"],
    ]
    assert (t.first_line, t.last_line, t.claimed) == (3, 6, {3, 4, 5, 6})


# --------------------------------------------------------------------------- what is not a table


def test_prose_and_numbered_items_are_not_tables():
    text = (
        "一、工作任务\n1.建设学校。(牵头单位:教育局;责任单位:财政局)\n"
        "2.修建道路。(牵头单位:交通局)\n序号、工作任务、牵头单位见附件。"
    )
    assert tables(text) == []


def test_a_page_wrapped_inside_its_cells_is_not_paragraph_cells():
    # labels broken over lines (序/号, 完成/时限) mean paragraphs are fragments of cells
    text = (
        "序 \n号 \n\n重点 \n\n任务 \n工作措施 \n\n完成 \n\n时限 \n牵头领导 主责单位 协办单位 \n\n"
        "一、温室气体排放控制目标 \n\n1 \n\n温室气体\n\n排放控制\n\n目标 \n\n切实控制温室气体排放。\n"
        "年底前 倪德才 区生态环境局 各相关单位 "
    )
    assert tables(text) == []


def test_a_header_needs_a_number_column_or_two_known_labels():
    assert tables("类别 | 名称 | 情况 |\n一 | 二 | 三 |") == []
    [t] = tables("编号 | 名称 | 情况 |\n1 | 二 | 三 |")
    assert t.header == ["编号", "名称", "情况"]


# --------------------------------------------------------------------------- real files


def test_real_huoshan():
    [t] = real("huoshan_kfq_2025.txt")
    assert t.rendering == "pipe-cells"
    assert len(t.rows) == 3
    assert [row[2].text for row in t.rows] == ["叶林", "马振明", "张云峰"]
    assert t.rows[2][3] == Cell("规划建设局", (20,))


def test_real_wujiang():
    [t] = real("wujiang_2024.txt")
    assert len(t.rows) == 12
    assert [row[3].text for row in t.rows[:11]] == [
        "钱 宇",
        "钱 宇",
        "",
        "钱 宇",
        "",
        "方 勇",
        "",
        "钱 宇",
        "",
        "王 嵘方 勇",
        "钱 宇",
    ]
    assert [row[3].inherited for row in t.rows[:11]] == [False, True] + [False] * 9
    assert {row[1].text for row in t.rows[:11]} == {"主要预期目标"}
    assert t.rows[10][2].text == "11.不发生重特大生产安全责任事故。"


def test_real_wujiang_traditional():
    [t] = real("wujiang_2024_trad.txt")
    assert t.header[0] == "序號(hào)"
    assert len(t.rows) == 7
    assert [row[3].text for row in t.rows] == ["錢(qián) 宇", "錢(qián) 宇", "", "錢(qián) 宇", "", "方 勇", ""]
    assert [row[3].inherited for row in t.rows] == [False, True, False, False, False, False, False]


def test_real_zhaoyuan():
    [t] = real("zhaoyuan_minsheng_2022.txt")
    assert len(t.rows) == 3 and len(t.header) == 8
    assert [row[4].text for row in t.rows] == ["刘福利"] * 3
    assert [row[1].text[:3] for row in t.rows] == ["14.", "15.", "16."]
    assert t.rows[1][0].inherited and not t.rows[1][7].inherited
    assert t.last_line == 4


def test_real_liaozhong():
    [t] = real("liaozhong_2024.txt")
    assert t.sections == [(33, "一、做大做强主导产业")]
    assert len(t.rows) == 5
    assert [row[4].text for row in t.rows] == ["", "冯冬昌", "冯冬昌", "冯冬昌", ""]
    assert t.rows[0][2] == Cell("区农业农村局", (39,))


def test_real_shapingba():
    first, second = real("shapingba_2022.txt")
    assert len(first.rows) == 10
    assert first.rows[9] == [
        Cell("10", (89,)),
        Cell("节能减排降碳完成年度目标任务", (91,)),
        Cell("区发展改革委", (93,)),
    ]
    assert second.header == ["序号", "工作任务", "牵头单位", "配合单位"]
    assert second.first_line == 99 and len(second.rows) == 1


def test_real_guoban():
    [t] = real("guoban_lianghua_2016.txt")
    assert t.rendering == "spaces"
    assert len(t.rows) == 10
    assert t.rows[1] == [Cell("2", (28,)), Cell("城镇新增就业1000万人以上", (28,)), Cell("人力资源社会保障部", (28,))]


def test_real_files_without_tables():
    for name in ("ah_rcep_2022.txt", "tongchuan_2020.txt", "kunming_shishi_2023.txt", "lishan_2023.txt"):
        assert real(name) == [], name
