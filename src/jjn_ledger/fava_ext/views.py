"""What the audit pages show, gathered from a ledger's entries by small pure functions.

Everything here takes Beancount entries (and, for the rule problems, the load's errors and
options) and returns plain dataclasses; nothing imports Flask or Fava, so each figure on the
pages is tested against the sample ledgers without a server. Rules are never re-implemented:
each tab's module takes its verdicts from the rule modules (see ``verdicts``). This module is
the one name the extension class, the exports and the tests use for them:

* ``common`` — the book, the entries figures are made of, what Fava's filter bar shows (``Shown``);
* ``overview`` (概览), ``register`` (救助台账), ``people`` (一人一档), ``notices`` (公示日历);
* ``verdicts`` — every rule's findings placed on the rows they judge.
"""

from __future__ import annotations

from jjn_ledger.fava_ext.common import (
    CATEGORIES,
    NO_CALENDAR,
    Shown,
    span_of,
    without_closing,
)
from jjn_ledger.fava_ext.notices import NoticeMonth, notices
from jjn_ledger.fava_ext.overview import (
    SEED_LABELS,
    AidChart,
    Balance,
    MonthBar,
    Overview,
    ProblemRow,
    Restricted,
    RuleGroup,
    SeedBar,
    SeedFund,
    aid_by_month,
    balances,
    overview,
    restricted_funds,
    rule_problems,
    seed_fund,
)
from jjn_ledger.fava_ext.people import Paper, PersonFile, PersonLine, people, person_file
from jjn_ledger.fava_ext.register import (
    AidFilter,
    AidRegister,
    AidRow,
    Span,
    aid_register,
    aid_rows,
    span,
)
from jjn_ledger.fava_ext.verdicts import AID_RULES, RuleCell, Verdict, rule_titles

__all__ = [
    "AID_RULES",
    "CATEGORIES",
    "NO_CALENDAR",
    "SEED_LABELS",
    "AidChart",
    "AidFilter",
    "AidRegister",
    "AidRow",
    "Balance",
    "MonthBar",
    "NoticeMonth",
    "Overview",
    "Paper",
    "PersonFile",
    "PersonLine",
    "ProblemRow",
    "Restricted",
    "RuleCell",
    "RuleGroup",
    "SeedBar",
    "SeedFund",
    "Shown",
    "Span",
    "Verdict",
    "aid_by_month",
    "aid_register",
    "aid_rows",
    "balances",
    "notices",
    "overview",
    "people",
    "person_file",
    "restricted_funds",
    "rule_problems",
    "rule_titles",
    "seed_fund",
    "span",
    "span_of",
    "without_closing",
]
