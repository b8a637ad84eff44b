"""R17 — an imported bank, WeChat, Alipay or register row is booked once.

Seed: the dedicated-books rule of ``001_05e126a812a7c5c1.txt`` §四(三) (专账核算) and
DOMAIN.md "The books (R17)": a statement line booked twice is money counted twice.

Importers stamp each entry with ``import-id`` (a digest of the source row). ``jjn import``
drops rows whose id is already in the books, but two imports started at once could both pass
that check; because every write is re-checked with the rules under the ledger's lock, this rule
makes the second one fail instead of doubling the money.

Before: two transactions with ``import-id: "bank-1f2e…"``. After: ``[R17 导入记录唯一]
导入记录 bank-1f2e… 重复入账（首次见于 books/2025-03.beancount:12）``, at the second one.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from beancount.core import data

from jjn_ledger.ledger.profile import Book
from jjn_ledger.rules.base import Finding, Rule

RULE = Rule("R17", "导入记录唯一", "XX县互助社工作实施方案 四(三)（专账核算）")


def check(entries: Sequence[data.Directive], book: Book) -> Iterator[Finding]:
    seen: dict[str, data.Meta] = {}
    for txn in book.index(entries).events:
        key = txn.meta.get("import-id")
        if not isinstance(key, str):
            continue
        first = seen.setdefault(key, txn.meta)
        if first is not txn.meta:
            where = f"{first.get('filename')}:{first.get('lineno')}"
            yield Finding(RULE, f"导入记录 {key} 重复入账（首次见于 {where}）", txn.meta, txn)
