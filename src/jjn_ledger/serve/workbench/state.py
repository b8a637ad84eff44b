"""What the workbench keeps between requests: its societies, spent nonces, results, locks.

All of it in memory and bounded: the books are the only lasting state, and they are on disk.
"""

from __future__ import annotations

import tempfile
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from jjn_ledger.serve.workbench.access import Nonces
from jjn_ledger.serve.workbench.facts import Desk


@dataclass(frozen=True)
class Done:
    """A write that landed, as the page after the redirect shows it."""

    what: str
    files: list[str]
    entries: int
    pending: Sequence[str] = ()
    warning: str | None = None


@dataclass
class Workbench:
    """The workbench of one server: which societies, and whether this is a treasurer's laptop."""

    desks: dict[str, Desk]
    local: bool
    roots: tuple[Path, ...] = ()  # folders whose own git repository holds the books
    uploads: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="jjn-uploads-")))
    nonces: Nonces = field(default_factory=Nonces)
    results: OrderedDict[str, Done] = field(default_factory=OrderedDict)
    keep_results: int = 200
    _locks: dict[str, threading.Lock] = field(default_factory=dict)
    _guard: threading.Lock = field(default_factory=threading.Lock)

    def lock(self, key: str) -> threading.Lock:
        """One writer at a time per society in this process (``write.safe`` locks across them)."""
        with self._guard:
            return self._locks.setdefault(key, threading.Lock())

    def remember(self, token: str, done: Done) -> None:
        self.results[token] = done
        while len(self.results) > self.keep_results:
            self.results.popitem(last=False)

    @staticmethod
    def short(folder: Path, path: Path) -> str:
        try:
            return str(Path(path).resolve().relative_to(folder.resolve()))
        except ValueError:
            return str(path)
