"""From the builder's records to the knowledge graph: documents, sections, tasks, the units and
officials assigned to them (resolved across documents), assessment and report items, and the
links between documents.

Names stay as printed on the assignment edges (``printed``) beside the resolved entity, and every
record keeps its source file and line span.

>>> from fengong.build import build_paths
>>> kg = build_graph(build_paths())
>>> kg.counts()["nodes"]["Task"]
412
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from fengong.build import Corpus
from fengong.build.jurisdiction import scope_of
from fengong.build.records import Document, TaskRecord
from fengong.build.source import squash
from fengong.graph.ids import make_id
from fengong.graph.kg import KnowledgeGraph

__all__ = ["build_graph"]


class _Assembler:
    def __init__(self, corpus: Corpus, resolver, links: bool) -> None:
        self.corpus = corpus
        self.resolver = resolver
        self.links = links
        self.kg = KnowledgeGraph()
        self.docs = {d.id: d for d in corpus.documents}
        self.doc_ids: dict[str, str] = {}  # builder document id -> graph id
        self.jurisdiction: dict[str, str | None] = {}
        self.task_ids: dict[int, str] = {}  # id(TaskRecord) -> graph id
        self.unit_ids: dict[tuple[str, str | None], str] = {}  # (printed, jurisdiction) -> unit id
        self.units: dict = {}  # unit id -> ResolvedUnit
        self.official_ids: dict[tuple[str, str | None], str] = {}

    # ------------------------------------------------------------ documents
    def document_key(self, d: Document) -> tuple:
        """Natural key: the 文号 where there is one, so citations of it resolve to the same node."""
        if d.parent and d.attachment is not None and d.parent in self.docs:
            return ("attachment", self.document_id(self.docs[d.parent]), d.attachment)
        if d.number:
            return ("number", d.number)
        if d.title:
            return ("title", self.jurisdiction.get(d.id) or "", d.year or 0, squash(d.title))
        return ("file", d.doc, d.line)

    def document_id(self, d: Document) -> str:
        if d.id not in self.doc_ids:
            self.doc_ids[d.id] = make_id("doc", *self.document_key(d))
        return self.doc_ids[d.id]

    def add_documents(self) -> None:
        for d in self.corpus.documents:
            self.jurisdiction[d.id] = scope_of(d, self.docs.get(d.parent) if d.parent else None)
        plans = {t.document for t in self.corpus.tasks}
        for d in self.corpus.documents:
            if d.duplicate_of:  # the same text printed twice is one document; coverage reports the copy
                self.doc_ids[d.id] = self.document_id(self.docs[d.duplicate_of])
                continue
            gid = self.document_id(d)
            self.kg.add_node(
                gid,
                "Document",
                number=d.number,
                title=d.title,
                issued=d.date,
                year=d.year,
                issuer_text=d.issuer,
                jurisdiction=_known(self.jurisdiction[d.id]),
                attachment=d.attachment,
                layout=d.layout,
                plan=d.id in plans,
                in_corpus=True,
                source_format=d.format,
                source_file=d.doc,
                source_line=d.line,
                source_line_end=d.line_end,
                source_location=d.where,
            )
            if d.issuer:
                unit = self.unit(d.issuer, self.jurisdiction[d.id])
                self.kg.add_edge(gid, "ISSUED_BY", unit)
        for d in self.corpus.documents:
            if d.duplicate_of:
                continue
            gid = self.doc_ids[d.id]
            if d.parent and d.parent in self.docs:
                self.kg.add_edge(gid, "ATTACHMENT_OF", self.doc_ids[d.parent])
            for c in d.citations:
                target = self.cited_document(c.number, c.title)
                if target != gid:
                    self.kg.add_edge(gid, "CITES", target, key=str(c.line), printed=c.title, source_line=c.line)

    def cited_document(self, number: str | None, title: str | None) -> str:
        """The node a citation points at; documents outside the corpus become nodes of their own."""
        if number:
            gid = make_id("doc", "number", number)
        else:
            for d in self.corpus.documents:
                if d.title and title and squash(title) in squash(d.title) and not d.duplicate_of:
                    return self.doc_ids[d.id]
            gid = make_id("doc", "cited", squash(title or ""))
        self.kg.add_node(gid, "Document", number=number, title=title, plan=False, in_corpus=False)
        return gid

    # ------------------------------------------------------------ agents
    def unit(self, printed: str, jurisdiction: str | None) -> str:
        # the node (and its parent chain) is added once per printed name, not once per assignment
        key = (printed, jurisdiction)
        uid = self.unit_ids.get(key)
        if uid is not None:
            return uid
        u = self.resolver.unit(printed, jurisdiction)
        self.kg.add_node(u.id, "Unit", name=u.name, kind=u.kind, jurisdiction=u.jurisdiction, collective=u.collective)
        self.units[u.id] = u
        self.unit_ids[key] = u.id
        if u.parent and u.parent != u.name:
            parent = self.unit(u.parent, jurisdiction)
            self.kg.add_edge(u.id, "SUB_ORGANIZATION_OF", parent)
        return u.id

    def add_aliases(self) -> None:
        """Each unit's aliases: the printed variants seen anywhere in the corpus and the table's."""
        for uid, u in self.units.items():
            self.kg.add_node(uid, "Unit", aliases=self.resolver.aliases(u))

    def official(self, printed: str, jurisdiction: str | None) -> str:
        key = (printed, jurisdiction)
        oid = self.official_ids.get(key)
        if oid is None:
            o = self.resolver.official(printed, jurisdiction)
            self.kg.add_node(o.id, "Official", name=o.name, jurisdiction=o.jurisdiction, collective=o.collective)
            oid = self.official_ids[key] = o.id
        return oid

    # ------------------------------------------------------------ records
    def sections(self, doc_gid: str, path: Iterable[str]) -> str | None:
        """The innermost section of ``path`` (creating the chain of headings)."""
        parent = None
        keys: list[str] = []
        for level, title in enumerate(path, start=1):
            keys.append(squash(title))
            sid = make_id("sec", doc_gid, *keys)
            self.kg.add_node(sid, "Section", title=title, level=level)
            self.kg.add_edge(sid, "IN_DOCUMENT", doc_gid)
            if parent:
                self.kg.add_edge(sid, "SUBSECTION_OF", parent)
            parent = sid
        return parent

    def add_tasks(self) -> None:
        seen: Counter = Counter()
        for t in sorted(self.corpus.tasks, key=lambda t: (t.doc, t.line, t.line_end)):
            doc_gid = self.doc_ids[t.document]
            natural = (doc_gid, t.number or "", "" if t.number else squash(t.text)[:200])
            seen[natural] += 1
            tid = make_id("task", *natural, seen[natural])
            self.task_ids[id(t)] = tid
            d = self.docs[t.document]
            self.kg.add_node(
                tid,
                "Task",
                number=t.number,
                text=t.text,
                key_task=t.key_task,
                year=d.year,
                deadline=t.deadline.date if t.deadline else None,
                deadline_text=t.deadline.text if t.deadline else None,
                deadline_kind=t.deadline.kind if t.deadline else None,
                split=t.split,
                split_reason=t.split_reason or None,
                appendix=t.appendix,
                continues=t.continues,
                layout=t.layout,
                source_file=t.doc,
                source_line=t.line,
                source_line_end=t.line_end,
                source_location=t.where,
            )
            self.kg.add_edge(tid, "IN_DOCUMENT", doc_gid)
            sec = self.sections(doc_gid, t.section)
            if sec:
                self.kg.add_edge(tid, "IN_SECTION", sec)
            self.add_assignments(t, tid)

    def add_assignments(self, t: TaskRecord, tid: str) -> None:
        j = self.jurisdiction[t.document]
        for order, n in enumerate(t.lead_officials, start=1):
            self.kg.add_edge(
                self.official(n.text, j),
                "LEADS",
                tid,
                key=str(order),
                order=order,
                printed=n.text,
                source_line=min(n.lines),
                source_line_end=max(n.lines),
            )
        contacts = {c.unit: c for c in t.contacts if c.unit}
        only = t.contacts[0] if len(t.contacts) == 1 and not t.contacts[0].unit else None
        for order, n in enumerate(t.responsible_units, start=1):
            c = contacts.get(n.text) or (only if len(t.responsible_units) == 1 else None)
            self.kg.add_edge(
                self.unit(n.text, j),
                "RESPONSIBLE_FOR",
                tid,
                key=str(order),
                order=order,
                printed=n.text,
                split=t.split,
                contact=c.person if c else None,
                phone=c.phone if c else None,
                source_line=min(n.lines),
                source_line_end=max(n.lines),
            )
        for order, n in enumerate(t.assist_units, start=1):
            self.kg.add_edge(
                self.unit(n.text, j),
                "ASSISTS",
                tid,
                key=str(order),
                order=order,
                printed=n.text,
                split=t.split,
                source_line=min(n.lines),
                source_line_end=max(n.lines),
            )

    def add_oversight(self) -> None:
        from fengong.graph.resolve import infer_oversight

        for o in infer_oversight(self.corpus.tasks, self.docs, self.resolver):
            if o.official in self.kg.nodes and o.unit in self.kg.nodes:
                self.kg.add_edge(
                    o.official,
                    "OVERSEES",
                    o.unit,
                    inferred=o.inferred,
                    tasks=o.tasks,
                    sole_lead_tasks=o.sole_lead_tasks,
                    share=round(o.share, 3),
                )

    def add_items(self) -> None:
        self.assessment_ids: list[str] = []
        ordinal: Counter = Counter()
        for a in self.corpus.assessments:
            doc_gid = self.doc_ids[a.document]
            ordinal[doc_gid] += 1
            aid = make_id("assessment", doc_gid, ordinal[doc_gid])
            self.assessment_ids.append(aid)
            self.kg.add_node(
                aid,
                "AssessmentItem",
                number=a.number,
                dimension=a.dimension,
                item=a.item,
                status=a.status,
                problems=a.problems,
                district=a.district,
                year=a.year,
                source_file=a.doc,
                source_line=a.line,
                source_line_end=a.line_end,
                source_location=a.where,
            )
            self.kg.add_edge(aid, "IN_DOCUMENT", doc_gid)
            if a.district:
                self.kg.add_edge(aid, "ATTRIBUTED_TO", self.unit(f"{a.district}人民政府", a.district))
        self.report_ids: list[str] = []
        ordinal.clear()
        for r in self.corpus.report_items:
            doc_gid = self.doc_ids[r.document]
            ordinal[doc_gid, r.kind] += 1
            rid = make_id("report", doc_gid, r.kind, ordinal[doc_gid, r.kind])
            self.report_ids.append(rid)
            self.kg.add_node(
                rid,
                "ReportItem",
                text=r.text,
                kind=r.kind,
                year=r.year,
                source_file=r.doc,
                source_line=r.line,
                source_line_end=r.line_end,
                source_location=r.where,
            )
            self.kg.add_edge(rid, "IN_DOCUMENT", doc_gid)
            sec = self.sections(doc_gid, r.section)
            if sec:
                self.kg.add_edge(rid, "IN_SECTION", sec)

    def add_links(self) -> None:
        from fengong.graph import links

        tasks = self.corpus.tasks
        task_ids = [self.task_ids[id(t)] for t in tasks]
        docs = self.corpus.documents
        for ln in links.link_report_items(self.corpus.report_items, tasks, docs):
            self.kg.add_edge(
                self.report_ids[ln.source], "ELABORATED_BY", task_ids[ln.target], score=ln.score, evidence=ln.evidence
            )
        for ln in links.link_assessments(self.corpus.assessments, tasks, docs):
            target = task_ids[ln.target] if ln.target_kind == "task" else self.doc_ids[docs[ln.target].id]
            self.kg.add_edge(self.assessment_ids[ln.source], "ASSESSES", target, score=ln.score, evidence=ln.evidence)
        for ln in links.pair_assessments(self.corpus.assessments):
            self.kg.add_edge(
                self.assessment_ids[ln.source],
                "COMPARABLE_TO",
                self.assessment_ids[ln.target],
                score=ln.score,
                evidence=ln.evidence,
            )

    def run(self) -> KnowledgeGraph:
        self.add_documents()
        self.add_tasks()
        self.add_oversight()
        self.add_items()
        if self.links:
            self.add_links()
        self.add_aliases()
        return self.kg


def build_graph(corpus: Corpus, resolver=None, links: bool = True) -> KnowledgeGraph:
    """The knowledge graph of a built corpus.

    ``resolver`` is a :class:`fengong.graph.resolve.Resolver` (default: the package's alias
    table); ``links=False`` skips the cross-document links (report items → tasks,
    assessment items → plans).
    """
    if resolver is None:
        from fengong.graph.resolve import Resolver

        resolver = Resolver.load()
    return _Assembler(corpus, resolver, links).run()


def _known(scope: str | None) -> str | None:
    """A document's jurisdiction as the graph states it: none where only a scope of its own was made
    (``?…``: its units are kept apart, but no government is claimed)."""
    return None if scope is None or scope.startswith("?") else scope
