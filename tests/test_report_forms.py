"""The statements are the official forms: lines and 行次 as in the layout data, figures as books.

Expected lines are read from ``data/statement_layouts.toml`` with tomllib (not through the
code under test), the 2004 行次 the DOMAIN spec lists are spelled out here, and figures are
recomputed from the ledger text with the regular-expression kit of test_report_kit.
"""

import datetime
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest
from ledger_kit import HEADER, PLUGINS, with_plugins
from test_report_kit import money, rows, transactions
from typer.testing import CliRunner

import jjn_ledger
from jjn_ledger.cli import app

runner = CliRunner()
D = Decimal
LAYOUTS = tomllib.loads(
    (Path(jjn_ledger.__file__).parent / "data" / "statement_layouts.toml").read_text("utf-8")
)["form"]


def statements(tmp_path, folder, month):
    out = tmp_path / f"st-{folder.name}-{month}.xlsx"
    result = runner.invoke(app, ["report", "statements", str(folder), month, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def printed(path, sheet, title_col=0):
    """(title, 行次) of each table line of one side of a sheet, below its header."""
    found, started = [], False
    for r in rows(path, sheet):
        title, number = r[title_col], r[title_col + 1]
        if title in ("项目", "资产", "负债和净资产"):
            started = True
            continue
        if not started or (isinstance(title, str) and title.startswith("注：")):
            continue
        if title is None and number is None:
            continue
        if title in (None, "") and number in (None, ""):
            continue
        if number is None and title and title.startswith(("非限定性", "限定性")):
            continue
        found.append(((title or "").strip(), number if number != "" else None))
    return found


def expected(standard, kind, side="lines"):
    return [(ln["title"], ln.get("row")) for ln in LAYOUTS[standard][kind][side]]


# The 2004 行次 as DOMAIN.md lists them (from the tax e-filing forms): a test of the data too.
OFFICIAL_2004_ACTIVITY = {1, 2, 3, 4, 5, 6, 9, 11, 12, 21, 24, 28, 35, 40, 45}
OFFICIAL_2004_BALANCE = {1, 8, 20, 60, 62, 80, 100, 101, 105, 110, 120}


@pytest.mark.parametrize(("month", "standard"), [("2025-03", "2004"), ("2026-03", "2026")])
def test_every_statement_prints_the_official_lines_and_rows(
    sample_county, tmp_path, month, standard
):
    out = statements(tmp_path, sample_county / "taoyuan", month)
    assert printed(out, "业务活动表") == expected(standard, "activity")
    assert printed(out, "现金流量表") == expected(standard, "cashflow")
    left = [x for x in printed(out, "资产负债表") if x != ("", None)]
    right = [x for x in printed(out, "资产负债表", 4) if x != ("", None)]
    assert left == expected(standard, "balance", "assets")
    assert right == expected(standard, "balance", "liabilities")


def test_the_2004_forms_carry_the_official_row_numbers(sample_county, tmp_path):
    out = statements(tmp_path, sample_county / "taoyuan", "2025-03")
    activity = {n for _, n in printed(out, "业务活动表") if n}
    assert activity >= OFFICIAL_2004_ACTIVITY
    balance = {n for _, n in printed(out, "资产负债表")} | {
        n for _, n in printed(out, "资产负债表", 4)
    }
    assert balance >= OFFICIAL_2004_BALANCE
    titled = dict(printed(out, "资产负债表")) | dict(printed(out, "资产负债表", 4))
    assert titled["货币资金"] == 1 and titled["存货"] == 8 and titled["应付款项"] == 62
    assert "现金" not in titled and "其他应付款" not in titled
    lines = dict(printed(out, "业务活动表"))
    assert lines["（一）业务活动成本"] == 12 and lines["（四）其他费用"] == 28


def _line(path, sheet, number, col=1):
    found = [r for r in rows(path, sheet) if r[col] == number]
    assert len(found) == 1, (sheet, number)
    return found[0]


def test_figures_match_an_independent_computation(sample_county, tmp_path):
    folder = sample_county / "taoyuan"
    out = statements(tmp_path, folder, "2025-06")
    txns = [t for t in transactions(folder) if "closing" not in t.meta]
    start, end = datetime.date(2025, 1, 1), datetime.date(2025, 6, 30)

    def flow(prefix, since=start):
        return sum(
            (
                v
                for t in txns
                if since <= t.date <= end
                for a, v in t.postings
                if a.startswith(prefix)
            ),
            D(0),
        )

    # 本年累计数 合计 (column 8) of each line filled by code.
    for number, prefix, sign in [
        (1, "Income:4101-", -1),
        (5, "Income:4401-", -1),
        (9, "Income:4901-", -1),
        (12, "Expenses:5101-", 1),
        (13, "Expenses:5101-业务活动成本:01-", 1),
        (14, "Expenses:5101-业务活动成本:02-", 1),
        (21, "Expenses:5201-", 1),
    ]:
        assert money(_line(out, "业务活动表", number)[7]) == sign * flow(prefix), number
    assert money(_line(out, "业务活动表", 11)[7]) == -flow("Income:")
    assert money(_line(out, "业务活动表", 35)[7]) == flow("Expenses:")
    change = _line(out, "业务活动表", 45)
    assert money(change[7]) == -flow("Income:") - flow("Expenses:")
    # 本年累计数 = sum of each month's 本月数, month by month.
    monthly = [statements(tmp_path, folder, f"2025-{m:02d}") for m in range(1, 7)]
    for number in (1, 11, 12, 35, 40, 45):
        total = sum((money(_line(p, "业务活动表", number)[4]) for p in monthly), D(0))
        assert total == money(_line(out, "业务活动表", number)[7]), number

    def balance(prefixes):
        return sum(
            (v for t in txns if t.date <= end for a, v in t.postings if a.startswith(prefixes)),
            D(0),
        )

    assert money(_line(out, "资产负债表", 1)[3]) == balance(
        ("Assets:1001-", "Assets:1002-", "Assets:1009-")
    )
    assert money(_line(out, "资产负债表", 8)[3]) == balance("Assets:1201-")
    assert money(_line(out, "资产负债表", 60)[3]) == balance("Assets:")
    total = _line(out, "资产负债表", 120, col=5)
    assert money(total[7]) == balance("Assets:")


def test_the_standard_follows_the_period_not_the_profile(society_copy, tmp_path):
    """With `standard: "2026"` in the profile, 2025 statements are still under 〔2004〕7号."""
    folder = society_copy("taoyuan")
    society = folder / "society.beancount"
    text = society.read_text("utf-8")
    head = text.index('custom "jjn-society"')
    end_of_line = text.index("\n", head)
    society.write_text(
        text[: end_of_line + 1] + '  standard: "2026"\n' + text[end_of_line + 1 :], "utf-8"
    )
    dec = statements(tmp_path, folder, "2025-12")
    jan = statements(tmp_path, folder, "2026-01")
    for sheet in ("业务活动表", "资产负债表", "现金流量表"):
        assert "财会〔2004〕7号" in str(rows(dec, sheet)[1][0])
        assert "财会〔2024〕25号" in str(rows(jan, sheet)[1][0])
        notes = " ".join(str(r[0]) for r in rows(jan, sheet) if str(r[0]).startswith("注："))
        assert "尚未与官方" in notes
    notes = " ".join(str(r[0]) for r in rows(dec, "业务活动表") if str(r[0]).startswith("注："))
    assert "二手资料" not in notes


BANK_FEE_2026 = """
2026-01-20 * "农商银行" "银行手续费"
  Expenses:5201-管理费用:01-银行手续费   12.00 CNY
  Assets:1002-银行存款:01-基本户
2026-01-21 open Expenses:5301-管理费用:02-公示印刷费 CNY
2026-01-21 * "印刷店" "公示印刷"
  Expenses:5301-管理费用:02-公示印刷费   30.00 CNY
  Assets:1001-现金
"""


def test_a_2026_bank_fee_lands_under_management_costs_not_taxes(tmp_path):
    folder = tmp_path / "small"
    folder.mkdir()
    (folder / "main.beancount").write_text(
        with_plugins(HEADER + BANK_FEE_2026, plugins=PLUGINS), "utf-8"
    )
    out = statements(tmp_path, folder, "2026-01")
    lines = {r[0].strip(): r for r in rows(out, "业务活动表") if isinstance(r[0], str)}
    assert money(lines["（三）管理费用"][4]) == D(42)  # old 5201 管理费用 + new 5301 管理费用
    assert money(lines["（二）税金及附加"][4]) == D(0)
    assert lines["（二）税金及附加"][1] == 18 and lines["（三）管理费用"][1] == 21


def test_an_account_no_line_takes_is_named_in_the_note(tmp_path):
    folder = tmp_path / "odd"
    folder.mkdir()
    extra = """
2024-04-01 open Income:4801-杂项收入 CNY
2024-04-02 * "某人" "杂项"
  Assets:1002-银行存款:01-基本户   10.00 CNY
  Income:4801-杂项收入
"""
    (folder / "main.beancount").write_text(with_plugins(HEADER + extra, plugins=()), "utf-8")
    out = statements(tmp_path, folder, "2024-04")
    notes = " ".join(str(r[0]) for r in rows(out, "业务活动表") if str(r[0]).startswith("注："))
    assert "Income:4801-杂项收入" in notes
