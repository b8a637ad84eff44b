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
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from beancount.core import data

from jjn_ledger.ledger.formats import month_key
from jjn_ledger.ledger.profile import Book
from jjn_ledger.ledger.seals import active_seals, by_month, digest_of
from jjn_ledger.ledger.vocabulary import REOPEN, SEAL
from jjn_ledger.rules.base import Finding, Rule

RULE = Rule("R17", "结账锁定", "民间非营利组织会计制度 期末结账")


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
    yield from _acts(entries)
    seals = active_seals(entries)
    if not seals:
        return
    months = by_month(entries)
    for month, seal in sorted(seals.items()):
        if digest_of(months.get(month, [])) != seal.meta.get("digest"):
            yield Finding(
                RULE,
                f"已结账月份 {month} 的账目被改动（与结账时的摘要不符）；如需更正，"
                f"先用“jjn reopen {month} --reason …”重新开账并写明原因，改完再结账",
                seal.meta,
                seal,
            )
