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

import pandas as pd

from fengong.graph.kg import KnowledgeGraph
from fengong.graph.queries.base import assignment_frame, find_official, task_frame

__all__ = ["workload", "BY"]

BY = (None, "document", "year", "month", "quarter", "official")
COLUMNS = ["unit", "name", "kind", "collective", "responsible", "responsible_first", "assisting", "total", "weighted",
           "rank"]


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
        label = d.dt.strftime("%Y-%m") if by == "month" else d.dt.year.astype("Int64").astype(str) + "Q" + \
            d.dt.quarter.astype("Int64").astype(str)
        return pd.DataFrame({"task": tasks["task"], "group": label.where(d.notna(), "no date")})
    if by == "official":
        rows = [(t, kg.nodes[o].props["name"]) for t, ids in zip(tasks["task"], tasks["lead_official_ids"])
                for o in ids]
        return pd.DataFrame(rows, columns=["task", "group"])
    raise ValueError(f"cannot group workload by {by!r}; choose one of {', '.join(str(b) for b in BY[1:])}")


def workload(kg: KnowledgeGraph, by: str | None = None, *, year: int | None = None, official: str | None = None,
             collectives: bool = True) -> pd.DataFrame:
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
    a = assignment_frame(kg)
    tasks = task_frame(kg)
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
    out = pd.DataFrame({
        "responsible": resp.groupby(keys)["task"].nunique(),
        "responsible_first": resp[resp["first_listed"]].groupby(keys)["task"].nunique(),
        "assisting": m[m["role"] == "assisting"].groupby(keys)["task"].nunique(),
        "total": m.groupby(keys)["task"].nunique(),
        "weighted": (1 / resp["n_responsible"]).groupby([resp["group"], resp["unit"]]).sum(),
    }).fillna(0).reset_index()
    for c in ("responsible", "responsible_first", "assisting", "total"):
        out[c] = out[c].astype(int)
    out["weighted"] = out["weighted"].round(4)
    info = a.drop_duplicates("unit").set_index("unit")
    out.insert(2, "name", out["unit"].map(info["name"]))
    out.insert(3, "kind", out["unit"].map(info["kind"]))
    out.insert(4, "collective", out["unit"].map(info["collective"]).astype(bool))
    out = out.sort_values(["group", "collective", "responsible", "weighted", "responsible_first", "total", "name"],
                          ascending=[True, True, False, False, False, False, True], kind="mergesort")
    out["rank"] = out[~out["collective"]].groupby("group").cumcount() + 1
    out["rank"] = out["rank"].astype("Int64")
    out = out.reset_index(drop=True)
    cols = (["group"] if by else []) + COLUMNS
    return out[cols]
