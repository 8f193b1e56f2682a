"""Seed tables as data: the content the format fixtures (docx, xlsx, csv, html, pdf) are written from.

The fixtures of the readers' tests are produced by the project from its own sample corpus:
the tasks read from a seed text are laid out as a :class:`TableDocument` (the header paragraphs
of the original, a header row, section rows, one row per task), and a writer per format puts it
in a real file. Reading that file back must give the same records as the text did.

>>> doc = plan_004()
>>> doc.columns, len(doc.task_rows()), doc.rows[0]
(['序号', '工作任务', '牵头领导', '责任单位', '完成时限'], 138, Row(cells=['一、主要预期目标'], kind='section', merge_up=frozenset()))
>>> climate = climate_annex()
>>> [r.cells[0] for r in climate.task_rows()][4:7], climate.rows[8].merge_up
(['5', '', '6'], frozenset({0, 1}))
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fengong.build.records import TaskRecord

__all__ = ["Row", "TableDocument", "plan_004", "climate_annex", "seed_records"]


@dataclass(frozen=True)
class Row:
    """One table row: a task's cells (one per column), or a section heading spanning the table.

    ``merge_up`` holds the columns whose cell is merged with the cell above (a vertical merge:
    the reprinted 序号/重点任务 of a continuation row), which a writer leaves empty and merges.
    """

    cells: list[str]
    kind: str = "task"  # "task" | "section"
    merge_up: frozenset[int] = frozenset()


@dataclass
class TableDocument:
    """A plan as a table: paragraphs before it, the header row, the rows, paragraphs after it."""

    name: str
    before: list[str]
    columns: list[str]
    rows: list[Row] = field(default_factory=list)
    after: list[str] = field(default_factory=list)

    def task_rows(self) -> list[Row]:
        return [r for r in self.rows if r.kind == "task"]

    def grid(self) -> list[list[str | None]]:
        """Header and rows as a grid: a section row is one cell then ``None`` (merged across)."""
        out: list[list[str | None]] = [list(self.columns)]
        for r in self.rows:
            if r.kind == "section":
                out.append([r.cells[0]] + [None] * (len(self.columns) - 1))
            else:
                out.append([None if k in r.merge_up else c for k, c in enumerate(r.cells)])
        return out


@cache
def _corpus():
    from fengong.build import build_paths

    return build_paths()


def seed_records(file_prefix: str, appendix: int | None = None, layout: str | None = None):
    """The task records the builder reads from a seed text (``004``, ``001`` …)."""
    return [
        t
        for t in _corpus().tasks
        if t.doc.startswith(file_prefix)
        and (appendix is None or t.appendix == appendix)
        and (layout is None or t.layout == layout)
    ]


def _seed_lines(file_prefix: str) -> list[str]:
    from fengong.data import SAMPLE_CORPUS

    path = next(SAMPLE_CORPUS.glob(f"{file_prefix}_*.txt"))
    return path.read_text(encoding="utf-8").split("\n")


def _sections(records: list[TaskRecord]) -> list[tuple[str | None, TaskRecord]]:
    """Records with the section heading that starts before each, where it changes."""
    out: list[tuple[str | None, TaskRecord]] = []
    prev = None
    for t in records:
        sec = t.section[-1] if t.section else None
        out.append((sec if sec != prev else None, t))
        prev = sec
    return out


def plan_004() -> TableDocument:
    """通政发〔2023〕2号: its notice paragraphs, then the 138 tasks as a five-column table."""
    records = seed_records("004")
    lines = _seed_lines("004")
    first = min(t.line for t in records)
    heading = max(i for i in range(first - 1) if lines[i].strip() and lines[i].startswith("一、"))
    before = [ln.strip() for ln in lines[:heading] if ln.strip()]
    doc = TableDocument("004", before, ["序号", "工作任务", "牵头领导", "责任单位", "完成时限"])
    for sec, t in _sections(records):
        if sec:
            doc.rows.append(Row([sec], "section"))
        doc.rows.append(
            Row(
                [
                    t.number or "",
                    t.text,
                    "、".join(n.text for n in t.lead_officials),
                    "、".join(n.text for n in t.responsible_units),
                    t.deadline.text if t.deadline else "",
                ]
            )
        )
    return doc


def climate_annex() -> TableDocument:
    """通政发〔2022〕8号 附件1 (应对气候变化2022年行动计划): 22 rows with 主责/协办 cells, as ruled in the PDF."""
    records = seed_records("001", appendix=1, layout="table")
    doc = TableDocument(
        "climate",
        ["附件1", "通州区应对气候变化2022年行动计划"],
        ["序号", "重点任务", "工作措施", "完成时限", "牵头领导", "主责单位", "协办单位"],
    )
    prev_key = None
    for sec, t in _sections(records):
        if sec:
            doc.rows.append(Row([sec], "section"))
            prev_key = None
        cont = t.continues is not None
        merged = cont and t.key_task == prev_key
        doc.rows.append(
            Row(
                [
                    "" if cont else (t.number or ""),
                    "" if merged else (t.key_task or ""),
                    t.text,
                    t.deadline.text if t.deadline else "",
                    "\n".join(n.text for n in t.lead_officials),
                    "\n".join(n.text for n in t.responsible_units),
                    "\n".join(n.text for n in t.assist_units) or "——",
                ],
                merge_up=frozenset({0, 1}) if merged else frozenset(),
            )
        )
        prev_key = t.key_task
    return doc
