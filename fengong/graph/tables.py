"""The knowledge graph as tables: units, officials, tasks, assignments, documents and the rest,
as pandas DataFrames and CSV files.

Columns come from the model (one per property) plus a few joins a reader needs (a task's
document and its units by name). Rows are sorted by id, so files are byte-identical across runs.

>>> from fengong.graph.kg import KnowledgeGraph
>>> kg = KnowledgeGraph()
>>> kg.add_node("unit-1", "Unit", name="区财政局", kind="department", collective=False, aliases=["区财政局"])
>>> kg.add_node("task-1", "Task", text="做好预算", source_file="a.txt", source_line=3, source_line_end=4)
>>> kg.add_edge("unit-1", "RESPONSIBLE_FOR", "task-1", key="1", order=1, printed="区财政局", split="certain",
...             source_line=4, source_line_end=4)
>>> tables(kg)["assignments"][["task", "role", "agent", "agent_name", "printed"]].to_dict("records")
[{'task': 'task-1', 'role': 'responsible_unit', 'agent': 'unit-1', 'agent_name': '区财政局', 'printed': '区财政局'}]
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import pandas as pd

from fengong.files import atomic_write
from fengong.graph.kg import KnowledgeGraph
from fengong.output import csv_text

__all__ = ["tables", "write_tables", "TABLES", "ROLES"]

# relation -> role name in the assignments table
ROLES = {"LEADS": "lead_official", "RESPONSIBLE_FOR": "responsible_unit", "ASSISTS": "assisting_unit"}
TABLES = (
    "units",
    "officials",
    "tasks",
    "assignments",
    "documents",
    "sections",
    "assessment_items",
    "report_items",
    "oversight",
    "links",
    "citations",
)
_NODE_TABLES = {
    "units": "Unit",
    "officials": "Official",
    "tasks": "Task",
    "documents": "Document",
    "sections": "Section",
    "assessment_items": "AssessmentItem",
    "report_items": "ReportItem",
}


def _node_frame(kg: KnowledgeGraph, type_: str) -> pd.DataFrame:
    cols = ["id", *kg.model.types[type_].properties]
    rows = [
        {"id": n.id, **{k: ("、".join(v) if isinstance(v, list) else v) for k, v in n.props.items()}}
        for n in kg.nodes_of(type_)
    ]
    frame = pd.DataFrame(rows, columns=cols)
    # integers stay integers where some rows lack the value (pandas would make them floats)
    ints = [k for k, p in kg.model.types[type_].properties.items() if p.datatype == "int"]
    return frame.astype({k: "Int64" for k in ints}) if ints else frame


def _one(kg: KnowledgeGraph, type_: str) -> dict[str, str]:
    """source -> target of a relation that has at most one target per source (e.g. IN_DOCUMENT)."""
    return {e.source: e.target for e in kg.edges_of(type_)}


_ASSIGNMENT_COLUMNS = [
    "task",
    "role",
    "agent",
    "agent_name",
    "order",
    "printed",
    "split",
    "contact",
    "phone",
    "document",
    "source_file",
    "source_line",
    "source_line_end",
]


def tables(kg: KnowledgeGraph) -> dict[str, pd.DataFrame]:
    """Every table (see :data:`TABLES`) as a DataFrame."""
    out = {name: _node_frame(kg, t) for name, t in _NODE_TABLES.items()}
    name = {n.id: n.props.get("name") for n in kg.nodes.values() if n.type in ("Unit", "Official")}
    in_doc = _one(kg, "IN_DOCUMENT")
    rows = _assignment_rows(kg, name, in_doc)
    out["assignments"] = pd.DataFrame(rows, columns=_ASSIGNMENT_COLUMNS)
    _join_tasks(kg, out["tasks"], rows, in_doc)
    _join_documents_and_sections(kg, out, in_doc)
    for frame, role_counts in ((out["units"], ("RESPONSIBLE_FOR", "ASSISTS")), (out["officials"], ("LEADS",))):
        for rel in role_counts:
            counts: dict[str, set[str]] = defaultdict(set)
            for e in kg.edges_of(rel):
                counts[e.source].add(e.target)
            frame[ROLES[rel] + "_tasks"] = [len(counts.get(i, ())) for i in frame["id"]]
    out.update(_relation_tables(kg, name))
    return {k: out[k] for k in TABLES}


def _assignment_rows(kg: KnowledgeGraph, name: dict[str, Any], in_doc: dict[str, str]) -> list[dict[str, Any]]:
    """One row per assignment (lead official, responsible or assisting unit), by task, role and order."""
    rows = []
    for rel, role in ROLES.items():
        for e in kg.edges_of(rel):
            rows.append(
                {
                    "task": e.target,
                    "role": role,
                    "agent": e.source,
                    "agent_name": name[e.source],
                    "order": e.props["order"],
                    "printed": e.props["printed"],
                    "split": e.props.get("split"),
                    "contact": e.props.get("contact"),
                    "phone": e.props.get("phone"),
                    "document": in_doc.get(e.target),
                    "source_file": kg.nodes[e.target].props["source_file"],
                    "source_line": e.props["source_line"],
                    "source_line_end": e.props["source_line_end"],
                }
            )
    role_rank = {r: i for i, r in enumerate(ROLES.values())}
    rows.sort(key=lambda r: (r["task"], role_rank[r["role"]], r["order"]))
    return rows


def _join_tasks(kg: KnowledgeGraph, tasks: pd.DataFrame, rows: list[dict[str, Any]], in_doc: dict[str, str]) -> None:
    """A task's document (文号, title), section and agents by name, beside its own columns."""
    agents: dict[tuple[str, str], list[str]] = defaultdict(list)
    for r in rows:
        agents[r["task"], r["role"]].append(r["agent_name"])
    in_sec = _one(kg, "IN_SECTION")
    docs = {n.id: n.props for n in kg.nodes_of("Document")}
    tasks.insert(1, "document", [in_doc.get(t) for t in tasks["id"]])
    tasks.insert(2, "document_number", [docs.get(d, {}).get("number") for d in tasks["document"]])
    tasks.insert(3, "document_title", [docs.get(d, {}).get("title") for d in tasks["document"]])
    tasks.insert(4, "section", [kg.nodes[in_sec[t]].props["title"] if t in in_sec else None for t in tasks["id"]])
    for role in ROLES.values():
        tasks[role + "s"] = ["、".join(agents.get((t, role), [])) for t in tasks["id"]]


