"""One function over many society folders, in parallel, with any ``concurrent.futures`` executor.

A county has a few hundred societies (a province eighteen thousand). The county engine's
summaries and the audit's aid cases are both made one society at a time by a module-level
function; this maps such a function over the society folders with an ``Executor`` (by default
a process pool with one worker per CPU). Each worker holds one society's books at a time and
returns only something small, so memory stays flat however large the county; results come back
in folder order.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import TypeVar

from jjn_ledger.errors import NotALedger
from jjn_ledger.ledger import layout

T = TypeVar("T")
Progress = Callable[[int, int], None]


def map_societies(
    fn: Callable[[Path], T],
    folder: Path,
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> list[T]:
    """``fn`` over every society folder under ``folder``, in folder order, in parallel.

    ``fn`` must be a module-level function (it is pickled for a process pool) and should return
    something small. Without an executor a process pool with ``os.cpu_count()`` workers is used
    (none for a single society). ``progress(done, total)`` is called as results arrive.
    """
    folders = list(layout.society_folders(folder))
    if not folders:
        raise NotALedger(str(folder))
    return map_folders(fn, folders, executor, progress)


def map_folders(
    fn: Callable[[Path], T],
    folders: Sequence[Path],
    executor: Executor | None = None,
    progress: Progress | None = None,
    done_before: int = 0,
    total: int | None = None,
) -> list[T]:
    """``fn`` over ``folders`` with any ``concurrent.futures`` executor, results in order.

    Any executor works: a process pool here, a thread pool in tests, or a distributed one (a
    Dask cluster's ``client.get_executor()``) for a province that outgrows one machine.
    """
    total = len(folders) + done_before if total is None else total
    results: list[T | None] = [None] * len(folders)
    if executor is None and len(folders) <= 1:
        for i, f in enumerate(folders):
            results[i] = fn(f)
            if progress:
                progress(done_before + i + 1, total)
        return [r for r in results if r is not None]
    own = executor is None
    pool = executor or ProcessPoolExecutor(max_workers=os.cpu_count())
    try:
        futures = {pool.submit(fn, f): i for i, f in enumerate(folders)}
        for done, future in enumerate(as_completed(futures), start=1):
            results[futures[future]] = future.result()
            if progress:
                progress(done_before + done, total)
    finally:
        if own:
            pool.shutdown(cancel_futures=True)
    return [r for r in results if r is not None]
