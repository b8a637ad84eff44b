"""A county's Fava ledgers loaded when first asked for, and only a bounded number kept.

Fava keeps its ledgers in ``app.config["LEDGERS"]``, a ``_LedgerSlugLoader`` that loads *every*
ledger the first time any is needed (``fava/application.py``; ``load=False`` only postpones
that to the first request). For a county of 300 societies that made the first society page
wait 9.5–14.4 s and the server hold ~245 MB (measured). Fava itself only asks that registry
three things: ``registry[slug]`` (the ``<bfile>`` of every URL), ``first_slug()`` (for ``/``)
and ``items()`` (the "other ledgers" switcher, which only reads ``options["title"]``).

``LedgerPool`` answers those three without loading anything but the ledger asked for: the
slugs and titles are known beforehand (``serve.app.societies`` reads them as text, the way
Fava derives them), ``registry[slug]`` loads that one ``FavaLedger`` on first use and keeps
at most ``capacity`` of them, dropping the least recently used. A dropped ledger is simply
loaded again on its next request. The ledgers kept are ordinary ``FavaLedger`` objects, so
Fava's own watcher semantics hold: each page request calls ``ledger.changed()``, which reloads
a ledger whose files changed on disk.
"""

from __future__ import annotations

import gc
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fava.core import FavaLedger
    from flask import Flask

DEFAULT_CAPACITY = 20
"""Ledgers kept in memory by default: 20 of a county's societies stay under 200 MB (measured)."""


@dataclass(frozen=True)
class _Unloaded:
    """What the ledger switcher needs of a ledger not in memory: its title."""

    title: str

    @property
    def options(self) -> dict[str, str]:
        return {"title": self.title}


@dataclass
class _Slot:
    """One society of the pool: where its main file is, and a lock so it loads only once."""

    title: str
    main: Path
    lock: threading.Lock = field(default_factory=threading.Lock)


class LedgerPool:
    """Fava's ledger registry, lazy and bounded (a drop-in for ``app.config["LEDGERS"]``).

    Thread-safe: cheroot serves requests from several threads. A ledger loads under its own
    lock, so two first requests for one society load it once while other societies' pages
    are not held up. A request that still holds an evicted ledger finishes with it; the pool
    only stops keeping it.
    """

    def __init__(
        self,
        societies: Iterable[tuple[str, str, Path]],
        capacity: int = DEFAULT_CAPACITY,
        *,
        poll_watcher: bool = True,
    ) -> None:
        """``societies`` are ``(slug, title, main file)`` in the order Fava would list them.

        ``poll_watcher`` as Fava's: the default watcher starts two watchfiles threads per
        ledger (a county once ran out of inotify instances), the polling one starts none and
        looks at a ledger's files only when it is requested.
        """
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self.capacity = capacity
        self.poll_watcher = poll_watcher
        self._slots = {slug: _Slot(title, Path(main)) for slug, title, main in societies}
        self._loaded: OrderedDict[str, FavaLedger] = OrderedDict()
        self._lock = threading.Lock()
        self.loads: dict[str, int] = dict.fromkeys(self._slots, 0)
        self._uncollected = 0  # evicted since the last full collection
        self.collect_every = max(1, capacity // 4)

    # --- what Fava asks ------------------------------------------------------------------

    def __getitem__(self, slug: str) -> FavaLedger:
        """The ledger for ``slug``, loading it if not in memory (``KeyError`` → Fava's 404)."""
        slot = self._slots[slug]
        with self._lock:
            ledger = self._loaded.get(slug)
            if ledger is not None:
                self._loaded.move_to_end(slug)
                return ledger
        with slot.lock:
            with self._lock:  # loaded by another thread while we waited?
                ledger = self._loaded.get(slug)
                if ledger is not None:
                    self._loaded.move_to_end(slug)
            if ledger is None:
                ledger = self._load(slug, slot)
        return ledger

    def first_slug(self) -> str:
        """The first society's slug, for Fava's ``/`` redirect (nothing is loaded)."""
        return next(iter(self._slots))

    def items(self) -> list[tuple[str, Any]]:
        """Every society by slug: the loaded ledger, or a title-only stand-in for the switcher."""
        with self._lock:
            loaded = dict(self._loaded)
        return [(slug, loaded.get(slug, _Unloaded(s.title))) for slug, s in self._slots.items()]

    # --- what the server and its tests ask -----------------------------------------------

    def loaded(self) -> list[str]:
        """The slugs in memory, least recently used first."""
        with self._lock:
            return list(self._loaded)

    def mains(self) -> list[Path]:
        """Every society's main file, in order (what Fava keeps as ``BEANCOUNT_FILES``)."""
        return [slot.main for slot in self._slots.values()]

    def __len__(self) -> int:
        return len(self._slots)

    # --- inside ---------------------------------------------------------------------------

    def _load(self, slug: str, slot: _Slot) -> FavaLedger:
        from fava.core import FavaLedger

        ledger = FavaLedger(str(slot.main), poll_watcher=self.poll_watcher)
        with self._lock:
            self._loaded[slug] = ledger
            self.loads[slug] += 1
            evicted = []
            while len(self._loaded) > self.capacity:
                evicted.append(self._loaded.popitem(last=False)[1])
        if evicted:
            self._release(evicted)
        return ledger

    def _release(self, evicted: list[FavaLedger]) -> None:
        """Stop evicted ledgers' watcher threads, and free them every few evictions.

        A ``FavaLedger`` refers to itself through its modules (a reference cycle), so only the
        cyclic collector frees it, and Python's own thresholds seldom run a full collection:
        without one, opening 80 societies with a bound of 20 grew the server to 206 MiB, with
        one per eviction it stayed at 107 MiB (measured). A full collection walks every loaded
        ledger's entries (0.17 s with 20 loaded, more on a busy machine), so it runs once per
        ``collect_every`` evictions: memory may exceed the bound by that many ledgers
        (~2 MiB each for the benchmark's societies) for a fraction of the cost.
        """
        # no loop variable may outlive this line: it would keep the last ledger alive
        stops = [getattr(e.watcher, "__exit__", None) for e in evicted]
        for stop in stops:
            if stop is not None:  # watchfiles threads; the polling watcher has none
                stop(None, None, None)
        with self._lock:
            self._uncollected += len(evicted)
            due = self._uncollected >= self.collect_every
            if due:
                self._uncollected = 0
        del evicted[:]
        if due:
            gc.collect()


def install(app: Flask, societies: Iterable[tuple[str, str, Path]], capacity: int) -> LedgerPool:
    """Put a ``LedgerPool`` in place of Fava's registry in an app from ``create_app``."""
    pool = LedgerPool(societies, capacity)
    app.config["LEDGERS"] = pool
    app.config["BEANCOUNT_FILES"] = [str(main) for main in pool.mains()]
    return pool
