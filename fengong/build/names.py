"""Unit and official names: splitting printed lists, re-joining wrapped names.

>>> [n.text for n in split_units([(10, "责任单位：区财政局、区经济和信息化局、相"), (12, "关行业主管部门")],
...                                 prefix="责任单位：")]
['区财政局', '区经济和信息化局', '相关行业主管部门']
>>> official_name("郑 皓")
'郑皓'
"""

from __future__ import annotations

import re

from fengong.build.records import Name
from fengong.build.source import fold, squash

__all__ = [
    "split_units",
    "split_names",
    "official_name",
    "UNIT_SUFFIX",
    "looks_like_unit",
    "looks_like_person",
    "COLLECTIVE",
]

# How Chinese government unit names end (委/办/局, 街道乡镇, 分局, 公司, 专班, collectives …).
UNIT_SUFFIX = re.compile(
    r"(委员会|委|办公室|办|局|厅|部|院|所|处|科|署|会|中心|街道|乡|镇|政府|分局|支队|大队|公司|集团|专班|"
    r"单位|部门|小组|园|区|队|站|馆|校|行|社|团|组|机构|企业|银行|医院|法院|检察院|"
    r"管委会|工作组|指挥部|领导小组|成员单位|主管部门|行业主管部门|等有关部门|有关部门|相关单位)$"
)
# Collective or placeholder units: kept as one unit each, never dropped.
COLLECTIVE = re.compile(
    r"^(各|相关|有关|等|其他|其它)|成员单位$|(各|相关|有关)[\u4e00-\u9fff]*(单位|部门|街道乡镇|乡镇)$"
)
_SEP = re.compile(r"[、，,；;／/]")
_SEP_OR_PAREN = re.compile(r"[（()）]|" + _SEP.pattern)
_PERSON = re.compile(r"^[\u4e00-\u9fff]{2,4}$")


def looks_like_unit(text: str) -> bool:
    """Whether ``text`` ends like a unit name (局, 委, 办, 中心 …)."""
    t = squash(text)
    return bool(t) and bool(UNIT_SUFFIX.search(t))


def looks_like_person(text: str) -> bool:
    """A 2–4 character Chinese personal name (PDF text may put a space inside: "郑 皓")."""
    t = squash(text)
    return bool(_PERSON.match(t)) and not UNIT_SUFFIX.search(t)


def official_name(text: str) -> str:
    """An official's name as printed, minus the spaces PDF extraction put inside it."""
    return squash(text)


def split_names(parts: list[tuple[int, str]], prefix: str = "", strip_trailing: str = "。.；;") -> list[Name]:
    """Join wrapped lines (no separator) and split a printed list on 、，,；/ into names with their lines.

    ``parts`` are (line number, text) in order; ``prefix`` (e.g. "责任单位：") is removed from the first
    part. Each name records every line it was printed on.
    """
    texts: list[str] = []
    for k, (_, t) in enumerate(parts):
        t = t.strip()
        if k == 0 and prefix:
            f = fold(t)
            i = f.find(fold(prefix))
            if i >= 0:
                t = t[i + len(prefix) :]
        texts.append(t)
    joined = "".join(texts)
    # where each part sits in the joined text (a name takes the lines of the parts it has characters on)
    spans: list[tuple[int, int, int]] = []
    off = 0
    for (n, _), t in zip(parts, texts):
        spans.append((off, off + len(t), n))
        off += len(t)

    # separators outside parentheses cut the list; a regex finds the few characters that matter
    cuts: list[int] = []
    depth = 0
    for m in _SEP_OR_PAREN.finditer(joined):
        c = m.group()
        if c in "（(":
            depth += 1
        elif c in "）)":
            depth = max(0, depth - 1)
        elif depth == 0:
            cuts.append(m.start())

    names: list[Name] = []
    begin = 0
    first = 0  # the first part not wholly before the current name (names come in order)
    for end in (*cuts, len(joined)):
        while first < len(spans) and spans[first][1] <= begin:
            first += 1
        text = squash(joined[begin:end].strip().strip(strip_trailing).strip())
        if text:
            # the lines holding a printed (non-space) character of this name
            found = set()
            for a, b, n in spans[first:]:
                if a >= end:
                    break
                if joined[max(a, begin) : min(b, end)].strip():
                    found.add(n)
            names.append(Name(text, tuple(sorted(found))))
        begin = end + 1
    return names


def split_units(parts: list[tuple[int, str]], prefix: str = "") -> list[Name]:
    """:func:`split_names` for unit lists."""
    return split_names(parts, prefix)
