"""Every rule's verdict on the rows it judges, the filter bar, and the tabs taken away as Excel.

Expected figures come from an independent reading of the sample's text (``test_fava_views``) or
from what the sample generator planted (``sample.SAMPLE``), never from the code under test.
"""

from __future__ import annotations

import datetime
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest
from beancount import loader
from ledger_kit import HEADER
from openpyxl import load_workbook
from test_fava_views import EMERG, SUPP, TODAY, aid_txns, register_names

from jjn_ledger.fava_ext import export, tables, views
from jjn_ledger.ledger import load as ledger
from jjn_ledger.ledger.idcodes import is_id_number_like


def _load(doc: str) -> ledger.Loaded:
    text = HEADER.replace("{PLUGINS}", 'plugin "jjn_ledger.plugins.rules"')
    entries, errors, options = loader.load_string(text + textwrap.dedent(doc))
    return ledger.Loaded(Path("<test>"), entries, errors, options)


def _register(loaded: ledger.Loaded, **kw: object) -> views.AidRegister:
    return views.aid_register(loaded.entries, loaded.options, views.AidFilter(), **kw)  # type: ignore[arg-type]


def test_the_r7_breach_is_not_compliant_in_the_register_or_the_person_file(sample_county):
    folder = sample_county / "xihe"  # planted: one emergency aid of 1,200 (cap 1,000)
    loaded = ledger.load(folder)
    over = [t for t in aid_txns(folder) if t.amount_to(EMERG) > 1000]
    assert len(over) == 1
    bad = [r for r in _register(loaded).rows if r.bad]
    assert [(r.paid, r.amount) for r in bad] == [(over[0].date, over[0].amount_to(EMERG))]
    (row,) = bad
    assert row.verdict == "不符合" and row.broken == ("R7",)
    assert row.cell("R7").label == "不符合" and "1,000.00" in row.cell("R7").text
    assert [c.label for c in row.rules if c.rule != "R7"] == ["符合"] * 3
    pf = views.person_file(loaded.entries, loaded.options, row.key, folder=folder)
    assert pf is not None
    assert [r.broken for r in pf.aid if r.paid == row.paid] == [("R7",)]


def test_r5_and_r14_verdicts_come_from_the_rulebook(sample_county):
    loaded = ledger.load(sample_county / "shuangqiao")  # planted: aid to the cashier's household
    rows = [r for r in _register(loaded).rows if r.bad]
    assert rows and {r.broken for r in rows} == {("R14",)}
    assert all(r.key == "P002" for r in rows)
    doc = """
    2025-03-10 * "无名" "补充救助：尿毒症透析"
      recipient: "P077"
      cause: "重大疾病"
      matter: "2025-03-尿毒症透析"
      accepted: 2025-03-07
      investigated: 2025-03-07
      approved: 2025-03-10
      Expenses:5101-业务活动成本:01-补充救助   300.00 CNY
      Assets:1001-现金
    """
    (row,) = _register(_load(doc)).rows
    assert row.cell("R5").label == "不符合" and "P077" in row.cell("R5").text
    assert "R5" in row.broken


def test_the_same_matter_twice_is_flagged_on_the_second_payment(sample_county):
    folder = sample_county / "nanshan"  # planted: the same matter aided twice in one year
    rows = _register(ledger.load(folder)).rows
    bad = [r for r in rows if r.bad]
    assert len(bad) == 1 and bad[0].broken == ("R7",)
    twins = [r for r in rows if (r.key, r.matter) == (bad[0].key, bad[0].matter)]
    assert len(twins) == 2 and twins[1] is bad[0] and not twins[0].bad


def _year(folder: Path, loaded: ledger.Loaded, year: int) -> views.Shown:
    """What Fava's bar keeps for ``time=<year>``: here, the entries dated in that year."""
    kept = [e for e in loaded.entries if e.date.year == year]
    begin, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return views.Shown.of(kept, begin, end, time=str(year))


def test_the_filter_bar_picks_the_rows_and_says_the_period(sample_county):
    folder = sample_county / "xihe"
    loaded = ledger.load(folder)
    in_2025 = [t for t in aid_txns(folder) if t.date.year == 2025]
    shown = _year(folder, loaded, 2025)
    reg = _register(loaded, shown=shown)
    assert len(reg.rows) == len(in_2025)
    assert reg.total == sum((t.amount_to(SUPP) + t.amount_to(EMERG) for t in in_2025), Decimal(0))
    assert reg.period.startswith("期间：2025年1月1日至2025年12月31日")
    everything = _register(loaded)
    assert everything.period.startswith("期间：全部账期") and len(everything.rows) > len(reg.rows)
    o = views.overview(loaded.entries, loaded.errors, loaded.options, TODAY, shown=shown)
    assert o.aid_count == len(in_2025) and o.until == datetime.date(2025, 12, 31)
    assert [g.rule for g in o.problems] == ["R7"]  # the 1,200 payment is in 2025
    o24 = views.overview(
        loaded.entries, loaded.errors, loaded.options, TODAY, shown=_year(folder, loaded, 2024)
    )
    assert o24.problems == [] and o24.hidden_problems == 1
    months = views.notices(loaded.entries, loaded.options, shown=shown)
    assert months and all(m.month.startswith("2025-") for m in months)


def test_exported_register_reopens_with_the_rows_on_screen(sample_county, tmp_path):
    folder = sample_county / "xihe"
    loaded = ledger.load(folder)
    shown = _year(folder, loaded, 2025)
    screen = _register(loaded, shown=shown)
    req = tables.Request("aid", loaded.entries, loaded.errors, loaded.options, TODAY, shown)
    path = tmp_path / "aid.xlsx"
    path.write_bytes(export.to_bytes(tables.document(req)))
    ws = load_workbook(path).worksheets[0]
    cells = [[c.value for c in row] for row in ws.iter_rows()]
    assert "互助社审计 · 救助台账" in cells[0][0] and "西河村" in cells[1][0]
    assert "2025年1月1日至2025年12月31日" in cells[2][0] and "姓名已按公示规则遮盖" in cells[2][0]
    head = next(i for i, r in enumerate(cells) if r[0] == "发放日期")
    body = [r for r in cells[head + 1 :] if isinstance(r[0], datetime.datetime)]
    assert [(r[0].date(), r[1], r[2], Decimal(str(r[6]))) for r in body] == [
        (x.paid, x.key, x.name, x.amount) for x in screen.rows
    ]
    total = next(r for r in cells if r[0] == "合计")
    assert Decimal(str(total[6])) == screen.total
    names = set(register_names(folder).values())
    flat = [str(v) for r in cells for v in r if v is not None]
    assert not any(n in v for n in names if len(n) > 1 for v in flat)  # masked, as on screen
    assert not any(is_id_number_like(v) for v in flat)
    assert ws.print_title_rows and str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
    verdicts = [r[-1] for r in body]
    assert verdicts.count("不符合") == 1


@pytest.mark.parametrize("page", ["overview", "person", "notices"])
def test_every_tab_exports(sample_county, tmp_path, page):
    loaded = ledger.load(sample_county / "taoyuan")
    req = tables.Request(page, loaded.entries, loaded.errors, loaded.options, TODAY, views.Shown())
    doc = tables.document(req)
    path = tmp_path / f"{page}.xlsx"
    path.write_bytes(export.to_bytes(doc))
    wb = load_workbook(path)
    assert len(wb.worksheets) == len(doc.tables)
    for ws, table in zip(wb.worksheets, doc.tables, strict=True):
        values = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
        assert all(h in values for h in table.head)
        assert ws.oddFooter.center.text == "第 &P 页，共 &N 页"
