"""Links across documents: report items elaborated by tasks, self-assessment items that
assess plans and tasks, and the same municipal assessment item reported by two districts.

The similarity is deliberately transparent: TF-IDF over Chinese character bigrams (plus
Latin/digit tokens such as PM2.5, M101, CCER), compared by cosine. Bigrams found in a large
share of the texts compared (建设, 推进, 加强…) get no weight, so what two texts share is
the vocabulary that names a project, a place or a measure. Every link says what matched:
the shared phrases (adjacent shared bigrams joined back) and the score, or the topic and
title that matched.

>>> from fengong.build.records import Document, ReportItem, TaskRecord
>>> plan = Document(id="p", doc="p.txt", line=1, line_end=9, year=2023,
...                 title="关于印发2023年政府工作报告重点工作分工方案的通知")
>>> tasks = [TaskRecord(doc="p.txt", document="p", number="1", line=2, line_end=2,
...                     text="建成云景公园、运河生态公园，完成小微绿地建设。"),
...          TaskRecord(doc="p.txt", document="p", number="2", line=3, line_end=3,
...                     text="启动1-2家社区卫生服务中心项目建设。")]
>>> item = ReportItem(doc="r.txt", document="r", line=1, line_end=1, kind="plan", year=2023,
...                   text="建成云景公园、运河生态公园。")
>>> [(l.source, l.target, l.kind) for l in link_report_items([item], tasks, [plan])]
[(0, 0, 'elaborated_by')]
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from fengong.build.jurisdiction import jurisdiction_from_text, jurisdiction_of
from fengong.build.records import AssessmentItem, Document, ReportItem, TaskRecord

__all__ = ["Link", "link_report_items", "link_assessments", "pair_assessments"]

# Calibrated by reading the matches on the sample corpus (see the module's tests).
REPORT_MIN = 0.25  # report item -> task: below this, shared words are mostly incidental
SPLIT_GAIN = 0.15  # a further task must match this share of the item not matched yet…
SPLIT_RESTATED = 0.6  # …or have this share of its own weight restated in the item
STATUS_MIN = 0.25  # a point of a 落实情况 -> task, selected as report items are
PAIR_MIN = 0.08  # two districts' rows of one template: long rows, so a low cosine
TOPIC_COVER = 0.8  # share of an item's topic that must appear in a plan's title
MAX_DF_SHARE = 0.1  # bigrams in more than this share of the texts carry no weight…
MIN_TEXTS_FOR_CUT = 30  # …once there are enough texts for the share to mean something

_TOKEN = re.compile(r"[\u4e00-\u9fff]+|[a-z0-9.]*[a-z][a-z0-9.]*")
_CJK = re.compile(r"[\u4e00-\u9fff]+")
_QUOTED_TITLE = re.compile(r"《([^《》]{4,})》")
_POINT = re.compile(r"(?:^|(?<=[。；;：:\s]))[（(]?\d{1,2}[.、．)）](?!\d)")


@dataclass(frozen=True)
class Link:
    """A link between records of two documents, with the evidence for it."""

    kind: str  # "elaborated_by" | "assesses" | "comparable_to"
    source: int  # index into the first list argument
    target: int  # index into the second list argument (comparable_to: the same list)
    target_kind: str  # "task" | "document" | "assessment" (comparable_to)
    score: float  # 0..1, rounded to 3 decimals
    evidence: str


# --------------------------------------------------------------------------- similarity


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """(token, run index, position in run): bigrams of CJK runs, whole Latin/digit tokens."""
    out = []
    for r, m in enumerate(_TOKEN.finditer(unicodedata.normalize("NFKC", text).lower())):
        run = m.group()
        if run[0] >= "\u4e00":
            out += [(run[i : i + 2], r, i) for i in range(len(run) - 1)]
        elif len(run.strip(".")) >= 2:
            out.append((run.strip("."), r, 0))
    return out


def _runs(text: str) -> list[str]:
    return [m.group() for m in _TOKEN.finditer(unicodedata.normalize("NFKC", text).lower())]


class _Space:
    """TF-IDF vectors of a fixed set of texts; IDF is taken from these texts only."""

    def __init__(self, texts: Sequence[str]):
        self.texts = list(texts)
        grams = [Counter(t for t, _, _ in _tokens(x)) for x in texts]
        df = Counter(t for g in grams for t in g)
        n = len(texts)
        cut = MAX_DF_SHARE * n if n >= MIN_TEXTS_FOR_CUT else n
        # ln((1+n)/(1+df)) is 0 for a term in every text; very common terms are cut outright
        self.idf = {t: (math.log((1 + n) / (1 + d)) if d <= cut else 0.0) for t, d in df.items()}
        self.grams = [set(g) for g in grams]
        self.vectors = [self._vector(g) for g in grams]

    def _vector(self, grams: Counter) -> dict[str, float]:
        v = {t: (1 + math.log(c)) * self.idf[t] for t, c in grams.items() if self.idf[t] > 0}
        norm = math.sqrt(sum(w * w for w in v.values())) or 1.0
        return {t: w / norm for t, w in v.items()}

    def cosine(self, i: int, j: int) -> float:
        a, b = self.vectors[i], self.vectors[j]
        if len(a) > len(b):
            a, b = b, a
        return sum(w * b[t] for t, w in a.items() if t in b)

    def covered(self, i: int, j: int, terms: set[str] | None = None) -> float:
        """Share of text i's weight (squared, so the shares sum to 1) in terms it shares with j."""
        a, b = self.vectors[i], self.vectors[j]
        return sum(w * w for t, w in a.items() if t in b and (terms is None or t in terms))

    def shared(self, i: int, j: int, limit: int = 4) -> list[str]:
        """Phrases of text i made of bigrams it shares with text j, heaviest first.

        Adjacent shared bigrams are joined back into a phrase (城市, 市绿, 绿心 -> 城市绿心);
        a phrase is named only if at least one of its bigrams carries weight.
        """
        text, common = self.texts[i], self.grams[i] & self.grams[j]
        runs = _runs(text)
        phrases: dict[str, float] = {}
        span: list[tuple[str, int, int]] = []
        for tok in _tokens(text) + [("", -1, -1)]:  # the sentinel flushes the last span
            if tok[0] in common and span and (tok[1], tok[2]) == (span[-1][1], span[-1][2] + 1):
                span.append(tok)
                continue
            weight = sum(self.vectors[i].get(t, 0.0) * self.vectors[j].get(t, 0.0) for t, _, _ in span)
            if weight > 0:
                r, start = span[0][1], span[0][2]
                cjk = runs[r][0] >= "\u4e00"
                phrase = runs[r][start : start + len(span) + 1] if cjk else span[0][0]
                phrases[phrase] = max(phrases.get(phrase, 0.0), weight)
            span = [tok] if tok[0] in common else []
        kept: list[str] = []
        for p, _ in sorted(phrases.items(), key=lambda kv: (-kv[1], kv[0])):
            if not any(p in k for k in kept):  # a phrase inside one already named adds nothing
                kept.append(p)
            if len(kept) == limit:
                break
        return kept


