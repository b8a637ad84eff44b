"""Typed views of the transactions the rules and reports care about, read in one pass.

A treasurer writes ordinary Beancount transactions; which kind each one is follows from the
accounts it touches (the chart's roles), not from a tag: a posting to an aid expense account is
aid, a posting to the county-subsidy income account is the subsidy, and so on. The metadata that
the policy requires of each kind (recipient, cause, matter; source document; donor, channel) is
read here, once, for every consumer.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from beancount.core import data

from jjn_ledger.ledger.chart import Chart
from jjn_ledger.ledger.vocabulary import FORM_BY_ROLE, META_CLOSING, AidCategory, AidForm

AID_ROLES = {c.chart_role: c for c in AidCategory}  # expense-account role → category
CLOSING = META_CLOSING


@dataclass(frozen=True)
class AidPayment:
    """One aid payment: one recipient, one transaction (R5–R8)."""

    entry: data.Transaction
    category: AidCategory
    amount: Decimal
    form: AidForm

    @property
    def date(self) -> datetime.date:
        return self.entry.date

    @property
    def meta(self) -> data.Meta:
        return self.entry.meta

    def get(self, key: str) -> object:
        return self.entry.meta.get(key)

    @property
    def recipient(self) -> str | None:
        value = self.entry.meta.get("recipient")
        return value if isinstance(value, str) else None

    @property
    def matter(self) -> str | None:
        value = self.entry.meta.get("matter")
        return value if isinstance(value, str) else None

    @property
    def cause(self) -> str | None:
        value = self.entry.meta.get("cause")
        return value if isinstance(value, str) else None


def number(posting: data.Posting) -> Decimal:
    """The amount of a posting that has one (after Beancount's interpolation, all do)."""
    assert posting.units is not None and posting.units.number is not None
    return posting.units.number


def transactions(entries: Sequence[data.Directive]) -> Iterator[data.Transaction]:
    """The events of the books: every transaction but year-end closing entries.

    A closing entry (``closing: "2025"``) moves a year's income and expenses to net assets; it
    credits the aid accounts and debits the donation accounts without paying or receiving
    anything, so no rule or figure may read it as aid or a gift.
    """
    return (e for e in entries if isinstance(e, data.Transaction) and CLOSING not in e.meta)


def is_closing(entry: data.Directive) -> bool:
    """A year-end closing entry: it moves balances to net assets, it is not an event."""
    return isinstance(entry, data.Transaction) and CLOSING in entry.meta


def aid_payments(entries: Sequence[data.Directive], chart: Chart) -> Iterator[AidPayment]:
    """Every transaction that posts to an aid expense account, as an ``AidPayment``."""
    role = chart.role
    for txn in transactions(entries):
        roles = [role(p.account) for p in txn.postings]
        aid = [(r, p) for r, p in zip(roles, txn.postings, strict=True) if r in AID_ROLES]
        if not aid:
            continue
        amount = sum((number(p) for _, p in aid if p.units is not None), Decimal(0))
        form = next(
            (
                FORM_BY_ROLE[r]
                for r, p in zip(roles, txn.postings, strict=True)
                if r in FORM_BY_ROLE and p.units is not None and number(p) < 0
            ),
            AidForm.OTHER,
        )
        yield AidPayment(txn, AID_ROLES[str(aid[0][0])], amount, form)


def postings_to(
    entries: Sequence[data.Directive], accounts: frozenset[str]
) -> Iterator[tuple[data.Transaction, data.Posting]]:
    """(transaction, posting) for every posting to one of ``accounts``."""
    for txn in transactions(entries):
        for p in txn.postings:
            if p.account in accounts and p.units is not None:
                yield txn, p


def signed_income(posting: data.Posting) -> Decimal:
    """Income postings are negative in Beancount; money received is their negation."""
    return -number(posting)
