"""R3 — the county subsidy names its source and never comes from social-assistance money.

Seed: ``000_5491b89b33d14de1.txt`` §二(二): 县级财政互助社补助资金不得从低保、特困、临时救助等
困难群众救助补助资金中列支; and R3b: the money is used only for the society's purpose and is open
to inspection by finance, civil affairs and audit.

Every transaction that posts to the county-subsidy income account carries ``document`` (the
allocation's 文号) and ``fund-line`` (the budget line it is paid from, e.g.
``"2080299 其他民政管理事务支出"``), on the transaction or on the posting. A fund line whose
code starts with a denied prefix (20819 最低生活保障, 20820 临时救助, 20821 特困人员救助供养) or
whose text names one of those funds is an error. Both lists are policy data (``subsidy``).

Before::

    2024-03-18 * "示例县财政局" "县级财政一次性补助"
      document: "示财社〔2024〕8号"
      fund-line: "2082001 临时救助支出"
      Assets:1002-银行存款:01-基本户   10000.00 CNY
      Income:4401-政府补助收入:01-县级财政补助

After: ``[R3 补助资金来源] 县级财政补助不得从低保、特困、临时救助资金中列支：预算科目
“2082001 临时救助支出”…``
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from beancount.core import data

from jjn_ledger.ledger.profile import Book
from jjn_ledger.ledger.transactions import postings_to
from jjn_ledger.rules.base import Finding, Rule

RULE = Rule("R3", "补助资金来源", "皖民社救函〔2024〕61号 二(二)")


def denied_reason(document: str, fund_line: str, book: Book) -> str | None:
    """Why a subsidy source is refused, or None when it is allowed."""
    pol = book.policy.subsidy
    code = fund_line.strip().split(" ")[0]
    for prefix in pol.denied_budget_prefixes:
        if code.startswith(prefix):
            return f"预算科目“{fund_line}”属于 {prefix} 类困难群众救助资金"
    for word in pol.denied_words:
        if word in fund_line or word in document:
            return f"资金来源“{document} / {fund_line}”含“{word}”"
    return None


def check(entries: Sequence[data.Directive], book: Book) -> Iterator[Finding]:
    accounts = book.chart.with_role("subsidy")
    for txn, posting in postings_to(entries, accounts):
        meta = {**txn.meta, **(posting.meta or {})}
        document, fund_line = meta.get("document"), meta.get("fund-line")
        if not isinstance(document, str) or not isinstance(fund_line, str):
            yield Finding(
                RULE,
                "县级财政补助须写明拨款文号（document）和预算科目（fund-line），以便核查资金来源",
                txn.meta,
                txn,
            )
            continue
        reason = denied_reason(document, fund_line, book)
        if reason:
            yield Finding(
                RULE,
                f"县级财政补助不得从低保、特困、临时救助资金中列支：{reason}",
                txn.meta,
                txn,
            )
