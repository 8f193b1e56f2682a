"""Reading Word, Excel, CSV and web pages: the seed tables written in each format read back to the same records."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fengong.build import build_paths
from fengong.build.readers import read_input
from fengong.data import SAMPLE_CORPUS
from fengong.errors import InputError
from fengong.testing.formats import write_all, write_csv, write_docx, write_html, write_xlsx
from fengong.testing.tables import Row, TableDocument, climate_annex, plan_004, seed_records

# what a record says about the task; provenance (file, lines, where) and layout differ by format
CONTENT = (
    "number",
    "section",
    "key_task",
    "text",
    "lead_officials",
    "responsible_units",
    "assist_units",
    "deadline_text",
    "deadline",
    "deadline_kind",
    "continues",
    "appendix",
)
FORMATS = ("docx", "xlsx", "csv", "html")


def content(tasks) -> list[dict]:
    return [{k: t.export()[k] for k in CONTENT} for t in tasks]


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    folder = tmp_path_factory.mktemp("formats")
    write_all(plan_004(), folder, formats=FORMATS)
    write_all(climate_annex(), folder, formats=FORMATS)
    corpus = build_paths([folder])
    return folder, corpus, {f.source.name: f for f in corpus.files}


@pytest.mark.parametrize("fmt", FORMATS)
def test_004_plan_as_a_table_reads_back_the_records_of_the_text(written, fmt):
    _, corpus, files = written
    f = files[f"004.{fmt}"]
    assert content(f.tasks) == content(seed_records("004"))
    assert len(f.tasks) == 138
    assert {t.layout for t in f.tasks} == {"columns"}
    doc = f.documents[0]
    assert (doc.number, doc.year, doc.date, doc.format) == ("通政发〔2023〕2号", 2023, "2023-01-17", fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_climate_table_reads_back_the_text_records_with_the_split_settled_by_cells(written, fmt):
    _, _, files = written
    tasks = files[f"climate.{fmt}"].tasks
    text_tasks = seed_records("001", appendix=1, layout="table")
    assert content(tasks) == content(text_tasks)
    # the text needed inference for 13 of 22 rows; the cells settle every one
    assert [t.split for t in text_tasks].count("certain") == 9
    assert {t.split for t in tasks} == {"certain"}
    assert {t.split_reason for t in tasks} == {"主责单位 column / 协办单位 column"}
    assert [t.number for t in tasks if t.continues] == ["5-cont", "12-cont", "18-cont"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_rendered_line_is_accounted_for(written, fmt):
    _, corpus, _ = written
    for name in (f"004.{fmt}", f"climate.{fmt}"):
        cov = corpus.coverage()[name]
        assert (cov["unparsed"], cov["unaccounted"]) == (0, 0), name
    assert corpus.errors == [] and corpus.warnings == []


@pytest.mark.parametrize(
    "fmt, first, last",
    [
        ("docx", "table 1, row 3", "table 1, row 146"),
        ("xlsx", "sheet 分工表, row 15", "sheet 分工表, row 158"),
        ("csv", "row 15", "row 158"),
        ("html", "table 1, row 3", "table 1, row 146"),
    ],
)
def test_records_say_where_they_are_in_the_file(written, fmt, first, last):
    tasks = written[2][f"004.{fmt}"].tasks
    assert (tasks[0].where, tasks[-1].where) == (first, last)
    assert tasks[0].export()["where"] == first


def test_a_multi_line_cell_gives_one_unit_per_line_with_its_rendered_line(written):
    f = written[2]["climate.docx"]
    t = next(t for t in f.tasks if t.number == "2")
    assert [(n.text, f.source.where(n.lines[0])) for n in t.assist_units][:2] == [
        ("各街道乡镇", "table 1, row 5"),
        ("区城市管理委", "table 1, row 5"),
    ]
    assert len({n.lines for n in t.assist_units}) == 5  # each unit on its own rendered line


def test_vertically_merged_key_task_is_inherited_by_the_sub_row(written):
    f = written[2]["climate.xlsx"]
    five, cont = [t for t in f.tasks if t.number in ("5", "5-cont")]
    assert cont.key_task == five.key_task == "推进能源高效低碳利用"
    assert (cont.continues, cont.where) == ("5", "sheet 分工表, row 12")
    src = f.source
    assert src.lines[cont.line - 1].startswith("\t\t推动可再生能源规模化利用")  # 序号 and 重点任务 merged above


def test_web_page_keeps_the_article_and_leaves_navigation_scripts_and_footer_out(written):
    src = read_input(written[0] / "004.html")
    text = "\n".join(src.lines)
    for boiler in (
        "首页",
        "互动交流",
        "无障碍浏览",
        "当前位置",
        "统计代码",
        "分享到",
        "相关链接",
        "版权所有",
        "京ICP备",
        "发布时间",
    ):
        assert boiler not in text, boiler
    assert src.lines[:3] == ["北京市通州区人民政府文件", "通政发〔2023〕2号", "北京市通州区人民政府"]
    assert src.where(1) == "paragraph 1"


def test_word_list_numbering_supplies_the_task_numbers(tmp_path):
    path = write_docx(plan_004(), tmp_path / "numbered.docx", numbered=True)
    src = read_input(path)
    assert "1.实现地区生产总值增长5%左右。" in src.lines
    assert "138." + seed_records("004")[-1].text in src.lines
    corpus = build_paths([path])
    assert content(corpus.tasks) == content(seed_records("004"))
    assert {t.layout for t in corpus.tasks} == {"tasks"}
    assert corpus.tasks[0].where == "paragraphs 14–17"


def test_two_row_header_with_merged_responsibility_column(tmp_path):
    page = (
        "<html><body><div class='content'><p>某区2024年重点任务分工表</p><table>"
        "<tr><td rowspan='2'>序号</td><td rowspan='2'>任务</td><td colspan='2'>责任单位</td></tr>"
        "<tr><td>牵头单位</td><td>配合单位</td></tr>"
        "<tr><td>1</td><td>建设数据平台</td><td>区经济和信息化局</td><td>区财政局<br/>区政务服务局</td></tr>"
        "</table></div></body></html>"
    )
    (tmp_path / "p.html").write_text(page, encoding="utf-8")
    corpus = build_paths([tmp_path / "p.html"])
    t = corpus.tasks[0]
    assert (t.number, t.text, [n.text for n in t.responsible_units], [n.text for n in t.assist_units]) == (
        "1",
        "建设数据平台",
        ["区经济和信息化局"],
        ["区财政局", "区政务服务局"],
    )
    assert corpus.coverage()["p.html"]["unparsed"] == 0


def test_csv_in_gbk_and_excel_numbers_and_dates(tmp_path):
    doc = TableDocument(
        "t",
        ["某区2024年重点任务分工表"],
        ["编号", "工作任务", "牵头部门", "协同部门", "完成时间"],
        [Row(["1", "建设数据平台", "区经济和信息化局", "区财政局", "2024年6月底"])],
    )
    csv_path = write_csv(doc, tmp_path / "t.csv", encoding="gbk")
    assert read_input(csv_path).encoding == "csv/gb18030"
    import datetime as dt

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["序号", "任务", "牵头单位", "完成时限"])
    ws.append([1.0, "建设数据平台", "区经济和信息化局", dt.datetime(2024, 6, 30)])
    wb.save(tmp_path / "t.xlsx")
    assert read_input(tmp_path / "t.xlsx").lines == [
        "序号\t任务\t牵头单位\t完成时限",
        "1\t建设数据平台\t区经济和信息化局\t2024年6月30日",
    ]
    corpus = build_paths([tmp_path])
    by_file = {t.doc: t for t in corpus.tasks}
    assert [n.text for n in by_file["t.csv"].assist_units] == ["区财政局"]
    assert by_file["t.csv"].deadline.date == "2024-06-30"
    assert (by_file["t.xlsx"].number, by_file["t.xlsx"].deadline.date) == ("1", "2024-06-30")


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("a.docx", b"PK\x03\x04 not really a zip", "a.docx: not a readable docx file"),
        ("b.docx", b"{\\rtf1 an RTF saved as docx}", "b.docx: not a .docx file (no ZIP signature)"),
        ("c.xlsx", b"\xd0\xcf\x11\xe0 old xls", "c.xlsx: not an .xlsx workbook (no ZIP signature)"),
        ("d.html", b"   ", "d.html: empty web page"),
    ],
)
def test_broken_files_give_a_clear_error(tmp_path, name, data, message):
    (tmp_path / name).write_bytes(data)
    with pytest.raises(InputError) as err:
        read_input(tmp_path / name)
    assert str(err.value).startswith(message)


def test_a_broken_file_in_a_mixed_folder_leaves_the_others_building(tmp_path):
    write_xlsx(plan_004(), tmp_path / "004.xlsx")
    write_html(climate_annex(), tmp_path / "climate.html")
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 truncated")
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    corpus = build_paths([tmp_path])
    assert len(corpus.tasks) == 138 + 22
    assert [e.split(":")[0].rsplit("/", 1)[-1] for e in corpus.errors] == ["old.xls", "broken.docx"]
    assert "save it as .xlsx" in corpus.errors[0]


def test_text_inputs_carry_no_location(tmp_path):
    shutil.copy(SAMPLE_CORPUS / "004_d2e1d2fa9d54708a.txt", tmp_path)
    corpus = build_paths([tmp_path])
    assert {t.where for t in corpus.tasks} == {None}
    assert {d.format for d in corpus.documents} == {"text"}


def _squashed_text(rows: list[dict]) -> list[dict]:
    """A PDF loses a space where a line wraps at it (the writer drops it): compare text as the gold does,
    whitespace-insensitively."""
    return [r | {k: "".join((r[k] or "").split()) for k in ("text", "key_task")} for r in rows]


def test_a_mixed_folder_of_the_same_content_builds_to_the_same_records(tmp_path):
    """txt, pdf, docx, html, xlsx and csv copies of the same plans: one build, the same records from each."""
    shutil.copy(SAMPLE_CORPUS / "004_d2e1d2fa9d54708a.txt", tmp_path)
    shutil.copy(SAMPLE_CORPUS / "001_e1b176771c56fa1b.txt", tmp_path)
    for doc in (plan_004(), climate_annex()):
        write_all(doc, tmp_path / doc.name, formats=("pdf", "docx", "html", "xlsx", "csv"))
    corpus = build_paths([tmp_path])
    assert corpus.errors == []
    by_file: dict[str, list] = {}
    for t in corpus.tasks:
        by_file.setdefault(t.doc, []).append(t)
    text_004 = content(by_file["004_d2e1d2fa9d54708a.txt"])
    text_climate = content([t for t in by_file["001_e1b176771c56fa1b.txt"] if t.appendix == 1 and t.layout == "table"])
    for fmt in ("pdf", "docx", "html", "xlsx", "csv"):
        same = _squashed_text if fmt == "pdf" else (lambda rows: rows)
        assert same(content(by_file[f"004.{fmt}"])) == same(text_004), fmt
        assert same(content(by_file[f"climate.{fmt}"])) == same(text_climate), fmt
        assert {t.split for t in by_file[f"climate.{fmt}"]} == {"certain"}, fmt
    formats = {d.doc: d.format for d in corpus.documents}
    assert sorted(set(formats.values())) == ["csv", "docx", "html", "pdf", "text", "xlsx"]
    pdf = by_file["climate.pdf"]
    assert pdf[0].where == "p.1, table 1, row 3"
    cov = corpus.coverage()
    assert {name: (c["unparsed"], c["unaccounted"]) for name, c in cov.items() if not name.endswith(".txt")} == {
        f"{n}.{fmt}": (0, 0) for n in ("004", "climate") for fmt in ("pdf", "docx", "html", "xlsx", "csv")
    }


def test_word_saved_web_page_in_gb2312_reads_like_the_document():
    """Word's "save as web page": gb2312 meta charset, list numbers as text, a name split over <span>s."""
    path = Path(__file__).parent / "fixtures" / "formats" / "word_saved_gb2312.htm"
    src = read_input(path)
    assert src.encoding == "html/gb18030"
    assert src.lines == [
        "某区2024年重点工作任务分工方案",
        "1.    建设数据平台。",
        "牵头领导：张三",
        "责任单位：区经济和信息化局、区财政局",
        "完成时限：2024年6月底",
    ]
    t = build_paths([path]).tasks[0]
    assert (t.number, t.text, [n.text for n in t.responsible_units], t.deadline.date, t.where) == (
        "1",
        "建设数据平台。",
        ["区经济和信息化局", "区财政局"],
        "2024-06-30",
        "paragraphs 2–5",
    )


