"""Malformed inputs, made from real seed slices, each with what the build must say about it.

Issue 9 ("Bad input and trust"): empty files, binary files, other encodings, traditional
characters, full-width forms, mixed line endings, a very large file, a table row with a missing
cell, a task with no units, duplicate task numbers and files that stop mid-row. Each fixture is
a function returning a :class:`Malformed`: the file's name and bytes, the exact warnings or the
error the build gives, and — for inputs that only change the form of a good slice — the slice
whose records it must reproduce.

>>> f = empty()
>>> f.name, f.data, f.warnings
('empty.txt', b'', ('empty.txt: empty file (0 bytes): nothing to read',))
>>> sorted(ALL)[:3]
['big5', 'binary', 'columns_cut_mid_row']
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from functools import cache

from fengong.data import SAMPLE_CORPUS

__all__ = [
    "Malformed",
    "ALL",
    "all_fixtures",
    "plan_slice",
    "table_slice",
    "columns_slice",
    "big_plan",
    "PLAN_FILE",
    "TABLE_FILE",
    "to_fullwidth",
]

PLAN_FILE = "004_d2e1d2fa9d54708a.txt"  # field blocks: 文号 通政发〔2023〕2号, tasks 1–8
TABLE_FILE = "001_e1b176771c56fa1b.txt"  # a flattened PDF table: annex 1 of 通政办发〔2022〕… rows 1–5-cont


@dataclass(frozen=True)
class Malformed:
    """One bad input and what the build must say.

    ``warnings``: the exact warnings of the file (``Corpus.warnings``), in order; ``error``: the
    exact entry in ``Corpus.errors`` when the file cannot be read at all; ``same_as``: the name
    of the good slice (``"plan"``, ``"table"``, ``"columns"``) whose records the file must give
    (compared on number, officials, units, deadline date and line numbers); ``unparsed``: the
    lines left unparsed (each with the reason the build gives).
    """

    name: str
    data: bytes
    warnings: tuple[str, ...] = ()
    error: str | None = None
    same_as: str | None = None
    unparsed: tuple[int, ...] = ()


def _seed_lines(name: str, first: int, last: int) -> str:
    lines = (SAMPLE_CORPUS / name).read_text(encoding="utf-8").split("\n")
    return "\n".join(lines[first - 1 : last]) + "\n"


@cache
def plan_slice() -> str:
    """Lines 1–82 of the 2023 plan: notice header, signature, title, section 一 and tasks 1–8."""
    return _seed_lines(PLAN_FILE, 1, 82)


@cache
def table_slice() -> str:
    """Lines 83–328 of the 2022 climate plan: annex title, repeated PDF header, rows 1–5 and 5-cont."""
    return _seed_lines(TABLE_FILE, 83, 328)


@cache
def columns_slice() -> str:
    """The first ten tasks of the 2023 plan as a tab-separated table (as an office exports it)."""
    from fengong.testing.tables import plan_004

    doc = plan_004()
    rows = ["\t".join(doc.columns)]
    for row in doc.task_rows()[:10]:
        rows.append("\t".join(c.replace("\n", "") for c in row.cells))
    return "\n".join(doc.before[:1] + rows) + "\n"


SLICES = {"plan": plan_slice, "table": table_slice, "columns": columns_slice}
_SUFFIX = {"plan": ".txt", "table": ".txt", "columns": ".tsv"}

_CONVERT = "convert it to text (UTF-8) or give it the suffix of its real format (.pdf, .docx, .xlsx, .html, .csv)"
_NO_UNIT = "expected a unit under 责任单位/主责单位/牵头单位 or 配合单位/协办单位; recorded without units"


def to_fullwidth(text: str, chars: str = "0123456789.%:,;()") -> str:
    """ASCII digits and punctuation to their full-width forms (U+FF01…), as some offices type them."""
    return text.translate({ord(c): ord(c) + 0xFEE0 for c in chars})


# ------------------------------------------------------------------ unreadable or empty


def empty() -> Malformed:
    return Malformed("empty.txt", b"", warnings=("empty.txt: empty file (0 bytes): nothing to read",))


def whitespace() -> Malformed:
    data = b"  \n\t\r\n   \n"
    return Malformed(
        "whitespace.txt",
        data,
        warnings=(f"whitespace.txt: no text: the file holds only whitespace ({len(data)} bytes)",),
    )


def binary() -> Malformed:
    # a deterministic run of every byte value: NULs everywhere, not UTF-16
    data = bytes((i * 131 + 7) % 256 for i in range(4096))
    return Malformed(
        "binary.txt", data, error=f"binary.txt: binary data (not text): NUL bytes, and not UTF-16 text; {_CONVERT}"
    )


def pdf_named_txt() -> Malformed:
    data = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
    return Malformed(
        "plan-really-a-pdf.txt",
        data,
        error="plan-really-a-pdf.txt: binary data (not text): a PDF file: give it the suffix .pdf",
    )


def invalid_encoding() -> Malformed:
    # UTF-8 text with stray bytes no encoding fengong reads can take (0xFF starts nothing)
    good = plan_slice().encode("utf-8")
    cut = good.index("牵头领导".encode())
    data = good[:cut] + b"\xff\xfe\xff" + good[cut:]
    line = good[:cut].count(b"\n") + 1
    return Malformed(
        "bad-bytes.txt",
        data,
        error=(
            f"bad-bytes.txt: not text in a supported encoding (UTF-8, UTF-16, GB18030/GBK, Big5): byte {cut} "
            f"(line {line}) is invalid UTF-8 and the file is not GB18030 or Big5 either; {_CONVERT}"
        ),
    )


# ------------------------------------------------------------------ encodings and forms: same records


def _encoded(name: str, codec: str, bom: bytes = b"", slice_: str = "plan") -> Malformed:
    return Malformed(name, bom + SLICES[slice_]().encode(codec), same_as=slice_)


def gbk() -> Malformed:
    return _encoded("plan-gbk.txt", "gbk")


def gb18030() -> Malformed:
    return _encoded("plan-gb18030.txt", "gb18030")


def utf16_bom() -> Malformed:
    return _encoded("plan-utf16-bom.txt", "utf-16-le", codecs.BOM_UTF16_LE)


def utf16le_no_bom() -> Malformed:
    return _encoded("plan-utf16le.txt", "utf-16-le")


def utf16be_no_bom() -> Malformed:
    return _encoded("plan-utf16be.txt", "utf-16-be")


def utf8_bom_table() -> Malformed:
    return _encoded("table-utf8-bom.txt", "utf-8", codecs.BOM_UTF8, "table")


_TRADITIONAL = "traditional characters{} read as simplified (e.g. {} → {}): records give names as printed, the graph resolves their simplified form"


def _traditional(text: str) -> tuple[str, str, str]:
    import zhconv

    tw = zhconv.convert(text, "zh-tw")
    a, b = next((x, y) for x, y in zip(tw, text) if x != y)
    return tw, a, b


def big5() -> Malformed:
    tw, a, b = _traditional(plan_slice())
    return Malformed(
        "plan-big5.txt",
        tw.encode("big5"),
        same_as="plan",
        warnings=("plan-big5.txt: " + _TRADITIONAL.format(" (Big5)", a, b),),
    )


def traditional_utf8() -> Malformed:
    tw, a, b = _traditional(table_slice())
    return Malformed(
        "table-traditional.txt",
        tw.encode("utf-8"),
        same_as="table",
        warnings=("table-traditional.txt: " + _TRADITIONAL.format("", a, b),),
    )


def fullwidth() -> Malformed:
    return Malformed("plan-fullwidth.txt", to_fullwidth(plan_slice()).encode("utf-8"), same_as="plan")


def fullwidth_columns() -> Malformed:
    # full-width digits and punctuation inside the cells; the tabs stay (they are the table)
    return Malformed("columns-fullwidth.tsv", to_fullwidth(columns_slice()).encode("utf-8"), same_as="columns")


def mixed_line_endings() -> Malformed:
    lines = plan_slice().split("\n")
    ends = ["\r\n", "\n", "\r"]
    text = "".join(ln + ends[k % 3] for k, ln in enumerate(lines[:-1]))
    return Malformed(
        "plan-line-endings.txt",
        text.encode("utf-8"),
        same_as="plan",
        warnings=(
            "plan-line-endings.txt: line 3: mixed line endings (CRLF, CR, LF): each of CRLF, CR and LF ends one "
            "line, so line numbers here count a lone CR as a line break (tools that count only LF, like `sed -n`, "
            "number lines differently)",
        ),
    )


# ------------------------------------------------------------------ broken structure


def truncated_character() -> Malformed:
    data = plan_slice().encode("utf-8")
    end = data.index("完成时限：2023年12月底".encode(), len(data) - 40)
    data = data[:end] + "完".encode()[:2]  # the file stops in the middle of 完 (3 bytes in UTF-8)
    line = data.count(b"\n") + 1
    return Malformed(
        "plan-cut-in-a-character.txt",
        data,
        warnings=(
            f"plan-cut-in-a-character.txt: line {line}: the file ends inside a character (its last 2 byte(s) are "
            f"an incomplete UTF-8 sequence): it looks cut short; the incomplete character is read as \ufffd",
        ),
        unparsed=(),
    )


def missing_cell() -> Malformed:
    """A row of the tab-separated table that lost its 牵头领导 cell (a cell deleted, not emptied)."""
    lines = columns_slice().split("\n")
    k = 5  # task 4: 序号, 工作任务, 牵头领导, 责任单位, 完成时限 → the 牵头领导 cell removed
    cells = lines[k].split("\t")
    del cells[2]
    lines[k] = "\t".join(cells)
    return Malformed(
        "columns-missing-cell.tsv",
        "\n".join(lines).encode("utf-8"),
        warnings=(
            f"columns-missing-cell.tsv: line {k + 1}: a table row with 4 cells where the header (line 2) has 5 "
            f"(序号, 工作任务, 牵头领导, 责任单位, 完成时限); read as 序号=4, 工作任务=社会消费品零售总额增长5%左右。, "
            f"牵头领导=区商务局, 责任单位=2023年12月底; the missing cells (完成时限) left empty",
        ),
    )


def no_units() -> Malformed:
    text = plan_slice().replace("牵头领导：郑皓\n\n责任单位：区财政局\n", "牵头领导：郑皓\n\n", 1)
    return Malformed(
        "plan-no-units.txt",
        text.encode("utf-8"),
        warnings=(
            "plan-no-units.txt: line 27: task 2 in document 通政发〔2023〕2号 (lines 1–80) names no unit; " + _NO_UNIT,
        ),
    )


def no_unit_column() -> Malformed:
    """A table whose 责任单位 column was left out altogether: every row names no unit."""
    rows = [ln.split("\t") for ln in columns_slice().split("\n")]
    text = "\n".join("\t".join(c for k, c in enumerate(r) if k != 3) for r in rows)
    return Malformed(
        "columns-no-unit-column.tsv",
        text.encode("utf-8"),
        warnings=(
            "columns-no-unit-column.tsv: 10 tasks in document at lines 1–12 "
            "name no unit, at lines 3 (task 1), 4 (task 2), 5 (task 3), 6 (task 4), 7 (task 5) and 5 more; " + _NO_UNIT,
        ),
    )


def duplicate_numbers() -> Malformed:
    text = plan_slice().replace("\n5.居民人均可支配收入", "\n4.居民人均可支配收入", 1)
    return Malformed(
        "plan-duplicate-numbers.txt",
        text.encode("utf-8"),
        warnings=(
            "plan-duplicate-numbers.txt: duplicate task number 4 in document 通政发〔2023〕2号 (lines 1–81) under "
            "一、主要预期目标: lines 43 and 51; both are kept as separate tasks — check the numbering",
        ),
    )


def table_cut_mid_row() -> Malformed:
    """The flattened PDF table stops inside row 5: its 重点任务 and part of its 工作措施, nothing after."""
    text = "\n".join(table_slice().split("\n")[:208]) + "\n"
    return Malformed(
        "table-cut-mid-row.txt",
        text.encode("utf-8"),
        warnings=(
            "table-cut-mid-row.txt: line 198: the file ends inside a table row: row 5 (lines 198–208) prints its "
            "重点任务/工作措施 but no 完成时限, 牵头领导 or units; recorded without them (not taken from the row above) "
            "— check that the file is complete",
        ),
    )


def table_cut_in_continuation() -> Malformed:
    text = "\n".join(table_slice().split("\n")[:228]) + "\n"
    return Malformed(
        "table-cut-in-continuation.txt",
        text.encode("utf-8"),
        warnings=(
            "table-cut-in-continuation.txt: line 220: the file ends inside a table row: a continuation of row 5 "
            "(lines 220–228) prints its 重点任务/工作措施 but no 完成时限, 牵头领导 or units; its lines are left "
            "unparsed — check that the file is complete",
        ),
        unparsed=(220, 222, 224, 226, 228),
    )


def plan_cut_mid_task() -> Malformed:
    text = "\n".join(plan_slice().split("\n")[:75]) + "\n"
    return Malformed(
        "plan-cut-mid-task.txt",
        text.encode("utf-8"),
        warnings=(
            "plan-cut-mid-task.txt: line 75: the file ends inside task 8 (line 75): its text but no "
            "牵头领导/责任单位/完成时限 lines, which every task before it has; its lines are left unparsed — check "
            "that the file is complete",
        ),
        unparsed=(75,),
    )


def plan_cut_after_leader() -> Malformed:
    text = "\n".join(plan_slice().split("\n")[:77]) + "\n"
    return Malformed(
        "plan-cut-after-leader.txt",
        text.encode("utf-8"),
        warnings=(
            "plan-cut-after-leader.txt: line 75: task 8 in document 通政发〔2023〕2号 (lines 1–77) names no unit; "
            + _NO_UNIT
            + "; the file ends here — check that it is complete",
        ),
    )


def columns_cut_mid_row() -> Malformed:
    """The TSV stops inside row 10, in a quoted multi-line cell that never closes."""
    lines = columns_slice().rstrip("\n").split("\n")
    lines[-1] = "\t".join(lines[-1].split("\t")[:3] + ['"区发展'])  # 序号, 工作任务, 牵头领导, then the cut
    text = "\n".join(lines)
    n = len(lines)
    return Malformed(
        "columns-cut-mid-row.tsv",
        text.encode("utf-8"),
        warnings=(
            f"columns-cut-mid-row.tsv: line {n}: a quoted cell opened on this line is never closed (the file ends "
            f"inside it); the line is read as it is, its quotes as text",
            f"columns-cut-mid-row.tsv: line {n}: the file ends inside a table row: a table row with 4 cells where the "
            f"header (line 2) has 5 (序号, 工作任务, 牵头领导, 责任单位, 完成时限); read as 序号=10, "
            f"工作任务=不断优化投资结构，推动投资向高…, "
            f'牵头领导=郑皓, 责任单位="区发展; the missing cells (完成时限) left empty',
        ),
    )


def big_plan(size: int = 50_000_000) -> Malformed:
    """A compendium of ``size`` bytes: the plan slice again and again, each copy its own notice
    (文号 通政发〔2023〕1号, 2号, …), so every copy is parsed — none is a duplicate of another."""
    body = plan_slice()
    first = body.index("通政发〔2023〕2号")
    parts, total, k = [], 0, 0
    while total < size:
        k += 1
        copy = body[:first] + f"通政发〔2023〕{k}号" + body[first + len("通政发〔2023〕2号") :]
        data = copy.encode("utf-8")
        parts.append(data)
        total += len(data)
    return Malformed("big.txt", b"".join(parts))


# every fixture but the big file (built by its own, slower test)
ALL = {
    f.__name__: f
    for f in (
        empty,
        whitespace,
        binary,
        pdf_named_txt,
        invalid_encoding,
        gbk,
        gb18030,
        utf16_bom,
        utf16le_no_bom,
        utf16be_no_bom,
        utf8_bom_table,
        big5,
        traditional_utf8,
        fullwidth,
        fullwidth_columns,
        mixed_line_endings,
        truncated_character,
        missing_cell,
        no_units,
        no_unit_column,
        duplicate_numbers,
        table_cut_mid_row,
        table_cut_in_continuation,
        plan_cut_mid_task,
        plan_cut_after_leader,
        columns_cut_mid_row,
    )
}


def all_fixtures() -> list[Malformed]:
    return [f() for f in ALL.values()]


def good_files() -> dict[str, bytes]:
    """The good slices as files, for a build beside the malformed ones."""
    return {f"good-{k}{_SUFFIX[k]}": f().encode("utf-8") for k, f in SLICES.items()}
