"""Working days on the mainland calendar, for the deadline rules.

Aid must be investigated within 1 working day of acceptance and paid within 1 working day of
approval (R6), and last month's recipients are posted before the 5th working day of the month
(R10). "Working day" there means the State Council's calendar: weekends and public holidays are
rest days, except the weekend days declared make-up working days (调休上班). Counting plain
weekdays would wrongly flag a payment made on a make-up Saturday, or miss one made late across
the National Day week.

The calendar comes from the package ``chinesecalendar``, which carries each year's schedule once
the State Council publishes it (usually in November for the next year) and raises
``NotImplementedError`` for any year it does not have. A county cannot wait for a new release of
that package, so ``Calendar`` takes a local override: the holidays and make-up working days of
the years it covers, usually read with ``Calendar.from_toml`` from a file the county fills in
(see ``data/workdays_override.example.toml``). Any date in a year that neither covers raises
``CalendarMissing``, which names the year, instead of guessing from weekdays: a wrong deadline in
the books is worse than a clear request for data.

Days are counted like the civil-law periods they implement: the day something happens is not
counted, so "within 1 working day" of an acceptance on a Friday ends on the Monday, as it does
for an acceptance on the Saturday.
"""

from __future__ import annotations

import datetime
import operator
import os
import tomllib
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import chinese_calendar

__all__ = ["Calendar", "CalendarMissing", "default_calendar"]

_ONE_DAY = datetime.timedelta(days=1)
_SATURDAY = 5

# The years chinesecalendar has data for. It derives the same range from its holiday table on
# every call; computing it once lets us raise our own error before calling it at all.
_LIBRARY_YEARS = range(min(chinese_calendar.holidays).year, max(chinese_calendar.holidays).year + 1)

_ENTRY_KEYS = frozenset({"year", "holidays", "workdays"})


class CalendarMissing(ValueError):
    """No holiday schedule is known for a year: neither ``chinesecalendar`` nor the override.

    A ``ValueError`` so that callers already reporting bad input report this too; the message
    tells the county what to add and where. ``year`` holds the year for programs.
    """

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(
            f"缺少 {year} 年的节假日安排数据：请在 workdays 覆盖文件中补充 {year} 年的"
            "节假日与调休上班日（国务院办公厅每年发布），"
            "格式见 jjn_ledger/data/workdays_override.example.toml"
        )

    def __reduce__(self) -> tuple[type[CalendarMissing], tuple[int]]:
        # The default would call CalendarMissing(message) when unpickling.
        return (type(self), (self.year,))


def _as_date(value: datetime.date) -> datetime.date:
    """Accept a ``datetime`` as its calendar day, refuse anything that is not a date.

    ``datetime`` is a subclass of ``date``, and adding days to it keeps the time of day, so
    results would come back as ``datetime`` and compare unequal to plain dates.
    """
    if isinstance(value, datetime.datetime):
        return value.date()
    if not isinstance(value, datetime.date):
        raise TypeError(f"应为日期（datetime.date），实为 {type(value).__name__}")
    return value


@cache
def _library_is_workday(day: datetime.date) -> bool:
    """``chinese_calendar.is_workday``, memoised, with its missing-year error translated.

    The library scans its whole holiday table on every call; the dates it knows are a few
    thousand, so remembering every answer is cheap and makes long spans fast.
    """
    if day.year not in _LIBRARY_YEARS:
        raise CalendarMissing(day.year)
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        raise CalendarMissing(day.year) from None


def _frozen_dates(values: Iterable[datetime.date], what: str) -> frozenset[datetime.date]:
    """The dates of an override as a frozenset, refusing anything that is not a plain date."""
    result = frozenset(values)
    for value in result:
        if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
            raise TypeError(f"{what}中的 {value!r} 不是日期（datetime.date）")
    return result


