"""How money and months are written and read, once for every message, report and page.

A treasurer types ``2025-3`` or ``2025-03`` and reads ``12,345.50 元`` in every place jjn
speaks: the command line, the workbooks, the Fava pages and the rule messages. One parser and
one formatter for each keeps those places from drifting apart.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from functools import lru_cache

from jjn_ledger.errors import JjnError

_MONTH = re.compile(r"(\d{4})-(\d{1,2})|(\d{4})年(\d{1,2})月")


class BadMonth(JjnError):
    """A month argument that is not a year and a month."""

    def __init__(self, text: str) -> None:
        super().__init__(f"月份“{text}”格式不对，应为 YYYY-MM，例如 2025-03")


def money(amount: Decimal | int) -> str:
    """``Decimal("12345.5")`` → ``"12,345.50"``: money as the treasurer's sheets show it."""
    return f"{Decimal(amount):,.2f}"


def yuan(amount: Decimal | int) -> str:
    """``Decimal("12345.5")`` → ``"12,345.50 元"``: money in a sentence."""
    return f"{money(amount)} 元"


@lru_cache(maxsize=4096)  # asked for every payment by the rules; a ledger has few days
def month_key(day: datetime.date) -> str:
    """``date(2025, 3, 14)`` → ``"2025-03"``: how months are named in directives and files."""
    return f"{day.year:04d}-{day.month:02d}"


def parse_month(text: object) -> tuple[int, int]:
    """``"2025-03"``, ``"2025-3"`` or ``"2025年3月"`` → ``(2025, 3)``, or ``BadMonth``."""
    m = _MONTH.fullmatch(str(text).strip())
    if not m:
        raise BadMonth(str(text))
    year, month = (int(g) for g in m.groups() if g is not None)
    if not 1 <= month <= 12:
        raise BadMonth(str(text))
    return year, month


def normal_month(text: object) -> str:
    """A month as typed, in the one form directives and files use: ``"2025-3"`` → ``"2025-03"``."""
    year, month = parse_month(text)
    return f"{year:04d}-{month:02d}"
