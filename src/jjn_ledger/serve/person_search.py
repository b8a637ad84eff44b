"""County person search and the R16 duplicates list, over the people index, scoped by role.

* ``search(index, text)`` — a name (any part of it) or an ID number (matched through the
  county-wide key ``profile.person_key``, so the number typed is never compared as text
  with anything kept): each person found, with every register entry in the county that is the
  same person and the aid each society paid them.
* ``duplicates(index, year)`` — pairs of payments to the same person by two societies for the
  same matter, certain or probable, as rule R16 judges them (``county.audit.duplicates`` over
  ``rules.r16_sharing.pairs``: the same finding as ``jjn check COUNTY`` and ``jjn report audit``).

Scope (DOMAIN.md, who sees what): without accounts (``identity.current_user()`` is None) the
whole county; a township user their township's societies; a treasurer their own society;
officers and county staff the county. A person is found only through a society in scope; the
other societies that aided the same person are then named (that is the point of the check),
with what they paid.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from jjn_ledger.county import audit
from jjn_ledger.ledger.profile import person_key_of_number
from jjn_ledger.serve.identity import Role, User
from jjn_ledger.serve.people_index import Person, SocietyPeople


def in_scope(user: User | None, society: SocietyPeople) -> bool:
    """Whether ``user`` may look into ``society`` (no accounts: the whole county)."""
    if user is None or user.role in (Role.OFFICER, Role.COUNTY):
        return True
    if user.role is Role.TOWNSHIP:
        return society.township == user.scope
    return society.slug == user.scope


def scope_text(user: User | None) -> str:
    if user is None or user.role in (Role.OFFICER, Role.COUNTY):
        return "全县"
    if user.role is Role.TOWNSHIP:
        return f"{user.scope}（本乡镇）"
    return "本互助社"


@dataclass(frozen=True)
class Entry:
    """One society's register entry for the person found, and what that society paid them."""

    person: Person
    society: str
    township: str
    aid: tuple[audit.AidCase, ...]

    @property
    def total(self) -> Decimal:
        return sum((c.amount for c in self.aid), Decimal(0))


@dataclass(frozen=True)
class Found:
    """One person (one match key), in every society that registered them."""

    entries: tuple[Entry, ...]

    @property
    def societies(self) -> int:
        return len({e.person.slug for e in self.entries})

    @property
    def aided_by(self) -> int:
        return len({e.person.slug for e in self.entries if e.aid})


@dataclass(frozen=True)
class Search:
    text: str
    by: str  # "身份证号码" / "姓名" / ""
    found: list[Found] = field(default_factory=list)


def _entries(index: Sequence[SocietyPeople]) -> dict[str, list[Entry]]:
    """Every register entry by match key (entries without a key under their own place)."""
    aid: dict[tuple[str, str], list[audit.AidCase]] = defaultdict(list)
    for society in index:
        for case in society.cases.cases:
            aid[(society.slug, case.recipient)].append(case)
    out: dict[str, list[Entry]] = defaultdict(list)
    for society in index:
        for p in society.people:
            mine = tuple(aid.get((society.slug, p.key), ()))
            out[p.match or f"{p.slug}/{p.key}"].append(
                Entry(p, society.title, society.township, mine)
            )
    return out


def search(index: Sequence[SocietyPeople], text: str, user: User | None = None) -> Search:
    """The people ``text`` names (see the module docstring), found through societies in scope."""
    text = text.strip()
    if not text:
        return Search(text, "")
    allowed = {s.slug for s in index if in_scope(user, s)}
    groups = _entries(index)
    key = person_key_of_number(text)
    if key is not None:
        picked = [key] if key in groups else []
        by = "身份证号码"
    else:
        picked = [
            k
            for k, entries in groups.items()
            if any(text in e.person.name and e.person.slug in allowed for e in entries)
        ]
        by = "姓名"
    found = []
    for k in picked:
        entries = groups[k]
        if not any(e.person.slug in allowed for e in entries):
            continue
        found.append(Found(tuple(sorted(entries, key=lambda e: (e.person.slug, e.person.key)))))
    return Search(text, by, found)


@dataclass(frozen=True)
class Pair:
    a: audit.AidCase
    b: audit.AidCase
    why: str

    @property
    def year(self) -> int:
        return self.a.date.year


def duplicates(
    index: Sequence[SocietyPeople], year: int | None = None, user: User | None = None
) -> list[Pair]:
    """Same person aided by two societies (R16), with at least one society in scope."""
    allowed = {s.slug for s in index if in_scope(user, s)}
    pairs = [Pair(a, b, why) for a, b, why in audit.duplicates([s.cases for s in index])]
    return [
        p
        for p in pairs
        if (year is None or p.year == year) and (p.a.slug in allowed or p.b.slug in allowed)
    ]


def window_days(index: Sequence[SocietyPeople]) -> int:
    """The R16 window the county's policy sets (``sharing.window_days``)."""
    return index[0].cases.window_days if index else 90


def years(index: Sequence[SocietyPeople]) -> list[int]:
    return sorted({c.date.year for s in index for c in s.cases.cases}, reverse=True)
