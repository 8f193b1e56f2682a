"""Change between two phases of a corpus (years, or sets of years): which units entered, left or
stayed, which ties were gained or lost, and each phase's size and cohesion.

>>> from fengong.graph.queries.coordination import _demo_kg
>>> phase_comparison(_demo_kg(), 2022, 2023)["units"]["status"].tolist()
['entered', 'left', 'stayed', 'stayed']
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

import pandas as pd

from fengong.graph.kg import KnowledgeGraph
from fengong.graph.queries.coordination import (
    ROLES,
    _assignments,
    _check_roles,
    _name,
    _years,
    co_assignment,
    co_assignment_graph,
    selected_tasks,
)
from fengong.graph.queries.measures import summary

__all__ = ["phase_comparison"]


def _unit_task_counts(kg, year, include_collectives, roles=tuple(ROLES)) -> Counter[str]:
    counts: Counter[str] = Counter()
    for units in _assignments(kg, selected_tasks(kg, year=year), include_collectives).values():
        counts.update(u for u, role in units.items() if role in roles)
    return counts


def phase_comparison(
    kg: KnowledgeGraph,
    before: int | Iterable[int] = 2022,
    after: int | Iterable[int] = 2023,
    include_collectives: bool = False,
    roles: Iterable[str] = ("responsible", "assisting"),
) -> dict[str, pd.DataFrame]:
    """How coordination changed from one phase (year) to the next.

    Parameters
    ----------
    kg : KnowledgeGraph
        The knowledge graph.
    before, after : int or iterable of int
        The years of the two phases.
    include_collectives : bool
        Keep collectives as units.
    roles : iterable of str
        The roles that count, for units and ties alike. Pass ``("responsible",)`` to compare
        plans of which one lists no assisting units (the 2023 plan of the seeds).

    Returns
    -------
    dict of str to pandas.DataFrame
        ``units``: ``unit, name, status, tasks_before, tasks_after, change`` — tasks on which the
        unit is responsible or assisting; status ``entered`` (no task before), ``left`` (no task
        after) or ``stayed``; sorted by status, then the size of the change (largest first), then
        name.
        ``ties``: co-assignment pairs (:func:`co_assignment`) ``unit_a, name_a, unit_b, name_b,
        status, tasks_before, tasks_after``, status ``gained``, ``lost`` or ``kept``; sorted by
        status, then tasks before + after (largest first), then names.
        ``summary``: one row per phase — ``phase, year, tasks`` (all tasks of the phase),
        ``units`` (units on them), ``ties`` (co-assigned pairs), ``density`` (of the
        co-assignment graph).

    Examples
    --------
    >>> from fengong.graph.queries.coordination import _demo_kg
    >>> out = phase_comparison(_demo_kg())
    >>> out["units"][["name", "status", "tasks_before", "tasks_after"]].values.tolist()
    [['区生态环境局', 'entered', 0, 1], ['区商务局', 'left', 1, 0], ['区发展改革委', 'stayed', 1, 2], \
['区财政局', 'stayed', 1, 2]]
    >>> out["ties"][["name_a", "name_b", "status"]].values.tolist()[0]
    ['区发展改革委', '区生态环境局', 'gained']
    >>> out["summary"][["phase", "tasks", "units", "ties", "density"]].values.tolist()
    [['before', 1, 3, 3, 1.0], ['after', 2, 3, 3, 1.0]]
    """
    roles = _check_roles(roles)
    return {
        "units": _unit_changes(kg, before, after, include_collectives, roles),
        "ties": _tie_changes(kg, before, after, include_collectives, roles),
        "summary": _phase_summary(kg, before, after, include_collectives, roles),
    }


def _unit_changes(kg: KnowledgeGraph, before, after, include_collectives: bool, roles) -> pd.DataFrame:
    """Units that entered, left or stayed, with their tasks in each phase."""
    cb = _unit_task_counts(kg, before, include_collectives, roles)
    ca = _unit_task_counts(kg, after, include_collectives, roles)
    status_rank = {"entered": 0, "left": 1, "stayed": 2}
    units: list[dict[str, Any]] = []
    for u in sorted(set(cb) | set(ca)):
        b, a = cb.get(u, 0), ca.get(u, 0)
        units.append(
            {
                "unit": u,
                "name": _name(kg, u),
                "status": "entered" if not b else "left" if not a else "stayed",
                "tasks_before": b,
                "tasks_after": a,
                "change": a - b,
            }
        )
    units.sort(key=lambda r: (status_rank[r["status"]], -abs(r["change"]), r["name"], r["unit"]))

    return pd.DataFrame(units, columns=["unit", "name", "status", "tasks_before", "tasks_after", "change"])


def _tie_changes(kg: KnowledgeGraph, before, after, include_collectives: bool, roles) -> pd.DataFrame:
    """Ties gained, lost or kept, with their shared tasks in each phase."""
    pb = co_assignment(kg, year=before, include_collectives=include_collectives, roles=roles)
    pa = co_assignment(kg, year=after, include_collectives=include_collectives, roles=roles)
    tb = {(r.unit_a, r.unit_b): r.tasks for r in pb.itertuples()}
    ta = {(r.unit_a, r.unit_b): r.tasks for r in pa.itertuples()}
    tie_rank = {"gained": 0, "lost": 1, "kept": 2}
    ties = []
    for a_, b_ in sorted(set(tb) | set(ta)):
        b, a = tb.get((a_, b_), 0), ta.get((a_, b_), 0)
        ties.append(
            {
                "unit_a": a_,
                "name_a": _name(kg, a_),
                "unit_b": b_,
                "name_b": _name(kg, b_),
                "status": "gained" if not b else "lost" if not a else "kept",
                "tasks_before": int(b),
                "tasks_after": int(a),
            }
        )
    ties.sort(
        key=lambda r: (
            tie_rank[r["status"]],
            -(r["tasks_before"] + r["tasks_after"]),
            r["name_a"],
            r["name_b"],
            r["unit_a"],
            r["unit_b"],
        )
    )

    return pd.DataFrame(ties, columns=["unit_a", "name_a", "unit_b", "name_b", "status", "tasks_before", "tasks_after"])


def _phase_summary(kg: KnowledgeGraph, before, after, include_collectives: bool, roles) -> pd.DataFrame:
    """Each phase's tasks, units, ties and density."""
    phases = []
    for phase, years in (("before", before), ("after", after)):
        g = co_assignment_graph(kg, year=years, include_collectives=include_collectives, roles=roles)
        ys = sorted(_years(years) or ())
        phases.append(
            {
                "phase": phase,
                "year": ys[0] if len(ys) == 1 else "、".join(map(str, ys)),
                "tasks": len(selected_tasks(kg, year=years)),
                "units": g.number_of_nodes(),
                "ties": g.number_of_edges(),
                "density": summary(g)["density"],
            }
        )
    return pd.DataFrame(phases, columns=["phase", "year", "tasks", "units", "ties", "density"])
