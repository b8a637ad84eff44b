"""公示日历: each month's R10 notice — when it was due, posted, taken down — as the rule judged it.

Months are judged as ``bean-check`` judges them (``rules.r10_disclosure``), against the ledger's
own latest date. Under Fava's filter bar the months shown are those in the period, and with an
account or condition filter only months with aid the bar shows; a month's counts are always the
whole month's, since the notice discloses all of it.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from beancount.core import data

from jjn_ledger.fava_ext.common import NO_CALENDAR, ZERO, Shown, without_closing
from jjn_ledger.ledger.calendar import Calendar
from jjn_ledger.ledger.society import book_of
from jjn_ledger.ledger.transactions import AidPayment
from jjn_ledger.rules import r10_disclosure


@dataclass(frozen=True)
class NoticeMonth:
    """One month's R10 notice: when it was due, posted, taken down, and the rule's verdict."""

    month: str  # the month whose aid is disclosed, "YYYY-MM"
    aid_count: int
    aid_total: Decimal
    deadline: datetime.date | None  # post on or before this day (the 5th working day)
    posted: datetime.date | None
    removed: datetime.date | None
    entry: data.Directive | None
    status: str  # 按时 / 迟延 / 未公示 / 张贴不足 / 张贴中 / 未到期限 / 无需公示 / 无节假日数据
    problem: str | None  # the R10 rule's message

    @property
    def days_up(self) -> int | None:
        if self.posted and self.removed:
            return (self.removed - self.posted).days
        return None

    @property
    def bad(self) -> bool:
        return self.problem is not None


def _status(st: r10_disclosure.MonthStatus) -> str:
    """A short Chinese label for the R10 verdict of one month."""
    notice = st.notice
    if st.calendar_year_missing is not None:
        return NO_CALENDAR
    if st.problem is None:
        if notice is None or notice.posted is None:
            return "未到期限"
        return "张贴中" if notice.removed is None else "按时"
    if notice is None or notice.posted is None:
        return "未公示"
    if st.deadline is not None and notice.posted > st.deadline:
        return "迟延"
    return "张贴不足"


def notices(
    entries: Sequence[data.Directive],
    options: dict[str, Any],
    *,
    calendar: Calendar | None = None,
    shown: Shown | None = None,
) -> list[NoticeMonth]:
    """Every month with aid or a recorded notice, newest first, judged by the R10 rule.

    Months are judged as ``bean-check`` judges them: against the ledger's own latest date, not
    the clock (see ``rules.r10_disclosure``).
    """
    shown = shown or Shown()
    book = book_of(entries, options)
    aid: dict[str, list[AidPayment]] = defaultdict(list)
    kept: set[str] = set()
    for pay in book.aid_payments(without_closing(entries)):
        aid[f"{pay.date:%Y-%m}"].append(pay)
        if shown.keeps(pay.entry):
            kept.add(f"{pay.date:%Y-%m}")
    out: dict[str, NoticeMonth] = {}
    for st in r10_disclosure.statuses(entries, book, calendar=calendar):
        month = f"{st.month[0]:04d}-{st.month[1]:02d}"
        paid = aid.get(month, [])
        out[month] = NoticeMonth(
            month=month,
            aid_count=len(paid),
            aid_total=sum((p.amount for p in paid), ZERO),
            deadline=st.deadline,
            posted=st.notice.posted if st.notice else None,
            removed=st.notice.removed if st.notice else None,
            entry=st.notice.entry if st.notice else None,
            status=_status(st),
            problem=st.problem,
        )
    for (y, m), notice in r10_disclosure.notices(entries).items():
        month = f"{y:04d}-{m:02d}"
        if month not in out:
            out[month] = NoticeMonth(
                month, 0, ZERO, None, notice.posted, notice.removed, notice.entry, "无需公示", None
            )
    narrowed = bool(shown.account or shown.filter)
    return [
        out[m]
        for m in sorted(out, reverse=True)
        if shown.keeps_month(m) and (not narrowed or m in kept)
    ]
