"""What runs after a successful write: a light registry the command line and the server fill.

The write path has just loaded the books as they now are (it judged them). A layer above — the
county engine — can use that load to leave the society's summary behind, so that a county
roll-up never loads these books again. The write path cannot import that layer (it sits above),
so the layer registers a hook here; this module imports nothing heavy, so registering at start-up
keeps ``jjn --help`` fast.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jjn_ledger.ledger.load import Loaded

AfterWrite = Callable[[Path, "Loaded"], None]
_AFTER_WRITE: list[AfterWrite] = []


def after_each_write(hook: AfterWrite) -> None:
    """Run ``hook(folder, books_as_written)`` after every successful write, under the lock."""
    if hook not in _AFTER_WRITE:
        _AFTER_WRITE.append(hook)


def written(folder: Path, loaded: Loaded) -> None:
    """Called by ``write.safe`` once the new files are in place."""
    for hook in _AFTER_WRITE:
        hook(folder, loaded)
