"""R11 — one person, one file (一人一档): the recipient register must be valid.

Seed: ``000_5491b89b33d14de1.txt`` §二(三) (按照"一人一档"要求做好救助档案管理工作).

Each ``custom "jjn-recipient"`` directive is validated (ID number check character under
GB 11643-1999, 户籍 basis, household); an invalid or duplicated entry is an error at its line.
What documents each file still lacks is reported by ``jjn`` (it is not an error in the books).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from beancount.core import data

from jjn_ledger.ledger.profile import Book
from jjn_ledger.rules.base import Finding, Rule

RULE = Rule("R11", "一人一档", "皖民社救函〔2024〕61号 二(三)")


def check(entries: Sequence[data.Directive], book: Book) -> Iterator[Finding]:
    for p in book.problems_for(RULE.id):
        yield Finding(RULE, p.message, p.meta, p.entry)
