"""One writer per printed layout, and the notice around every plan.

A writer gets a :class:`DocSpec`, the jurisdiction's :class:`~fengong.synth.vocab.Vocabulary` and the
document's own ``Random``; it returns the document's lines and the records a careful reader takes
from them (the fields of ``fengong export records``). The layouts are the ones the builder reads:

* ``fields`` — 004 style: ``12.任务。`` then 牵头领导/责任单位/[配合单位]/完成时限 lines, blank lines between;
* ``lines`` — 通州 15号 style: wrapped task text then ``责任单位：…`` only, under 一、/（一） headings;
* ``clauses`` — 通州 14号 style: paragraphs under （一） headings closed by ``（分工：由A牵头，B等单位共同参与。）``;
* ``columns`` — a tab-separated table with the columns in a per-document order.
"""

from __future__ import annotations

from dataclasses import dataclass
from random import Random

from fengong.build import roles
from fengong.synth.vocab import District, Vocabulary, deadline_date, wrap_text, wrap_units

__all__ = ["DocSpec", "LAYOUTS", "write_document", "cn_number"]

LAYOUTS = ("fields", "lines", "clauses", "columns")
# what the builder names each printed layout (field lines are read task by task)
PARSER = {"fields": "tasks", "lines": "tasks", "clauses": "clauses", "columns": "columns"}

_TOPICS = (
    "优化营商环境",
    "全民科学素质行动",
    "统筹疫情防控和稳定经济增长",
    "大气污染防治",
    "水环境治理",
    "乡村振兴",
    "城市更新",
    "数字经济发展",
    "安全生产专项整治",
    "生活垃圾分类",
    "重要民生实事",
    "接诉即办改革",
    "促进消费扩容提质",
    "科技创新",
    "文化旅游融合发展",
    "生态文明建设",
    "老旧小区综合整治",
    "背街小巷环境精细化整治提升",
    "河长制工作",
    "养老服务体系建设",
    "节能减碳",
    "应急管理体系建设",
    "法治政府建设",
    "“两区”建设",
)
_ADDRESSEES = "各街道办事处，各乡、镇人民政府，区政府各委、办、局，各区属机构："
_CC = ("抄送：区委各部门，区人大常委会办公室，区政协办公室，区法院，", "区检察院，区各人民团体。")


@dataclass(frozen=True)
class DocSpec:
    """What one synthetic plan will hold: its file, layout, number of tasks and district."""

    index: int  # 1-based
    file: str  # plan-000001.txt
    layout: str  # fields | lines | clauses | columns
    tasks: int
    district: District
    year: int
    serial: int  # 文号 serial
    office: bool  # issued by the 办公室 (政办发) rather than the government (政发)
    month: int
    day: int