@dataclass(frozen=True)
class Calendar:
    """The mainland working-day calendar, with a local override.

    ``years`` are the years the override covers completely: for a date in one of them,
    ``chinesecalendar`` is not consulted, weekends are rest days and Monday to Friday working
    days. ``holidays`` and ``workdays`` (make-up working days, 调休上班) are listed dates that
    win over everything else, in any year, because a State Council notice can move a day in the
    year before the one it is about (the 2012 notice made Saturday 2011-12-31 a working day).
    A year listed in ``years`` may also be one ``chinesecalendar`` has, to correct it.

    Frozen and hashable, so one calendar can be shared by every rule and used as a cache key.
    """

    holidays: AbstractSet[datetime.date] = frozenset()
    workdays: AbstractSet[datetime.date] = frozenset()
    years: AbstractSet[int] = frozenset()

    def __post_init__(self) -> None:
        """Freeze the sets (callers pass plain ``set``) and refuse contradictory overrides."""
        holidays = _frozen_dates(self.holidays, "节假日")
        workdays = _frozen_dates(self.workdays, "调休上班日")
        years = frozenset(self.years)
        for year in years:
            if isinstance(year, bool) or not isinstance(year, int):
                raise TypeError(f"覆盖年份应为整数，实为 {year!r}")
        both = sorted(holidays & workdays)
        if both:
            listed = "、".join(day.isoformat() for day in both)
            raise ValueError(f"同一天不能既是节假日又是调休上班日：{listed}")
        object.__setattr__(self, "holidays", holidays)
        object.__setattr__(self, "workdays", workdays)
        object.__setattr__(self, "years", years)

    @classmethod
    def from_toml(cls, path: str | os.PathLike[str]) -> Calendar:
        """Read a county's override file (format: ``data/workdays_override.example.toml``).

        Each ``[[years]]`` entry has ``year`` and the lists ``holidays`` and ``workdays`` of
        TOML dates (``2027-02-14``, without quotes). An entry declares its year fully covered,
        so it must list every holiday of that year, including weekend days inside a holiday
        block. Dates outside the entry's year are allowed (see ``Calendar``).

        Raises ``ValueError`` with a Chinese message naming the file and the entry for a file
        that is not TOML or does not follow the format; a missing file raises
        ``FileNotFoundError`` as usual.
        """
        source = os.fspath(path)
        try:
            with open(source, "rb") as file:
                data = tomllib.load(file)
        except tomllib.TOMLDecodeError as exc:
            raise ValueError(f"workdays 覆盖文件 {source} 不是有效的 TOML：{exc}") from None
        return cls._from_mapping(data, source)

    @classmethod
    def _from_mapping(cls, data: Mapping[str, Any], source: str) -> Calendar:
        """Build a calendar from a parsed override file; *source* names it in messages."""
        unknown = sorted(set(data) - {"years"})
        if unknown:
            raise ValueError(
                f"workdays 覆盖文件 {source} 含有不认识的项 {'、'.join(unknown)}："
                "只能有 [[years]] 条目"
            )
        entries = data.get("years", [])
        if not isinstance(entries, list):
            raise ValueError(f"workdays 覆盖文件 {source} 中 years 应写成 [[years]] 条目")
        holidays: set[datetime.date] = set()
        workdays: set[datetime.date] = set()
        years: set[int] = set()
        for number, entry in enumerate(entries, start=1):
            where = f"workdays 覆盖文件 {source} 第 {number} 个 [[years]] 条目"
            year = _entry_year(entry, where)
            if year in years:
                raise ValueError(f"{where}：{year} 年重复出现，每年只能写一个条目")
            years.add(year)
            holidays |= _entry_dates(entry, "holidays", where)
            workdays |= _entry_dates(entry, "workdays", where)
        try:
            return cls(holidays=holidays, workdays=workdays, years=years)
        except ValueError as exc:
            raise ValueError(f"workdays 覆盖文件 {source}：{exc}") from None

    def is_workday(self, day: datetime.date) -> bool:
        """Whether *day* is a working day. Raises ``CalendarMissing`` for a year without data."""
        day = _as_date(day)
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        if day.year in self.years:
            return day.weekday() < _SATURDAY
        return _library_is_workday(day)

    def add_workdays(self, day: datetime.date, n: int) -> datetime.date:
        """The date *n* working days after *day*: the deadline of "within *n* working days".

        *day* itself is not counted, whether or not it is a working day. ``n == 0`` gives *day*
        if it is a working day, else the next working day (the first day something can be done).
        Raises ``ValueError`` for a negative *n*, ``CalendarMissing`` if the count runs into a
        year without data.
        """
        current = _as_date(day)
        n = operator.index(n)  # a float would never count down to exactly zero
        if n < 0:
            raise ValueError(f"工作日天数不能为负数，实为 {n}")
        if n == 0:
            while not self.is_workday(current):
                current += _ONE_DAY
            return current
        remaining = n
        while remaining:
            current += _ONE_DAY
            if self.is_workday(current):
                remaining -= 1
        return current

    def nth_workday_of_month(self, year: int, month: int, n: int) -> datetime.date:
        """The *n*-th working day (1-based) of a month, e.g. the R10 notice deadline.

        Raises ``ValueError`` if the month has fewer than *n* working days, ``CalendarMissing``
        for a year without data.
        """
        if not 1 <= month <= 12:
            raise ValueError(f"月份应在 1 到 12 之间，实为 {month}")
        if n < 1:
            raise ValueError(f"第几个工作日应从 1 开始，实为 {n}")
        current = datetime.date(year, month, 1)
        found = 0
        while current.month == month:
            if self.is_workday(current):
                found += 1
                if found == n:
                    return current
            current += _ONE_DAY
        raise ValueError(f"{year} 年 {month} 月只有 {found} 个工作日，没有第 {n} 个")

    def workdays_between(self, start: datetime.date, end: datetime.date) -> int:
        """The number of working days after *start*, up to and including *end*.

        The inverse of ``add_workdays``: ``workdays_between(d, add_workdays(d, n)) == n`` for
        ``n > 0``, so "paid within 1 working day" is ``workdays_between(approved, paid) <= 1``.
        Like ``(end - start).days`` it is negative when *end* is before *start*.
        """
        start, end = _as_date(start), _as_date(end)
        if end < start:
            return -self.workdays_between(end, start)
        count = 0
        current = start
        while current < end:
            current += _ONE_DAY
            if self.is_workday(current):
                count += 1
        return count


