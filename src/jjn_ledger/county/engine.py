"""The county engine: each society's books reduced to a small summary, many at a time.

A county has a few hundred societies (a province eighteen thousand), and every county view
needs the same handful of figures per society (``county.summary.SocietySummary``). So the work
is split in two:

* ``summarise(folder)`` loads ONE society with its rules (``ledger.load``, the same load as
  ``jjn check``) and reduces it to a ``SocietySummary`` (``county.summary.summary_of``);
* ``summaries(folder, executor, progress)`` maps ``summarise`` over the society folders with a
  ``concurrent.futures.Executor`` (``county.parallel.map_folders``; by default a process pool
  with one worker per CPU), results in folder order.

Both go through jjn's summary cache (``ledger.cache``): a society whose books, jjn's code and
deadlines are unchanged is not loaded again, and the write path leaves the summary of the books
it has just loaded (``leave_summary``). A society that cannot be read is a row saying so
(``summarise_or_report``), never the end of a county's report.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from pathlib import Path
from typing import TYPE_CHECKING

from jjn_ledger.county.parallel import Progress, map_folders
from jjn_ledger.county.summary import SocietySummary, summary_of
from jjn_ledger.errors import JjnError, NotALedger, printable
from jjn_ledger.ledger import cache as summary_cache
from jjn_ledger.ledger import clock, layout
from jjn_ledger.rules.base import UNREADABLE

if TYPE_CHECKING:
    from jjn_ledger.ledger.load import Loaded


def summarise(folder: Path) -> SocietySummary:
    """Load one society with its rules and reduce it to a ``SocietySummary``."""
    from jjn_ledger.ledger import journal
    from jjn_ledger.ledger.load import load

    if not (folder / layout.MAIN).is_file():
        raise NotALedger(str(folder))
    with journal.reading(folder):  # never half of a write that was killed
        loaded = load(folder)
    return summary_of(folder, loaded)


def summarise_or_report(folder: Path) -> SocietySummary:
    """``summarise``, but a society that cannot be read becomes a row saying so.

    One unreadable ledger among a county's hundreds must not stop the county's report; its row
    carries the failure as an open problem (rule id ``读取``) for the county to follow up.
    """
    try:
        return summarise(folder)
    except Exception as exc:  # reported in the row, by design
        kind = "" if isinstance(exc, JjnError) else f"{type(exc).__name__}："
        message = f"无法汇总该互助社账本：{kind}{exc}"
        return SocietySummary(
            folder=str(folder),
            slug=printable(folder.name),
            name=printable(folder.name),
            errors={UNREADABLE: 1},
            messages=((UNREADABLE, "错误", message),),
        )


def readable(summary: SocietySummary) -> bool:
    """A summary worth caching: the society could be read (a failure may be passing)."""
    return UNREADABLE not in summary.errors


def fresh(summary: SocietySummary) -> bool:
    """A cached summary still true today: no deadline in it has passed since it was made."""
    return summary.expires is None or clock.today() < summary.expires


def summarise_cached(folder: Path) -> SocietySummary:
    """``summarise_or_report`` through the summary cache (``summary_cache``): one society."""
    return summary_cache.cached(folder, summarise_or_report, SocietySummary, readable, fresh)


def leave_summary(folder: Path, loaded: Loaded) -> None:
    """After a write: keep the summary of the books just loaded, so no roll-up loads them again.

    Registered with the write path (``write.safe.after_each_write``) by the command line. A
    failure here never fails the write: the books are written, and a roll-up would simply load
    this society once more.
    """
    try:
        summary_cache.store(folder, summary_of(folder, loaded), SocietySummary)
    except Exception:
        return


def summaries(
    folder: Path,
    executor: Executor | None = None,
    progress: Progress | None = None,
    *,
    cache: bool = True,
) -> list[SocietySummary]:
    """A ``SocietySummary`` of every society under ``folder``, in folder order.

    ``executor`` defaults to a process pool with ``os.cpu_count()`` workers; ``progress(done,
    total)`` is called as each society is done. A society that cannot be read is a row with the
    failure as its problem (``summarise_or_report``). With ``cache`` (the default), societies
    whose books and jjn's code are unchanged, and whose deadlines have not passed since, are not
    loaded again: their summaries are read from jjn's cache folder (``ledger.cache``), and only
    the others go to the
    executor.
    """
    from jjn_ledger.ledger import journal

    folders = list(layout.society_folders(folder))
    if not folders:
        raise NotALedger(str(folder))
    for one in folders:  # complete killed writes first: the cache keys are the books' bytes
        with contextlib.suppress(JjnError):  # a society that cannot be settled is a row saying so
            journal.settle(one)
    if not cache:
        return map_folders(summarise_or_report, folders, executor, progress)

    def run(fn: Callable[[Path], SocietySummary], misses: Sequence[Path]) -> list[SocietySummary]:
        hits = len(folders) - len(misses)
        if progress and hits and misses:
            progress(hits, len(folders))
        return map_folders(fn, misses, executor, progress, done_before=hits, total=len(folders))

    rows, loaded = summary_cache.cached_map(
        folders, summarise_or_report, run, SocietySummary, readable, fresh
    )
    if progress and not loaded:  # every summary came from the cache
        progress(len(folders), len(folders))
    return rows
