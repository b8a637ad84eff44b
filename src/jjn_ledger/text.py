"""Formatting shared by messages and reports, so numbers read the same everywhere."""

from __future__ import annotations

from decimal import Decimal


def yuan(amount: Decimal | int) -> str:
    """``Decimal("12345.5")`` → ``"12,345.50 元"``."""
    return f"{Decimal(amount):,.2f} 元"
