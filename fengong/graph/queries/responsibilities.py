"""One unit's (or one official's) full responsibilities, and what falls due when.

Every row carries the task's source file and lines, so an office can check it against the
document. Deadlines are ordered for someone planning work: upcoming first (soonest first), then
ongoing (长期/持续推进) and undated tasks, then those already past (most recent first).

Examples
--------
>>> from datetime import date
>>> from fengong.graph.kg import KnowledgeGraph
>>> kg = KnowledgeGraph()
>>> for u in ("区财政局", "区水务局"):
...     kg.add_node(u, "Unit", name=u, kind="department", collective=False)
>>> kg.add_node("t1", "Task", number="1", text="甲", year=2023, deadline="2023-06-30", deadline_text="6月底前",
...             source_file="a.txt", source_line=3, source_line_end=4)
>>> kg.add_edge("区财政局", "RESPONSIBLE_FOR", "t1", key="1", order=1, printed="区财政局", split="certain",
...             source_line=4, source_line_end=4)
>>> kg.add_edge("区水务局", "ASSISTS", "t1", key="1", order=1, printed="区水务局", split="certain",
...             source_line=4, source_line_end=4)
>>> r = responsibilities(kg, "区财政局", today=date(2023, 1, 1))
>>> r[["role", "number", "assisting_partners", "deadline", "status", "source_file", "source_line"]].to_dict("records")
[{'role': 'responsible', 'number': '1', 'assisting_partners': '区水务局', 'deadline': '2023-06-30', 'status': 'upcoming', 'source_file': 'a.txt', 'source_line': 3}]
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from fengong.graph.kg import KnowledgeGraph
from fengong.graph.queries.base import (
    assignment_frame,
    deadline_status,
    find_official,
    find_units,
    frame_index,
    task_frame,
)

__all__ = ["responsibilities", "official_tasks", "official_units", "deadlines", "period_bounds"]

_STATUS_ORDER = {"upcoming": 0, "ongoing": 1, "none": 2, "past": 3}
RESPONSIBILITY_COLUMNS = [
    "role",
    "first_listed",
    "task",
    "number",
    "text",
    "lead_officials",
    "responsible_partners",
    "assisting_partners",
    "deadline",
    "deadline_text",
    "status",
    "document_number",
    "document_title",
    "year",
    "source_file",
    "source_line",
    "source_line_end",
    "printed",
    "unit_name",
    "jurisdiction",
]


def _deadline_order(frame: pd.DataFrame, today: date) -> pd.DataFrame:
    frame = frame.copy()
    if frame.empty:  # a unit with no task (e.g. only a parent of others): the same columns, no rows
        return frame.assign(status=pd.Series(dtype=object), _k1=pd.Series(dtype=int), _k2=pd.Series(dtype=int))
    # tolist(): iterating an Arrow-backed column value by value costs a Python object per access
    frame["status"] = [
        deadline_status(d, k, today) for d, k in zip(frame["deadline"].tolist(), frame["deadline_kind"].tolist())
    ]
    rank = frame["status"].map(_STATUS_ORDER)
    # upcoming ascending, past descending: sort past deadlines by their negated day number
    when = pd.to_datetime(frame["deadline"].astype(object), errors="coerce")
    day = pd.Series(np.where(when.notna(), (when - pd.Timestamp("1970-01-01")).dt.days, 0), index=frame.index)
    frame["_k1"], frame["_k2"] = rank, day.where(frame["status"] != "past", -day)
    return frame


def responsibilities(
    kg: KnowledgeGraph, unit: str, *, today: date | None = None, year: int | None = None
) -> pd.DataFrame:
    """Every task ``unit`` is responsible for or assists, grouped by role (responsible first), upcoming
    deadlines first, with lead officials, partner units, deadline and source.

    ``unit`` is a name, an alias, a jurisdiction and name (``通州区水务局``) or an id; a name that
    namesakes of several jurisdictions answer to gives every one's tasks, each row saying whose
    (``unit_name``, ``jurisdiction``); an unknown name raises
    :class:`~fengong.graph.queries.base.UnknownName` with "did you mean" suggestions.
    """
    today = today or date.today()
    frames = [_responsibilities_of(kg, uid, today, year) for uid in find_units(kg, unit)]
    if len(frames) == 1:
        return frames[0]
    return pd.concat(frames, ignore_index=True)


def _responsibilities_of(kg: KnowledgeGraph, uid: str, today: date, year: int | None) -> pd.DataFrame:
    a, t, idx = assignment_frame(kg), task_frame(kg), frame_index(kg)
    code = idx.code.get(uid, -1)
    mine = np.flatnonzero(idx.row_unit == code)
    task_rows = idx.row_task[mine]
    if year is not None:
        keep = (t["year"] == year).to_numpy(bool, na_value=False)[task_rows]
        mine, task_rows = mine[keep], task_rows[keep]
    rows = pd.concat(
        [
            a[["task", "role", "first_listed", "printed"]].take(mine).reset_index(drop=True),
            t.drop(columns="task").take(task_rows).reset_index(drop=True),
        ],
        axis=1,
    )
    names = idx.names_by_task_role(task_rows, exclude=code)  # partners: this unit's own tasks only
    for role, resp in (("responsible", True), ("assisting", False)):
        rows[f"{role}_partners"] = [names.get((k, resp), "") for k in task_rows.tolist()]
    rows = _deadline_order(rows, today)
    rows["_role"] = (rows["role"] != "responsible").astype(int)
    rows = rows.sort_values(["_role", "_k1", "_k2", "source_file", "source_line"], kind="mergesort")
    node = kg.nodes[uid].props
    rows = rows.assign(unit_name=node["name"], jurisdiction=node.get("jurisdiction"))
    return rows[RESPONSIBILITY_COLUMNS].reset_index(drop=True)


def official_tasks(
    kg: KnowledgeGraph, official: str, *, today: date | None = None, year: int | None = None
) -> pd.DataFrame:
    """The tasks an official leads, with co-leads, responsible and assisting units, deadline and source,
    upcoming deadlines first."""
    oid = find_official(kg, official)
    today = today or date.today()
    t = task_frame(kg)
    led = np.array([oid in ids for ids in t["lead_official_ids"]], dtype=bool)
    if year is not None:
        led &= (t["year"] == year).to_numpy(bool, na_value=False)
    task_rows = np.flatnonzero(led)
    t = t.take(task_rows)
    names = frame_index(kg).names_by_task_role(task_rows)
    t = t.assign(
        responsible_units=[names.get((k, True), "") for k in task_rows.tolist()],
        assisting_units=[names.get((k, False), "") for k in task_rows.tolist()],
    )
    t = _deadline_order(t, today).sort_values(["_k1", "_k2", "source_file", "source_line"], kind="mergesort")
    t = t.assign(jurisdiction=kg.nodes[oid].props.get("jurisdiction"))  # whose official (namesakes differ)
    return t[
        [
            "task",
            "number",
            "text",
            "lead_officials",
            "responsible_units",
            "assisting_units",
            "deadline",
            "deadline_text",
            "status",
            "document_number",
            "document_title",
            "year",
            "source_file",
            "source_line",
            "source_line_end",
            "jurisdiction",
        ]
    ].reset_index(drop=True)


def official_units(kg: KnowledgeGraph, official: str, *, year: int | None = None) -> pd.DataFrame:
    """The units an official steers: tasks led together (as responsible unit), of which led alone, and
    whether oversight (分管) is inferred for the pair."""
    oid = find_official(kg, official)
    t = task_frame(kg)
    t = t[[oid in ids for ids in t["lead_official_ids"]]]
    if year is not None:
        t = t[t["year"] == year]
    alone = {x for x, ids in zip(t["task"], t["lead_official_ids"]) if len(ids) == 1}
    a = assignment_frame(kg)
    a = a[(a["role"] == "responsible") & a["task"].isin(set(t["task"]))]
    oversees = {e.target for e in kg.edges_of("OVERSEES") if e.source == oid}
    rows = [
        {
            "unit": u,
            "name": g["name"].iloc[0],
            "kind": g["kind"].iloc[0],
            "tasks": g["task"].nunique(),
            "led_alone": len(set(g["task"]) & alone),
            "oversees_inferred": u in oversees,
        }
        for u, g in a.groupby("unit")
    ]
    frame = pd.DataFrame(rows, columns=["unit", "name", "kind", "tasks", "led_alone", "oversees_inferred"])
    return frame.sort_values(
        ["oversees_inferred", "tasks", "led_alone", "name"], ascending=[False, False, False, True], kind="mergesort"
    ).reset_index(drop=True)


def period_bounds(period: str) -> tuple[str, str]:
    """First and last day of a month (``2023-06``), a quarter (``2023Q2``) or a year (``2023``).

    >>> period_bounds("2023Q2"), period_bounds("2023-02"), period_bounds("2023")
    (('2023-04-01', '2023-06-30'), ('2023-02-01', '2023-02-28'), ('2023-01-01', '2023-12-31'))
    """
    import calendar
    import re

    p = period.strip().upper()
    if m := re.fullmatch(r"(\d{4})-?Q([1-4])", p):
        y, q = int(m.group(1)), int(m.group(2))
        first, last = 3 * q - 2, 3 * q
    elif m := re.fullmatch(r"(\d{4})-(\d{1,2})", p):
        y, first = int(m.group(1)), int(m.group(2))
        last = first
        if not 1 <= first <= 12:
            raise ValueError(f"no month {first} in {period!r}")
    elif m := re.fullmatch(r"(\d{4})", p):
        y, first, last = int(m.group(1)), 1, 12
    else:
        raise ValueError(f"a period is a month (2023-06), a quarter (2023Q2) or a year (2023), not {period!r}")
    return f"{y}-{first:02d}-01", f"{y}-{last:02d}-{calendar.monthrange(y, last)[1]:02d}"


def deadlines(
    kg: KnowledgeGraph, period: str, *, unit: str | None = None, role: str | None = None, collectives: bool = True
) -> pd.DataFrame:
    """What falls due in ``period`` (month ``2023-06``, quarter ``2023Q2`` or year ``2023``), one row per
    unit and task, by deadline then unit; ``unit`` keeps one unit, ``role`` one role."""
    start, end = period_bounds(period)
    t = task_frame(kg)
    t = t[t["deadline"].notna() & (t["deadline"] >= start) & (t["deadline"] <= end)]
    a = assignment_frame(kg)
    if unit is not None:  # every namesake the name answers to (通州区水务局 picks one)
        a = a[a["unit"].isin(find_units(kg, unit))]
    if role is not None:
        a = a[a["role"] == role]
    if not collectives:
        a = a[~a["collective"]]
    rows = a[["task", "unit", "name", "role"]].merge(t, on="task")
    rows = rows.sort_values(["deadline", "name", "role", "source_file", "source_line"], kind="mergesort")
    rows["jurisdiction"] = [kg.nodes[u].props.get("jurisdiction") if u in kg.nodes else None for u in rows["unit"]]
    return rows[
        [
            "deadline",
            "deadline_text",
            "unit",
            "name",
            "jurisdiction",
            "role",
            "task",
            "number",
            "text",
            "lead_officials",
            "document_number",
            "document_title",
            "source_file",
            "source_line",
        ]
    ].reset_index(drop=True)
