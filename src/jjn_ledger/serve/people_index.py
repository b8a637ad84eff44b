"""Who was aided where: the county's recipients and their aid, for person search and R16.

An auditor looks a person up across the county (by name, or by ID number matched through the
county-wide key ``profile.person_key``) and sees every society that registered or aided
them; the duplicates page lists the same person aided for the same matter by two societies
(``county.audit.duplicates``, the same finding as ``jjn report audit``). Both need each
society's register and aid, which means loading its books, so the index is built like the
overview's summaries: per society, in a process pool in the background, rebuilt only for books
that changed, and the pages say how far it has got. Nothing here keeps a clear ID number: a
person is held by their match key, and pages show masked names.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from jjn_ledger.county import audit
from jjn_ledger.ledger.idcodes import mask_name


@dataclass(frozen=True)
class Person:
    """One register entry of one society, as the county sees it."""

    slug: str
    key: str
    name: str
    match: str | None  # county-wide match key (never shown)
    status: str
    household: str

    @property
    def masked(self) -> str:
        return mask_name(self.name)


@dataclass(frozen=True)
class SocietyPeople:
    """A society's register and its aid of every year (picklable, built in a worker)."""

    slug: str
    title: str
    township: str
    people: tuple[Person, ...]
    cases: audit.SocietyCases


def people_of(folder: Path) -> SocietyPeople:
    """Load one society and keep who is in its register and what they received."""
    from jjn_ledger.ledger.profile import person_key
    from jjn_ledger.ledger.society import open_society

    society = open_society(folder)
    book = society.book
    people = tuple(
        Person(folder.name, p.key, p.name, person_key(p), p.status, p.household)
        for p in book.recipients.values()
    )
    cases = audit.society_cases(society, folder, None)
    # the clear ID number stays in the society's books; the index holds the match key only
    cases = audit.SocietyCases(
        cases.slug,
        cases.society,
        cases.spot_check_ratio,
        tuple(_without_number(c) for c in cases.cases),
        cases.window_days,
    )
    township = book.profile.township if book.profile else ""
    return SocietyPeople(folder.name, society.name, township, people, cases)


def _without_number(case: audit.AidCase) -> audit.AidCase:
    from dataclasses import replace

    return replace(case, id_number=None)


class PeopleIndex:
    """``people_of`` for every society, refreshed in the background when books change."""

    def __init__(self, folders: Sequence[Path], workers: int | None = None) -> None:
        self.folders = list(folders)
        self._workers = workers
        self._done: dict[Path, tuple[object, SocietyPeople]] = {}
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self.failed: dict[Path, str] = {}

    @property
    def ready(self) -> int:
        return len(self._done)

    @property
    def busy(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def societies(self) -> list[SocietyPeople]:
        """What is indexed now, in folder order (never waits)."""
        return [self._done[f][1] for f in self.folders if f in self._done]

    def stale(self) -> list[Path]:
        from jjn_ledger.serve.app import fingerprint

        return [
            f for f in self.folders if f not in self._done or self._done[f][0] != fingerprint(f)
        ]

    def refresh(self) -> None:
        """Index the stale societies now (blocking): a spawn process pool for several."""
        from jjn_ledger.serve.app import fingerprint

        todo = {f: fingerprint(f) for f in self.stale()}
        if not todo:
            return
        folders = list(todo)
        if len(folders) == 1:
            results = [self._one(folders[0])]
        else:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            ctx = multiprocessing.get_context("spawn")  # server threads: never fork
            with ProcessPoolExecutor(self._workers, mp_context=ctx) as pool:
                futures = [pool.submit(people_of, f) for f in folders]
                results = [self._result(f, fut) for f, fut in zip(folders, futures, strict=True)]
        with self._lock:
            for folder, result in zip(folders, results, strict=True):
                if result is not None:
                    self._done[folder] = (todo[folder], result)

    def _one(self, folder: Path) -> SocietyPeople | None:
        try:
            return people_of(folder)
        except Exception as exc:  # one broken ledger must not hide the others
            self.failed[folder] = str(exc)
            return None

    def _result(self, folder: Path, future: object) -> SocietyPeople | None:
        try:
            return future.result()  # type: ignore[attr-defined, no-any-return]
        except Exception as exc:
            self.failed[folder] = str(exc)
            return None

    def refresh_soon(self) -> None:
        with self._lock:
            if self.busy:
                return
            self._thread = threading.Thread(target=self.refresh, daemon=True)
            self._thread.start()

    def wait(self, timeout: float | None = None) -> None:
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
