"""Build Beancount directives and render them as text, for every piece of code that writes books.

Text is produced by Beancount's own printer, so whatever jjn writes (the CLI's record commands,
the sample generator, period-end entries) parses back exactly; nobody formats a posting by hand.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from beancount.core import amount, data
from beancount.parser import printer
from beancount.parser.grammar import ValueType

CURRENCY = "CNY"
CENT = Decimal("0.01")


def money(value: Decimal | int | str) -> amount.Amount:
    return amount.Amount(Decimal(value).quantize(CENT), CURRENCY)


def _meta(fields: Mapping[str, Any] | None) -> data.Meta:
    meta = data.new_metadata("<jjn>", 0)
    for key, value in (fields or {}).items():
        if value is None:
            continue
        is_number = isinstance(value, int | float) and not isinstance(value, bool)
        meta[key] = Decimal(str(value)) if is_number else value
    return meta


def transaction(
    date: datetime.date,
    payee: str | None,
    narration: str,
    postings: Sequence[tuple[str, Decimal | int | str | None]],
    meta: Mapping[str, Any] | None = None,
    links: Iterable[str] = (),
) -> data.Transaction:
    """A transaction; a posting with amount None is the balancing leg."""
    return data.Transaction(
        _meta(meta),
        date,
        "*",
        payee,
        narration,
        frozenset(),
        frozenset(links),
        [
            data.Posting(acc, None if amt is None else money(amt), None, None, None, None)
            for acc, amt in postings
        ],
    )


def custom(
    date: datetime.date,
    kind: str,
    values: Sequence[str],
    meta: Mapping[str, Any] | None = None,
) -> data.Custom:
    return data.Custom(_meta(meta), date, kind, [ValueType(v, str) for v in values])


def open_account(date: datetime.date, account: str) -> data.Open:
    return data.Open(_meta(None), date, account, [CURRENCY], None)


def balance(date: datetime.date, account: str, value: Decimal) -> data.Balance:
    return data.Balance(_meta(None), date, account, money(value), None, None)


def render(entries: Iterable[data.Directive]) -> str:
    """Entries as ledger text, one blank line between them."""
    return "\n".join(printer.format_entry(e) for e in entries)
