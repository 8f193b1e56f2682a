"""Reading files: encodings, line numbering, folding, unreadable input."""

from __future__ import annotations

import codecs

import pytest

from fengong.build.source import fold, read_source, source_from_bytes
from fengong.errors import InputError

TEXT = "１.实现增长。\r\n牵头领导：郑皓\n责任单位：区发展改革委\n"


@pytest.mark.parametrize(
    "encoding,expected",
    [
        ("utf-8", "utf-8"),
        ("gb18030", "gb18030"),
        ("gbk", "gb18030"),
        ("big5", "big5"),
    ],
)
def test_encodings_are_detected_and_reported(encoding, expected):
    text = TEXT if encoding != "big5" else "１.實現增長。\n牽頭領導：鄭皓\n"
    src = source_from_bytes("a.txt", text.encode(encoding))
    assert src.encoding == expected
    if encoding == "big5":  # traditional characters are read as simplified, with a warning
        assert src.lines[:2] == ["１.实现增长。", "牵头领导：郑皓"]
        assert src.warnings == [
            "traditional characters (Big5) read as simplified (e.g. 實 → 实): "
            "records give names as printed, the graph resolves their simplified form"
        ]
    else:
        assert src.lines[0] == text.splitlines()[0]
        assert src.warnings == []


def test_byte_order_marks_are_honoured():
    assert source_from_bytes("a.txt", codecs.BOM_UTF8 + TEXT.encode()).encoding == "utf-8-sig"
    src = source_from_bytes("a.txt", codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"))
    assert (src.encoding, src.lines[1]) == ("utf-16", "牵头领导：郑皓")
    assert source_from_bytes("a.txt", TEXT.encode("utf-16-be")).encoding == "utf-16-be"


def test_mixed_line_endings_keep_one_line_per_break():
    src = source_from_bytes("a.txt", b"a\r\nb\rc\nd")
    assert src.lines == ["a", "b", "c", "d"]


def test_full_width_forms_fold_for_matching_only():
    src = source_from_bytes("a.txt", TEXT.encode())
    assert src.lines[0].startswith("１.")
    assert fold(src.lines[0]).startswith("1.")


def test_binary_data_is_a_clear_error(tmp_path):
    path = tmp_path / "scan.txt"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(InputError, match="scan.txt: binary data"):
        read_source(path)


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="cannot read"):
        read_source(tmp_path / "nope.txt")
