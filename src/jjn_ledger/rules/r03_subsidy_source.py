"""R3 — government subsidy money names its source and never comes from social-assistance money.

Seed: ``000_5491b89b33d14de1.txt`` §二(二): 县级财政互助社补助资金不得从低保、特困、临时救助等
困难群众救助补助资金中列支; and R3b: the money is used only for the society's purpose and is open
to inspection by finance, civil affairs and audit.

Which money is judged: every money-in posting to an income account under the chart codes of
``subsidy.income_codes`` (4401 政府补助收入) — the chart's own 01-县级财政补助 and any sub-account
a society opened itself (``Income:4401-政府补助收入:02-临时救助资金``) — and any other income
whose transaction carries ``document`` or ``fund-line`` (it says it is public money).

What it must say: ``document`` (the allocation's 文号) and ``fund-line`` (the budget line it is
paid from, e.g. ``"2080299 其他民政管理事务支出"``), on the transaction or the posting. Empty
text, spaces or a placeholder (``subsidy.placeholders``: 无、待补 …) is no source at all.

What is refused, after normalising the texts (``rules.wording``: full-width → half-width, no
spaces): a budget code in the fund line starting with a denied prefix (20819 最低生活保障, 20820
临时救助, 20821 特困人员救助供养), or one of ``subsidy.denied_words`` — the three funds, the
umbrella name the seed itself uses (困难群众救助补助资金) and other wordings (临时性救助、特困人员
救助供养、最低生活保障、五保 …) — in the document, the fund line, the narration or the name of
the account it is booked to ("or booked from", DOMAIN.md R3). Both lists are policy data.

Before::

    2024-03-18 * "示例县财政局" "县级财政一次性补助"
      document: "示财社〔2024〕8号"
      fund-line: "２０８２００１ 临时救助支出"
      Assets:1002-银行存款:01-基本户   10000.00 CNY
      Income:4401-政府补助收入:01-县级财政补助

After: ``[R3 补助资金来源] 县级财政补助不得从低保、特困、临时救助资金中列支：预算科目
“２０８２００１ 临时救助支出”属于 20820 类困难群众救助资金…``
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from beancount.core import data

from jjn_ledger.ledger.profile import Book
from jjn_ledger.ledger.transactions import number
from jjn_ledger.rules.base import Finding, Rule
from jjn_ledger.rules.wording import codes_in, contains_any, is_blank

RULE = Rule("R3", "补助资金来源", "皖民社救函〔2024〕61号 二(二)")
SOURCE_KEYS = ("document", "fund-line")


def denied_reason(document: str, fund_line: str, book: Book, *context: str) -> str | None:
    """Why a subsidy source is refused, or None when it is allowed.

    ``context``: further texts the money is booked under (narration, account name).
    """
    pol = book.policy.subsidy
    for code in codes_in(fund_line):
        prefix = next((p for p in pol.denied_budget_prefixes if code.startswith(p)), None)
        if prefix is not None:
            return f"预算科目“{fund_line}”属于 {prefix} 类困难群众救助资金"
    for text in (fund_line, document, *context):
        word = contains_any(text, pol.denied_words)
        if word is not None:
            return f"资金来源“{text}”含“{word}”"
    return None


def _subsidy_heads(book: Book) -> tuple[str, ...]:
    """How the names of subsidy income accounts begin (``Income:4401-`` …)."""
    codes = book.policy.subsidy.income_codes
    heads = {f"{a.root}:{a.code}-" for a in book.chart.accounts if a.code in codes}
    return tuple(heads | {f"Income:{code}-" for code in codes})


def _judged(txn: data.Transaction, heads: tuple[str, ...]) -> list[data.Posting]:
    """The income postings of ``txn`` that R3 judges (see the module docstring)."""
    income = [p for p in txn.postings if p.account.startswith("Income:") and p.units is not None]
    if not income:
        return []
    under = {p.account for p in income if p.account.startswith(heads)}
    says_public = any(k in txn.meta for k in SOURCE_KEYS) or any(
        k in (p.meta or {}) for p in income for k in SOURCE_KEYS
    )
    return [p for p in income if p.account in under or says_public]


def check(entries: Sequence[data.Directive], book: Book) -> Iterator[Finding]:
    placeholders = book.policy.subsidy.placeholders
    index = book.index(entries)
    heads = _subsidy_heads(book)  # once a run, not once a transaction
    for txn in index.touching(a for a in index.accounts() if a.startswith("Income:")):
        postings = _judged(txn, heads)
        if not postings or all(number(p) >= 0 for p in postings):
            continue  # nothing judged, or only a reversal of income
        posting = next(p for p in postings if number(p) < 0)
        meta = {**txn.meta, **(posting.meta or {})}
        document, fund_line = meta.get("document"), meta.get("fund-line")
        if is_blank(document, placeholders) or is_blank(fund_line, placeholders):
            yield Finding(
                RULE,
                "政府补助须写明拨款文号（document）和预算科目（fund-line），以便核查资金来源"
                f"（{posting.account}）",
                txn.meta,
                txn,
            )
            continue
        assert isinstance(document, str) and isinstance(fund_line, str)
        context = (txn.narration or "", *(p.account for p in postings))
        reason = denied_reason(document, fund_line, book, *context)
        if reason:
            yield Finding(
                RULE,
                f"县级财政补助不得从低保、特困、临时救助资金中列支：{reason}",
                txn.meta,
                txn,
            )
