"""A member assembly held (会员大会, R13): the half-year it reported on, recorded in the books.

001 §四(二) has the society hold a member assembly every half year that publishes the fund's
state and the aid given (the half-year report, ``jjn report half-year``). Whether it was held is
a fact the books should carry, so a township's yearly evaluation (003 §二 五) can count it::

    2025-07-10 custom "jjn-assembly" "2025-H1"
      attendees: 46
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from beancount.core import data
from pydantic import Field, field_validator

from jjn_ledger.errors import JjnError
from jjn_ledger.ledger.profile import Book
from jjn_ledger.ledger.vocabulary import ASSEMBLY
from jjn_ledger.record.money import Input
from jjn_ledger.write import render

_HALF = re.compile(r"^(\d{4})-H([12])$")


class AssemblyIn(Input):
    """A member assembly: when, which half-year it reported on, how many members came."""

    date: datetime.date = Field(title="开会日期")
    half: str = Field(title="报告的半年")
    attendees: int | None = Field(default=None, ge=1, le=100_000, title="到会人数")

    @field_validator("half")
    @classmethod
    def _half_year(cls, value: str) -> str:
        m = _HALF.match(value.strip().upper())
        if not m:
            raise ValueError("半年应写作 年-H1 或 年-H2，例如 2025-H1")
        return f"{m.group(1)}-H{m.group(2)}"


def half_end(half: str) -> datetime.date:
    """The last day of a half-year ``YYYY-H1``/``YYYY-H2``."""
    year, part = int(half[:4]), half[-1]
    return datetime.date(year, 6, 30) if part == "1" else datetime.date(year, 12, 31)


def assembly(book: Book, inp: AssemblyIn) -> list[data.Directive]:
    """The ``jjn-assembly`` directive; an assembly before its half-year ended is refused."""
    del book  # every society may hold one; nothing in the profile decides it
    if inp.date <= half_end(inp.half):
        raise JjnError(f"{inp.half} 尚未结束：会员大会应在半年结束后召开，报告这半年的情况")
    return [
        render.custom(
            inp.date,
            ASSEMBLY,
            [inp.half],
            {"attendees": Decimal(inp.attendees) if inp.attendees else None},
        )
    ]
