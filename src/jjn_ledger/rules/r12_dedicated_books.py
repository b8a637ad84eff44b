"""R12 — dedicated books: money may leave only to aid, referral costs and permitted running costs.

Seed: ``001_05e126a812a7c5c1.txt`` §四(三) (专账核算方式进行管理，专款专用，结余资金滚存使用，
不得挪作他用) and, for the subsidy, ``000_5491b89b33d14de1.txt`` §二(二) (严格按照规定用途使用).

Two checks, both on the chart's roles (``data/chart.toml``) and policy data (``dedicated``):

* An expense is booked only to a permitted expense account (``dedicated.expense_roles``: aid,
  referral costs, running costs). A posting to any other expense account is an error.
* Whatever the account type, money that leaves the society's cash, bank or goods
  (``dedicated.assets_roles``) goes only to a permitted destination
  (``dedicated.outflow_roles``): those expenses, another of its own money accounts (drawing
  petty cash), goods bought for aid in kind, or settling what it owes. Lending the money out
  through a receivable (``Assets:1131-应收款:01-村委会``), moving it to net assets or any other
  account is 挪作他用, an error at its transaction.

Before::

    2025-02-01 * "村委会" "借用互助社资金"
      Assets:1131-其他应收款:01-村委会   600.00 CNY
      Assets:1002-银行存款:01-基本户

After: ``[R12 专款专用] 互助社资金不得挪作他用：转入 Assets:1131-其他应收款:01-村委会…``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from beancount.core import data

from jjn_ledger.ledger.profile import Book
from jjn_ledger.ledger.transactions import number
from jjn_ledger.rules.base import Finding, Rule

RULE = Rule("R12", "专款专用", "XX县互助社工作实施方案 四(三)")


def check(entries: Sequence[data.Directive], book: Book) -> Iterator[Finding]:
    pol, role = book.policy.dedicated, book.chart.role
    allowed = book.chart.with_role(*pol.expense_roles)
    names = "、".join(sorted(allowed))
    index = book.index(entries)
    # Only a transaction posting to an account one of the two checks can refuse may break the
    # rule; aid paid from cash, the bulk of the books, touches none.
    suspect = [
        a
        for a in index.accounts()
        if (a.startswith("Expenses:") and role(a) not in pol.expense_roles)
        or role(a) not in pol.outflow_roles
    ]
    for txn in index.touching(suspect):
        leaves = any(
            p.units is not None and number(p) < 0 and role(p.account) in pol.assets_roles
            for p in txn.postings
        )
        reported: set[str] = set()
        for p in txn.postings:
            if p.account in reported:
                continue
            if p.account.startswith("Expenses:") and role(p.account) not in pol.expense_roles:
                reported.add(p.account)
                yield Finding(
                    RULE,
                    f"支出科目 {p.account} 不在允许范围内，互助社资金只能用于：{names}",
                    txn.meta,
                    txn,
                )
            elif (
                leaves
                and p.units is not None
                and number(p) > 0
                and role(p.account) not in pol.outflow_roles
            ):
                reported.add(p.account)
                yield Finding(
                    RULE,
                    f"互助社资金不得挪作他用：转入 {p.account}，资金只能用于救助、转介服务和"
                    f"允许的运行费用（{names}）",
                    txn.meta,
                    txn,
                )
