"""救助台账: every aid payment with its procedure dates and every rule's verdict on it.

Rows are built from the whole ledger (``Book.aid_payments``) and judged by the rulebook
(``verdicts.findings_by_place``); Fava's filter bar (``common.Shown``) and the tab's own GET
filters (month, category, cause) then pick which rows are shown. Working days are counted with
the society's calendar; a year without data is shown as such ("无节假日数据"), never guessed.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from beancount.core import data

from jjn_ledger.fava_ext import verdicts as judged
from jjn_ledger.fava_ext.common import (
    CATEGORIES,
    NO_CALENDAR,
    ZERO,
    Shown,
    span_of,
    where,
    without_closing,
)
from jjn_ledger.ledger.calendar import Calendar, CalendarMissing
from jjn_ledger.ledger.idcodes import mask_name
from jjn_ledger.ledger.profile import Book
from jjn_ledger.ledger.society import book_of


@dataclass(frozen=True)
class Span:
    """Working days one step of the procedure took (R6), for display next to the verdict."""

    used: int | None
    limit: int
    label: str  # "1 个工作日" / 缺日期 / 无节假日数据

    @property
    def over(self) -> bool:
        return self.used is not None and self.used > self.limit


def span(start: object, end: object, limit: int, calendar: Calendar) -> Span:
    """Working days from ``start`` to ``end``, or why they cannot be counted."""
    if not isinstance(start, datetime.date) or not isinstance(end, datetime.date):
        return Span(None, limit, "缺日期")
    try:
        used = calendar.workdays_between(start, end)
    except CalendarMissing:
        return Span(None, limit, NO_CALENDAR)
    return Span(used, limit, f"{used} 个工作日")


@dataclass(frozen=True)
class AidRow:
    """One line of the aid register, with each aid rule's verdict (``rules``) on it."""

    entry: data.Transaction
    key: str
    name: str
    category: str
    cause: str
    matter: str
    amount: Decimal
    form: str
    source: str
    advance: bool
    accepted: object
    investigated: object
    approved: object
    paid: datetime.date
    investigate: Span
    pay: Span
    rules: tuple[judged.RuleCell, ...]  # R5, R6, R7, R14 in that order
    others: tuple[judged.Verdict, ...]  # any other rule's finding at this payment

    @property
    def month(self) -> str:
        return f"{self.paid:%Y-%m}"

    def cell(self, rule: str) -> judged.RuleCell:
        return next(c for c in self.rules if c.rule == rule)

    @property
    def r6(self) -> tuple[str, ...]:
        """The R6 rule's error messages for the payment."""
        return tuple(v.message for v in self.cell("R6").errors)

    @property
    def r6_unchecked(self) -> bool:
        return self.cell("R6").unchecked

    @property
    def errors(self) -> tuple[judged.Verdict, ...]:
        found = [v for c in self.rules for v in c.errors]
        return tuple(found + [v for v in self.others if v.severity == "error"])

    @property
    def broken(self) -> tuple[str, ...]:
        """The ids of the rules this payment breaks, in column order."""
        return tuple(dict.fromkeys(v.rule for v in self.errors))

    @property
    def verdict(self) -> str:
        """符合 / 不符合 / 无节假日数据: every rule's verdict on the payment together."""
        if self.errors:
            return "不符合"
        if self.r6_unchecked:
            return NO_CALENDAR
        return "符合"

    @property
    def late(self) -> bool:
        return bool(self.r6)

    @property
    def bad(self) -> bool:
        return bool(self.errors)


def display_name(book: Book, key: str | None, payee: str | None, full: bool) -> str:
    person = book.recipients.get(key or "")
    name = person.name if person else (payee or "")
    return name if full else mask_name(name)


def aid_rows(
    book: Book,
    entries: Sequence[data.Directive],
    *,
    full: bool = False,
    calendar: Calendar | None = None,
) -> list[AidRow]:
    """Every aid payment as a register line, names masked unless ``full``."""
    cal = calendar or book.calendar
    limits = book.policy.deadlines
    found = judged.findings_by_place(entries, book, calendar)
    rows = []
    for pay in book.aid_payments(entries):
        get = pay.get
        investigate = span(get("accepted"), get("investigated"), limits.investigate_workdays, cal)
        paid = span(get("approved"), pay.date, limits.pay_workdays, cal)
        unchecked = NO_CALENDAR in (investigate.label, paid.label)
        rules, others = judged.cells(found.get(where(pay.meta), []), unchecked)
        rows.append(
            AidRow(
                entry=pay.entry,
                key=pay.recipient or "",
                name=display_name(book, pay.recipient, pay.entry.payee, full),
                category=pay.category,
                cause=pay.cause or "",
                matter=pay.matter or "",
                amount=pay.amount,
                form=pay.form,
                source=str(get("source") or ""),
                advance=get("advance") is True,
                accepted=get("accepted"),
                investigated=get("investigated"),
                approved=get("approved"),
                paid=pay.date,
                investigate=investigate,
                pay=paid,
                rules=rules,
                others=others,
            )
        )
    return rows


@dataclass(frozen=True)
class AidFilter:
    """The register's GET filters; empty strings mean "all"."""

    month: str = ""
    category: str = ""
    cause: str = ""

    def keep(self, row: AidRow) -> bool:
        return (
            (not self.month or row.month == self.month)
            and (not self.category or row.category == self.category)
            and (not self.cause or row.cause == self.cause)
        )


@dataclass(frozen=True)
class AidRegister:
    rows: list[AidRow]
    filter: AidFilter
    months: list[str]
    categories: tuple[str, ...]
    causes: tuple[str, ...]
    late: int = field(default=0)
    investigate_days: int = 1
    pay_days: int = 1
    period: str = ""
    rule_columns: tuple[tuple[str, str], ...] = ()  # (id, title) of the verdict columns

    @property
    def total(self) -> Decimal:
        return sum((r.amount for r in self.rows), ZERO)

    @property
    def bad(self) -> int:
        return sum(1 for r in self.rows if r.bad)


def aid_register(
    entries: Sequence[data.Directive],
    options: dict[str, Any],
    flt: AidFilter,
    *,
    full: bool = False,
    calendar: Calendar | None = None,
    shown: Shown | None = None,
) -> AidRegister:
    """The 救助台账 page: rows Fava's bar and the tab's filters keep, and each filter's choices."""
    shown = shown or Shown()
    book = book_of(entries, options)
    books = without_closing(entries)
    rows = [r for r in aid_rows(book, books, full=full, calendar=calendar) if shown.keeps(r.entry)]
    kept = [r for r in rows if flt.keep(r)]
    return AidRegister(
        rows=kept,
        filter=flt,
        months=sorted({r.month for r in rows}, reverse=True),
        categories=CATEGORIES,
        causes=book.policy.aid.causes,
        late=sum(1 for r in kept if r.late),
        investigate_days=book.policy.deadlines.investigate_workdays,
        pay_days=book.policy.deadlines.pay_workdays,
        period=shown.describe(*span_of(books)),
        rule_columns=tuple((r.id, r.title) for r in judged.AID_RULES),
    )
