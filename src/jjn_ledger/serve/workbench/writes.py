"""Each workbench form's write: the record layer's own builders, then the one write path.

Nothing is booked here that the CLI would not book: every function takes the validated input
model of its ``jjn`` command, builds the entries with the same ``record`` function, adds who
recorded them (``attribution``), and writes through ``write.safe`` (lock, load the books as they
would be with every rule, refuse a new error, atomic replace). The only difference from the CLI
is the ``recorded-by`` metadata line.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from beancount.core import data
from pydantic import Field

from jjn_ledger.ledger import layout
from jjn_ledger.ledger.models import Recipient
from jjn_ledger.ledger.profile import Book
from jjn_ledger.ledger.society import read_profile
from jjn_ledger.record import money as recording
from jjn_ledger.record.money import Input
from jjn_ledger.serve.workbench.access import Writer
from jjn_ledger.serve.workbench.attribution import attributed, meta_of
from jjn_ledger.write.safe import WriteResult, commit_entries, commit_to_file


@dataclass(frozen=True)
class Written:
    """What a form wrote: the files changed and the overdue findings it gave rise to."""

    files: tuple[Path, ...]
    entries: int
    pending: tuple[str, ...] = ()

    @classmethod
    def of(cls, result: WriteResult) -> Written:
        return cls(tuple(result.files), result.entries, tuple(result.pending))


Write = Callable[[Path, Writer, Any], Written]
Build = Callable[[Book, Any], list[data.Directive]]


class PersonIn(Recipient):
    """登记救助对象: the register's own model, plus the day it is recorded (the CLI's --date)."""

    date: datetime.date = Field(title="登记日期")


class MonthIn(Input):
    """A month to number vouchers for or to close (the CLI's ``YYYY-MM`` argument)."""

    month: str = Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", title="月份")


def booked(build: Build) -> Write:
    """Entries of a month file (money, counts, investigations), as ``jjn record`` writes them."""

    def write(folder: Path, writer: Writer, inp: Any) -> Written:
        book = read_profile(folder)
        return Written.of(commit_entries(folder, attributed(build(book, inp), writer)))

    return write


def move(kind: str) -> Write:
    return booked(lambda book, inp: recording.move(book, kind, inp))


def referral(folder: Path, writer: Writer, inp: Any) -> Written:
    from jjn_ledger.record import aid as aidcase

    book = read_profile(folder)
    entries = attributed(aidcase.referral(book, inp), writer)
    return Written.of(commit_to_file(folder, Path(layout.PEOPLE), entries))


def person(folder: Path, writer: Writer, inp: PersonIn) -> Written:
    from jjn_ledger.record import society

    who = Recipient.model_validate(inp.model_dump(exclude={"date"}))
    return Written.of(society.add_person(folder, who, inp.date, meta_of(writer)))


def published(folder: Path, writer: Writer, inp: Any) -> Written:
    """A notice posted, a notice taken down, or a filing: stamped with what it showed."""
    from jjn_ledger.ledger.society import open_society
    from jjn_ledger.record import published as publishing

    society = open_society(folder)
    entries = society.loaded.entries
    if isinstance(inp, publishing.NoticeIn):
        entry = publishing.notice_entry(entries, society.book.chart, inp)
    elif isinstance(inp, publishing.RemovalIn):
        entry = publishing.removal_entry(entries, inp)
    else:
        entry = publishing.filing_entry(entries, inp)
    return Written.of(commit_entries(folder, attributed([entry], writer)))


def number_vouchers(folder: Path, writer: Writer, inp: MonthIn) -> Written:
    """凭证编号: lines inserted under each header, so only git can carry the author."""
    from jjn_ledger.record import vouchers

    given = vouchers.number_month(folder, inp.month)
    files = sorted({Path(str(txn.meta["filename"])) for txn, _ in given})
    return Written(tuple(files), len(given))


def close(folder: Path, writer: Writer, inp: MonthIn) -> Written:
    from jjn_ledger.record import closing

    closing.close(folder, inp.month, meta=meta_of(writer))
    return Written(((folder / layout.SOCIETY).resolve(),), 1)


def summary(title: str, inp: Any) -> str:
    """One line saying what was recorded, for the page and the git commit message."""
    parts = [title]
    amount = getattr(inp, "amount", None) or getattr(inp, "value", None)
    if amount is not None:
        parts.append(f"{amount:,.2f} 元")
    for name in ("person", "key", "donor", "month"):
        value = getattr(inp, name, None)
        if value:
            parts.append(str(value))
    for name in ("date", "paid", "posted", "removed", "filed"):
        value = getattr(inp, name, None)
        if isinstance(value, datetime.date):
            parts.append(str(value))
            break
    return "，".join(parts)
