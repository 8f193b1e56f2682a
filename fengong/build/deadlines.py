"""Deadlines as printed → dates.

A deadline without a year takes the plan's year ("年底前" in a 2022 plan is
2022-12-31); "底"/"前" mean the last day of the period; standing duties (长期,
持续推进, 常态化) have no date and kind ``ongoing``.

>>> [parse_deadline(t, 2022).date for t in ("2023年12月底", "年底前", "6月底前", "2023年上半年", "长期")]
['2023-12-31', '2022-12-31', '2022-06-30', '2023-06-30', None]
>>> parse_deadline("长期实施", 2022).kind
'ongoing'
"""

from __future__ import annotations

import calendar
import re

from fengong.build.records import Deadline
from fengong.build.source import fold, squash

__all__ = ["parse_deadline", "DEADLINE_START", "looks_like_deadline"]

_ONGOING = re.compile(r"^(长期|持续|常态|长效|全年|每年|每季度|每月|逐年|随时|动态)")
_CN_NUM = {
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
    "十一": 11,
    "十二": 12,
}

# How a deadline cell may begin (used by the table parser to find the deadline column).
DEADLINE_START = re.compile(
    r"^(?:\d{4}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?(?:底|末|前|上半年|下半年|[一二三四]季度|第[一二三四]季度)*|"
    r"\d{1,2}\s*月\s*(?:底|末|中旬|上旬|下旬|\d{1,2}\s*日)?\s*前?|"
    r"\d{1,2}\s*[-—～~至]\s*\d{1,2}\s*月|"
    r"年底前?|年内|上半年|下半年|[一二三四]季度|第[一二三四]季度|长期|持续|常态化|每年|全年)"
)


def looks_like_deadline(text: str) -> bool:
    """True when ``text`` begins like a deadline cell.

    >>> looks_like_deadline("年底前 倪德才"), looks_like_deadline("6月底"), looks_like_deadline("区财政局")
    (True, True, False)
    """
    return bool(DEADLINE_START.match(fold(text.strip())))


def _end_of_month(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def parse_deadline(text: str, plan_year: int | None, lines: tuple[int, ...] = ()) -> Deadline:
    """Read a deadline as printed; ``plan_year`` supplies a missing year."""
    t = squash(fold(text))
    if not t:
        return Deadline(text, None, "unknown", lines)
    if _ONGOING.match(t):
        return Deadline(text, None, "ongoing", lines)
    m = re.match(r"^(?:(\d{4})年)?", t)
    year = int(m.group(1)) if m and m.group(1) else plan_year
    rest = t[m.end() :] if m else t
    if year is None:
        return Deadline(text, None, "unknown", lines)
    # explicit day
    d = re.match(r"^(\d{1,2})月(\d{1,2})日", rest)
    if d:
        month, day = int(d.group(1)), int(d.group(2))
        if 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]:
            return Deadline(text, f"{year:04d}-{month:02d}-{day:02d}", "date", lines)
    # month ranges ("6-9月") end with the last month
    r = re.match(r"^(\d{1,2})[-—～~至](\d{1,2})月", rest)
    if r and 1 <= int(r.group(2)) <= 12:
        return Deadline(text, _end_of_month(year, int(r.group(2))), "date", lines)
    mo = re.match(r"^(\d{1,2})月(上旬|中旬|下旬)?", rest)
    if mo and 1 <= int(mo.group(1)) <= 12:
        month = int(mo.group(1))
        part = mo.group(2)
        if part == "上旬":
            return Deadline(text, f"{year:04d}-{month:02d}-10", "date", lines)
        if part == "中旬":
            return Deadline(text, f"{year:04d}-{month:02d}-20", "date", lines)
        return Deadline(text, _end_of_month(year, month), "date", lines)
    if rest.startswith("上半年"):
        return Deadline(text, f"{year:04d}-06-30", "date", lines)
    q = re.match(r"^第?([一二三四1-4])季度", rest)
    if q:
        quarter = _CN_NUM.get(q.group(1)) or int(q.group(1))
        return Deadline(text, _end_of_month(year, quarter * 3), "date", lines)
    if rest.startswith(("年底", "年末", "下半年", "年内", "底", "前", "")) and (
        (m is not None and m.group(1)) or rest.startswith(("年底", "年末", "下半年", "年内"))
    ):
        return Deadline(text, f"{year:04d}-12-31", "date", lines)
    return Deadline(text, None, "unknown", lines)
