"""What a form needs to know about the society: its register, its policy, its months.

Read without loading the books (a parse of the profile, register and top-level file, as
``record.money.read_profile`` does for the CLI), so a form opens at once on a phone. The
choices offered come from these facts — the causes and referral services of the policy in force,
the register's people (an officer's household marked), the months the books hold — and the
hints name the numbers the rules will apply, the society's own raised caps included. They only
help: every value is judged again on the server when the form comes back.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from beancount.core import data
from beancount.parser import parser

from jjn_ledger.ledger import layout
from jjn_ledger.ledger.policy import Policy
from jjn_ledger.ledger.profile import Book, Caps
from jjn_ledger.ledger.seals import active_seals
from jjn_ledger.ledger.society import read_profile
from jjn_ledger.serve.workbench.forms import Choices


@dataclass(frozen=True)
class Desk:
    """One society as the workbench serves it."""

    key: str  # URL segment (the folder's name)
    folder: Path
    title: str
    fava_url: str  # the society's audit pages, for the link in the header
    scope: str = ""  # the scope a treasurer's account names: folder below the served root

    @property
    def scoped_as(self) -> str:
        return self.scope or self.key


@dataclass(frozen=True)
class Facts:
    """The society as its forms see it, read fresh for each page."""

    book: Book
    policy: Policy
    months: tuple[str, ...]  # months the books hold, newest first
    sealed: frozenset[str]
    today: datetime.date

    @property
    def treasurer(self) -> str | None:
        return next((o.name for o in self.book.officers if o.role == "出纳"), None)

    @property
    def short_name(self) -> str:
        """The village's name, as the CLI names the workbooks it saves."""
        return self.book.profile.village if self.book.profile else "互助社"

    @property
    def caps(self) -> Caps:
        return self.book.caps_on(self.today)


def read_facts(folder: Path, today: datetime.date | None = None) -> Facts:
    book = read_profile(folder)
    society = folder / layout.SOCIETY
    entries: list[data.Directive] = []
    if society.is_file():
        entries, _, _ = parser.parse_file(str(society))
    months = sorted((p.stem for p in (folder / layout.BOOKS).glob("*.beancount")), reverse=True)
    return Facts(
        book,
        book.policy,
        tuple(months),
        frozenset(active_seals(entries)),
        today or datetime.date.today(),
    )


def _last_month(today: datetime.date) -> str:
    first = today.replace(day=1) - datetime.timedelta(days=1)
    return f"{first:%Y-%m}"


# --- choices -------------------------------------------------------------------------------


def people(facts: Facts) -> Choices:
    """The register, each person with a warning when they share an officer's household (R14)."""
    households = facts.book.officer_households
    out = []
    for key, person in sorted(facts.book.recipients.items()):
        officer = households.get(person.household)
        note = f"（与{officer.role}{officer.name}同户）" if officer else ""
        out.append((key, f"{key} {person.name}{note}"))
    return out


def plain(values: tuple[str, ...] | list[str]) -> Choices:
    return [(v, v) for v in values]


def months(facts: Facts, *, open_only: bool = False) -> Choices:
    """Months of the books; for closing, only months that are over and not yet closed."""
    out = []
    for month in facts.months:
        if open_only and (month in facts.sealed or month >= f"{facts.today:%Y-%m}"):
            continue
        label = f"{month}（已结账）" if month in facts.sealed else month
        out.append((month, label))
    return out


def default_month(facts: Facts) -> str:
    last = _last_month(facts.today)
    return last if last in facts.months else (facts.months[0] if facts.months else last)


def channels(facts: Facts, allowed: tuple[str, ...]) -> Choices:
    """Donation channels; a public one is marked when the society has no qualification (R4)."""
    public = facts.policy.donation.public_channels
    qualified = bool(facts.book.profile and facts.book.profile.public_fundraising)
    return [
        (c, f"{c}（本社无公开募捐资格，不可用）" if c in public and not qualified else c)
        for c in allowed
    ]


# --- hints: the numbers the rules will apply -------------------------------------------------


def _yuan(value: object) -> str:
    return f"{value:,.2f} 元"


def caps_hint(facts: Facts) -> str:
    caps = facts.caps
    text = (
        f"今日适用标准：补充救助每人次不超过 {_yuan(caps.supplementary)}，"
        f"应急救助每人次不超过 {_yuan(caps.emergency)}；同一事项每年 {caps.times_per_matter} 次"
    )
    source = f"（依据本社{caps.decision}）" if caps.decision else "（政策标准）"
    return text + source + "。按发放日期适用当日有效的标准。"


def subsidy_hint(facts: Facts) -> str:
    sub = facts.policy.subsidy
    return (
        f"例如 2080299 其他民政管理事务支出。不得来自{'、'.join(sub.denied_words)}资金，"
        f"预算科目不得以 {'、'.join(sub.denied_budget_prefixes)} 开头（R3）。"
    )


def petty_cash_hint(facts: Facts) -> str:
    return f"备用金（库存现金）限额 {_yuan(facts.policy.petty_cash.ceiling)}（R9）。"


def deadlines_hint(facts: Facts) -> str:
    d = facts.policy.deadlines
    return (
        f"受理后 {d.investigate_workdays} 个工作日内入户调查，审批后 {d.pay_workdays} 个工作日内"
        f"发放；先行救助的，发放后 {d.advance_investigate_workdays} 个工作日内补记入户调查（R6）。"
    )


def notice_hint(facts: Facts) -> str:
    d = facts.policy.disclosure
    return (
        f"每月第 {d.before_workday} 个工作日前张贴上月救助情况，"
        f"公示不少于 {d.days_posted} 天（R10）。"
    )
