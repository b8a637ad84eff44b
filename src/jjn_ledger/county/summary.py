"""One society reduced to what the county needs: ``SocietySummary`` and how it is made.

Every county view — the county workbook and progress table, the Fava county page, the
server's overview, the benchmarks — needs the same handful of figures per society, never the
entries themselves. ``summary_of`` reduces books loaded with their rules to a
``SocietySummary``: a frozen dataclass of plain values (str, bool, date, Decimal, small dicts),
cheap to pickle across processes and to cache. Loading the books, the cache and the mapping
over a county's societies are ``county.engine``'s.

Per-month figures are keyed ``"YYYY-MM"`` so that any period can be summed later without
reloading the books (``SocietySummary.aid_between``). "Activity", for the zombie rule (R14,
000 §三(三)), is an aid payment or a donation received — bank interest and fees happen without
anyone doing anything, so they do not count.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jjn_ledger.ledger.formats import month_key
from jjn_ledger.ledger.vocabulary import Registration

if TYPE_CHECKING:
    from beancount.core.data import Directive

    from jjn_ledger.ledger.load import Loaded
    from jjn_ledger.ledger.profile import Book

ZERO = Decimal(0)
Fields = dict[str, Any]


@dataclass(frozen=True)
class SocietySummary:
    """What the county needs to know about one society (all plain, picklable values)."""

    folder: str
    slug: str
    name: str
    county: str | None = None
    township: str | None = None
    village: str | None = None
    registration: str | None = None  # "登记" / "备案" / None when the profile is missing
    credit_code: str | None = None
    founded: datetime.date | None = None  # the registration (or filing) date of the profile
    seed_deadline: datetime.date | None = None
    seed: dict[str, Decimal] = field(default_factory=dict)  # subsidy/collective/donation
    seed_ok: bool | None = None  # None: deadline not yet passed and still short, or no profile
    seed_shortfalls: tuple[str, ...] = ()
    balance: Decimal = ZERO  # money: cash, bank, other money funds, at the ledger's end
    balances: dict[str, Decimal] = field(default_factory=dict)  # "YYYY-MM" → 资金余额 at its end
    fund: Decimal = ZERO  # all assets less liabilities (net assets)
    restricted: Decimal = ZERO  # restricted net assets not yet released
    # "YYYY-MM" → social donations received (money, restricted and valued in-kind gifts; not
    # the village collective's support, which the seed fund counts apart)
    donations: dict[str, Decimal] = field(default_factory=dict)
    aid: dict[str, tuple[int, Decimal]] = field(default_factory=dict)  # "YYYY-MM" → (人次, 元)
    # "YYYY-MM" → (days from application to payment, summed; payments with an application date)
    aid_days: dict[str, tuple[int, int]] = field(default_factory=dict)
    filings: tuple[str, ...] = ()  # "YYYY-MM" of each month filed with the township (R10)
    assemblies: tuple[str, ...] = ()  # "YYYY-H1"/"YYYY-H2" each member assembly reported (R13)
    first_aid: datetime.date | None = None
    last_aid: datetime.date | None = None
    last_activity: datetime.date | None = None  # last aid payment or donation/support received
    active_months: tuple[str, ...] = ()  # "YYYY-MM" with an aid payment or a donation
    as_of: datetime.date | None = None  # the ledger's latest date
    notices: dict[str, bool | None] = field(default_factory=dict)  # month with aid → on time
    errors: dict[str, int] = field(default_factory=dict)  # rule id ("Beancount") → count
    warnings: dict[str, int] = field(default_factory=dict)
    messages: tuple[tuple[str, str, str], ...] = ()  # (rule, 错误/提示, message)
    zombie_months: int = 12  # the society's policy in force
    expires: datetime.date | None = None  # first day a verdict in it may change (ledger.clock)

    @property
    def registered(self) -> bool:
        """Registered as a 社会团体 (登记), not merely filed (备案) with the township."""
        return self.registration == Registration.REGISTERED

    def aid_between(self, start: datetime.date, end: datetime.date) -> tuple[int, Decimal]:
        """(count, amount) of aid in the whole months from ``start`` to ``end``."""
        lo, hi = f"{start:%Y-%m}", f"{end:%Y-%m}"
        picked = [v for k, v in self.aid.items() if lo <= k <= hi]
        return sum(c for c, _ in picked), sum((a for _, a in picked), ZERO)

    def aid_days_between(self, start: datetime.date, end: datetime.date) -> tuple[int, int]:
        """(days summed, payments) from application to payment, in the whole months given."""
        lo, hi = f"{start:%Y-%m}", f"{end:%Y-%m}"
        picked = [v for k, v in self.aid_days.items() if lo <= k <= hi]
        return sum(d for d, _ in picked), sum(n for _, n in picked)

    def donations_between(self, start: datetime.date, end: datetime.date) -> Decimal:
        lo, hi = f"{start:%Y-%m}", f"{end:%Y-%m}"
        return sum((v for k, v in self.donations.items() if lo <= k <= hi), ZERO)

    def balance_at(self, day: datetime.date) -> Decimal:
        """Money held at the end of ``day``'s month (the last month-end known before it)."""
        key = f"{day:%Y-%m}"
        known = [k for k in self.balances if k <= key]
        return self.balances[max(known)] if known else ZERO

    def last_active_month(self, at: datetime.date) -> str | None:
        key = f"{at:%Y-%m}"
        return max((m for m in self.active_months if m <= key), default=None)

    def idle_months(self, at: datetime.date) -> int:
        """Whole months from the last activity up to ``at`` (or founding, if none)."""
        last = self.last_active_month(at)
        since = datetime.date.fromisoformat(f"{last}-01") if last else self.founded
        if since is None:
            return 0
        return max(0, (at.year - since.year) * 12 + at.month - since.month)

    def is_zombie(self, at: datetime.date) -> bool:
        return self.idle_months(at) >= self.zombie_months


