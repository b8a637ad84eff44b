"""R10 — monthly disclosure: last month's aid posted by the 5th working day, for 7 days.

Seed: ``000_5491b89b33d14de1.txt`` §二(三) (应当在每月第5个工作日前，将上月救助对象基本情况、救助
原因、救助金额等信息，在救助对象所在村（社区）公开栏公示7天接受社会监督). The numbers are policy
data (``disclosure.before_workday``, ``disclosure.days_posted``); working days follow
the society's calendar (``Book.calendar``: the State Council calendar with 调休, plus the
county's ``workdays.toml`` for years the built-in data does not cover).

The treasurer prints the notice with ``jjn report notice`` and records when it went up and came
down, in the month it went up::

    2025-04-03 custom "jjn-notice" "2025-03"
      posted: 2025-04-03
      removed: 2025-04-10

For every month with aid, the rule wants that month's notice, posted *on or before* the
``before_workday``-th working day of the next month ("第5个工作日前": "X前" includes X here, as
the same text's "每月2日前" and "9月底前" do — DOMAIN.md R10 — so the 5th is in time) and up
at least ``days_posted`` calendar days (``removed - posted``). A notice without ``removed`` is
taken as still on the board and is not judged short. A notice that was late or short but says
why in ``explanation:`` (情况说明, recorded with ``jjn record notice --explanation``) is shown to
auditors as a warning: the books record what happened, and the explanation is on file.

When is a missing notice an error? Only once its deadline has passed, measured against the
ledger's own latest date (the newest entry of any kind), not the clock: the verdict on a set of
books must not change overnight, and bean-check, Fava and the county report must agree on the
same files. A society that keeps recording gets the error as soon as it records anything dated
on or after the deadline.

A month whose deadline falls in a year without calendar data (``CalendarMissing``) cannot be
judged: that is a warning naming the year (``R10`` warning), never a crash.

Before: aid paid on 2025-03-14, no ``jjn-notice "2025-03"``, entries dated into April →
After: ``[R10 救助公示] 2025年3月有救助，未记录公示…`` at the month's last aid payment.
"""

from __future__ import annotations

import dataclasses
import datetime
import operator
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from beancount.core import data

from jjn_ledger.ledger import clock
from jjn_ledger.ledger.calendar import Calendar, CalendarMissing
from jjn_ledger.ledger.formats import BadMonth, parse_month
from jjn_ledger.ledger.profile import Book
from jjn_ledger.ledger.transactions import AidPayment
from jjn_ledger.ledger.vocabulary import NOTICE
from jjn_ledger.ledger.vocabulary import NOTICE_REMOVED as REMOVED
from jjn_ledger.rules.base import Finding, Rule

RULE = Rule("R10", "救助公示", "皖民社救函〔2024〕61号 二(三)", blocks_writes=False)
# What a notice record itself says (recorded twice, taken down before it went up): preventive,
# as ``jjn record notice`` refuses it.
RECORD_RULE = Rule("R10", "公示记录", "皖民社救函〔2024〕61号 二(三)")
CALENDAR_RULE = Rule("R10", "救助公示", "皖民社救函〔2024〕61号 二(三)", severity="warning")
# A late or short notice whose recorded explanation (``explanation:``, 情况说明) says why: the
# fact is recorded as it happened and auditors still see it, as a warning.
EXPLAINED_RULE = Rule(
    "R10", "救助公示（已说明）", "皖民社救函〔2024〕61号 二(三)", severity="warning"
)


Month = tuple[int, int]


@dataclass(frozen=True)
class Notice:
    """A recorded notice of one month's aid."""

    month: Month
    posted: datetime.date | None
    removed: datetime.date | None
    entry: data.Custom


@dataclass(frozen=True)
class MonthStatus:
    """How one month with aid was disclosed; ``problem`` is None when all is well."""

    month: Month
    deadline: datetime.date | None  # the before_workday-th working day of the next month
    notice: Notice | None
    last_payment: AidPayment
    problem: str | None
    calendar_year_missing: int | None = None

    @property
    def on_time(self) -> bool | None:
        """True/False once judged; None while it cannot be judged yet (or without calendar)."""
        if self.calendar_year_missing is not None:
            return None
        if self.problem is not None:
            return False
        return self.notice is not None


def month_label(month: Month) -> str:
    return f"{month[0]}年{month[1]}月"


def next_month(month: Month) -> Month:
    year, mon = month
    return (year + 1, 1) if mon == 12 else (year, mon + 1)


def _parse_month(text: object) -> Month | None:
    if not isinstance(text, str):
        return None
    try:
        return parse_month(text)
    except BadMonth:
        return None


def notices(entries: Sequence[data.Directive]) -> dict[Month, Notice]:
    """Recorded notices by the month they disclose (the last one wins if recorded twice).

    A notice recorded when it went up gets its take-down date from a later
    ``custom "jjn-notice-removed" "YYYY-MM"`` (``jjn record notice-removed``): the books are
    only ever appended to.
    """
    out: dict[Month, Notice] = {}
    removals: dict[Month, datetime.date] = {}
    for e in entries:
        if not isinstance(e, data.Custom) or e.type not in (NOTICE, REMOVED) or not e.values:
            continue
        month = _parse_month(e.values[0].value)
        if month is None:
            continue
        if e.type == REMOVED:
            removals[month] = e.date
            continue
        posted, removed = e.meta.get("posted"), e.meta.get("removed")
        out[month] = Notice(
            month,
            posted if isinstance(posted, datetime.date) else None,
            removed if isinstance(removed, datetime.date) else None,
            e,
        )
    for month, day in removals.items():
        notice = out.get(month)
        if notice is not None and notice.removed is None:
            out[month] = dataclasses.replace(notice, removed=day)
    return out


