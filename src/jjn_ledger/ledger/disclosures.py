"""What a notice showed and a filing reported, as digests of the published facts.

Pure functions over loaded entries: rule R10 (``rules.r10_published``) recomputes these digests
on every load, and ``record.published`` stamps them on the notice or filing when it is recorded.
Only the published facts count (for a notice: date, recipient, category, cause, amount, form;
for a filing: each transaction's date, accounts and amounts).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from decimal import Decimal

from beancount.core import data

from jjn_ledger.ledger.chart import Chart
from jjn_ledger.ledger.formats import month_key
from jjn_ledger.ledger.transactions import AidPayment, aid_payments, transactions


def notice_lines_by_month(
    payments: Iterable[AidPayment],
) -> dict[str, tuple[list[str], Decimal]]:
    """Per month, the facts its notice shows (one line per aid payment) and their total."""
    out: dict[str, tuple[list[str], Decimal]] = defaultdict(lambda: ([], Decimal(0)))
    for p in payments:
        lines, total = out[month_key(p.date)]
        lines.append(f"{p.date}|{p.recipient}|{p.category}|{p.cause}|{p.amount:.2f}|{p.form}")
        out[month_key(p.date)] = (lines, total + p.amount)
    return {m: (sorted(lines), total) for m, (lines, total) in out.items()}


def filing_lines_by_month(
    entries: Sequence[data.Directive], months: Collection[str] | None = None
) -> dict[str, list[str]]:
    """Per month (only ``months``, if given), the facts its filing reports, one per transaction."""
    out: dict[str, list[str]] = defaultdict(list)
    for txn in transactions(entries):
        month = month_key(txn.date)
        if months is not None and month not in months:
            continue
        legs = sorted(
            f"{p.account}={p.units.number:.2f}" for p in txn.postings if p.units is not None
        )
        out[month].append(f"{txn.date}|{';'.join(legs)}")
    return {m: sorted(lines) for m, lines in out.items()}


def digest(lines: Sequence[str]) -> str:
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def notice_stamp(entries: Sequence[data.Directive], chart: Chart, month: str) -> dict[str, object]:
    """Metadata fixing what a month's notice listed."""
    payments = aid_payments(entries, chart)
    lines, total = notice_lines_by_month(payments).get(month, ([], Decimal(0)))
    return {"listed": len(lines), "total": total, "digest": digest(lines)}


def filing_stamp(entries: Sequence[data.Directive], month: str) -> dict[str, object]:
    """Metadata fixing what a month's filing reported."""
    lines = filing_lines_by_month(entries, {month}).get(month, [])
    return {"listed": len(lines), "digest": digest(lines)}
