"""Work-report summaries ("一图读懂政府工作报告"): last year's achievements and this year's plan items.

The review part lists achievements as sentences under "★heading" lines, grouped by section
titles ("发展动能提档升级，产业生态日益完善2", page digit included); a sentence may wrap
over several lines with blank lines between the pieces, and one line may hold two sentences.
From "工作的总体思路和主要任务" on, plan items are "○" bullets, often two on a line.
Each achievement sentence and each bullet becomes a :class:`ReportItem`; the lead, the
byline and the closing paragraph are prose. The years come from the text ("2022年，重点做了
以下工作", "2023年是…").

>>> from fengong.build.layouts.base import Context
>>> text = ("2022年，重点做了以下工作：\\n★产业组织全面加强\\n聚力打造六大\\n\\n产业集群。建成基金。\\n"
...         "工作的总体思路和主要任务\\n2023年是关键一年。\\n★推进重大项目建设\\n○实现二期完工。 ○绿心亮相。")
>>> ctx = Context.from_text(text, "r.txt")
>>> [(i.kind, i.year, i.line, i.line_end, i.text, i.section) for i in parse(ctx).report_items]
... # doctest: +NORMALIZE_WHITESPACE
[('achievement', 2022, 3, 5, '聚力打造六大产业集群。', ['产业组织全面加强']),
 ('achievement', 2022, 5, 5, '建成基金。', ['产业组织全面加强']),
 ('plan', 2023, 9, 9, '实现二期完工。', ['推进重大项目建设']),
 ('plan', 2023, 9, 9, '绿心亮相。', ['推进重大项目建设'])]
"""

from __future__ import annotations

import re

from fengong.build.layouts.base import Context, Parsed
from fengong.build.records import ReportItem
from fengong.build.source import fold, squash

__all__ = ["NAME", "detect", "parse", "section_title"]

NAME = "report"

_STAR = re.compile(r"^\s*★\s*(.*?)\s*$")
_BULLET = "○"
_REVIEW_START = re.compile(r"(\d{4})\s*年[，,]?.{0,8}(以下工作|主要工作|工作回顾)")
_PLAN_START = re.compile(r"总体思路和主要任务|(\d{4})\s*年(主要)?工作(安排|任务)")
_YEAR_IS = re.compile(r"(\d{4})\s*年是")
_SENTENCE = re.compile(r"[^。！？]*[。！？][”’」』）)]*")  # a sentence with its closing quotes
_PAGE_DIGIT = re.compile(r"(?<=[\u4e00-\u9fff”])\d$")  # "…日益完善2": the page number printed beside the title
_BYLINE = re.compile(r"本报记者|记者|通讯员|编辑")
_REPORT = re.compile(r"一图读懂|工作报告")
_END = re.compile(r"[。！？；][”’」』）)]*$")


def section_title(text: str, before_star: bool = False) -> str | None:
    """The section title on a line such as "发展动能提档升级，产业生态日益完善2", else None.

    Titles are two short clauses around one "，" with no digits or other punctuation; the
    page digit printed after them is dropped. A title right above a ★ heading may be longer
    (a wrapped sentence never stops right before a ★ line).

    >>> section_title("发展动能提档升级，产业生态日益完善2")
    '发展动能提档升级，产业生态日益完善'
    >>> section_title("认真落实各项助企纾困扶持政策，兑现支持资金") is None
    True
    >>> section_title("聚焦民生保障基础，扎实推动民生福祉再上新台阶", before_star=True)
    '聚焦民生保障基础，扎实推动民生福祉再上新台阶'
    """
    t = _PAGE_DIGIT.sub("", text.strip())
    parts = t.split("，")
    if len(parts) != 2 or re.search(r"[\d\s。；;：:、！？,.（）()《》]", t):
        return None
    first, second = len(parts[0]), len(parts[1])
    if (6 <= first <= 9 and 6 <= second <= 12) or (before_star and 4 <= first <= 16 and 4 <= second <= 16):
        return t
    return None


def detect(ctx: Context) -> float:
    """How sure we are that ``ctx`` is a work-report summary: ★ headings, ○ bullets, report words.

    >>> detect(Context.from_text("1.任务\\n牵头领导：郑皓\\n责任单位：区财政局"))
    0.0
    """
    lines = [t for _, t in ctx.nonblank()]
    stars = sum(1 for t in lines if _STAR.match(t))
    bullets = sum(1 for t in lines if t.strip().startswith(_BULLET))
    if stars + bullets == 0:
        return 0.0  # plans that merely cite the 政府工作报告 are not summaries of it
    score = 0.35 * (stars >= 3) + 0.35 * (bullets >= 3)
    score += 0.15 * any(_REPORT.search(t) for t in lines[:30] + [ctx.document.title or ""])
    score += 0.15 * any(_REVIEW_START.search(fold(t)) or _PLAN_START.search(fold(t)) for t in lines)
    return round(min(score, 1.0), 2)


