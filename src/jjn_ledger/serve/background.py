"""Per-society results computed in the background, recomputed only for books that changed.

The county pages must answer at once however many societies there are, so they never wait for
a ledger to load: the summaries (``SummaryCache``) and the people index
(``people_index.PeopleIndex``) are computed in a background thread — a process pool when
several books are stale — and each page shows what is ready and how far it has got.

A server must also stop when asked. Worker processes busy loading books would otherwise keep
it alive after Ctrl-C (``concurrent.futures`` joins its pools at exit), so ``stop_all`` cancels
what is queued and ends the workers; the server calls it on the way out.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
import weakref
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any, Generic, TypeVar

from jjn_ledger.serve.societies import Fingerprint, fingerprint

T = TypeVar("T")

_RUNNING: weakref.WeakSet[Background[Any]] = weakref.WeakSet()


class Background(Generic[T]):
    """``compute(folder)`` for every folder, kept until the folder's books change.

    ``compute`` must be a module-level function (it is sent to spawned workers);
    ``in_process`` runs it in the background thread itself (tests, one-off functions).
    """

    def __init__(
        self,
        folders: Sequence[Path],
        compute: Callable[[Path], T],
        workers: int | None = None,
        *,
        in_process: bool = False,
        nice: int = 0,
    ) -> None:
        self.folders = list(folders)
        self._compute = compute
        self._workers = workers
        self._in_process = in_process
        self._nice = nice
        self._done: dict[Path, tuple[Fingerprint, T]] = {}
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._pool: ProcessPoolExecutor | None = None
        self._stopped = False
        self._checked = -float("inf")
        self.failed: dict[Path, str] = {}
        _RUNNING.add(self)

    def get(self, folder: Path) -> T | None:
        found = self._done.get(folder)
        return found[1] if found else None

    def values(self) -> list[T]:
        """What is ready now, in folder order (never waits)."""
        return [self._done[f][1] for f in self.folders if f in self._done]

    @property
    def ready(self) -> int:
        return len(self._done)

    @property
    def busy(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def stale(self) -> list[Path]:
        return list(self._stale())

    def _stale(self) -> dict[Path, Fingerprint]:
        """The folders whose books changed since their result, with their new fingerprints."""
        out = {}
        for folder in self.folders:
            key = fingerprint(folder)
            done = self._done.get(folder)
            if done is None or done[0] != key:
                out[folder] = key
        return out

    def refresh(self) -> None:
        """Recompute the stale results now (blocking); each is kept as soon as it arrives."""
        todo = self._stale()
        if not todo or self._stopped:
            return
        if len(todo) == 1 or self._in_process:
            for folder, key in todo.items():
                if not self._stopped:
                    self._keep(folder, key, self._one(folder))
            return
        # spawn, not fork: this process runs server threads, which fork does not copy safely;
        # niced, so a society page asked for meanwhile is not slowed down by the workers
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(
            self._workers, mp_context=context, initializer=os.nice, initargs=(self._nice,)
        ) as pool:
            self._pool = pool
            try:
                futures = {pool.submit(self._compute, f): f for f in todo}
                for future in as_completed(futures):
                    folder = futures[future]
                    self._keep(folder, todo[folder], self._result(folder, future))
            finally:
                self._pool = None

    def refresh_soon(self) -> None:
        """Start a background refresh unless one is running."""
        with self._lock:
            if self.busy or self._stopped:
                return
            self._thread = threading.Thread(target=self.refresh, daemon=True)
            self._thread.start()

    def check_soon(self, every: float = 10.0) -> None:
        """Look for changed books at most every ``every`` seconds, refreshing in the background.

        Checking stats every file of every society (10,000 files for 300 societies, about
        0.2 s here), so a page reload does not pay for it each time.
        """
        now = time.monotonic()
        if now - self._checked < every or self.busy:
            return
        self._checked = now
        if self.stale():
            self.refresh_soon()

    def wait(self, timeout: float | None = None) -> None:
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def stop(self) -> None:
        """Take no more work and drop what is queued (the server is stopping)."""
        self._stopped = True
        pool = self._pool
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    def _keep(self, folder: Path, key: Fingerprint, result: T | None) -> None:
        if result is not None and not self._stopped:
            with self._lock:
                self._done[folder] = (key, result)

    def _one(self, folder: Path) -> T | None:
        try:
            return self._compute(folder)
        except Exception as exc:  # one broken ledger must not hide the others
            self.failed[folder] = str(exc)
            return None

    def _result(self, folder: Path, future: Future[T]) -> T | None:
        try:
            return future.result()
        except Exception as exc:
            if not self._stopped:
                self.failed[folder] = str(exc)
            return None


def stop_all(timeout: float = 5.0) -> None:
    """Stop every background refresh and end its worker processes, so the server can exit."""
    for background in list(_RUNNING):
        background.stop()
    for child in multiprocessing.active_children():
        child.terminate()
    for child in multiprocessing.active_children():
        child.join(timeout)
    for background in list(_RUNNING):
        background.wait(timeout)


def summarise_cached(folder: Path) -> Any:
    """A society's county summary through the on-disk cache (a restarted server is warm)."""
    from jjn_ledger.county import engine

    return engine.summarise_cached(folder)


class SummaryCache(Background[Any]):
    """``county.summarise`` per society for the overview table."""

    def __init__(
        self,
        folders: Sequence[Path],
        summarise: Callable[[Path], Any] | None = None,
        workers: int | None = None,
    ) -> None:
        super().__init__(
            folders,
            summarise or summarise_cached,
            workers,
            in_process=summarise is not None,
            nice=10,
        )
