"""What the audit pages show, gathered from a ledger's entries by small pure functions.

Everything here takes Beancount entries (and, for the rule problems, the load's errors and
options) and returns plain dataclasses; nothing imports Flask or Fava, so each figure on the
pages is tested against the sample ledgers without a server. Rules are never re-implemented:
the seed fund comes from ``rules.r02_seed_fund.seed_sums``, aid from ``records.aid_payments``
(through ``Book``), the register from ``book.read_book``, restricted-money releases from
``reports.accounts.releases``, deadline verdicts from ``rules.r06_deadlines``, notice verdicts
from ``rules.r10_disclosure``, and the open problems from ``checking.problems_of`` (the same
verdict as ``jjn check`` and ``bean-check``). Working days are counted with ``workdays``; a
year the calendar has no data for is shown as such ("无节假日数据") rather than guessed.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from beancount.core import data

from jjn_ledger.ledger.calendar import Calendar, CalendarMissing
from jjn_ledger.ledger.idcodes import mask_name
from jjn_ledger.ledger.load import Loaded
from jjn_ledger.ledger.profile import Book
from jjn_ledger.ledger.society import book_of
from jjn_ledger.ledger.transactions import AidPayment, postings_to, signed_income
from jjn_ledger.ledger.vocabulary import AidCategory
from jjn_ledger.reports import dossier
from jjn_ledger.reports.accounts import is_closing, releases
from jjn_ledger.rules import check as checking
from jjn_ledger.rules import r06_deadlines, r10_disclosure
from jjn_ledger.rules.r02_seed_fund import seed_sums

NO_CALENDAR = "无节假日数据"
CATEGORIES = tuple(AidCategory)
SEED_LABELS = {"subsidy": "县级财政补助", "collective": "村级集体经济支持", "donation": "社会捐赠"}
ZERO = Decimal(0)


# --- loading context -----------------------------------------------------------------------


def without_closing(entries: Sequence[data.Directive]) -> list[data.Directive]:
    """The entries the figures are made of: year-end closing entries left out.

    A closing entry (``closing: "YYYY"``, ``reports.closing``) moves a year's income and
    expenses to net assets; read as a transaction it would be negative aid and negative income.
    The statements leave them out (``reports.accounts.is_closing``), and so do these pages.
    """
    return [e for e in entries if not is_closing(e)]


# --- 概览 -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeedBar:
    """One source of the seed fund against its minimum (R2)."""

    key: str
    label: str
    amount: Decimal
    minimum: Decimal

    @property
    def ok(self) -> bool:
        return self.amount >= self.minimum


@dataclass(frozen=True)
class SeedFund:
    """The seed fund at the R2 deadline: a bar per source, the total and the total minimum."""

    until: datetime.date
    bars: tuple[SeedBar, ...]
    total: Decimal
    total_min: Decimal
    deadline_passed: bool

    @property
    def ok(self) -> bool:
        return self.total >= self.total_min and all(b.ok for b in self.bars)

    @property
    def scale(self) -> Decimal:
        """The value at the right edge of the chart: room for the total and the line."""
        top = max([self.total, self.total_min, *(b.amount for b in self.bars)])
        return top * Decimal("1.1") if top else Decimal(1)

    def pct(self, value: Decimal) -> float:
        """Where ``value`` sits on the chart, in percent of its width."""
        return round(float(value / self.scale * 100), 2)


def seed_fund(book: Book, entries: Sequence[data.Directive], today: datetime.date) -> SeedFund:
    """Seed money per source at the R2 deadline (or today while it is still open)."""
    sf = book.policy.seed_fund
    deadline = book.seed_deadline
    until = deadline if deadline is not None and deadline < today else today
    sums = seed_sums(entries, book, until)
    minimums = {
        "subsidy": sf.county_subsidy_min,
        "collective": sf.collective_min if sf.mode == "strict" else ZERO,
        "donation": sf.donation_min if sf.mode == "strict" else ZERO,
    }
    bars = tuple(SeedBar(k, SEED_LABELS[k], sums[k], minimums[k]) for k in SEED_LABELS)
    total = sum(sums.values(), ZERO)
    return SeedFund(until, bars, total, sf.total_min, until != today)


@dataclass(frozen=True)
class Balance:
    label: str
    amount: Decimal


def balances(book: Book, entries: Sequence[data.Directive]) -> list[Balance]:
    """Money held at the end of the books: bank (and online wallet), petty cash, goods."""
    out = []
    shown = (("银行存款", "bank"), ("备用金（现金）", "cash"), ("实物库存", "inventory"))
    for label, role in shown:
        accounts = book.chart.with_role(role)
        total = sum((_units(p) for _, p in postings_to(entries, accounts)), ZERO)
        out.append(Balance(label, total))
    return out


def _units(posting: data.Posting) -> Decimal:
    number = posting.units.number if posting.units is not None else None
    return number if isinstance(number, Decimal) else ZERO


@dataclass(frozen=True)
class Restricted:
    """Restricted money (限定性, R3b): received, released by spending on its purpose, left."""

    label: str
    key: str
    received: Decimal
    spent: Decimal

    @property
    def left(self) -> Decimal:
        return self.received - self.spent


def restricted_funds(book: Book, entries: Sequence[data.Directive]) -> list[Restricted]:
    """Per restricted income account: money received, and what aid released of it.

    Releases come from ``reports.accounts.releases`` — the same figures as the statements:
    a fund-restricted gift is released by aid whose ``fund:`` names it, the county subsidy by
    any other aid, each capped at what is left of it.
    """
    released: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for rel in releases(entries, book):
        released[rel.source] += rel.amount
    out = []
    for acc in book.chart.accounts:
        if not (acc.restricted and acc.root == "Income"):
            continue
        received = sum(
            (signed_income(p) for _, p in postings_to(entries, frozenset({acc.account}))), ZERO
        )
        label = acc.sub.split("-", 1)[-1] if acc.sub else acc.name
        out.append(Restricted(label, acc.key, received, released[acc.key]))
    return out


@dataclass(frozen=True)
class MonthBar:
    """Aid paid in one month, per category, with its place in the chart."""

    month: str
    amounts: dict[str, Decimal]

    @property
    def total(self) -> Decimal:
        return sum(self.amounts.values(), ZERO)


@dataclass(frozen=True)
class AidChart:
    """Aid per month by category, laid out for an inline SVG (no script, no CDN)."""

    months: tuple[MonthBar, ...]
    width: int = 720
    height: int = 200
    top: Decimal = ZERO

    @property
    def bar_width(self) -> float:
        return self.width / max(len(self.months), 1)

    def x(self, index: int) -> float:
        return round(index * self.bar_width, 2)

    def h(self, amount: Decimal) -> float:
        """Height of ``amount`` in pixels."""
        return round(float(amount / self.top) * (self.height - 20), 2) if self.top else 0.0

    def segments(self, index: int) -> list[tuple[str, float, float, Decimal]]:
        """(category, y, height, amount) of one month's stacked bar, bottom up."""
        y = float(self.height)
        out: list[tuple[str, float, float, Decimal]] = []
        for cat in CATEGORIES:
            amount = self.months[index].amounts.get(cat, ZERO)
            height = self.h(amount)
            y -= height
            out.append((cat, round(y, 2), height, amount))
        return out


