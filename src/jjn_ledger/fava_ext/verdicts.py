"""Every rule's verdict on the rows it judges: the rulebook's own findings, placed by file and line.

The register and the person file show, for each aid payment, what each rule that judges aid
payments said about it — R5 (who, and the record), R6 (deadlines), R7 (caps and frequency),
R14 (officers' households) — and any other rule that found something at that payment. Nothing
is re-judged here: the findings are those of ``rules.base.run(rules.ALL, …)``, the same run the
Beancount plugin, ``bean-check`` and ``jjn check`` make, matched to the payment by the place of
its entry (``meta`` file and line).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from beancount.core import data

from jjn_ledger.fava_ext.common import NO_CALENDAR, Where, where
from jjn_ledger.ledger.calendar import Calendar
from jjn_ledger.ledger.profile import Book
from jjn_ledger.rules import (
    ALL,
    r05_aid_record,
    r06_deadlines,
    r07_aid_caps,
    r14_officer_households,
)
from jjn_ledger.rules import base as rulebook

# The rules that judge every aid payment, in the register's column order.
AID_RULES: tuple[rulebook.Rule, ...] = (
    r05_aid_record.RULE,
    r06_deadlines.RULE,
    r07_aid_caps.RULE,
    r14_officer_households.RULE,
)


@cache
def rule_titles() -> dict[str, str]:
    """Rule id → its Chinese title(s), from the rule modules (R10, R17 have several)."""
    out: dict[str, list[str]] = defaultdict(list)
    for module in ALL:
        rule = module.RULE
        if rule.title not in out[rule.id]:
            out[rule.id].append(rule.title)
    return {k: "、".join(v) for k, v in out.items()}


@dataclass(frozen=True)
class Verdict:
    """One finding of one rule at one row."""

    rule: str
    title: str
    severity: str  # "error" / "warning"
    message: str

    @property
    def label(self) -> str:
        return "不符合" if self.severity == "error" else "提示"


@dataclass(frozen=True)
class RuleCell:
    """What one rule says of one row: 符合, 不符合 (with its messages), or a note."""

    rule: str
    title: str
    verdicts: tuple[Verdict, ...]
    unchecked: bool = False  # R6 without calendar data for the year

    @property
    def errors(self) -> tuple[Verdict, ...]:
        return tuple(v for v in self.verdicts if v.severity == "error")

    @property
    def label(self) -> str:
        if self.errors:
            return "不符合"
        if self.unchecked:
            return NO_CALENDAR
        return "提示" if self.verdicts else "符合"

    @property
    def text(self) -> str:
        return "；".join(v.message for v in self.verdicts)


def findings_by_place(
    entries: Sequence[data.Directive], book: Book, calendar: Calendar | None = None
) -> dict[Where, list[Verdict]]:
    """All findings of the rulebook on these entries, by the place of the entry they concern.

    ``calendar`` replaces the book's working days (a county override being tried out), so the
    deadline verdicts are those ``bean-check`` gives with that calendar in place.
    """
    if calendar is not None:
        book.calendar = calendar
    out: dict[Where, list[Verdict]] = defaultdict(list)
    for finding in rulebook.run(ALL, entries, book):
        rule = finding.rule
        message = finding.message
        out[where(finding.meta)].append(Verdict(rule.id, rule.title, rule.severity, message))
    return out


def cells(
    found: Sequence[Verdict], r6_unchecked: bool = False
) -> tuple[tuple[RuleCell, ...], tuple[Verdict, ...]]:
    """A row's cells for ``AID_RULES`` and the findings of any other rule at the row.

    ``r6_unchecked``: the row's year has no working-day data, so R6 could not judge it (the
    rule says so once a year, as a warning; every such row says so here).
    """
    ids = {r.id for r in AID_RULES}
    row = []
    for rule in AID_RULES:
        mine = tuple(v for v in found if v.rule == rule.id)
        unchecked = r6_unchecked and rule.id == r06_deadlines.RULE.id
        if unchecked:
            mine = tuple(v for v in mine if v.title != r06_deadlines.NO_CALENDAR.title)
        row.append(RuleCell(rule.id, rule.title, mine, unchecked))
    others = tuple(v for v in found if v.rule not in ids)
    return tuple(row), others