# --------------------------------------------------------------------------- scoping


def _scope(documents: Sequence[Document]):
    """Year and jurisdiction of each document id (attachments inherit from their notice)."""
    by_id = {d.id: d for d in documents}
    year, juris = {}, {}
    for d in documents:
        parent = by_id.get(d.parent) if d.parent else None
        year[d.id] = d.year if d.year is not None else (parent.year if parent else None)
        juris[d.id] = jurisdiction_of(d, parent)
    return year, juris


def _compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def _evidence(space: _Space, i: int, j: int, score: float, prefix: str = "") -> str:
    return f"{prefix}shared terms: {', '.join(space.shared(i, j))} (cosine {score:.3f})"


def _sorted(links: Iterable[Link]) -> list[Link]:
    return sorted(links, key=lambda link: (link.source, link.target, link.kind, link.target_kind))


def _select(
    space: _Space, i: int, candidates: Iterable[tuple[float, int]], offset: int, floor: float
) -> list[tuple[float, int]]:
    """The candidates (score, k) that text i is linked to: the best one if it reaches
    ``floor``; further ones above ``floor`` only if they match a part of text i the ones
    kept so far do not (``SPLIT_GAIN``), or are themselves mostly restated in text i
    (``SPLIT_RESTATED``). Candidate k is text ``offset + k`` of the space."""
    kept: list[tuple[float, int]] = []
    covered: set[str] = set()
    for s, k in sorted(candidates, key=lambda c: (-c[0], c[1])):
        if s < floor:
            break
        j = offset + k
        if kept and (
            space.covered(i, j, set(space.vectors[i]) - covered) < SPLIT_GAIN and space.covered(j, i) < SPLIT_RESTATED
        ):
            continue  # shares the field of text i, not a part of it of its own
        covered |= space.vectors[i].keys() & space.vectors[j].keys()
        kept.append((s, k))
    return kept


