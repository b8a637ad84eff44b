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

Reading every text of every entry was the dearest rule of all, for a check that finds nothing in
nearly every ledger; so each ledger file is first looked at as bytes
(``idcodes.source_may_hold_id_number``), and only the entries of a file that may hold a number
(and those not parsed from a file: a plugin's, a string's) have their texts read.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence

from beancount.core import data

from jjn_ledger.ledger.idcodes import (
    ID_NUMBER_LENGTH,
    has_standalone_id_number,
    source_may_hold_id_number,
)
from jjn_ledger.ledger.profile import Book
from jjn_ledger.ledger.vocabulary import META_CLEAR_ID
from jjn_ledger.rules.base import Finding, Rule

RULE = Rule("R11", "一人一档", "皖民社救函〔2024〕61号 二(三)")
_NOT_TYPED = frozenset(("filename", META_CLEAR_ID))  # metadata no treasurer typed a number into


def check(entries: Sequence[data.Directive], book: Book) -> Iterator[Finding]:
    for p in book.problems_for(RULE.id):
        yield Finding(RULE, p.message, p.meta, p.entry)
    may_hold: dict[object, bool] = {}  # file name → whether its text may hold a number
    for e in entries:
        name = e.meta.get("filename")
        suspect = may_hold.get(name)
        if suspect is None:
            suspect = may_hold[name] = _file_may_hold(name)
        if suspect and _has_id_number(e):
            yield Finding(
                RULE,
                "账本中写有疑似身份证号码（摘要、备注或其他文字中）：账本会被审计人员浏览，"
                "请删去；号码只记在县文件夹的身份证登记簿中",
                e.meta,
                e,
            )


def _file_may_hold(name: object) -> bool:
    """Whether the ledger file ``name`` may hold an ID number (True when it cannot be read, or
    the entry was not parsed from a file)."""
    if not isinstance(name, str) or not os.path.isabs(name):
        return True
    try:
        with open(name, "rb") as f:
            return source_may_hold_id_number(f.read())
    except OSError:
        return True


def _has_id_number(entry: data.Directive) -> bool:
    """Whether the free text of an entry, which a treasurer may have typed a number into, holds
    an ID number: its metadata and its postings', payee, narration, comment, description, or a
    custom directive's text values."""
    metas = [entry.meta]
    texts: list[str | None] = []
    if isinstance(entry, data.Transaction):
        texts = [entry.payee, entry.narration]
        metas.extend(p.meta for p in entry.postings if p.meta)
    elif isinstance(entry, data.Custom):
        texts = [v.value for v in entry.values if isinstance(v.value, str)]
    elif isinstance(entry, data.Note):
        texts = [entry.comment]
    elif isinstance(entry, data.Event):
        texts = [entry.description]
    texts.extend(
        value
        for meta in metas
        for key, value in meta.items()
        if isinstance(value, str) and key not in _NOT_TYPED
    )
    return any(t and len(t) >= ID_NUMBER_LENGTH and has_standalone_id_number(t) for t in texts)