def aid_by_month(payments: Iterable[AidPayment]) -> AidChart:
    """Aid amount per calendar month and category, every month from the first to the last."""
    sums: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    for pay in payments:
        sums[f"{pay.date:%Y-%m}"][pay.category] += pay.amount
    if not sums:
        return AidChart(())
    months = _month_range(min(sums), max(sums))
    bars = tuple(MonthBar(m, dict(sums.get(m, {}))) for m in months)
    return AidChart(bars, top=max(b.total for b in bars))


def _month_range(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


@dataclass(frozen=True)
class ProblemRow:
    """One open problem, with the entry it is about (for Fava's entry context link)."""

    problem: checking.Problem
    entry: data.Directive | None


@dataclass(frozen=True)
class RuleGroup:
    rule: str
    rows: tuple[ProblemRow, ...]

    @property
    def errors(self) -> int:
        return sum(1 for r in self.rows if r.problem.severity == "error")

    @property
    def warnings(self) -> int:
        return len(self.rows) - self.errors


def rule_problems(
    entries: Sequence[data.Directive], errors: Sequence[Any], options: dict[str, Any]
) -> list[RuleGroup]:
    """Open problems grouped by rule, as ``jjn check`` finds them (errors of the load, which
    include the rule plugins', and the rules' warnings)."""
    loaded = Loaded(Path(str(options.get("filename") or "")), list(entries), list(errors), options)
    at = {(e.meta.get("filename"), e.meta.get("lineno")): e for e in entries if e.meta}
    groups: dict[str, list[ProblemRow]] = defaultdict(list)
    for problem in checking.problems_of(loaded):
        groups[problem.rule].append(ProblemRow(problem, at.get((problem.file, problem.line))))
    return [RuleGroup(rule, tuple(groups[rule])) for rule in sorted(groups, key=_rule_order)]


def _rule_order(rule: str) -> tuple[int, str]:
    digits = "".join(c for c in rule if c.isdigit())
    return (int(digits) if digits else 999, rule)


@dataclass(frozen=True)
class Overview:
    title: str
    seed: SeedFund
    balances: list[Balance]
    restricted: list[Restricted]
    aid: AidChart
    aid_count: int
    aid_total: Decimal
    problems: list[RuleGroup]


def overview(
    entries: Sequence[data.Directive],
    errors: Sequence[Any],
    options: dict[str, Any],
    today: datetime.date,
) -> Overview:
    """The 概览 page: figures without closing entries, problems from the whole ledger."""
    book = book_of(entries, options)
    books = without_closing(entries)
    payments = book.aid_payments(books)
    return Overview(
        title=str(options.get("title") or ""),
        seed=seed_fund(book, books, today),
        balances=balances(book, books),
        restricted=restricted_funds(book, books),
        aid=aid_by_month(payments),
        aid_count=len(payments),
        aid_total=sum((p.amount for p in payments), ZERO),
        problems=rule_problems(entries, errors, options),
    )


# --- 救助台账 ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """Working days one step of the procedure took (R6), for display next to the verdict."""

    used: int | None
    limit: int
    label: str  # "1 个工作日" / 缺日期 / 无节假日数据

    @property
    def over(self) -> bool:
        return self.used is not None and self.used > self.limit


def span(start: object, end: object, limit: int, calendar: Calendar) -> Span:
    """Working days from ``start`` to ``end``, or why they cannot be counted."""
    if not isinstance(start, datetime.date) or not isinstance(end, datetime.date):
        return Span(None, limit, "缺日期")
    try:
        used = calendar.workdays_between(start, end)
    except CalendarMissing:
        return Span(None, limit, NO_CALENDAR)
    return Span(used, limit, f"{used} 个工作日")


@dataclass(frozen=True)
class AidRow:
    """One line of the aid register; ``r6`` holds the R6 rule's messages for the payment."""

    entry: data.Transaction
    key: str
    name: str
    category: str
    cause: str
    matter: str
    amount: Decimal
    form: str
    source: str
    advance: bool
    accepted: object
    investigated: object
    approved: object
    paid: datetime.date
    investigate: Span
    pay: Span
    r6: tuple[str, ...]
    r6_unchecked: bool  # the year has no calendar data: R6 could not judge

    @property
    def month(self) -> str:
        return f"{self.paid:%Y-%m}"

    @property
    def verdict(self) -> str:
        """符合 / 不符合 / 无节假日数据, as the R6 rule judged the payment."""
        if self.r6:
            return "不符合"
        if self.r6_unchecked:
            return NO_CALENDAR
        return "符合"

    @property
    def late(self) -> bool:
        return bool(self.r6)


def _display_name(book: Book, key: str | None, payee: str | None, full: bool) -> str:
    person = book.recipients.get(key or "")
    name = person.name if person else (payee or "")
    return name if full else mask_name(name)


def _where(meta: data.Meta | None) -> tuple[object, object]:
    return (meta or {}).get("filename"), (meta or {}).get("lineno")


def r6_findings(
    entries: Sequence[data.Directive], book: Book, calendar: Calendar
) -> dict[tuple[object, object], list[str]]:
    """The R6 rule's errors per payment (by file and line)."""
    out: dict[tuple[object, object], list[str]] = defaultdict(list)
    for finding in r06_deadlines.check(entries, book, calendar=calendar):
        if finding.rule.severity == "error":
            out[_where(finding.meta)].append(finding.message)
    return out


def aid_rows(
    book: Book,
    entries: Sequence[data.Directive],
    *,
    full: bool = False,
    calendar: Calendar | None = None,
) -> list[AidRow]:
    """Every aid payment as a register line, names masked unless ``full``."""
    cal = calendar or book.calendar
    limits = book.policy.deadlines
    judged = r6_findings(entries, book, cal)
    rows = []
    for pay in book.aid_payments(entries):
        get = pay.get
        investigate = span(get("accepted"), get("investigated"), limits.investigate_workdays, cal)
        paid = span(get("approved"), pay.date, limits.pay_workdays, cal)
        rows.append(
            AidRow(
                entry=pay.entry,
                key=pay.recipient or "",
                name=_display_name(book, pay.recipient, pay.entry.payee, full),
                category=pay.category,
                cause=pay.cause or "",
                matter=pay.matter or "",
                amount=pay.amount,
                form=pay.form,
                source=str(get("source") or ""),
                advance=get("advance") is True,
                accepted=get("accepted"),
                investigated=get("investigated"),
                approved=get("approved"),
                paid=pay.date,
                investigate=investigate,
                pay=paid,
                r6=tuple(judged.get(_where(pay.meta), ())),
                r6_unchecked=NO_CALENDAR in (investigate.label, paid.label),
            )
        )
    return rows


@dataclass(frozen=True)
class AidFilter:
    """The register's GET filters; empty strings mean "all"."""

    month: str = ""
    category: str = ""
    cause: str = ""

    def keep(self, row: AidRow) -> bool:
        return (
            (not self.month or row.month == self.month)
            and (not self.category or row.category == self.category)
            and (not self.cause or row.cause == self.cause)
        )


@dataclass(frozen=True)
class AidRegister:
    rows: list[AidRow]
    filter: AidFilter
    months: list[str]
    categories: tuple[str, ...]
    causes: tuple[str, ...]
    late: int = field(default=0)
    investigate_days: int = 1
    pay_days: int = 1

    @property
    def total(self) -> Decimal:
        return sum((r.amount for r in self.rows), ZERO)


def aid_register(
    entries: Sequence[data.Directive],
    options: dict[str, Any],
    flt: AidFilter,
    *,
    full: bool = False,
    calendar: Calendar | None = None,
) -> AidRegister:
    """The 救助台账 page: filtered rows and the choices of each filter."""
    book = book_of(entries, options)
    rows = aid_rows(book, without_closing(entries), full=full, calendar=calendar)
    kept = [r for r in rows if flt.keep(r)]
    late = sum(1 for r in kept if r.late)
    return AidRegister(
        rows=kept,
        filter=flt,
        months=sorted({r.month for r in rows}, reverse=True),
        categories=CATEGORIES,
        causes=book.policy.aid.causes,
        late=late,
        investigate_days=book.policy.deadlines.investigate_workdays,
        pay_days=book.policy.deadlines.pay_workdays,
    )


# --- 一人一档 ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonLine:
    """A recipient in the index of files."""

    key: str
    name: str
    status: str
    aid_count: int
    aid_total: Decimal
    referrals: int


@dataclass(frozen=True)
class Paper:
    """One kind of paper a person's file should hold (R11), and the files found for it."""

    kind: str
    files: tuple[str, ...]

    @property
    def present(self) -> bool:
        return bool(self.files)


@dataclass(frozen=True)
class PersonFile:
    """One recipient's file (一人一档, R11): who, aid received, referrals, documents."""

    key: str
    name: str
    household: str
    hukou: str
    status: str
    registered: datetime.date | None
    entry: data.Directive | None
    aid: list[AidRow]
    referrals: list[tuple[datetime.date, str]]
    documents: list[Paper] | None  # None: the folder is not known (no documents/ to look in)

    @property
    def aid_total(self) -> Decimal:
        return sum((r.amount for r in self.aid), ZERO)


def people(
    entries: Sequence[data.Directive], options: dict[str, Any], *, full: bool = False
) -> list[PersonLine]:
    """Every registered recipient with their aid and referral counts."""
    book = book_of(entries, options)
    aid: dict[str, list[AidPayment]] = defaultdict(list)
    for pay in book.aid_payments(without_closing(entries)):
        aid[pay.recipient or ""].append(pay)
    refs: dict[str, int] = defaultdict(int)
    for ref in book.referrals:
        refs[ref.recipient] += 1
    return [
        PersonLine(
            key=p.key,
            name=p.name if full else mask_name(p.name),
            status=p.status,
            aid_count=len(aid[p.key]),
            aid_total=sum((a.amount for a in aid[p.key]), ZERO),
            referrals=refs[p.key],
        )
        for p in book.recipients.values()
    ]


def person_file(
    entries: Sequence[data.Directive],
    options: dict[str, Any],
    key: str,
    *,
    folder: Path | None = None,
    full: bool = False,
    calendar: Calendar | None = None,
) -> PersonFile | None:
    """One recipient's file, or None when ``key`` is not in the register.

    ``folder`` is the society folder, whose ``documents/<key>/`` holds the person's papers.
    """
    book = book_of(entries, options)
    person = book.recipients.get(key)
    if person is None:
        return None
    entry = book.recipient_entries.get(key)
    return PersonFile(
        key=key,
        name=person.name if full else mask_name(person.name),
        household=person.household,
        hukou=person.hukou,
        status=person.status,
        registered=entry.date if entry else None,
        entry=entry,
        aid=[
            r
            for r in aid_rows(book, without_closing(entries), full=full, calendar=calendar)
            if r.key == key
        ],
        referrals=[(r.date, r.service) for r in book.referrals if r.recipient == key],
        documents=_documents(folder, book, entries, key),
    )


def _documents(
    folder: Path | None, book: Book, entries: Sequence[data.Directive], key: str
) -> list[Paper] | None:
    """Papers expected in the person's file, present or missing (``dossier``), if a folder."""
    if folder is None:
        return None
    found = dossier.build(folder, book, entries, key)
    if not found:
        return None
    pf = found[0]
    return [Paper(kind, tuple(pf.present.get(kind, ()))) for kind in [*pf.present, *pf.missing]]


# --- 公示日历 ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class NoticeMonth:
    """One month's R10 notice: when it was due, posted, taken down, and the rule's verdict."""

    month: str  # the month whose aid is disclosed, "YYYY-MM"
    aid_count: int
    aid_total: Decimal
    deadline: datetime.date | None  # post before this day (the 5th working day)
    posted: datetime.date | None
    removed: datetime.date | None
    entry: data.Directive | None
    status: str  # 按时 / 迟延 / 未公示 / 张贴不足 / 张贴中 / 未到期限 / 无需公示 / 无节假日数据
    problem: str | None  # the R10 rule's message

    @property
    def days_up(self) -> int | None:
        if self.posted and self.removed:
            return (self.removed - self.posted).days
        return None

    @property
    def bad(self) -> bool:
        return self.problem is not None


def _status(st: r10_disclosure.MonthStatus) -> str:
    """A short Chinese label for the R10 verdict of one month."""
    notice = st.notice
    if st.calendar_year_missing is not None:
        return NO_CALENDAR
    if st.problem is None:
        if notice is None or notice.posted is None:
            return "未到期限"
        return "张贴中" if notice.removed is None else "按时"
    if notice is None or notice.posted is None:
        return "未公示"
    if st.deadline is not None and notice.posted > st.deadline:
        return "迟延"
    return "张贴不足"


def notices(
    entries: Sequence[data.Directive],
    options: dict[str, Any],
    *,
    calendar: Calendar | None = None,
) -> list[NoticeMonth]:
    """Every month with aid or a recorded notice, newest first, judged by the R10 rule.

    Months are judged as ``bean-check`` judges them: against the ledger's own latest date, not
    the clock (see ``rules.r10_disclosure``).
    """
    book = book_of(entries, options)
    aid: dict[str, list[AidPayment]] = defaultdict(list)
    for pay in book.aid_payments(without_closing(entries)):
        aid[f"{pay.date:%Y-%m}"].append(pay)
    out: dict[str, NoticeMonth] = {}
    for st in r10_disclosure.statuses(entries, book, calendar=calendar):
        month = f"{st.month[0]:04d}-{st.month[1]:02d}"
        paid = aid.get(month, [])
        out[month] = NoticeMonth(
            month=month,
            aid_count=len(paid),
            aid_total=sum((p.amount for p in paid), ZERO),
            deadline=st.deadline,
            posted=st.notice.posted if st.notice else None,
            removed=st.notice.removed if st.notice else None,
            entry=st.notice.entry if st.notice else None,
            status=_status(st),
            problem=st.problem,
        )
    for (y, m), notice in r10_disclosure.notices(entries).items():
        month = f"{y:04d}-{m:02d}"
        if month not in out:
            out[month] = NoticeMonth(
                month, 0, ZERO, None, notice.posted, notice.removed, notice.entry, "无需公示", None
            )
    return [out[m] for m in sorted(out, reverse=True)]
