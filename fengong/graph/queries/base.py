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
import weakref
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from fengong.errors import FengongError
from fengong.graph.kg import KnowledgeGraph
from fengong.graph.resolve import normalise

__all__ = [
    "UnknownName",
    "query_cache",
    "restore_query_cache",
    "AmbiguousName",
    "find_units",
    "with_jurisdictions",
    "attach_frames",
    "task_frame",
    "assignment_frame",
    "frame_index",
    "FrameIndex",
    "find_unit",
    "find_official",
    "deadline_status",
    "ROLE_NAMES",
]

ROLE_NAMES = {"RESPONSIBLE_FOR": "responsible", "ASSISTS": "assisting"}


class UnknownName(FengongError):
    """A unit or official name that is not in the graph; ``suggestions`` are the closest names."""

    def __init__(self, what: str, name: str, suggestions: list[str]) -> None:
        self.name, self.suggestions = name, suggestions
        hint = f"; did you mean {' or '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"no {what} named {name!r}{hint}")


# the frames and indexes the questions computed, per graph, for as long as the graph lives
_CACHES: weakref.WeakKeyDictionary[KnowledgeGraph, dict[str, Any]] = weakref.WeakKeyDictionary()


def query_cache(kg: KnowledgeGraph) -> dict[str, Any]:
    """The frames and indexes the questions keep for ``kg`` (computed on first use);
    :mod:`fengong.graph.cache` stores them beside a pickled graph and gives them back with
    :func:`restore_query_cache`.

    >>> kg = KnowledgeGraph()
    >>> query_cache(kg) is query_cache(kg), query_cache(kg)
    (True, {})
    """
    return _CACHES.setdefault(kg, {})


def restore_query_cache(kg: KnowledgeGraph, data: dict[str, Any]) -> None:
    """Give ``kg`` back the frames :func:`query_cache` held when it was stored."""
    _CACHES[kg] = dict(data)


_cache = query_cache


def attach_frames(
    kg: KnowledgeGraph, tasks: pd.DataFrame, assignments: pd.DataFrame, units: list[str] | None = None
) -> None:
    """Answer ``kg``'s questions from these frames (a bulk build's, read from Parquet).

    With ``units``, the assignment frame carries ``task_row`` and ``unit_code`` columns
    (positions in ``tasks`` and in ``units``), so :func:`frame_index` need not hash five
    million strings.
    """
    cache: dict[str, Any] = {"tasks": tasks, "assignments": assignments}
    if units is not None:
        cache["units"] = units
    restore_query_cache(kg, cache)


def task_frame(kg: KnowledgeGraph) -> pd.DataFrame:
    """One row per task: number, text, year, deadline, document, lead officials, source span."""
    cache = _cache(kg)
    if "tasks" not in cache:
        cache["tasks"] = pd.DataFrame(task_rows(kg), columns=TASK_COLUMNS)  # columns even with no task
    return cache["tasks"]


def task_rows(kg: KnowledgeGraph) -> list[dict]:
    """The rows of :func:`task_frame` as plain dicts (a bulk build's workers skip pandas)."""
    in_doc = {e.source: e.target for e in kg.edges_of("IN_DOCUMENT")}
    leads: dict[str, list[tuple[int, str, str]]] = {}
    for e in kg.edges_of("LEADS"):
        leads.setdefault(e.target, []).append((e.props["order"], e.source, kg.nodes[e.source].props["name"]))
    parent = {e.source: e.target for e in kg.edges_of("ATTACHMENT_OF")}

    def number_of(doc) -> str | None:
        """The 文号 a person cites a task's document by: its own, or its notice's with 附件N."""
        if doc is None:
            return None
        if doc.props.get("number"):
            return doc.props["number"]
        notice = kg.nodes.get(parent.get(doc.id, ""))
        if notice is not None and notice.props.get("number"):
            n = doc.props.get("attachment")
            return notice.props["number"] + (f" 附件{n}" if n is not None else "")
        return None

    rows = []
    for n in kg.nodes_of("Task"):
        p = n.props
        doc = kg.nodes.get(in_doc.get(n.id, ""))
        led = sorted(leads.get(n.id, []))
        rows.append(
            {
                "task": n.id,
                "number": p.get("number"),
                "text": p["text"],
                "key_task": p.get("key_task"),
                "year": p.get("year"),
                "deadline": p.get("deadline"),
                "deadline_text": p.get("deadline_text"),
                "deadline_kind": p.get("deadline_kind"),
                "split": p.get("split"),
                "document": doc.id if doc else None,
                "document_number": number_of(doc),
                "document_title": doc.props.get("title") if doc else None,
                "lead_official_ids": [i for _, i, _ in led],
                "lead_officials": "、".join(nm for _, _, nm in led),
                "source_file": p["source_file"],
                "source_line": p["source_line"],
                "source_line_end": p["source_line_end"],
            }
        )
    return rows


