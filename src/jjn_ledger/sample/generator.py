"""One society's books, month by month: the generator the sample and the benchmarks use."""

from __future__ import annotations

import datetime
import zlib
from collections.abc import Callable
from functools import partial

from beancount.core import data

from jjn_ledger.ledger.idcodes import make_credit_code
from jjn_ledger.ledger.models import society_name
from jjn_ledger.ledger.vocabulary import DECISION, SOCIETY
from jjn_ledger.record import published
from jjn_ledger.sample.aid import TAOYUAN_DECISION, Aid
from jjn_ledger.sample.base import complete
from jjn_ledger.sample.money import Money
from jjn_ledger.sample.specs import D
from jjn_ledger.write import render as writer

BUSY = 3  # aid payments a month above which a (benchmark) village gets a monthly gift


class Generator(Aid, Money):
    """``generate()``: the society's profile, accounts, register and books, deterministic."""

    def month(self, year: int, month: int) -> None:
        """One month of activity, run in date order so the running balances are true."""
        first = datetime.date(year, month, 1)
        days = [first + datetime.timedelta(days=i) for i in range(31)]
        opened = self.spec.registered + datetime.timedelta(days=40)
        workdays = [d for d in days if d.month == month and d > opened and self.cal.is_workday(d)]
        if not workdays:
            return
        events: list[tuple[datetime.date, int, Callable[[], None]]] = []
        for _ in range(self.rng.randrange(1, 3)):
            day = self.rng.choice(workdays)
            events.append((day, 0, partial(self.donation, day)))
        count = int(self.spec.aid_per_month) + (
            1 if self.rng.random() < self.spec.aid_per_month % 1 else 0
        )
        # A busy (benchmark) society pays several on one day; the sample never needs to.
        days = (
            self.rng.sample(workdays, count)
            if count <= len(workdays)
            else self.rng.choices(workdays, k=count)
        )
        for day in days:
            events.append((day, 1, partial(self.aid, day)))
        if count > BUSY:  # a busy village is funded for its aid, or it would soon pay none
            value = D(count * int(max(self.book_caps(first))) // 2)
            events.append((workdays[0], 0, partial(self.top_up, workdays[0], value)))
        if month in (1, 7):
            events.append((workdays[-1], 2, partial(self.in_kind_aid, workdays[-1])))
        if month in (3, 6, 9, 12):
            events.append((datetime.date(year, month, 21), 3, partial(self.interest, year, month)))
        if month == 12:
            events.append((datetime.date(year, month, 20), 3, partial(self.bank_fee, year)))
        for _, _, run in sorted(events, key=lambda e: (e[0], e[1])):
            run()
        nxt = (first + datetime.timedelta(days=32)).replace(day=1)
        self.add(writer.balance(nxt, self.acc("cash"), self.st.cash))
        self.add(writer.balance(nxt, self.acc("bank"), self.st.bank))

    def notices(self) -> None:
        """R10: each month with aid is posted on the 3rd working day of the next, for 7 days."""
        aid = self.chart.with_role("aid-supplementary", "aid-emergency")
        months = sorted(
            {
                (e.date.year, e.date.month)
                for e in self.st.entries
                if isinstance(e, data.Transaction) and any(p.account in aid for p in e.postings)
            }
        )
        # as Beancount will read them, with the register (the notice prints the names)
        booked = [complete(e) for e in self.st.entries] + self.register
        for y, m in months:
            ny, nm = (y + 1, 1) if m == 12 else (y, m + 1)
            posted = self.cal.nth_workday_of_month(ny, nm, 3)
            removed = posted + datetime.timedelta(days=self.policy.disclosure.days_posted)
            notice = published.NoticeIn(month=f"{y:04d}-{m:02d}", posted=posted, removed=removed)
            self.add(published.notice_entry(booked, self.chart, notice))

    def generate(self) -> dict[str, list[data.Directive]]:
        spec = self.spec
        name = society_name(spec.county, spec.township, spec.village)
        # 51 = civil affairs / social group; 349900 is a fictitious region code.
        code = make_credit_code(f"51349900MJB{zlib.crc32(spec.slug.encode()) % 10**6:06d}")
        profile: dict[str, object] = {
            "county": spec.county,
            "township": spec.township,
            "village": spec.village,
            "registration": spec.registration,
            "registered": spec.registered,
        }
        if spec.registration == "登记":
            profile["credit-code"] = code
        else:
            profile["custodian"] = f"{spec.county}慈善协会“救急难”互助社联合会分账户"
        society: list[data.Directive] = [
            writer.custom(spec.registered, SOCIETY, [name], profile),
            *self.officers(),
        ]
        if spec.slug == "taoyuan":
            society.append(
                writer.custom(
                    TAOYUAN_DECISION,
                    DECISION,
                    ["桃园村互助社会员大会决议〔2025〕1号"],
                    {"body": "会员大会", "emergency-cap": D(1500)},
                )
            )
        people = self.recipients()
        accounts: list[data.Directive] = [
            writer.open_account(spec.registered, a.account) for a in self.chart.accounts
        ]
        self.founding()
        y, m = spec.registered.year, spec.registered.month
        while (y, m) <= (spec.end.year, spec.end.month):
            self.month(y, m)
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        self.notices()
        return {
            "society": society,
            "accounts": accounts,
            "people": people,
            "books": self.st.entries,
        }
