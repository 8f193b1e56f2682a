"""Deadlines as printed become dates; standing duties become ongoing."""

from __future__ import annotations

import pytest

from fengong.build.deadlines import parse_deadline


@pytest.mark.parametrize(
    "text,year,date,kind",
    [
        ("2023年12月底", 2023, "2023-12-31", "date"),
        ("2023年9月底", 2023, "2023-09-30", "date"),
        ("年底前", 2022, "2022-12-31", "date"),
        ("6月底前", 2022, "2022-06-30", "date"),
        ("2月底", 2024, "2024-02-29", "date"),
        ("6-9 月", 2022, "2022-09-30", "date"),
        ("2022年6月15日", None, "2022-06-15", "date"),
        ("2023年上半年", 2023, "2023-06-30", "date"),
        ("三季度", 2023, "2023-09-30", "date"),
        ("２０２３年１２月底", None, "2023-12-31", "date"),
        ("长期实施", 2022, None, "ongoing"),
        ("持续推进", 2022, None, "ongoing"),
        ("适时", 2022, None, "unknown"),
    ],
)
def test_deadline_text_becomes_a_date(text, year, date, kind):
    d = parse_deadline(text, year)
    assert (d.text, d.date, d.kind) == (text, date, kind)