TASK_COLUMNS = [
    "task",
    "number",
    "text",
    "key_task",
    "year",
    "deadline",
    "deadline_text",
    "deadline_kind",
    "split",
    "document",
    "document_number",
    "document_title",
    "lead_official_ids",
    "lead_officials",
    "source_file",
    "source_line",
    "source_line_end",
]
ASSIGNMENT_COLUMNS = [
    "task",
    "role",
    "unit",
    "name",
    "kind",
    "collective",
    "order",
    "printed",
    "source_line",
    "n_responsible",
    "first_listed",
]


def assignment_frame(kg: KnowledgeGraph) -> pd.DataFrame:
    """One row per (task, role, unit): a unit printed twice in one role of a task counts once.

    Columns: task, role (responsible/assisting), unit, name, kind, collective, order (first
    printed position), first_listed, n_responsible (distinct responsible units of the task),
    printed, source_line.
    """
    cache = _cache(kg)
    if "assignments" not in cache:
        cache["assignments"] = pd.DataFrame(assignment_rows(kg), columns=ASSIGNMENT_COLUMNS)
    return cache["assignments"]


def assignment_rows(kg: KnowledgeGraph) -> list[dict]:
    """The rows of :func:`assignment_frame` as plain dicts, in its order (task, responsible first, printed order)."""
    seen: dict[tuple[str, str, str], dict] = {}
    for rel, role in ROLE_NAMES.items():
        for e in kg.edges_of(rel):
            key = (e.target, role, e.source)
            if key in seen and seen[key]["order"] <= e.props["order"]:
                continue
            u = kg.nodes[e.source].props
            seen[key] = {
                "task": e.target,
                "role": role,
                "unit": e.source,
                "name": u["name"],
                "kind": u["kind"],
                "collective": u["collective"],
                "order": e.props["order"],
                "printed": e.props["printed"],
                "source_line": e.props["source_line"],
            }
    rows = sorted(seen.values(), key=lambda r: (r["task"], r["role"] != "responsible", r["order"], r["unit"]))
    n_resp: dict[str, int] = {}
    first: dict[str, str] = {}  # task -> its responsible unit printed first (rows are in printed order)
    for r in rows:
        if r["role"] == "responsible":
            n_resp[r["task"]] = n_resp.get(r["task"], 0) + 1  # one row per (task, role, unit): distinct units
            first.setdefault(r["task"], r["unit"])
    for r in rows:
        r["n_responsible"] = n_resp.get(r["task"], 0)
        r["first_listed"] = r["role"] == "responsible" and first[r["task"]] == r["unit"]
    return rows


