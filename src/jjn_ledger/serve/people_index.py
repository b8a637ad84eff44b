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

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from jjn_ledger.county import audit
from jjn_ledger.ledger.idcodes import mask_name
from jjn_ledger.serve.background import Background


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
    cases = audit.society_cases(society, folder, None)  # pseudonyms only: no clear ID number
    township = book.profile.township if book.profile else ""
    return SocietyPeople(folder.name, society.name, township, people, cases)


class PeopleIndex(Background[SocietyPeople]):
    """``people_of`` for every society, refreshed in the background when books change."""

    def __init__(self, folders: Sequence[Path], workers: int | None = None) -> None:
        super().__init__(folders, people_of, workers)

    def societies(self) -> list[SocietyPeople]:
        """What is indexed now, in folder order (never waits)."""
        return self.values()
