"""Thank-you letters (000 §二(三)): exactly the period's named donors, as each wished.

The expected donors are read from the books independently (plain Beancount entries, the donor
metadata on postings to social-donation income accounts), not from ``reports.thanks``.
"""

from __future__ import annotations

import datetime

from cli_kit import ok
from openpyxl import load_workbook

from jjn_ledger.ledger.load import load
from jjn_ledger.ledger.society import open_society
from jjn_ledger.reports import thanks
from jjn_ledger.reports.common import any_period


def named_donors(folder, year: int) -> set[str]:
    """Donors of social donations in ``year`` by plain reading: 4101 income, donor not 匿名."""
    out = set()
    for e in load(folder).entries:
        postings = getattr(e, "postings", None) or []
        if e.date.year != year or not any(p.account.startswith("Income:4101") for p in postings):
            continue
        donor = e.meta.get("donor") or e.payee
        if donor and donor != "匿名":
            out.add(donor)
    return out


def test_letters_cover_exactly_the_named_donors(sample_county, tmp_path):
    folder = sample_county / "taoyuan"
    expected = named_donors(folder, 2025)
    assert expected  # the sample has named donors in 2025
    out = tmp_path / "letters.xlsx"
    said = ok(["report", "thanks", str(folder), "2025", "-o", str(out)])
    assert f"具名捐赠人 {len(expected)} 位" in said
    wb = load_workbook(out)
    addressed = set()
    for ws in wb.worksheets:
        text = [str(c.value) for row in ws.iter_rows() for c in row if c.value]
        assert text[0] == "感谢信"
        salutation = next(t for t in text if t.startswith("尊敬的"))
        addressed.add(salutation.removeprefix("尊敬的").removesuffix("："))
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
    assert addressed == expected
    assert "匿名" not in addressed


def test_anonymous_and_the_donors_wishes(society_copy, tmp_path):
    folder = society_copy("taoyuan")
    day = "2026-11-05"
    for donor, wish in (("匿名", None), ("周明", "不列金额"), ("吴芳", "不需致谢"), ("郑强", None)):
        args = [
            "record",
            "donation",
            str(folder),
            "300",
            "--donor",
            donor,
            "--channel",
            "银行转账",
            "--date",
            day,
        ]
        ok(args + (["--thanks", wish] if wish else []))
    society = open_society(folder)
    found = {d.name: d for d in thanks.donors(society, any_period("2026-11"))}
    assert set(found) == {"周明", "郑强"}
    assert "300.00" in found["郑强"].gifts()
    assert "300" not in found["周明"].gifts() and found["周明"].gifts() == "善款"
    wb, _ = thanks.build(society, any_period("2026-11"), "certificate", datetime.date(2026, 11, 30))
    texts = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value]
    assert texts.count("荣誉证书") == 2
    assert not any("300.00" in t for t in texts if "周明" in t)


def test_a_period_without_donors_says_so(sample_county, tmp_path):
    out = tmp_path / "none.xlsx"
    said = ok(["report", "thanks", str(sample_county / "taoyuan"), "2020", "-o", str(out)])
    assert "具名捐赠人 0 位" in said
    texts = [str(c.value) for row in load_workbook(out).active.iter_rows() for c in row if c.value]
    assert any("没有需要致谢的具名捐赠人" in t for t in texts)
