"""Questions offices bring, answered on the seeds; expected values checked against the documents."""

from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from fengong.cli import app
from fengong.graph.queries.base import UnknownName, find_unit
from fengong.graph.queries.responsibilities import (
    deadlines,
    official_tasks,
    official_units,
    period_bounds,
    responsibilities,
)
from fengong.graph.queries.workload import workload

runner = CliRunner()


def _row(frame, name):
    rows = frame[frame["name"] == name].to_dict("records")
    assert len(rows) == 1, name
    return rows[0]


def test_2023_workload_of_the_development_commission_matches_the_plan(seed_graph):
    # 004 prints 区发展改革委 on 21 责任单位 lines, first on 19 of them (grep 责任单位：区发展改革委)
    r = _row(workload(seed_graph, year=2023), "区发展改革委")
    assert (r["responsible"], r["responsible_first"], r["assisting"], r["rank"]) == (21, 19, 0, 3)
    assert r["weighted"] == 8.6


def test_workload_over_all_plans_counts_roles_and_shares(seed_graph):
    w = workload(seed_graph)
    top = w.iloc[0]
    assert (top["name"], top["responsible"], top["responsible_first"], top["assisting"], top["total"]) == (
        "区生态环境局",
        96,
        78,
        21,
        117,
    )
    r = _row(w, "区发展改革委")
    assert (r["responsible"], r["assisting"], r["total"], r["weighted"]) == (40, 24, 64, 17.9667)


def test_collectives_are_ranked_apart_and_can_be_left_out(seed_graph):
    w = workload(seed_graph)
    towns = _row(w, "各街道乡镇")
    assert towns["rank"] is None or str(towns["rank"]) == "<NA>"
    assert (towns["responsible"], towns["assisting"]) == (14, 110)
    first_collective = w.index[w["collective"]].min()
    assert not w.loc[first_collective:, "collective"].eq(False).any()  # all collectives come last
    assert "各街道乡镇" not in set(workload(seed_graph, collectives=False)["name"])


def test_workload_by_deadline_quarter_and_by_official(seed_graph):
    q = workload(seed_graph, by="quarter", year=2023)
    assert q[q["group"] == "2023Q3"][["name", "responsible"]].to_dict("records") == [
        {"name": "区教委", "responsible": 1}
    ]  # 004 task 101, the only 2023年9月底
    by_official = workload(seed_graph, by="official")
    assert by_official[by_official["group"] == "郑皓"].iloc[0][["name", "responsible"]].to_dict() == {
        "name": "区发展改革委",
        "responsible": 29,
    }


def test_a_unit_is_found_by_alias_and_an_unknown_name_gets_suggestions(seed_graph):
    assert find_unit(seed_graph, "区发改委") == find_unit(seed_graph, "区发展改革委")
    with pytest.raises(UnknownName) as e:
        find_unit(seed_graph, "区生态局")
    assert e.value.suggestions[0] == "区生态环境局"


def test_responsibilities_group_by_role_with_upcoming_deadlines_first(seed_graph):
    r = responsibilities(seed_graph, "区发改委", today=date(2023, 3, 1))
    assert r["role"].value_counts().to_dict() == {"responsible": 40, "assisting": 24}
    assert list(r["role"]) == ["responsible"] * 40 + ["assisting"] * 24
    first = r.iloc[0]
    # 004 task 37 (line 309) is due 2023年11月底, the earliest 2023 deadline of the unit
    assert (first["number"], first["deadline"], first["status"], first["source_line"]) == (
        "37",
        "2023-11-30",
        "upcoming",
        309,
    )
    assert first["responsible_partners"] == "市规划自然资源委通州分局、区投资促进服务中心"
    assert first["lead_officials"] == "郑皓、苏国斌、卢庆雷"
    assert set(r["status"]) == {"upcoming", "past", "none", "ongoing"}


def test_official_portfolio_lists_tasks_and_steered_units(seed_graph):
    tasks = official_tasks(seed_graph, "郑 皓", today=date(2023, 3, 1))
    assert len(tasks) == 39 and tasks["year"].value_counts().to_dict() == {2023: 24, 2022: 15}
    units = official_units(seed_graph, "郑皓")
    assert units.head(4)[["name", "tasks", "led_alone", "oversees_inferred"]].values.tolist() == [
        ["区发展改革委", 29, 6, True],
        ["区财政局", 5, 3, True],
        ["区国资委", 4, 2, True],
        ["区政务服务局", 3, 1, True],
    ]


def test_deadlines_of_a_period(seed_graph):
    due = deadlines(seed_graph, "2023Q3")
    assert due[["deadline", "name", "number", "source_line"]].values.tolist() == [["2023-09-30", "区教委", "101", 822]]
    assert period_bounds("2024-02") == ("2024-02-01", "2024-02-29")
    with pytest.raises(ValueError):
        period_bounds("spring")


