"""Opening a society: its books and the policy in force for them, the one way.

A society's policy in force is the package's defaults, overridden by the county in the jjn
plugin line of ``main.beancount``, then raised by the society's own dated decisions. Every
command, report, rule and page must see the same one — a referral service the county allowed is
allowed in ``jjn record referral`` exactly as in ``jjn check``, and the 一人一档 list a county set
is the one ``jjn society dossier`` and the Fava person page list. So nothing else works it out:
``open_society`` (loaded books) and ``book_of`` (entries and options already in hand) are the
two doors, and both read the configuration through ``plugin_config``.

A society is named by its folder or by its ``main.beancount``, as ``bean-check`` and ``fava``
take the file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from beancount.core import data
from beancount.parser import parser
from pydantic import ValidationError

from jjn_ledger.errors import NotALedger
from jjn_ledger.ledger import journal, layout
from jjn_ledger.ledger.load import Loaded, load
from jjn_ledger.ledger.messages import error_text
from jjn_ledger.ledger.policy import Policy, default_policy, policy_from_config
from jjn_ledger.ledger.profile import Book, read_book


def society_folder(path: Path) -> Path:
    """The society folder ``path`` names: the folder itself, or the folder of its main file."""
    if path.is_file() and path.name == layout.MAIN:
        return path.parent
    if (path / layout.MAIN).is_file():
        return path
    raise NotALedger(str(path))


def plugin_config(options_map: dict[str, Any]) -> str | None:
    """The configuration string of the jjn plugin line, as the county wrote it (or ``None``)."""
    for name, config in options_map.get("plugin", []):
        if name == layout.PLUGIN:
            return config if isinstance(config, str) else None
    return None


def read_policy(config: str | None) -> tuple[Policy, str | None]:
    """The policy a plugin configuration gives, and what is wrong with it if it cannot be read.

    An unreadable configuration falls back to the package's defaults; the plugin reports the
    problem as a ledger error (``rules.plugin``), so it is never silently ignored.
    """
    try:
        return policy_from_config(config), None
    except ValidationError as exc:
        detail = "；".join(
            f"{'.'.join(str(x) for x in err['loc'])} = {err.get('input')!r}：{error_text(err)}"
            for err in exc.errors()
        )
        return default_policy(), detail
    except (ValueError, SyntaxError) as exc:
        return default_policy(), str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def policy_of(options_map: dict[str, Any]) -> Policy:
    """The county's policy for a loaded ledger (before the society's own decisions)."""
    return read_policy(plugin_config(options_map))[0]


def book_of(entries: Sequence[data.Directive], options_map: dict[str, Any]) -> Book:
    """Profile, register and decisions of loaded entries, under the policy in force."""
    return read_book(entries, policy_of(options_map), options_map.get("include") or ())


@dataclass(frozen=True)
class Society:
    """A society opened for reading: its folder, its loaded books, and the book in force."""

    folder: Path
    loaded: Loaded
    book: Book

    @property
    def name(self) -> str:
        if self.book.profile:
            return self.book.profile.name
        return str(self.loaded.options.get("title") or self.folder.name)


def open_society(path: Path) -> Society:
    """Load a society's books with their rules: a folder or its ``main.beancount``."""
    folder = society_folder(path)
    with journal.reading(folder):  # never half of a write that was killed
        loaded = load(folder)
    return Society(folder, loaded, book_of(loaded.entries, loaded.options))


def read_profile(path: Path) -> Book:
    """Profile, officers and register, parsed (not loaded): fast, no rules run.

    The writing commands need the register before they build an entry; parsing three small
    files is far cheaper than loading the books. The county's configuration is read from the
    plugin line of ``main.beancount`` all the same, so the policy is the one in force.
    """
    folder = society_folder(path)
    journal.settle(folder)  # what is read next must not be half of a killed write
    _, _, options = parser.parse_file(str(folder / layout.MAIN))
    entries: list[data.Directive] = []
    for name in (layout.SOCIETY, layout.PEOPLE):
        file = folder / name
        if file.is_file():
            parsed, _, _ = parser.parse_file(str(file))
            entries.extend(parsed)
    entries.sort(key=data.entry_sortkey)
    return book_of(entries, options)
