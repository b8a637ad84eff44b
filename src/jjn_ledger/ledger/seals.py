"""Month seals as data: the canonical digest of a month's entries, and the seals in force.

Pure functions over loaded entries, shared by rule R17 (which recomputes every seal on load) and
``record.closing`` (which writes seals and reopenings). See ``record/closing.py`` for the acts.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from beancount.core import data

from jjn_ledger.ledger.formats import month_key
from jjn_ledger.ledger.vocabulary import REOPEN, SEAL

__all__ = ["REOPEN", "SEAL", "active_seals", "by_month", "digest_of", "month_digest"]

_HIDDEN = ("filename", "lineno")


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


def digest_of(month_entries: Sequence[data.Directive]) -> str:
    """sha256 of a month's entries in canonical form, independent of their order."""
    lines = sorted(json.dumps(_canon(e), ensure_ascii=False, sort_keys=True) for e in month_entries)
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
