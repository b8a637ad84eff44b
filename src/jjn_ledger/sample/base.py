"""The generator's state and the moves every part of it makes: add an entry, book money.

Every society is generated from one seeded ``random.Random``, and the parts of the generator
(people, money, aid, the month) share it, in a fixed order: that is what makes the output
byte-for-byte the same on every run.
"""

from __future__ import annotations

import datetime
import random
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from beancount.core import data

from jjn_ledger.ledger.calendar import default_calendar
from jjn_ledger.ledger.chart import Chart
from jjn_ledger.ledger.policy import Policy
from jjn_ledger.ledger.transactions import number
from jjn_ledger.record import id_register
from jjn_ledger.sample.specs import GIVEN, SURNAMES, D, SocietySpec
from jjn_ledger.write import render as writer


@dataclass
class State:
    """Running balances while generating, so the books stay consistent."""

    cash: Decimal = field(default_factory=Decimal)
    bank: Decimal = field(default_factory=Decimal)
    stock: Decimal = field(default_factory=Decimal)
    restricted_left: Decimal = field(default_factory=Decimal)
    entries: list[data.Directive] = field(default_factory=list)


def complete(entry: data.Directive) -> data.Directive:
    """A transaction with its balancing leg's amount filled in, as Beancount interpolates it."""
    if not isinstance(entry, data.Transaction):
        return entry
    rest = -sum((number(p) for p in entry.postings if p.units is not None), D(0))
    postings = [
        p if p.units is not None else p._replace(units=writer.money(rest)) for p in entry.postings
    ]
    return entry._replace(postings=postings)


class Base:
    """One society being generated: its spec, chart, policy, random source and running state."""

    def __init__(self, spec: SocietySpec, chart: Chart, policy: Policy) -> None:
        self.spec = spec
        self.chart = chart
        self.policy = policy
        self.rng = random.Random(zlib.crc32(spec.slug.encode()))
        self.cal = default_calendar()
        self.st = State()
        self.acc = chart.account
        self.planted = False
        self.matters: set[tuple[str, str]] = set()
        self.clear: dict[str, id_register.ClearId] = {}  # key → clear number (county register)
        self.register: list[data.Directive] = []
        self.people: list[tuple[str, str, str]] = []  # key, name, status

    def person_name(self) -> str:
        n = self.rng.choice([1, 2])
        return self.rng.choice(SURNAMES) + "".join(self.rng.choice(GIVEN) for _ in range(n))

    def add(self, entry: data.Directive) -> None:
        self.st.entries.append(entry)

    def txn(
        self,
        date: datetime.date,
        payee: str,
        narration: str,
        postings: Sequence[tuple[str, Decimal | None]],
        meta: dict[str, object] | None = None,
    ) -> None:
        """Book a transaction and keep the running balances of cash, bank and stock."""
        self.add(writer.transaction(date, payee, narration, postings, meta))
        for account, given in postings:
            value = (
                given
                if given is not None
                else -sum((v for _, v in postings if v is not None), D(0))
            )
            if account == self.acc("cash"):
                self.st.cash += value
            elif account == self.acc("bank"):
                self.st.bank += value
            elif account == self.acc("inventory"):
                self.st.stock += value

    def draw_cash(self, date: datetime.date, need: Decimal) -> None:
        """Draw petty cash from the bank when the till cannot pay ``need`` (R9's ceiling)."""
        ceiling = self.policy.petty_cash.ceiling
        if self.st.cash >= need:
            return
        amount = min(ceiling - self.st.cash, max(need - self.st.cash, D(2000)))
        amount = (amount // 100) * 100
        self.txn(
            date,
            "",
            "从银行提取备用金",
            [(self.acc("cash"), amount), (self.acc("bank"), None)],
        )

    def prev_workday(self, date: datetime.date) -> datetime.date:
        d = date - datetime.timedelta(days=1)
        while not self.cal.is_workday(d):
            d -= datetime.timedelta(days=1)
        return d

    def next_workday(self, date: datetime.date) -> datetime.date:
        return self.cal.add_workdays(date, 0)
