"""What a notice showed and a filing reported, as digests of the published facts.

Pure functions over loaded entries: rule R10 (``rules.r10_published``) recomputes these digests
on every load, and ``record.published`` stamps them on the notice or filing when it is recorded.
Only the published facts count, so adding a voucher number or a document link later is not a
change:

* a notice: each payment's date, register key, the name *as the notice prints it* (masked,
  ``张*兰``), category, cause category, amount and form — renaming a recipient after the notice
  changes what the notice would print, so it is a change;
* a filing: each transaction's date, accounts and amounts, and each aid payment's register key,
  the full name the filing prints, category, cause category and amount.

A stamp's ``version`` names that scheme; stamps recorded before names were part of it (no
``version``) are checked with the old one (``1``: no names), so old books keep their verdict.

The printed notice and filing carry the digest's first 16 characters as a verification code
(``verification_code``), which the township checks with ``jjn verify``; the county keeps every
digest in its anchor register (``ledger.anchors``), outside the books.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from decimal import Decimal

from beancount.core import data

from jjn_ledger.ledger.chart import Chart
from jjn_ledger.ledger.formats import month_key
from jjn_ledger.ledger.idcodes import mask_name
from jjn_ledger.ledger.profile import read_book
from jjn_ledger.ledger.transactions import AidPayment, aid_payments, transactions
from jjn_ledger.ledger.vocabulary import AidCategory, AidForm

VERSION = 2  # the digest scheme of new stamps (see the module docstring)
CODE_LENGTH = 16  # hex characters of the digest printed as the verification code

Names = Mapping[str, str]  # register key → full name
# Categories and forms as text: formatting an enum member costs a dozen times a dict lookup, and
# every load formats one of each for every payment of every stamped month.
_TEXT: dict[AidCategory | AidForm, str] = {m: str(m) for m in (*AidCategory, *AidForm)}


def names_of(entries: Sequence[data.Directive]) -> dict[str, str]:
    """Register key → full name, from the ledger's register."""
    return {key: person.name for key, person in read_book(entries).recipients.items()}


def published_name(payment: AidPayment, names: Names) -> str:
    """The recipient's full name as reports print it: the register's, else the payee."""
    return names.get(payment.recipient or "", payment.entry.payee or "")


def stamp_version(meta: Mapping[str, object]) -> int:
    """The digest scheme of a recorded stamp: 1 when it names none (stamps of old books)."""
    value = meta.get("version")
    return int(value) if isinstance(value, int | Decimal) and value == int(value) else 1


def notice_lines_by_month(
    payments: Iterable[AidPayment],
    names: Names | None = None,
    version: int = VERSION,
    months: Collection[str] | None = None,
) -> dict[str, tuple[list[str], Decimal]]:
    """Per month (only ``months``, if given), the facts its notice shows (one line per aid
    payment) and their total."""
    lines: dict[str, list[str]] = defaultdict(list)
    totals: dict[str, Decimal] = defaultdict(Decimal)
    shown: dict[tuple[str | None, str | None], str] = {}  # (recipient, payee) → who, as shown
    # Every load rebuilds the lines of each stamped month: the payments' days and amounts, which
    # they share, are formatted once (formatting a date took half the time of a line).
    days: dict[object, str] = {}
    amounts: dict[Decimal, str] = {}
    for p in payments:
        month = month_key(p.date)
        if months is not None and month not in months:
            continue
        who = shown.get((p.recipient, p.entry.payee))
        if who is None:
            who = str(p.recipient)
            if version >= 2:
                who = f"{who}|{mask_name(published_name(p, names or {}))}"
            shown[(p.recipient, p.entry.payee)] = who
        day = days.get(p.date)
        if day is None:
            day = days[p.date] = p.date.isoformat()
        amount = amounts.get(p.amount)
        if amount is None:
            amount = amounts[p.amount] = f"{p.amount:.2f}"
        text = _TEXT[p.category], _TEXT[p.form]
        lines[month].append(f"{day}|{who}|{text[0]}|{p.cause}|{amount}|{text[1]}")
        totals[month] += p.amount
    return {m: (sorted(rows), totals[m]) for m, rows in lines.items()}


def filing_lines_by_month(
    entries: Sequence[data.Directive],
    months: Collection[str] | None = None,
    version: int = VERSION,
    chart: Chart | None = None,
    names: Names | None = None,
    payments: Iterable[AidPayment] | None = None,
) -> dict[str, list[str]]:
    """Per month (only ``months``, if given), the facts its filing reports.

    ``chart`` and ``names`` (the register's) are read from the entries when not given, the aid
    payments too (the rules pass the ones they have already read).
    """
    out: dict[str, list[str]] = defaultdict(list)
    for txn in transactions(entries):
        month = month_key(txn.date)
        if months is not None and month not in months:
            continue
        legs = sorted(
            f"{p.account}={p.units.number:.2f}" for p in txn.postings if p.units is not None
        )
        out[month].append(f"{txn.date}|{';'.join(legs)}")
    if version >= 2:
        if names is None or chart is None:
            book = read_book(entries)
            chart = chart or book.chart
            names = {key: person.name for key, person in book.recipients.items()}
        for pay in aid_payments(entries, chart) if payments is None else payments:
            month = month_key(pay.date)
            if months is None or month in months:
                name = published_name(pay, names)
                out[month].append(
                    f"aid|{pay.date}|{pay.recipient}|{name}|{pay.category}|{pay.cause}|{pay.amount:.2f}"
                )
    return {m: sorted(lines) for m, lines in out.items()}


def digest(lines: Sequence[str]) -> str:
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def verification_code(value: str) -> str:
    """The digest as printed for people to type: ``9C1F-3A2B-77D0-1E2F`` (64 bits)."""
    head = value[:CODE_LENGTH].upper()
    return "-".join(head[i : i + 4] for i in range(0, len(head), 4))


def notice_digest(entries: Sequence[data.Directive], chart: Chart, month: str) -> str:
    """The digest of a month's notice as the books now stand (what the paper's code is)."""
    return str(notice_stamp(entries, chart, month)["digest"])


def filing_digest(entries: Sequence[data.Directive], month: str) -> str:
    return str(filing_stamp(entries, month)["digest"])


def notice_stamp(entries: Sequence[data.Directive], chart: Chart, month: str) -> dict[str, object]:
    """Metadata fixing what a month's notice listed."""
    payments = aid_payments(entries, chart)
    lines, total = notice_lines_by_month(payments, names_of(entries)).get(month, ([], Decimal(0)))
    return {"listed": len(lines), "total": total, "digest": digest(lines), "version": VERSION}


def filing_stamp(entries: Sequence[data.Directive], month: str) -> dict[str, object]:
    """Metadata fixing what a month's filing reported."""
    lines = filing_lines_by_month(entries, {month}).get(month, [])
    listed = sum(1 for line in lines if not line.startswith("aid|"))  # transactions
    return {"listed": listed, "digest": digest(lines), "version": VERSION}
