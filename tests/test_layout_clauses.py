"""The clauses layout: assignments in a parenthesis closing a paragraph or section."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fengong.build.layouts import clauses
from fengong.build.layouts.base import Context
from fengong.build.records import Document
from fengong.build.source import read_source
from fengong.build.splitter import split_documents
from fengong.data import SAMPLE_CORPUS

FIXTURES = Path(__file__).parent / "fixtures"
LAYOUTS = FIXTURES / "layouts"
SCIENCE_GOLD = FIXTURES / "gold" / "001-science.gold.jsonl"
SCORER = next(
    (p for p in (FIXTURES / "gold" / "score_records.py", Path("/work/shared/tools/score_records.py")) if p.exists()),
    Path("/work/shared/tools/score_records.py"),
)


def fixture_ctx(name: str, year: int = 2023) -> Context:
    src = read_source(LAYOUTS / name)
    doc = Document(id="doc-test", doc=src.name, line=1, line_end=len(src.lines), year=year)
    return Context(src, doc, list(enumerate(src.lines, 1)))


def segment_ctx(file: str, number: str) -> Context:
    src = read_source(SAMPLE_CORPUS / file)
    split = split_documents(src)
    seg = next(s for s in split.segments if s.document.number == number)
    return Context(src, seg.document, seg.text(src))


def names(ns) -> list[str]:
    return [n.text for n in ns]


def summary(t) -> tuple:
    return (t.number, t.line, t.line_end, t.section, t.text, names(t.responsible_units), names(t.assist_units))


@pytest.fixture(scope="module")
def science() -> Context:
    return segment_ctx("001_e1b176771c56fa1b.txt", "通政办发〔2022〕14号")


@pytest.fixture(scope="module")
def science_parsed(science):
    return clauses.parse(science)


@pytest.fixture(scope="module")
def gold() -> list[dict]:
    return [json.loads(line) for line in SCIENCE_GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


def all_nonblank_noted(ctx: Context, parsed) -> bool:
    return {n for n, t in ctx.lines if t.strip()} == set(parsed.notes)


# --- 通政办发〔2022〕14号 (001, lines 10009–10879) -------------------------------------------------


def test_science_plan_is_detected_with_certainty(science):
    assert clauses.detect(science) == 1.0


def test_science_plan_gives_one_record_per_fengong_clause_at_the_clause_line(science_parsed, gold):
    assert [t.line for t in science_parsed.tasks] == [g["line"] for g in gold]
    assert [t.line_end for t in science_parsed.tasks] == [
        10301,
        10351,
        10412,
        10461,
        10498,
        10547,
        10608,
        10668,
        10717,
        10762,
        10810,
    ]


def test_science_leads_are_responsible_and_participants_assist_exactly_as_gold(science_parsed, gold):
    for t, g in zip(science_parsed.tasks, gold, strict=True):
        assert names(t.responsible_units) == g["lead_units"], g["line"]
        assert names(t.assist_units) == g["assist_units"], g["line"]
        assert t.lead_officials == []


def test_science_section_is_top_heading_and_sub_heading_the_clause_closes(science_parsed, gold):
    for t, g in zip(science_parsed.tasks, gold, strict=True):
        assert t.section[-1] == g["heading"]
        assert t.number is None
    assert science_parsed.tasks[0].section == ["三、重点人群科学素质提升行动", "（一）青少年科学素质提升行动"]
    assert science_parsed.tasks[5].section == ["四、重点工程", "（一）科技资源科普化工程"]


def test_science_text_is_the_sections_paragraphs_up_to_the_clause(science_parsed):
    first = science_parsed.tasks[0]
    assert first.text.startswith("激发青少年好奇心和想象力，增强科学兴趣和创新意识，培育一大批具备创新能力")
    assert first.text.endswith("将科学精神、科学思想、科学方法纳入普通教师培养过程，并加强新科技知识和技能培训。")
    assert "分工" not in first.text and "——实施教师科学素质提升工程。" in first.text
    last = science_parsed.tasks[-1]
    assert last.text.startswith("深化全民科学素质交流与合作")
    assert last.text.endswith("“一带一路”青少年科学营等活动。")


def test_science_records_have_layout_document_and_certain_split(science, science_parsed):
    for t in science_parsed.tasks:
        assert (t.doc, t.document, t.layout, t.split, t.deadline) == (
            "001_e1b176771c56fa1b.txt",
            science.document.id,
            "clauses",
            "certain",
            None,
        )
        assert t.split_reason == "clause marks roles: 牵头、共同参与"


def test_clause_split_by_page_number_rejoins_a_unit_across_the_break(science, science_parsed):
    t = science_parsed.tasks[-1]
    assert (t.line, t.line_end) == (10796, 10810)
    wrapped = next(n for n in t.assist_units if n.text == "区文化和旅游局")
    assert wrapped.lines == (10798, 10808)
    assert names(t.assist_units)[-1] == "各街道乡镇"
    page = science_parsed.notes[10800]
    assert (page.status, page.kind) == ("boilerplate", "page-number")


def test_clause_without_you_and_unit_both_lead_and_assist_are_kept_as_printed(science_parsed):
    by_line = {t.line: t for t in science_parsed.tasks}
    older = by_line[10455]  # "（分工：区民政局、…牵头" — no 由
    assert names(older.responsible_units) == ["区民政局", "区卫生健康委", "区科协"]
    assert "区民政局" in names(older.assist_units)
    workers = by_line[10406]
    assert "区总工会" in names(workers.responsible_units) and "区总工会" in names(workers.assist_units)


def test_clause_without_deng_danwei_keeps_its_only_assist(science_parsed):
    cadres = next(t for t in science_parsed.tasks if t.line == 10496)
    assert names(cadres.assist_units) == ["区纲要办成员单位"]
    assert cadres.assist_units[0].lines == (10496, 10498)


def test_science_every_nonblank_line_is_accounted_for(science, science_parsed):
    assert all_nonblank_noted(science, science_parsed)
    notes = science_parsed.notes
    assert not [n for n in notes.values() if n.status == "unparsed"]
    assert (notes[10220].status, notes[10220].kind) == ("boilerplate", "section-heading")
    assert notes[10222].status == "record" and notes[10297].status == "record" and notes[10301].status == "record"
    assert (notes[10211].status, notes[10211].kind) == ("boilerplate", "prose")  # intro of 三、, no clause


def test_science_exported_jsonl_matches_gold_field_by_field(science_parsed, gold, tmp_path):
    out = tmp_path / "science.jsonl"
    out.write_text(
        "".join(json.dumps(t.export(), ensure_ascii=False) + "\n" for t in science_parsed.tasks), encoding="utf-8"
    )
    pred = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(pred) == len(gold) == 11
    for p, g in zip(pred, gold, strict=True):
        assert p["doc"] == g["doc"]
        assert p["line"] == g["line"]
        assert p["responsible_units"] == g["lead_units"]
        assert p["assist_units"] == g["assist_units"]
        assert p["section"][-1] == g["heading"]
        assert p["layout"] == "clauses"


@pytest.mark.skipif(not SCORER.exists(), reason="shared scorer not available")
def test_science_scores_one_on_every_field_with_the_shared_scorer(science_parsed, tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("score_records", SCORER)
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    pred = [t.export() for t in science_parsed.tasks]
    gold = scorer.load(SCIENCE_GOLD)
    pairs = scorer.match(gold, pred)
    result = scorer.score(pairs, extra=scorer.unmatched_in_scope(gold, pairs, pred))
    assert result["task_recall"] == 1.0 and result["task_precision"] == 1.0
    for f in ("responsible_units", "assist_units", "units_any"):
        assert result[f]["f1"] == 1.0, f


# --- detection on the other seeds ---------------------------------------------------------------


def test_detect_is_low_on_field_blocks_of_004():
    assert clauses.detect(segment_ctx("004_d2e1d2fa9d54708a.txt", "通政发〔2023〕2号")) < 0.2


def test_detect_is_low_on_the_15hao_responsibility_lines():
    assert clauses.detect(segment_ctx("001_e1b176771c56fa1b.txt", "通政办发〔2022〕15号")) < 0.2


def test_detect_is_zero_on_every_other_seed_document():
    for path in sorted(SAMPLE_CORPUS.glob("*.txt")):
        src = read_source(path)
        for seg in split_documents(src).segments:
            if seg.document.number == "通政办发〔2022〕14号":
                continue
            assert clauses.detect(Context(src, seg.document, seg.text(src))) < 0.2, (path.name, seg.document.title)


# --- municipal style, one paragraph per line ---------------------------------------------------


@pytest.fixture(scope="module")
def web():
    ctx = fixture_ctx("clauses_municipal_web.txt")
    return ctx, clauses.parse(ctx)


def test_municipal_items_closed_by_clauses_become_numbered_records(web):
    ctx, p = web
    assert clauses.detect(ctx) == 1.0
    s1, s2 = ["一、提升政务服务效能"], ["二、优化市场环境"]
    assert [summary(t) for t in p.tasks] == [
        (
            "一",
            6,
            6,
            s1,
            "深化“一网通办”改革。推进政务服务事项全程网办，2023年底前实现高频事项“掌上办”全覆盖。",
            ["市政务服务局"],
            ["市大数据局"],
        ),
        (
            "二",
            7,
            7,
            s1,
            "压缩企业开办时间。将企业开办时间压缩至1个工作日以内，推行企业开办“一件事”集成服务。",
            ["市市场监管局"],
            ["市公安局", "市税务局", "市人力资源社会保障局"],
        ),
        ("三", 8, 8, s1, "推进“证照分离”改革全覆盖。", ["市市场监管局"], ["市司法局", "市政务服务局"]),
        (
            "四",
            10,
            10,
            s2,
            "加强公平竞争审查。建立健全公平竞争审查工作机制，清理妨碍统一市场和公平竞争的规定和做法。",
            ["市市场监管局"],
            ["市发展改革委", "市司法局"],
        ),
        (
            "六",
            12,
            12,
            s2,
            "推进信用体系建设。完善信用修复机制，推动信用报告代替无违法违规证明。",
            ["市发展改革委", "人民银行某市中心支行"],
            ["各区政府"],
        ),
        ("七", 13, 13, s2, "强化知识产权保护。加快建设知识产权保护中心。", ["市知识产权局", "市中级人民法院"], []),
    ]


def test_labelled_fields_inside_the_parenthesis_give_units_and_deadline(web):
    t = web[1].tasks[2]
    assert (t.deadline.text, t.deadline.date, t.deadline.kind, t.deadline.lines) == (
        "2023年6月底前",
        "2023-06-30",
        "date",
        (8,),
    )
    assert t.split_reason == "clause marks roles: 牵头单位、配合单位"


def test_standing_duty_in_a_clause_is_an_ongoing_deadline(web):
    t = web[1].tasks[4]
    assert (t.deadline.text, t.deadline.date, t.deadline.kind) == ("持续推进", None, "ongoing")


def test_responsibility_field_without_lead_makes_every_unit_responsible(web):
    t = web[1].tasks[5]
    assert t.split_reason == "clause names no lead: every listed unit is responsible (责任单位)"


def test_item_without_clause_among_assigned_siblings_is_unparsed(web):
    note = web[1].notes[11]
    assert note.status == "unparsed"
    assert note.reason == "numbered item 五 (line 11) is closed by no 分工 clause"


def test_items_of_a_section_without_any_clause_are_prose(web):
    notes = web[1].notes
    assert [(notes[n].status, notes[n].kind) for n in (14, 15, 16, 18)] == [
        ("boilerplate", "section-heading"),
        ("boilerplate", "prose"),
        ("boilerplate", "prose"),
        ("boilerplate", "footer"),
    ]
    assert all_nonblank_noted(*web)


# --- municipal style, PDF text wrapped with blank lines --------------------------------------


@pytest.fixture(scope="module")
def pdf():
    ctx = fixture_ctx("clauses_municipal_pdf.txt")
    return ctx, clauses.parse(ctx)


def test_wrapped_numbered_items_and_a_fengong_section_give_exact_records(pdf):
    ctx, p = pdf
    s1 = ["一、完善职业教育体系"]
    assert [summary(t) for t in p.tasks] == [
        (
            "1",
            8,
            12,
            s1,
            "推动中职学校标准化建设，改善办学条件，2024 年底前全部中职学校达到国家设置标准。",
            ["市教委"],
            ["市发展改革委", "市财政局"],
        ),
        (
            "2",
            14,
            18,
            s1,
            "支持高职院校扩大招生规模，优化专业结构，重点发展先进制造、现代服务等领域专业。",
            ["市教委"],
            ["市人力资源社会保障局", "市财政局"],
        ),
        (
            "3",
            22,
            24,
            s1,
            "深化产教融合，建设一批市级产教融合实训基地。",
            ["市发展改革委"],
            ["市教委", "市工业和信息化局"],
        ),
        ("4", 28, 30, ["二、强化保障措施"], "落实职业教育经费投入政策，新增教育经费向职业教育倾斜。", ["市财政局"], []),
        (
            None,
            40,
            42,
            ["三、营造良好氛围", "（一）办好职业教育活动周"],
            "组织开展职业教育活动周，展示职业教育改革发展成果。推动职业院校向社会开放实训场所。",
            ["市教委"],
            ["市委宣传部", "市人力资源社会保障局"],
        ),
    ]


def test_unit_names_wrapped_inside_a_clause_keep_both_lines(pdf):
    tasks = pdf[1].tasks
    assert tasks[1].assist_units[0].lines == (16, 18)  # 市人力资源社会保障 / 局
    assert tasks[2].responsible_units[0].lines == (22, 24)  # 市发展改革 / 委


def test_page_number_between_items_is_boilerplate(pdf):
    ctx, p = pdf
    assert (p.notes[20].status, p.notes[20].kind) == ("boilerplate", "page-number")
    assert all_nonblank_noted(ctx, p)
    assert not [n for n in p.notes.values() if n.status == "unparsed"]


# --- State Council style ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def council():
    ctx = fixture_ctx("clauses_state_council.txt")
    return ctx, clauses.parse(ctx)


def test_state_council_items_keep_listed_order_and_no_lead_means_all_responsible(council):
    ctx, p = council
    a = ["一、着力稳定宏观经济大盘", "（一）积极的财政政策要加力提效。"]
    b = ["一、着力稳定宏观经济大盘", "（二）稳健的货币政策要精准有力。"]
    c = ["二、加快建设现代化产业体系", "（三）推进制造业高端化智能化绿色化发展。"]
    assert [summary(t) for t in p.tasks] == [
        ("1", 11, 11, a, "完善税费支持政策，着力纾解企业困难。", ["财政部", "税务总局"], []),
        ("2", 13, 13, a, "加大中央对地方转移支付力度，推动财力下沉。", ["财政部"], []),
        (
            "3",
            17,
            17,
            b,
            "保持流动性合理充裕，引导金融机构增加对实体经济特别是小微企业的信贷投放。",
            ["人民银行"],
            ["金融监管总局"],
        ),
        ("4", 19, 19, b, "推动实际贷款利率稳中有降。", ["人民银行"], []),
        (
            "5",
            25,
            25,
            c,
            "实施制造业重点产业链高质量发展行动。",
            ["工业和信息化部", "国家发展改革委"],
            ["科技部", "财政部"],
        ),
        ("5", 25, 25, c, "加快发展工业互联网。", ["工业和信息化部"], []),
        ("6", 27, 27, c, "健全中小企业公共服务体系。", ["工业和信息化部"], ["有关部门"]),
        ("7", 29, 29, c, "扩大高水平对外开放，稳住外贸外资基本盘。", ["商务部"], ["国家发展改革委", "有关部门"]),
    ]
    assert p.tasks[0].split_reason == "clause names no lead: every listed unit is responsible (按职责分工负责)"


def test_state_council_deadline_in_clause_uses_the_plan_year(council):
    t = council[1].tasks[3]
    assert (t.deadline.text, t.deadline.date) == ("年内持续推进", "2023-12-31")


def test_state_council_headings_ending_in_a_full_stop_over_numbered_items_are_sections(council):
    ctx, p = council
    assert (p.notes[9].status, p.notes[9].kind) == ("boilerplate", "section-heading")
    assert (p.notes[31].status, p.notes[31].kind) == ("boilerplate", "prose")
    assert all_nonblank_noted(ctx, p)


# --- read_clause: the grammar on its own ---------------------------------------------------------


@pytest.mark.parametrize(
    "clause, responsible, assist",
    [
        ("（市发展改革委牵头，市财政局配合）", ["市发展改革委"], ["市财政局"]),
        ("(市发展改革委牵头,市财政局配合)", ["市发展改革委"], ["市财政局"]),
        (
            "（市教委牵头，市人力资源社会保障局、市财政局按职责分工负责）",
            ["市教委"],
            ["市人力资源社会保障局", "市财政局"],
        ),
        ("（国家发展改革委、财政部等按职责分工负责）", ["国家发展改革委", "财政部"], []),
        ("（区科协牵头，区教委参与）", ["区科协"], ["区教委"]),
        ("（牵头单位：市教委；配合单位：市财政局）", ["市教委"], ["市财政局"]),
        ("(牵头单位:市教委,配合单位:市财政局,市人社局)", ["市教委"], ["市财政局", "市人社局"]),
        ("（分工:由区科协牵头,区教委、区科委等单位共同参与。）", ["区科协"], ["区教委", "区科委"]),
        ("（区城市管理委（区城管执法局）牵头，各街道乡镇配合）", ["区城市管理委（区城管执法局）"], ["各街道乡镇"]),
        ("（财政部会同有关部门负责）", ["财政部"], ["有关部门"]),
        ("（商务部牵头，国家发展改革委等有关部门按职责分工负责）", ["商务部"], ["国家发展改革委", "有关部门"]),
        ("（市住房城乡建设委牵头，各区政府落实）", ["市住房城乡建设委"], ["各区政府"]),
    ],
)
def test_read_clause_assigns_roles(clause, responsible, assist):
    c = clauses.read_clause(clause)
    assert (names(c.responsible), names(c.assist)) == (responsible, assist)


def test_read_clause_takes_units_without_role_word_after_a_lead_as_inferred_assist():
    c = clauses.read_clause("（市发展改革委牵头，市财政局、市商务局）")
    assert (names(c.responsible), names(c.assist), c.inferred) == (["市发展改革委"], ["市财政局", "市商务局"], True)


def test_read_clause_reads_lead_officials_field():
    c = clauses.read_clause("（牵头领导：张 三；牵头单位：市教委）")
    assert (names(c.officials), names(c.responsible)) == (["张三"], ["市教委"])


@pytest.mark.parametrize(
    "text",
    [
        "（以下简称《实施方案》）",
        "（通州）",
        "（2021-2025 年）",
        "（设在区科协，以下简称区纲要办）",
        "（区科协发挥牵头作用）",
        "（负责）",
        "（所、站）",
    ],
)
def test_read_clause_rejects_parentheses_that_assign_nothing(text):
    assert clauses.read_clause(text) is None


def test_parenthesis_with_assignment_words_that_does_not_read_is_reported_unparsed():
    from fengong.build.source import source_from_text

    src = source_from_text(
        "x.txt",
        "一、任务\n（一）推进改革。加快建设。（市发展改革委牵头，市财政局配合）\n"
        "（二）强化保障。加大投入。（牵头：研究确定后另行通知）\n",
    )
    ctx = Context(src, Document("d", "x.txt", 1, 3), list(enumerate(src.lines, 1)))
    p = clauses.parse(ctx)
    assert [t.number for t in p.tasks] == ["一"]
    assert p.notes[3].status == "unparsed"
    assert p.notes[3].reason == "a parenthesis with assignment words that does not read as a 分工 clause"


def test_heading_closed_at_once_by_a_clause_is_itself_the_task():
    from fengong.build.source import source_from_text

    src = source_from_text(
        "x.txt",
        "五、保障措施\n（一）加强组织领导（区委组织部牵头）\n（二）强化资金保障\n（区财政局负责）\n"
        "（三）加强宣传\n开展宣传活动。\n（区委宣传部负责）\n",
    )
    p = clauses.parse(Context(src, Document("d", "x.txt", 1, 7), list(enumerate(src.lines, 1))))
    assert [summary(t) for t in p.tasks] == [
        ("一", 2, 2, ["五、保障措施"], "加强组织领导", ["区委组织部"], []),
        ("二", 3, 4, ["五、保障措施"], "强化资金保障", ["区财政局"], []),
        (None, 7, 7, ["五、保障措施", "（三）加强宣传"], "开展宣传活动。", ["区委宣传部"], []),
    ]
    assert [p.notes[n].status for n in range(1, 8)] == [
        "boilerplate",
        "record",
        "record",
        "record",
        "boilerplate",
        "record",
        "record",
    ]
