"""The books as numbers for the statements (R17): balances, flows, and releases of restrictions.

Three decisions every statement depends on, made once here:

* **Closing entries never count.** Year-end entries written by ``jjn report close-books`` carry
  ``closing: "YYYY"`` and are left out of every figure; net assets are computed from the income,
  expense and opening-equity postings themselves. So a statement is the same whether or not the
  year was closed, and nothing is counted twice.
* **Restricted or not comes from the chart** (``restricted = true`` on an income account, e.g.
  定向捐赠 and the county subsidy). Expenses are all unrestricted (民间非营利组织会计制度).
* **Release of a restriction** (限定性净资产转为非限定性净资产) is the amount spent on its purpose,
  by a rule per restricted account that is policy data (``policy.restriction.release``):
  ``"fund"`` accounts are released only by aid payments whose ``fund`` metadata names them
  (``fund: "定向捐赠"``), ``"purpose"`` accounts (the county subsidy, restricted to the society's
  purpose as a whole) by any other aid spending. Each release is capped at what is left of that
  restriction; aid beyond it is plain unrestricted spending. Aid paid in donated goods
  releases nothing unless ``policy.restriction.in_kind_releases`` says so (the goods came in
  as unrestricted gifts). Restricted opening equity (3102)
  is treated like a ``"purpose"`` restriction. Payments are taken in date order, so the same
  books always give the same releases.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from beancount.core import data

from jjn_ledger.ledger.chart import Chart
from jjn_ledger.ledger.profile import Book
from jjn_ledger.ledger.transactions import AID_ROLES, CLOSING, is_closing, transactions

__all__ = ["CLOSING", "is_closing"]  # re-exported: reports and Fava pages import them here

ZERO = Decimal(0)
OPENING_RESTRICTED = "net_restricted"


def postings(
    entries: Sequence[data.Directive],
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> Iterator[tuple[data.Transaction, data.Posting]]:
    """Postings of non-closing transactions dated in [start, end] (either open)."""
    for e in entries:
        if not isinstance(e, data.Transaction) or CLOSING in e.meta:
            continue
        if (start and e.date < start) or (end and e.date > end):
            continue
        for p in e.postings:
            if p.units is not None and p.units.number is not None:
                yield e, p


def sums(
    entries: Sequence[data.Directive],
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> dict[str, Decimal]:
    """Sum of postings per account over the span (Beancount signs: income negative)."""
    out: dict[str, Decimal] = defaultdict(Decimal)
    for _, p in postings(entries, start, end):
        out[p.account] += p.units.number  # type: ignore[union-attr,operator]
    return dict(out)


def code_of(account: str) -> str:
    """``Income:4101-捐赠收入:02-社会捐赠`` → ``4101``."""
    parts = account.split(":")
    return parts[1].split("-", 1)[0] if len(parts) > 1 else ""


def by_code(totals: dict[str, Decimal], root: str) -> dict[str, Decimal]:
    out: dict[str, Decimal] = defaultdict(Decimal)
    for account, value in totals.items():
        if account.startswith(root + ":"):
            out[code_of(account)] += value
    return dict(out)


def code_names(chart: Chart, root: str) -> list[tuple[str, str]]:
    """(code, Chinese name) of the chart's accounts under a root, in code order, once each."""
    seen: dict[str, str] = {}
    for acc in chart.accounts:
        if acc.root == root:
            seen.setdefault(acc.code, acc.name)
    return sorted(seen.items())


@dataclass(frozen=True)
class Release:
    """Part of one aid payment that released a restriction."""

    date: datetime.date
    source: str  # chart key of the restricted account (or ``net_restricted``)
    amount: Decimal


def _fund_keys(chart: Chart) -> dict[str, str]:
    """Names a ``fund`` value may use for a restricted account → its chart key."""
    return chart.fund_names


def releases(entries: Sequence[data.Directive], book: Book) -> list[Release]:
    """Every release of a restriction, in date order (see the module docstring)."""
    chart = book.chart
    rule = book.policy.restriction.release
    restricted = {a.account: a.key for a in chart.accounts if a.restricted and a.root == "Income"}
    net_restricted = chart.account("net_restricted")
    fund_names = _fund_keys(chart)
    purpose_keys = [k for k in restricted.values() if rule.get(k, "purpose") == "purpose"]
    purpose_keys.append(OPENING_RESTRICTED)
    in_kind = chart.with_role("inventory")
    goods_release = book.policy.restriction.in_kind_releases
    left: dict[str, Decimal] = defaultdict(Decimal)
    out: list[Release] = []
    for txn in transactions(entries):  # a transaction's postings first, then what it releases
        aid = ZERO
        for p in txn.postings:
            if p.units is None or p.units.number is None:
                continue
            number, account = p.units.number, p.account
            if account in restricted:
                left[restricted[account]] -= number
            elif account == net_restricted:
                left[OPENING_RESTRICTED] -= number
            elif chart.role(account) in AID_ROLES:
                aid += number
        if aid > ZERO and (goods_release or not _paid_in_goods(txn, in_kind)):
            out.extend(_release_one(txn, aid, left, fund_names, rule, purpose_keys))
    return out


def _paid_in_goods(txn: data.Transaction, goods: frozenset[str]) -> bool:
    """An aid paid out of 存货 (donated goods) rather than money."""
    return any(
        p.account in goods and p.units is not None and (p.units.number or ZERO) < ZERO
        for p in txn.postings
    )


def _release_one(
    txn: data.Transaction,
    amount: Decimal,
    left: dict[str, Decimal],
    fund_names: dict[str, str],
    rule: Mapping[str, str],
    purpose_keys: list[str],
) -> Iterator[Release]:
    fund = txn.meta.get("fund")
    order: list[str] = []
    if isinstance(fund, str) and fund.strip() in fund_names:
        key = fund_names[fund.strip()]
        if rule.get(key, "purpose") == "fund":
            order.append(key)
    order += purpose_keys
    for key in order:
        if amount <= ZERO:  # Decimal against Decimal: against the int 0 converts it each time
            break
        take = min(amount, max(left[key], ZERO))
        if take > ZERO:
            left[key] -= take
            amount -= take
            yield Release(txn.date, key, take)


def released(rel: Sequence[Release], start: datetime.date | None, end: datetime.date) -> Decimal:
    return sum(
        (r.amount for r in rel if (start is None or r.date >= start) and r.date <= end), ZERO
    )


@dataclass(frozen=True)
class NetAssets:
    unrestricted: Decimal
    restricted: Decimal

    @property
    def total(self) -> Decimal:
        return self.unrestricted + self.restricted


def net_assets(
    entries: Sequence[data.Directive],
    book: Book,
    until: datetime.date,
    rel: Sequence[Release] | None = None,
) -> NetAssets:
    """Net assets at the end of ``until``, split 非限定性/限定性, without closing entries."""
    chart = book.chart
    rel = releases(entries, book) if rel is None else rel
    totals = sums(entries, None, until)
    unrestricted = restricted = ZERO
    for account, value in totals.items():
        if account.startswith(("Income:", "Expenses:", "Equity:")):
            is_restricted = chart.is_restricted(account) or account == chart.account(
                "net_restricted"
            )
            if is_restricted:
                restricted -= value
            else:
                unrestricted -= value
    moved = released(rel, None, until)
    return NetAssets(unrestricted + moved, restricted - moved)