@pytest.fixture()
def cached(tmp_path, monkeypatch):
    monkeypatch.setenv("FENGONG_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_cli_unit_writes_one_excel_sheet_per_role_with_a_frozen_header(cached, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "u.xlsx"
    result = runner.invoke(app, ["unit", "区发改委", "--today", "2023-03-01", "-f", "xlsx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    wb = load_workbook(out)
    assert wb.sheetnames == ["主责 Responsible", "协办 Assisting"]
    ws = wb["主责 Responsible"]
    assert ws.freeze_panes == "A2" and ws["A1"].font.bold
    assert ws.max_row == 41 and ws.cell(1, 3).value == "序号 No."
    again = tmp_path / "again.xlsx"
    runner.invoke(app, ["unit", "区发改委", "--today", "2023-03-01", "-f", "xlsx", "-o", str(again)])
    assert again.read_bytes() == out.read_bytes()


def test_cli_questions_answer_in_every_format(cached):
    result = runner.invoke(app, ["workload", "--year", "2023", "--top", "3", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert [r["name"] for r in json.loads(result.output)] == [
        "区住房城乡建设委",
        "市规划自然资源委通州分局",
        "区发展改革委",
    ]
    result = runner.invoke(app, ["deadlines", "2023Q3", "-f", "csv"])
    assert result.output.splitlines()[1].startswith("2023-09-30,2023年9月底,")
    result = runner.invoke(app, ["official", "郑皓", "-f", "markdown"])
    assert "## units" in result.output and "| 区发展改革委 |" in result.output
    assert list(cached.glob("graph-*.pickle"))  # the graph was cached for the next question


def test_cli_unknown_unit_is_a_clean_error_with_a_suggestion(cached):
    result = runner.invoke(app, ["unit", "区生态局"])
    assert result.exit_code == 2
    assert "did you mean 区生态环境局" in result.output


def test_cache_is_keyed_by_alias_tables(cached, tmp_path):
    from fengong.graph.cache import load_graph

    load_graph()
    extra = tmp_path / "mine.csv"
    extra.write_text("jurisdiction,name,alias,kind,parent,note\n通州区,区生态环境局,生态局,,,\n", encoding="utf-8")
    kg, _ = load_graph(aliases=[extra])
    assert len(list(cached.glob("graph-*.pickle"))) == 2
    assert find_unit(kg, "生态局") == find_unit(kg, "区生态环境局")


def test_cli_coordination_measures(cached):
    result = runner.invoke(app, ["coordination", "pairs", "--top", "1", "-f", "json"])
    assert result.exit_code == 0, result.output
    top = json.loads(result.output)[0]
    assert (top["name_a"], top["name_b"], top["tasks"]) == ("区水务局", "区生态环境局", 45)
    result = runner.invoke(app, ["coordination", "centrality", "--year", "2022", "--top", "3", "-f", "csv"])
    assert [line.split(",")[1] for line in result.output.splitlines()[1:]] == [
        "区生态环境局",
        "区水务局",
        "区农业农村局",
    ]
    result = runner.invoke(app, ["coordination", "phase", "-f", "json"])
    parts = json.loads(result.output)
    assert {k: len(v) for k, v in parts.items()}["summary"] == 2
    result = runner.invoke(app, ["coordination", "pairs", "--network", "lead-assist", "--top", "1", "-f", "csv"])
    first = dict(zip(*(line.split(",") for line in result.output.splitlines()[:2])))
    assert (first["lead_name"], first["assist_name"], first["jurisdiction_lead"]) == (
        "区生态环境局",
        "区水务局",
        "通州区",
    )
    result = runner.invoke(app, ["coordination", "sideways"])
    assert result.exit_code == 2 and "'sideways' is not one of 'pairs'" in result.output


def test_excel_bytes_do_not_depend_on_the_clock():
    import time

    import pandas as pd

    from fengong.output import xlsx_bytes

    first = xlsx_bytes({"responsible": pd.DataFrame({"name": ["区财政局"], "tasks": [3]})})
    time.sleep(1.1)  # openpyxl stamps the save time to the second
    assert xlsx_bytes({"responsible": pd.DataFrame({"name": ["区财政局"], "tasks": [3]})}) == first


def test_a_unit_without_tasks_has_empty_responsibilities(seed_graph):
    # 市税务局 is in the graph only as the parent of 区税务局
    r = responsibilities(seed_graph, "市税务局", today=date(2023, 3, 1))
    assert len(r) == 0 and "status" in r.columns
