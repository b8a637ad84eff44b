"""R11 — one person, one file (一人一档): the recipient register must be valid.

Seed: ``000_5491b89b33d14de1.txt`` §二(三) (按照"一人一档"要求做好救助档案管理工作).

Each ``custom "jjn-recipient"`` directive is validated (ID number check character under
GB 11643-1999, 户籍 basis, household); an invalid or duplicated entry is an error at its line.
What documents each file still lacks is reported by ``jjn`` (it is not an error in the books).

The books hold no clear ID number (DOMAIN.md, "Privacy": they are served to auditors): a
register entry carries the county-keyed pseudonym (``ledger.profile`` flags one that still holds
the clear number), and any payee, narration or metadata text with an ID number standing in it
("身份证 3499…") is an error too, at its entry — the number belongs in the county's register of
ID numbers, not in a memo. The message never repeats the number.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from beancount.core import data

from jjn_ledger.ledger.idcodes import ID_NUMBER_LENGTH, has_standalone_id_number
from jjn_ledger.ledger.profile import Book
from jjn_ledger.ledger.vocabulary import META_CLEAR_ID
from jjn_ledger.rules.base import Finding, Rule

RULE = Rule("R11", "一人一档", "皖民社救函〔2024〕61号 二(三)")
_NOT_TYPED = frozenset(("filename", META_CLEAR_ID))  # metadata no treasurer typed a number into


def check(entries: Sequence[data.Directive], book: Book) -> Iterator[Finding]:
    for p in book.problems_for(RULE.id):
        yield Finding(RULE, p.message, p.meta, p.entry)
    for e in entries:
        if _has_id_number(e):
            yield Finding(
                RULE,
                "账本中写有疑似身份证号码（摘要、备注或其他文字中）：账本会被审计人员浏览，"
                "请删去；号码只记在县文件夹的身份证登记簿中",
                e.meta,
                e,
            )


def _has_id_number(entry: data.Directive) -> bool:
    """Whether the free text of an entry, which a treasurer may have typed a number into, holds
    an ID number. Every entry is read, so the loop is plain (generators cost a third more)."""
    for key, value in entry.meta.items():
        if (
            isinstance(value, str)
            and len(value) >= ID_NUMBER_LENGTH
            and key not in _NOT_TYPED
            and has_standalone_id_number(value)
        ):
            return True
    texts: tuple[str | None, ...] = ()
    if isinstance(entry, data.Transaction):
        texts = (entry.payee, entry.narration)
    elif isinstance(entry, data.Custom):
        texts = tuple(v.value for v in entry.values if isinstance(v.value, str))
    elif isinstance(entry, data.Note):
        texts = (entry.comment,)
    return any(t and len(t) >= ID_NUMBER_LENGTH and has_standalone_id_number(t) for t in texts)