def summary_of(folder: Path, loaded: Loaded) -> SocietySummary:
    """Reduce books already loaded with their rules (by a report, or by the write path)."""
    from jjn_ledger.ledger.society import book_of
    from jjn_ledger.rules import r10_disclosure

    book = book_of(loaded.entries, loaded.options)
    entries = loaded.entries
    as_of = r10_disclosure.latest_date(entries)
    profile = book.profile
    notices = {
        f"{s.month[0]:04d}-{s.month[1]:02d}": s.on_time
        for s in r10_disclosure.statuses(entries, book, as_of)
    }
    return SocietySummary(
        folder=str(folder),
        slug=folder.name,
        name=profile.name if profile else str(loaded.options.get("title") or folder.name),
        county=profile.county if profile else None,
        township=profile.township if profile else None,
        village=profile.village if profile else None,
        registration=profile.registration if profile else None,
        credit_code=profile.credit_code if profile else None,
        founded=profile.registered if profile else None,
        as_of=as_of,
        notices=notices,
        zombie_months=book.policy.oversight.zombie_months,
        expires=loaded.expires,
        **_seed(entries, book, as_of),
        **_money(entries, book, as_of),
        **_activity(entries, book),
        **_reported(entries, book),
        **_problems(loaded),
    )


def _seed(entries: Sequence[Directive], book: Book, as_of: datetime.date | None) -> Fields:
    """The seed fund at its deadline (or so far, while it is still being collected)."""
    from jjn_ledger.rules import r02_seed_fund

    deadline = book.seed_deadline
    if deadline is None or as_of is None:
        return {"seed_deadline": deadline}
    seed = r02_seed_fund.seed_sums(entries, book, min(deadline, as_of))
    shortfalls = tuple(r02_seed_fund.shortfalls(seed, book))
    ok = True if not shortfalls else (False if deadline < as_of else None)
    return {"seed_deadline": deadline, "seed": seed, "seed_ok": ok, "seed_shortfalls": shortfalls}