@dataclass
class FrameIndex:
    """The assignment frame as integer arrays, for questions over millions of rows.

    Iterating a column of Arrow-backed strings costs a Python object per value; a million-task
    corpus has five million assignment rows, so the questions work on these codes instead.
    ``rows_of(task_rows)`` gives the assignment rows of some tasks in the frame's printed order.
    """

    row_task: np.ndarray  # per assignment row: its task's position in the task frame
    row_unit: np.ndarray  # per assignment row: a unit code (index into ``units``)
    units: list[str]  # unit ids by code
    unit_names: list[str]
    unit_kinds: list[str]
    unit_collective: np.ndarray
    code: dict[str, int]  # unit id -> code
    responsible: np.ndarray  # bool per row: the responsible role (else assisting)
    first_listed: np.ndarray
    collective: np.ndarray
    share: np.ndarray  # 1 / (distinct responsible units of the row's task), for responsible rows
    new_pair: np.ndarray  # bool: the first row of its (task, unit) pair, so a task counts once per unit
    by_task: np.ndarray  # assignment rows ordered by task position (stable: printed order within a task)
    task_start: np.ndarray  # the rows of task k are by_task[task_start[k]:task_start[k + 1]]

    def rows_of(self, task_rows: np.ndarray) -> np.ndarray:
        starts, ends = self.task_start[task_rows], self.task_start[np.asarray(task_rows) + 1]
        lengths = ends - starts
        if not lengths.sum():
            return np.zeros(0, dtype=np.int64)
        # one arange per task, built at once: each task's run begins at its start
        offsets = np.repeat(starts - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
        return self.by_task[offsets + np.arange(lengths.sum())]

    def names_by_task_role(self, task_rows: np.ndarray, exclude: int | None = None) -> dict[tuple[int, bool], str]:
        """(task position, responsible?) -> the units' names joined with 、 in printed order."""
        rows = self.rows_of(np.unique(task_rows))
        if exclude is not None:
            rows = rows[self.row_unit[rows] != exclude]
        if not len(rows):
            return {}
        # a task's rows come responsible first, then assisting, each in printed order: runs to join
        task, resp = self.row_task[rows], self.responsible[rows]
        change = np.flatnonzero((task[1:] != task[:-1]) | (resp[1:] != resp[:-1])) + 1
        starts = np.concatenate(([0], change)).tolist()
        ends = np.concatenate((change, [len(rows)])).tolist()
        names = np.asarray(self.unit_names, dtype=object)[self.row_unit[rows]].tolist()
        keys = zip(task[starts].tolist(), resp[starts].tolist())
        return dict(zip(keys, ("、".join(names[a:b]) for a, b in zip(starts, ends))))


def frame_index(kg: KnowledgeGraph) -> FrameIndex:
    """The :class:`FrameIndex` of ``kg``'s frames, computed once and kept with them."""
    cache = _cache(kg)
    if "index" not in cache:
        tasks, a = task_frame(kg), assignment_frame(kg)
        if "units" in cache:  # a bulk build stores the positions
            row_task, row_unit = a["task_row"].to_numpy(np.int64), a["unit_code"].to_numpy(np.int64)
            units = cache["units"]
        else:
            row_task = pd.Index(tasks["task"]).get_indexer(a["task"]).astype(np.int64)
            row_unit, uniques = pd.factorize(a["unit"])
            row_unit = row_unit.astype(np.int64)
            units = [str(u) for u in uniques]
        first = np.full(len(units), -1, dtype=np.int64)  # each unit's first row (its name, kind)
        first[row_unit[::-1]] = np.arange(len(row_unit) - 1, -1, -1)
        responsible = (a["role"] == "responsible").to_numpy(bool)
        n_resp = a["n_responsible"].to_numpy(np.float64)
        pair = row_task * max(1, len(units)) + row_unit
        by_task = np.argsort(row_task, kind="stable")
        cache["index"] = FrameIndex(
            row_task=row_task,
            row_unit=row_unit,
            units=units,
            unit_names=[str(x) for x in a["name"].take(first)],
            unit_kinds=[str(x) for x in a["kind"].take(first)],
            unit_collective=a["collective"].to_numpy(bool)[first],
            code={u: i for i, u in enumerate(units)},
            responsible=responsible,
            first_listed=a["first_listed"].to_numpy(bool),
            collective=a["collective"].to_numpy(bool),
            share=np.where(responsible, 1.0 / np.maximum(n_resp, 1.0), 0.0),
            new_pair=~pd.Series(pair).duplicated().to_numpy(),
            by_task=by_task,
            task_start=np.concatenate(([0], np.cumsum(np.bincount(row_task, minlength=len(tasks))))),
        )
    return cache["index"]


class AmbiguousName(FengongError):
    """A name that several units or officials answer to (namesakes in several jurisdictions);
    ``candidates`` are (id, name, jurisdiction), to choose from by jurisdiction + name or id."""

    def __init__(self, what: str, name: str, candidates: list[tuple[str, str, str | None]]) -> None:
        self.name, self.candidates = name, candidates
        shown = "; ".join(f"{n} ({j or 'no jurisdiction'}): {_qualified(n, j)} or {i}" for i, n, j in candidates)
        super().__init__(f"{name!r} names {len(candidates)} {what}s: {shown} — say which")


def _qualified(name: str, jurisdiction: str | None) -> str:
    """How a person writes a unit with its jurisdiction: 通州区 + 区水务局 → 通州区水务局."""
    if not jurisdiction or jurisdiction.startswith("?"):
        return name
    if name.startswith(jurisdiction):
        return name
    level = jurisdiction[-1]
    return jurisdiction + (name[1:] if name.startswith(level) else name)


class _Names:
    """Every way a person may write a node's name: its name and aliases, with its jurisdiction
    (通州区水务局), and — where no other node shares it — the short form (水务局 for 区水务局)."""

    def __init__(self, kg: KnowledgeGraph, type_: str, with_aliases: bool) -> None:
        self.exact: dict[str, set[str]] = {}
        self.qualified: dict[str, set[str]] = {}
        self.short: dict[str, set[str]] = {}
        for n in kg.nodes_of(type_):
            j = n.props.get("jurisdiction")
            forms = [n.props["name"], *(n.props.get("aliases", []) if with_aliases else [])]
            for form in forms:
                key = normalise(form)
                self.exact.setdefault(key, set()).add(n.id)
                if j and not j.startswith("?"):
                    self.qualified.setdefault(normalise(_qualified(form, j)), set()).add(n.id)
                if len(key) > 3 and key[0] in "区县市省":
                    self.short.setdefault(key[1:], set()).add(n.id)

    def lookup(self, key: str) -> set[str]:
        for table in (self.exact, self.qualified, self.short):
            if key in table:
                return table[key]
        return set()


def _names(kg: KnowledgeGraph, type_: str, with_aliases: bool) -> _Names:
    cache = _cache(kg)
    k = f"names:{type_}"
    if k not in cache:
        cache[k] = _Names(kg, type_, with_aliases)
    return cache[k]


def _find_all(kg: KnowledgeGraph, type_: str, what: str, name: str, with_aliases: bool) -> list[str]:
    if name in kg.nodes and kg.nodes[name].type == type_:
        return [name]  # already an id
    names = _names(kg, type_, with_aliases)
    key = normalise(name)
    found = names.lookup(key)
    if found:
        return sorted(found, key=lambda i: (kg.nodes[i].props.get("jurisdiction") or "", i))  # by jurisdiction
    every = list(names.exact) + list(names.qualified)
    close = difflib.get_close_matches(key, every, n=3, cutoff=0.5)
    near = {i for c in close[:1] if difflib.SequenceMatcher(None, key, c).ratio() >= 0.85 for i in names.lookup(c)}
    if len(near) == 1:
        return sorted(near)  # a near-miss with one clear meaning (a character dropped or doubled)

    def shown(i: str) -> str:  # the plain name, with its jurisdiction where namesakes share it
        name_, j = kg.nodes[i].props["name"], kg.nodes[i].props.get("jurisdiction")
        return _qualified(name_, j) if len(names.exact.get(normalise(name_), ())) > 1 else name_

    def order(i: str) -> tuple[str, str]:
        return kg.nodes[i].props.get("jurisdiction") or "", i

    suggestions = list(dict.fromkeys(shown(i) for c in close for i in sorted(names.lookup(c), key=order)))
    raise UnknownName(what, name, suggestions[:3])


def _find(kg: KnowledgeGraph, type_: str, what: str, name: str, with_aliases: bool) -> str:
    ids = _find_all(kg, type_, what, name, with_aliases)
    if len(ids) > 1:
        raise AmbiguousName(
            what, name, [(i, kg.nodes[i].props["name"], kg.nodes[i].props.get("jurisdiction")) for i in ids]
        )
    return ids[0]


def with_jurisdictions(kg: KnowledgeGraph, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the jurisdiction of each unit it names: after every column of unit ids
    (``unit``, ``unit_a``, ``unit_b`` …), a ``jurisdiction`` column (``jurisdiction_a`` …) beside its
    name, so that namesakes of two districts are told apart in any answer.

    >>> kg = KnowledgeGraph()
    >>> kg.add_node("unit-1", "Unit", name="区水务局", kind="department", collective=False, jurisdiction="密云区")
    >>> with_jurisdictions(kg, pd.DataFrame({"unit": ["unit-1"], "name": ["区水务局"]})).columns.tolist()
    ['unit', 'name', 'jurisdiction']
    """
    out = frame.copy()
    for col in list(frame.columns):
        if col.endswith("_name") or col.startswith("jurisdiction"):
            continue
        ids = [u if isinstance(u, str) and u in kg.nodes and kg.nodes[u].type == "Unit" else None for u in out[col]]
        if not any(ids):
            continue  # not a column of unit ids
        suffix = col[len("unit") :] if col.startswith("unit") else "_" + col  # unit_a -> _a, lead -> _lead
        target = "jurisdiction" + suffix
        if target in out.columns:
            continue
        name = next((n for n in ("name" + suffix, col + "_name") if n in out.columns), col)
        out.insert(
            out.columns.get_loc(name) + 1, target, [kg.nodes[u].props.get("jurisdiction") if u else None for u in ids]
        )
    return out


def find_units(kg: KnowledgeGraph, name: str) -> list[str]:
    """Every unit ``name`` may mean, ordered by jurisdiction: its canonical name or an alias (namesakes
    of several jurisdictions all answer), the jurisdiction and name (``通州区水务局``), a short form
    only one unit has (``水务局``), an id, or a near-miss with one clear meaning; :class:`UnknownName`
    with suggestions otherwise."""
    return _find_all(kg, "Unit", "unit", name, with_aliases=True)


def find_unit(kg: KnowledgeGraph, name: str) -> str:
    """The id of the one unit called ``name`` (see :func:`find_units`); :class:`AmbiguousName` when
    namesakes of several jurisdictions answer, :class:`UnknownName` when none does."""
    return _find(kg, "Unit", "unit", name, with_aliases=True)


def find_official(kg: KnowledgeGraph, name: str) -> str:
    """The id of the official called ``name`` (spaces inside the name are ignored); :class:`AmbiguousName`
    for namesakes of several jurisdictions."""
    return _find(kg, "Official", "official", name, with_aliases=False)


def deadline_status(deadline: str | None, kind: str | None, today: date) -> str:
    """``upcoming`` (on or after today), ``past``, ``ongoing`` (长期/持续) or ``none``.

    >>> deadline_status("2023-06-30", "date", date(2023, 1, 1)), deadline_status(None, "ongoing", date(2023, 1, 1))
    ('upcoming', 'ongoing')
    """
    if isinstance(deadline, str) and deadline:  # missing values arrive as NaN from pandas
        return "upcoming" if deadline >= today.isoformat() else "past"
    return "ongoing" if kind == "ongoing" else "none"