def latest_date(entries: Sequence[data.Directive]) -> datetime.date | None:
    """The ledger's own "today": the date of its newest entry (see the module docstring).

    A ``fava-option`` directive is not an entry of the books (its date is when it was written);
    the newest date is found without looking at each entry's type, and only if every entry of
    that date is such an option are the others looked at one by one.
    """
    newest = max(map(_DATE, entries), default=None)
    if newest is None or any(e.date == newest and not _is_option(e) for e in reversed(entries)):
        return newest
    return max((e.date for e in entries if not _is_option(e)), default=None)


_DATE = operator.attrgetter("date")


def _is_option(entry: data.Directive) -> bool:
    return isinstance(entry, data.Custom) and entry.type == "fava-option"


def statuses(
    entries: Sequence[data.Directive],
    book: Book,
    as_of: datetime.date | None = None,
    calendar: Calendar | None = None,
) -> list[MonthStatus]:
    """The disclosure status of every month with aid, in month order."""
    cal = calendar or book.calendar
    as_of = as_of or latest_date(entries) or clock.today()
    rules = book.policy.disclosure
    last: dict[Month, AidPayment] = {}
    for pay in book.aid_payments(entries):
        last[(pay.date.year, pay.date.month)] = pay
    recorded = notices(book.index(entries).customs_of(NOTICE, REMOVED))
    out = []
    for month in sorted(last):
        notice = recorded.get(month)
        nxt = next_month(month)
        try:
            deadline = cal.nth_workday_of_month(nxt[0], nxt[1], rules.before_workday)
        except CalendarMissing as exc:
            out.append(MonthStatus(month, None, notice, last[month], None, exc.year))
            continue
        out.append(
            MonthStatus(
                month,
                deadline,
                notice,
                last[month],
                _problem(month, deadline, notice, as_of, rules.days_posted, rules.before_workday),
            )
        )
    return out


def _problem(
    month: Month,
    deadline: datetime.date,
    notice: Notice | None,
    as_of: datetime.date,
    days_posted: int,
    before_workday: int,
) -> str | None:
    label = month_label(month)
    if notice is None or notice.posted is None:
        if as_of <= deadline:
            return None
        what = "未记录公示" if notice is None else "公示记录缺少张贴日期（posted）"
        return f"{label}有救助，{what}：最迟应在 {deadline}（第{before_workday}个工作日）张贴公示"
    if notice.posted > deadline:
        return (
            f"{label}救助公示于 {notice.posted} 张贴，晚于期限：最迟应在 {deadline}"
            f"（第{before_workday}个工作日）张贴"
        )
    if notice.removed is not None and (notice.removed - notice.posted).days < days_posted:
        shown = (notice.removed - notice.posted).days
        return (
            f"{label}救助公示只张贴了 {shown} 天（{notice.posted} 至 {notice.removed}），"
            f"应不少于 {days_posted} 天"
        )
    return None


def _records(entries: Sequence[data.Directive]) -> Iterator[Finding]:
    """What ``jjn record notice`` refuses, judged on the books: a month's notice recorded twice,
    a take-down date before the posting date."""
    seen: set[Month] = set()
    for e in entries:
        if not isinstance(e, data.Custom) or e.type != NOTICE or not e.values:
            continue
        month = _parse_month(e.values[0].value)
        if month is None:
            yield Finding(
                RECORD_RULE, f"公示记录的月份“{e.values[0].value}”应写成 YYYY-MM", e.meta, e
            )
            continue
        if month in seen:
            yield Finding(RECORD_RULE, f"{month_label(month)}的公示重复登记", e.meta, e)
        seen.add(month)
        posted, removed = e.meta.get("posted"), e.meta.get("removed")
        dated = isinstance(posted, datetime.date) and isinstance(removed, datetime.date)
        if dated and removed < posted:  # type: ignore[operator]
            yield Finding(
                RECORD_RULE, f"公示撤下日期 {removed} 不能早于张贴日期 {posted}", e.meta, e
            )


def check(entries: Sequence[data.Directive], book: Book) -> Iterator[Finding]:
    yield from _records(book.index(entries).customs_of(NOTICE))
    for status in statuses(entries, book):
        if status.calendar_year_missing is not None:
            where = status.notice.entry if status.notice else status.last_payment.entry
            yield Finding(
                CALENDAR_RULE,
                f"无法判断{month_label(status.month)}救助公示是否按期："
                f"缺少 {status.calendar_year_missing} 年的节假日安排数据，请补充 workdays 覆盖文件",
                where.meta,
                where,
            )
        elif status.problem is not None:
            notice = status.notice
            where = notice.entry if notice else status.last_payment.entry
            explanation = where.meta.get("explanation") if notice else None
            if isinstance(explanation, str) and explanation.strip() and notice and notice.posted:
                text = f"{status.problem}（情况说明：{explanation.strip()}）"
                yield Finding(EXPLAINED_RULE, text, where.meta, where)
            else:
                yield Finding(RULE, status.problem, where.meta, where)
