"""What every audit tab shares: the society's book, the entries figures are made of, and what
Fava's filter bar selected.

Fava's time, account and filter bar (``?time=2025&account=…&filter=…``) is read through
``g.filtered`` by the extension class and handed to the pure functions here as a ``Shown``: the
entries the bar keeps (by file and line) and the period. Rule verdicts are always computed on
the whole ledger (a cap or a once-a-year limit cannot be judged on a slice); the bar only picks
which judged rows a tab shows, and every tab says which period and filters it shows.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from beancount.core import data

from jjn_ledger.ledger.vocabulary import AidCategory
from jjn_ledger.reports.accounts import is_closing

NO_CALENDAR = "无节假日数据"
CATEGORIES = tuple(AidCategory)
ZERO = Decimal(0)
Where = tuple[object, object]


def without_closing(entries: Sequence[data.Directive]) -> list[data.Directive]:
    """The entries the figures are made of: year-end closing entries left out.

    A closing entry (``closing: "YYYY"``, ``reports.closing``) moves a year's income and
    expenses to net assets; read as a transaction it would be negative aid and negative income.
    The statements leave them out (``reports.accounts.is_closing``), and so do these pages.
    """
    return [e for e in entries if not is_closing(e)]


def where(meta: data.Meta | None) -> Where:
    """An entry's place in the books (file, line): how rows, findings and filters are matched."""
    return (meta or {}).get("filename"), (meta or {}).get("lineno")


def _date_text(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True)
class Shown:
    """What Fava's filter bar keeps: entries by place, the period, and the bar's own words.

    ``keys`` is None when the bar is empty (everything is shown). ``begin``/``end`` are the
    period's first and last day (inclusive) when a time filter is set.
    """

    keys: frozenset[Where] | None = None
    begin: datetime.date | None = None
    end: datetime.date | None = None
    time: str = ""
    account: str = ""
    filter: str = ""

    @classmethod
    def of(
        cls,
        entries: Iterable[data.Directive],
        begin: datetime.date | None = None,
        end: datetime.date | None = None,
        *,
        time: str = "",
        account: str = "",
        filter: str = "",
    ) -> Shown:
        """From Fava's filtered entries; ``end`` is inclusive."""
        if not (time or account or filter):
            return cls()
        keys = frozenset(where(e.meta) for e in entries if e.meta)
        return cls(keys, begin, end, time, account, filter)

    @property
    def active(self) -> bool:
        return self.keys is not None

    def keeps(self, entry: data.Directive | None) -> bool:
        if self.keys is None:
            return True
        return entry is not None and where(entry.meta) in self.keys

    def keeps_month(self, month: str) -> bool:
        """Whether a month ("YYYY-MM") overlaps the period (always, without a time filter)."""
        if self.begin is None or self.end is None:
            return True
        return f"{self.begin:%Y-%m}" <= month <= f"{self.end:%Y-%m}"

    def until(self, last: datetime.date | None) -> datetime.date | None:
        """The day figures "at the end" are taken at: the period's end, else the books' end."""
        return self.end if self.end is not None else last

    def describe(self, first: datetime.date | None, last: datetime.date | None) -> str:
        """The period and filters in Chinese, for the head of every tab and export."""
        if self.begin is not None and self.end is not None:
            dates = f"{_date_text(self.begin)}至{_date_text(self.end)}"
            period = f"期间：{dates}（时间筛选 {self.time}）"
        elif first is not None and last is not None:
            period = f"期间：全部账期（{_date_text(first)}至{_date_text(last)}）"
        else:
            period = "期间：全部账期"
        extra = []
        if self.account:
            extra.append(f"科目筛选：{self.account}")
        if self.filter:
            extra.append(f"条件筛选：{self.filter}")
        return "；".join([period, *extra])


def span_of(entries: Sequence[data.Directive]) -> tuple[datetime.date | None, datetime.date | None]:
    """First and last transaction date of the books."""
    dates = [e.date for e in entries if isinstance(e, data.Transaction)]
    return (min(dates), max(dates)) if dates else (None, None)
