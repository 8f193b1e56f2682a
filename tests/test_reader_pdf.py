"""The PDF reader: seed tables written as ruled PDFs read back cell for cell, text pages, broken files."""

from __future__ import annotations

import io

import pytest

pytest.importorskip("pdfplumber")
pytest.importorskip("reportlab")

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from fengong.build.readers.pdf import read  # noqa: E402
from fengong.errors import InputError  # noqa: E402
from fengong.testing.pdf_writer import FONT, _font, write_pdf  # noqa: E402
from fengong.testing.tables import TableDocument, climate_annex, plan_004  # noqa: E402


def _pdf_bytes(doc: TableDocument) -> bytes:
    out = io.BytesIO()
    write_pdf(doc, out)
    return out.getvalue()


def _table_rows(src) -> list[list[str]]:
    """The rendered table rows as cells, with a multi-line cell's lines joined back (TSV quoting)."""
    import csv

    rows, seen = [], set()
    for i, loc in enumerate(src.locations):
        key = (loc.page, loc.table, loc.row)
        if loc.table is None or key in seen or not src.lines[i]:
            continue
        seen.add(key)
        text = "\n".join(
            src.lines[j] for j, other in enumerate(src.locations) if (other.page, other.table, other.row) == key
        )
        rows.append(next(csv.reader([text], delimiter="\t")))
    return rows


def _task_rows_read(src, doc: TableDocument) -> list[list[str]]:
    """Rows read that are neither a (repeated) header nor a section row spanning the table."""
    return [r for r in _table_rows(src) if r != doc.columns and len(r) > 1]


def _mismatches(doc: TableDocument, got: list[list[str]]) -> list[tuple[str, str, str, str]]:
    """(row number, column, expected, read) for every task cell read differently; merged cells read empty."""
    want = [r for r in doc.grid()[1:] if any(c is not None for c in r[1:])]
    assert len(got) == len(want)
    out = []
    for g, w in zip(got, want):
        number = next((r[0] for r in reversed(want[: want.index(w) + 1]) if r[0]), "")
        for col, a, b in zip(doc.columns, g, w):
            if a != (b or ""):
                out.append((number, col, b, a))
    return out


@pytest.fixture(scope="module")
def climate_pdf() -> bytes:
    return _pdf_bytes(climate_annex())


@pytest.fixture(scope="module")
def plan_pdf() -> bytes:
    return _pdf_bytes(plan_004())


def test_climate_annex_reads_back_the_same_cells_with_units_one_per_line(climate_pdf):
    doc = climate_annex()
    src = read("climate.pdf", climate_pdf)
    got = _task_rows_read(src, doc)
    assert len(got) == 22
    # the only difference: a space that reportlab drops where a line wraps at it ("2022 年度"), which no
    # reader can see in the PDF; every unit list, wrapped unit name and merged cell comes back exactly
    [(number, column, want, read_)] = _mismatches(doc, got)
    assert (number, column) == ("14", "工作措施")
    assert read_ == want.replace("2022 年度", "2022年度")
    row2 = got[1]
    assert row2[5] == "区发展改革委\n区生态环境局"
    assert row2[6].split("\n")[-1] == "区经济和信息化局"


def test_climate_annex_renders_pages_tables_rows_and_page_numbers(climate_pdf):
    src = read("climate.pdf", climate_pdf, path="/x/climate.pdf")
    assert src.format == "pdf" and src.path == "/x/climate.pdf" and src.warnings == []
    assert src.lines[:2] == ["附件1", "通州区应对气候变化2022年行动计划"]
    assert [src.where(1), src.where(2)] == ["p.1", "p.1"]
    assert src.lines[3] == "序号\t重点任务\t工作措施\t完成时限\t牵头领导\t主责单位\t协办单位"
    assert src.where(4) == "p.1, table 1, row 1"
    assert src.lines[4] == "一、温室气体排放控制目标"
    assert src.lines[5].startswith("1\t温室气体排放控制目标\t") and src.where(6) == "p.1, table 1, row 3"
    numbers = [(src.lines[i], src.where(i + 1)) for i, ln in enumerate(src.lines) if ln.startswith("- ")]
    assert numbers == [(f"- {p} -", f"p.{p}") for p in range(1, len(numbers) + 1)] and len(numbers) >= 2


def test_plan_004_reads_back_138_task_rows_exactly(plan_pdf):
    doc = plan_004()
    src = read("004.pdf", plan_pdf)
    got = _task_rows_read(src, doc)
    assert len(got) == 138
    assert _mismatches(doc, got) == []
    assert src.lines[0] == "北京市通州区人民政府文件"


def test_pdf_reads_build_into_tasks(climate_pdf, plan_pdf):
    from fengong.build import build_source

    assert len(build_source(read("004.pdf", plan_pdf)).tasks) == 138
    tasks = build_source(read("climate.pdf", climate_pdf)).tasks
    assert len(tasks) == 22
    assert [u.text for u in tasks[1].assist_units][-1] == "区经济和信息化局"


def test_writing_twice_gives_identical_bytes(climate_pdf):
    assert _pdf_bytes(climate_annex()) == climate_pdf
    assert climate_pdf.startswith(b"%PDF-")


def _canvas_pdf(pages: list[list[str]], **kw) -> bytes:
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4, invariant=1, **kw)
    for lines in pages:
        c.setFont(_font(), 12)
        y = A4[1] - 30 * mm
        for line in lines:
            c.drawString(25 * mm, y, line)
            y -= 18
        c.showPage()
    c.save()
    return out.getvalue()


def test_text_pdf_without_ruled_table_renders_its_lines_in_order_with_pages():
    data = _canvas_pdf(
        [
            ["北京市通州区人民政府", "关于印发分工方案的通知", "reduce GDP energy use by 3%"],
            ["一、主要目标", "（一）增长5%左右。"],
        ]
    )
    src = read("plain.pdf", data)
    text = [(ln, src.where(i)) for i, ln in enumerate(src.lines, 1) if ln]
    assert text == [
        ("北京市通州区人民政府", "p.1"),
        ("关于印发分工方案的通知", "p.1"),
        ("reduce GDP energy use by 3%", "p.1"),
        ("一、主要目标", "p.2"),
        ("（一）增长5%左右。", "p.2"),
    ]
    assert src.warnings == [] and FONT == "STSong-Light"


def test_page_without_text_is_reported_as_needing_ocr():
    data = _canvas_pdf([["第一页"], []])
    src = read("scan.pdf", data)
    assert [ln for ln in src.lines if ln] == ["第一页"]
    assert src.warnings == ["p.2 has no text layer (scanned image?); OCR is not supported"]


@pytest.mark.parametrize("data", [bytes(range(256)) * 4, b"%PDF-1.4\n1 0 obj\n<<", b""])
def test_broken_pdf_raises_input_error(data, climate_pdf):
    with pytest.raises(InputError, match="cannot (open|read) the PDF"):
        read("bad.pdf", data)


def test_truncated_pdf_raises_input_error(climate_pdf):
    with pytest.raises(InputError, match="cannot (open|read) the PDF"):
        read("cut.pdf", climate_pdf[: len(climate_pdf) // 3])


def test_encrypted_pdf_raises_input_error_naming_the_password():
    from reportlab.lib.pdfencrypt import StandardEncryption

    data = _canvas_pdf([["机密"]], encrypt=StandardEncryption("secret", canPrint=0))
    with pytest.raises(InputError, match=r"cannot open the PDF \(it is encrypted"):
        read("locked.pdf", data)
