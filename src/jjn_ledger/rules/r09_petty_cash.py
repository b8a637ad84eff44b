"""R9 — petty cash: never negative, never above its ceiling.

Seed: ``000_5491b89b33d14de1.txt`` §二(四) (互助社应当设立现金类备用金，并相应建立规范的设立、
支取制度) and ``002_757f8b4b1c9ebbc3.txt`` §六 (小金额先行救助). The ceiling is policy data
(``petty_cash.ceiling``, 5,000 yuan by default, village finance practice).

The cash account is followed transaction by transaction: a payment that takes it below zero is an
error at that payment (cash that was never drawn from the bank cannot have been paid); further
payments before the float is restored are the same episode and are not reported again. At the
end of each day the float must be at or under the ceiling; the error is at the day's last cash
entry, once until the float is back under it. Cash counts (盘点) are ordinary ``balance``
assertions, which Beancount checks itself.

Before::

    2025-05-06 * "张三" "应急救助"
      Expenses:5101-业务活动成本:02-应急救助   800.00 CNY
      Assets:1001-现金                        ; cash on hand was 300.00

After: ``[R9 备用金] 现金余额不能为负：支付后为 -500.00 元…``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal

from beancount.core import data

from jjn_ledger.ledger.formats import yuan
from jjn_ledger.ledger.profile import Book
from jjn_ledger.ledger.transactions import number, transactions
from jjn_ledger.rules.base import Finding, Rule

RULE = Rule("R9", "备用金", "皖民社救函〔2024〕61号 二(四)")


def check(entries: Sequence[data.Directive], book: Book) -> Iterator[Finding]:
    cash = book.chart.account("cash")
    ceiling = book.policy.petty_cash.ceiling
    balance = Decimal(0)
    over = False  # the float was above the ceiling at the end of the last day it moved
    last: data.Transaction | None = None
    for txn in transactions(entries):
        change = sum(
            (number(p) for p in txn.postings if p.account == cash and p.units is not None),
            Decimal(0),
        )
        if not change:
            continue
        if last is not None and last.date != txn.date:
            if balance > ceiling and not over:
                yield _over(last, balance, ceiling)
            over = balance > ceiling
        was_negative = balance < 0
        balance += change
        last = txn
        if balance < 0 and not was_negative:
            yield Finding(
                RULE,
                f"现金余额不能为负：本笔支付后变为 {yuan(balance)}，应先从银行提取备用金",
                txn.meta,
                txn,
            )
    if last is not None and balance > ceiling and not over:
        yield _over(last, balance, ceiling)


def _over(txn: data.Transaction, balance: Decimal, ceiling: Decimal) -> Finding:
    return Finding(
        RULE,
        f"{txn.date} 日终现金 {yuan(balance)}，超过备用金限额 {yuan(ceiling)}，应及时存入银行",
        txn.meta,
        txn,
    )
