"""What every society report starts from: the loaded books, the book, and the period asked for.

Reports read the same entries the rules check (``ledger.load`` with the plugin), so a figure in
a workbook and a finding in ``jjn check`` are always about the same books.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

from jjn_ledger.errors import JjnError
from jjn_ledger.ledger.formats import parse_month


class BadPeriod(JjnError):
    """A period argument that is not YYYY-MM, YYYY-H1/H2 or YYYY."""

    def __init__(self, text: str, expected: str) -> None:
        super().__init__(f"期间“{text}”格式不对，应为 {expected}")


@dataclass(frozen=True)
class Period:
    """A span of whole months, as reports name it."""

    start: datetime.date
    end: datetime.date  # inclusive
    label: str  # 2025年3月, 2025年上半年, 2025年度

    @property
    def year_start(self) -> datetime.date:
        return self.start.replace(month=1, day=1)

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def month_period(text: str) -> Period:
    """The month a report is asked for, read by the one month parser."""
    year, month = parse_month(text)
    return Period(datetime.date(year, month, 1), month_end(year, month), f"{year}年{month}月")


def parse_half(text: str) -> Period:
    m = re.fullmatch(r"(\d{4})-H([12])", text.strip().upper())
    if not m:
        raise BadPeriod(text, "年-H1 或 年-H2，例如 2025-H1")
    year, half = int(m.group(1)), int(m.group(2))
    first = 1 if half == 1 else 7
    return Period(
        datetime.date(year, first, 1),
        month_end(year, first + 5),
        f"{year}年{'上' if half == 1 else '下'}半年",
    )


def parse_year(text: str) -> int:
    if not re.fullmatch(r"\d{4}", text.strip()):
        raise BadPeriod(text, "四位年份，例如 2025")
    return int(text)


def parse_quarter(text: str) -> Period:
    """``2026-Q3`` → July to September 2026."""
    m = re.fullmatch(r"(\d{4})-Q([1-4])", text.strip().upper())
    if not m:
        raise BadPeriod(text, "年-Q1 至 年-Q4，例如 2026-Q3")
    year, quarter = int(m.group(1)), int(m.group(2))
    first = 3 * quarter - 2
    return Period(
        datetime.date(year, first, 1), month_end(year, first + 2), f"{year}年第{quarter}季度"
    )


def year_period(year: int) -> Period:
    return Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31), f"{year}年度")


def any_period(text: str) -> Period:
    """A month (2025-03), a quarter (2025-Q1), a half-year (2025-H1) or a year (2025)."""
    spelled = text.strip().upper()
    if "Q" in spelled:
        return parse_quarter(text)
    if "H" in spelled:
        return parse_half(text)
    if re.fullmatch(r"\d{4}", spelled):
        return year_period(int(spelled))
    try:
        return month_period(text)
    except JjnError:
        raise BadPeriod(
            text, "月份、季度、半年或年度，例如 2025-03、2025-Q1、2025-H1、2025"
        ) from None