def _join_documents_and_sections(kg: KnowledgeGraph, out: dict[str, pd.DataFrame], in_doc: dict[str, str]) -> None:
    """A document's parent notice and task count; a section's document and parent heading."""
    parent = _one(kg, "ATTACHMENT_OF")
    out["documents"].insert(1, "parent", [parent.get(d) for d in out["documents"]["id"]])
    plan_tasks: dict[str, int] = defaultdict(int)
    for t in out["tasks"]["document"]:
        plan_tasks[t] += 1
    out["documents"]["tasks"] = [plan_tasks.get(d, 0) for d in out["documents"]["id"]]
    out["sections"].insert(1, "document", [in_doc.get(s) for s in out["sections"]["id"]])
    section_parent = _one(kg, "SUBSECTION_OF")
    out["sections"].insert(2, "parent", [section_parent.get(s) for s in out["sections"]["id"]])


def _relation_tables(kg: KnowledgeGraph, name: dict[str, Any]) -> dict[str, pd.DataFrame]:
    """Oversight (inferred), cross-document links and citations."""
    oversight = [
        {
            "official": e.source,
            "official_name": name[e.source],
            "unit": e.target,
            "unit_name": name[e.target],
            **e.props,
        }
        for e in kg.edges_of("OVERSEES")
    ]
    links = [
        {"source": e.source, "relation": e.type, "target": e.target, "target_type": kg.nodes[e.target].type, **e.props}
        for rel in ("ASSESSES", "ELABORATED_BY", "COMPARABLE_TO")
        for e in kg.edges_of(rel)
    ]
    citations = [
        {
            "document": e.source,
            "cited": e.target,
            "cited_number": kg.nodes[e.target].props.get("number"),
            "cited_title": e.props.get("printed"),
            "in_corpus": kg.nodes[e.target].props.get("in_corpus"),
            "source_line": e.props.get("source_line"),
        }
        for e in kg.edges_of("CITES")
    ]
    return {
        "oversight": pd.DataFrame(
            oversight,
            columns=["official", "official_name", "unit", "unit_name", "inferred", "tasks", "sole_lead_tasks", "share"],
        ),
        "links": pd.DataFrame(links, columns=["source", "relation", "target", "target_type", "score", "evidence"]),
        "citations": pd.DataFrame(
            citations, columns=["document", "cited", "cited_number", "cited_title", "in_corpus", "source_line"]
        ),
    }


def write_tables(kg: KnowledgeGraph, folder: str | Path) -> list[Path]:
    """Write every table as ``<name>.csv`` (UTF-8) into ``folder``, atomically, file by file."""
    paths = []
    for table, frame in tables(kg).items():
        paths.append(atomic_write(Path(folder) / f"{table}.csv", csv_text(frame).encode("utf-8")))
    return paths
