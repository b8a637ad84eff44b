"""Today, for the few verdicts that depend on it, and until when a verdict holds.

Almost everything the rules say follows from the books alone. A few verdicts also depend on the
day they are made: the seed fund is short only once its deadline has passed (R2), a 先行救助
without its investigation is late only once its window has closed (R6). A cache keyed by the
books' content alone would keep such a verdict past the day it changes, and a cache keyed by the
day as well is cold every morning (a county report once a month, a server restarted).

So the rules ask ``passed(deadline)`` instead of comparing with ``date.today()``, and a loader
that wants to know how long its verdict holds runs them inside ``watch()``: every deadline not
yet passed is remembered, and the earliest of them is the day the verdict may change
(``Horizon.expires``). Until that day a cached verdict is exactly what a fresh load would say.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

_PINNED: ContextVar[datetime.date | None] = ContextVar("jjn_today", default=None)
_WATCHING: ContextVar[Horizon | None] = ContextVar("jjn_horizon", default=None)


@dataclass
class Horizon:
    """The deadlines a run compared with today and found not yet passed."""

    pending: list[datetime.date] = field(default_factory=list)

    @property
    def expires(self) -> datetime.date | None:
        """The first day on which a verdict of the run may differ (None: never)."""
        return min(self.pending) + datetime.timedelta(days=1) if self.pending else None


def today() -> datetime.date:
    """The day verdicts are made for: the real date, unless a test or a caller pinned one."""
    return _PINNED.get() or datetime.date.today()


def passed(deadline: datetime.date, day: datetime.date | None = None) -> bool:
    """Whether ``deadline`` is over on ``day`` (default: today); remembered if it is not."""
    if deadline < (day or today()):
        return True
    horizon = _WATCHING.get()
    if horizon is not None and day is None:
        horizon.pending.append(deadline)
    return False


@contextmanager
def watch() -> Iterator[Horizon]:
    """Collect the deadlines compared with today while the block runs."""
    horizon = Horizon()
    token = _WATCHING.set(horizon)
    try:
        yield horizon
    finally:
        _WATCHING.reset(token)


@contextmanager
def pinned(day: datetime.date) -> Iterator[None]:
    """Make ``today()`` answer ``day`` inside the block (for tests and reproducible runs)."""
    token = _PINNED.set(day)
    try:
        yield
    finally:
        _PINNED.reset(token)
