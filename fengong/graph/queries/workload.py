"""Workload per unit: how many tasks each unit carries, in which role, and how it is spread.

Counts are of distinct tasks: a unit printed twice on one task counts once. ``weighted`` shares
each task among its responsible units (a task with n responsible units counts 1/n for each).
Collectives (各街道乡镇, 各相关单位 …) are ranked apart: they are placeholders, not units with
a workload of their own, but they are never dropped.

Examples
--------
>>> from fengong.graph.kg import KnowledgeGraph
>>> kg = KnowledgeGraph()
>>> for u in ("区财政局", "区水务局"):
...     kg.add_node(u, "Unit", name=u, kind="department", collective=False)
>>> kg.add_node("t1", "Task", text="甲", year=2023, source_file="a", source_line=1, source_line_end=1)
>>> for i, u in enumerate(("区财政局", "区水务局"), 1):
...     kg.add_edge(u, "RESPONSIBLE_FOR", "t1", key=str(i), order=i, printed=u, split="certain",
...                 source_line=1, source_line_end=1)
>>> workload(kg)[["name", "responsible", "responsible_first", "weighted", "rank"]].to_dict("records")
[{'name': '区财政局', 'responsible': 1, 'responsible_first': 1, 'weighted': 0.5, 'rank': 1}, {'name': '区水务局', 'responsible': 1, 'responsible_first': 0, 'weighted': 0.5, 'rank': 2}]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from fengong.graph.kg import KnowledgeGraph
from fengong.graph.queries.base import assignment_frame, find_official, frame_index, task_frame

__all__ = ["workload", "BY"]

BY = (None, "document", "year", "month", "quarter", "official")
COLUMNS = [
    "unit",
    "name",
    "jurisdiction",
    "kind",
    "collective",
    "responsible",
    "responsible_first",
    "assisting",
    "total",
    "weighted",
    "rank",
]


def _grouping(kg: KnowledgeGraph, by: str | None) -> pd.DataFrame:
    """task -> group value (a task may belong to several groups when grouped by official)."""
    tasks = task_frame(kg)
    if by is None:
        return pd.DataFrame({"task": tasks["task"], "group": ""})
    if by == "document":
        label = tasks["document_number"].fillna(tasks["document_title"])
        return pd.DataFrame({"task": tasks["task"], "group": label})
    if by == "year":
        return pd.DataFrame({"task": tasks["task"], "group": tasks["year"]})
    if by in ("month", "quarter"):
        d = pd.to_datetime(tasks["deadline"], errors="coerce")
        label = (
            d.dt.strftime("%Y-%m")
            if by == "month"
            else d.dt.year.astype("Int64").astype(str) + "Q" + d.dt.quarter.astype("Int64").astype(str)
        )
        return pd.DataFrame({"task": tasks["task"], "group": label.where(d.notna(), "no date")})
    if by == "official":
        rows = [
            (t, kg.nodes[o].props["name"]) for t, ids in zip(tasks["task"], tasks["lead_official_ids"]) for o in ids
        ]
        return pd.DataFrame(rows, columns=["task", "group"])
    raise ValueError(f"cannot group workload by {by!r}; choose one of {', '.join(str(b) for b in BY[1:])}")


def workload(
    kg: KnowledgeGraph,
    by: str | None = None,
    *,
    year: int | None = None,
    official: str | None = None,
    collectives: bool = True,
) -> pd.DataFrame:
    """Tasks per unit as responsible unit (any position and first-listed), as assisting unit, in total,
    and weighted (1/n of each task with n responsible units); ranked.

    Parameters
    ----------
    by : None, "document", "year", "month", "quarter" (of the deadline) or "official" (lead official)
        Adds a ``group`` column and ranks within each group.
    year : keep only tasks of plans of this year.
    official : keep only tasks this official leads (a name or id).
    collectives : keep collective units (ranked apart, after the others, with no rank).

    Rank order: responsible tasks, then weighted share, first-listed tasks, all tasks, name.
    Rows are sorted by group, then non-collectives by rank, then collectives in the same order.
    """
    if by != "official":  # every task in at most one group: counted on integer codes
        out = _counts(kg, by, year=year, official=official, collectives=collectives)
    else:
        out = _counts_by_official(kg, year=year, official=official, collectives=collectives)
    out = out.sort_values(
        ["group", "collective", "responsible", "weighted", "responsible_first", "total", "name"],
        ascending=[True, True, False, False, False, False, True],
        kind="mergesort",
    )
    out["rank"] = out[~out["collective"]].groupby("group").cumcount() + 1
    out["rank"] = out["rank"].astype("Int64")
    out = out.reset_index(drop=True)
    # namesakes of several jurisdictions (区水务局) are told apart
    out["jurisdiction"] = [kg.nodes[u].props.get("jurisdiction") if u in kg.nodes else None for u in out["unit"]]
    cols = (["group"] if by else []) + COLUMNS
    return out[cols]


def _counts(kg: KnowledgeGraph, by: str | None, *, year, official, collectives) -> pd.DataFrame:
    """Per (group, unit) counts with one bincount per column over the frame index."""
    tasks, idx = task_frame(kg), frame_index(kg)
    keep = np.ones(len(tasks), dtype=bool)
    if year is not None:
        keep &= (tasks["year"] == year).to_numpy(bool, na_value=False)
    if official is not None:
        oid = find_official(kg, official)
        keep &= np.array([oid in ids for ids in tasks["lead_official_ids"]], dtype=bool)
    labels = _grouping(kg, by)["group"]
    group_of_task, groups = pd.factorize(labels.reset_index(drop=True))  # -1: no group (dropped, as groupby does)
    g = group_of_task[idx.row_task]
    rows = keep[idx.row_task] & (g >= 0)
    if not collectives:
        rows &= ~idx.collective
    n_units = max(1, len(idx.units))
    key = g * n_units + idx.row_unit
    size = max(1, len(groups)) * n_units

    def count(mask: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        return np.bincount(key[mask], weights=None if weights is None else weights[mask], minlength=size)

    total = count(rows & idx.new_pair)
    present = np.flatnonzero(total)
    resp = rows & idx.responsible
    unit = present % n_units
    out = pd.DataFrame(
        {
            "group": groups.take(present // n_units) if len(groups) else pd.Series([], dtype=object),
            "unit": [idx.units[u] for u in unit],
            "name": [idx.unit_names[u] for u in unit],
            "kind": [idx.unit_kinds[u] for u in unit],
            "collective": idx.unit_collective[unit].astype(bool),
            "responsible": count(resp)[present].astype(int),
            "responsible_first": count(resp & idx.first_listed)[present].astype(int),
            "assisting": count(rows & ~idx.responsible)[present].astype(int),
            "total": total[present].astype(int),
            "weighted": count(resp, idx.share)[present].round(4),
        }
    )
    # the grouped order the pandas path had: by group value, then unit id
    return out.sort_values(["group", "unit"], kind="mergesort").reset_index(drop=True)


def _counts_by_official(kg: KnowledgeGraph, *, year, official, collectives) -> pd.DataFrame:
    """Per (lead official, unit) counts: a task led by two officials counts for both."""
    a = assignment_frame(kg)
    tasks = task_frame(kg)
    by = "official"
    keep = tasks
    if year is not None:
        keep = keep[keep["year"] == year]
    if official is not None:
        oid = find_official(kg, official)
        keep = keep[[oid in ids for ids in keep["lead_official_ids"]]]
    groups = _grouping(kg, by)
    if keep is not tasks:  # a filter applied: keep its tasks (Series.isin stays vectorised on Arrow strings)
        groups = groups[groups["task"].isin(keep["task"])]
    if not collectives:
        a = a[~a["collective"]]
    m = a.merge(groups, on="task")
    resp = m[m["role"] == "responsible"]
    keys = ["group", "unit"]
    out = (
        pd.DataFrame(
            {
                "responsible": resp.groupby(keys)["task"].nunique(),
                "responsible_first": resp[resp["first_listed"]].groupby(keys)["task"].nunique(),
                "assisting": m[m["role"] == "assisting"].groupby(keys)["task"].nunique(),
                "total": m.groupby(keys)["task"].nunique(),
                "weighted": (1 / resp["n_responsible"]).groupby([resp["group"], resp["unit"]]).sum(),
            }
        )
        .fillna(0)
        .reset_index()
    )
    for c in ("responsible", "responsible_first", "assisting", "total"):
        out[c] = out[c].astype(int)
    out["weighted"] = out["weighted"].round(4)
    info = a.drop_duplicates("unit").set_index("unit")
    out.insert(2, "name", out["unit"].map(info["name"]))
    out.insert(3, "kind", out["unit"].map(info["kind"]))
    out.insert(4, "collective", out["unit"].map(info["collective"]).astype(bool))
    return out
