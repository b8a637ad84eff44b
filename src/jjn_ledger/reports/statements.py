"""Statutory statements (R17): 业务活动表, 资产负债表, 现金流量表, and the two journals.

One workbook per month, as a treasurer's accounting software prints them
(民间非营利组织会计制度: 会民非01表, 会民非02表, 会民非03表). Row titles come from the chart
(``data/chart.toml``, with the standard the society keeps its books under), so a correction of
the 2026 standard's names is a data change. What counts as restricted and how a restriction is
released is decided in ``reports.accounts``; closing entries are never counted.

The cash-flow statement uses the direct method, simply: each transaction's change in cash
(现金, 银行存款, 其他货币资金) is classed by the other side of the transaction — donations and
collective support, government subsidy, other income received; aid paid (提供捐赠或者资助支付的
现金); goods bought (存货); other running costs. A village society has no investing or financing
activities, so those sections show zero unless a posting to another account moves cash.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from itertools import zip_longest

from beancount.core import data
from openpyxl import Workbook

from jjn_ledger.ledger.chart import Chart
from jjn_ledger.ledger.society import Society
from jjn_ledger.reports import accounts, journals, xlsx
from jjn_ledger.reports.accounts import ZERO
from jjn_ledger.reports.common import Period

CASH_ROLES = ("cash", "bank")


def _heading(society: Society, form: str, when: str) -> tuple[str, str]:
    chart = society.book.chart
    return (f"编制单位：{society.name}    执行：{chart.title}", f"{form}    {when}    单位：元")


# --- 业务活动表 -------------------------------------------------------------------------------


def activity_figures(
    society: Society, start: datetime.date, end: datetime.date, rel: Sequence[accounts.Release]
) -> dict[str, tuple[Decimal, Decimal]]:
    """(非限定性, 限定性) per row key for a span: income codes, expense codes, release, change."""
    chart = society.book.chart
    totals = accounts.sums(society.loaded.entries, start, end)
    rows: dict[str, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    for account, value in totals.items():
        code = accounts.code_of(account)
        if account.startswith("Income:"):
            rows[code][1 if chart.is_restricted(account) else 0] -= value
        elif account.startswith("Expenses:"):
            rows[code][0] += value
    moved = accounts.released(rel, start, end)
    income = [sum((v[i] for k, v in rows.items() if k[0] == "4"), ZERO) for i in (0, 1)]
    expense = sum((v[0] for k, v in rows.items() if k[0] == "5"), ZERO)
    out = {k: (v[0], v[1]) for k, v in rows.items()}
    out["income"] = (income[0], income[1])
    out["expense"] = (expense, ZERO)
    out["release"] = (moved, -moved)
    out["change"] = (income[0] - expense + moved, income[1] - moved)
    return out


def _activity_sheet(
    wb: Workbook, society: Society, period: Period, rel: Sequence[accounts.Release]
) -> None:
    chart = society.book.chart
    month = activity_figures(society, period.start, period.end, rel)
    year = activity_figures(society, period.year_start, period.end, rel)
    sheet = xlsx.add_sheet(wb, "业务活动表", [30, 6, 13, 13, 13, 13, 13, 13])
    sheet.title("业务活动表", *_heading(society, "会民非02表", period.label))
    sheet.header(
        ("项目", "行次", "本月数", None, None, "本年累计数", None, None),
        (None, None, "非限定性", "限定性", "合计", "非限定性", "限定性", "合计"),
    )
    first = sheet.header_rows[0] if sheet.header_rows else 1
    sheet.merge(first, 1, first + 1, 1)
    sheet.merge(first, 2, first + 1, 2)
    sheet.merge(first, 3, first, 5)
    sheet.merge(first, 6, first, 8)
    lines: list[tuple[str, str | None]] = [("一、收入", None)]
    lines += [(f"    其中：{name}", code) for code, name in accounts.code_names(chart, "Income")]
    lines += [("    收入合计", "income"), ("二、费用", None)]
    lines += [
        (f"    （{i}）{name}", code)
        for i, (code, name) in enumerate(accounts.code_names(chart, "Expenses"), start=1)
    ]
    lines += [
        ("    费用合计", "expense"),
        ("三、限定性净资产转为非限定性净资产", "release"),
        ("四、净资产变动额（若为净资产减少额，以“-”号填列）", "change"),
    ]
    number = 0
    for title, key in lines:
        if key is None:
            sheet.line((title, "", "", "", "", "", "", ""), bold=True)
            continue
        number += 1
        m = month.get(key, (ZERO, ZERO))
        y = year.get(key, (ZERO, ZERO))
        sheet.line(
            (title, number, m[0], m[1], m[0] + m[1], y[0], y[1], y[0] + y[1]),
            bold=key in ("income", "expense", "change"),
        )
    sheet.note("注：费用均为非限定性；限定性净资产按用于限定用途的支出金额转为非限定性。")
    sheet.finish(landscape=True)


# --- 资产负债表 -------------------------------------------------------------------------------


def balance_figures(
    society: Society, day: datetime.date, rel: Sequence[accounts.Release]
) -> dict[str, Decimal]:
    entries = society.loaded.entries
    totals = accounts.sums(entries, None, day)
    assets = accounts.by_code(totals, "Assets")
    liabilities = {k: -v for k, v in accounts.by_code(totals, "Liabilities").items()}
    net = accounts.net_assets(entries, society.book, day, rel)
    out = {f"A{k}": v for k, v in assets.items()} | {f"L{k}": v for k, v in liabilities.items()}
    out["assets"] = sum(assets.values(), ZERO)
    out["liabilities"] = sum(liabilities.values(), ZERO)
    out["unrestricted"] = net.unrestricted
    out["restricted"] = net.restricted
    out["net"] = net.total
    out["total"] = out["liabilities"] + net.total
    return out


def _balance_sheet(
    wb: Workbook, society: Society, period: Period, rel: Sequence[accounts.Release]
) -> None:
    chart = society.book.chart
    begin = balance_figures(society, period.year_start - datetime.timedelta(days=1), rel)
    end = balance_figures(society, period.end, rel)
    left: list[tuple[str, str | None]] = [("流动资产：", None)]
    left += [(f"    {name}", f"A{code}") for code, name in accounts.code_names(chart, "Assets")]
    left += [("资产总计", "assets")]
    right: list[tuple[str, str | None]] = [("负债：", None)]
    right += [
        (f"    {name}", f"L{code}") for code, name in accounts.code_names(chart, "Liabilities")
    ]
    right += [
        ("负债合计", "liabilities"),
        ("净资产：", None),
        ("    非限定性净资产", "unrestricted"),
        ("    限定性净资产", "restricted"),
        ("净资产合计", "net"),
        ("负债和净资产总计", "total"),
    ]
    sheet = xlsx.add_sheet(wb, "资产负债表", [22, 6, 14, 14, 22, 6, 14, 14])
    sheet.title("资产负债表", *_heading(society, "会民非01表", f"{period.end:%Y年%m月%d日}"))
    sheet.header(("资产", "行次", "年初数", "期末数", "负债和净资产", "行次", "年初数", "期末数"))
    numbers: dict[tuple[int, str], int] = {}
    for side, rows in enumerate((left, right)):
        for _, key in rows:
            if key is not None:
                numbers[(side, key)] = len(numbers) + 1
    for (lt, lk), (rt, rk) in zip_longest(left, right, fillvalue=("", None)):
        cells: list[object] = []
        for side, (title, key) in enumerate(((lt, lk), (rt, rk))):
            if key is None:
                cells += [title, "", "", ""]
            else:
                cells += [title, numbers[(side, key)], begin.get(key, ZERO), end.get(key, ZERO)]
        sheet.line(cells, bold=lk in ("assets",) or rk in ("total", "net", "liabilities"))
    sheet.finish(landscape=True)


# --- 现金流量表 -------------------------------------------------------------------------------

CASHFLOW_IN = (
    ("donation", "接受捐赠收到的现金"),
    ("subsidy", "政府补助收到的现金"),
    ("other_in", "收到的其他与业务活动有关的现金"),
)
CASHFLOW_OUT = (
    ("aid", "提供捐赠或者资助支付的现金"),
    ("goods", "购买商品、接受服务支付的现金"),
    ("other_out", "支付的其他与业务活动有关的现金"),
)


_CASH_CLASS_BY_ROLE = {
    "donation": "donation",
    "collective": "donation",
    "subsidy": "subsidy",
    "inventory": "goods",
}


def _cash_class(txn: data.Transaction, cash: frozenset[str], chart: Chart) -> str:
    """What a cash movement was for, from the largest non-cash posting of its transaction."""
    others = [p for p in txn.postings if p.account not in cash and p.units is not None]
    if not others:
        return "transfer"
    main = max(others, key=lambda p: abs(p.units.number))  # type: ignore[union-attr,arg-type]
    role = chart.role(main.account) or ""
    if role.startswith("aid-"):
        return "aid"
    if role in _CASH_CLASS_BY_ROLE:
        return _CASH_CLASS_BY_ROLE[role]
    return "other_in" if main.account.startswith("Income:") else "other_out"


def cashflow_figures(
    society: Society, start: datetime.date, end: datetime.date
) -> dict[str, Decimal]:
    chart = society.book.chart
    cash = chart.with_role(*CASH_ROLES)
    out: dict[str, Decimal] = defaultdict(Decimal)
    current: data.Transaction | None = None
    for txn, p in accounts.postings(society.loaded.entries, start, end):
        if p.account not in cash:
            continue
        if txn is not current:
            current = txn
        kind = _cash_class(txn, cash, chart)
        if kind == "transfer":
            continue
        value = p.units.number  # type: ignore[union-attr]
        assert value is not None
        if kind in ("donation", "subsidy", "other_in") and value < 0:
            kind = "other_out"
        if kind in ("aid", "goods", "other_out") and value > 0:
            kind = "other_in"
        out[kind] += value if value > 0 else -value
    inflow = sum((out[k] for k, _ in CASHFLOW_IN), ZERO)
    outflow = sum((out[k] for k, _ in CASHFLOW_OUT), ZERO)
    out["in"], out["out"], out["net"] = inflow, outflow, inflow - outflow
    totals = accounts.sums(society.loaded.entries, None, start - datetime.timedelta(days=1))
    out["begin"] = sum((v for a, v in totals.items() if a in cash), ZERO)
    out["end"] = out["begin"] + out["net"]
    return dict(out)


def _cashflow_sheet(wb: Workbook, society: Society, period: Period) -> None:
    month = cashflow_figures(society, period.start, period.end)
    year = cashflow_figures(society, period.year_start, period.end)
    sheet = xlsx.add_sheet(wb, "现金流量表", [40, 6, 15, 15])
    sheet.title("现金流量表", *_heading(society, "会民非03表", period.label))
    sheet.header(("项目", "行次", "本月数", "本年累计数"))
    n = 0

    def row(title: str, key: str | None, bold: bool = False) -> None:
        nonlocal n
        if key is None:
            sheet.line((title, "", "", ""), bold=True)
            return
        n += 1
        sheet.line((title, n, month.get(key, ZERO), year.get(key, ZERO)), bold=bold)

    row("一、业务活动产生的现金流量：", None)
    for key, title in CASHFLOW_IN:
        row(f"    {title}", key)
    row("    现金流入小计", "in", True)
    for key, title in CASHFLOW_OUT:
        row(f"    {title}", key)
    row("    现金流出小计", "out", True)
    row("    业务活动产生的现金流量净额", "net", True)
    row("二、投资活动产生的现金流量净额", "zero")
    row("三、筹资活动产生的现金流量净额", "zero")
    row("四、汇率变动对现金的影响额", "zero")
    row("五、现金及现金等价物净增加额", "net", True)
    row("    加：期初现金及现金等价物余额", "begin")
    row("    期末现金及现金等价物余额", "end", True)
    sheet.note("注：现金及现金等价物包括现金、银行存款和其他货币资金；本年累计数的期初为年初余额。")
    sheet.finish()


def build(society: Society, period: Period) -> Workbook:
    """The month's statements and journals, one sheet each."""
    rel = accounts.releases(society.loaded.entries, society.book)
    wb = xlsx.new_workbook()
    _activity_sheet(wb, society, period, rel)
    _balance_sheet(wb, society, period, rel)
    _cashflow_sheet(wb, society, period)
    journals.add_journals(wb, society, period)
    return wb
