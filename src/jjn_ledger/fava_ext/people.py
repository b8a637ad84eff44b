"""一人一档: the register of recipients, and one person's file (R11) — who they are, the aid they
received with every rule's verdict on it, referrals, and which papers are on file.

Papers are looked up by ``reports.dossier`` in ``documents/<key>/`` beside the books (the kinds
expected are policy data). Under Fava's filter bar the aid counted is the aid shown.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from beancount.core import data

from jjn_ledger.fava_ext.common import ZERO, Shown, span_of, without_closing
from jjn_ledger.fava_ext.register import AidRow, aid_rows
from jjn_ledger.ledger.calendar import Calendar
from jjn_ledger.ledger.idcodes import mask_name
from jjn_ledger.ledger.profile import Book
from jjn_ledger.ledger.society import book_of
from jjn_ledger.ledger.transactions import AidPayment
from jjn_ledger.reports import dossier


@dataclass(frozen=True)
class PersonLine:
    """A recipient in the index of files."""

    key: str
    name: str
    status: str
    aid_count: int
    aid_total: Decimal
    referrals: int


@dataclass(frozen=True)
class Paper:
    """One kind of paper a person's file should hold (R11), and the files found for it."""

    kind: str
    files: tuple[str, ...]

    @property
    def present(self) -> bool:
        return bool(self.files)


@dataclass(frozen=True)
class PersonFile:
    """One recipient's file (一人一档, R11): who, aid received, referrals, documents."""

    key: str
    name: str
    household: str
    hukou: str
    status: str
    registered: datetime.date | None
    entry: data.Directive | None
    aid: list[AidRow]
    referrals: list[tuple[datetime.date, str]]
    documents: list[Paper] | None  # None: the folder is not known (no documents/ to look in)
    period: str = ""

    @property
    def aid_total(self) -> Decimal:
        return sum((r.amount for r in self.aid), ZERO)


def people(
    entries: Sequence[data.Directive],
    options: dict[str, Any],
    *,
    full: bool = False,
    shown: Shown | None = None,
) -> list[PersonLine]:
    """Every registered recipient with their aid (as far as the filter bar shows) and referrals."""
    shown = shown or Shown()
    book = book_of(entries, options)
    aid: dict[str, list[AidPayment]] = defaultdict(list)
    for pay in book.aid_payments(without_closing(entries)):
        if shown.keeps(pay.entry):
            aid[pay.recipient or ""].append(pay)
    refs: dict[str, int] = defaultdict(int)
    for ref in book.referrals:
        refs[ref.recipient] += 1
    return [
        PersonLine(
            key=p.key,
            name=p.name if full else mask_name(p.name),
            status=p.status,
            aid_count=len(aid[p.key]),
            aid_total=sum((a.amount for a in aid[p.key]), ZERO),
            referrals=refs[p.key],
        )
        for p in book.recipients.values()
    ]


def person_file(
    entries: Sequence[data.Directive],
    options: dict[str, Any],
    key: str,
    *,
    folder: Path | None = None,
    full: bool = False,
    calendar: Calendar | None = None,
    shown: Shown | None = None,
) -> PersonFile | None:
    """One recipient's file, or None when ``key`` is not in the register.

    ``folder`` is the society folder, whose ``documents/<key>/`` holds the person's papers.
    """
    shown = shown or Shown()
    book = book_of(entries, options)
    person = book.recipients.get(key)
    if person is None:
        return None
    entry = book.recipient_entries.get(key)
    books = without_closing(entries)
    return PersonFile(
        key=key,
        name=person.name if full else mask_name(person.name),
        household=person.household,
        hukou=person.hukou,
        status=person.status,
        registered=entry.date if entry else None,
        entry=entry,
        aid=[
            r
            for r in aid_rows(book, books, full=full, calendar=calendar)
            if r.key == key and shown.keeps(r.entry)
        ],
        referrals=[(r.date, r.service) for r in book.referrals if r.recipient == key],
        documents=_documents(folder, book, entries, key),
        period=shown.describe(*span_of(books)),
    )


def _documents(
    folder: Path | None, book: Book, entries: Sequence[data.Directive], key: str
) -> list[Paper] | None:
    """Papers expected in the person's file, present or missing (``dossier``), if a folder."""
    if folder is None:
        return None
    found = dossier.build(folder, book, entries, key)
    if not found:
        return None
    pf = found[0]
    return [Paper(kind, tuple(pf.present.get(kind, ()))) for kind in [*pf.present, *pf.missing]]
