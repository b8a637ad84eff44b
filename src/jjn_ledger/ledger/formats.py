"""Formatting shared by messages and reports, so numbers read the same everywhere."""

from __future__ import annotations

import datetime
from decimal import Decimal


def yuan(amount: Decimal | int) -> str:
    """``Decimal("12345.5")`` → ``"12,345.50 元"``."""
    return f"{Decimal(amount):,.2f} 元"


def month_key(day: datetime.date) -> str:
    """``date(2025, 3, 14)`` → ``"2025-03"``: how months are named in directives and files."""
    return f"{day.year:04d}-{day.month:02d}"