# --------------------------------------------------------------------------- report items


def link_report_items(
    report_items: Sequence[ReportItem], tasks: Sequence[TaskRecord], documents: Sequence[Document]
) -> list[Link]:
    """Report item -> the tasks of the same year that elaborate it (``elaborated_by``).

    A plan item of year Y is compared with every task of a document of year Y (an
    achievement of Y with the tasks that planned it, if any), in the same jurisdiction when
    both sides have one. The best task is kept if its cosine reaches ``REPORT_MIN``. An item
    often merges several tasks (…综合交通枢纽、东六环入地改造、通州堰等重大项目), so a further
    task above ``REPORT_MIN`` is kept when it matches a part of the item the tasks kept so
    far do not, or is itself mostly restated in the item; a task that merely shares the
    item's field is not.
    """
    if not report_items:
        return []  # nothing to link: skip vectorising every task
    year, juris = _scope(documents)
    space = _Space([r.text for r in report_items] + [t.text for t in tasks])
    n = len(report_items)
    links = []
    for i, r in enumerate(report_items):
        if r.year is None:
            continue
        rj = juris.get(r.document)
        candidates = [
            (round(space.cosine(i, n + k), 3), k)
            for k, t in enumerate(tasks)
            if year.get(t.document) == r.year and _compatible(rj, juris.get(t.document))
        ]
        for s, k in _select(space, i, candidates, n, REPORT_MIN):
            links.append(Link("elaborated_by", i, k, "task", s, _evidence(space, i, n + k, s)))
    return _sorted(links)


# --------------------------------------------------------------------------- assessments


def _clean(text: str) -> str:
    """The CJK characters of ``text`` (quotes, numbering, punctuation dropped)."""
    return "".join(_CJK.findall(unicodedata.normalize("NFKC", text or "")))


def _plan_title(doc: Document) -> str:
    """A notice's title without 关于印发…的通知: the title of the plan it issues."""
    title = doc.title or ""
    m = _QUOTED_TITLE.search(title)
    return m.group(1) if m else title


def _longest_common(a: str, b: str) -> str:
    """The longest substring of ``a`` that is also in ``b``."""
    best = ""
    for i in range(len(a)):
        for j in range(i + len(best) + 1, len(a) + 1):
            if a[i:j] in b:
                best = a[i:j]
            else:
                break
    return best


def _points(status: str) -> list[str]:
    """The numbered points of a 落实情况 text (1.…2.…), or its sentences when unnumbered."""
    parts = [p.strip() for p in _POINT.split(status) if p.strip()]
    if len(parts) <= 1:
        parts = [p.strip() for p in re.split(r"(?<=[。；;])", status) if p.strip()]
    return parts or [status]


def _district(a: AssessmentItem, juris: dict[str, str | None]) -> str | None:
    """The item's jurisdiction, folded as documents' are (北京市通州区 -> 通州区)."""
    return jurisdiction_from_text((a.district or "") + "政府") or juris.get(a.document)


