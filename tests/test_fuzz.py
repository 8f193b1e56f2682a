"""Property tests over the layout parsers and the readers (issue 9).

1. Noise a printed plan really carries — page numbers (``- 3 -``, ``第3页``), repeated table headers,
   blank lines, extra spaces, full-width digits and punctuation, lines wrapped at plausible places —
   inserted into real seed slices keeps the same records. Compared: each task's number, lead
   officials, responsible and assisting units, deadline (date and kind) and the original line its
   record starts on (inserted lines are mapped back); for self-assessment rows, every cell. Task
   *text* is not compared: it keeps full-width forms as printed, which is the point.
   Where a layout reads a form of noise as evidence, that noise is restricted, not the assertion:
   the flattened-PDF table reads trailing spaces (row numbers) and adjacent printed lines (cell
   boundaries) as cues, so it gets no extra spaces and gets insertions only beside a blank line;
   delimited tables are not wrapped (a wrapped TSV line is a new row).
2. Random bytes and random text, through ``source_from_bytes`` + ``build_source`` and through every
   reader (valid files with bytes flipped), raise nothing but fengong's own errors, and the coverage
   of whatever builds accounts for every line.

Examples are derandomized (tests/conftest.py): the same on every run.
"""

from __future__ import annotations

import io
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fengong.build import build_source
from fengong.build.readers import read_input
from fengong.build.source import source_from_bytes, source_from_text
from fengong.data import SAMPLE_CORPUS
from fengong.errors import FengongError
from fengong.testing import malformed as M


def _seed(name: str, first: int, last: int) -> list[str]:
    return (SAMPLE_CORPUS / name).read_text(encoding="utf-8").split("\n")[first - 1 : last]


SEEDS = {
    "fields": M.plan_slice().split("\n"),
    "table": M.table_slice().split("\n"),
    "columns": M.columns_slice().split("\n"),
    "clauses": _seed("001_e1b176771c56fa1b.txt", 10007, 10453),
    "assessment": _seed("002_9c3a99ff54b9b696.txt", 1, 29),
}


def _build(lines: list[str]):
    res = build_source(source_from_text("fuzz.txt", "\n".join(lines)))
    return res


def _keys(res, origin: list[int | None]) -> tuple[list, list]:
    tasks = [
        (
            t.number,
            origin[t.line - 1],
            [n.text for n in t.lead_officials],
            [n.text for n in t.responsible_units],
            [n.text for n in t.assist_units],
            t.deadline.date if t.deadline else None,
            t.deadline.kind if t.deadline else None,
        )
        for t in res.tasks
    ]
    items = [(origin[a.line - 1], a.dimension, a.item, a.status, a.problems, a.number) for a in res.assessments]
    return tasks, items


BASE = {k: _keys(_build(v), list(range(1, len(v) + 1))) for k, v in SEEDS.items()}


READ_BY = {"fields": "tasks"}


def test_every_seed_slice_is_read_by_its_layout():
    for layout, lines in SEEDS.items():
        res = _build(lines)
        # a plan of field lines is read task by task: that reader wins the tie and keeps the labels
        assert READ_BY.get(layout, layout) in {d.layout for d in res.documents}, layout
    assert [len(BASE[k][0]) for k in ("fields", "table", "columns", "clauses")] == [8, 6, 10, 3]
    assert len(BASE["assessment"][1]) == 20


# ------------------------------------------------------------------ noise

PAGE_MARKS = st.sampled_from(["- {} -", "— {} —", "－{}－", "第{}页", "第 {} 页", "第{}页 共12页"]).flatmap(
    lambda f: st.integers(1, 99).map(lambda n: f.format(n))
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_FW = "0123456789.%:,;()"


def _blank_beside(lines, i) -> bool:
    return (i > 0 and not lines[i - 1].strip()) or (i < len(lines) and not lines[i].strip())


def _row_start(lines, i) -> bool:
    """Before a printed row number of the flattened table ("5 ")."""
    return i < len(lines) and bool(re.fullmatch(r"\d{1,3} ", lines[i]))


def _wrappable(line: str) -> list[int]:
    """Places a long line of running text may wrap: between two CJK characters, not in a label."""
    if len(line) < 12 or re.match(r"^\s*[\u4e00-\u9fff]{2,6}\s*[:：]", line) or "\t" in line:
        return []
    return [
        k
        for k in range(4, len(line) - 2)
        if _CJK.match(line[k - 1])
        and _CJK.match(line[k])
        and line[k] not in "、，。；（）"
        and not re.match(r"[一二三四五六七八九十]+、", line[k:])
        and not re.match(r"\d", line[k:])
    ]


OPS = {
    "fields": ("page", "blank", "spaces", "fullwidth", "wrap"),
    "table": ("page", "blank", "fullwidth", "header"),
    "columns": ("page", "blank", "cellspaces", "fullwidth", "header"),
    "clauses": ("page", "blank", "spaces", "fullwidth", "wrap"),
    "assessment": ("page",),  # blank lines delimit its blocks (a merged 考评维度 cell spans one block)
}


@st.composite
def noisy(draw, layout: str):
    lines = list(SEEDS[layout])
    origin: list[int | None] = list(range(1, len(lines) + 1))
    done = []
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(OPS[layout]))
        if op in ("page", "blank", "header"):
            if layout == "table":
                where = [
                    i
                    for i in range(len(lines) + 1)
                    if _blank_beside(lines, i) and (op != "header" or _row_start(lines, i))
                ]
            elif layout == "columns" and op == "header":
                where = list(range(2, len(lines)))
            else:
                where = list(range(len(lines) + 1))
            if not where:
                continue
            i = draw(st.sampled_from(where))
            if op == "page":
                new = [draw(PAGE_MARKS)]
            elif op == "blank":
                new = [""] * draw(st.integers(1, 3))
            elif layout == "table":
                new = [" 序", "", "号 ", "", "重点 ", "", "任务 ", "工作措施 ", "", "主责单位 协办单位 ", ""]
            else:
                new = [lines[1]]  # the TSV header row, as a page break repeats it
            lines[i:i] = new
            origin[i:i] = [None] * len(new)
        else:
            cand = [i for i, t in enumerate(lines) if t.strip()]
            if op == "wrap":
                cand = [i for i in cand if _wrappable(lines[i])]
            if op == "fullwidth":
                cand = [i for i in cand if any(c in lines[i] for c in _FW)]
            if not cand:
                continue
            i = draw(st.sampled_from(cand))
            t = lines[i]
            if op == "spaces":
                lines[i] = (
                    " " * draw(st.integers(0, 3))
                    + re.sub(r"([:：])", r"\1 ", t, count=1)
                    + " " * draw(st.integers(0, 3))
                )
            elif op == "cellspaces":
                lines[i] = "\t".join(
                    " " * draw(st.integers(0, 2)) + c + " " * draw(st.integers(0, 2)) for c in t.split("\t")
                )
            elif op == "fullwidth":
                lines[i] = M.to_fullwidth(t, _FW)
            elif op == "wrap":
                k = draw(st.sampled_from(_wrappable(t)))
                lines[i : i + 1] = [t[:k], t[k:]]
                origin[i : i + 1] = [origin[i], None]
        done.append(op)
    return lines, origin


