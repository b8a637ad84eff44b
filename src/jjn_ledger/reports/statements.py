"""Statutory statements (R17): 业务活动表, 资产负债表, 现金流量表, and the two journals.

One workbook per month, in the official layouts (会民非01表, 会民非02表, 会民非03表) with the
official line items and 行次 of the standard in force for the period (``data/
statement_layouts.toml``): books up to 2025-12-31 under 财会〔2004〕7号, from 2026-01-01 under
财会〔2024〕25号 — the standard follows the period, not the society. Every official line is
printed, with nothing in it where the society never uses the item, as on the paper form.
Aggregates such as 货币资金 come from the chart's roles; an account is placed by its code under
the period's standard (``ledger.chart.code_under``, so 2025's 5201 管理费用 is 2026's 5301), and
an account no line takes is named in the note rather than silently dropped. What counts as
restricted and how a restriction is released is decided in ``reports.accounts``; closing
entries are never counted.

The cash-flow statement uses the direct method, simply: each transaction's change in cash
(现金, 银行存款, 其他货币资金) is classed by the other side of the transaction — donations and
collective support, government subsidy, other income received; aid paid (提供捐赠或者资助支付的
现金); goods bought (存货); other running costs. A village society has no investing or financing
activities, so those lines stay empty.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from itertools import zip_longest

from beancount.core import data
from openpyxl import Workbook

from jjn_ledger.ledger.chart import Chart, code_under, official_accounts, standard_on, standards
from jjn_ledger.ledger.society import Society
from jjn_ledger.reports import accounts, journals, layouts, xlsx
from jjn_ledger.reports.accounts import ZERO
from jjn_ledger.reports.common import Period
from jjn_ledger.reports.layouts import Form, Line

CASH_ROLES = ("cash", "bank")
Pair = tuple[Decimal, Decimal]


def _heading(society: Society, form: Form, day: datetime.date, when: str) -> tuple[str, str]:
    title = standards()[standard_on(day)]
    return (f"编制单位：{society.name}    执行：{title}", f"{form.code}    {when}    单位：元")


def _notes(
    sheet: xlsx.Sheet, form: Form, standard: str, used: set[str], unplaced: set[str]
) -> None:
    """What a reader must know: unverified 行次 and codes, and accounts no line took."""
    note = form.note()
    if note:
        sheet.note(note)
    unverified = sorted(
        f"{a.code} {a.name}"
        for a in official_accounts(standard)
        if a.code in used and not a.verified
    )
    if unverified:
        sheet.note(
            "注：以下会计科目编码尚未与官方文本核对，待县级财政部门确认：" + "、".join(unverified)
        )
    if unplaced:
        sheet.note("注：以下科目未列入本表任何一行，请核对科目设置：" + "、".join(sorted(unplaced)))


def _line_accounts(line: Line, account: str, chart: Chart, standard: str) -> bool:
    """Whether ``account`` is filled into ``line`` (by code, role or tree key)."""
    if line.codes:
        return code_under(account, standard) in line.codes
    if line.roles:
        return chart.role(account) in line.roles
    if line.keys:
        tree = [a for a in (*chart.accounts, *chart.aliases) if a.key in line.keys]
        return any(account == a.account or account.startswith(a.account + ":") for a in tree)
    return False


def _placed_codes(
    form: Form, totals: dict[str, Decimal], roots: tuple[str, ...], chart: Chart, standard: str
) -> tuple[set[str], set[str]]:
    """(codes used, accounts no line takes) among the accounts with a figure."""
    used, unplaced = set(), set()
    for account, value in totals.items():
        if not value or not account.startswith(roots):
            continue
        used.add(code_under(account, standard))
        if not any(_line_accounts(ln, account, chart, standard) for ln in form.all_lines):
            unplaced.add(account)
    return used, unplaced


def _add_pair(total: Pair, part: Pair, sign: int) -> Pair:
    return (total[0] + sign * part[0], total[1] + sign * part[1])


def _add(total: Decimal, part: Decimal, sign: int) -> Decimal:
    return total + sign * part


# --- 业务活动表 -------------------------------------------------------------------------------


def activity_figures(
    society: Society, start: datetime.date, end: datetime.date, rel: Sequence[accounts.Release]
) -> dict[int, Pair]:
    """(非限定性, 限定性) per 行次 of the period's 业务活动表."""
    chart = society.book.chart
    standard = standard_on(end)
    totals = accounts.sums(society.loaded.entries, start, end)
    moved = accounts.released(rel, start, end)

    def value(line: Line) -> Pair:
        if line.figure == "release":
            return (moved, -moved)
        unrestricted = restricted = ZERO
        for account, amount in totals.items():
            if not account.startswith(("Income:", "Expenses:")):
                continue
            if not _line_accounts(line, account, chart, standard):
                continue
            if account.startswith("Income:"):
                if chart.is_restricted(account):
                    restricted -= amount
                else:
                    unrestricted -= amount
            else:
                unrestricted += amount  # expenses are all unrestricted
        return (unrestricted, restricted)

    form = layouts.form(standard, "activity")
    return layouts.evaluate(form.lines, value, _add_pair, (ZERO, ZERO))


