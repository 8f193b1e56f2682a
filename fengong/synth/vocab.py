"""The generator's vocabulary: jurisdictions, name pools, task texts, deadlines, line wrapping.

Everything is drawn from the measured seed distributions (:mod:`fengong.synth.stats`) with a
``random.Random`` the caller owns, so the same seed gives the same words.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from random import Random

from fengong.synth.stats import load

__all__ = ["District", "DISTRICTS", "Vocabulary", "deadline_date", "wrap_text", "wrap_units", "ok_line_start"]


@dataclass(frozen=True)
class District:
    """A synthetic district: its name, short name, 文号 prefix and township units."""

    name: str  # 通州区
    short: str  # 通州
    prefix: str  # 文号 prefix: 通 → 通政发 / 通政办发
    towns: tuple[str, ...]  # township units printed in this district (besides the shared pool)


DISTRICTS: tuple[District, ...] = (
    District("通州区", "通州", "通", ()),  # its towns come from the seeds
    District(
        "大兴区",
        "大兴",
        "京兴",
        (
            "黄村镇政府",
            "西红门镇政府",
            "旧宫镇政府",
            "瀛海镇政府",
            "青云店镇政府",
            "采育镇政府",
            "安定镇政府",
            "礼贤镇政府",
            "榆垡镇政府",
            "庞各庄镇政府",
            "兴丰街道办事处",
            "林校路街道办事处",
        ),
    ),
    District(
        "顺义区",
        "顺义",
        "顺",
        (
            "仁和镇政府",
            "后沙峪镇政府",
            "天竺镇政府",
            "杨镇政府",
            "牛栏山镇政府",
            "南法信镇政府",
            "马坡镇政府",
            "李桥镇政府",
            "石园街道办事处",
            "胜利街道办事处",
        ),
    ),
    District(
        "昌平区",
        "昌平",
        "昌",
        (
            "南口镇政府",
            "马池口镇政府",
            "沙河镇政府",
            "阳坊镇政府",
            "小汤山镇政府",
            "北七家镇政府",
            "兴寿镇政府",
            "回龙观街道办事处",
            "城北街道办事处",
        ),
    ),
    District(
        "房山区",
        "房山",
        "房",
        (
            "良乡镇政府",
            "长阳镇政府",
            "琉璃河镇政府",
            "窦店镇政府",
            "阎村镇政府",
            "青龙湖镇政府",
            "韩村河镇政府",
            "周口店镇政府",
            "城关街道办事处",
        ),
    ),
    District(
        "平谷区",
        "平谷",
        "平",
        (
            "马坊镇政府",
            "金海湖镇政府",
            "峪口镇政府",
            "大华山镇政府",
            "夏各庄镇政府",
            "王辛庄镇政府",
            "兴谷街道办事处",
            "滨河街道办事处",
        ),
    ),
    District(
        "怀柔区",
        "怀柔",
        "怀",
        (
            "怀柔镇政府",
            "雁栖镇政府",
            "杨宋镇政府",
            "庙城镇政府",
            "北房镇政府",
            "桥梓镇政府",
            "九渡河镇政府",
            "泉河街道办事处",
        ),
    ),
    District(
        "密云区",
        "密云",
        "密",
        (
            "溪翁庄镇政府",
            "西田各庄镇政府",
            "十里堡镇政府",
            "河南寨镇政府",
            "巨各庄镇政府",
            "穆家峪镇政府",
            "鼓楼街道办事处",
            "果园街道办事处",
        ),
    ),
    District(
        "延庆区",
        "延庆",
        "延",
        ("延庆镇政府", "康庄镇政府", "八达岭镇政府", "永宁镇政府", "旧县镇政府", "张山营镇政府", "儒林街道办事处"),
    ),
    District(
        "门头沟区",
        "门头沟",
        "门",
        (
            "永定镇政府",
            "龙泉镇政府",
            "潭柘寺镇政府",
            "军庄镇政府",
            "妙峰山镇政府",
            "王平镇政府",
            "大峪街道办事处",
            "城子街道办事处",
        ),
    ),
)

# Units of the seed corpus that exist in 通州 only (副中心, its towns and companies).
_TONGZHOU_ONLY = re.compile(
    r"副中心|运河|城市绿心|减河|潮白河|张家湾|设计小镇|首通|通发展|通投|北投|网安园|东区邮政|"
    r"台湖|宋庄|马驹桥|梨园|漷县|于家务|西集|永乐店|通运|潞邑|中仓|北苑|九棵树|文景"
)
_SURNAMES = "张王李刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文倪"
_GIVEN = "德才涛庆雷翔宇国斌皓磊明慧亦军江华一原建伟志强文平海东晓红丽静敏杰宏立新永春俊峰刚勇辉健波宁博亮鹏飞云洪凯"

# Characters a wrapped line may not start with: a number or heading marker would start a new item.
_HEADING_TEXT = re.compile(r"^[\u4e00-\u9fff“”]+$")
_CONTINUING = set("并及和且或但而以与同")
_BAD_START = set("一二三四五六七八九十百千零〇两第")


def ok_line_start(ch: str) -> bool:
    """A continuation line may start with an ideograph that cannot begin a number or heading."""
    return "\u4e00" <= ch <= "\u9fff" and ch not in _BAD_START


def _table(pairs) -> list:
    """Each value repeated by its weight: drawing is one index (the weights are small counts)."""
    return [v for v, w in pairs for _ in range(int(w))]


class _Hist:
    """A weighted histogram to draw from."""

    def __init__(self, hist: list[list]):
        self.table = _table(hist)
        self.n = len(self.table)

    def draw(self, rng: Random):
        return self.table[int(rng.random() * self.n)]


class Vocabulary:
    """Pools for one jurisdiction: units, officials, deadlines, task texts."""

    def __init__(self, district: District, index: int, stats: dict | None = None):
        stats = stats or load()
        self.district = district
        units = []
        for name, weight in stats["units"]:
            if district.short != "通州":
                if _TONGZHOU_ONLY.search(name):
                    continue
                name = name.replace("通州", district.short)
            units.append([name, weight])
        units += [[t, 2] for t in district.towns]
        self.units = [u for u, _ in units]
        self._unit_table = _table(units)
        # officials: the seed names in 通州, elsewhere names recombined from common surnames and given names
        if district.short == "通州":
            self.officials = [n for n, _ in sorted(stats["officials"], key=lambda kv: -kv[1])]
        else:
            r = Random(f"officials:{district.name}")
            names: list[str] = []
            while len(names) < 9:
                n = r.choice(_SURNAMES) + "".join(r.choice(_GIVEN) for _ in range(r.choice((1, 2, 2))))
                if n not in names:
                    names.append(n)
            self.officials = names
        # the first officials lead most tasks (as in the seeds: a few deputy heads share the plan)
        self._official_table = _table((n, 12 // (k + 1) + 1) for k, n in enumerate(self.officials))
        self.styles = {s: {k: _Hist(v) for k, v in c.items()} for s, c in stats["styles"].items()}
        deadlines = [kv for s in ("fields", "columns") for kv in stats["styles"][s]["deadline"] if kv[0]]
        self.deadlines = _Hist(deadlines)
        self.lengths = _Hist(stats["text_lengths"])
        frags = stats["fragments"]
        if district.short != "通州":
            frags = [f.replace("通州", district.short) for f in frags if not _TONGZHOU_ONLY.search(f)]
        self.fragments = frags
        self.headings = [f for f in frags if 4 <= len(f) <= 16 and _HEADING_TEXT.match(f)]
        # a text opens with a clause that can open a sentence (not 并…, 及…)
        self.openers = [f for f in frags if f[0] not in _CONTINUING]

    # --- names ---------------------------------------------------------------------------------

    @staticmethod
    def _distinct(table: list[str], pool: int, k: int, rng: Random, avoid: tuple[str, ...] = ()) -> list[str]:
        n = len(table)
        if k <= 1:
            if k == 1 and not avoid:
                return [table[int(rng.random() * n)]]
            if k <= 0:
                return []
        k = min(k, pool - len(avoid))
        out: list[str] = []
        while len(out) < k:
            name = table[int(rng.random() * n)]
            if name not in out and name not in avoid:
                out.append(name)
        return out

    def units_for(self, style: str, rng: Random) -> tuple[list[str], list[str]]:
        h = self.styles[style]
        resp = self._distinct(self._unit_table, len(self.units), h["responsible"].draw(rng), rng)
        assist = self._distinct(self._unit_table, len(self.units), h["assist"].draw(rng), rng, tuple(resp))
        return resp, assist

    def officials_for(self, style: str, rng: Random) -> list[str]:
        k = self.styles[style]["officials"].draw(rng)
        return self._distinct(self._official_table, len(self.officials), k, rng)

    def deadline(self, year: int, rng: Random) -> str:
        return self.deadlines.draw(rng).replace("{Y}", str(year))

    # --- texts ---------------------------------------------------------------------------------

    def text(self, rng: Random, lo: int = 12, hi: int = 400) -> str:
        """A task text recombined from clauses of real task texts, about as long as the seeds' texts."""
        target = max(lo, min(hi, self.lengths.draw(rng) + int(rng.random() * 10)))
        frags = self.fragments
        parts = [self.openers[int(rng.random() * len(self.openers))]]
        size = len(parts[0]) + 1
        n = len(frags)
        rand = rng.random
        while size < target:
            r = rand() * n
            i = int(r)
            r -= i  # the fraction left picks the separator: ， 81%, 。 11%, ； 8%
            f = frags[i]
            parts.append("，" if r < 0.81 else ("。" if r < 0.92 else "；"))
            parts.append(f)
            size += len(f) + 1
        parts.append("。")
        return "".join(parts)

    def heading(self, rng: Random) -> str:
        """A short section title: a fragment of at most 16 characters (no final punctuation)."""
        return self.headings[int(rng.random() * len(self.headings))]


