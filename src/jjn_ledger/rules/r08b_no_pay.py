"""R8b — members and officers take no pay.

Seed: ``003_b8ec816644400867.txt`` §一 (互助会成员不拿一分钱报酬，义务为困难群众服务) and the
dedicated-use rule of ``001_05e126a812a7c5c1.txt`` §四(三).

Any transaction that pays money out (credits cash or bank) and is not aid is an error when its
payee is an officer, or when its payee or narration names pay (``pay.words``: 工资、补贴、误工 …).
Permitted running costs (bank fees, printing the notice) pass.

Before::

    2025-01-20 * "李建国" "误工补贴"
      Expenses:5201-管理费用:02-公示印刷费   200.00 CNY
      Assets:1001-现金

After: ``[R8b 成员不取报酬] 互助社成员不得领取报酬：向社长李建国支付…``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from beancount.core import data

from jjn_ledger.ledger.profile import Book
from jjn_ledger.ledger.transactions import number, transactions
from jjn_ledger.rules.base import Finding, Rule

RULE = Rule("R8b", "成员不取报酬", "东台市“救急难”互助会经验材料 一")


def check(entries: Sequence[data.Directive], book: Book) -> Iterator[Finding]:
    money = book.chart.with_role("cash", "bank")
    officers = {o.name: o for o in book.officers}
    words = book.policy.pay.words
    aid = {id(p.entry) for p in book.aid_payments(entries)}  # already read by this run
    for txn in transactions(entries):
        if id(txn) in aid:
            continue
        pays_out = any(
            p.account in money and p.units is not None and number(p) < 0 for p in txn.postings
        )
        if not pays_out:
            continue
        text = f"{txn.payee or ''} {txn.narration or ''}"
        officer = officers.get((txn.payee or "").strip())
        word = next((w for w in words if w in text), None)
        if officer is not None:
            yield Finding(
                RULE,
                f"互助社成员不得领取报酬：向{officer.role}{officer.name}支付“{txn.narration}”",
                txn.meta,
                txn,
            )
        elif word is not None:
            yield Finding(
                RULE, f"互助社成员不得领取报酬：支出“{text.strip()}”含“{word}”", txn.meta, txn
            )
