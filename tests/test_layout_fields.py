"""Field blocks: 004 (牵头领导/责任单位/完成时限), 13号 (责任部门/联系人/联系电话), 15号 (责任单位)."""

from __future__ import annotations

import pytest

from fengong.build import build_paths
from fengong.build.layouts.base import Context
from fengong.build.layouts.fields import parse


@pytest.fixture(scope="module")
def corpus():
    return build_paths()


def _doc_tasks(corpus, number):
    doc = next(d for d in corpus.documents if d.number == number)
    return [t for t in corpus.tasks if t.document == doc.id]


def test_contacts_are_kept_per_responsible_unit(corpus):
    tasks = _doc_tasks(corpus, "通政办发〔2022〕13号")
    seven = next(t for t in tasks if t.number == "7")
    assert [u.text for u in seven.responsible_units] == ["区科委", "中关村通州园区管委会"]
    assert [(c.unit, c.person, c.phone) for c in seven.contacts] == [
        ("区科委", "郭华杰", "89526651-2036"),
        ("中关村通州园区管委会", "孙时宇", "61560076"),
    ]
    first = next(t for t in tasks if t.number == "1")
    assert (first.line, first.text[:12]) == (9712, "2022 年对增值税小规")


def test_wrapped_unit_lists_are_rejoined(corpus):
    tasks = {t.number: t for t in _doc_tasks(corpus, "通政办发〔2022〕15号")}
    assert [u.text for u in tasks["64"].responsible_units] == [
        "区应急局",
        "区住房城乡建设委",
        "区城市管理委",
        "通州公安分局",
        "通州交通支队",
        "区消防支队",
    ]
    assert tasks["64"].responsible_units[3].lines == (11563, 11565)
    assert [u.text for u in tasks["28"].responsible_units][-1] == "相关行业主管部门"
    assert tasks["29"].responsible_units[0].text == "中关村通州园管委会"  # half-width colon


def test_the_stray_footer_after_the_last_task_is_not_a_unit(corpus):
    last = next(t for t in _doc_tasks(corpus, "通政发〔2023〕2号") if t.number == "138")
    assert (last.deadline.text, last.line_end) == ("2023年12月底", 1126)


def _ctx(text):
    return Context.from_text(text, year=2024)


def test_first_listed_unit_leads_when_the_document_says_so():
    text = "各项任务责任单位中排在第一位的为牵头单位。\n1.推进改革。\n责任单位：市发展改革委、市财政局、市商务局\n完成时限：2024年6月"
    task = parse(_ctx(text)).tasks[0]
    assert [u.text for u in task.responsible_units] == ["市发展改革委"]
    assert [u.text for u in task.assist_units] == ["市财政局", "市商务局"]
    assert task.deadline.date == "2024-06-30"


def test_lead_and_assist_labels_give_roles_directly():
    task = parse(_ctx("1.推进改革。\n牵头单位:市教委\n配合单位：市财政局、市人力资源社会保障局")).tasks[0]
    assert [u.text for u in task.responsible_units] == ["市教委"]
    assert [u.text for u in task.assist_units] == ["市财政局", "市人力资源社会保障局"]


def test_a_heading_closed_by_fields_is_itself_the_task():
    text = "一、总体要求\n（一）加强监管。\n建立台账。\n责任单位：市场监管局\n（二）优化服务。\n责任单位：政务服务局、财政局"
    tasks = parse(_ctx(text)).tasks
    assert [(t.number, t.text, t.section) for t in tasks] == [
        ("一", "加强监管。建立台账。", ["一、总体要求"]),
        ("二", "优化服务。", ["一、总体要求"]),
    ]
    assert [u.text for u in tasks[1].responsible_units] == ["政务服务局", "财政局"]


def test_an_unnumbered_paragraph_closed_by_fields_is_a_task():
    out = parse(_ctx("加快推进数字政府建设，\n提升服务效能。\n牵头单位：市政务服务局\n配合单位：市经济信息化局"))
    task = out.tasks[0]
    assert (task.number, task.line, task.text) == (None, 1, "加快推进数字政府建设，提升服务效能。")
    assert [u.text for u in task.assist_units] == ["市经济信息化局"]
    assert all(n.status == "record" for n in out.notes.values())