def deadline_date(text: str, year: int) -> tuple[str | None, str]:
    """The date (ISO) and kind of a deadline this generator prints; ``year`` is the plan's year.

    >>> deadline_date("2021年10月底", 2021), deadline_date("年底前", 2019), deadline_date("6-9 月", 2015)
    (('2021-10-31', 'date'), ('2019-12-31', 'date'), ('2015-09-30', 'date'))
    >>> deadline_date("长期实施", 2020)
    (None, 'ongoing')
    """
    t = text.replace(" ", "")
    if t.startswith(("长期", "持续", "常态")):
        return None, "ongoing"
    m = re.fullmatch(r"(?:(\d{4})年)?(?:\d{1,2}-)?(\d{1,2})月底?前?", t)
    if m:
        y = int(m.group(1) or year)
        month = int(m.group(2))
        return f"{y:04d}-{month:02d}-{calendar.monthrange(y, month)[1]:02d}", "date"
    if re.fullmatch(r"(?:(\d{4})年)?年?底前?", t):
        return f"{year:04d}-12-31", "date"
    raise ValueError(f"deadline {text!r} is not one this generator knows how to date")


# --- wrapping -----------------------------------------------------------------------------------


def wrap_text(text: str, first: int, width: int) -> list[str]:
    """``text`` cut into lines (the first ``first`` characters wide, then ``width``), as a PDF prints it.

    Every continuation line starts with an ideograph that cannot begin a number or heading, so the
    parsers read the lines as one paragraph.
    """
    lines: list[str] = []
    pos, cap = 0, first
    n = len(text)
    while n - pos > cap:
        cut = pos + cap
        while cut > pos + 4 and not ok_line_start(text[cut]):
            cut -= 1
        if cut <= pos + 4:  # no good place before: look after
            cut = pos + cap
            while cut < n and not ok_line_start(text[cut]):
                cut += 1
            if cut >= n:
                break
        lines.append(text[pos:cut])
        pos, cap = cut, width
    lines.append(text[pos:])
    return lines


