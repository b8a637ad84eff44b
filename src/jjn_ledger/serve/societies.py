"""Which ledgers a server presents, under which slugs, read without loading any of them.

Every part of the server (the app, the gate, the county pages, ``jjn users``) needs the same
list of societies and their Fava slugs; they are read here from the files as text, so that a
county of 300 societies is listed in milliseconds and the slugs are exactly Fava's own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from jjn_ledger.errors import NotALedger
from jjn_ledger.ledger import layout

FAVA_PREFIX = "/fava"
AUDIT_PAGE = f"extension/{layout.FAVA_EXTENSION_CLASS}/"

_COUNTY = re.compile(r'^\s+county:\s+"([^"]+)"', re.MULTILINE)
_TITLE = re.compile(r'^option\s+"title"\s+"((?:[^"\\]|\\.)*)"', re.MULTILINE)

Fingerprint = tuple[tuple[str, int, int], ...]


@dataclass(frozen=True)
class ServedSociety:
    """One society's ledger as the server presents it."""

    folder: Path
    title: str
    slug: str  # Fava's slug for the ledger (its URL segment)

    @property
    def main(self) -> Path:
        return (self.folder / layout.MAIN).resolve()

    def url(self, page: str = AUDIT_PAGE, prefix: str = FAVA_PREFIX) -> str:
        return f"{prefix}/{quote(self.slug)}/{page}"


def read_title(main: Path) -> str:
    """The ``option "title"`` of a main file, read as text: no need to load the ledger."""
    found = _TITLE.search(main.read_text("utf-8", errors="replace"))
    return found.group(1).replace('\\"', '"') if found else ""


def county_name(path: Path, found: Sequence[ServedSociety]) -> str:
    """The county the societies' profiles name, when they agree; else the folder's name."""
    names = set()
    for society in found:
        profile = society.folder / layout.SOCIETY
        text = profile.read_text("utf-8", errors="replace") if profile.is_file() else ""
        names.update(_COUNTY.findall(text) or [""])
    return names.pop() if len(names) == 1 and "" not in names else path.resolve().name


def fava_slug(title: str, path: Path, taken: Iterable[str]) -> str:
    """The slug Fava gives a ledger (``fava.application._slug`` and ``next_key``)."""
    from fava.util import next_key, slugify

    base = slugify(title) or slugify(str(path))
    return next_key(base, dict.fromkeys(taken))


def societies(path: Path) -> list[ServedSociety]:
    """The societies at or below ``path``, in the order Fava is given them."""
    out: list[ServedSociety] = []
    for folder in layout.society_folders(path):
        main = (folder / layout.MAIN).resolve()
        title = read_title(main) or folder.name
        out.append(ServedSociety(folder, title, fava_slug(title, main, (s.slug for s in out))))
    if not out:
        raise NotALedger(str(path))
    return out


def fingerprint(folder: Path) -> Fingerprint:
    """Name, size and mtime of every file of a society's books: changes when they change."""
    out = []
    for f in layout.ledger_files(folder):
        st = f.stat()
        out.append((f.name, st.st_size, st.st_mtime_ns))
    return tuple(out)
