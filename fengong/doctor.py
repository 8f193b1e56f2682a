"""Checks a built corpus for records a person should look at (``fengong doctor``).

The builder never drops a name or a line, so a typo, a wrapped name cut in two, or a table row
whose 主责/协办 boundary was guessed all reach the graph quietly. :func:`diagnose` reports them as
:class:`Finding` rows, each pointing at a file and its lines, saying what was expected and, where
the corpus gives one, the likely intended value.

Checks (ids are stable; ``warning`` means probably wrong, ``info`` worth a look):

- ``split-ambiguous`` (warning): a table row's 主责/协办 boundary was a guess;
- ``split-inferred`` (info): a row's 主责/协办 split was inferred from evidence, not printed;
- ``name-glued`` (warning): one printed name that reads as two units or two officials;
- ``name-cut`` (warning): a unit or official name that looks cut by a line wrap;
- ``unit-seen-once``: a unit named on one task only — a warning when it reads as a misprint or a
  wrapped piece of a unit named elsewhere (the suggestion), else info;
- ``official-seen-once``: the same for lead officials;
- ``official-no-portfolio`` (info): an official leading several tasks but overseeing (分管) no unit;
- ``task-no-units`` (warning): a task with no responsible and no assisting unit;
- ``task-no-lead`` (warning): a task without 牵头领导 where most of the document's others have one;
- ``deadline-before-document`` (warning): a deadline earlier than the document's date;
- ``deadline-unreadable`` (warning): a deadline printed but read neither as a date nor as ongoing;
- ``duplicate-task-number`` (warning): one task number used twice in a document (in a section,
  where the plan numbers each section afresh);
- ``jurisdiction-unknown`` (warning): a document with tasks whose government neither its issuer, its
  title, its 文号 prefix nor its parent names: its units are resolved within the document alone
  (never pooled with another jurisdiction's namesakes); a 文号 prefix table (``--aliases``) fixes it;
- ``assignment-unread`` (warning): a line printing an assignment label (责任单位：, 牵头领导：…) that
  no task took: the builder left it unparsed, so its names are in no record.

>>> from fengong.build import build_paths
>>> from fengong.data import SAMPLE_CORPUS
>>> findings = diagnose(build_paths([SAMPLE_CORPUS / "004_d2e1d2fa9d54708a.txt"]))
>>> sorted({(f.check, f.severity) for f in findings})      # no warnings: units named once only
[('unit-seen-once', 'info')]
>>> f = findings[0]
>>> f.file, f.line, f.document, f.task, f.subject
('004_d2e1d2fa9d54708a.txt', 31, '通政发〔2023〕2号', '2', '区财政局')
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from fengong.build import Corpus
from fengong.build.jurisdiction import jurisdiction_of, scope_of
from fengong.build.names import COLLECTIVE, looks_like_person
from fengong.build.records import SPLIT_AMBIGUOUS, SPLIT_INFERRED, Document, Name, TaskRecord
from fengong.build.roles import active as active_roles
from fengong.doctor_names import (
    _YEAR,
    _completion,
    _glued_unit,
    _later_year,
    _lines,
    _nearest,
    _nearest_person,
    _shorten,
    _split_subject,
    _unit_like,
)
from fengong.graph.resolve import Resolver, infer_oversight, normalise

__all__ = ["Finding", "CHECKS", "diagnose"]

WARNING, INFO = "warning", "info"

# id -> what it reports (the CLI's --check help and summary use these)
CHECKS: dict[str, str] = {
    "split-ambiguous": "主责/协办 boundary guessed: nothing printed fixes it",
    "split-inferred": "主责/协办 split inferred from evidence, not printed",
    "name-glued": "one printed name that reads as two",
    "name-cut": "a name that looks cut by a line wrap",
    "unit-seen-once": "unit named on one task only",
    "official-seen-once": "lead official on one task only",
    "official-no-portfolio": "official leads tasks but oversees (分管) no unit",
    "task-no-units": "task with no responsible and no assisting unit",
    "task-no-lead": "task without 牵头领导 where the document's other tasks have one",
    "deadline-before-document": "deadline earlier than the document's date",
    "deadline-unreadable": "deadline printed but not read as a date",
    "duplicate-task-number": "task number used twice in one document",
    "jurisdiction-unknown": "document whose government cannot be read: its units stay within it",
    "assignment-unread": "an assignment line no task took (left unparsed)",
}


@dataclass(frozen=True)
class Finding:
    """One suspicious record: where it is, what is wrong, and what was expected."""

    check: str
    severity: str  # "warning" or "info"
    file: str
    line: int
    line_end: int
    document: str | None  # the document's 文号, else title, else builder id
    task: str | None  # the task's number as printed
    subject: str  # the name or value concerned, as printed
    message: str
    suggestion: str | None = None  # the likely intended value, when the corpus suggests one

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def diagnose(corpus: Corpus, resolver: Resolver | None = None, checks: Iterable[str] | None = None) -> list[Finding]:
    """Every finding of ``checks`` (default: all of :data:`CHECKS`), ordered by (file, line, check).

    ``resolver`` resolves names as the graph does (default: the package's alias table); pass the
    one built with your own alias tables so that names they explain are not reported.
    """
    wanted = list(CHECKS) if checks is None else list(checks)
    unknown = [c for c in wanted if c not in CHECKS]
    if unknown:
        raise ValueError(f"unknown check {', '.join(unknown)}; choose from {', '.join(CHECKS)}")
    doctor = _Doctor(corpus, resolver or Resolver.load())
    findings: list[Finding] = []
    for check in dict.fromkeys(wanted):
        findings += getattr(doctor, "check_" + check.replace("-", "_"))()
    return sorted(findings, key=lambda f: (f.file, f.line, f.check, f.subject, f.line_end))


class _Doctor:
    """The corpus indexed once for every check."""

    def __init__(self, corpus: Corpus, resolver: Resolver) -> None:
        self.corpus = corpus
        self.resolver = resolver
        self.tasks: list[TaskRecord] = corpus.tasks
        self.docs: dict[str, Document] = {d.id: d for d in corpus.documents}
        self.jurisdiction: dict[str, str | None] = {
            d.id: scope_of(d, self.docs.get(d.parent) if d.parent else None) for d in corpus.documents
        }
        self._labels: dict[str, str | None] = {}

    # ------------------------------------------------------------ shared pieces
    def label(self, doc_id: str) -> str | None:
        """How a person finds the document: its 文号, its parent's 文号 and 附件 N, its title."""
        if doc_id not in self._labels:
            d = self.docs.get(doc_id)
            if d is None:
                label = None
            elif d.number:
                label = d.number
            elif d.parent and d.parent in self.docs and (notice := self.docs[d.parent].number):
                label = notice + (f" 附件{d.attachment}" if d.attachment is not None else "")
            else:
                label = d.title or d.id
            self._labels[doc_id] = label
        return self._labels[doc_id]

    def date_of(self, doc_id: str) -> str | None:
        d = self.docs.get(doc_id)
        if d is None:
            return None
        if d.date:
            return d.date
        parent = self.docs.get(d.parent) if d.parent else None
        return parent.date if parent else None

    def finding(
        self,
        check: str,
        severity: str,
        task: TaskRecord,
        subject: str,
        message: str,
        suggestion: str | None = None,
        lines: tuple[int, int] | None = None,
    ) -> Finding:
        line, line_end = lines or (task.line, task.line_end)
        return Finding(
            check,
            severity,
            task.doc,
            line,
            line_end,
            self.label(task.document),
            task.number,
            subject,
            message,
            suggestion,
        )

    def unit_mentions(self) -> Iterable[tuple[TaskRecord, str, Name]]:
        for t in self.tasks:
            for n in t.responsible_units:
                yield t, "责任单位", n
            for n in t.assist_units:
                yield t, "协办单位", n

    def _known_to_table(self, name: str, j: str | None) -> bool:
        """A name a row of the alias table (the package's or the user's) speaks for: someone vetted it."""
        return self.resolver.in_table(name, j)

    # ------------------------------------------------------------ documents
    def check_jurisdiction_unknown(self) -> list[Finding]:
        out = []
        with_tasks = {t.document for t in self.tasks}
        for d in self.corpus.documents:
            if d.id not in with_tasks or jurisdiction_of(d, self.docs.get(d.parent) if d.parent else None):
                continue
            out.append(
                Finding(
                    "jurisdiction-unknown",
                    WARNING,
                    d.doc,
                    d.line,
                    d.line_end,
                    self.label(d.id),
                    None,
                    self.jurisdiction[d.id] or "",
                    "no issuer, title, 文号 prefix or parent notice names this document's government: "
                    "its units are resolved within the document only, apart from any namesakes "
                    "elsewhere",
                    "add its 文号 prefix to a prefix table (columns prefix,jurisdiction,note) given with --aliases",
                )
            )
        return out

    # ------------------------------------------------------------ lines
    def check_assignment_unread(self) -> list[Finding]:
        out = []
        for f in self.corpus.files:
            roles = active_roles()
            for n in f.unparsed():
                text = f.source.line(n.line)
                if not roles.carries_assignment(text):
                    continue
                doc = next((d for d in f.documents if d.line <= n.line <= d.line_end), None)
                out.append(
                    Finding(
                        "assignment-unread",
                        WARNING,
                        f.source.name,
                        n.line,
                        n.line,
                        self.label(doc.id) if doc else None,
                        None,
                        _shorten(text.strip()),
                        f"this line prints an assignment label but no task took it ({n.reason}): "
                        f"check the line in the original",
                    )
                )
        return out

    # ------------------------------------------------------------ splits
    def check_split_ambiguous(self) -> list[Finding]:
        return [
            self.finding(
                "split-ambiguous",
                WARNING,
                t,
                _split_subject(t),
                f"where the 主责 cell ends and the 协办 cell begins is not printed, and was guessed: "
                f"{t.split_reason}; check the row in the original (a .docx, .xlsx or ruled-PDF copy "
                f"of the plan gives certain cells)",
            )
            for t in self.tasks
            if t.split == SPLIT_AMBIGUOUS
        ]

    def check_split_inferred(self) -> list[Finding]:
        return [
            self.finding(
                "split-inferred", INFO, t, _split_subject(t), f"主责/协办 roles inferred, not printed: {t.split_reason}"
            )
            for t in self.tasks
            if t.split == SPLIT_INFERRED
        ]

    # ------------------------------------------------------------ names
    def printed_units(self) -> dict[tuple[str | None, str], int]:
        """(jurisdiction, normalised printed name) -> tasks naming it."""
        if not hasattr(self, "_printed_units"):
            seen: Counter = Counter()
            for t in self.tasks:
                j = self.jurisdiction.get(t.document)
                for n in {normalise(n.text) for n in (*t.responsible_units, *t.assist_units)}:
                    seen[(j, n)] += 1
            self._printed_units = seen
        return self._printed_units

    def printed_officials(self) -> dict[tuple[str | None, str], int]:
        if not hasattr(self, "_printed_officials"):
            seen: Counter = Counter()
            for t in self.tasks:
                j = self.jurisdiction.get(t.document)
                for n in {normalise(n.text) for n in t.lead_officials}:
                    seen[(j, n)] += 1
            self._printed_officials = seen
        return self._printed_officials

    def check_name_glued(self) -> list[Finding]:
        units = self.printed_units()
        glued: dict[tuple[str | None, str], tuple[str, str] | None] = {}
        out = []
        for t, role, n in self.unit_mentions():
            j = self.jurisdiction.get(t.document)
            form = normalise(n.text)
            if COLLECTIVE.search(form) or self._known_to_table(form, j):
                continue
            if (j, form) not in glued:  # a big corpus prints the same few hundred names again and again
                glued[(j, form)] = _glued_unit(form, lambda s, j=j, form=form: s != form and units.get((j, s), 0) > 0)
            cut = glued[(j, form)]
            if cut:
                a, b = cut
                out.append(
                    self.finding(
                        "name-glued",
                        WARNING,
                        t,
                        n.text,
                        f"{role} {n.text} reads as two units, {a} and {b}, printed without a separator; expected one "
                        f"unit per name (if it is one body, e.g. two offices working as one, add it to an alias table)",
                        f"{a}、{b}",
                        _lines([n], (t.line, t.line_end)),
                    )
                )
        officials = self.printed_officials()
        for t in self.tasks:
            j = self.jurisdiction.get(t.document)
            for n in t.lead_officials:
                form = normalise(n.text)
                for i in range(2, len(form) - 1):
                    a, b = form[:i], form[i:]
                    if officials.get((j, a)) and officials.get((j, b)):
                        out.append(
                            self.finding(
                                "name-glued",
                                WARNING,
                                t,
                                n.text,
                                f"牵头领导 {n.text} reads as two officials, {a} and {b}, printed without a separator; "
                                f"expected one name per official",
                                f"{a}、{b}",
                                _lines([n], (t.line, t.line_end)),
                            )
                        )
                        break
        return out

    def check_name_cut(self) -> list[Finding]:
        units = self.printed_units()
        out = []
        for t, role, n in self.unit_mentions():
            j = self.jurisdiction.get(t.document)
            unit = self.resolver.unit(n.text, j)
            if unit.collective or _unit_like(unit.name) or self._known_to_table(unit.name, j):
                continue
            whole = _completion(
                normalise(n.text), [s for (jj, s), k in units.items() if jj == j and k and s != normalise(n.text)]
            )
            out.append(
                self.finding(
                    "name-cut",
                    WARNING,
                    t,
                    n.text,
                    f"{role} {n.text} does not end like a unit name (…局, …委, …办, …中心, …政府, …街道…): "
                    f"a name cut by a line wrap, or a remark printed as a name?",
                    whole,
                    _lines([n], (t.line, t.line_end)),
                )
            )
        officials = self.printed_officials()
        for t in self.tasks:
            j = self.jurisdiction.get(t.document)
            for n in t.lead_officials:
                o = self.resolver.official(n.text, j)
                if o.collective or looks_like_person(o.name) or len(o.name) > 4:
                    continue  # longer names are glued or titles, not cut
                whole = _completion(o.name, [s for (jj, s), k in officials.items() if jj == j and s != o.name])
                out.append(
                    self.finding(
                        "name-cut",
                        WARNING,
                        t,
                        n.text,
                        f"牵头领导 {n.text} is not a 2–4 character personal name: a name cut by a line wrap?",
                        whole,
                        _lines([n], (t.line, t.line_end)),
                    )
                )
        return out

    # ------------------------------------------------------------ units and officials seen once
    def check_unit_seen_once(self) -> list[Finding]:
        tasks_of: dict[str, list[tuple[TaskRecord, str, Name]]] = defaultdict(list)
        units = {}
        for t, role, n in self.unit_mentions():
            u = self.resolver.unit(n.text, self.jurisdiction.get(t.document))
            if not tasks_of[u.id] or tasks_of[u.id][-1][0] is not t:
                tasks_of[u.id].append((t, role, n))
            units[u.id] = u
        # the names a singleton may be a misprint of: units named on two tasks or more, under any
        # printed form or table alias, per jurisdiction
        frequent: dict[str | None, dict[str, tuple[str, int]]] = defaultdict(dict)
        for uid, seen in tasks_of.items():
            u = units[uid]
            if len(seen) >= 2 and not u.collective:
                for form in (u.name, *self.resolver.aliases(u)):
                    frequent[u.jurisdiction][form] = (u.name, len(seen))
        out = []
        for uid, seen in tasks_of.items():
            u = units[uid]
            if len(seen) != 1 or u.collective or self._known_to_table(u.name, u.jurisdiction):
                continue
            t, role, n = seen[0]
            form = normalise(n.text)
            near = _nearest(form, frequent[u.jurisdiction])
            lines = _lines([n], (t.line, t.line_end))
            if near:
                name, tasks, why = near
                out.append(
                    self.finding(
                        "unit-seen-once",
                        WARNING,
                        t,
                        n.text,
                        f"{role} {n.text} is named on this task only; {why} {name} (named on {tasks} tasks): "
                        f"a misprint or a wrapped name? If it is a unit of its own, add it to an alias table",
                        name,
                        lines,
                    )
                )
            else:
                out.append(
                    self.finding(
                        "unit-seen-once",
                        INFO,
                        t,
                        n.text,
                        f"{role} {n.text} is named on this task only and resembles no other unit; check the name "
                        f"(if it is another name of a known unit, add that alias to an alias table)",
                        None,
                        lines,
                    )
                )
        return out

    def _officials(self) -> tuple[dict, dict]:
        """Official id -> the tasks they lead (with the printed name), and id -> resolved official."""
        if not hasattr(self, "_official_index"):
            led: dict[str, list[tuple[TaskRecord, Name]]] = defaultdict(list)
            officials = {}
            for t in self.tasks:
                for n in t.lead_officials:
                    if not normalise(n.text):
                        continue
                    o = self.resolver.official(n.text, self.jurisdiction.get(t.document))
                    if o.collective:
                        continue
                    if not led[o.id] or led[o.id][-1][0] is not t:
                        led[o.id].append((t, n))
                    officials[o.id] = o
            self._official_index = (led, officials)
        return self._official_index

    def _portfolios(self) -> set[str]:
        if not hasattr(self, "_portfolio_ids"):
            self._portfolio_ids = {o.official for o in infer_oversight(self.tasks, self.docs, self.resolver)}
        return self._portfolio_ids

    def check_official_seen_once(self) -> list[Finding]:
        led, officials = self._officials()
        frequent: dict[str | None, dict[str, tuple[str, int]]] = defaultdict(dict)
        for oid, tasks in led.items():
            if len(tasks) >= 2:
                o = officials[oid]
                frequent[o.jurisdiction][o.name] = (o.name, len(tasks))
        out = []
        for oid, tasks in led.items():
            if len(tasks) != 1:
                continue
            o = officials[oid]
            t, n = tasks[0]
            near = _nearest_person(o.name, frequent[o.jurisdiction])
            portfolio = "" if oid in self._portfolios() else " and oversees (分管) no unit"
            lines = _lines([n], (t.line, t.line_end))
            if near:
                name, count = near
                out.append(
                    self.finding(
                        "official-seen-once",
                        WARNING,
                        t,
                        n.text,
                        f"牵头领导 {n.text} leads this task only{portfolio}; {name} leads {count} tasks and differs by "
                        f"one character: a misprint?",
                        name,
                        lines,
                    )
                )
            else:
                out.append(
                    self.finding(
                        "official-seen-once",
                        INFO,
                        t,
                        n.text,
                        f"牵头领导 {n.text} leads this task only{portfolio}; check the name (a leader who left, "
                        f"or a misprint of another's)",
                        None,
                        lines,
                    )
                )
        return out

    def check_official_no_portfolio(self) -> list[Finding]:
        led, officials = self._officials()
        portfolios = self._portfolios()
        out = []
        for oid, tasks in led.items():
            if len(tasks) < 2 or oid in portfolios:
                continue  # one task is reported by official-seen-once
            t, n = tasks[0]
            alone = sum(1 for task, _ in tasks if len(task.lead_officials) == 1)
            with_units = sum(1 for task, _ in tasks if task.responsible_units)
            lines = ", ".join(str(m.lines[0] if m.lines else task.line) for task, m in tasks[:6])
            more = "…" if len(tasks) > 6 else ""
            out.append(
                self.finding(
                    "official-no-portfolio",
                    INFO,
                    t,
                    n.text,
                    f"牵头领导 {n.text} leads {len(tasks)} tasks ({alone} alone, {with_units} with 责任单位) but no unit "
                    f"can be attributed to their portfolio (分管): that needs a unit whose tasks they lead alone twice, "
                    f"or lead more often than anyone else. Check the 牵头领导 of their tasks (lines {lines}{more})",
                    None,
                    _lines([n], (t.line, t.line_end)),
                )
            )
        return out

    # ------------------------------------------------------------ tasks
    def check_task_no_units(self) -> list[Finding]:
        return [
            self.finding(
                "task-no-units",
                WARNING,
                t,
                _shorten(t.text),
                "the task names no responsible (责任/主责/牵头单位) and no assisting (协办/配合单位) "
                "unit; expected at least one — was the 责任单位 line left out, or read into the task "
                "text?",
            )
            for t in self.tasks
            if not t.responsible_units and not t.assist_units
        ]

    def check_task_no_lead(self) -> list[Finding]:
        by_doc: dict[str, list[TaskRecord]] = defaultdict(list)
        for t in self.tasks:
            by_doc[t.document].append(t)
        out = []
        for tasks in by_doc.values():
            with_lead = sum(1 for t in tasks if t.lead_officials)
            for t in tasks:
                if t.lead_officials:
                    continue
                others = len(tasks) - 1
                # most of the document's other tasks name a lead official (and at least two do)
                if with_lead >= 2 and with_lead * 2 > others:
                    out.append(
                        self.finding(
                            "task-no-lead",
                            WARNING,
                            t,
                            _shorten(t.text),
                            f"the task names no lead official (牵头领导) while {with_lead} of the document's other "
                            f"{others} tasks do; was the 牵头领导 line left out or read into another field?",
                        )
                    )
        return out

    # ------------------------------------------------------------ deadlines
    def check_deadline_before_document(self) -> list[Finding]:
        out = []
        for t in self.tasks:
            d = t.deadline
            issued = self.date_of(t.document)
            if d is None or d.date is None or issued is None or d.date >= issued:
                continue
            # a deadline printed without a year took the plan's year; a later year may be meant
            why = (
                f" (no year printed: read in {d.date[:4]}; if a later year is meant, print it)"
                if not _YEAR.search(d.text)
                else " — a misprinted year or month?"
            )
            out.append(
                self.finding(
                    "deadline-before-document",
                    WARNING,
                    t,
                    d.text,
                    f"deadline {d.text} ({d.date}) is before the document's date {issued}; expected a date on or after "
                    f"it{why}",
                    _later_year(d.text, issued),
                    _lines([], (t.line, t.line_end)) if not d.lines else (min(d.lines), max(d.lines)),
                )
            )
        return out

    def check_deadline_unreadable(self) -> list[Finding]:
        out = []
        for t in self.tasks:
            d = t.deadline
            if d is None or d.kind != "unknown":
                continue
            doc = self.docs.get(t.document)
            no_year = doc is not None and doc.year is None and not _YEAR.search(d.text)
            why = " (it prints no year and the document's year is unknown)" if no_year else ""
            out.append(
                self.finding(
                    "deadline-unreadable",
                    WARNING,
                    t,
                    d.text,
                    f"deadline {d.text} was not read as a date or as a standing duty{why}; expected e.g. 2023年12月底, "
                    f"6月底前, 二季度 or 长期",
                    None,
                    (min(d.lines), max(d.lines)) if d.lines else None,
                )
            )
        return out

    def check_duplicate_task_number(self) -> list[Finding]:
        by_doc: dict[str, list[TaskRecord]] = defaultdict(list)
        for t in self.tasks:
            # N-cont sub-rows share their row's number on purpose; clauses have no numbers
            if t.number is not None and t.continues is None:
                by_doc[t.document].append(t)
        out = []
        for tasks in by_doc.values():
            # plans that number tasks afresh in each section (一、1. 2. 二、1. …) repeat numbers legitimately
            first = tasks[0].number
            restarts = len({tuple(t.section) for t in tasks if t.number == first}) > 1
            seen: dict[tuple, TaskRecord] = {}
            for t in tasks:
                key = (tuple(t.section), t.number) if restarts else (t.number,)
                if key in seen:
                    earlier = seen[key]
                    where = " in the same section" if restarts else ""
                    out.append(
                        self.finding(
                            "duplicate-task-number",
                            WARNING,
                            t,
                            t.number or "",
                            f"task number {t.number} is used twice{where}: first at line {earlier.line} "
                            f"({_shorten(earlier.text, 16)}), again here; expected each number once — a misnumbered "
                            f"task, or one task read as two?",
                        )
                    )
                else:
                    seen[key] = t
        return out
