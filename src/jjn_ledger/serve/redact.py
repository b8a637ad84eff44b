"""Redaction of what the county server sends: ID numbers always, names for masked views.

Fava shows a ledger in many shapes — HTML, the JSON it embeds in every page (payees, errors,
entries with their metadata), ``/api/*`` answers, CSV downloads — and a redaction step inside
any one of them would miss the others. So the gate rewrites every response body a
non-treasurer receives: each recipient's full name becomes its masked form (``idcodes.mask_name``,
the rule of the public notice), and every 18-character ID number its masked form (first four
and last four kept). Names are matched in each encoding they can take in a response: plain
UTF-8, JSON ``\\uXXXX`` escapes (Fava's JSON is ASCII-only), and URL percent-encoding.

The names to mask come from the society's own recipient entries (``custom "jjn-recipient"``,
``name:``), read as text and cached per set of file stamps, so the gate never needs a loaded
ledger. Masking a string that only happens to equal a name over-masks; it never leaks.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote

from jjn_ledger.ledger import layout
from jjn_ledger.ledger.idcodes import mask_name

ID_NUMBER = re.compile(rb"(?<![0-9A-Za-z])([0-9]{6})[0-9]{8}([0-9]{3}[0-9Xx])(?![0-9A-Za-z])")
_RECIPIENT = re.compile(r'^\d{4}-\d\d-\d\d\s+custom\s+"jjn-recipient"\s+"([^"]+)"')
_NAME = re.compile(r'^\s+name:\s+"([^"]+)"')


def mask_id_numbers(body: bytes) -> bytes:
    """Every 18-character ID number → ``3499**********0024``-style (first 4, last 4)."""
    return ID_NUMBER.sub(lambda m: m.group(1)[:4] + b"*" * 10 + m.group(2), body)


def recipients(folder: Path) -> dict[str, str]:
    """Recipient key → name, from the society's files as text."""
    out: dict[str, str] = {}
    for path in layout.ledger_files(folder):
        key = ""
        for line in path.read_text("utf-8").splitlines():
            head = _RECIPIENT.match(line)
            if head:
                key = head.group(1)
                continue
            if key and not line.strip():
                key = ""
            found = _NAME.match(line) if key else None
            if found:
                out[key] = found.group(1)
    return out


def _encodings(text: str) -> Iterable[bytes]:
    """``text`` as it can appear in a response body."""
    yield text.encode("utf-8")
    escaped = "".join(f"\\u{ord(c):04x}" if ord(c) > 127 else c for c in text)
    yield escaped.encode("ascii", "backslashreplace")
    yield escaped.upper().replace("\\U", "\\u").encode("ascii", "backslashreplace")
    percent = quote(text, safe="")
    yield percent.encode("ascii")
    yield percent.lower().encode("ascii")


class Masker:
    """Rewrites bodies so that no name outside ``keep`` is shown in full."""

    def __init__(self, names: Iterable[str]) -> None:
        table: dict[bytes, bytes] = {}
        for name in sorted(set(names), key=len, reverse=True):
            if len(name.strip()) < 2:
                continue
            masked = mask_name(name)
            for plain, shown in zip(_encodings(name), _encodings(masked), strict=True):
                table.setdefault(plain, shown)
        self._table = table
        ordered = sorted(table, key=len, reverse=True)
        self._pattern = re.compile(b"|".join(re.escape(k) for k in ordered)) if ordered else None

    def __call__(self, body: bytes) -> bytes:
        if self._pattern is None:
            return body
        return self._pattern.sub(lambda m: self._table[m.group(0)], body)


class Names:
    """Each society's recipients, re-read when its files change."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cache: dict[Path, tuple[tuple[tuple[str, int, int], ...], dict[str, str]]] = {}
        self._maskers: dict[tuple[Path, frozenset[str]], tuple[dict[str, str], Masker]] = {}

    def of(self, folder: Path) -> dict[str, str]:
        stamp = tuple(
            (f.name, st.st_size, st.st_mtime_ns)
            for f in layout.ledger_files(folder)
            for st in (f.stat(),)
        )
        with self._lock:
            hit = self._cache.get(folder)
            if hit and hit[0] == stamp:
                return hit[1]
        found = recipients(folder)
        with self._lock:
            self._cache[folder] = (stamp, found)
        return found

    def masker(self, folder: Path, keep: Iterable[str] = ()) -> Masker:
        """A masker for one society, leaving the recipients in ``keep`` (keys) in full.

        Compiled once per society, set of kept persons and version of its recipients.
        """
        kept = frozenset(keep)
        people = self.of(folder)
        with self._lock:
            hit = self._maskers.get((folder, kept))
        if hit is not None and hit[0] is people:
            return hit[1]
        shown = {people[k] for k in kept if k in people}
        masker = Masker(n for k, n in people.items() if k not in kept and n not in shown)
        with self._lock:
            self._maskers[(folder, kept)] = (people, masker)
        return masker