def _title(line: Line) -> str:
    """Headings and numbered sections flush left; items indented, as on the paper form."""
    if (
        not line.title
        or line.heading
        or line.title.startswith(("一、", "二、", "三、", "四、", "五、"))
    ):
        return line.title
    return "    " + line.title


def _activity_sheet(
    wb: Workbook, society: Society, period: Period, rel: Sequence[accounts.Release]
) -> None:
    standard = standard_on(period.end)
    form = layouts.form(standard, "activity")
    month = activity_figures(society, period.start, period.end, rel)
    year = activity_figures(society, period.year_start, period.end, rel)
    sheet = xlsx.add_sheet(wb, form.title, [46, 6, 13, 13, 13, 13, 13, 13])
    sheet.title(form.title, *_heading(society, form, period.end, period.label))
    sheet.header(
        ("项目", "行次", "本月数", None, None, "本年累计数", None, None),
        (None, None, "非限定性", "限定性", "合计", "非限定性", "限定性", "合计"),
    )
    first = sheet.header_rows[0] if sheet.header_rows else 1
    sheet.merge(first, 1, first + 1, 1)
    sheet.merge(first, 2, first + 1, 2)
    sheet.merge(first, 3, first, 5)
    sheet.merge(first, 6, first, 8)
    for line in form.lines:
        if line.row is None:
            sheet.line((line.title, "", "", "", "", "", "", ""), bold=True)
            continue
        if not (line.codes or line.keys or line.sum or line.figure):
            sheet.line((_title(line), line.row, "", "", "", "", "", ""))
            continue
        m, y = month[line.row], year[line.row]
        sheet.line(
            (_title(line), line.row, m[0], m[1], m[0] + m[1], y[0], y[1], y[0] + y[1]),
            bold=line.bold,
        )
    totals = accounts.sums(society.loaded.entries, period.year_start, period.end)
    used, unplaced = _placed_codes(
        form, totals, ("Income:", "Expenses:"), society.book.chart, standard
    )
    sheet.note("注：费用均为非限定性；限定性净资产按用于限定用途的支出金额转为非限定性。")
    _notes(sheet, form, standard, used, unplaced)
    sheet.finish(landscape=True)


# --- 资产负债表 -------------------------------------------------------------------------------


def balance_figures(
    society: Society,
    day: datetime.date,
    rel: Sequence[accounts.Release],
    standard: str | None = None,
) -> dict[int, Decimal]:
    """Figure per 行次 of the 资产负债表 at the end of ``day`` (layout of ``standard``)."""
    standard = standard or standard_on(day)
    chart = society.book.chart
    entries = society.loaded.entries
    totals = accounts.sums(entries, None, day)
    net = accounts.net_assets(entries, society.book, day, rel)
    form = layouts.form(standard, "balance")

    def value(line: Line) -> Decimal:
        if line.figure == "unrestricted":
            return net.unrestricted
        if line.figure == "restricted":
            return net.restricted
        out = ZERO
        for account, amount in totals.items():
            if account.startswith("Assets:") and _line_accounts(line, account, chart, standard):
                out += amount
            elif account.startswith("Liabilities:") and _line_accounts(
                line, account, chart, standard
            ):
                out -= amount
        return out

    return layouts.evaluate(form.assets + form.liabilities, value, _add, ZERO)


def _balance_cells(line: Line, begin: dict[int, Decimal], end: dict[int, Decimal]) -> list[object]:
    if line.row is None:
        return [line.title, "", "", ""]
    filled = line.codes or line.roles or line.sum or line.figure
    if not filled:
        return [_title(line), line.row, "", ""]
    return [_title(line), line.row, begin[line.row], end[line.row]]


