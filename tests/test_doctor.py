"""``fengong doctor``: each check on a slice of a real plan with one planted problem, the verdict on
the sample corpus, and the command's formats and exit codes."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter

import pytest
from typer.testing import CliRunner

from fengong.build import build_paths
from fengong.cli import app
from fengong.data import SAMPLE_CORPUS
from fengong.doctor import CHECKS, Finding, diagnose

PLAN = "004_d2e1d2fa9d54708a.txt"  # 通政发〔2023〕2号, dated 2023-01-17: field blocks, tasks 1–11 on lines 19–107
DOC = "通政发〔2023〕2号"
runner = CliRunner()


def _slice(tmp_path, edits: dict[int, tuple[str, str]] | None = None, name: str = "plan.txt"):
    """Lines 1–107 of the 2023 plan (its notice and tasks 1–11), with ``edits`` {line: (printed, new)};
    each edit checks the line still reads as expected, so a changed seed fails loudly."""
    lines = (SAMPLE_CORPUS / PLAN).read_text(encoding="utf-8").splitlines()[:107]
    for n, (old, new) in (edits or {}).items():
        assert lines[n - 1] == old, (n, lines[n - 1])
        lines[n - 1] = new
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _diagnose(path, **kw) -> list[Finding]:
    return diagnose(build_paths([path]), **kw)


def _warnings(findings):
    return [f for f in findings if f.severity == "warning"]


def test_the_unedited_slice_has_no_warnings(tmp_path):
    findings = _diagnose(_slice(tmp_path))
    assert _warnings(findings) == []
    # a slice of 11 tasks names many units and officials once: worth a look, not an error; 区住房城乡建设委
    # (task 11) is named once too, but the alias table knows it
    assert [(f.check, f.subject) for f in findings] == [
        ("unit-seen-once", "区财政局"),
        ("official-seen-once", "杨磊"),
        ("unit-seen-once", "区商务局"),
        ("official-seen-once", "倪德才"),
        ("official-seen-once", "秦涛"),
        ("unit-seen-once", "区水务局"),
        ("unit-seen-once", "区生态环境局"),
        ("unit-seen-once", "区委政法委"),
        ("unit-seen-once", "区房屋征收事务中心"),
    ]
    assert {f.severity for f in findings} == {"info"}


def test_a_misprinted_unit_is_reported_with_the_unit_it_most_likely_means(tmp_path):
    findings = _diagnose(_slice(tmp_path, {39: ("责任单位：区发展改革委", "责任单位：区发展改草委")}))
    assert _warnings(findings) == [
        Finding(
            "unit-seen-once",
            "warning",
            "plan.txt",
            39,
            39,
            DOC,
            "3",
            "区发展改草委",
            "责任单位 区发展改草委 is named on this task only; one character changed, it reads 区发展改革委 (named on 4 "
            "tasks): a misprint or a wrapped name? If it is a unit of its own, add it to an alias table",
            "区发展改革委",
        )
    ]


def test_a_unit_one_character_from_another_short_one_is_not_called_a_misprint(tmp_path):
    # 区水务局 and 区商务局 are different bureaus: short names one character apart are no evidence
    findings = _diagnose(_slice(tmp_path, {31: ("责任单位：区财政局", "责任单位：区商务局")}))
    water = [f for f in findings if f.subject == "区水务局"]
    assert [(f.check, f.severity, f.suggestion) for f in water] == [("unit-seen-once", "info", None)]
    assert _warnings(findings) == []


def test_the_end_of_a_wrapped_unit_name_is_reported_with_the_whole_name(tmp_path):
    findings = _diagnose(_slice(tmp_path, {71: ("责任单位：区发展改革委", "责任单位：改革委")}))
    assert [(f.check, f.line, f.task, f.subject, f.suggestion) for f in _warnings(findings)] == [
        ("unit-seen-once", 71, "7", "改革委", "区发展改革委")
    ]
    assert "it is the end of 区发展改革委 (named on 4 tasks)" in _warnings(findings)[0].message


def test_a_unit_name_cut_by_a_wrap_is_reported_with_the_whole_name(tmp_path):
    findings = _diagnose(_slice(tmp_path, {55: ("责任单位：区人力社保局", "责任单位：区人力社保")}))
    assert [(f.check, f.line, f.task, f.subject, f.suggestion) for f in _warnings(findings)] == [
        ("name-cut", 55, "5", "区人力社保", "区人力社保局")
    ]
    assert _warnings(findings)[0].message.startswith("责任单位 区人力社保 does not end like a unit name")


def test_two_units_printed_without_a_separator_are_reported_as_glued(tmp_path):
    findings = _diagnose(_slice(tmp_path, {79: ("责任单位：区生态环境局、区水务局", "责任单位：区生态环境局区水务局")}))
    assert [(f.check, f.line, f.task, f.subject, f.suggestion) for f in _warnings(findings)] == [
        ("name-glued", 79, "8", "区生态环境局区水务局", "区生态环境局、区水务局")
    ]


def test_two_known_officials_printed_as_one_name_are_reported_as_glued(tmp_path):
    findings = _diagnose(_slice(tmp_path, {95: ("牵头领导：郑皓", "牵头领导：郑皓卢庆雷")}))
    assert [(f.check, f.line, f.task, f.subject, f.suggestion) for f in _warnings(findings)] == [
        ("name-glued", 95, "10", "郑皓卢庆雷", "郑皓、卢庆雷")
    ]


def test_a_misprinted_official_is_reported_with_the_official_it_most_likely_means(tmp_path):
    findings = _diagnose(_slice(tmp_path, {95: ("牵头领导：郑皓", "牵头领导：郑浩")}))
    assert _warnings(findings) == [
        Finding(
            "official-seen-once",
            "warning",
            "plan.txt",
            95,
            95,
            DOC,
            "10",
            "郑浩",
            "牵头领导 郑浩 leads this task only and oversees (分管) no unit; 郑皓 leads 5 tasks and differs by one "
            "character: a misprint?",
            "郑皓",
        )
    ]


def test_an_official_who_only_co_leads_has_no_portfolio(tmp_path):
    findings = _diagnose(
        _slice(
            tmp_path, {21: ("牵头领导：郑皓", "牵头领导：郑皓、张三"), 29: ("牵头领导：郑皓", "牵头领导：郑皓、张三")}
        )
    )
    assert [f for f in findings if f.check == "official-no-portfolio"] == [
        Finding(
            "official-no-portfolio",
            "info",
            "plan.txt",
            21,
            21,
            DOC,
            "1",
            "张三",
            "牵头领导 张三 leads 2 tasks (0 alone, 2 with 责任单位) but no unit can be attributed to their portfolio "
            "(分管): that needs a unit whose tasks they lead alone twice, or lead more often than anyone else. Check "
            "the 牵头领导 of their tasks (lines 21, 29)",
        )
    ]
    assert _warnings(findings) == []


def test_a_task_without_units_is_reported(tmp_path):
    findings = _diagnose(_slice(tmp_path, {47: ("责任单位：区商务局", "")}))
    assert [(f.check, f.line, f.line_end, f.task, f.subject) for f in _warnings(findings)] == [
        ("task-no-units", 43, 49, "4", "社会消费品零售总额增长5%左右。")
    ]


def test_a_task_without_a_lead_is_reported_when_the_others_have_one(tmp_path):
    findings = _diagnose(_slice(tmp_path, {53: ("牵头领导：董明慧", "")}))
    assert [(f.check, f.task, f.message) for f in _warnings(findings)] == [
        (
            "task-no-lead",
            "5",
            "the task names no lead official (牵头领导) while 10 of the document's other 10 tasks "
            "do; was the 牵头领导 line left out or read into another field?",
        )
    ]


def test_a_plan_that_names_no_leads_at_all_is_not_reported(tmp_path):
    leads = {
        n: (f"牵头领导：{who}", "")
        for n, who in (
            (21, "郑皓"),
            (29, "郑皓"),
            (37, "郑皓"),
            (45, "杨磊"),
            (53, "董明慧"),
            (61, "董明慧"),
            (69, "郑皓"),
            (77, "倪德才、秦涛"),
            (87, "卢庆雷"),
            (95, "郑皓"),
            (103, "郑皓、卢庆雷"),
        )
    }
    findings = _diagnose(_slice(tmp_path, leads))
    assert [f for f in findings if f.check.startswith(("task-", "official-"))] == []


def test_a_deadline_before_the_document_date_suggests_the_documents_year(tmp_path):
    findings = _diagnose(_slice(tmp_path, {41: ("完成时限：2023年12月底", "完成时限：2022年12月底")}))
    assert _warnings(findings) == [
        Finding(
            "deadline-before-document",
            "warning",
            "plan.txt",
            41,
            41,
            DOC,
            "3",
            "2022年12月底",
            "deadline 2022年12月底 (2022-12-31) is before the document's date 2023-01-17; expected a date on or after "
            "it — a misprinted year or month?",
            "2023年12月底",
        )
    ]


def test_a_deadline_without_a_year_before_the_document_date_says_which_year_it_took(tmp_path):
    findings = _diagnose(_slice(tmp_path, {33: ("完成时限：2023年12月底", "完成时限：1月10日前")}))
    assert [(f.check, f.line, f.subject, f.message, f.suggestion) for f in _warnings(findings)] == [
        (
            "deadline-before-document",
            33,
            "1月10日前",
            "deadline 1月10日前 (2023-01-10) is before the document's date "
            "2023-01-17; expected a date on or after it (no year printed: read in 2023; if a later year is meant, print "
            "it)",
            None,
        )
    ]


def test_an_unreadable_deadline_is_reported(tmp_path):
    findings = _diagnose(_slice(tmp_path, {49: ("完成时限：2023年12月底", "完成时限：待定")}))
    assert [(f.check, f.line, f.task, f.subject) for f in _warnings(findings)] == [
        ("deadline-unreadable", 49, "4", "待定")
    ]


def test_a_task_number_used_twice_is_reported_at_its_second_use(tmp_path):
    findings = _diagnose(_slice(tmp_path, {51: ("5.居民人均可支配收入稳步增长。", "4.居民人均可支配收入稳步增长。")}))
    assert [(f.check, f.line, f.task, f.message) for f in _warnings(findings)] == [
        (
            "duplicate-task-number",
            51,
            "4",
            "task number 4 is used twice: first at line 43 (社会消费品零售总额增长5%左右。), "
            "again here; expected each number once — a misnumbered task, or one "
            "task read as two?",
        )
    ]


def test_numbering_afresh_in_each_section_is_not_a_duplicate_but_a_repeat_within_one_is(tmp_path):
    lines = (SAMPLE_CORPUS / PLAN).read_text(encoding="utf-8").splitlines()
    # section 二 (tasks 9–11) numbered 1–3 again
    edits = {
        n: (lines[n - 1], lines[n - 1].replace(old, new, 1))
        for n, old, new in ((85, "9.", "1."), (93, "10.", "2."), (101, "11.", "3."))
    }
    assert _warnings(_diagnose(_slice(tmp_path, edits))) == []
    edits[101] = (lines[100], lines[100].replace("11.", "2.", 1))
    findings = _warnings(_diagnose(_slice(tmp_path, edits, name="again.txt")))
    assert [(f.check, f.line, f.task) for f in findings] == [("duplicate-task-number", 101, "2")]
    assert "used twice in the same section: first at line 93" in findings[0].message


def test_findings_come_in_file_then_line_then_check_order(tmp_path):
    _slice(
        tmp_path,
        {
            39: ("责任单位：区发展改革委", "责任单位：区发展改草委"),
            41: ("完成时限：2023年12月底", "完成时限：2022年12月底"),
            51: ("5.居民人均可支配收入稳步增长。", "4.居民人均可支配收入稳步增长。"),
        },
        name="b.txt",
    )
    _slice(tmp_path, {47: ("责任单位：区商务局", "")}, name="a.txt")
    findings = _warnings(diagnose(build_paths([tmp_path])))
    assert [(f.file, f.line, f.check) for f in findings] == [
        ("a.txt", 43, "task-no-units"),
        ("b.txt", 39, "unit-seen-once"),
        ("b.txt", 41, "deadline-before-document"),
        ("b.txt", 51, "duplicate-task-number"),
    ]


def test_only_the_chosen_checks_run_and_unknown_ids_are_refused(tmp_path):
    path = _slice(tmp_path, {41: ("完成时限：2023年12月底", "完成时限：2022年12月底")})
    assert [f.check for f in _diagnose(path, checks=["deadline-before-document"])] == ["deadline-before-document"]
    with pytest.raises(ValueError, match="unknown check no-such-check"):
        _diagnose(path, checks=["no-such-check"])


# ---------------------------------------------------------------- the sample corpus


@pytest.fixture(scope="module")
def sample_findings():
    return diagnose(build_paths())


def test_the_sample_corpus_findings_per_check(sample_findings):
    assert Counter((f.check, f.severity) for f in sample_findings) == {
        ("split-inferred", "info"): 116,
        ("split-ambiguous", "warning"): 6,
        ("unit-seen-once", "info"): 24,
        ("official-seen-once", "info"): 2,
    }


def test_the_sample_corpus_ambiguous_splits_are_the_guessed_table_rows(sample_findings):
    rows = [(f.document, f.task, f.line, f.line_end) for f in sample_findings if f.check == "split-ambiguous"]
    assert rows == [
        ("通政发〔2022〕8号 附件1", "15", 662, 688),
        ("通政发〔2022〕8号 附件2", "60", 2763, 2780),
        ("通政发〔2022〕8号 附件2", "70", 3036, 3063),
        ("通政发〔2022〕8号 附件3", "38", 4316, 4344),
        ("通政发〔2022〕8号 附件4", "8", 4700, 4729),
        ("通政发〔2022〕8号 附件4", "21", 5146, 5171),
    ]
    first = next(f for f in sample_findings if f.check == "split-ambiguous")
    assert first.subject == "主责 区应急局 | 协办 区气象局、区城市管理委"


def test_the_sample_corpus_names_are_not_called_glued_or_cut(sample_findings):
    # 区妇联/区科协 (people's organisations), remarks in brackets, "等有关部门" tails and
    # 中关村通州园区管委会 are all printed correctly
    assert [f for f in sample_findings if f.check in ("name-glued", "name-cut")] == []
    assert not [f for f in sample_findings if f.check == "unit-seen-once" and f.suggestion]


def test_the_sample_corpus_officials_seen_once(sample_findings):
    assert [
        (
            f.subject,
            f.line,
            f.message.endswith("(a leader who left, or a misprint of another's)"),
            "no unit" in f.message,
        )
        for f in sample_findings
        if f.check == "official-seen-once"
    ] == [("陈江华", 823, True, False), ("汤一原", 1761, True, True)]


# ---------------------------------------------------------------- the command


def test_doctor_prints_a_table_and_a_summary_line_per_check(tmp_path):
    path = _slice(tmp_path, {41: ("完成时限：2023年12月底", "完成时限：2022年12月底")})
    result = runner.invoke(app, ["doctor", str(path)], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    assert "deadline-before-document" in result.output and "2023年12月底" in result.output
    summary = [ln for ln in result.output.splitlines() if ln.split(":")[0] in CHECKS]
    assert len(summary) == len(CHECKS)
    assert "deadline-before-document: 1 warning, 0 info — deadline earlier than the document's date" in summary
    assert result.output.rstrip().endswith("1 warning, 9 info in 11 tasks from 1 file")


def test_doctor_strict_exits_1_on_a_warning_and_0_on_a_clean_corpus(tmp_path):
    bad = _slice(tmp_path, {47: ("责任单位：区商务局", "")}, name="bad.txt")
    (tmp_path / "clean").mkdir()
    clean = _slice(tmp_path / "clean")
    assert runner.invoke(app, ["doctor", "--strict", "-f", "jsonl", str(bad)]).exit_code == 1
    assert runner.invoke(app, ["doctor", "-f", "jsonl", str(bad)]).exit_code == 0
    # info findings (units named once) do not fail a strict run
    assert runner.invoke(app, ["doctor", "--strict", "-f", "jsonl", str(clean)]).exit_code == 0


def test_doctor_writes_jsonl_and_csv_with_every_field(tmp_path):
    path = _slice(tmp_path, {51: ("5.居民人均可支配收入稳步增长。", "4.居民人均可支配收入稳步增长。")})
    result = runner.invoke(app, ["doctor", "-f", "jsonl", "--check", "duplicate-task-number", str(path)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(ln) for ln in result.stdout.splitlines()]
    assert [
        {k: r[k] for k in ("check", "severity", "file", "line", "task", "subject", "suggestion")} for r in rows
    ] == [
        {
            "check": "duplicate-task-number",
            "severity": "warning",
            "file": "plan.txt",
            "line": 51,
            "task": "4",
            "subject": "4",
            "suggestion": None,
        }
    ]
    out = tmp_path / "findings.csv"
    result = runner.invoke(
        app, ["doctor", "-o", str(out), "--check", "duplicate-task-number", "--check", "task-no-units", str(path)]
    )
    assert result.exit_code == 0, result.output
    table = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert list(table[0]) == [
        "check",
        "severity",
        "file",
        "line",
        "line_end",
        "document",
        "task",
        "subject",
        "message",
        "suggestion",
    ]
    assert [(r["check"], r["line"], r["document"]) for r in table] == [("duplicate-task-number", "51", DOC)]


def test_doctor_refuses_an_unknown_check_or_format(tmp_path):
    path = _slice(tmp_path)
    result = runner.invoke(app, ["doctor", "--check", "spelling", str(path)])
    assert result.exit_code == 2 and "unknown check spelling" in result.output
    assert runner.invoke(app, ["doctor", "-f", "xml", str(path)]).exit_code == 2