_CN = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 → 一, 12 → 十二, 40 → 四十, 99 → 九十九 (headings never reach 100).

    >>> [cn_number(k) for k in (1, 10, 12, 20, 47)]
    ['一', '十', '十二', '二十', '四十七']
    """
    if not 1 <= n <= 99:
        raise ValueError(f"heading number {n} out of range 1-99")
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else _CN[tens]) + "十" if tens else "") + (_CN[ones] if ones else "")


class _Page:
    """Lines being written; ``add`` returns the 1-based number of the line it wrote."""

    __slots__ = ("lines", "blank")

    def __init__(self, blank: bool):
        self.lines: list[str] = []
        self.blank = blank  # a blank line after every line (PDF text as extracted)

    def add(self, text: str) -> int:
        self.lines.append(text)
        n = len(self.lines)
        if self.blank:
            self.lines.append("")
        return n

    def gap(self) -> None:
        if not self.blank:
            self.lines.append("")


def _title(spec: DocSpec, rng: Random) -> str:
    d, y = spec.district, spec.year
    topic = _TOPICS[int(rng.random() * len(_TOPICS))]
    if spec.layout == "fields":
        return f"{y}年{d.name}政府工作报告重点工作分工方案"
    if spec.layout == "columns":
        return rng.choice((f"{d.name}{y}年{topic}重点任务分工", f"{d.name}{y}年{topic}工作任务清单"))
    if spec.layout == "clauses":
        return rng.choice((f"{d.name}{topic}实施方案", f"{d.name}{topic}三年行动计划"))
    return rng.choice((f"{d.name}{topic}工作方案", f"{d.name}关于进一步加强{topic}的若干措施"))


def _cut(text: str, width: int) -> list[str]:
    return [text[k : k + width] for k in range(0, len(text), width)]


def _header(page: _Page, spec: DocSpec, title: str, rng: Random) -> None:
    d, y = spec.district, spec.year
    issuer = f"北京市{d.name}人民政府" + ("办公室" if spec.office else "")
    number = f"{d.prefix}政{'办' if spec.office else ''}发〔{y}〕{spec.serial}号"
    date = f"{y}年{spec.month}月{spec.day}日"
    notice = f"关于印发{title}的通知"
    if not spec.office:
        # 004 style: 文件 line, 文号, issuer, title in two lines, addressees, signature and date
        page.lines += [f"北京市{d.name}人民政府文件", number, "", issuer]
        cut = min(len(notice) - 3, rng.randint(16, 22))
        page.lines += [
            notice[:cut],
            notice[cut:],
            _ADDRESSEES,
            f"现将《{title}》印发给你们，请认真遵照执行。",
            issuer + "    ",
            "",
            date,
            "（此件公开发布）    ",
            "",
        ]
        # the plan's own title: a table prints it on one line above its header
        page.lines += ([title] if spec.layout == "columns" else _cut(title, 18 if len(title) <= 36 else 24)) + [""]
    else:
        # 通州 14/15号 style: title first, 文号, addressees wrapped, the office signs
        head = "关于印发《" + title + "》的通知"
        page.lines += _cut(head, 26) + [
            "",
            number,
            "",
            _ADDRESSEES[:-2],
            _ADDRESSEES[-2:],
            "",
            f"经区政府同意，现将《{title}》印发给你们，请认真遵照执行。",
            "",
            "",
            issuer,
            date,
            "（此件公开发布）",
        ]
        page.lines += ([title] if spec.layout == "columns" else _cut(title, 18)) + [""]


def _footer(page: _Page, spec: DocSpec) -> None:
    d, y = spec.district, spec.year
    page.lines += [
        "",
        _CC[0],
        _CC[1],
        "",
        f"北京市{d.name}人民政府办公室              {y}年{spec.month}月{spec.day}日印发",
        "",
    ]


_DATES: dict[tuple[str, int], tuple[str | None, str]] = {}


def _record(
    spec: DocSpec, number, line: int, section: list[str], text: str, officials, resp, assist, deadline: str | None
) -> dict:
    if deadline:
        key = (deadline, spec.year)
        date, kind = _DATES.get(key) or _DATES.setdefault(key, deadline_date(deadline, spec.year))
    else:
        date = kind = None
    if PARSER[spec.layout] == "tasks":
        # the task reader follows the labelling conventions: a bare catch-all (各相关单位) names no
        # unit; the record lists it among the unnamed
        catch_all = roles.active().is_catch_all
        resp, assist = [u for u in resp if not catch_all(u)], [u for u in assist if not catch_all(u)]
    return {
        "doc": spec.file,
        "number": number,
        "line": line,
        "section": section,
        "text": text,
        "lead_officials": officials,
        "responsible_units": resp,
        "assist_units": assist,
        "deadline_text": deadline,
        "deadline": date,
        "deadline_kind": kind,
        "layout": PARSER[spec.layout],
    }


def _section_sizes(n: int, lo: int, hi: int, rng: Random) -> list[int]:
    sizes = []
    while n > 0:
        k = min(n, rng.randint(lo, hi))
        sizes.append(k)
        n -= k
    return sizes


# --- the layouts ----------------------------------------------------------------------------------


def _fields(page: _Page, spec: DocSpec, vocab: Vocabulary, rng: Random) -> list[dict]:
    lead_label = rng.choice(("牵头领导", "牵头领导", "责任领导"))
    resp_label = rng.choice(("责任单位", "责任单位", "牵头单位", "主责单位"))
    assist_label = rng.choice(("配合单位", "协办单位"))
    time_label = rng.choice(("完成时限", "完成时限", "完成时间"))
    with_assist = rng.random() < 0.3
    sep = rng.choice((".", ".", ".", "．", "、"))
    out = []
    no = 0
    for s, size in enumerate(_section_sizes(spec.tasks, 3, 25, rng), 1):
        heading = f"{cn_number(s)}、{vocab.heading(rng)}"
        page.add(heading)
        page.gap()
        for _ in range(size):
            no += 1
            text = vocab.text(rng)
            line = page.add(f"{no}{sep}{text}")
            officials = vocab.officials_for("fields", rng)
            resp, _ = vocab.units_for("fields", rng)
            assist = vocab.units_for("columns", rng)[1] if with_assist else []
            assist = [u for u in assist if u not in resp]
            deadline = vocab.deadline(spec.year, rng) if rng.random() < 0.95 else None
            page.add(f"{lead_label}：{'、'.join(officials)}")
            page.add(f"{resp_label}：{'、'.join(resp)}")
            if assist:
                page.add(f"{assist_label}：{'、'.join(assist)}")
            if deadline:
                page.add(f"{time_label}：{deadline}")
            page.gap()
            out.append(_record(spec, str(no), line, [heading], text, officials, resp, assist, deadline))
    return out


def _lines(page: _Page, spec: DocSpec, vocab: Vocabulary, rng: Random) -> list[dict]:
    width = rng.randint(30, 38)
    indent = rng.choice(("", "", "    "))
    trail = rng.choice(("", " "))
    out = []
    no = 0
    for s, size in enumerate(_section_sizes(spec.tasks, 4, 30, rng), 1):
        heading = f"{cn_number(s)}、{vocab.heading(rng)}"
        page.add(heading + trail)
        subs = _section_sizes(size, 1, 6, rng) if rng.random() < 0.6 else [size]
        for k, sub_size in enumerate(subs, 1):
            section = [heading]
            if len(subs) > 1:
                sub = f"（{cn_number(k)}）{vocab.heading(rng)}"
                page.add(sub + trail)
                section = [heading, sub]
            for _ in range(sub_size):
                no += 1
                text = vocab.text(rng)
                first = f"{no}."
                parts = wrap_text(text, width - len(first), width)
                line = page.add(first + parts[0] + trail)
                for p in parts[1:]:
                    page.add(p + trail)
                resp, _ = vocab.units_for("lines", rng)
                for k2, p in enumerate(wrap_units("责任单位：", resp, width, rng)):
                    page.add((indent if k2 == 0 else "") + p + trail)
                out.append(_record(spec, str(no), line, list(section), text, [], resp, [], None))
    return out


def _clauses(page: _Page, spec: DocSpec, vocab: Vocabulary, rng: Random) -> list[dict]:
    width = rng.randint(30, 38)
    out = []

    def paragraph(text: str) -> None:
        for p in wrap_text(text, width - 2, width):
            page.add(p)

    paragraph(f"为深入贯彻落实党中央、国务院决策部署，{vocab.text(rng, 20, 60)[:-1]}，结合本区实际，特制定本方案。")
    page.add("一、总体要求")
    paragraph(vocab.text(rng, 40, 160))
    top = 1
    for size in _section_sizes(spec.tasks, 3, 12, rng):
        top += 1
        heading = f"{cn_number(top)}、{vocab.heading(rng)}"
        page.add(heading)
        for k in range(1, size + 1):
            sub = f"（{cn_number(k)}）{vocab.heading(rng)}"
            page.add(sub)
            texts = [vocab.text(rng) for _ in range(rng.choice((1, 1, 2, 3)))]
            for t in texts:
                paragraph(t)
            resp, assist = vocab.units_for("clauses", rng)
            lead = rng.choice(("由", "由", "由", "")) + "、".join(resp)
            if assist:
                clause = f"（分工：{lead}牵头，{'、'.join(assist)}{rng.choice(('等单位', '等单位', ''))}共同参与。）"
            else:
                clause = f"（分工：{lead}牵头负责。）"
            parts = wrap_text(clause, width, width)
            line = page.add(parts[0])
            for p in parts[1:]:
                page.add(p)
            out.append(_record(spec, None, line, [heading, sub], "".join(texts), [], resp, assist, None))
    top += 1
    page.add(f"{cn_number(top)}、保障措施")
    page.add("（一）加强组织领导")
    paragraph(vocab.text(rng, 40, 120))
    return out


_COLUMN_NAMES = {
    "number": ("序号",),
    "task": ("工作任务", "工作任务", "重点任务", "主要任务"),
    "officials": ("牵头领导", "责任领导"),
    "responsible": ("牵头单位", "责任单位", "主责单位"),
    "assist": ("配合单位", "协办单位"),
    "deadline": ("完成时限", "完成时限", "时间节点"),
}


def _columns(page: _Page, spec: DocSpec, vocab: Vocabulary, rng: Random) -> list[dict]:
    page.blank = False
    roles = list(_COLUMN_NAMES)
    rng.shuffle(roles)
    if rng.random() < 0.5:  # most tables keep 序号 first
        roles.remove("number")
        roles.insert(0, "number")
    header = "\t".join(rng.choice(_COLUMN_NAMES[r]) for r in roles)
    col = {r: k for k, r in enumerate(roles)}
    empty = rng.choice(("", "——", "无"))
    page.add(header)
    out = []
    no = 0
    rows = 0
    for s, size in enumerate(_section_sizes(spec.tasks, 3, 40, rng), 1):
        heading = f"{cn_number(s)}、{vocab.heading(rng)}"
        page.add(heading + "\t" * (len(roles) - 1))
        for _ in range(size):
            no += 1
            rows += 1
            if rows % 45 == 0:
                page.add(header)  # the header repeated at a page break
            text = vocab.text(rng)
            officials = vocab.officials_for("columns", rng) if rng.random() < 0.95 else []
            resp, assist = vocab.units_for("columns", rng)
            deadline = vocab.deadline(spec.year, rng) if rng.random() < 0.95 else None

            def units(names: list[str], role: str) -> str:
                if not names:
                    return empty
                # one unit a line in a quoted cell; never in the first column, whose line must show a tab
                if len(names) >= 3 and col[role] > 0 and rng.random() < 0.15:
                    return '"' + "\n".join(names) + '"'  # one unit a line in a quoted cell
                return "、".join(names)

            cells = [""] * len(roles)
            cells[col["number"]] = str(no)
            cells[col["task"]] = text
            cells[col["officials"]] = "、".join(officials) if officials else empty
            cells[col["responsible"]] = units(resp, "responsible")
            cells[col["assist"]] = units(assist, "assist")
            cells[col["deadline"]] = deadline or empty
            row = "\t".join(cells)
            line = len(page.lines) + 1
            page.lines += row.split("\n")
            out.append(_record(spec, str(no), line, [heading], text, officials, resp, assist, deadline))
    return out


def write_document(spec: DocSpec, vocab: Vocabulary, rng: Random) -> tuple[str, list[dict]]:
    """The text of one plan and its records, in file order."""
    page = _Page(blank=False)
    title = _title(spec, rng)
    _header(page, spec, title, rng)
    if spec.layout == "fields":
        page.blank = rng.random() < 0.7
        records = _fields(page, spec, vocab, rng)
    elif spec.layout == "lines":
        page.blank = rng.random() < 0.4
        records = _lines(page, spec, vocab, rng)
    elif spec.layout == "clauses":
        page.blank = rng.random() < 0.5
        records = _clauses(page, spec, vocab, rng)
    elif spec.layout == "columns":
        records = _columns(page, spec, vocab, rng)
    else:
        raise ValueError(f"unknown layout {spec.layout!r}; choose one of {', '.join(LAYOUTS)}")
    _footer(page, spec)
    return "\n".join(page.lines), records
