"""`jjn report statements` and year-end closing: figures against hand-computed numbers."""

import datetime
from decimal import Decimal

import openpyxl
import pytest
from ledger_kit import HEADER, PLUGINS, with_plugins
from test_report_kit import balances, money, row_titled, rows, transactions
from typer.testing import CliRunner

from jjn_ledger.cli import app
from jjn_ledger.ledger.society import open_society
from jjn_ledger.reports import closing
from jjn_ledger.reports.closing import CannotClose
from jjn_ledger.write import render as writer

runner = CliRunner()
D = Decimal

# A restricted gift of 5,000 for major illness, 800 of it spent on purpose (fund: "定向捐赠"),
# and 600 of other aid, which the county subsidy (restricted to the society's purpose) covers.
RESTRICTED = """
2024-03-15 open Income:4101-捐赠收入:03-定向捐赠 CNY
2024-03-15 open Equity:3101-非限定性净资产 CNY
2024-03-15 open Equity:3102-限定性净资产 CNY
2024-04-02 * "爱心企业" "定向捐赠：大病救助"
  donor: "爱心企业"
  channel: "银行转账"
  Assets:1002-银行存款:01-基本户   5000.00 CNY
  Income:4101-捐赠收入:03-定向捐赠
2024-05-06 * "王秀英" "补充救助：尿毒症"
  recipient: "P001"
  cause: "重大疾病"
  matter: "2024-尿毒症"
  source: "申请"
  accepted: 2024-05-06
  investigated: 2024-05-06
  approved: 2024-05-06
  fund: "定向捐赠"
  Expenses:5101-业务活动成本:01-补充救助   800.00 CNY
  Assets:1001-现金
2024-05-10 * "赵志强" "应急救助：车祸"
  recipient: "P002"
  cause: "意外事故"
  matter: "2024-车祸"
  source: "申请"
  accepted: 2024-05-10
  investigated: 2024-05-10
  approved: 2024-05-10
  Expenses:5101-业务活动成本:02-应急救助   600.00 CNY
  Assets:1001-现金
"""


