"""The quarterly progress note (000 §三(二)): ≤ 500 characters, numbers as the county workbook."""

from __future__ import annotations

import re
from decimal import Decimal

from cli_kit import ok
from openpyxl import load_workbook


def workbook_totals(path) -> dict[str, object]:
    """The county workbook's 合计 rows (资金 and 救助与监督 sheets), by header."""
    out: dict[str, object] = {}
    for sheet in ("互助社情况", "救助与监督"):
        rows = list(load_workbook(path)[sheet].iter_rows(values_only=True))
        header = next(r for r in rows if r and r[0] == "序号")
        total = next(r for r in rows if r and r[0] == "合计")
        out |= {str(h): v for h, v in zip(header, total, strict=False) if h}
    return out


def test_the_note_is_short_and_agrees_with_the_county_workbook(sample_county, tmp_path):
    note_file = tmp_path / "q.xlsx"
    said = ok(["report", "quarterly", str(sample_county), "2026-Q3", "-o", str(note_file)])
    wb = load_workbook(note_file)
    text = next(
        str(c.value)
        for row in wb["季度进展"].iter_rows()
        for c in row
        if c.value and "一、基本情况" in str(c.value)
    )
    assert len(text) <= 500
    assert text in said
    figures = {
        r[0]: r[1] for r in wb["主要数据"].iter_rows(values_only=True) if r[0] and r[1] is not None
    }
    # every number in the note is one of the figures the second sheet lists …
    listed = {str(v).replace(",", "") for v in figures.values()}
    listed |= {f"{float(v):.2f}" for v in figures.values() if isinstance(v, int | float)}
    for number in re.findall(r"\d[\d,]*(?:\.\d+)?", text):
        if number in ("2026", "3", "500") or re.fullmatch(r"R?\d{1,2}", number):
            continue
        assert number.replace(",", "") in listed, number
    # … and those figures are the county workbook's for the quarter's last month
    book = tmp_path / "county.xlsx"
    ok(["report", "county", str(sample_county), "2026-09", "-o", str(book)])
    totals = workbook_totals(book)
    ytd_count = next(v for k, v in totals.items() if "本年" in k and "人次" in k)
    ytd_amount = next(v for k, v in totals.items() if "本年" in k and "金额" in k)
    assert figures["本年累计救助人次"] == ytd_count
    assert Decimal(str(figures["本年累计救助金额（元）"])) == Decimal(str(ytd_amount))
    assert figures["互助社总数（个）"] == 9


def test_a_bad_quarter_is_a_chinese_error(sample_county):
    from cli_kit import fails

    assert "格式不对" in fails(["report", "quarterly", str(sample_county), "2026-Q5"])
