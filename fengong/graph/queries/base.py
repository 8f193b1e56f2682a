"""What every query starts from: tasks and assignments as flat frames, and names resolved to nodes.

The frames are computed once per graph and kept on it, so a CLI command or a notebook cell that
asks several questions pays for them once.

>>> from fengong.graph.kg import KnowledgeGraph
>>> kg = KnowledgeGraph()
>>> kg.add_node("unit-1", "Unit", name="区发展改革委", kind="department", collective=False, aliases=["区发改委"])
>>> find_unit(kg, "区发改委")
'unit-1'
>>> find_unit(kg, "区发展委")
Traceback (most recent call last):
fengong.graph.queries.base.UnknownName: no unit named '区发展委'; did you mean 区发展改革委?
"""
from __future__ import annotations

import difflib
from datetime import date

import pandas as pd

from fengong.errors import FengongError
from fengong.graph.kg import KnowledgeGraph
from fengong.graph.resolve import normalise

__all__ = ["UnknownName", "task_frame", "assignment_frame", "find_unit", "find_official", "deadline_status",
           "ROLE_NAMES"]

ROLE_NAMES = {"RESPONSIBLE_FOR": "responsible", "ASSISTS": "assisting"}


class UnknownName(FengongError):
    """A unit or official name that is not in the graph; ``suggestions`` are the closest names."""

    def __init__(self, what: str, name: str, suggestions: list[str]) -> None:
        self.name, self.suggestions = name, suggestions
        hint = f"; did you mean {' or '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"no {what} named {name!r}{hint}")


def _cache(kg: KnowledgeGraph) -> dict:
    if not hasattr(kg, "_query_cache"):
        kg._query_cache = {}
    return kg._query_cache


def task_frame(kg: KnowledgeGraph) -> pd.DataFrame:
    """One row per task: number, text, year, deadline, document, lead officials, source span."""
    cache = _cache(kg)
    if "tasks" not in cache:
        in_doc = {e.source: e.target for e in kg.edges_of("IN_DOCUMENT")}
        leads: dict[str, list[tuple[int, str, str]]] = {}
        for e in kg.edges_of("LEADS"):
            leads.setdefault(e.target, []).append((e.props["order"], e.source, kg.nodes[e.source].props["name"]))
        rows = []
        for n in kg.nodes_of("Task"):
            p = n.props
            doc = kg.nodes.get(in_doc.get(n.id, ""))
            led = sorted(leads.get(n.id, []))
            rows.append({
                "task": n.id, "number": p.get("number"), "text": p["text"], "key_task": p.get("key_task"),
                "year": p.get("year"), "deadline": p.get("deadline"), "deadline_text": p.get("deadline_text"),
                "deadline_kind": p.get("deadline_kind"), "split": p.get("split"),
                "document": doc.id if doc else None,
                "document_number": doc.props.get("number") if doc else None,
                "document_title": doc.props.get("title") if doc else None,
                "lead_official_ids": [i for _, i, _ in led], "lead_officials": "、".join(nm for _, _, nm in led),
                "source_file": p["source_file"], "source_line": p["source_line"],
                "source_line_end": p["source_line_end"]})
        cache["tasks"] = pd.DataFrame(rows)
    return cache["tasks"]


def assignment_frame(kg: KnowledgeGraph) -> pd.DataFrame:
    """One row per (task, role, unit): a unit printed twice in one role of a task counts once.

    Columns: task, role (responsible/assisting), unit, name, kind, collective, order (first
    printed position), first_listed, n_responsible (distinct responsible units of the task),
    printed, source_line.
    """
    cache = _cache(kg)
    if "assignments" not in cache:
        seen: dict[tuple[str, str, str], dict] = {}
        for rel, role in ROLE_NAMES.items():
            for e in kg.edges_of(rel):
                key = (e.target, role, e.source)
                if key in seen and seen[key]["order"] <= e.props["order"]:
                    continue
                u = kg.nodes[e.source].props
                seen[key] = {"task": e.target, "role": role, "unit": e.source, "name": u["name"], "kind": u["kind"],
                             "collective": u["collective"], "order": e.props["order"], "printed": e.props["printed"],
                             "source_line": e.props["source_line"]}
        rows = sorted(seen.values(), key=lambda r: (r["task"], r["role"] != "responsible", r["order"], r["unit"]))
        frame = pd.DataFrame(rows, columns=["task", "role", "unit", "name", "kind", "collective", "order", "printed",
                                            "source_line"])
        resp = frame[frame["role"] == "responsible"]
        n_resp = resp.groupby("task")["unit"].nunique()
        frame["n_responsible"] = frame["task"].map(n_resp).fillna(0).astype(int)
        first = resp.loc[resp.groupby("task")["order"].idxmin(), ["task", "unit"]] if len(resp) else resp
        firsts = set(zip(first["task"], first["unit"]))
        frame["first_listed"] = [r == "responsible" and (t, u) in firsts
                                 for t, r, u in zip(frame["task"], frame["role"], frame["unit"])]
        cache["assignments"] = frame
    return cache["assignments"]


def _find(kg: KnowledgeGraph, type_: str, what: str, name: str, with_aliases: bool) -> str:
    if name in kg.nodes and kg.nodes[name].type == type_:
        return name  # already an id
    names: dict[str, str] = {}
    for n in kg.nodes_of(type_):
        names.setdefault(normalise(n.props["name"]), n.id)
        if with_aliases:
            for a in n.props.get("aliases", []):
                names.setdefault(normalise(a), n.id)
    key = normalise(name)
    if key in names:
        return names[key]
    close = difflib.get_close_matches(key, list(names), n=3, cutoff=0.5)
    suggestions = sorted({kg.nodes[names[c]].props["name"] for c in close}, key=lambda s: close.index(normalise(s))
                         if normalise(s) in close else 99)
    raise UnknownName(what, name, suggestions)


def find_unit(kg: KnowledgeGraph, name: str) -> str:
    """The id of the unit called ``name`` (its canonical name, an alias, or an id); :class:`UnknownName` otherwise."""
    return _find(kg, "Unit", "unit", name, with_aliases=True)


def find_official(kg: KnowledgeGraph, name: str) -> str:
    """The id of the official called ``name`` (spaces inside the name are ignored)."""
    return _find(kg, "Official", "official", name, with_aliases=False)


def deadline_status(deadline: str | None, kind: str | None, today: date) -> str:
    """``upcoming`` (on or after today), ``past``, ``ongoing`` (长期/持续) or ``none``.

    >>> deadline_status("2023-06-30", "date", date(2023, 1, 1)), deadline_status(None, "ongoing", date(2023, 1, 1))
    ('upcoming', 'ongoing')
    """
    if isinstance(deadline, str) and deadline:  # missing values arrive as NaN from pandas
        return "upcoming" if deadline >= today.isoformat() else "past"
    return "ongoing" if kind == "ongoing" else "none"
