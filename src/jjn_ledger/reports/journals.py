"""现金日记账 and 银行存款日记账: every movement of the month with the balance at each day's end.

The treasurer's paper journals are ruled this way (逐笔登记、逐日结出余额): opening balance
(上月结转), one line per posting with its 凭证号 (``voucher:`` metadata written by
``jjn voucher number``; blank until the month is numbered), the counter-account and a summary
(payee and narration), debit (借方, money in) and credit (贷方, money out), the balance on
the last line of each day, then 本月合计 and 本年累计. Closing entries never touch cash, and are
skipped anyway.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from openpyxl import Workbook

from jjn_ledger.ledger.society import Society
from jjn_ledger.ledger.voucher_numbers import KEY as META_VOUCHER
from jjn_ledger.reports import accounts, xlsx
from jjn_ledger.reports.accounts import ZERO
from jjn_ledger.reports.common import Period


def _summary(payee: str | None, narration: str | None) -> str:
    return f"{payee}：{narration or ''}" if payee else (narration or "")


def _side(balance: Decimal) -> tuple[str, Decimal]:
    """借/贷/平 and the balance as journals print it: a cash or bank balance below zero (an
    overdraft, or the R9 error of paying cash that was never drawn) shows as 贷 and its size."""
    if balance == 0:
        return "平", ZERO
    return ("借", balance) if balance > 0 else ("贷", -balance)


def _counter(txn_postings: list[str], own: frozenset[str]) -> str:
    others = sorted({a.split(":", 1)[1] for a in txn_postings if a not in own})
    return "、".join(others)


def journal_lines(
    society: Society, own: frozenset[str], start: datetime.date, end: datetime.date
) -> tuple[Decimal, list[tuple[datetime.date, str, str, Decimal, Decimal]]]:
    """Opening balance before ``start`` and (date, summary, counter, debit, credit) lines."""
    entries = society.loaded.entries
    before = accounts.sums(entries, None, start - datetime.timedelta(days=1))
    opening = sum((v for a, v in before.items() if a in own), ZERO)
    lines = []
    for txn, p in accounts.postings(entries, start, end):
        if p.account not in own:
            continue
        value = p.units.number  # type: ignore[union-attr]
        assert value is not None
        counter = _counter([q.account for q in txn.postings], own)
        lines.append(
            (
                txn.date,
                _summary(txn.payee, txn.narration),
                counter,
                value if value > 0 else ZERO,
                -value if value < 0 else ZERO,
            )
        )
    return opening, lines


def journal_vouchers(
    society: Society, own: frozenset[str], start: datetime.date, end: datetime.date
) -> list[str]:
    """The 凭证号 of each line of ``journal_lines`` (same order), blank where unnumbered."""
    return [
        str(txn.meta.get(META_VOUCHER) or "")
        for txn, p in accounts.postings(society.loaded.entries, start, end)
        if p.account in own
    ]


def _journal(
    wb: Workbook, society: Society, period: Period, title: str, own: frozenset[str]
) -> None:
    opening, lines = journal_lines(society, own, period.start, period.end)
    _, year_lines = journal_lines(society, own, period.year_start, period.end)
    names = "、".join(sorted(a.split(":", 1)[1] for a in own))
    numbers = journal_vouchers(society, own, period.start, period.end)
    sheet = xlsx.add_sheet(wb, title, [11, 13, 28, 18, 12, 12, 5, 13])
    sheet.title(title, f"编制单位：{society.name}", f"科目：{names}    {period.label}    单位：元")
    sheet.header(("日期", "凭证号", "摘要", "对方科目", "借方", "贷方", "借或贷", "余额"))
    sheet.line((period.start, "", "上月结转", "", "", "", *_side(opening)))
    balance = opening
    for i, (day, summary, counter, debit, credit) in enumerate(lines):
        balance += debit - credit
        last_of_day = i + 1 == len(lines) or lines[i + 1][0] != day
        sheet.line(
            (
                day,
                numbers[i],
                summary,
                counter,
                debit or "",
                credit or "",
                *(_side(balance) if last_of_day else ("", "")),
            )
        )
    month_in = sum((x[3] for x in lines), ZERO)
    month_out = sum((x[4] for x in lines), ZERO)
    year_in = sum((x[3] for x in year_lines), ZERO)
    year_out = sum((x[4] for x in year_lines), ZERO)
    sheet.line((period.end, "", "本月合计", "", month_in, month_out, *_side(balance)), bold=True)
    sheet.line((period.end, "", "本年累计", "", year_in, year_out, *_side(balance)), bold=True)
    sheet.finish()


def add_journals(wb: Workbook, society: Society, period: Period) -> None:
    chart = society.book.chart
    cash = frozenset(a.account for a in chart.accounts if a.role == "cash")
    bank = frozenset(a.account for a in chart.accounts if a.role == "bank" and a.code == "1002")
    _journal(wb, society, period, "现金日记账", cash)
    _journal(wb, society, period, "银行存款日记账", bank)