def _entry_year(entry: object, where: str) -> int:
    """The ``year`` of one ``[[years]]`` entry, after checking the entry's keys."""
    if not isinstance(entry, dict):
        raise ValueError(f"{where}应是一个表（[[years]]）")
    unknown = sorted(set(entry) - _ENTRY_KEYS)
    if unknown:
        raise ValueError(
            f"{where}含有不认识的项 {'、'.join(unknown)}：只能有 year、holidays、workdays"
        )
    year = entry.get("year")
    if isinstance(year, bool) or not isinstance(year, int):
        raise ValueError(f"{where}缺少 year（年份，整数，例如 year = 2027）")
    return year


def _entry_dates(entry: Mapping[str, Any], key: str, where: str) -> set[datetime.date]:
    """The dates listed under *key* in one entry, each a TOML local date."""
    what = "holidays（节假日）" if key == "holidays" else "workdays（调休上班日）"
    values = entry.get(key, [])
    if not isinstance(values, list):
        raise ValueError(f"{where}的 {what}应是日期列表，例如 [2027-01-01, 2027-01-02]")
    dates: set[datetime.date] = set()
    for value in values:
        if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
            raise ValueError(
                f"{where}的 {what}中 {value!r} 不是日期：请写成 2027-01-01 这样的 TOML 日期，"
                "不加引号，也不带时间"
            )
        dates.add(value)
    return dates


@cache
def default_calendar() -> Calendar:
    """The calendar without overrides: ``chinesecalendar``'s data only, shared by all callers."""
    return Calendar()


OVERRIDE_FILE = "workdays.toml"


def calendar_files(folder: Path) -> list[Path]:
    """Override files that apply to a society folder: its own, else its county's (the parent).

    A county adds next year's schedule once, in the county folder; a society's own file, if
    any, takes precedence.
    """
    return [p for p in (folder / OVERRIDE_FILE, folder.parent / OVERRIDE_FILE) if p.is_file()][:1]


def calendar_for(folder: Path) -> Calendar:
    """The calendar of a society: the State Council data plus the county's override file.

    Raises ``ValueError`` (a Chinese message naming the file) when the override is malformed.
    """
    files = calendar_files(folder)
    if not files:
        return default_calendar()
    stat = files[0].stat()
    return _calendar_from(str(files[0]), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=64)
def _calendar_from(path: str, _mtime: int, _size: int) -> Calendar:
    return Calendar.from_toml(path)
