"""概览: seed fund (R2), money held, restricted funds, aid per month, open problems by rule.

Figures come from the rule modules and reports, never re-derived: the seed fund from
``rules.r02_seed_fund.seed_sums``, restricted-money releases from ``reports.accounts.releases``,
the problems from ``rules.check.problems_of`` (the same verdict as ``jjn check`` and
``bean-check``). Under Fava's filter bar (``common.Shown``) money held and restricted funds are
taken at the period's end, aid per month and problems are those of the entries shown, and the
seed fund (judged at its R2 deadline) stays as it is.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from beancount.core import data

from jjn_ledger.fava_ext.common import (
    CATEGORIES,
    ZERO,
    Shown,
    span_of,
    where,
    without_closing,
)
from jjn_ledger.ledger.load import Loaded
from jjn_ledger.ledger.profile import Book
from jjn_ledger.ledger.society import book_of
from jjn_ledger.ledger.transactions import AidPayment, postings_to, signed_income
from jjn_ledger.reports.accounts import releases
from jjn_ledger.rules import check as checking
from jjn_ledger.rules.r02_seed_fund import seed_sums

SEED_LABELS = {"subsidy": "县级财政补助", "collective": "村级集体经济支持", "donation": "社会捐赠"}


@dataclass(frozen=True)
class SeedBar:
    """One source of the seed fund against its minimum (R2)."""

    key: str
    label: str
    amount: Decimal
    minimum: Decimal

    @property
    def ok(self) -> bool:
        return self.amount >= self.minimum


@dataclass(frozen=True)
class SeedFund:
    """The seed fund at the R2 deadline: a bar per source, the total and the total minimum."""

    until: datetime.date
    bars: tuple[SeedBar, ...]
    total: Decimal
    total_min: Decimal
    deadline_passed: bool

    @property
    def ok(self) -> bool:
        return self.total >= self.total_min and all(b.ok for b in self.bars)

    @property
    def scale(self) -> Decimal:
        """The value at the right edge of the chart: room for the total and the line."""
        top = max([self.total, self.total_min, *(b.amount for b in self.bars)])
        return top * Decimal("1.1") if top else Decimal(1)

    def pct(self, value: Decimal) -> float:
        """Where ``value`` sits on the chart, in percent of its width."""
        return round(float(value / self.scale * 100), 2)


def seed_fund(book: Book, entries: Sequence[data.Directive], today: datetime.date) -> SeedFund:
    """Seed money per source at the R2 deadline (or today while it is still open)."""
    sf = book.policy.seed_fund
    deadline = book.seed_deadline
    until = deadline if deadline is not None and deadline < today else today
    sums = seed_sums(entries, book, until)
    minimums = {
        "subsidy": sf.county_subsidy_min,
        "collective": sf.collective_min if sf.mode == "strict" else ZERO,
        "donation": sf.donation_min if sf.mode == "strict" else ZERO,
    }
    bars = tuple(SeedBar(k, SEED_LABELS[k], sums[k], minimums[k]) for k in SEED_LABELS)
    total = sum(sums.values(), ZERO)
    return SeedFund(until, bars, total, sf.total_min, until != today)


@dataclass(frozen=True)
class Balance:
    label: str
    amount: Decimal


def balances(book: Book, entries: Sequence[data.Directive]) -> list[Balance]:
    """Money held at the end of the books: bank (and online wallet), petty cash, goods."""
    out = []
    shown = (("银行存款", "bank"), ("备用金（现金）", "cash"), ("实物库存", "inventory"))
    for label, role in shown:
        accounts = book.chart.with_role(role)
        total = sum((_units(p) for _, p in postings_to(entries, accounts)), ZERO)
        out.append(Balance(label, total))
    return out


def _units(posting: data.Posting) -> Decimal:
    number = posting.units.number if posting.units is not None else None
    return number if isinstance(number, Decimal) else ZERO


@dataclass(frozen=True)
class Restricted:
    """Restricted money (限定性, R3b): received, released by spending on its purpose, left."""

    label: str
    key: str
    received: Decimal
    spent: Decimal

    @property
    def left(self) -> Decimal:
        return self.received - self.spent


def restricted_funds(book: Book, entries: Sequence[data.Directive]) -> list[Restricted]:
    """Per restricted income account: money received, and what aid released of it.

    Releases come from ``reports.accounts.releases`` — the same figures as the statements:
    a fund-restricted gift is released by aid whose ``fund:`` names it, the county subsidy by
    any other aid, each capped at what is left of it.
    """
    released: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for rel in releases(entries, book):
        released[rel.source] += rel.amount
    out = []
    for acc in book.chart.accounts:
        if not (acc.restricted and acc.root == "Income"):
            continue
        received = sum(
            (signed_income(p) for _, p in postings_to(entries, frozenset({acc.account}))), ZERO
        )
        label = acc.sub.split("-", 1)[-1] if acc.sub else acc.name
        out.append(Restricted(label, acc.key, received, released[acc.key]))
    return out


@dataclass(frozen=True)
class MonthBar:
    """Aid paid in one month, per category, with its place in the chart."""

    month: str
    amounts: dict[str, Decimal]

    @property
    def total(self) -> Decimal:
        return sum(self.amounts.values(), ZERO)


@dataclass(frozen=True)
class AidChart:
    """Aid per month by category, laid out for an inline SVG (no script, no CDN)."""

    months: tuple[MonthBar, ...]
    width: int = 720
    height: int = 200
    top: Decimal = ZERO

    @property
    def bar_width(self) -> float:
        return self.width / max(len(self.months), 1)

    def x(self, index: int) -> float:
        return round(index * self.bar_width, 2)

    def h(self, amount: Decimal) -> float:
        """Height of ``amount`` in pixels."""
        return round(float(amount / self.top) * (self.height - 20), 2) if self.top else 0.0

    def segments(self, index: int) -> list[tuple[str, float, float, Decimal]]:
        """(category, y, height, amount) of one month's stacked bar, bottom up."""
        y = float(self.height)
        out: list[tuple[str, float, float, Decimal]] = []
        for cat in CATEGORIES:
            amount = self.months[index].amounts.get(cat, ZERO)
            height = self.h(amount)
            y -= height
            out.append((cat, round(y, 2), height, amount))
        return out


