"""Year-end closing entries (期末结转): income and expenses to net assets, and the release.

民间非营利组织会计制度: at the end of the year, income closes to 非限定性净资产 (3101) or
限定性净资产 (3102) by its restriction, expenses close to 3101, and the restrictions released
during the year move from 3102 to 3101. ``build_entries`` makes three transactions dated
December 31, each marked ``closing: "YYYY"``::

    2025-12-31 * "年末结转" "结转本年收入"
      closing: "2025"
      Income:4101-捐赠收入:02-社会捐赠        6000.00 CNY
      Income:4401-政府补助收入:01-县级财政补助   ...
      Equity:3101-非限定性净资产             -6000.00 CNY
      Equity:3102-限定性净资产                ...

The statements never count entries marked ``closing`` (``reports.accounts``), so they read the
same before and after closing. A year is closed once: closing it again is refused, as is
closing a year that is not over yet, and years close in order — a year cannot be closed
while an earlier year with income or expenses is open (its release of restrictions would
otherwise move money out of 3102 that the earlier year's income never put there, leaving
限定性净资产 with a debit balance).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from beancount.core import data

from jjn_ledger.errors import JjnError
from jjn_ledger.ledger.society import Society
from jjn_ledger.reports import accounts
from jjn_ledger.reports.accounts import ZERO
from jjn_ledger.write import render as writer

PAYEE = "年末结转"


class CannotClose(JjnError):
    """The year cannot be closed (already closed, or not over)."""


def closed_years(entries: Sequence[data.Directive]) -> set[str]:
    return {str(e.meta[accounts.CLOSING]) for e in entries if accounts.is_closing(e)}


def open_years_before(entries: Sequence[data.Directive], year: int) -> list[int]:
    """Earlier years with income or expenses that have no closing entries yet."""
    closed = closed_years(entries)
    years = {
        txn.date.year
        for txn, p in accounts.postings(entries)
        if txn.date.year < year and p.account.startswith(("Income:", "Expenses:"))
    }
    return sorted(y for y in years if str(y) not in closed)


def build_entries(society: Society, year: int) -> list[data.Transaction]:
    """The closing transactions of ``year`` (empty lists of postings are left out)."""
    entries = society.loaded.entries
    chart = society.book.chart
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    flows = accounts.sums(entries, start, end)
    unrestricted = chart.account("net_unrestricted")
    restricted = chart.account("net_restricted")
    meta = {accounts.CLOSING: str(year)}
    out = []

    income = {a: v for a, v in sorted(flows.items()) if a.startswith("Income:") and v}
    if income:
        to_restricted = sum((v for a, v in income.items() if chart.is_restricted(a)), ZERO)
        to_unrestricted = sum((v for a, v in income.items() if not chart.is_restricted(a)), ZERO)
        postings: list[tuple[str, Decimal | None]] = [(a, -v) for a, v in income.items()]
        if to_unrestricted:
            postings.append((unrestricted, to_unrestricted))
        if to_restricted:
            postings.append((restricted, to_restricted))
        out.append(writer.transaction(end, PAYEE, "结转本年收入", postings, meta))

    expense = {a: v for a, v in sorted(flows.items()) if a.startswith("Expenses:") and v}
    if expense:
        total = sum(expense.values(), ZERO)
        postings = [(a, -v) for a, v in expense.items()]
        postings.append((unrestricted, total))
        out.append(writer.transaction(end, PAYEE, "结转本年费用", postings, meta))

    moved = accounts.released(accounts.releases(entries, society.book), start, end)
    if moved:
        out.append(
            writer.transaction(
                end,
                PAYEE,
                "限定性净资产转为非限定性净资产",
                [(restricted, moved), (unrestricted, -moved)],
                meta,
            )
        )
    return out


def close_year(
    society: Society, year: int, today: datetime.date | None = None, dry_run: bool = False
) -> list[data.Transaction]:
    """Build, check and (unless ``dry_run``) write the closing entries through ``safewrite``."""
    if str(year) in closed_years(society.loaded.entries):
        raise CannotClose(f"{year} 年已结账，不能重复结转")
    if (today or datetime.date.today()) <= datetime.date(year, 12, 31):
        raise CannotClose(f"{year} 年尚未结束，年末结转须在 {year + 1} 年 1 月 1 日以后进行")
    earlier = open_years_before(society.loaded.entries, year)
    if earlier:
        years = "、".join(str(y) for y in earlier)
        raise CannotClose(
            f"{years} 年尚未结账，须按年度顺序先结转（jjn report close-books … {earlier[0]}）"
        )
    entries = build_entries(society, year)
    if not entries:
        raise CannotClose(f"{year} 年没有收入和费用，无需结转")
    if not dry_run:
        from jjn_ledger.write.safe import commit_entries  # written alongside; imported late

        commit_entries(Path(society.folder), entries)
    return entries
