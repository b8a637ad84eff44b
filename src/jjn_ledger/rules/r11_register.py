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
nearly every ledger; so each file Beancount read is first looked at as bytes
(``idcodes.source_may_hold_id_number``), and only the entries of a file that may hold a number
have their texts read — and every entry not parsed from one of those files (a plugin's, a
string's). An entry's file is the ``filename`` Beancount records in its metadata, which a
ledger could also write itself (``filename: "…"``): in books where any file does, no file name
is trusted and every entry is read. Only the files Beancount loaded are ever opened.
"""

from __future__ import annotations

import os
import stat
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
    clean = _clean_files(book.sources)
    for e in entries:
        if e.meta.get("filename") not in clean and _has_id_number(e):
            yield Finding(
                RULE,
                "账本中写有疑似身份证号码（摘要、备注或其他文字中）：账本会被审计人员浏览，"
                "请删去；号码只记在县文件夹的身份证登记簿中",
                e.meta,
                e,
            )


def _clean_files(sources: Sequence[str]) -> frozenset[str]:
    """The loaded files whose entries need not be read (see the module docstring)."""
    clean = set()
    for name in sources:
        # the loader records absolute paths; a parser's options hold the include lines as typed
        raw = _regular_file_bytes(name) if os.path.isabs(name) else None
        if raw is None:
            continue  # not read: its entries are
        if _OWN_FILENAME in raw:
            return frozenset()  # an entry may name another file as its own
        if not source_may_hold_id_number(raw):
            clean.add(name)
    return frozenset(clean)


_OWN_FILENAME = b"filename:"  # a metadata key is written with its colon, no space between


def _regular_file_bytes(name: str) -> bytes | None:
    """The bytes of a regular file, or None (without waiting: a FIFO put in its place since the
    load is not opened for reading)."""
    try:
        with os.fdopen(os.open(name, os.O_RDONLY | os.O_NONBLOCK), "rb") as f:
            return f.read() if stat.S_ISREG(os.fstat(f.fileno()).st_mode) else None
    except OSError:
        return None


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
