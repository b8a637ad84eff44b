"""R10 — what was posted on the notice board or filed with the township stays as it was.

Seed: ``000_5491b89b33d14de1.txt`` §二(三) (公示7天接受社会监督，并将上月开展救助情况报送给乡镇
（街道）备案) and ``001_05e126a812a7c5c1.txt`` §四(二) (三公开、四公布).

A ``jjn-notice`` or ``jjn-filing`` directive recorded with ``jjn record notice|filing`` carries a
digest of the facts it published (``published``). If the month's aid or money no longer gives
the same digest — an aid payment deleted after it was posted, an amount edited after filing —
that is an error at the notice or filing, naming what it showed and what the books say now.
Directives without a ``digest`` (recorded by hand) are not compared. To correct a month after
publication, record a correcting entry in the current month, or record the new notice/filing.

Before: ``jjn record notice … 2025-03`` listed 3 payments, 2,100.00 元; then one payment is
deleted from ``books/2025-03.beancount``. After: ``[R10 公示报备后不得改动] 2025-03 的公示已于
2025-04-03 张贴（3 人次 2,100.00 元），账本现为 2 人次 1,600.00 元…``
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal

from beancount.core import data
from beancount.core.amount import Amount

from jjn_ledger.ledger import disclosures as published
from jjn_ledger.ledger.formats import yuan
from jjn_ledger.ledger.profile import Book
from jjn_ledger.ledger.vocabulary import FILING, NOTICE
from jjn_ledger.rules.base import Finding, Rule

RULE = Rule("R10", "公示报备后不得改动", "皖民社救函〔2024〕61号 二(三)")


def _number(value: object) -> Decimal | None:
    if isinstance(value, Amount):
        return value.number
    return value if isinstance(value, Decimal) else None


def check(entries: Sequence[data.Directive], book: Book) -> Iterator[Finding]:
    stamped = [
        e
        for e in entries
        if isinstance(e, data.Custom)
        and e.type in (NOTICE, FILING)
        and isinstance(e.meta.get("digest"), str)
        and e.values
    ]
    if not stamped:
        return
    notices = published.notice_lines_by_month(book.aid_payments(entries))
    filed = {str(e.values[0].value) for e in stamped if e.type == FILING}
    filings = published.filing_lines_by_month(entries, filed) if filed else {}
    for e in stamped:
        month = str(e.values[0].value)
        if e.type == NOTICE:
            lines, total = notices.get(month, ([], Decimal(0)))
            if published.digest(lines) == e.meta["digest"]:
                continue
            then = _number(e.meta.get("total"))
            shown = f"{e.meta.get('listed')} 人次" + (f" {yuan(then)}" if then is not None else "")
            yield Finding(
                RULE,
                f"{month} 的公示已于 {e.meta.get('posted', e.date)} 张贴（{shown}），"
                f"此后救助记录被改动，账本现为 {len(lines)} 人次 {yuan(total)}",
                e.meta,
                e,
            )
        else:
            rows = filings.get(month, [])
            if published.digest(rows) == e.meta["digest"]:
                continue
            when = e.meta.get("filed", e.date)
            yield Finding(
                RULE,
                f"{month} 的报备已于 {when} 报送乡镇（{e.meta.get('listed')} 笔），"
                f"此后该月账目被改动（现为 {len(rows)} 笔）",
                e.meta,
                e,
            )