def _balance_sheet(
    wb: Workbook, society: Society, period: Period, rel: Sequence[accounts.Release]
) -> None:
    standard = standard_on(period.end)
    form = layouts.form(standard, "balance")
    begin = balance_figures(society, period.year_start - datetime.timedelta(days=1), rel, standard)
    end = balance_figures(society, period.end, rel, standard)
    sheet = xlsx.add_sheet(wb, form.title, [26, 6, 14, 14, 26, 6, 14, 14])
    sheet.title(form.title, *_heading(society, form, period.end, f"{period.end:%Y年%m月%d日}"))
    sheet.header(("资产", "行次", "年初数", "期末数", "负债和净资产", "行次", "年初数", "期末数"))
    blank = Line(title="")
    for left, right in zip_longest(form.assets, form.liabilities, fillvalue=blank):
        cells = _balance_cells(left, begin, end) + _balance_cells(right, begin, end)
        bold = {i for i in range(4) if left.bold or (left.heading and left.title)} | {
            i + 4 for i in range(4) if right.bold or (right.heading and right.title)
        }
        sheet.line(cells, bold_cells=bold)
    totals = accounts.sums(society.loaded.entries, None, period.end)
    used, unplaced = _placed_codes(
        form, totals, ("Assets:", "Liabilities:"), society.book.chart, standard
    )
    _notes(sheet, form, standard, used, unplaced)
    sheet.finish(landscape=True, one_page=True)


# --- 现金流量表 -------------------------------------------------------------------------------

CASHFLOW_IN = ("donation", "subsidy", "other_in")
CASHFLOW_OUT = ("aid", "goods", "other_out")

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


def cash_flows(society: Society, start: datetime.date, end: datetime.date) -> dict[str, Decimal]:
    """Cash received and paid per class over the span, and the cash at its start and end."""
    chart = society.book.chart
    cash = chart.with_role(*CASH_ROLES)
    out: dict[str, Decimal] = defaultdict(Decimal)
    for txn, p in accounts.postings(society.loaded.entries, start, end):
        if p.account not in cash:
            continue
        kind = _cash_class(txn, cash, chart)
        if kind == "transfer":
            continue
        value = p.units.number  # type: ignore[union-attr]
        assert value is not None
        if kind in CASHFLOW_IN and value < 0:
            kind = "other_out"
        if kind in CASHFLOW_OUT and value > 0:
            kind = "other_in"
        out[kind] += value if value > 0 else -value
    totals = accounts.sums(society.loaded.entries, None, start - datetime.timedelta(days=1))
    out["begin"] = sum((v for a, v in totals.items() if a in cash), ZERO)
    out["end"] = (
        out["begin"]
        + sum((out[k] for k in CASHFLOW_IN), ZERO)
        - sum((out[k] for k in CASHFLOW_OUT), ZERO)
    )
    return dict(out)


def cashflow_figures(
    society: Society, start: datetime.date, end: datetime.date
) -> dict[int, Decimal]:
    """Figure per 行次 of the period's 现金流量表."""
    flows = cash_flows(society, start, end)
    form = layouts.form(standard_on(end), "cashflow")
    return layouts.evaluate(form.lines, lambda ln: flows.get(ln.figure or "", ZERO), _add, ZERO)


def _cashflow_sheet(wb: Workbook, society: Society, period: Period) -> None:
    standard = standard_on(period.end)
    form = layouts.form(standard, "cashflow")
    month = cashflow_figures(society, period.start, period.end)
    year = cashflow_figures(society, period.year_start, period.end)
    sheet = xlsx.add_sheet(wb, form.title, [42, 6, 15, 15])
    sheet.title(form.title, *_heading(society, form, period.end, period.label))
    sheet.header(("项目", "行次", "本月数", "本年累计数"))
    for line in form.lines:
        if line.row is None:
            sheet.line((line.title, "", "", ""), bold=True)
        elif not (line.sum or line.figure):
            sheet.line((_title(line), line.row, "", ""))
        else:
            sheet.line((_title(line), line.row, month[line.row], year[line.row]), bold=line.bold)
    flows = cash_flows(society, period.start, period.end)
    sheet.note(
        "注：现金及现金等价物包括现金、银行存款和其他货币资金；"
        f"本月期初余额 {flows['begin']:,.2f} 元，期末余额 {flows['end']:,.2f} 元。"
    )
    _notes(sheet, form, standard, set(), set())
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
