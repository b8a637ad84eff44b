"""R8b — members and officers take no pay; a receipt-backed reimbursement is not pay.

Seed: ``003_b8ec816644400867.txt`` §一 (互助会成员不拿一分钱报酬，义务为困难群众服务) and the
dedicated-use rule of ``001_05e126a812a7c5c1.txt`` §四(三).

Any transaction that pays money out (credits cash or bank) and is not aid is an error when its
payee is an officer, or when its payee or narration names pay (``pay.words``, compared
normalised: 工资、补贴、补助、误工、劳务、酬金、值班 …).

A permitted running cost that an officer advanced and is paid back (the cashier buys the
notice's printing and is refunded) is a **reimbursement**, not pay, when all of these hold:

* every account the money goes to is a running cost of the chart (bank fees, printing the
  notice — the costs DOMAIN.md R8b permits);
* it names the receipt it reimburses under one of ``pay.receipt_keys`` (``receipt:``, the
  number of the 发票/收据; ``jjn record reimbursement`` writes it);
* no pay word is in its text (a "误工补贴" with a receipt is still pay).

Before::

    2025-01-20 * "李建国" "误工补贴"
      Expenses:5201-管理费用:02-公示印刷费   200.00 CNY
      Assets:1001-现金

After: ``[R8b 成员不取报酬] 互助社成员不得领取报酬：向社长李建国支付…``. Allowed::

    2025-04-03 * "李红" "报销公示打印费"
      receipt: "复印店收据 No.0032"
      Expenses:5201-管理费用:02-公示印刷费   30.00 CNY
      Assets:1001-现金
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from beancount.core import data

from jjn_ledger.ledger.profile import Book
from jjn_ledger.ledger.transactions import number
from jjn_ledger.rules.base import Finding, Rule
from jjn_ledger.rules.wording import contains_any, is_blank

RULE = Rule("R8b", "成员不取报酬", "东台市“救急难”互助会经验材料 一")


def receipt_of(txn: data.Transaction, book: Book) -> str | None:
    """The receipt a payment names (``pay.receipt_keys``), or None."""
    for key in book.policy.pay.receipt_keys:
        value = txn.meta.get(key)
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, int | float) or not is_blank(str(value)):
            return str(value)
    return None


def is_reimbursement(txn: data.Transaction, book: Book) -> bool:
    """All the money goes to running costs and the receipt is named (see the docstring)."""
    chart = book.chart
    debits = [p for p in txn.postings if p.units is not None and number(p) > 0]
    return (
        bool(debits)
        and all(chart.role(p.account) == "running-cost" for p in debits)
        and receipt_of(txn, book) is not None
    )


def check(entries: Sequence[data.Directive], book: Book) -> Iterator[Finding]:
    money = book.chart.with_role("cash", "bank")
    officers = {o.name: o for o in book.officers}
    words = book.policy.pay.words
    index = book.index(entries)
    for txn in index.touching(money, leaving=True, besides_aid=True):
        text = f"{txn.payee or ''} {txn.narration or ''}"
        officer = officers.get((txn.payee or "").strip())
        word = contains_any(text, words)
        if word is not None:
            yield Finding(
                RULE, f"互助社成员不得领取报酬：支出“{text.strip()}”含“{word}”", txn.meta, txn
            )
        elif officer is not None and not is_reimbursement(txn, book):
            yield Finding(
                RULE,
                f"互助社成员不得领取报酬：向{officer.role}{officer.name}支付“{txn.narration}”"
                "（垫付允许的运行费用的，报销时须计入运行费用科目并写明票据号 receipt）",
                txn.meta,
                txn,
            )
