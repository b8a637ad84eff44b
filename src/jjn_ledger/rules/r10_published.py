"""R10 — what was posted on the notice board or filed with the township stays as it was.

Seed: ``000_5491b89b33d14de1.txt`` §二(三) (公示7天接受社会监督，并将上月开展救助情况报送给乡镇
（街道）备案) and ``001_05e126a812a7c5c1.txt`` §四(二) (三公开、四公布).

A ``jjn-notice`` or ``jjn-filing`` directive recorded with ``jjn record notice|filing`` carries a
digest of the facts it published (``record.published``: for a notice the masked names it
printed too, so renaming a recipient afterwards is a change). If the month's aid or money no
longer gives the same digest — an aid payment deleted after it was posted, an amount edited
after filing — that is an error at the notice or filing, naming what it showed and what the
books say now. Directives without a ``digest`` (recorded by hand) are not compared. To correct a
month after publication, record a correcting entry in the current month.

Against the county's anchor register (``ledger.anchors``), when the county keeps one: the
treasurer can recompute a stamp, or delete the directive, but not the county's copy of the
digest. So a month whose notice or filing the county anchored must still have that stamp, with
that digest; a stamp the county has not anchored yet is a warning (``jjn county anchor``).

Before: ``jjn record notice … 2025-03`` listed 3 payments, 2,100.00 元; then one payment is
deleted from ``books/2025-03.beancount``. After: ``[R10 公示报备后不得改动] 2025-03 的公示已于
2025-04-03 张贴（3 人次 2,100.00 元），账本现为 2 人次 1,600.00 元…``
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal

from beancount.core import data
from beancount.core.amount import Amount

from jjn_ledger.ledger import anchors
from jjn_ledger.ledger import disclosures as published
from jjn_ledger.ledger.formats import yuan
from jjn_ledger.ledger.profile import Book
from jjn_ledger.ledger.vocabulary import FILING, NOTICE
from jjn_ledger.rules.base import Finding, Rule

RULE = Rule("R10", "公示报备后不得改动", "皖民社救函〔2024〕61号 二(三)")
PENDING = Rule("R10", "公示报备待县锚定", "皖民社救函〔2024〕61号 二(三)", severity="warning")
_WHAT = {NOTICE: ("notice", "公示"), FILING: ("filing", "报备")}


def _number(value: object) -> Decimal | None:
    if isinstance(value, Amount):
        return value.number
    return value if isinstance(value, Decimal) else None


def _stamped(entries: Sequence[data.Directive], book: Book) -> list[data.Custom]:
    return [
        e
        for e in book.index(entries).customs_of(NOTICE, FILING)
        if isinstance(e.meta.get("digest"), str) and e.values
    ]


def check(entries: Sequence[data.Directive], book: Book) -> Iterator[Finding]:
    stamped = _stamped(entries, book)
    yield from _against_books(entries, book, stamped)
    anchored = anchors.for_book(book)
    if anchored is not None:
        yield from _against_county(book, stamped, anchored)


def _against_books(
    entries: Sequence[data.Directive], book: Book, stamped: list[data.Custom]
) -> Iterator[Finding]:
    if not stamped:
        return
    names = {key: person.name for key, person in book.recipients.items()}
    versions = {min(published.stamp_version(e.meta), published.VERSION) for e in stamped}
    payments = book.aid_payments(entries)
    posted = {str(e.values[0].value) for e in stamped if e.type == NOTICE}
    notices = {
        v: published.notice_lines_by_month(payments, names, v, posted) if posted else {}
        for v in versions
    }
    filed = {str(e.values[0].value) for e in stamped if e.type == FILING}
    filings = {
        v: published.filing_lines_by_month(entries, filed, v, book.chart, names, payments)
        if filed
        else {}
        for v in versions
    }
    for e in stamped:
        month = str(e.values[0].value)
        version = min(published.stamp_version(e.meta), published.VERSION)
        if e.type == NOTICE:
            lines, total = notices[version].get(month, ([], Decimal(0)))
            if published.digest(lines) == e.meta["digest"]:
                continue
            then = _number(e.meta.get("total"))
            shown = f"{e.meta.get('listed')} 人次" + (f" {yuan(then)}" if then is not None else "")
            same = then == total and str(e.meta.get("listed")) == str(len(lines))
            what = (
                "人次、金额未变，但救助对象姓名、类别、原因或日期与公示时不同"
                if same
                else f"账本现为 {len(lines)} 人次 {yuan(total)}"
            )
            yield Finding(
                RULE,
                f"{month} 的公示已于 {e.meta.get('posted', e.date)} 张贴（{shown}），"
                f"此后救助记录被改动：{what}",
                e.meta,
                e,
            )
        else:
            rows = filings[version].get(month, [])
            if published.digest(rows) == e.meta["digest"]:
                continue
            when = e.meta.get("filed", e.date)
            count = sum(1 for r in rows if not r.startswith("aid|"))
            yield Finding(
                RULE,
                f"{month} 的报备已于 {when} 报送乡镇（{e.meta.get('listed')} 笔），"
                f"此后该月账目被改动（现为 {count} 笔）",
                e.meta,
                e,
            )


def _against_county(
    book: Book, stamped: list[data.Custom], anchored: list[anchors.Anchor]
) -> Iterator[Finding]:
    where = book.profile_entry.meta if book.profile_entry else None
    for kind, (anchor_kind, what) in _WHAT.items():
        held = anchors.last_published(anchored, anchor_kind)
        in_books = [e for e in stamped if e.type == kind]
        for month, anchor in sorted(held.items()):
            same = [e for e in in_books if str(e.values[0].value) == month]
            if any(e.meta["digest"] == anchor.digest for e in same):
                continue
            code = published.verification_code(anchor.digest)
            if same:
                yield Finding(
                    RULE,
                    f"{month} 的{what}记录与县锚定登记簿不符：县里登记的核验码为 {code}，"
                    f"账本中的为 {published.verification_code(str(same[-1].meta['digest']))}"
                    f"（{what}后账目被改动，摘要被重新计算）",
                    same[-1].meta,
                    same[-1],
                )
            else:
                yield Finding(
                    RULE,
                    f"县锚定登记簿记有 {month} 的{what}（核验码 {code}），"
                    f"账本中已没有这条{what}记录",
                    where,
                    book.profile_entry,
                )
        known = {(a.month, a.digest) for a in anchored if a.kind == anchor_kind}
        for e in in_books:
            if (str(e.values[0].value), e.meta["digest"]) not in known:
                month = str(e.values[0].value)
                if month in held:
                    continue  # already reported above as a mismatch
                yield Finding(
                    PENDING,
                    f"{month} 的{what}尚未登记到县锚定登记簿：请县民政局运行 jjn county anchor",
                    e.meta,
                    e,
                )
