"""R12 — dedicated books: money is spent only through the permitted expense accounts.

Seed: ``001_05e126a812a7c5c1.txt`` §四(三) (专账核算方式进行管理，专款专用，结余资金滚存使用，
不得挪作他用) and, for the subsidy, ``000_5491b89b33d14de1.txt`` §二(二) (严格按照规定用途使用).

The permitted expense accounts are those of the chart with role ``aid-*`` or ``running-cost``
(``data/chart.toml``). A posting to any other expense account is an error at its transaction.

Before::

    2025-02-01 * "村委会" "借用互助社资金购买办公用品"
      Expenses:5401-其他费用:01-办公用品   600.00 CNY
      Assets:1002-银行存款:01-基本户

After: ``[R12 专款专用] 支出科目 Expenses:5401-其他费用:01-办公用品 不在允许范围内…``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from beancount.core import data

from jjn_ledger.ledger.profile import Book
from jjn_ledger.ledger.transactions import transactions
from jjn_ledger.rules.base import Finding, Rule

RULE = Rule("R12", "专款专用", "XX县互助社工作实施方案 四(三)")


def check(entries: Sequence[data.Directive], book: Book) -> Iterator[Finding]:
    allowed = book.chart.with_role("aid-supplementary", "aid-emergency", "running-cost")
    for txn in transactions(entries):
        for p in txn.postings:
            if p.account.startswith("Expenses:") and p.account not in allowed:
                names = "、".join(sorted(allowed))
                yield Finding(
                    RULE,
                    f"支出科目 {p.account} 不在允许范围内，互助社资金只能用于：{names}",
                    txn.meta,
                    txn,
                )