def statements(tmp_path, folder, month):
    out = tmp_path / f"st-{folder.name}-{month}.xlsx"
    result = runner.invoke(app, ["report", "statements", str(folder), month, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def small(tmp_path):
    folder = tmp_path / "small"
    folder.mkdir()
    (folder / "main.beancount").write_text(
        with_plugins(HEADER + RESTRICTED, plugins=PLUGINS), "utf-8"
    )
    return folder


def test_restricted_gift_partly_spent_is_released_in_the_activity_statement(small, tmp_path):
    out = statements(tmp_path, small, "2024-05")
    release = row_titled(out, "业务活动表", "三、限定性净资产转为非限定性净资产")
    # 本月: 800 from the gift + 600 from the subsidy; 非限定性 +, 限定性 -, 合计 0.
    assert [money(v) for v in release[2:8]] == [D(1400), D(-1400), D(0), D(1400), D(-1400), D(0)]
    donations = row_titled(out, "业务活动表", "其中：捐赠收入")
    # 本年: 10,000 collective + 10,000 social (unrestricted), 5,000 restricted gift.
    assert [money(v) for v in donations[5:8]] == [D(20000), D(5000), D(25000)]
    subsidy = row_titled(out, "业务活动表", "政府补助收入")
    assert [money(v) for v in subsidy[5:8]] == [D(0), D(10000), D(10000)]
    cost = row_titled(out, "业务活动表", "（一）业务活动成本")
    assert [money(v) for v in cost[2:5]] == [D(1400), D(0), D(1400)]
    change = row_titled(out, "业务活动表", "四、净资产变动额（若为净资产减少额，以“-”号填列）")
    assert [money(v) for v in change[2:5]] == [D(0), D(-1400), D(-1400)]
    assert [money(v) for v in change[5:8]] == [D(20000), D(13600), D(33600)]


def test_balance_sheet_of_the_small_ledger_by_hand(small, tmp_path):
    out = statements(tmp_path, small, "2024-05")
    sheet = rows(out, "资产负债表")
    right = {r[4].strip(): r for r in sheet if isinstance(r[4], str) and r[5]}
    left = {r[0].strip(): r for r in sheet if isinstance(r[0], str) and r[1]}
    # 货币资金 (line 1) is one line: cash 1,600 (3,000 drawn, 800 + 600 paid) + bank 32,000.
    assert money(left["货币资金"][3]) == D(1600) + D(32000)
    assert money(left["资产总计"][3]) == D(33600)
    assert money(right["限定性净资产"][7]) == D(13600)  # 15,000 - 1,400 released
    assert money(right["非限定性净资产"][7]) == D(20000)
    assert money(right["负债和净资产总计"][7]) == D(33600)
    assert money(left["资产总计"][2]) == D(0)  # 年初数: before 2024 there was nothing


def test_sample_statements_match_the_ledger_text(sample_county, tmp_path):
    folder = sample_county / "taoyuan"
    out = statements(tmp_path, folder, "2025-03")
    txns = transactions(folder)
    end = datetime.date(2025, 3, 31)

    def total(prefix, start=None, stop=end):
        return sum(
            (
                v
                for t in txns
                if (start is None or t.date >= start) and t.date <= stop
                for a, v in t.postings
                if a.startswith(prefix)
            ),
            D(0),
        )

    month = datetime.date(2025, 3, 1)
    income = row_titled(out, "业务活动表", "收入合计")
    assert money(income[4]) == -total("Income:", month)
    assert money(income[7]) == -total("Income:", datetime.date(2025, 1, 1))
    expense = row_titled(out, "业务活动表", "费用合计")
    assert money(expense[4]) == total("Expenses:", month)

    sheet = rows(out, "资产负债表")
    left = {r[0].strip(): r for r in sheet if isinstance(r[0], str) and r[1]}
    right = {r[4].strip(): r for r in sheet if isinstance(r[4], str) and r[5]}
    assets = total("Assets:")
    assert money(left["资产总计"][3]) == assets
    assert money(right["负债和净资产总计"][7]) == assets  # the sheet balances
    assert money(right["净资产合计"][7]) == money(right["非限定性净资产"][7]) + money(
        right["限定性净资产"][7]
    )
    asserted = balances(folder)
    day = datetime.date(2025, 4, 1)
    money_funds = sum(
        (
            v
            for (d, a), v in asserted.items()
            if d == day and a.startswith(("Assets:1001-", "Assets:1002-", "Assets:1009-"))
        ),
        D(0),
    )
    assert money(left["货币资金"][3]) == money_funds
    begin = datetime.date(2024, 12, 31)
    assert money(left["资产总计"][2]) == total("Assets:", stop=begin)

    cash_accounts = ("Assets:1001-", "Assets:1002-", "Assets:1009-")
    change = sum((total(p, month) for p in cash_accounts), D(0))
    net = row_titled(out, "现金流量表", "五、现金及现金等价物净增加额")
    assert money(net[2]) == change
    closing_cash = sum((total(p) for p in cash_accounts), D(0))
    note = [r[0] for r in rows(out, "现金流量表") if isinstance(r[0], str) and "期末余额" in r[0]]
    assert f"期末余额 {closing_cash:,.2f} 元" in note[0]


def test_cash_and_bank_journals_run_between_the_balance_assertions(sample_county, tmp_path):
    folder = sample_county / "taoyuan"
    out = statements(tmp_path, folder, "2025-03")
    asserted = balances(folder)
    for sheet, account in (
        ("现金日记账", "Assets:1001-现金"),
        ("银行存款日记账", "Assets:1002-银行存款:01-基本户"),
    ):
        opening = row_titled(out, sheet, "上月结转", col=2)
        assert money(opening[7]) == asserted[(datetime.date(2025, 3, 1), account)]
        month = row_titled(out, sheet, "本月合计", col=2)
        assert money(month[7]) == asserted[(datetime.date(2025, 4, 1), account)]
        march = [t for t in transactions(folder) if (t.date.year, t.date.month) == (2025, 3)]
        debit = sum((v for t in march for a, v in t.postings if a == account and v > 0), D(0))
        credit = -sum((v for t in march for a, v in t.postings if a == account and v < 0), D(0))
        assert (money(month[4]), money(month[5])) == (debit, credit)


def test_every_statement_sheet_prints_on_a4_with_unit_and_society(sample_county, tmp_path):
    out = statements(tmp_path, sample_county / "xihe", "2025-01")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [
        "业务活动表",
        "资产负债表",
        "现金流量表",
        "现金日记账",
        "银行存款日记账",
    ]
    for ws in wb.worksheets:
        assert int(ws.page_setup.paperSize) == 9
        assert ws.print_title_rows and ws.print_area
        text = " ".join(str(c.value) for row in ws.iter_rows(max_row=3) for c in row if c.value)
        assert "单位：元" in text and "西河村" in text


def _all_values(path):
    wb = openpyxl.load_workbook(path)
    return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


def test_statements_are_the_same_before_and_after_closing_entries(society_copy, tmp_path):
    folder = society_copy("taoyuan")
    before = {m: _all_values(statements(tmp_path, folder, m)) for m in ("2025-12", "2026-03")}
    entries = closing.build_entries(open_society(folder), 2025)
    month_file = folder / "books" / "2025-12.beancount"
    month_file.write_text(month_file.read_text("utf-8") + "\n" + writer.render(entries), "utf-8")
    after_folder = tmp_path / "after"
    after_folder.mkdir()
    after = {m: _all_values(statements(after_folder, folder, m)) for m in ("2025-12", "2026-03")}
    assert after == before
    # The closing entries did zero the year's income and expenses in the books themselves.
    txns = [t for t in transactions(folder) if t.date.year == 2025]
    assert sum((v for t in txns for a, v in t.postings if a.startswith("Income:")), D(0)) == 0
    assert sum((v for t in txns for a, v in t.postings if a.startswith("Expenses:")), D(0)) == 0
    with pytest.raises(CannotClose, match="已结账"):
        closing.close_year(open_society(folder), 2025, today=datetime.date(2026, 1, 5))


def test_closing_entries_by_hand_for_the_small_ledger(small):
    entries = closing.build_entries(open_society(small), 2024)
    by_narration = {e.narration: e for e in entries}
    release = by_narration["限定性净资产转为非限定性净资产"]
    assert {p.account: p.units.number for p in release.postings} == {
        "Equity:3102-限定性净资产": D(1400),
        "Equity:3101-非限定性净资产": D(-1400),
    }
    income = by_narration["结转本年收入"]
    equity = {p.account: p.units.number for p in income.postings if p.account.startswith("Eq")}
    assert equity == {
        "Equity:3101-非限定性净资产": D(-20000),
        "Equity:3102-限定性净资产": D(-15000),
    }
    assert all(e.meta["closing"] == "2024" for e in entries)


def test_a_year_not_over_cannot_be_closed(small):
    with pytest.raises(CannotClose, match="尚未结束"):
        closing.close_year(open_society(small), 2024, today=datetime.date(2024, 12, 31))


def test_close_books_dry_run_prints_and_writes_nothing(sample_county, digest):
    folder = sample_county / "taoyuan"
    before = digest(folder)
    result = runner.invoke(app, ["report", "close-books", str(folder), "2024", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "结转本年收入" in result.output and "预览" in result.output
    assert digest(folder) == before


def test_close_books_writes_through_safewrite(society_copy):
    folder = society_copy("taoyuan")
    refused = runner.invoke(app, ["report", "close-books", str(folder), "2025"])
    assert refused.exit_code != 0 and "2024 年尚未结账" in str(refused.exception)
    for year in ("2024", "2025"):
        result = runner.invoke(app, ["report", "close-books", str(folder), year])
        assert result.exit_code == 0, result.output
    assert 'closing: "2025"' in (folder / "books" / "2025-12.beancount").read_text("utf-8")


def test_negative_cash_shows_as_credit_in_the_cash_journal(sample_county, tmp_path):
    """beipo's planted R9 error: cash paid out that was never drawn."""
    folder = sample_county / "beipo"
    out = statements(tmp_path, folder, "2025-02")
    cash = [t for t in transactions(folder) if t.date < datetime.date(2025, 3, 1)]
    lowest = D(0)
    running = D(0)
    for t in cash:
        running += sum((v for a, v in t.postings if a == "Assets:1001-现金"), D(0))
        lowest = min(lowest, running)
    assert lowest < 0
    credit_rows = [r for r in rows(out, "现金日记账") if r[6] == "贷"]
    assert credit_rows and money(credit_rows[0][7]) == -lowest


def test_journals_carry_the_voucher_number_once_numbered(society_copy, tmp_path):
    folder = society_copy("taoyuan")
    runner.invoke(app, ["voucher", "number", str(folder), "2026-09"])
    out = statements(tmp_path, folder, "2026-09")
    text = (folder / "books" / "2026-09.beancount").read_text("utf-8")
    for sheet in ("现金日记账", "银行存款日记账"):
        table = rows(out, sheet)
        assert table[3][1] == "凭证号"
        lines = [
            r for r in table[5:] if isinstance(r[2], str) and r[2] not in ("本月合计", "本年累计")
        ]
        assert lines and all(r[1] and f'voucher: "{r[1]}"' in text for r in lines), sheet
