"""R17 (books) — a closed month's vouchers are numbered per word, without gaps or duplicates.

Source: 会计基础工作规范 (财政部, 财会字〔1996〕19号, revised 2019), on 记账凭证: vouchers are
numbered consecutively (连续编号) — quoted from memory, the article number was not checked
against the published text here. 民间非营利组织会计制度 (财会〔2004〕7号; 财会〔2024〕25号 from
2026) sets the accounts and statements, not voucher numbering; the per-month 收/付/转 series is
what treasurers' software (用友, 金蝶, 好会计, DOMAIN.md "The books (R17)") does. See
``jjn_ledger.record.vouchers`` for the numbers and how ``jjn voucher number`` gives them.

In a sealed month (``jjn close``, a ``jjn-seal`` not lifted by ``jjn-reopen``) each transaction
must carry ``voucher: "<字>-<YYYY-MM>-<NNN>"``; an error is reported at the entry when it has
none, when its value is not such a number or is of another month, when its word does not match
the money (收 in, 付 out, 转 neither), when the number repeats one of the same word, or when a
number is missing before it (断号). Open months are not checked: numbering is the month's work
until it is closed.

Societies that kept their vouchers on paper before using jjn have no numbers in the ledger:
the rule applies from the first month that has a voucher number in the ledger on. Sealing a
later month without numbers is then refused (by safewrite, because of this rule) until
``jjn voucher number`` has run.

Before (2025-03 sealed, two 付 vouchers, the second numbered 003)::

    2025-03-14 * "潘淑" "补充救助：子女上学困难"
      voucher: "付-2025-03-001"
      …
    2025-03-20 * "开户银行" "银行手续费"
      voucher: "付-2025-03-003"
      …

After: ``[R17 凭证编号] 已结账月份 2025-03 的付款凭证断号：缺 付-2025-03-002 …`` at the second.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

from beancount.core import data

from jjn_ledger.ledger import voucher_numbers as vouchers
from jjn_ledger.ledger.formats import month_key
from jjn_ledger.ledger.profile import Book
from jjn_ledger.ledger.seals import active_seals
from jjn_ledger.rules.base import Finding, Rule

RULE = Rule(
    "R17",
    "凭证编号",
    "会计基础工作规范（财会字〔1996〕19号）记账凭证应当连续编号；民间非营利组织会计制度",
)


def check(entries: Sequence[data.Directive], book: Book) -> Iterator[Finding]:
    seals = active_seals(entries)
    if not seals:
        return
    txns = [e for e in entries if isinstance(e, data.Transaction) and vouchers.is_voucher(e)]
    numbered = [month_key(t.date) for t in txns if vouchers.KEY in t.meta]
    if not numbered:
        return
    start = min(numbered)
    sealed = {m for m in seals if m >= start}
    by_month: dict[str, list[data.Transaction]] = defaultdict(list)
    for txn in txns:
        month = month_key(txn.date)
        if month in sealed:
            by_month[month].append(txn)
    for month in sorted(by_month):
        yield from _month(month, sorted(by_month[month], key=vouchers.order_key), book)


def _month(month: str, txns: list[data.Transaction], book: Book) -> Iterator[Finding]:
    series: dict[str, list[tuple[int, data.Transaction]]] = defaultdict(list)
    for txn in txns:
        value = txn.meta.get(vouchers.KEY)
        if value is None:
            yield _at(
                txn,
                f"已结账月份 {month} 的这笔交易没有凭证号；先用“jjn reopen {month}"
                " --reason …”重新开账，再用“jjn voucher number”编号后结账",
            )
            continue
        number = vouchers.parse(value)
        if number is None or number.month != month:
            yield _at(txn, f"凭证号“{value}”格式不对或不属于 {month}，应如“收-{month}-001”")
            continue
        word = vouchers.word_for(txn, book.chart)
        if number.word != word:
            yield _at(
                txn,
                f"凭证号“{value}”的凭证字“{number.word}”与资金方向不符，"
                f"应为“{word}”（{vouchers.WORD_TITLES[word]}）",
            )
        series[number.word].append((number.number, txn))
    for word, items in sorted(series.items()):
        items.sort(key=lambda item: (item[0], vouchers.order_key(item[1])))
        expected = 1
        seen: set[int] = set()
        for n, txn in items:
            if n in seen:
                yield _at(
                    txn,
                    f"凭证号 {vouchers.VoucherNo(month, word, n)} 重号"
                    f"（已结账月份 {month} 的{vouchers.WORD_TITLES[word]}）",
                )
                continue
            if n > expected:
                missing = "、".join(
                    str(vouchers.VoucherNo(month, word, k)) for k in range(expected, n)
                )
                title = vouchers.WORD_TITLES[word]
                yield _at(txn, f"已结账月份 {month} 的{title}断号：缺 {missing}")
            seen.add(n)
            expected = n + 1


def _at(txn: data.Transaction, message: str) -> Finding:
    return Finding(RULE, message, txn.meta, txn)
