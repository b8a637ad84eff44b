"""Load a society's books the one way every jjn command does.

Beancount's pickle cache is bypassed: it ignores plugin code changes and a cache hit skips the
plugins, so it could return a stale verdict (STYLE.md, measured). jjn's own summary cache
(county reports) is keyed by content and rule version instead.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from beancount import loader
from beancount.core import data

from jjn_ledger.errors import NameNotUtf8
from jjn_ledger.ledger import clock, layout


@dataclass(frozen=True)
class Loaded:
    """A loaded ledger: Beancount's entries, errors and options.

    ``expires`` is the first day on which the rules' verdict on these books may change without
    the books changing (a deadline passing, ``ledger.clock``); None when it never does.
    """

    path: Path
    entries: list[data.Directive]
    errors: list[Any]
    options: dict[str, Any]
    expires: datetime.date | None = None


def require_utf8_name(path: Path) -> None:
    """``NameNotUtf8`` unless Beancount can read books at ``path`` (it encodes every name as
    UTF-8; a GBK folder name from Windows reaches Python as lone surrogates)."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        raise NameNotUtf8(str(path)) from None


def load(path: Path) -> Loaded:
    """Load ``path`` (a society folder or its main file) with its plugins, without the cache."""
    main = path / layout.MAIN if path.is_dir() else path
    try:
        with clock.watch() as horizon:
            entries, errors, options = loader._load([(str(main.resolve()), True)], None, None, None)
    except UnicodeEncodeError:  # Beancount encodes every file name it read as UTF-8
        raise NameNotUtf8(str(main.parent)) from None
    return Loaded(main, entries, errors, options, horizon.expires)


def load_text(text: str, filename: str = "<string>") -> Loaded:
    entries, errors, options = loader.load_string(text)
    return Loaded(Path(filename), entries, errors, options)
