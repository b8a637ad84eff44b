"""救助案例 for the notice board: the cases, told without identifying anyone."""

from __future__ import annotations

from decimal import Decimal

from cli_kit import ok
from openpyxl import load_workbook

from jjn_ledger.ledger.load import load
from jjn_ledger.ledger.society import open_society


def test_the_case_page_names_nobody(sample_county, tmp_path):
    folder = sample_county / "taoyuan"
    out = tmp_path / "cases.xlsx"
    ok(["report", "cases", str(folder), "2025", "-o", str(out)])
    texts = [str(c.value) for row in load_workbook(out).active.iter_rows() for c in row if c.value]
    page = "\n".join(texts)
    society = open_society(folder)
    for person in society.book.recipients.values():
        assert person.name not in page
        assert person.name[0] + "*" not in page  # not even a masked name
    entries = load(folder).entries
    aid = [
        e
        for e in entries
        if e.date.year == 2025
        and "recipient" in e.meta
        and any(p.account.startswith("Expenses:5101") for p in e.postings)
    ]
    assert aid
    for e in aid:
        assert e.narration not in page  # the narration carries the diagnosis or the accident
        assert str(e.meta.get("matter")) not in page
    assert "白血病" not in page and "尿毒症" not in page
    total = sum(
        p.units.number for e in aid for p in e.postings if p.account.startswith("Expenses:5101")
    )
    assert f"共救助 {len(aid)} 人次" in page
    sheet = load_workbook(out).active
    totals = [r for r in sheet.iter_rows(values_only=True) if r[0] == "合计"]
    assert Decimal(str(totals[0][2])) == total