def _money(entries: Sequence[Directive], book: Book, as_of: datetime.date | None) -> Fields:
    """Money held (at the end and at each month's end), the fund, its restricted part."""
    from jjn_ledger.ledger.funds import is_fund_account
    from jjn_ledger.reports import accounts

    money = book.chart.with_role("cash", "bank")
    balances: dict[str, Decimal] = {}  # 资金余额 (ledger.funds) at each month's end
    running = fund = ZERO
    for txn, p in accounts.postings(entries):
        number = p.units.number if p.units and p.units.number is not None else ZERO
        if p.account in money:
            running += number
        if is_fund_account(p.account):
            fund += number
            balances[month_key(txn.date)] = fund
    net = accounts.net_assets(entries, book, as_of) if as_of else None
    return {
        "balance": running,
        "balances": balances,
        "fund": fund,
        "restricted": net.restricted if net else ZERO,
    }


def _activity(entries: Sequence[Directive], book: Book) -> Fields:
    """Aid per month, social donations per month, and when anything last happened."""
    from jjn_ledger.reports import accounts

    chart = book.chart
    count: Counter[str] = Counter()
    amount: dict[str, Decimal] = defaultdict(Decimal)
    days: dict[str, tuple[int, int]] = {}
    aid_dates: list[datetime.date] = []
    for pay in book.aid_payments(entries):  # the rules' index: no closing entry is among them
        month = month_key(pay.date)
        count[month] += 1
        amount[month] += pay.amount
        aid_dates.append(pay.date)
        accepted = pay.meta.get("accepted")
        if isinstance(accepted, datetime.date) and accepted <= pay.date:
            total, n = days.get(month, (0, 0))
            days[month] = (total + (pay.date - accepted).days, n + 1)
    social = chart.with_role("donation")  # social donations: money, restricted, in kind
    received = social | chart.with_role("collective")
    donations: dict[str, Decimal] = defaultdict(Decimal)
    dates = list(aid_dates)
    for txn, p in accounts.postings(entries):
        if p.account in social and p.units and p.units.number is not None:
            donations[month_key(txn.date)] -= p.units.number
        if p.account in received:
            dates.append(txn.date)
    return {
        "aid": {k: (count[k], amount[k]) for k in sorted(count)},
        "aid_days": days,
        "donations": dict(donations),
        "first_aid": min(aid_dates, default=None),
        "last_aid": max(aid_dates, default=None),
        "last_activity": max(dates, default=None),
        "active_months": tuple(sorted({month_key(d) for d in dates})),
    }


def _reported(entries: Sequence[Directive], book: Book) -> Fields:
    """Months filed with the township and half-years reported to a member assembly."""
    from jjn_ledger.ledger.vocabulary import ASSEMBLY, FILING

    index = book.index(entries)

    def values(kind: str) -> tuple[str, ...]:
        return tuple(sorted({str(e.values[0].value) for e in index.customs_of(kind) if e.values}))

    return {"filings": values(FILING), "assemblies": values(ASSEMBLY)}


def _problems(loaded: Loaded) -> Fields:
    """Open problems as ``jjn check`` lists them: load errors and the rules' warnings."""
    from jjn_ledger.rules.check import problems_of

    errors: Counter[str] = Counter()
    warnings: Counter[str] = Counter()
    messages = []
    for problem in problems_of(loaded):
        (errors if problem.severity == "error" else warnings)[problem.rule] += 1
        kind = "错误" if problem.severity == "error" else "提示"
        messages.append((problem.rule, kind, problem.message))
    return {"errors": dict(errors), "warnings": dict(warnings), "messages": tuple(messages)}


def by_township(rows: Sequence[SocietySummary]) -> dict[str, list[SocietySummary]]:
    out: dict[str, list[SocietySummary]] = defaultdict(list)
    for row in rows:
        out[row.township or "（未填乡镇）"].append(row)
    return dict(out)