def _continuation_ok(line: str, last: bool) -> bool:
    """What the field-block parser accepts as a wrapped unit list (see fields._is_continuation):
    whole unit names after the first piece, or a short fragment that ends the list."""
    if re.search(r"[。；;:：]", line) or not ok_line_start(line[0]):
        return False
    pieces = [p for p in line.split("、") if p][1:]
    return bool(pieces) or (last and len(line) <= 24)


def wrap_units(prefix: str, names: list[str], width: int, rng: Random) -> list[str]:
    """A labelled unit list (``责任单位：A、B、…``) wrapped at ``width`` the way the seeds wrap it:
    after a 、, and sometimes inside the last name of the first line (``…、相`` / ``关行业主管部门``)."""
    lines: list[str] = []
    cur = prefix
    for i, name in enumerate(names):
        piece = name + ("、" if i < len(names) - 1 else "")
        if cur == prefix or len(cur) + len(piece) <= width:
            cur += piece
        else:
            lines.append(cur)
            cur = piece
    lines.append(cur)
    # a continuation the parser would not take is printed on the line before it
    k = 1
    while k < len(lines):
        if _continuation_ok(lines[k], k == len(lines) - 1):
            k += 1
        else:
            lines[k - 1] += lines.pop(k)
    if len(lines) == 2 and rng.random() < 0.5:
        last = lines[0].rstrip("、").rsplit("、", 1)[-1]
        if not lines[0].endswith("、") or len(lines[0]) - len(prefix) <= len(last):
            return lines
        for cut in range(len(last) - 1, 0, -1):
            head, tail = lines[0][: -(len(last) + 1 - cut)], last[cut:] + "、" + lines[1]
            if _continuation_ok(tail, True):
                return [head, tail]
    return lines