def test_each_field_names_the_table_cell_it_was_read_from(written):
    t = next(t for t in written[2]["climate.docx"].tasks if t.number == "2")
    assert t.export()["cells"] == {
        "number": ["table 1, row 5, column 序号"],
        "key_task": ["table 1, row 5, column 重点任务"],
        "text": ["table 1, row 5, column 工作措施"],
        "lead_officials": ["table 1, row 5, column 牵头领导"],
        "deadline": ["table 1, row 5, column 完成时限"],
        "responsible_units": ["table 1, row 5, column 主责单位"],
        "assist_units": ["table 1, row 5, column 协办单位"],
    }
    tsv = next(
        t
        for t in build_paths([Path(__file__).parent / "fixtures" / "layouts" / "columns_004_shuffled.tsv"]).tasks
        if t.number == "11"
    )
    assert tsv.export()["cells"]["responsible_units"] == ["line 9, column 责任单位", "line 10, column 责任单位"]


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "csv", "html"])
def test_a_table_in_traditional_characters_reads_as_the_simplified_one_in_every_format(tmp_path, fmt):
    import dataclasses

    import zhconv

    from fengong.build.source import reading_form

    plan = plan_004()

    def trad(text):
        return zhconv.convert(text, "zh-tw") if text else text

    traditional = dataclasses.replace(
        plan,
        name="trad",
        before=[trad(t) for t in plan.before],
        columns=[trad(c) for c in plan.columns],
        rows=[dataclasses.replace(r, cells=[trad(c) for c in r.cells]) for r in plan.rows],
        after=[trad(t) for t in plan.after],
    )
    assert "區發展改革委" in "".join(c for r in traditional.rows for c in r.cells)
    (simple,) = write_all(plan, tmp_path / "s", formats=(fmt,))
    (trad_file,) = write_all(traditional, tmp_path / "t", formats=(fmt,))
    want, got = build_paths([simple]), build_paths([trad_file])
    assert len(got.tasks) == 138
    # names are kept as printed (traditional) and read in their simplified form
    assert [
        (
            t.number,
            [reading_form(n.text) for n in t.responsible_units],
            [(reading_form(n.text), n.lines) for n in t.lead_officials],
            t.deadline,
        )
        for t in got.tasks
    ] == [
        (t.number, [n.text for n in t.responsible_units], [(n.text, n.lines) for n in t.lead_officials], t.deadline)
        for t in want.tasks
    ]
    assert got.tasks[0].responsible_units[0].text == "區發展改革委"
    assert any("traditional characters read as simplified" in w for w in got.warnings)
