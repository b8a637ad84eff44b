"""What a society made public or filed, fixed at the time it did so.

A notice on the village board (R10) lists last month's aid; a filing to the township reports the
month's money. Once either has gone out, quietly deleting an aid payment it listed or editing an
amount it reported would make the books disagree with what the village and the township saw.
So when the treasurer records a notice or a filing, jjn stamps it with a digest of exactly the
facts it showed::

    2025-04-03 custom "jjn-notice" "2025-03"
      posted: 2025-04-03
      removed: 2025-04-10
      listed: 3
      total: 2100.00 CNY
      digest: "9c1f…"
      version: 2

and rule R10 (``rules.r10_published``) recomputes it on every load. Only the published facts
count, so adding a voucher number or a document link later is not a change:

* a notice: each payment's date, register key, the name *as the notice prints it* (masked,
  ``张*兰``), category, cause category, amount and form — renaming a recipient after the notice
  changes what the notice would print, so it is a change;
* a filing: each transaction's date, accounts and amounts, and each aid payment's register key,
  the full name the filing prints, category, cause category and amount.

``version`` names that scheme; stamps recorded before names were part of it (no ``version``)
are checked with the old one (``1``: no names), so old books keep their verdict.

The printed notice and filing carry the digest's first 16 characters as a verification code
(``verification_code``), which the township checks with ``jjn verify``; the county keeps every
digest in its anchor register (``ledger.anchors``), outside the books.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from decimal import Decimal

from beancount.core import data
from pydantic import BaseModel, ConfigDict, Field

from jjn_ledger.errors import JjnError
from jjn_ledger.ledger.chart import Chart
from jjn_ledger.ledger.formats import month_key
from jjn_ledger.ledger.idcodes import mask_name
from jjn_ledger.ledger.profile import read_book
from jjn_ledger.ledger.transactions import AidPayment, aid_payments, transactions
from jjn_ledger.write import render as writer

NOTICE = "jjn-notice"
REMOVED = "jjn-notice-removed"  # the day a notice came down, recorded after it was posted
FILING = "jjn-filing"
VERSION = 2  # the digest scheme of new stamps (see the module docstring)
CODE_LENGTH = 16  # hex characters of the digest printed as the verification code

Names = Mapping[str, str]  # register key → full name


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
    payments: Iterable[AidPayment], names: Names | None = None, version: int = VERSION
) -> dict[str, tuple[list[str], Decimal]]:
    """Per month, the facts its notice shows (one line per aid payment) and their total."""
    out: dict[str, tuple[list[str], Decimal]] = defaultdict(lambda: ([], Decimal(0)))
    for p in payments:
        lines, total = out[month_key(p.date)]
        who = (
            p.recipient
            if version < 2
            else f"{p.recipient}|{mask_name(published_name(p, names or {}))}"
        )
        lines.append(f"{p.date}|{who}|{p.category}|{p.cause}|{p.amount:.2f}|{p.form}")
        out[month_key(p.date)] = (lines, total + p.amount)
    return {m: (sorted(lines), total) for m, (lines, total) in out.items()}


def filing_lines_by_month(
    entries: Sequence[data.Directive],
    months: Collection[str] | None = None,
    version: int = VERSION,
    chart: Chart | None = None,
) -> dict[str, list[str]]:
    """Per month (only ``months``, if given), the facts its filing reports."""
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
        names = names_of(entries)
        for pay in aid_payments(entries, chart or read_book(entries).chart):
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


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    month: str = Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", title="月份")


class NoticeIn(_In):
    """``jjn record notice``: when last month's notice went up (and came down)."""

    posted: datetime.date = Field(title="张贴日期")
    removed: datetime.date | None = Field(default=None, title="撤下日期")
    explanation: str | None = Field(default=None, min_length=1, max_length=200, title="情况说明")


class FilingIn(_In):
    """``jjn record filing``: when the month's aid was filed with the township."""

    filed: datetime.date = Field(title="报送日期")


def _existing(entries: Sequence[data.Directive], kind: str, month: str) -> data.Custom | None:
    return next(
        (
            e
            for e in entries
            if isinstance(e, data.Custom)
            and e.type == kind
            and e.values
            and str(e.values[0].value) == month
        ),
        None,
    )


def notice_entry(entries: Sequence[data.Directive], chart: Chart, inp: NoticeIn) -> data.Custom:
    """The stamped ``jjn-notice`` for a month; refuses a second one or a month without aid."""
    if _existing(entries, NOTICE, inp.month) is not None:
        raise JjnError(f"{inp.month} 已有公示记录，不能重复登记")
    stamp = notice_stamp(entries, chart, inp.month)
    if not stamp["listed"]:
        raise JjnError(f"{inp.month} 没有救助记录，无需公示")
    if inp.removed is not None and inp.removed < inp.posted:
        raise JjnError("撤下日期不能早于张贴日期")
    meta = {"posted": inp.posted, "removed": inp.removed, "explanation": inp.explanation, **stamp}
    return writer.custom(inp.posted, NOTICE, [inp.month], meta)


def filing_entry(entries: Sequence[data.Directive], inp: FilingIn) -> data.Custom:
    """The stamped ``jjn-filing`` for a month; refuses a second one."""
    if _existing(entries, FILING, inp.month) is not None:
        raise JjnError(f"{inp.month} 已有报备记录，不能重复登记")
    return writer.custom(
        inp.filed, FILING, [inp.month], {"filed": inp.filed, **filing_stamp(entries, inp.month)}
    )


class RemovalIn(_In):
    """``jjn record notice-removed``: when a posted notice came down."""

    removed: datetime.date = Field(title="撤下日期")


def removal_entry(entries: Sequence[data.Directive], inp: RemovalIn) -> data.Custom:
    """A ``jjn-notice-removed`` for a posted notice that has no take-down date yet."""
    notice = _existing(entries, NOTICE, inp.month)
    if notice is None:
        raise JjnError(f"{inp.month} 还没有公示记录：请先用 jjn record notice 登记张贴日期")
    posted = notice.meta.get("posted")
    if notice.meta.get("removed") or _existing(entries, REMOVED, inp.month) is not None:
        raise JjnError(f"{inp.month} 的公示已登记撤下日期，不能重复登记")
    if isinstance(posted, datetime.date) and inp.removed < posted:
        raise JjnError(f"撤下日期 {inp.removed} 不能早于张贴日期 {posted}")
    return writer.custom(inp.removed, REMOVED, [inp.month])
