"""The cells of tables found in text, and the tests :mod:`fengong.build.grid` reads lines with: row
numbers, section headings, header labels."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from fengong.build.source import line_cache

_WS = re.compile(r"\s+")

HeaderTest = Callable[[str], bool]


@dataclass
class Cell:
    """A cell of a table read from text: its text and the lines it was printed on."""

    text: str  # the cell's lines joined without separator, stripped ('' when empty)
    lines: tuple[int, ...]  # where the text was printed (for an inherited cell: where the cell above was)
    inherited: bool = False  # not printed in this row: taken from a merged cell above


@dataclass
class Table:
    """A table found in text: its header, its rows of cells and every line it takes."""

    first_line: int
    last_line: int
    header: list[str]  # header cells as printed, whitespace removed
    rows: list[list[Cell]]  # body rows, each with len(header) cells
    claimed: set[int]  # every line of the table: header, rows, pipe separators
    sections: list[tuple[int, str]]  # (line, text) of section rows (一、…) inside the table
    rendering: str  # pipe-inline, pipe-cells, tsv, box, paragraph-cells, spaces


# --------------------------------------------------------------------------- text tests

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_CN_NUMERAL = "一二三四五六七八九十百零〇"
_NUMBER_LABEL = re.compile(r"^(?:序号|编号|序號|編號)$")
_ROW_NUMBER = re.compile(r"^[0-9]{1,3}$")
# "1." / "2、" / "(3)": numbered content, never a bare row number nor a header.
_ITEM = re.compile(r"^(?:[0-9]{1,3}[.、．]|[（(][0-9]{1,3}[）)])")
_SECTION = re.compile(rf"^(?:[{_CN_NUMERAL}]+[、.．]|[（(][{_CN_NUMERAL}]+[）)]|第[{_CN_NUMERAL}]+(?:部分|章|节|篇))")
_PIPE_ONLY = re.compile(r"^\|+$")
_MD_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$")
_BOX_RULE_CHARS = set("─━═┌┐└┘├┤┬┴┼┏┓┗┛┣┫┳┻╋╔╗╚╝╠╣╦╩╬╞╡╪╟╢╫╤╧╥╨ -")
_BOX_BAR = re.compile(r"[│┃║]")
_BOX_SPLIT = re.compile(r"[│┃║├┤┼┣┫╋╠╣╬╞╡╪╟╢╫]")
_BOX_RULE_SPLIT = re.compile(r"[│┃║┌┐└┘├┤┬┴┼┏┓┗┛┣┫┳┻╋╔╗╚╝╠╣╦╩╬╞╡╪╟╢╫╤╧╥╨]")
# Header cells are short labels; a title such as "…目标任务分解表" is not one.
_HEADER_MAX = 16


def _compact(text: str) -> str:
    """Text without any whitespace (padding spaces, U+3000 indentation)."""
    return _WS.sub("", text)


# Converters may insert the reading after a character: 序號(hào).
_PINYIN = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+[)）]")


@line_cache
def _label(text: str) -> str:
    """A header cell's text as matched against labels: no whitespace, no readings."""
    return _PINYIN.sub("", _compact(text))


def _is_row_number(text: str) -> bool:
    return bool(_ROW_NUMBER.match(_compact(text).translate(_FULLWIDTH_DIGITS)))


def _row_number(text: str) -> int:
    return int(_compact(text).translate(_FULLWIDTH_DIGITS))


def _is_section(text: str) -> bool:
    return bool(_SECTION.match(_compact(text)))


def _is_number_label(text: str) -> bool:
    return bool(_NUMBER_LABEL.match(_label(text)))


_LABELLED_VALUE = re.compile(r"[:：].")


@line_cache
def _header_like(text: str) -> bool:
    """Could ``text`` be a column label? (short, not a number, item or section, not a label
    with its value: ``牵头领导：郑皓``)"""
    t = _label(text).translate(_FULLWIDTH_DIGITS)
    return (
        0 < len(t) <= _HEADER_MAX
        and not _ROW_NUMBER.match(t)
        and not _ITEM.match(t)
        and not _SECTION.match(t)
        and not _LABELLED_VALUE.search(t)
    )


def _is_header(cells: list[str], is_header_cell: HeaderTest) -> bool:
    """At least 3 labels, one of them the number column or two of them known labels."""
    if len(cells) < 3 or not all(_header_like(c) for c in cells):
        return False
    known = sum(1 for c in cells if is_header_cell(_label(c)))
    return any(_is_number_label(c) for c in cells) or known >= 2


def _trim_header_run(cells: list[str], is_header_cell: HeaderTest) -> int:
    """Where a run of label-like cells really starts: stray short lines (``附件1``)
    can precede the header, which starts at its number column, else at its first
    known label."""
    for i, c in enumerate(cells):
        if _is_number_label(c):
            return i
    for i, c in enumerate(cells):
        if is_header_cell(_label(c)):
            return i
    return 0


def _join(parts: Iterable[tuple[int, str]]) -> Cell:
    parts = [(n, t.strip()) for n, t in parts if t.strip()]
    return Cell("".join(t for _, t in parts), tuple(n for n, _ in parts))


def _merge(cells: list[Cell]) -> Cell:
    return Cell("".join(c.text for c in cells), tuple(n for c in cells for n in c.lines))
