"""Typed views of the transactions the rules and reports care about, read in one pass.

A treasurer writes ordinary Beancount transactions; which kind each one is follows from the
accounts it touches (the chart's roles), not from a tag: a posting to an aid expense account is
aid, a posting to the county-subsidy income account is the subsidy, and so on. The metadata that
the policy requires of each kind (recipient, cause, matter; source document; donor, channel) is
read here, once, for every consumer.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import NamedTuple

from beancount.core import data

from jjn_ledger.ledger.chart import Chart
from jjn_ledger.ledger.vocabulary import FORM_BY_ROLE, META_CLOSING, AidCategory, AidForm

AID_ROLES = {c.chart_role: c for c in AidCategory}  # expense-account role → category
CLOSING = META_CLOSING


class AidPayment(NamedTuple):
    """One aid payment: one recipient, one transaction (R5–R8).

    What every rule asks of a payment (its date, meta, recipient, matter, cause) is read once,
    when the payment is found: a dozen rules and reports read it again for each of thousands of
    payments, and a property or a lookup each time was a tenth of the rules' cost.
    """

    entry: data.Transaction
    category: AidCategory
    amount: Decimal
    form: AidForm
    recipient: str | None
    matter: str | None
    cause: str | None
    date: datetime.date
    meta: data.Meta

    def get(self, key: str) -> object:
        return self.entry.meta.get(key)


_ZERO = Decimal(0)


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


Kind = tuple[AidCategory | None, AidForm | None]  # an account's aid category; form of aid


class AccountKinds(dict[str, Kind]):
    """Account → (its aid category, the form of aid money leaving it is), asked of the chart
    once per account: every posting of every load is classified, and a table is a third of the
    cost of asking the chart's roles each time."""

    def __init__(self, chart: Chart) -> None:
        super().__init__()
        self._role = chart.role

    def __missing__(self, account: str) -> Kind:
        role = self._role(account)
        kind = (AID_ROLES.get(role), FORM_BY_ROLE.get(role)) if role is not None else (None, None)
        self[account] = kind
        return kind


def aid_payments(entries: Sequence[data.Directive], chart: Chart) -> Iterator[AidPayment]:
    """Every transaction that posts to an aid expense account, as an ``AidPayment``."""
    kinds = AccountKinds(chart)
    for txn in transactions(entries):
        pay = aid_payment(txn, kinds)
        if pay is not None:
            yield pay


Legs = dict[str, list[tuple[int, Decimal]]]  # account → (event number, amount) per posting


def aid_payment(
    txn: data.Transaction,
    kinds: AccountKinds,
    legs: Legs | None = None,
    event: int = 0,
) -> AidPayment | None:
    """``txn`` as an aid payment, or None when it posts to no aid expense account.

    Its category is that of its first aid posting, its amount the sum of its aid postings, its
    form that of the first cash, bank or goods account money leaves (else 其他). With ``legs``,
    each posting is also filed under its account as ``(event, amount)`` (``EntryIndex``): the
    postings are walked once for both.
    """
    category: AidCategory | None = None
    amount = _ZERO
    form: AidForm | None = None
    for p in txn.postings:
        account, units = p.account, p.units
        value = units.number if units is not None else None
        if legs is not None and value is not None:
            legs[account].append((event, value))
        kind, leaving = kinds[account]
        if kind is not None:
            if category is None:
                category = kind
            if value is not None:
                amount += value
        elif form is None and leaving is not None and value is not None and value < 0:
            form = leaving
    if category is None:
        return None
    meta = txn.meta
    recipient, matter, cause = meta.get("recipient"), meta.get("matter"), meta.get("cause")
    return AidPayment(
        txn,
        category,
        amount,
        form or AidForm.OTHER,
        recipient if isinstance(recipient, str) else None,
        matter if isinstance(matter, str) else None,
        cause if isinstance(cause, str) else None,
        txn.date,
        meta,
    )


class Customs:
    """A load's custom directives (the profile, register, notices, seals …), by type, in entry
    order: gathered in one walk by ``profile.read_book`` and kept for the rules."""

    def __init__(self, entries: Sequence[data.Directive]) -> None:
        self.entries = entries
        self.in_order = [e for e in entries if isinstance(e, data.Custom)]
        self.by_type: dict[str, list[data.Custom]] = defaultdict(list)
        for e in self.in_order:
            self.by_type[e.type].append(e)

    def of(self, *types: str) -> list[data.Custom]:
        """Those of any of ``types``, in entry order."""
        if len(types) == 1:
            return self.by_type.get(types[0], [])
        return [e for e in self.in_order if e.type in types]


class EntryIndex:
    """One load's transactions, read once for all the rules.

    Eighteen rule modules each walked every transaction to find the few they judge (the aid
    payments, the postings to cash, the donations). Walking a ledger's postings costs far more
    than the handful of attribute reads suggests (thousands of objects scattered in memory: about
    10 ms a walk at 11,500 transactions), so the walk is done once, here, and the rules read its
    results: the events, the aid payments, and each account's postings.
    """

    def __init__(
        self, entries: Sequence[data.Directive], chart: Chart, customs: Customs | None = None
    ) -> None:
        self.entries = entries
        # the custom directives, read with the profile (``read_book``) when it was given them
        self._customs = customs if customs is not None else Customs(entries)
        self.events: list[data.Transaction] = []  # ``transactions(entries)``
        self.aid: list[AidPayment] = []  # ``aid_payments(entries, chart)``
        self._legs: Legs = defaultdict(list)
        self._aid_events: set[int] = set()  # the aid payments' places in ``events``
        kinds = AccountKinds(chart)
        for e in entries:
            if not isinstance(e, data.Transaction) or CLOSING in e.meta:
                continue
            pay = aid_payment(e, kinds, self._legs, len(self.events))
            if pay is not None:
                self.aid.append(pay)
                self._aid_events.add(len(self.events))
            self.events.append(e)

    @property
    def customs(self) -> dict[str, list[data.Custom]]:
        """Custom directives by type, in entry order."""
        return self._customs.by_type

    def customs_of(self, *types: str) -> list[data.Custom]:
        """Custom directives of any of ``types``, in entry order."""
        return self._customs.of(*types)

    def touching(
        self, accounts: Iterable[str], leaving: bool = False, besides_aid: bool = False
    ) -> list[data.Transaction]:
        """The events that post to any of ``accounts`` (``leaving``: a negative amount, money
        that leaves them; ``besides_aid``: not the aid payments), in entry order, each once."""
        found: set[int] = set()
        for account in accounts:
            found.update(i for i, v in self._legs.get(account, ()) if not leaving or v < 0)
        if besides_aid:
            found -= self._aid_events
        return [self.events[i] for i in sorted(found)]

    def moves(self, account: str) -> Iterator[tuple[data.Transaction, Decimal]]:
        """(event, its net amount on ``account``) for each event posting to it, in entry order."""
        legs = self._legs.get(account, [])
        k = 0
        while k < len(legs):
            i, total = legs[k]
            k += 1
            while k < len(legs) and legs[k][0] == i:
                total += legs[k][1]
                k += 1
            yield self.events[i], total

    def accounts(self) -> list[str]:
        """Every account an event posts to."""
        return list(self._legs)


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
