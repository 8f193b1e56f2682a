"""The atlas: a static website of the graph that offices open from a folder or an e-mail.

``build_site(kg, out_dir)`` writes plain HTML pages with relative links only, so the folder works
opened from disk (``file://``), zipped and mailed, or served by any web server; nothing is fetched
from the internet. Pages are named by node id (never by a unit's printed name), every text is
HTML-escaped, and the same graph with the same ``today`` gives the same bytes.

* ``index.html``: counts, the units with most tasks, the documents, and a search box over units
  (names and aliases), officials and documents (``search.js`` over an index embedded in the page);
* ``units.html``, ``officials.html``, ``documents.html``: the lists;
* ``units/<id>.html``: a unit's responsibilities by role, upcoming deadlines first, its partner
  units, an Excel download (``units/<id>.xlsx``) and its map when one was drawn;
* ``officials/<id>.html``: the tasks an official leads and the units they steer;
* ``documents/<id>.html``: a document, its attachments and its tasks;
* ``coordination.html``: the units most often assigned together.

>>> import tempfile
>>> from fengong.graph.kg import KnowledgeGraph
>>> kg = KnowledgeGraph()
>>> kg.add_node("unit-1", "Unit", name="区财政局", kind="department", collective=False)
>>> files = build_site(kg, tempfile.mkdtemp())
>>> sorted(p.name for p in files)[:4]
['.fengong-manifest', 'coordination.html', 'documents.html', 'index.html']
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

import pandas as pd

from fengong.files import atomic_write, replace_outputs, safe_name
from fengong.graph.kg import KnowledgeGraph
from fengong.viz.site_assets import CSS, SEARCH_JS
from fengong.viz.site_html import (
    _FOLDERS,
    KIND_LABELS,
    ROLE_LABELS,
    STATUS_LABELS,
    _e,
    _figure,
    _json_script,
    _kind_label,
    _long_text,
    _slug,
    map_file,
    page_file,
)

__all__ = ["build_site", "page_file", "map_file", "MapWriter"]

#: ``maps(kind, node_id, path)`` draws a map into ``path`` (kind ``unit`` or ``coordination``).
MapWriter = Callable[[str, "str | None", Path], object]


class _Site:
    """The atlas being built: its pages as bytes by relative path, the pictures drawn, the graph's look-ups."""

    def __init__(self, kg: KnowledgeGraph, out: Path, today: date, maps: MapWriter | None) -> None:
        from fengong.graph.queries.base import assignment_frame, task_frame

        self.kg, self.out, self.today, self.maps = kg, out, today, maps
        self.files: dict[str, bytes] = {}
        self.drawn: list[str] = []  # maps drawn by ``maps`` in this run (relative paths)
        self.tasks = (
            task_frame(kg)
            if kg.nodes_of("Task")
            else pd.DataFrame(columns=["task", "document", "lead_official_ids", "source_file", "source_line"])
        )
        self.assign = assignment_frame(kg)
        self.task_doc = {t: d for t, d in zip(self.tasks["task"], self.tasks["document"]) if isinstance(d, str)}
        self.task_leads = dict(zip(self.tasks["task"], self.tasks["lead_official_ids"]))
        self.agents: dict[tuple[str, str], list[str]] = {}  # (task, role) -> unit ids in printed order
        for task, role, unit in zip(self.assign["task"], self.assign["role"], self.assign["unit"]):
            self.agents.setdefault((task, role), []).append(unit)

    # ------------------------------------------------------------ helpers

    def name(self, node_id: str) -> str:
        n = self.kg.nodes[node_id]
        p = n.props
        if n.type == "Document":
            return p.get("title") or p.get("number") or node_id
        return p.get("name") or node_id

    def link(self, node_id: str, depth: int, text: str | None = None) -> str:
        n = self.kg.nodes.get(node_id)
        if n is None or n.type not in _FOLDERS:
            return _e(text or node_id)
        href = "../" * depth + page_file(n.type, node_id)
        return f'<a href="{_e(href)}">{_e(text if text is not None else self.name(node_id))}</a>'

    def links(self, ids: Iterable[str], depth: int, skip: str | None = None) -> str:
        return "、".join(self.link(i, depth) for i in ids if i != skip)

    def doc_link(self, task: str, depth: int) -> str:
        doc = self.task_doc.get(task)
        if not doc:
            return ""
        n = self.kg.nodes[doc]
        href = "../" * depth + page_file("Document", doc) + "#" + _slug(task)
        label = n.props.get("number") or n.props.get("title") or doc
        return f'<a href="{_e(href)}" title="{_e(n.props.get("title"))}">{_e(label)}</a>'

    def page(self, rel: str, title: str, body: str) -> None:
        depth = rel.count("/")
        up = "../" * depth
        nav = " ".join(
            f'<a href="{up}{href}">{label}</a>'
            for href, label in (
                ("index.html", "首页 Index"),
                ("units.html", "单位 Units"),
                ("officials.html", "领导 Officials"),
                ("documents.html", "文件 Documents"),
                ("coordination.html", "协同 Coordination"),
            )
        )
        text = (
            f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<title>{_e(title)} · fengong</title>\n<link rel="stylesheet" href="{up}style.css">\n</head>\n'
            f"<body>\n<nav>{nav}</nav>\n<main>\n<h1>{_e(title)}</h1>\n{body}\n</main>\n"
            f"<footer>fengong atlas · 数据截至 deadlines as of {_e(self.today.isoformat())}</footer>\n"
            f"</body>\n</html>\n"
        )
        self.put(rel, text.encode("utf-8"))

    def put(self, rel: str, data: bytes) -> None:
        self.files[rel] = data

    @staticmethod
    def table(headers: list[str], rows: list[str], cls: str = "") -> str:
        if not rows:
            return '<p class="muted">无 none</p>'
        num = ' class="num"'
        head = "".join(f"<th{num if h.startswith('#') else ''}>{_e(h.lstrip('#'))}</th>" for h in headers)
        c = f' class="{cls}"' if cls else ""
        return f"<table{c}>\n<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>"

    @staticmethod
    def facts(items: list[tuple[str, str]]) -> str:
        return '<dl class="facts">' + "".join(f"<dt>{_e(k)}</dt><dd>{v}</dd>" for k, v in items if v) + "</dl>"

    def draw_map(self, kind: str, node_id: str | None, suffix: str = "svg") -> str | None:
        """Draw a picture or map with ``maps`` (when given); its path if one exists in the site folder."""
        rel = map_file(kind, node_id, suffix)
        if rel in self.drawn:  # the index and the coordination page show the same picture
            return rel
        path = self.out / rel
        if self.maps is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.maps(kind, node_id, path)
            if path.is_file():
                self.drawn.append(rel)
        return rel if path.is_file() else None

    # ------------------------------------------------------------ pages

    def unit_pages(self) -> None:
        """A page, a workbook and a picture per unit: half of the units in a forked helper process
        where there are two cores and enough units (the pages are the atlas's main cost)."""
        units = [u.id for u in self.kg.nodes_of("Unit")]
        if len(units) < _PARALLEL_FROM or (os.cpu_count() or 1) < 2 or not hasattr(os, "fork"):
            self.unit_chunk(units)
            return
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        global _SITE
        self.unit_chunk(units[:1])  # the query frames and indexes built once, before the fork shares them
        units = units[1:]
        _SITE = self  # the forked helper inherits the site (graph, frames, caches) instead of pickling it
        try:
            with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
                helper = pool.submit(_unit_chunk, units[1::2])
                self.unit_chunk(units[0::2])
                files, drawn = helper.result()
        finally:
            _SITE = None
        self.files.update(files)
        self.drawn.extend(drawn)

    def unit_chunk(self, units: list[str]) -> None:
        """The pages of these units (see :meth:`unit_page`)."""
        assigned = set(self.assign["unit"])
        for uid in units:
            self.unit_page(uid, uid in assigned)

    def unit_page(self, uid: str, assigned: bool) -> None:
        """A unit's page and workbook: its facts, picture, tasks by role and partner units."""
        from fengong.graph.queries.responsibilities import RESPONSIBILITY_COLUMNS, responsibilities
        from fengong.output import VALUE_LABELS, xlsx_bytes

        p = self.kg.nodes[uid].props
        # (responsibilities() of a unit on no task fails in pandas: such a unit gets an empty table)
        frame = (
            responsibilities(self.kg, uid, today=self.today)
            if assigned
            else pd.DataFrame(columns=RESPONSIBILITY_COLUMNS)
        )
        sheets = {
            VALUE_LABELS["role"][role]: frame[frame["role"] == role].drop(columns=["role"])
            for role in ("responsible", "assisting")
        }
        self.put(f"units/{_slug(uid)}.xlsx", xlsx_bytes(sheets))
        body = [self.facts(self.unit_facts(uid, frame))]
        # the browser saves the workbook under the unit's name, made a safe file name
        body.append(
            f'<p class="download"><a href="{_e(_slug(uid))}.xlsx" '
            f'download="{_e(safe_name(p.get("name") or uid))}.xlsx">下载 Excel download</a> '
            f"(主责/协办 two sheets: responsible, assisting)</p>"
        )
        map_rel = self.draw_map("unit", uid)
        if map_rel:
            body.append(
                _figure(
                    f"../{map_rel}",
                    f"{p.get('name')}：协作单位与牵头领导 partners and lead officials",
                    "协作单位与牵头领导（点击放大） Partners and lead officials (click to enlarge)",
                )
            )
        else:
            body.append('<p class="muted">关系图 Picture: not drawn for this atlas.</p>')
        for role in ("responsible", "assisting"):
            body += self.unit_tasks(uid, frame, role)
        body += self.partner_units(uid, frame)
        self.page(page_file("Unit", uid), p.get("name") or uid, "\n".join(body))

    def unit_facts(self, uid: str, frame: pd.DataFrame) -> list[tuple[str, str]]:
        """Name, kind, jurisdiction, aliases, parent and parts, task counts (HTML values)."""
        p = self.kg.nodes[uid].props
        parents = sorted(e.target for e in self.kg.edges_of("SUB_ORGANIZATION_OF") if e.source == uid)
        parts = sorted(e.source for e in self.kg.edges_of("SUB_ORGANIZATION_OF") if e.target == uid)
        responsible, assisting = int((frame["role"] == "responsible").sum()), int((frame["role"] == "assisting").sum())
        return [
            ("名称 Name", _e(p.get("name"))),
            ("类型 Kind", _e(_kind_label(p.get("kind")))),
            ("集合 Collective", "是 yes" if p.get("collective") else ""),
            ("辖区 Jurisdiction", _e(p.get("jurisdiction"))),
            ("别名 Aliases", _e("、".join(p.get("aliases", [])))),
            ("上级 Part of", self.links(parents, 1)),
            ("下属 Parts", self.links(parts, 1)),
            ("任务 Tasks", _e(f"主责 {responsible} · 协办 {assisting}")),
        ]

    def unit_tasks(self, uid: str, frame: pd.DataFrame, role: str) -> list[str]:
        """The heading and table of a unit's tasks in one role."""
        rows = []
        for r in frame[frame["role"] == role].itertuples(index=False):
            rows.append(
                f'<tr class="task-row" data-role="{role}"><td class="nowrap">{_e(r.number)}</td>'
                f"<td>{_long_text(r.text)}</td>"
                f"<td>{self.links(self.task_leads.get(r.task, []), 1)}</td>"
                f"<td>{self.links(self.agents.get((r.task, 'responsible'), []), 1, skip=uid)}</td>"
                f"<td>{self.links(self.agents.get((r.task, 'assisting'), []), 1, skip=uid)}</td>"
                f'<td class="nowrap">{_e(r.deadline_text or r.deadline)}</td>'
                f'<td class="nowrap status-{_e(r.status)}">{_e(STATUS_LABELS.get(r.status, r.status))}</td>'
                f"<td>{self.doc_link(r.task, 1)}</td>"
                f'<td class="num">{_e(r.source_line)}</td></tr>'
            )
        headers = [
            "序号 No.",
            "任务 Task",
            "牵头领导 Lead officials",
            "其他主责单位 Other responsible",
            "协办单位 Assisting",
            "完成时限 Deadline",
            "状态 Status",
            "文件 Document",
            "#行 Line",
        ]
        return [
            f"<h2>{_e(ROLE_LABELS[role])} ({len(rows)})</h2>",
            self.table(headers, rows, cls=f"responsibilities {role}"),
        ]

    def partner_units(self, uid: str, frame: pd.DataFrame) -> list[str]:
        """The units sharing a unit's tasks, by shared tasks."""
        partners: Counter[str] = Counter()
        for task in set(frame["task"]):
            partners.update(
                {u for role in ("responsible", "assisting") for u in self.agents.get((task, role), []) if u != uid}
            )
        ranked = sorted(partners.items(), key=lambda kv: (-kv[1], self.name(kv[0]), kv[0]))
        rows = [
            f"<tr><td>{self.link(u, 1)}</td><td>{_e(_kind_label(self.kg.nodes[u].props.get('kind')))}</td>"
            f'<td class="num">{n}</td></tr>'
            for u, n in ranked
        ]
        return [
            f"<h2>协同单位 Partner units ({len(ranked)})</h2>",
            self.table(["单位 Unit", "类型 Kind", "#共同任务 Shared tasks"], rows),
        ]

    def official_pages(self) -> None:
        from fengong.graph.queries.responsibilities import official_tasks, official_units

        for off in self.kg.nodes_of("Official"):
            oid, p = off.id, off.props
            tasks = (
                official_tasks(self.kg, oid, today=self.today) if len(self.tasks) else pd.DataFrame(columns=["task"])
            )
            units = official_units(self.kg, oid) if len(self.tasks) else pd.DataFrame(columns=["unit"])
            body = [
                self.facts(
                    [
                        ("姓名 Name", _e(p.get("name"))),
                        ("辖区 Jurisdiction", _e(p.get("jurisdiction"))),
                        ("集合 Collective", "是 yes" if p.get("collective") else ""),
                        ("牵头任务 Tasks led", _e(len(tasks))),
                    ]
                )
            ]
            rows = [
                f'<tr class="task-row"><td class="nowrap">{_e(r.number)}</td><td>{_long_text(r.text)}</td>'
                f"<td>{self.links(self.task_leads.get(r.task, []), 1, skip=oid)}</td>"
                f"<td>{self.links(self.agents.get((r.task, 'responsible'), []), 1)}</td>"
                f"<td>{self.links(self.agents.get((r.task, 'assisting'), []), 1)}</td>"
                f'<td class="nowrap">{_e(r.deadline_text or r.deadline)}</td>'
                f'<td class="nowrap status-{_e(r.status)}">{_e(STATUS_LABELS.get(r.status, r.status))}</td>'
                f'<td>{self.doc_link(r.task, 1)}</td><td class="num">{_e(r.source_line)}</td></tr>'
                for r in tasks.itertuples(index=False)
            ]
            body.append(f"<h2>分管单位 Units steered ({len(units)})</h2>")
            body.append(
                '<p class="muted">分管 is inferred from the tasks an official leads with a unit '
                "as responsible unit; it is not printed in the documents.</p>"
            )
            body.append(
                self.table(
                    [
                        "单位 Unit",
                        "类型 Kind",
                        "#共同任务 Tasks",
                        "#单独牵头 Led alone",
                        "分管(推断) Oversees (inferred)",
                    ],
                    [
                        f"<tr><td>{self.link(r.unit, 1)}</td><td>{_e(KIND_LABELS.get(r.kind, r.kind))}</td>"
                        f'<td class="num">{_e(r.tasks)}</td><td class="num">{_e(r.led_alone)}</td>'
                        f"<td>{'是 yes (inferred)' if r.oversees_inferred else ''}</td></tr>"
                        for r in units.itertuples(index=False)
                    ],
                )
            )
            body.append(f"<h2>牵头任务 Tasks led ({len(rows)})</h2>")
            body.append(
                self.table(
                    [
                        "序号 No.",
                        "任务 Task",
                        "共同牵头 Co-leads",
                        "主责单位 Responsible",
                        "协办单位 Assisting",
                        "完成时限 Deadline",
                        "状态 Status",
                        "文件 Document",
                        "#行 Line",
                    ],
                    rows,
                )
            )
            self.page(page_file("Official", oid), p.get("name") or oid, "\n".join(body))

    def document_pages(self) -> None:
        tasks_of: dict[str, list[str]] = {}
        for t, d in sorted(self.task_doc.items()):
            tasks_of.setdefault(d, []).append(t)
        rels: dict[str, dict[str, list[str]]] = {}
        for rel in ("ATTACHMENT_OF", "CITES", "ISSUED_BY"):
            for e in self.kg.edges_of(rel):
                rels.setdefault(f"{rel}>", {}).setdefault(e.source, []).append(e.target)
                rels.setdefault(f"{rel}<", {}).setdefault(e.target, []).append(e.source)

        def related(key: str, doc: str) -> list[str]:
            return sorted(set(rels.get(key, {}).get(doc, [])), key=lambda i: (self.name(i), i))

        for doc in self.kg.nodes_of("Document"):
            did, p = doc.id, doc.props
            src = ""
            if p.get("source_file"):
                src = _e(f"{p['source_file']} 第 {p.get('source_line', '')}–{p.get('source_line_end', '')} 行 lines")
            body = [
                self.facts(
                    [
                        ("文号 Number", _e(p.get("number"))),
                        ("标题 Title", _e(p.get("title"))),
                        ("日期 Issued", _e(p.get("issued"))),
                        ("年度 Year", _e(p.get("year"))),
                        ("发文机关 Issuer", self.links(related("ISSUED_BY>", did), 1) or _e(p.get("issuer_text"))),
                        ("辖区 Jurisdiction", _e(p.get("jurisdiction"))),
                        ("附件 Attachment", _e(f"附件{p['attachment']}") if p.get("attachment") else ""),
                        ("所属文件 Attachment of", self.links(related("ATTACHMENT_OF>", did), 1)),
                        ("附件 Attachments", self.links(related("ATTACHMENT_OF<", did), 1)),
                        ("引用 Cites", self.links(related("CITES>", did), 1)),
                        ("被引用 Cited by", self.links(related("CITES<", did), 1)),
                        ("分工方案 Plan", "是 yes" if p.get("plan") else "否 no"),
                        ("语料内 In corpus", "是 yes" if p.get("in_corpus") else "否 no (only cited)"),
                        ("来源 Source", src),
                    ]
                )
            ]
            ids = sorted(
                tasks_of.get(did, []),
                key=lambda t: (
                    self.kg.nodes[t].props.get("source_file", ""),
                    self.kg.nodes[t].props.get("source_line", 0),
                    t,
                ),
            )
            rows = []
            for t in ids:
                tp = self.kg.nodes[t].props
                rows.append(
                    f'<tr class="task-row" id="{_e(_slug(t))}"><td class="nowrap">{_e(tp.get("number"))}</td>'
                    f"<td>{_e(tp.get('text'))}</td>"
                    f"<td>{self.links(self.task_leads.get(t, []), 1)}</td>"
                    f"<td>{self.links(self.agents.get((t, 'responsible'), []), 1)}</td>"
                    f"<td>{self.links(self.agents.get((t, 'assisting'), []), 1)}</td>"
                    f'<td class="nowrap">{_e(tp.get("deadline_text") or tp.get("deadline"))}</td>'
                    f'<td class="num">{_e(tp.get("source_line"))}</td></tr>'
                )
            body.append(f"<h2>任务 Tasks ({len(rows)})</h2>")
            body.append(
                self.table(
                    [
                        "序号 No.",
                        "任务 Task",
                        "牵头领导 Lead officials",
                        "主责单位 Responsible",
                        "协办单位 Assisting",
                        "完成时限 Deadline",
                        "#行 Line",
                    ],
                    rows,
                )
            )
            self.page(page_file("Document", did), self.name(did), "\n".join(body))

    def lists(self) -> tuple[pd.DataFrame, list[str]]:
        from fengong.graph.queries.workload import workload

        wl = (
            workload(self.kg)
            if len(self.assign)
            else pd.DataFrame(columns=["unit", "responsible", "assisting", "total", "rank", "collective"])
        )
        load = {r.unit: r for r in wl.itertuples(index=False)}
        units = sorted(
            self.kg.nodes_of("Unit"), key=lambda n: (n.props.get("collective", False), n.props.get("name", ""), n.id)
        )
        rows = []
        for n in units:
            r = load.get(n.id)
            rows.append(
                f"<tr><td>{self.link(n.id, 0)}</td><td>{_e(_kind_label(n.props.get('kind')))}</td>"
                f"<td>{_e('、'.join(n.props.get('aliases', [])))}</td>"
                f'<td class="num">{r.responsible if r else 0}</td>'
                f'<td class="num">{r.assisting if r else 0}</td><td class="num">{r.total if r else 0}</td></tr>'
            )
        self.page(
            "units.html",
            f"单位 Units ({len(units)})",
            self.table(
                ["单位 Unit", "类型 Kind", "别名 Aliases", "#主责 Responsible", "#协办 Assisting", "#合计 Total"], rows
            ),
        )

        led = Counter(o for ids in self.tasks["lead_official_ids"] for o in ids) if len(self.tasks) else Counter()
        oversees = Counter(e.source for e in self.kg.edges_of("OVERSEES"))
        offs = sorted(
            self.kg.nodes_of("Official"),
            key=lambda n: (n.props.get("collective", False), n.props.get("name", ""), n.id),
        )
        self.page(
            "officials.html",
            f"领导 Officials ({len(offs)})",
            self.table(
                [
                    "领导 Official",
                    "辖区 Jurisdiction",
                    "#牵头任务 Tasks led",
                    "#分管单位(推断) Units overseen (inferred)",
                ],
                [
                    f"<tr><td>{self.link(n.id, 0)}</td><td>{_e(n.props.get('jurisdiction'))}</td>"
                    f'<td class="num">{led[n.id]}</td><td class="num">{oversees[n.id]}</td></tr>'
                    for n in offs
                ],
            ),
        )

        n_tasks = Counter(self.task_doc.values())
        docs = sorted(
            self.kg.nodes_of("Document"),
            key=lambda n: (
                not n.props.get("in_corpus", False),
                -(n.props.get("year") or 0),
                n.props.get("number") or "",
                n.props.get("title") or "",
                n.id,
            ),
        )
        doc_rows = [
            f'<tr><td class="nowrap">{_e(n.props.get("number"))}</td><td>{self.link(n.id, 0)}</td>'
            f'<td>{_e(n.props.get("year"))}</td><td class="num">{n_tasks[n.id]}</td>'
            f"<td>{'是 yes' if n.props.get('in_corpus') else '否 no (cited)'}</td></tr>"
            for n in docs
        ]
        doc_table = self.table(
            ["文号 Number", "文件 Document", "年度 Year", "#任务 Tasks", "语料内 In corpus"], doc_rows
        )
        self.page("documents.html", f"文件 Documents ({len(docs)})", doc_table)
        return wl, doc_rows

    def index(self, wl: pd.DataFrame, doc_rows: list[str]) -> None:
        counts = self.kg.counts()["nodes"]
        entries = []
        for n in self.kg.nodes_of("Unit"):
            entries.append(
                {
                    "k": "unit",
                    "n": n.props.get("name") or n.id,
                    "a": list(n.props.get("aliases", [])),
                    "h": page_file("Unit", n.id),
                    "d": _kind_label(n.props.get("kind")),
                }
            )
        for n in self.kg.nodes_of("Official"):
            entries.append(
                {
                    "k": "official",
                    "n": n.props.get("name") or n.id,
                    "a": [],
                    "h": page_file("Official", n.id),
                    "d": n.props.get("jurisdiction") or "",
                }
            )
        for n in self.kg.nodes_of("Document"):
            entries.append(
                {
                    "k": "document",
                    "n": self.name(n.id),
                    "a": [x for x in (n.props.get("number"), n.props.get("title")) if x],
                    "h": page_file("Document", n.id),
                    "d": n.props.get("number") or "",
                }
            )
        facts = self.facts(
            [
                (label, _e(counts.get(t, 0)))
                for t, label in (
                    ("Unit", "单位 Units"),
                    ("Official", "领导 Officials"),
                    ("Document", "文件 Documents"),
                    ("Task", "任务 Tasks"),
                )
            ]
        )
        top = wl[~wl["collective"].astype(bool)].head(20) if len(wl) else wl
        top_rows = [
            f'<tr><td class="num">{_e(r.rank)}</td><td>{self.link(r.unit, 0)}</td>'
            f'<td class="num">{r.responsible}</td><td class="num">{r.assisting}</td>'
            f'<td class="num">{r.total}</td></tr>'
            for r in top.itertuples(index=False)
        ]
        body = "\n".join(
            [
                '<section id="search"><h2>搜索 Search</h2>',
                '<input id="q" type="search" placeholder="单位、别名、领导或文件 unit, alias, official or document" '
                'autocomplete="off" aria-label="search">',
                '<p id="search-info" class="muted"></p><ul id="results"></ul>',
                _json_script("search-index", entries),
                '<script src="search.js"></script></section>',
                "<h2>概况 Overview</h2>",
                facts,
                *self.index_pictures(),
                "<h2>任务最多的单位 Units with most tasks</h2>",
                self.table(
                    ["#排名 Rank", "单位 Unit", "#主责 Responsible", "#协办 Assisting", "#合计 Total"], top_rows
                ),
                '<p><a href="units.html">全部单位 All units</a></p>',
                "<h2>文件 Documents</h2>",
                self.table(["文号 Number", "文件 Document", "年度 Year", "#任务 Tasks", "语料内 In corpus"], doc_rows),
            ]
        )
        self.page("index.html", "分工图集 fengong atlas", body)

    def index_pictures(self) -> list[str]:
        """The workload ranking and the coordination picture, for the index (drawn before the index)."""
        out = []
        for kind, heading, alt in (
            ("workload", "任务量 Workload", "单位任务量排名 Units ranked by tasks"),
            ("coordination", "协同 Coordination", "最强的协作关系 The strongest ties between units"),
        ):
            rel = self.draw_map(kind, None)
            if rel:
                out += [f"<h2>{_e(heading)}</h2>", _figure(rel, alt, alt)]
        return out

    def coordination(self, top: int = 100) -> None:
        from fengong.graph.queries.coordination import co_assignment

        pairs = (
            co_assignment(self.kg).head(top)
            if len(self.assign)
            else pd.DataFrame(columns=["unit_a", "unit_b", "tasks"])
        )
        rows = [
            f'<tr><td class="num">{i}</td><td>{self.link(r.unit_a, 0)}</td><td>{self.link(r.unit_b, 0)}</td>'
            f'<td class="num">{_e(r.tasks)}</td></tr>'
            for i, r in enumerate(pairs.itertuples(index=False), 1)
        ]
        body = []
        for kind, alt in (
            ("coordination", "最强的协作关系 The strongest ties between units"),
            ("matrix", "单位间共同任务矩阵 Shared tasks between the busiest units"),
        ):
            rel = self.draw_map(kind, None)
            if rel:
                body.append(_figure(rel, alt, alt))
        explorer = self.draw_map("coordination", None, "html")
        if explorer:
            from fengong.viz.page import vis_asset_files

            for name, data in vis_asset_files().items():  # one copy, for every explorer page
                self.put(f"assets/{name}", data)
            body.append(f'<p><a href="{_e(explorer)}">交互式协同网络 Interactive coordination explorer</a></p>')
        body.append(
            f"<p>共同承担任务最多的单位组合（不含集合单位），前 {top} 对。 The pairs of units assigned to the "
            f"most tasks together (responsible or assisting; collectives left out), top {top}.</p>"
        )
        body.append(self.table(["#", "单位甲 Unit A", "单位乙 Unit B", "#共同任务 Shared tasks"], rows))
        self.page("coordination.html", "协同 Coordination", "\n".join(body))

    def build(self) -> list[Path]:
        self.put("style.css", CSS.encode("utf-8"))
        self.put("search.js", SEARCH_JS.encode("utf-8"))
        self.unit_pages()
        self.official_pages()
        self.document_pages()
        wl, doc_rows = self.lists()
        self.index(wl, doc_rows)
        self.coordination()
        root = self.out.resolve()
        written = []
        for rel, data in sorted(self.files.items()):
            path = self.out / rel
            if root not in path.resolve().parents:  # page names come from _slug: never outside the folder
                raise ValueError(f"refusing to write outside {self.out}: {rel}")
            written.append(atomic_write(path, data))
        # pages and maps an earlier build wrote for nodes no longer in the graph go; the user's files stay
        written += [self.out / rel for rel in self.drawn]
        written.append(replace_outputs(self.out, written))
        maps_dir = self.out / "maps"
        if maps_dir.is_dir():  # maps drawn outside the atlas (maps=None) are linked, and listed, not owned
            written += sorted(p for p in maps_dir.rglob("*") if p.is_file())
        return sorted(set(written))