def link_assessments(
    assessments: Sequence[AssessmentItem], tasks: Sequence[TaskRecord], documents: Sequence[Document]
) -> list[Link]:
    """Self-assessment item -> the plans (``document``) and tasks (``task``) it reports on.

    Only plans and tasks of the item's own jurisdiction and year are considered. A plan
    (a document with tasks, or the notice issuing one) is linked when most of the item's
    topic (自查内容) is in the plan's title (``TOPIC_COVER``), or when the status text
    (落实情况) cites the plan's title in 《》. A task is linked when a point of the status
    text restates it: the same selection as for report items, with floor ``STATUS_MIN``.
    """
    if not assessments:
        return []
    year, juris = _scope(documents)
    by_id = {d.id: d for d in documents}
    has_tasks = {t.document for t in tasks}
    issuing = {by_id[i].parent for i in has_tasks if i in by_id}  # notices of action plans
    plans = [k for k, d in enumerate(documents) if d.duplicate_of is None and (d.id in has_tasks or d.id in issuing)]
    points = [(i, p) for i, a in enumerate(assessments) for p in _points(a.status)]
    of_item: dict[int, list[int]] = {}
    for p, (i, _) in enumerate(points):
        of_item.setdefault(i, []).append(p)
    space = _Space([p for _, p in points] + [t.text for t in tasks])
    n = len(points)
    links: dict[tuple[int, int, str], Link] = {}
    for i, a in enumerate(assessments):
        district = _district(a, juris)
        if district is None or a.year is None:
            continue
        topic = _clean(a.item or "")
        cited = {_clean(c) for c in _QUOTED_TITLE.findall(a.status)}
        for k in plans:
            d = documents[k]
            if d.id == a.document or year[d.id] != a.year or juris[d.id] != district:
                continue
            title = _plan_title(d)
            common = _longest_common(topic, _clean(title))
            if _clean(title) in cited:
                links[(i, k, "document")] = Link(
                    "assesses", i, k, "document", 1.0, f"status cites document title 《{title}》"
                )
            elif len(common) >= 4 and len(common) >= TOPIC_COVER * len(topic):
                links[(i, k, "document")] = Link(
                    "assesses",
                    i,
                    k,
                    "document",
                    round(len(common) / len(topic), 3),
                    f"item topic {a.item} matches document title {title} (common: {common})",
                )
        scope = [k for k, t in enumerate(tasks) if year.get(t.document) == a.year and juris.get(t.document) == district]
        for p in of_item[i] if scope else []:
            point = points[p][1]
            candidates = [(round(space.cosine(p, n + k), 3), k) for k in scope]
            for s, k in _select(space, p, candidates, n, STATUS_MIN):
                old = links.get((i, k, "task"))
                if old is None or s > old.score:  # the status point that restates it best
                    plan = by_id.get(tasks[k].document)
                    title = _plan_title(plan) if plan else tasks[k].document
                    where = f"task {tasks[k].number or '?'} of {title}"
                    links[(i, k, "task")] = Link(
                        "assesses",
                        i,
                        k,
                        "task",
                        s,
                        _evidence(space, p, n + k, s, f"status “{point[:24]}…” reports on {where}; "),
                    )
    return _sorted(links.values())


def pair_assessments(assessments: Sequence[AssessmentItem]) -> list[Link]:
    """Pairs of rows of two districts' self-assessments (same year) on one municipal item.

    Both tables follow one municipal template, but a district may print the item's title
    (通州: 安全生产) where another prints its targets (大兴: 安全生产专项整治年度目标…). Rows
    with the same dimension and item pair with score 1. Otherwise whole rows (item and
    status) are compared; rows whose cosine reaches ``PAIR_MIN``, or where one row's title
    is printed in the other's item, are paired one-to-one, best score first.
    """
    texts = [f"{a.item or ''} {a.status}" for a in assessments]
    space = _Space(texts)
    dims = [_clean(a.dimension or "") for a in assessments]
    items = [_clean(a.item or "") for a in assessments]
    candidates = []
    for i, a in enumerate(assessments):
        for j in range(i + 1, len(assessments)):
            b = assessments[j]
            if not a.district or not b.district or a.district == b.district or a.year != b.year:
                continue
            same = f"same dimension {a.dimension}; " if dims[i] and dims[i] == dims[j] else ""
            if items[i] and items[i] == items[j] and dims[i] == dims[j]:
                candidates.append((1.0, i, j, same + f"same item {a.item}"))
                continue
            s = round(space.cosine(i, j), 3)
            # a short title printed inside the other row's item names the same template row
            titled = [x for x, y in ((i, j), (j, i)) if 4 <= len(items[x]) <= 20 and items[x] in items[y]]
            if s >= PAIR_MIN or titled:
                said = "".join(f"item {assessments[x].item} appears in the other's item; " for x in titled)
                candidates.append((s, i, j, same + said + _evidence(space, i, j, s)))
    used: set[tuple[int, str | None]] = set()
    links = []
    for s, i, j, evidence in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        # one template row has at most one counterpart in each other district
        ends = {(i, assessments[j].district), (j, assessments[i].district)}
        if ends & used:
            continue
        used |= ends
        links.append(Link("comparable_to", i, j, "assessment", s, evidence))
    return _sorted(links)
