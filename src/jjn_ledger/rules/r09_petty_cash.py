"""R9 — petty cash: never negative, never above its ceiling.

Seed: ``000_5491b89b33d14de1.txt`` §二(四) (互助社应当设立现金类备用金，并相应建立规范的设立、
支取制度) and ``002_757f8b4b1c9ebbc3.txt`` §六 (小金额先行救助). The ceiling is policy data
(``petty_cash.ceiling``, 5,000 yuan by default, village finance practice).

The cash account is followed day by day. Within a day, the order of the lines (or of the files
they are in) does not count, because a day's entries have no time of day: all the cash that came
in that day (drawn from the bank, cash donations) is counted before any that went out. A day
whose payments take the float below zero after all of that day's receipts is an error, at the
payment that crosses zero when the day's payments are taken in the ledger's order; further days
before the float is restored are the same episode and are not reported again. At the end of each
day the float must be at or under the ceiling; the error is at the day's last cash entry, once
until the float is back under it. Cash counts (盘点) are ordinary ``balance`` assertions, which
Beancount checks itself (at the start of their day, before any of that day's entries).

Before::

    2025-05-06 * "张三" "应急救助"
      Expenses:5101-业务活动成本:02-应急救助   800.00 CNY
      Assets:1001-现金                        ; cash on hand was 300.00

After: ``[R9 备用金] 现金余额不能为负：支付后为 -500.00 元…``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

from beancount.core import data

from jjn_ledger.ledger.formats import yuan
from jjn_ledger.ledger.profile import Book
from jjn_ledger.rules.base import Finding, Rule

RULE = Rule("R9", "备用金", "皖民社救函〔2024〕61号 二(四)")


def _days(
    moves: Iterable[tuple[data.Transaction, Decimal]],
) -> Iterator[list[tuple[data.Transaction, Decimal]]]:
    """The cash movements of each day, receipts first (see the module docstring)."""
    day: list[tuple[data.Transaction, Decimal]] = []
    for txn, change in moves:
        if not change:
            continue
        if day and day[0][0].date != txn.date:
            yield _receipts_first(day)
            day = []
        day.append((txn, change))
    if day:
        yield _receipts_first(day)


def _receipts_first(
    day: list[tuple[data.Transaction, Decimal]],
) -> list[tuple[data.Transaction, Decimal]]:
    """Stable: receipts, then payments (most days have one movement: nothing to sort)."""
    return day if len(day) == 1 else sorted(day, key=lambda m: m[1] < 0)


def check(entries: Sequence[data.Directive], book: Book) -> Iterator[Finding]:
    cash = book.chart.account("cash")
    ceiling = book.policy.petty_cash.ceiling
    balance = Decimal(0)
    over = False  # the float was above the ceiling at the end of the last day it moved
    for day in _days(book.index(entries).moves(cash)):
        was_negative = balance < 0
        for txn, change in day:
            balance += change
            if balance < 0 and not was_negative:
                was_negative = True
                yield Finding(
                    RULE,
                    f"现金余额不能为负：{txn.date} 当日收付后变为 {yuan(_end(balance, day, txn))}，"
                    "应先从银行提取备用金",
                    txn.meta,
                    txn,
                )
        last = day[-1][0]
        if balance > ceiling and not over:
            yield _over(last, balance, ceiling)
        over = balance > ceiling


def _end(
    balance: Decimal, day: list[tuple[data.Transaction, Decimal]], at: data.Transaction
) -> Decimal:
    """The day's closing float, seen from the payment ``at`` (the rest of the day included)."""
    after = False
    for txn, change in day:
        if after:
            balance += change
        after = after or txn is at
    return balance


def _over(txn: data.Transaction, balance: Decimal, ceiling: Decimal) -> Finding:
    return Finding(
        RULE,
        f"{txn.date} 日终现金 {yuan(balance)}，超过备用金限额 {yuan(ceiling)}，应及时存入银行",
        txn.meta,
        txn,
    )