#: from this many units the unit pages are written by two processes
_PARALLEL_FROM = 40
_SITE: _Site | None = None


def _unit_chunk(units: list[str]) -> tuple[dict[str, bytes], list[str]]:
    """In the forked helper: the pages of ``units`` (files to write, pictures drawn)."""
    site = _SITE
    assert site is not None  # set by unit_pages before the fork
    site.files, site.drawn = {}, []
    site.unit_chunk(units)
    return site.files, site.drawn


def build_site(
    kg: KnowledgeGraph, out_dir: str | Path, *, today: date | None = None, maps: MapWriter | None = None
) -> list[Path]:
    """Write the atlas of ``kg`` into ``out_dir`` and return the files written (sorted).

    ``today`` is the date deadlines are measured from (default: today); ``maps(kind, node_id, path)``,
    when given, draws a map into ``path`` (kind ``unit`` with a unit id, or ``coordination`` with
    ``None``); pages link to the maps that exist in ``out_dir/maps`` (see :func:`map_file`).
    Every file is written atomically. Rebuilding into the same folder replaces every page and
    removes the files the earlier build wrote (listed in ``out_dir/.fengong-manifest``) that this
    one does not, such as the pages, workbooks and maps of nodes no longer in the graph; other files
    in ``out_dir`` are left alone.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    return _Site(kg, out, today or date.today(), maps).build()
