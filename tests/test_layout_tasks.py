"""The task-by-task reader: every form of assignment in one plan, the role file, nothing lost."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from fengong.build import build_paths, roles
from fengong.build.assignments import read_text

FIXTURES = Path(__file__).parent / "fixtures" / "plans"
REAL = Path(__file__).resolve().parents[2] / "shared" / "real"


def _rows(corpus):
    return [
        (
            t.number,
            t.line,
            [n.text for n in t.lead_officials],
            [n.text for n in t.responsible_units],
            [n.text for n in t.assist_units],
            t.deadline.text if t.deadline else None,
        )
        for t in corpus.tasks
    ]


def test_a_plan_mixing_every_form_gives_every_task_its_exact_record():
    corpus = build_paths([FIXTURES / "mixed_forms.txt"])
    assert _rows(corpus) == [
        ("1", 3, [], ["区经济和信息化局"], ["区财政局"], "2024年6月底"),  # labelled parenthetical
        (
            "2",
            4,
            ["王健"],
            ["区发展改革委"],
            ["区商务局", "区市场监管局"],
            "2024年12月底",
        ),  # field lines; 责任单位 assists
        ("3", 9, ["李明"], ["区发展改革委"], ["区财政局"], None),  # several fields on one line
        ("4", 10, [], ["区政务服务局", "区大数据中心"], [], "6月底完成"),  # deadline first
        ("5", 11, [], ["区商务局"], ["区财政局", "区税务局"], None),  # X牵头，Y配合
        ("6", 12, [], ["区司法局"], [], None),  # X负责
        ("7", 13, [], ["区民政局"], ["区财政局"], None),  # X主办，Y协办
        ("8", 14, [], ["区发展改革委"], ["区财政局"], None),  # X会同Y负责
        ("9", 15, [], ["区统计局", "区发展改革委"], [], None),  # 按职责分工负责
        ("10", 16, [], ["区委改革办"], ["区各部门"], None),  # 牵头，按职责分工配合
        ("11", 17, [], ["区人力社保局", "区农业农村局"], [], None),  # 分别牵头
        ("12", 18, [], ["区委宣传部"], ["区文明办"], None),  # 以上工作由X负责，Y配合
        ("13", 19, [], ["区交通局"], [], None),  # inline label
        ("14", 20, [], ["区商务局", "区贸促会"], ["区商务局"], None),  # two clauses: their union
        ("1", 22, ["王丹"], ["区财政局"], [], None),  # official from the heading
        ("一", 25, [], ["区水务局"], [], None),  # unit heading assigns
        ("二", 26, [], ["区水务局"], [], None),
        ("1", 29, [], ["区经济和信息化局"], ["区财政局"], "2024年9月底"),  # the table after the paragraphs
    ]
    t2 = corpus.tasks[1]
    assert t2.unnamed == ["等有关部门"]
    assert [(a["label"], a["role"], a["form"]) for a in t2.assignments] == [
        ("牵头领导", "official", "field"),
        ("牵头单位", "lead", "field"),
        ("责任单位", "responsible", "field"),
        ("完成时限", "deadline", "field"),
    ]
    assert corpus.tasks[15].split == "inferred"  # assigned by its heading, not printed with the task
    assert corpus.coverage()["mixed_forms.txt"]["unparsed"] == 0


def test_paragraphs_before_a_table_are_tasks_not_boilerplate(tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text(
        "1.建设数据平台。（牵头单位：区发展改革委；配合单位：区财政局；完成时限：2024年6月底）\n"
        "2.优化营商环境。（牵头单位：区商务局；配合单位：区市场监管局；完成时限：2024年9月底）\n"
        "序号\t任务\t牵头单位\t配合单位\n"
        "3\t扩大有效投资\t区发展改革委\t区财政局\n",
        encoding="utf-8",
    )
    corpus = build_paths([plan])
    assert [(t.number, [n.text for n in t.responsible_units]) for t in corpus.tasks] == [
        ("1", ["区发展改革委"]),
        ("2", ["区商务局"]),
        ("3", ["区发展改革委"]),
    ]
    assert corpus.coverage()["plan.txt"]["boilerplate"] == 0


def test_a_field_line_with_no_numbered_task_above_it_is_an_unnumbered_task(tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text("关于做好有关工作的通知\n各单位要高度重视。\n牵头单位：区发展改革委\n", encoding="utf-8")
    corpus = build_paths([plan])
    assert [(t.number, t.line, t.line_end, [n.text for n in t.responsible_units]) for t in corpus.tasks] == [
        (None, 1, 3, ["区发展改革委"])
    ]
    assert corpus.coverage()["plan.txt"]["boilerplate"] == 0


def test_labels_are_read_by_their_parts():
    r = roles.active()
    assert [
        r.label_role(x)
        for x in (
            "牵头责任单位",
            "主要协作单位",
            "分管市领导",
            "牵头负责部门",
            "协同责任单位",
            "配合部门",
            "责任部门",
            "数据提供单位",
            "项目责任人",
            "完成时间",
        )
    ] == [
        "lead",
        "assist",
        "official",
        "lead",
        "assist",
        "assist",
        "responsible",
        "data_provider",
        "project_owner",
        "deadline",
    ]


def test_roles_that_are_neither_lead_nor_assist_are_kept_as_their_own():
    a = read_text("牵头领导：谢瑞武，牵头单位：市发改委，数据提供单位：市统计局", form="parenthetical")
    assert [(p.label, p.role, [n.text for n in p.names]) for p in a.printed] == [
        ("牵头领导", "official", ["谢瑞武"]),
        ("牵头单位", "lead", ["市发改委"]),
        ("数据提供单位", "data_provider", ["市统计局"]),
    ]


def test_a_new_label_needs_only_a_user_roles_file(tmp_path):
    mine = tmp_path / "mine.toml"
    mine.write_text('[words]\nassist = ["帮办"]\n', encoding="utf-8")
    plan = tmp_path / "plan.txt"
    plan.write_text("1.建设平台。\n牵头单位：区财政局\n帮办单位：区商务局\n", encoding="utf-8")
    cmd = [sys.executable, "-m", "fengong.cli"]
    base = subprocess.run([*cmd, "export", "records", "--format", "jsonl", str(plan)], capture_output=True, text=True)
    assert json.loads(base.stdout.splitlines()[0])["assist_units"] == []
    got = subprocess.run(
        [*cmd, "--role-words", str(mine), "export", "records", "--format", "jsonl", str(plan)],
        capture_output=True,
        text=True,
    )
    assert got.returncode == 0, got.stderr
    assert json.loads(got.stdout.splitlines()[0])["assist_units"] == ["区商务局"]
    bad = tmp_path / "bad.toml"
    bad.write_text("[nonsense]\nx = 1\n", encoding="utf-8")
    failed = subprocess.run([*cmd, "--role-words", str(bad), "build", str(plan)], capture_output=True, text=True)
    assert failed.returncode == 2 and "unknown section" in failed.stderr and "Traceback" not in failed.stderr


def test_unit_lists_split_outside_brackets_and_between_whole_names_only():
    a = read_text("责任单位: 市发展改革委、住建局, 各县（市、区）政府、伏羲 山管委 会、六安供电公司等")
    assert [n.text for n in a.printed[0].names] == [
        "市发展改革委",
        "住建局",
        "各县（市、区）政府",
        "伏羲山管委会",
        "六安供电公司",
    ]


def test_a_stated_convention_and_a_lead_mark_are_recorded():
    a = read_text("责任单位：县发改局（首位单位为牵头单位，下同）、县财政局")
    assert [n.text for n in a.printed[0].names] == ["县发改局", "县财政局"] and a.conventions == ["first-leads"]
    b = read_text("责任单位：★区发改委、统计局")
    assert b.printed[0].marked == ["区发改委"] and "lead-mark" in b.conventions


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real is not here")
def test_the_real_development_set_scores_at_least_095_on_every_field(tmp_path):
    scorer = REAL.parent / "tools" / "score_records.py"
    out = tmp_path / "real.jsonl"
    corpus = build_paths(sorted(REAL.glob("*.txt")))
    with out.open("w", encoding="utf-8") as fh:
        for t in corpus.tasks:
            fh.write(json.dumps(t.export(), ensure_ascii=False) + "\n")
    res = subprocess.run(
        [sys.executable, str(scorer), *map(str, sorted(REAL.glob("*.gold.jsonl"))), "--pred", str(out), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    total = json.loads(res.stdout)["ALL"]
    assert total["task_recall"] >= 0.95 and total["task_precision"] >= 0.95
    for f in ("responsible_units", "assist_units", "units_any", "deadline"):
        assert total[f]["f1"] >= 0.95, (f, total[f])


def test_contacts_are_kept_for_each_unit_printed_before_them(tmp_path):
    path = tmp_path / "contacts.txt"
    path.write_text(
        "一、减轻企业负担\n（一）落实减税降费政策\n1.2022 年对小微企业减征“六税两费”。\n"
        "责任部门：区科委\n联 系 人：郭华杰\n联系电话：89526651-2036\n"
        "责任部门：中关村通州园区管委会（有关园区\n政策咨询）\n联 系 人：孙时宇\n联系电话：61560076\n"
        "2.延续实施增值税加计抵减政策。\n责任部门：区税务局\n",
        encoding="utf-8",
    )
    corpus = build_paths([path])
    first, second = corpus.tasks
    # "1.2022 年": a number run into a figure is task 1, where the numbering expects 1
    assert (first.number, first.line, first.line_end, first.text) == ("1", 3, 10, "2022 年对小微企业减征“六税两费”。")
    assert [n.text for n in first.responsible_units] == ["区科委", "中关村通州园区管委会（有关园区政策咨询）"]
    assert [(c.person, c.phone, c.lines, c.unit) for c in first.contacts] == [
        ("郭华杰", "89526651-2036", (5, 6), "区科委"),
        ("孙时宇", "61560076", (9, 10), "中关村通州园区管委会（有关园区政策咨询）"),
    ]
    assert (second.number, [n.text for n in second.responsible_units], second.contacts) == ("2", ["区税务局"], [])


def test_a_label_that_names_no_one_is_unparsed_and_the_doctor_reports_it(tmp_path):
    from fengong.doctor import diagnose

    path = tmp_path / "empty-label.txt"
    path.write_text(
        "一、重点任务\n1.建设数据平台。\n牵头单位：区经济和信息化局\n2.优化营商环境。\n牵头单位：\n", encoding="utf-8"
    )
    corpus = build_paths([path])
    assert [(t.number, [n.text for n in t.responsible_units]) for t in corpus.tasks] == [("1", ["区经济和信息化局"])]
    assert [(n.line, n.reason) for f in corpus.files for n in f.unparsed()] == [
        (5, "an assignment label that names no one a task could take")
    ]
    found = diagnose(corpus, checks=["assignment-unread"])
    assert [(f.check, f.severity, f.file, f.line, f.subject) for f in found] == [
        ("assignment-unread", "warning", "empty-label.txt", 5, "牵头单位：")
    ]


def test_a_plan_cut_before_its_last_tasks_fields_warns_and_leaves_it_unparsed(tmp_path):
    path = tmp_path / "cut.txt"
    path.write_text(
        "一、重点任务\n1.建设数据平台。\n牵头单位：区经济和信息化局\n完成时限：6月底\n"
        "2.优化营商环境。\n责任单位：区商务局\n完成时限：年底\n3.扩大有效投资，\n",
        encoding="utf-8",
    )
    corpus = build_paths([path])
    assert [t.number for t in corpus.tasks] == ["1", "2"]
    assert corpus.warnings == [
        "cut.txt: line 8: the file ends inside task 3 (line 8): its text but no 责任单位/完成时限 lines, which "
        "every task before it has; its lines are left unparsed — check that the file is complete"
    ]
    assert [n.line for f in corpus.files for n in f.unparsed()] == [8]


def test_a_heading_that_assigns_is_cited_in_the_records_reason(tmp_path):
    path = tmp_path / "heading.txt"
    path.write_text("一、王丹副区长牵头重点工作\n1.推进财政预算改革。（区财政局负责）\n", encoding="utf-8")
    (task,) = build_paths([path]).tasks
    assert ([n.text for n in task.lead_officials], task.split) == (["王丹"], "inferred")
    assert task.split_reason == (
        "read from parenthetical、heading (负责); the heading 一、王丹副区长牵头重点工作 names who "
        "does the tasks under it"
    )
