"""Closing a month (结账): seal its entries with a digest; reopening is a recorded act.

Treasurers' software locks a closed period; in a folder of text files nothing can stop an
editor, but anything changed can be *seen*. ``jjn close FOLDER 2025-03`` appends to
``society.beancount``::

    2025-04-03 custom "jjn-seal" "2025-03"
      digest: "9f2c…"

where ``digest`` is the sha256 of the month's entries in a canonical form (``month_digest``):
every directive dated in the month except seals and reopenings, as data — date, flag, payee,
narration, tags, links, accounts, amounts (``800.00`` and ``800.0`` are the same number),
metadata — never as text, so moving an entry, reformatting whitespace or reordering the file
changes nothing, while any change of a date, amount, account or metadata does. Rule R17
(``rules/r17_sealed.py``) recomputes it on every load.

``jjn reopen FOLDER 2025-03 --reason …`` appends ``custom "jjn-reopen" "2025-03"`` with the
reason: the seal is lifted from that point of the file on, and the month can be closed again.
Seals go in ``society.beancount`` dated the day of closing, so seal and reopen directives stay in
the order they were made (same date: file order).
"""

from __future__ import annotations

import datetime
from pathlib import Path

from beancount.core import data

from jjn_ledger.errors import JjnError
from jjn_ledger.ledger import layout
from jjn_ledger.ledger.formats import normal_month, parse_month
from jjn_ledger.ledger.seals import REOPEN, SEAL, active_seals, month_digest
from jjn_ledger.write import render as writer

# --- the two acts ----------------------------------------------------------------------------


def close(
    folder: Path,
    month: str,
    today: datetime.date | None = None,
    meta: dict[str, object] | None = None,
) -> data.Custom:
    """Seal ``month`` (YYYY-MM) of the society at ``folder``; ``meta``: who closed it."""
    from jjn_ledger.ledger import journal
    from jjn_ledger.ledger.load import load
    from jjn_ledger.write.safe import commit_to_file

    month = normal_month(month)
    year, mon = parse_month(month)
    day = today or datetime.date.today()
    if (year, mon) >= (day.year, day.month):
        raise JjnError(f"{month} 尚未结束，月末之后才能结账")
    if not (folder / layout.MAIN).is_file():
        from jjn_ledger.errors import NotALedger

        raise NotALedger(str(folder))
    journal.settle(folder)  # the digest below must not be of half a killed write
    entries = load(folder).entries
    if month in active_seals(entries):
        raise JjnError(f"{month} 已经结账；如需更正，先用“jjn reopen”重新开账并写明原因")
    seal = writer.custom(
        day, SEAL, [month], {"digest": month_digest(entries, month), **(meta or {})}
    )
    commit_to_file(folder, Path(layout.SOCIETY), [seal])
    return seal


def reopen(
    folder: Path, month: str, reason: str, today: datetime.date | None = None
) -> data.Custom:
    """Lift the seal of ``month``: an explicit, dated act with its reason in the books."""
    from jjn_ledger.ledger.load import load
    from jjn_ledger.write.safe import commit_to_file

    month = normal_month(month)
    if not reason.strip():
        raise JjnError("重新开账须写明原因（--reason）")
    if not (folder / layout.MAIN).is_file():
        from jjn_ledger.errors import NotALedger

        raise NotALedger(str(folder))
    if month not in active_seals(load(folder).entries):
        raise JjnError(f"{month} 没有结账，无需重新开账")
    entry = writer.custom(
        today or datetime.date.today(), REOPEN, [month], {"reason": reason.strip()}
    )
    commit_to_file(folder, Path(layout.SOCIETY), [entry])
    return entry
