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
    """``fn`` over ``folders`` with any ``concurrent.futures`` executor, results in order
    (a ``None`` result is left out).

    Any executor works: a process pool here, a thread pool in tests, or a distributed one (a
    Dask cluster's ``client.get_executor()``) for a province that outgrows one machine.

    Folders go out in small batches (``batch_size``): each task costs the executor some work of
    its own (a Dask scheduler's bookkeeping, a pool's pipe), and on a machine whose cores are
    all busy loading books that work is taken from them. Measured on 150 societies, 2 workers:
    Dask one folder a task 1.30x the pool's time, eight a task 1.20x.
    """
    total = len(folders) + done_before if total is None else total
    if executor is None and len(folders) <= 1:
        out = []
        for i, f in enumerate(folders):
            out.append(fn(f))
            if progress:
                progress(done_before + i + 1, total)
        return [r for r in out if r is not None]
    size = batch_size(len(folders))
    batches = [list(folders[i : i + size]) for i in range(0, len(folders), size)]
    results: list[list[T]] = [[] for _ in batches]
    own = executor is None
    pool = executor or ProcessPoolExecutor(max_workers=os.cpu_count())
    try:
        futures = {pool.submit(_each, fn, b): k for k, b in enumerate(batches)}
        done = done_before
        for future in as_completed(futures):
            k = futures[future]
            results[k] = future.result()
            done += len(batches[k])
            if progress:
                progress(done, total)
    finally:
        if own:
            pool.shutdown(cancel_futures=True)
    return [r for batch in results for r in batch if r is not None]


def batch_size(count: int) -> int:
    """Folders per task: up to 8, and at least 16 tasks so that no worker waits at the end."""
    return max(1, min(8, count // 16))


def _each(fn: Callable[[Path], T], folders: Sequence[Path]) -> list[T]:
    return [fn(f) for f in folders]