def _same_records(layout, data):
    lines, origin = data
    res = _build(lines)
    assert _keys(res, origin) == BASE[layout]
    assert len(res.notes) == len(lines)  # every line accounted for


@pytest.mark.parametrize("layout", sorted(SEEDS))
@settings(max_examples=150)
@given(data=st.data())
def test_noise_inserted_into_a_seed_slice_keeps_its_records(layout, data):
    _same_records(layout, data.draw(noisy(layout)))


# ------------------------------------------------------------------ regressions the fuzzer found


def test_a_page_number_between_a_tasks_fields_is_not_part_of_a_name():
    lines = list(SEEDS["fields"])
    k = lines.index("牵头领导：郑皓")
    lines[k + 1 : k + 1] = ["- 3 -"]
    _same_records("fields", (lines, list(range(1, k + 2)) + [None] + list(range(k + 2, len(SEEDS["fields"]) + 1))))


def test_a_page_mark_starting_a_document_does_not_split_it_where_the_mark_recurs():
    # the splitter cut an untitled document where its first line recurred: a page mark recurs on every page
    lines = list(SEEDS["assessment"])
    header = next(i for i, t in enumerate(lines) if t.startswith("考评"))
    noisy = ["- 10 -"] + lines[: header + 1] + ["- 10 -"] + lines[header + 1 :]
    origin = [None] + list(range(1, header + 2)) + [None] + list(range(header + 2, len(lines) + 1))
    _same_records("assessment", (noisy, origin))


def test_a_full_width_row_number_is_the_row_number():
    lines = [("１ " if t == "1 " else t) for t in SEEDS["table"]]
    assert lines != SEEDS["table"]
    _same_records("table", (lines, list(range(1, len(lines) + 1))))


# ------------------------------------------------------------------ junk in, own errors out


def _check_built(src) -> None:
    res = build_source(src)
    assert len(res.notes) == res.source.line_count
    assert sum(1 for _ in res.notes.statuses()) == res.source.line_count


@settings(max_examples=300)
@given(st.binary(max_size=2000))
def test_random_bytes_raise_only_fengong_errors(data):
    try:
        src = source_from_bytes("junk.txt", data)
    except FengongError:
        return
    _check_built(src)


STRUCTURAL = (
    "序号牵头领导责任单位配合单位完成时限附件第页一二三、（）()：:，。；\t\r\n -—|#*年月底前区局委1234567890１２３"
)


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from(list(STRUCTURAL)) | st.characters(codec="utf-8"), max_size=400))
def test_random_text_builds_with_every_line_accounted_for(text):
    _check_built(source_from_text("junk.txt", text))
    try:
        src = source_from_bytes("junk.txt", text.encode("utf-8"))
    except FengongError:  # NUL characters make it binary data
        assert "\x00" in text
        return
    _check_built(src)


@pytest.fixture(scope="module")
def format_files(tmp_path_factory):
    from fengong.testing.formats import write_all
    from fengong.testing.pdf_writer import write_pdf
    from fengong.testing.tables import climate_annex

    out = tmp_path_factory.mktemp("formats")
    files = {p.suffix: p.read_bytes() for p in write_all(climate_annex(), out, formats=("docx", "xlsx", "csv", "html"))}
    files[".txt"] = M.table_slice().encode("utf-8")
    pdf = io.BytesIO()
    write_pdf(climate_annex(), pdf)
    files[".pdf"] = pdf.getvalue()
    return files


@pytest.mark.parametrize("suffix", [".docx", ".xlsx", ".csv", ".html", ".pdf", ".txt"])
@settings(max_examples=40)
@given(
    flips=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), min_size=1, max_size=8),
    cut=st.none() | st.floats(0, 1),
)
def test_each_reader_given_damaged_bytes_raises_only_fengong_errors(tmp_path_factory, format_files, suffix, flips, cut):
    data = bytearray(format_files[suffix])
    for where, byte in flips:
        data[int(where * len(data))] = byte
    if cut is not None:
        data = data[: int(cut * len(data))]
    path = tmp_path_factory.mktemp("damaged") / f"damaged{suffix}"
    path.write_bytes(bytes(data))
    try:
        src = read_input(path)
    except FengongError:
        return
    _check_built(src)