def aid_by_month(payments: Iterable[AidPayment]) -> AidChart:
    """Aid amount per calendar month and category, every month from the first to the last."""
    sums: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    for pay in payments:
        sums[f"{pay.date:%Y-%m}"][pay.category] += pay.amount
    if not sums:
        return AidChart(())
    months = _month_range(min(sums), max(sums))
    bars = tuple(MonthBar(m, dict(sums.get(m, {}))) for m in months)
    return AidChart(bars, top=max(b.total for b in bars))


def _month_range(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


@dataclass(frozen=True)
class ProblemRow:
    """One open problem, with the entry it is about (for Fava's entry context link)."""

    problem: checking.Problem
    entry: data.Directive | None


@dataclass(frozen=True)
class RuleGroup:
    rule: str
    rows: tuple[ProblemRow, ...]

    @property
    def errors(self) -> int:
        return sum(1 for r in self.rows if r.problem.severity == "error")

    @property
    def warnings(self) -> int:
        return len(self.rows) - self.errors

    def only(self, shown: Shown) -> RuleGroup:
        """The problems at entries the filter bar shows (all of them without a filter)."""
        if not shown.active:
            return self
        return RuleGroup(self.rule, tuple(r for r in self.rows if shown.keeps(r.entry)))


def rule_problems(
    entries: Sequence[data.Directive], errors: Sequence[Any], options: dict[str, Any]
) -> list[RuleGroup]:
    """Open problems grouped by rule, as ``jjn check`` finds them (errors of the load, which
    include the rule plugins', and the rules' warnings)."""
    loaded = Loaded(Path(str(options.get("filename") or "")), list(entries), list(errors), options)
    at = {where(e.meta): e for e in entries if e.meta}
    groups: dict[str, list[ProblemRow]] = defaultdict(list)
    for problem in checking.problems_of(loaded):
        groups[problem.rule].append(ProblemRow(problem, at.get((problem.file, problem.line))))
    return [RuleGroup(rule, tuple(groups[rule])) for rule in sorted(groups, key=_rule_order)]


def _rule_order(rule: str) -> tuple[int, str]:
    digits = "".join(c for c in rule if c.isdigit())
    return (int(digits) if digits else 999, rule)


@dataclass(frozen=True)
class Overview:
    title: str
    seed: SeedFund
    balances: list[Balance]
    restricted: list[Restricted]
    aid: AidChart
    aid_count: int
    aid_total: Decimal
    problems: list[RuleGroup]
    period: str = ""
    until: datetime.date | None = None  # the day money held is taken at
    hidden_problems: int = 0  # problems at entries the filter bar leaves out


def overview(
    entries: Sequence[data.Directive],
    errors: Sequence[Any],
    options: dict[str, Any],
    today: datetime.date,
    shown: Shown | None = None,
) -> Overview:
    """The 概览 page: figures without closing entries, problems from the whole ledger."""
    shown = shown or Shown()
    book = book_of(entries, options)
    books = without_closing(entries)
    first, last = span_of(books)
    until = shown.until(last)
    upto = [e for e in books if until is None or e.date <= until]
    payments = [p for p in book.aid_payments(books) if shown.keeps(p.entry)]
    groups = rule_problems(entries, errors, options)
    kept = [g.only(shown) for g in groups]
    kept_groups = [g for g in kept if g.rows]
    return Overview(
        title=str(options.get("title") or ""),
        seed=seed_fund(book, books, today),
        balances=balances(book, upto),
        restricted=restricted_funds(book, upto),
        aid=aid_by_month(payments),
        aid_count=len(payments),
        aid_total=sum((p.amount for p in payments), ZERO),
        problems=kept_groups,
        period=shown.describe(first, last),
        until=until,
        hidden_problems=sum(len(g.rows) for g in groups) - sum(len(g.rows) for g in kept_groups),
    )
