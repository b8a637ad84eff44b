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
(``rules/r17_sealed.py``) recomputes it on every load. A recipient's identity is read as its
masked number and check verdict, whether the directive holds the clear number (old books) or
the keyed pseudonym: taking the clear numbers out of the books (``jjn society migrate-ids``)
must not break a seal, and the pseudonym depends on the county's key, not on the month.

The seal is also anchored in the county's register (``ledger.anchors``), outside the books, so a
seal recomputed after an edit no longer matches what the county holds (rule R17).

``jjn reopen FOLDER 2025-03 --reason …`` appends ``custom "jjn-reopen" "2025-03"`` with the
reason: the seal is lifted from that point of the file on, and the month can be closed again.
Seals go in ``society.beancount`` dated the day of closing, so seal and reopen directives stay in
the order they were made (same date: file order).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from beancount.core import data

from jjn_ledger.errors import JjnError
from jjn_ledger.ledger import layout
from jjn_ledger.ledger.formats import month_key
from jjn_ledger.ledger.idcodes import id_verdict, mask_id_number
from jjn_ledger.ledger.profile import CLEAR_ID, RECIPIENT
from jjn_ledger.write import render as writer

SEAL = "jjn-seal"
REOPEN = "jjn-reopen"
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_HIDDEN = ("filename", "lineno")


def parse_month(text: str) -> tuple[int, int]:
    """``"2025-03"`` → (2025, 3), or a Chinese error."""
    m = _MONTH.match(text.strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise JjnError(f"月份“{text}”格式不对，应为 YYYY-MM，例如 2025-03")
    return int(m.group(1)), int(m.group(2))


def _scalar(value: Any) -> Any:
    """One value as text or a JSON scalar: numbers by value, not by how they were written."""
    if isinstance(value, bool) or value is None or isinstance(value, int | str):
        return value
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return "0" if text in ("-0", "0") else text
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, type):
        return value.__name__
    return str(value)


def _canon(value: Any) -> Any:
    """A JSON-able form of a directive's data that ignores where and how it was written."""
    if isinstance(value, dict):
        return sorted(
            [k, _canon(v)] for k, v in value.items() if k not in _HIDDEN and not k.startswith("__")
        )
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return [type(value).__name__, {f: _canon(getattr(value, f)) for f in value._fields}]
    if isinstance(value, set | frozenset):
        return sorted(_canon(v) for v in value)
    if isinstance(value, list | tuple):
        return [_canon(v) for v in value]
    return _scalar(value)


def _sealable(entry: data.Directive) -> bool:
    return not (isinstance(entry, data.Custom) and entry.type in (SEAL, REOPEN))


def by_month(entries: Iterable[data.Directive]) -> dict[str, list[data.Directive]]:
    out: dict[str, list[data.Directive]] = defaultdict(list)
    for e in entries:
        if _sealable(e):
            out[month_key(e.date)].append(e)
    return out


def _identity_neutral(entry: data.Directive) -> data.Directive:
    """A register entry with its ID fields as masked number + verdict (see the docstring)."""
    if not (isinstance(entry, data.Custom) and entry.type == RECIPIENT):
        return entry
    meta = {k: v for k, v in entry.meta.items() if k not in (CLEAR_ID, "id-hash")}
    clear = entry.meta.get(CLEAR_ID)
    if isinstance(clear, str):
        meta["id-masked"] = mask_id_number(clear) or "****"
        meta["id-check"] = id_verdict(clear)
    return entry._replace(meta=meta)


def digest_of(month_entries: Sequence[data.Directive]) -> str:
    """sha256 of a month's entries in canonical form, independent of their order."""
    lines = sorted(
        json.dumps(_canon(_identity_neutral(e)), ensure_ascii=False, sort_keys=True)
        for e in month_entries
    )
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def month_digest(entries: Iterable[data.Directive], month: str) -> str:
    return digest_of(by_month(entries).get(month, []))


def active_seals(entries: Iterable[data.Directive]) -> dict[str, data.Custom]:
    """The seal in force for each closed month: the last seal not lifted by a later reopen."""
    active: dict[str, data.Custom] = {}
    for e in entries:
        if isinstance(e, data.Custom) and e.type in (SEAL, REOPEN) and e.values:
            month = str(e.values[0].value)
            if e.type == SEAL:
                active[month] = e
            else:
                active.pop(month, None)
    return active


def reopen_digest(entry: data.Custom) -> str:
    """What the county anchors of a reopening: its date and reason."""
    text = f"{entry.date}|{entry.meta.get('reason', '')}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def events(
    entries: Iterable[data.Directive],
) -> Iterable[tuple[str, str, str, data.Custom]]:
    """Seals and reopenings in book order, as ``(kind, month, digest, entry)`` for anchoring."""
    for e in entries:
        if not (isinstance(e, data.Custom) and e.type in (SEAL, REOPEN) and e.values):
            continue
        month = str(e.values[0].value)
        if e.type == SEAL and isinstance(e.meta.get("digest"), str):
            yield "seal", month, str(e.meta["digest"]), e
        elif e.type == REOPEN:
            yield "reopen", month, reopen_digest(e), e


# --- the two acts ----------------------------------------------------------------------------


def close(folder: Path, month: str, today: datetime.date | None = None) -> data.Custom:
    """Seal ``month`` (YYYY-MM) of the society at ``folder``; returns the seal written."""
    from jjn_ledger.ledger.load import load

    year, mon = parse_month(month)
    month = f"{year:04d}-{mon:02d}"
    day = today or datetime.date.today()
    if (year, mon) >= (day.year, day.month):
        raise JjnError(f"{month} 尚未结束，月末之后才能结账")
    if not (folder / layout.MAIN).is_file():
        from jjn_ledger.errors import NotALedger

        raise NotALedger(str(folder))
    entries = load(folder).entries
    if month in active_seals(entries):
        raise JjnError(f"{month} 已经结账；如需更正，先用“jjn reopen”重新开账并写明原因")
    seal = writer.custom(day, SEAL, [month], {"digest": month_digest(entries, month)})
    _anchored(folder, "seal", month, str(seal.meta["digest"]), [seal])
    return seal


def reopen(
    folder: Path, month: str, reason: str, today: datetime.date | None = None
) -> data.Custom:
    """Lift the seal of ``month``: an explicit, dated act with its reason in the books."""
    from jjn_ledger.ledger.load import load

    year, mon = parse_month(month)
    month = f"{year:04d}-{mon:02d}"
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
    _anchored(folder, "reopen", month, reopen_digest(entry), [entry], reason.strip())
    return entry


def _anchored(
    folder: Path, kind: str, month: str, value: str, entries: list[data.Directive], note: str = ""
) -> None:
    """Append to ``society.beancount`` and anchor the act in the county's register, if any."""
    from jjn_ledger.ledger.anchors import society_name
    from jjn_ledger.record import anchoring
    from jjn_ledger.write.safe import commit_to_file

    event = anchoring.Event(society_name(folder), kind, month, value, 1, note)
    anchoring.commit_and_anchor(
        folder, event, lambda: commit_to_file(folder, Path(layout.SOCIETY), entries)
    )
