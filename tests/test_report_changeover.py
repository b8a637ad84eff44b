"""新旧制度衔接: the 科目余额表 at 2025-12-31 and the 2026 books opened under the new chart."""

import datetime
from decimal import Decimal

from cli_kit import fails, ok
from test_report_kit import money, rows, transactions

D = Decimal


def test_changeover_waits_for_the_years_to_close(society_copy, digest):
    folder = society_copy("taoyuan")
    before = digest(folder)
    message = fails(["report", "changeover", str(folder), "--dry-run"])
    assert "2024、2025 年尚未结账" in message
    assert digest(folder) == before


def test_changeover_writes_the_trial_balance_and_opens_the_new_chart(society_copy, tmp_path):
    folder = society_copy("taoyuan")
    ok(["report", "close-books", str(folder), "2024"])
    ok(["report", "close-books", str(folder), "2025"])
    out = tmp_path / "kb.xlsx"
    said = ok(["report", "changeover", str(folder), "-o", str(out)])
    assert "jjn-changeover" in said
    january = (folder / "society.beancount").read_text("utf-8")
    assert "open Expenses:5301-管理费用:01-银行手续费" in january
    assert "open Expenses:5301-管理费用:02-公示印刷费" in january
    # The 科目余额表: each account's closing balance recomputed from the ledger text.
    end = datetime.date(2025, 12, 31)
    txns = [t for t in transactions(folder) if t.date <= end]
    table = {
        r[0]: r for r in rows(out, "科目余额表")[4:] if isinstance(r[0], str) and r[4] is not None
    }
    for account, line in table.items():
        if account.startswith("合计"):
            continue
        expected = sum(
            (v for t in txns for a, v in t.postings if a.split(":", 1)[1] == account), D(0)
        )
        assert money(line[4]) == expected, account
    assert money(table["合计（借贷平衡时为 0）"][4]) == 0
    # after closing, income and expenses carry nothing into 2026
    assert all(money(r[4]) == 0 for a, r in table.items() if a[:1] in "45")
    assert table["5201-管理费用:01-银行手续费"][5] == "5301-管理费用:01-银行手续费"
    # what the treasurer records in 2026 from now on goes to the new chart's account
    ok(["record", "bank-fee", str(folder), "3.50", "--date", "2026-11-24"])
    november = (folder / "books" / "2026-11.beancount").read_text("utf-8")
    assert "Expenses:5301-管理费用:01-银行手续费" in november
    st = tmp_path / "st.xlsx"
    ok(["report", "statements", str(folder), "2026-11", "-o", str(st)])
    (line,) = [r for r in rows(st, "业务活动表") if r[1] == 21]  # （三）管理费用
    assert money(line[4]) >= D("3.50")
    again = fails(["report", "changeover", str(folder)])
    assert "不能重复" in again
