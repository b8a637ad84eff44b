"""``jjn society migrate-ids``: take the clear ID numbers out of books written before pseudonyms.

Books kept before this change carry ``id-number: "…"`` in each ``jjn-recipient``. Migrating a
society, for each such directive:

1. puts the clear number into the county's register of ID numbers (``record.id_register``),
2. replaces that one metadata line, in place, by the pseudonym, the masked number and the
   check verdict (``id-hash``, ``id-masked``, ``id-check``), leaving every other byte of the file
   as it was;

then writes the files through ``write.safe.commit_text`` (the rules judge the result; all files
or none). Nothing is lost: the number is in the register before the books stop holding it, and
a number that fails GB 11643 is migrated too (its verdict stays an R11 finding). Running it again
finds nothing to do. Sealed months stay sealed: the month digest reads a recipient's identity as
its masked number (``record.closing``), which the migration does not change.

The git history of the books still holds the old numbers: the README says what to do about it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from beancount.core import data

from jjn_ledger.errors import NotALedger
from jjn_ledger.ledger import county_secret, layout
from jjn_ledger.ledger.idcodes import id_hash, id_verdict, mask_id_number, normalise_id_text
from jjn_ledger.ledger.load import load
from jjn_ledger.ledger.vocabulary import META_CLEAR_ID as CLEAR_ID
from jjn_ledger.ledger.vocabulary import RECIPIENT
from jjn_ledger.record import id_register
from jjn_ledger.write.safe import commit_text

_CLEAR_LINE = re.compile(r'^(?P<indent>[ \t]+)id-number:\s*"(?P<value>(?:[^"\\]|\\.)*)"\s*$')


@dataclass(frozen=True)
class Migrated:
    folder: Path
    people: int  # directives rewritten
    register: Path | None  # where the clear numbers went (None when nothing to do)


def _clear_ids(entries: list[data.Directive]) -> list[data.Custom]:
    return [
        e
        for e in entries
        if isinstance(e, data.Custom) and e.type == RECIPIENT and CLEAR_ID in e.meta and e.values
    ]


def _replacement(indent: str, number: str, secret: bytes) -> list[str]:
    fields = {
        "id-hash": id_hash(number, secret),
        "id-masked": mask_id_number(number) or "****",
        "id-check": id_verdict(number),
    }
    return [f"{indent}{key}: {_quoted(value)}" for key, value in fields.items()]


def _quoted(value: str) -> str:
    """A Beancount string literal."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _rewrite(lines: list[str], entry: data.Custom, secret: bytes) -> None:
    """Replace the ``id-number`` line of the directive that starts at ``entry.meta["lineno"]``."""
    start = int(entry.meta["lineno"])  # 1-based line of the directive's header
    index = start
    while index < len(lines) and lines[index].startswith((" ", "\t")):
        match = _CLEAR_LINE.match(lines[index])
        if match:
            number = normalise_id_text(str(entry.meta[CLEAR_ID]))
            lines[index : index + 1] = _replacement(match["indent"], number, secret)
            return
        index += 1
    raise ValueError(f"{entry.meta['filename']}:{start}")  # written in a form jjn never writes


def migrate(folder: Path) -> Migrated:
    """Migrate one society folder (see the module docstring)."""
    if not (folder / layout.MAIN).is_file():
        raise NotALedger(str(folder))
    entries = load(folder).entries
    found = _clear_ids(entries)
    if not found:
        return Migrated(folder, 0, None)
    secret = county_secret.for_society(folder)
    clear = {
        str(e.values[0].value): id_register.ClearId(
            str(e.meta.get("name", "")),
            normalise_id_text(str(e.meta[CLEAR_ID])),
            id_hash(str(e.meta[CLEAR_ID]), secret),
        )
        for e in found
    }
    register = id_register.add(folder, clear)
    texts: dict[Path, list[str]] = {}
    for entry in sorted(found, key=lambda e: -int(e.meta["lineno"])):  # bottom up: lines shift
        path = Path(str(entry.meta["filename"]))
        if path not in texts:
            texts[path] = path.read_text("utf-8").split("\n")
        _rewrite(texts[path], entry, secret)
    commit_text(folder, {path: "\n".join(lines) for path, lines in texts.items()})
    return Migrated(folder, len(found), register)


def migrate_all(path: Path) -> list[Migrated]:
    """Every society at or below ``path`` (a society folder or a county)."""
    folders = list(layout.society_folders(path))
    if not folders:
        raise NotALedger(str(path))
    return [migrate(folder) for folder in folders]