class _Reader:
    """One pass over the body; ``phase`` is lead → review → plan."""

    def __init__(self, ctx: Context) -> None:
        self.ctx, self.out = ctx, Parsed()
        self.phase = "lead"
        self.title: str | None = None  # section title
        self.heading: str | None = None  # ★ heading
        self.titles: list[str] = []  # section titles seen, to take glued title lines apart
        self.open: list[tuple[int, str]] = []  # pieces of the sentence or bullet being read
        self.years: dict[str, int | None] = {"review": None, "plan": None, "lead": None}

    def section(self) -> list[str]:
        return [s for s in (self.title, self.heading) if s]

    def unfinished(self) -> bool:
        """Inside a wrapped sentence or bullet: the next line continues it."""
        return bool(self.open) and not _END.search(self.open[-1][1])

    def flush(self) -> None:
        if not self.open:
            return
        kind = "plan" if self.phase == "plan" else "achievement"
        text = "".join(t for _, t in self.open)
        lines = [n for n, _ in self.open]
        if kind == "achievement" and not _END.search(text):
            self.out.warnings.append(f"line {lines[0]}: achievement without a closing 。: {text[:20]}…")
        self.out.report_items.append(
            ReportItem(
                doc=self.ctx.src.name,
                document=self.ctx.document.id,
                line=min(lines),
                line_end=max(lines),
                text=text,
                kind=kind,
                year=None,
                section=self.section(),
                layout=NAME,
            )
        )
        for n in lines:
            self.out.note(n, "record", kind)
        self.open = []

    def heading_line(self, n: int, text: str, nxt: str) -> bool:
        """★ headings and section titles (also glued runs of titles); True if ``text`` was one."""
        star = _STAR.match(text)
        if star:
            self.flush()
            self.heading = star.group(1)
            self.out.note(n, "boilerplate", "section-heading")
            return True
        if self.unfinished():
            return False  # inside a wrapped sentence every line continues it
        t = _PAGE_DIGIT.sub("", text.strip())
        rest = t
        while any(rest.startswith(k) for k in self.titles):
            rest = rest[len(next(k for k in self.titles if rest.startswith(k))) :]
        if rest != t and (not rest or section_title(rest)):
            # several titles glued by the PDF extraction: only the last new one opens a section
            self.flush()
            self.out.note(n, "boilerplate", "section-heading", reason="section titles glued together")
            if rest:
                self.title, self.heading = rest, None
                self.titles.append(rest)
            return True
        title = section_title(text, before_star=bool(_STAR.match(nxt)))
        if title:
            self.flush()
            self.title, self.heading = title, None
            self.titles.append(title)
            self.out.note(n, "boilerplate", "section-heading")
            return True
        return False

    def review(self, n: int, text: str) -> None:
        """Achievement sentences: split at 。, join pieces until the sentence ends."""
        s = text.strip()
        for m in _SENTENCE.finditer(s):
            self.open.append((n, m.group(0).strip()))
            self.flush()
        tail = s[sum(len(m.group(0)) for m in _SENTENCE.finditer(s)) :].strip()
        if tail:
            self.open.append((n, tail))

    def plan(self, n: int, text: str) -> None:
        """○ bullets, one item each; a bullet without 。 continues on the next lines."""
        s = text.strip()
        if _BULLET not in s:
            if self.unfinished():
                self.open.append((n, s))
            else:
                self.flush()
                self.prose(n, text)
            return
        head, *bullets = s.split(_BULLET)
        if head.strip():
            if self.unfinished():
                self.open.append((n, head.strip()))
            else:
                self.out.note(n, "unparsed", reason="text before a ○ bullet that continues nothing")
        for b in bullets:
            self.flush()
            self.open.append((n, b.strip()))

    def prose(self, n: int, text: str) -> None:
        s = squash(text)
        year = _YEAR_IS.search(fold(s))
        if year and self.phase in ("plan", "lead") and self.years[self.phase] is None:
            self.years[self.phase] = int(year.group(1))
        short_title = len(s) <= 16 and not re.search(r"[。，、：；]", s) and not _BYLINE.search(s)
        kind = "title" if self.phase == "lead" and (short_title or "一图读懂" in s) else "prose"
        self.out.note(n, "boilerplate", kind)

    def line(self, n: int, text: str, nxt: str) -> None:
        """Read line ``n``; ``nxt`` is the next non-blank line."""
        f = fold(text)
        if _PLAN_START.search(f) and len(squash(text)) <= 40 and "。" not in text:
            self.flush()
            self.phase, self.title, self.heading = "plan", None, None
            m = _PLAN_START.search(f)
            self.years["plan"] = int(m.group(1)) if m and m.group(1) else None
            self.out.note(n, "boilerplate", "section-heading")
            return
        if self.phase == "lead":
            m = _REVIEW_START.search(f)
            if m:
                self.phase, self.years["review"] = "review", int(m.group(1))
                self.out.note(n, "boilerplate", "section-heading")
                return
            if not _STAR.match(text):
                self.prose(n, text)
                return
            self.phase = "review"
        if self.heading_line(n, text, nxt):
            return
        if self.phase == "plan":
            self.plan(n, text)
        else:
            self.review(n, text)


def parse(ctx: Context) -> Parsed:
    """Achievements (kind "achievement") and plan bullets (kind "plan") with their section path."""
    r = _Reader(ctx)
    lines = ctx.nonblank()
    for k, (n, text) in enumerate(lines):
        r.line(n, text, lines[k + 1][1] if k + 1 < len(lines) else "")
    r.flush()
    # years as the text states them; each part falls back on the other, then on the document
    review = r.years["review"] or (r.years["plan"] - 1 if r.years["plan"] else r.years["lead"]) or ctx.year
    plan = r.years["plan"] or (review + 1 if review else None)
    for item in r.out.report_items:
        item.year = plan if item.kind == "plan" else review
    return r.out
