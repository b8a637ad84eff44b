"""R17 (books) — a closed month is locked: its entries must still match the seal.

Source: DOMAIN.md "The books (R17)" — treasurers' accounting software (用友, 金蝶, 好会计) locks
a closed period; books are kept under 民间非营利组织会计制度. ``jjn close`` seals a month with a
digest of its entries (``sealing.month_digest``); this rule recomputes the digest on every load
and reports an error at the seal when they differ. ``jjn reopen`` records a ``jjn-reopen``
directive with the reason, which lifts the seal; closing again seals the corrected month.

Before (2025-03 closed, then an amount in ``books/2025-03.beancount`` edited by hand)::

    2025-04-03 custom "jjn-seal" "2025-03"
      digest: "9f2c…"

After: ``[R17 结账锁定] 已结账月份 2025-03 的账目被改动（与结账时的摘要不符）…`` at the seal.

The seal in the books can be recomputed or deleted by whoever edits the books, so the county
keeps each seal's digest in its anchor register too (``ledger.anchors``). When it does, the
month's entries must still give the digest of the seal the county holds in force (the last one
anchored, unless the county also anchored a reopening after it), and that seal must still be in
the books. A seal or reopening the county has not anchored yet is a warning.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from beancount.core import data

from jjn_ledger.ledger import anchors
from jjn_ledger.ledger.disclosures import verification_code
from jjn_ledger.ledger.formats import month_key
from jjn_ledger.ledger.profile import Book
from jjn_ledger.ledger.seals import active_seals, by_month, digest_of, events
from jjn_ledger.ledger.vocabulary import REOPEN, SEAL
from jjn_ledger.rules.base import Finding, Rule

RULE = Rule("R17", "结账锁定", "民间非营利组织会计制度 期末结账")
PENDING = Rule("R17", "结账待县锚定", "民间非营利组织会计制度 期末结账", severity="warning")


def _acts(entries: Sequence[data.Directive]) -> Iterator[Finding]:
    """What ``jjn close``/``jjn reopen`` refuse, judged on the books: a month sealed before it
    ended, a reopening without its reason."""
    for e in entries:
        if not isinstance(e, data.Custom) or e.type not in (SEAL, REOPEN) or not e.values:
            continue
        month = str(e.values[0].value)
        if e.type == REOPEN:
            reason = e.meta.get("reason")
            if not isinstance(reason, str) or not reason.strip():
                yield Finding(RULE, f"重新开账 {month} 须写明原因（reason）", e.meta, e)
        elif month_key(e.date) <= month:
            yield Finding(
                RULE, f"{month} 尚未结束就结账（结账日期 {e.date}），月末之后才能结账", e.meta, e
            )


def check(entries: Sequence[data.Directive], book: Book) -> Iterator[Finding]:
    acts = book.index(entries).customs_of(SEAL, REOPEN)
    yield from _acts(acts)
    seals = active_seals(acts)
    anchored = anchors.for_book(book)
    if not seals and not anchored:
        return
    months = by_month(entries)
    if anchored is not None:
        yield from _against_county(entries, book, months, anchored)
    for month, seal in sorted(seals.items()):
        if digest_of(months.get(month, [])) != seal.meta.get("digest"):
            yield Finding(
                RULE,
                f"已结账月份 {month} 的账目被改动（与结账时的摘要不符）；如需更正，"
                f"先用“jjn reopen {month} --reason …”重新开账并写明原因，改完再结账",
                seal.meta,
                seal,
            )


def _against_county(
    entries: Sequence[data.Directive],
    book: Book,
    months: dict[str, list[data.Directive]],
    anchored: list[anchors.Anchor],
) -> Iterator[Finding]:
    held = anchors.seals_in_force(anchored)
    known = {(a.kind, a.month, a.digest) for a in anchored}
    for month, anchor in sorted(held.items()):
        code = verification_code(anchor.digest)
        now = digest_of(months.get(month, []))
        in_books = [
            e
            for e in entries
            if isinstance(e, data.Custom)
            and e.type == SEAL
            and e.values
            and str(e.values[0].value) == month
        ]
        where = in_books[-1] if in_books else book.profile_entry
        if now != anchor.digest:
            reopened = any(
                kind == "reopen" and m == month and (kind, m, value) not in known
                for kind, m, value, _ in events(entries)
            )
            why = (
                "账本中有县里尚未登记的重新开账："
                "如属正当更正，请县民政局核实后运行 jjn county anchor"
                if reopened
                else "结账后账目被改动"
            )
            yield Finding(
                RULE,
                f"已结账月份 {month} 的账目与县锚定登记簿不符：县里登记的结账核验码为 {code}，"
                f"账本现为 {verification_code(now)}（{why}）",
                where.meta if where else None,
                where,
            )
        elif not any(e.meta.get("digest") == anchor.digest for e in in_books):
            yield Finding(
                RULE,
                f"县锚定登记簿记有 {month} 的结账（核验码 {code}），账本中已没有这条结账记录",
                where.meta if where else None,
                where,
            )
    for kind, month, value, entry in events(entries):
        if (kind, month, value) not in known and month not in held:
            what = "结账" if kind == "seal" else "重新开账"
            yield Finding(
                PENDING,
                f"{month} 的{what}尚未登记到县锚定登记簿：请县民政局运行 jjn county anchor",
                entry.meta,
                entry,
            )
