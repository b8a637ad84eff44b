"""The access log: every unmasking, who asked, when, for whom, and why (DOMAIN.md, Privacy).

Officers see names masked by default; a full name is shown only after they give a reason, and
that request is appended here before anything is shown. The file is append-only in use (opened
``O_APPEND``, mode 0600, in the county's server folder, outside every society folder) and each
line carries the SHA-256 of the line before it, so a line removed or edited later breaks the
chain, and the log page says where. County staff read it in the browser (``/access-log``).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import threading
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from jjn_ledger.ledger.private_files import make_private_dir

ACCESS_LOG = "access.log"
GENESIS = "0" * 64


@dataclass(frozen=True)
class Unmasking:
    """One logged request to see full names."""

    at: str  # ISO time, UTC
    username: str
    display_name: str
    role: str
    society: str  # the society's folder key
    persons: tuple[str, ...]  # recipient keys
    shown: tuple[str, ...]  # the masked names of those persons, for the reader of the log
    reason: str
    address: str
    prev: str = GENESIS


@dataclass(frozen=True)
class Verdict:
    entries: list[Unmasking]
    broken_at: int | None  # 1-based line where the chain breaks, or None if intact


def _digest(line: str) -> str:
    return hashlib.sha256(line.encode("utf-8")).hexdigest()


class AccessLog:
    """Appends and reads one county's access log."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / ACCESS_LOG
        self._lock = threading.Lock()

    def _last_digest(self) -> str:
        if not self.path.is_file():
            return GENESIS
        lines = self.path.read_text("utf-8").splitlines()
        return _digest(lines[-1]) if lines else GENESIS

    def append(
        self,
        who: tuple[str, str, str],
        society: str,
        persons: Sequence[tuple[str, str]],
        reason: str,
        address: str,
    ) -> Unmasking:
        """Record an unmasking; ``who`` is (username, display name, role), persons (key, masked)."""
        with self._lock:
            entry = Unmasking(
                at=datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                username=who[0],
                display_name=who[1],
                role=who[2],
                society=society,
                persons=tuple(k for k, _ in persons),
                shown=tuple(m for _, m in persons),
                reason=reason,
                address=address,
                prev=self._last_digest(),
            )
            line = json.dumps(asdict(entry), ensure_ascii=False, sort_keys=True)
            make_private_dir(self.path.parent)
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            with os.fdopen(fd, "a", encoding="utf-8") as out:
                out.write(line + "\n")
                out.flush()
                os.fsync(out.fileno())
            return entry

    def read(self) -> Verdict:
        """Every entry, oldest first, and where (if anywhere) the hash chain is broken."""
        if not self.path.is_file():
            return Verdict([], None)
        entries: list[Unmasking] = []
        broken: int | None = None
        prev = GENESIS
        for n, line in enumerate(self.path.read_text("utf-8").splitlines(), start=1):
            try:
                raw = json.loads(line)
                raw["persons"], raw["shown"] = tuple(raw["persons"]), tuple(raw["shown"])
                entry = Unmasking(**raw)
            except (ValueError, TypeError, KeyError):
                broken = broken or n
                prev = _digest(line)
                continue
            if entry.prev != prev and broken is None:
                broken = n
            entries.append(entry)
            prev = _digest(line)
        return Verdict(entries, broken)
