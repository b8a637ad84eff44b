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


def load(path: Path) -> Loaded:
    """Load ``path`` (a society folder or its main file) with its plugins, without the cache."""
    main = path / layout.MAIN if path.is_dir() else path
    with clock.watch() as horizon:
        entries, errors, options = loader._load([(str(main.resolve()), True)], None, None, None)
    return Loaded(main, entries, errors, options, horizon.expires)


def load_text(text: str, filename: str = "<string>") -> Loaded:
    entries, errors, options = loader.load_string(text)
    return Loaded(Path(filename), entries, errors, options)
