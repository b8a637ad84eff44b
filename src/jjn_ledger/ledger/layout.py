"""Where a society's books live on disk, and the top-level file that ties them together.

A society is a folder::

    main.beancount      options, the one plugin line, Fava options, includes
    society.beancount   profile, officers, decisions (custom directives)
    accounts.beancount  open directives from the chart
    people.beancount    the recipient register and referrals
    books/YYYY-MM.beancount   one file per month of transactions, counts, notices

The ``plugin`` line must be in ``main.beancount``: Beancount ignores plugin lines of included
files. A county is a folder of society folders.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

MAIN = "main.beancount"
SOCIETY = "society.beancount"
ACCOUNTS = "accounts.beancount"
PEOPLE = "people.beancount"
BOOKS = "books"
PLUGIN = "jjn_ledger.plugins.rules"
FAVA_EXTENSION = "jjn_ledger.fava_ext"  # the audit pages (互助社审计) Fava shows
FAVA_EXTENSION_CLASS = "JjnAudit"


def main_text(title: str, plugin_config: str | None = None) -> str:
    """The top-level file of a society ledger."""
    plugin = f'plugin "{PLUGIN}"' + (f' "{plugin_config}"' if plugin_config else "")
    return "\n".join(
        [
            f'option "title" "{title}"',
            'option "operating_currency" "CNY"',
            'option "render_commas" "TRUE"',
            plugin,
            "",
            '1970-01-01 custom "fava-option" "language" "zh_CN"',
            '1970-01-01 custom "fava-option" "locale" "zh_CN"',
            f'1970-01-01 custom "fava-option" "default-page" "extension/{FAVA_EXTENSION_CLASS}/"',
            f'1970-01-01 custom "fava-extension" "{FAVA_EXTENSION}"',
            "",
            f'include "{SOCIETY}"',
            f'include "{ACCOUNTS}"',
            f'include "{PEOPLE}"',
            f'include "{BOOKS}/*.beancount"',
            "",
        ]
    )


def month_file(folder: Path, year: int, month: int) -> Path:
    return folder / BOOKS / f"{year:04d}-{month:02d}.beancount"


def society_folders(path: Path) -> Iterator[Path]:
    """The society folders at or below ``path`` (a society folder, a county, a province)."""
    if (path / MAIN).is_file():
        yield path
        return
    # A walk that does not enter a society (its documents/ may hold hundreds of papers): a
    # province of 18,000 is listed in seconds, not minutes.
    for root, dirs, files in os.walk(path):
        if MAIN in files and Path(root, MAIN).is_file():
            dirs.clear()
            yield Path(root)
        else:
            dirs.sort()


def ledger_files(folder: Path) -> list[Path]:
    """Every file that makes up one society's books, in a stable order (for hashing, sealing)."""
    return [folder / name for name in ledger_names(folder)]


def ledger_names(folder: Path | str) -> list[str]:
    """``ledger_files`` as paths relative to the folder, found with plain strings.

    A province roll-up keys 18,000 societies; ``pathlib`` objects were most of its time.
    """
    base = os.fspath(folder)
    names = [n for n in (MAIN, SOCIETY, ACCOUNTS, PEOPLE) if os.path.isfile(os.path.join(base, n))]
    try:
        with os.scandir(os.path.join(base, BOOKS)) as found:
            months = sorted(e.name for e in found if e.name.endswith(".beancount") and e.is_file())
    except OSError:
        months = []
    return names + [f"{BOOKS}/{name}" for name in months]


def inside(path: str, folder: str) -> bool:
    """``path`` lies inside ``folder`` (a resolved path), symbolic links followed. A relative
    path does not: nothing jjn or Beancount names is relative."""
    if not os.path.isabs(path):
        return False
    return os.path.commonpath([os.path.realpath(path), folder]) == folder


def foreign_files(main: str, files: Iterable[str]) -> list[str]:
    """Those of ``files`` (what Beancount loaded for ``main``) outside the folder of ``main``.

    A society's books are its folder: an ``include`` of another society's register would put
    that society's people and money into this one's checks, reports and pages. Each folder is
    resolved once and a file only when it is itself a link (a load lists every month file, and
    resolving every path was 4 % of the rules' time).
    """
    if not os.path.isabs(main):
        return []  # books loaded from a string
    home = os.path.realpath(os.path.dirname(main))
    folders: dict[str, bool] = {}
    out = []
    for path in files:
        if not os.path.isabs(path):
            continue
        parent = os.path.dirname(path)
        if parent not in folders:
            folders[parent] = inside(parent, home)
        if not folders[parent] or (os.path.islink(path) and not inside(path, home)):
            out.append(path)
    return out
