"""Which booked entry an imported row is: its stable ``import-id``, and look-alikes without one.

Every imported entry carries ``import-id: "<kind>-<16 hex>"``, so a file imported twice adds
nothing: ``jjn import`` leaves out the ids already in the books (``existing_ids``), and so do
beangulp and Fava through the hooks in ``importers.common``. An id cannot see the same gift
booked by another road (typed in with ``jjn record``, or listed in two files); ``look_alikes``
finds those for the treasurer to check.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence

from beancount.core import data
from beangulp import similar

from .cells import text

IMPORT_ID = "import-id"


class ImportIds:
    """Stable ``import-id`` values for the rows of one file.

    The id hashes the source kind with the row's own transaction number, or with what the row
    says (date, amount, counterparty, running balance) where it has none. Two rows that say
    exactly the same thing (two anonymous 100-yuan gifts on one day) are told apart by their
    order in the file, so importing the same file again matches row for row and adds nothing.
    """

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._seen: Counter[tuple[str, ...]] = Counter()

    def make(self, *parts: object) -> str:
        key = tuple(text(p) for p in parts)
        self._seen[key] += 1
        n = self._seen[key]
        material = "\x1f".join((self.kind, *key, *([f"#{n}"] if n > 1 else [])))
        return f"{self.kind}-{hashlib.sha256(material.encode('utf-8')).hexdigest()[:16]}"


def existing_ids(entries: Sequence[data.Directive]) -> set[str]:
    """The ``import-id`` of every entry already in a ledger."""
    return {value for e in entries if isinstance(value := e.meta.get(IMPORT_ID), str)}


def look_alikes(
    entries: Sequence[data.Directive], existing: Sequence[data.Directive]
) -> list[tuple[data.Transaction, data.Transaction]]:
    """New transactions that resemble one already booked under another identity.

    The same gift can reach the books twice by two roads: typed in with ``jjn record`` (no
    ``import-id``), or listed both in the donations register and in the WeChat bill. Ids cannot
    see that; beangulp's similarity heuristic (same accounts and amounts within two days) can.
    The pairs are shown for the treasurer to check, not dropped: two people may well give the
    same amount on the same day.
    """
    booked = sorted(
        (e for e in existing if isinstance(e, data.Transaction)), key=data.entry_sortkey
    )
    return list(similar.find_similar_entries(list(entries), booked))
