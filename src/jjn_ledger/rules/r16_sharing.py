"""R16 — no duplicate aid across the societies of a county (a county-level rule).

Seeds: ``004_124e94daaa3ff448.txt`` §二(二) (建立……救助信息共享机制，加强部门协作，有效防止“重复
救助”和“遗漏救助”), ``002_757f8b4b1c9ebbc3.txt`` §一 (信息比对), and the once-per-matter rule of
``000_5491b89b33d14de1.txt`` §二(四) (同一年度内因同一事项申请救助的，原则上只救助一次).

One society's books can be right on their own and still share a recipient with a neighbour's,
so this rule reads every society of a county at once. It runs when ``jjn check`` is given a
county folder (more than one society), not in a single society's plugin: ``bean-check`` on one
society and ``jjn check`` on that society still agree.

People are matched by ``profile.person_key`` (the one function for it: the register's keyed
hash of the ID number, or the ID number), never by a register's own key or by name. For two
payments to the same person by two different societies:

* **certain duplicate** (an error): the same matter in the same calendar year — the matter texts
  compared by ``wording.matter_key`` (normalised, without the date or month in front, so
  "2025-01 脑出血住院" and "2025-05 脑出血住院" are one matter: each treasurer puts the month
  they paid in front of the matter, which is not part of what the matter is);
* **probable duplicate** (a warning, for review): otherwise the same cause category within
  ``sharing.window_days`` days (90 by default, policy data) — two treasurers rarely type the
  same matter text for the same illness.

The finding is at the later payment (the one that should not have been made) and names the
earlier one and its society.

Before: 柳树村 pays P007 (ID …) 800 for "2025-01 脑出血住院" on 2025-01-20; 桃园村 pays its P012
(the same ID number) 500 for "2025-05 脑出血住院" on 2025-05-06 → After, at 桃园村's payment:
``[R16 重复救助] 同一人同一事项已由示例县青山乡柳树村“救急难”互助社于 2025-01-20 救助…``.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from beancount.core import data

from jjn_ledger.ledger.policy import Policy
from jjn_ledger.ledger.profile import Book, person_key
from jjn_ledger.rules.base import Finding, Rule
from jjn_ledger.rules.wording import matter_key

SOURCE = "民政部 财政部“救急难”综合试点通知 二(二)；皖民社救函〔2024〕61号 二(四)"
RULE = Rule("R16", "重复救助", SOURCE, blocks_writes=False)
PROBABLE = Rule("R16", "疑似重复救助", SOURCE, severity="warning")


class Case(Protocol):
    """What the matching needs of a payment (``SharedCase`` here, the audit report's rows)."""

    @property
    def society(self) -> str: ...
    @property
    def person(self) -> str: ...
    @property
    def date(self) -> datetime.date: ...
    @property
    def cause(self) -> str: ...
    @property
    def matter(self) -> str: ...


C = TypeVar("C", bound=Case)


@dataclass(frozen=True)
class SharedCase:
    """One aid payment as the county sees it: small, picklable, no clear ID number needed."""

    society: str  # the society's folder, as ``jjn check`` names it
    title: str  # the society's name
    person: str  # ``person_key`` of the recipient
    recipient: str  # the register's own key, for the message
    date: datetime.date
    category: str
    cause: str
    matter: str
    meta: data.Meta


def cases_of(entries: Sequence[data.Directive], book: Book, society: str) -> list[SharedCase]:
    """The aid payments of one society whose recipient is in its register."""
    title = book.profile.name if book.profile else society
    out = []
    for pay in book.aid_payments(entries):
        person = book.recipients.get(pay.recipient or "")
        if person is None:
            continue  # R5 reports it in the society's own books
        out.append(
            SharedCase(
                society=society,
                title=title,
                person=person_key(person),
                recipient=person.key,
                date=pay.date,
                category=pay.category,
                cause=pay.cause or "",
                matter=pay.matter or "",
                meta=pay.meta,
            )
        )
    return out


def duplicate_kind(first: Case, later: Case, window_days: int) -> Rule | None:
    """Whether two payments to one person by two societies are a duplicate, and how sure."""
    if first.society == later.society:
        return None  # within one society, R7 judges it
    if (
        first.matter
        and first.date.year == later.date.year
        and matter_key(first.matter) == matter_key(later.matter)
    ):
        return RULE
    near = abs((later.date - first.date).days) <= window_days
    if first.cause and first.cause == later.cause and near:
        return PROBABLE
    return None


def pairs(cases: Iterable[C], window_days: int) -> Iterator[tuple[C, C, Rule]]:
    """(earlier, later, kind) for every payment that duplicates an earlier one, in date order.

    A payment is paired once: with the earliest certain duplicate, else the earliest probable
    one.
    """
    by_person: dict[str, list[C]] = defaultdict(list)
    for case in cases:
        if case.person:
            by_person[case.person].append(case)
    for group in by_person.values():
        group.sort(key=lambda c: (c.date, c.society))
        for i, later in enumerate(group):
            found = [(f, duplicate_kind(f, later, window_days)) for f in group[:i]]
            best = next((f for f, k in found if k is RULE), None)
            if best is not None:
                yield best, later, RULE
                continue
            best = next((f for f, k in found if k is PROBABLE), None)
            if best is not None:
                yield best, later, PROBABLE


def check_county(cases: Iterable[SharedCase], policy: Policy) -> Iterator[tuple[str, Finding]]:
    """(society the finding belongs to, finding) for every duplicate across societies."""
    for first, later, kind in pairs(cases, policy.sharing.window_days):
        if kind is RULE:
            what = f"同一人同一事项（“{later.matter}”）"
        else:
            days = abs((later.date - first.date).days)
            what = f"同一人同一致困原因（{later.cause}），相隔 {days} 天，"
        message = (
            f"救助对象 {later.recipient} {what}已由{first.title}于 {first.date} 救助"
            f"（该社编号 {first.recipient}，事项“{first.matter}”），"
            + ("属重复救助" if kind is RULE else "疑似重复救助，请核实")
        )
        yield later.society, Finding(kind, message, later.meta)
