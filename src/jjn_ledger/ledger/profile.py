"""Read a society's profile, registers and decisions out of its ledger.

The profile lives in the ledger itself as ``custom`` directives (one place, dated, in git with
the books, shown by Fava), e.g.::

    2024-03-15 custom "jjn-society" "示例县仁和镇桃园村“救急难”互助社"
      county: "示例县"
      township: "仁和镇"
      village: "桃园村"
      registration: "登记"
      credit-code: "51341100MJB0000017"
      registered: 2024-03-15
    2024-03-15 custom "jjn-officer" "出纳"
      name: "李红"
      household: "H03"
    2024-04-01 custom "jjn-recipient" "P001"
      name: "王秀英"
      id-hash: "k7qa:…"            ; keyed pseudonym of the ID number (never the number)
      id-masked: "3499**********0024"
      id-check: "通过"
      household: "H07"
      hukou: "本村户籍"
      status: "低保"
    2025-06-01 custom "jjn-decision" "会员大会决议〔2025〕1号"
      body: "会员大会"
      emergency-cap: 1500 CNY
    2025-03-02 custom "jjn-referral" "P001" "心理疏导"

Each is validated by its pydantic model; a directive that does not validate becomes a finding
of the rule it belongs to (never an exception), at the directive's file and line.

People are matched by ``person_key`` — within a society and across the county (R16) — never by
name or register key, which two treasurers choose independently.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from beancount.core import data
from beancount.core.amount import Amount
from pydantic import BaseModel, ValidationError

from jjn_ledger.ledger.calendar import Calendar, calendar_for, default_calendar
from jjn_ledger.ledger.chart import Chart, load_chart
from jjn_ledger.ledger.idcodes import (
    ID_VALID,
    check_id_number,
    id_hash,
    id_verdict,
    mask_id_number,
    normalise_id_text,
)
from jjn_ledger.ledger.messages import describe
from jjn_ledger.ledger.models import Decision, Officer, Recipient, Referral, SocietyProfile
from jjn_ledger.ledger.policy import Policy, default_policy
from jjn_ledger.ledger.transactions import AidPayment, Customs, EntryIndex
from jjn_ledger.ledger.vocabulary import (
    DECISION,
    META_CLEAR_ID,
    META_RECORDED_BY,
    OFFICER,
    RECIPIENT,
    REFERRAL,
    SOCIETY,
)


@dataclass(frozen=True)
class ProfileProblem:
    """A directive that did not validate, kept for the rule it belongs to."""

    rule_id: str
    message: str
    meta: data.Meta | None
    entry: data.Directive | None


@dataclass(frozen=True)
class Caps:
    """The aid caps and frequency in force on a day (R7)."""

    supplementary: Decimal
    emergency: Decimal
    times_per_matter: int
    decision: str | None  # the decision that set them, or None for the policy defaults


@dataclass
class Book:
    """What the rules need to know about a society besides its transactions."""

    policy: Policy
    chart: Chart
    profile: SocietyProfile | None = None
    profile_entry: data.Custom | None = None
    officers: list[Officer] = field(default_factory=list)
    recipients: dict[str, Recipient] = field(default_factory=dict)
    recipient_entries: dict[str, data.Custom] = field(default_factory=dict)
    decisions: list[Decision] = field(default_factory=list)
    referrals: list[Referral] = field(default_factory=list)
    problems: list[ProfileProblem] = field(default_factory=list)
    calendar: Calendar = field(default_factory=default_calendar)
    # The files Beancount read to load the entries (the options' ``include``): R11 looks at
    # their bytes first. Empty for entries not loaded from files.
    sources: tuple[str, ...] = ()
    _index: dict[int, EntryIndex] = field(default_factory=dict, repr=False)
    _customs: Customs | None = field(default=None, repr=False)  # read_book's, for the index
    _holders: tuple[int, dict[str, str]] = field(default_factory=lambda: (0, {}), repr=False)

    def index(self, entries: Sequence[data.Directive]) -> EntryIndex:
        """The entries sorted once for every rule of this run (``transactions.EntryIndex``)."""
        key = id(entries)
        if key not in self._index:
            customs = self._customs if self._customs and self._customs.entries is entries else None
            self._index = {key: EntryIndex(entries, self.chart, customs)}
        return self._index[key]

    def aid_payments(self, entries: Sequence[data.Directive]) -> list[AidPayment]:
        """``transactions.aid_payments`` for these entries, computed once per run of the rules."""
        return self.index(entries).aid

    def problems_for(self, rule_id: str) -> list[ProfileProblem]:
        return [p for p in self.problems if p.rule_id == rule_id]

    def holder_of(self, person: Recipient) -> str | None:
        """The key of the registered person who is ``person`` (same ``person_key``), if any.

        The one place that compares people within a register (``person add`` before writing,
        R11 on the books): one person, one register entry.
        """
        wanted = person_key(person)
        if not wanted:
            return None
        if self._holders[0] != len(self.recipients):  # filled by hand, not by ``register``
            holders: dict[str, str] = {}
            for k, p in self.recipients.items():
                holders.setdefault(person_key(p), k)
            self._holders = (len(self.recipients), holders)
        return self._holders[1].get(wanted)

    def register(self, person: Recipient, entry: data.Custom) -> None:
        """Add a person to the register, keeping ``holder_of``'s index (a register of 1,000
        people was 500,000 comparisons a load without it)."""
        in_sync = self._holders[0] == len(self.recipients)
        self.recipients[person.key] = person
        self.recipient_entries[person.key] = entry
        if in_sync:
            self._holders[1].setdefault(person_key(person), person.key)
            self._holders = (len(self.recipients), self._holders[1])

    def caps_on(self, day: datetime.date) -> Caps:
        """Caps in force on ``day``: policy defaults, raised by decisions dated on or before it."""
        aid = self.policy.aid
        supp, emerg, times = aid.supplementary_cap, aid.emergency_cap, aid.times_per_matter_per_year
        source = None
        for d in self.decisions:  # sorted by date
            if d.date > day:
                break
            supp = d.supplementary_cap or supp
            emerg = d.emergency_cap or emerg
            times = d.times_per_matter or times
            source = d.number
        return Caps(supp, emerg, times, source)

    @property
    def officer_households(self) -> dict[str, Officer]:
        return {o.household: o for o in self.officers}

    @property
    def seed_deadline(self) -> datetime.date | None:
        if self.profile is None:
            return None
        return self.profile.registered + datetime.timedelta(days=self.policy.seed_fund.grace_days)


def person_key(recipient: Recipient) -> str:
    """The one way to tell whether two registers name the same person (R16, across societies).

    Every comparison of people across ledgers goes through here: the register's keyed hash of
    the ID number (``id_hash``, HMAC with the county's secret, DOMAIN.md "who sees what"), the
    same in every society of a county whatever register key (P001) or spelling of the name each
    treasurer used. While old books still carry the clear number (an R11 error until ``jjn
    society migrate-ids``), that number, marked so it never equals a hash: people of two old
    societies are matched as before, and a migration changes no verdict. Empty when neither.
    """
    if recipient.id_hash:
        return recipient.id_hash.strip().lower()
    return f"clear:{recipient.legacy_id}" if recipient.legacy_id else ""


def person_key_of_number(text: str, secret: bytes | None = None) -> str | None:
    """``person_key`` of a register entry with this ID number, for a number a user types.

    The county search looks a person up by the number an auditor types; it must match the way
    ``person_key`` identifies register entries, so it lives beside it: the county's keyed hash
    when the county's secret is at hand (pseudonymous books), else the clear form old books
    are matched by. None: not a valid ID number.
    """
    try:
        number = check_id_number(text)
    except (ValueError, TypeError):
        return None
    if secret is not None:
        return id_hash(number, secret).strip().lower()
    return f"clear:{normalise_id_text(number)}"


_NOT_FIELDS = frozenset(("filename", "lineno", META_RECORDED_BY))


def _fields(entry: data.Custom) -> dict[str, Any]:
    """The metadata of a profile directive as pydantic wants it (an Amount read as its number;
    not where it was written, nor who recorded it). A plain loop: it runs for every person of
    the register on every load."""
    out: dict[str, Any] = {}
    for k, v in entry.meta.items():
        if k in _NOT_FIELDS or k[:2] == "__":
            continue
        out[k] = v.number if isinstance(v, Amount) else v
    return out


def _first_value(entry: data.Custom, index: int = 0) -> Any:
    if len(entry.values) <= index:
        return None
    return entry.values[index].value


_KINDS: dict[str, tuple[str, str]] = {
    SOCIETY: ("R1", "互助社基本信息"),
    OFFICER: ("R1", "负责人信息"),
    RECIPIENT: ("R11", "救助对象档案"),
    DECISION: ("R7", "提标决议"),
    REFERRAL: ("R11", "转介服务记录"),
}


def _validate(
    book: Book, model: type[BaseModel], entry: data.Custom, values: dict[str, Any]
) -> Any:
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        rule_id, what = _KINDS[entry.type]
        book.problems.append(
            ProfileProblem(rule_id, f"{what}有误：{describe(exc, model)}", entry.meta, entry)
        )
        return None


def _add_society(book: Book, e: data.Custom) -> None:
    if book.profile_entry is not None:
        message = "账本中有多条互助社基本信息（jjn-society），只能有一条"
        book.problems.append(ProfileProblem("R1", message, e.meta, e))
        return
    book.profile_entry = e
    book.profile = _validate(book, SocietyProfile, e, {"name": _first_value(e), **_fields(e)})


def _add_officer(book: Book, e: data.Custom) -> None:
    officer = _validate(book, Officer, e, {"role": _first_value(e), **_fields(e)})
    if officer:
        book.officers.append(officer)


CLEAR_ID = META_CLEAR_ID
CLEAR_ID_MESSAGE = (
    "救助对象档案 {key} 中有明文身份证号码：账本会被审计人员浏览，不应含身份证号码。"
    "请运行“jjn society migrate-ids 账本文件夹”改为密钥摘要（明文移入县文件夹的身份证登记簿）"
)


def _recipient_values(book: Book, e: data.Custom) -> dict[str, Any]:
    """The directive's fields; a clear ID number (old books) is masked here and flagged."""
    values = _fields(e)
    clear = values.pop(CLEAR_ID, None)
    if clear is not None:
        text = str(clear)
        values.setdefault("id-masked", mask_id_number(text) or "****")
        values.setdefault("id-check", id_verdict(text))
        values["legacy_id"] = normalise_id_text(text)
        key = _first_value(e)
        book.problems.append(ProfileProblem("R11", CLEAR_ID_MESSAGE.format(key=key), e.meta, e))
    elif "id-hash" not in values:
        message = (
            "救助对象档案缺少身份证号码的密钥摘要（id-hash），请用 jjn society person add 登记"
        )
        book.problems.append(ProfileProblem("R11", message, e.meta, e))
    return values


def _add_recipient(book: Book, e: data.Custom) -> None:
    key = _first_value(e)
    if key in book.recipients:
        book.problems.append(ProfileProblem("R11", f"救助对象编号 {key} 重复登记", e.meta, e))
        return
    person = _validate(book, Recipient, e, {"key": key, **_recipient_values(book, e)})
    holder = book.holder_of(person) if person else None
    if person and holder:
        message = f"救助对象 {key} 的身份证号码与已登记的 {holder} 相同：同一人只能登记一次"
        book.problems.append(ProfileProblem("R11", message, e.meta, e))
        return
    if person:
        book.register(person, e)
        if person.id_check != ID_VALID:
            message = (
                f"救助对象 {person.key} 的身份证号码未通过校验（{person.id_check}），"
                "请核对证件后更正"
            )
            book.problems.append(ProfileProblem("R11", message, e.meta, e))


def _add_decision(book: Book, e: data.Custom) -> None:
    values = {"number": _first_value(e), "date": e.date, **_fields(e)}
    decision = _validate(book, Decision, e, values)
    if decision:
        book.decisions.append(decision)


def _add_referral(book: Book, e: data.Custom) -> None:
    values = {"recipient": _first_value(e), "service": _first_value(e, 1), "date": e.date}
    referral = _validate(book, Referral, e, values)
    if referral:
        book.referrals.append(referral)


_READERS: dict[str, Callable[[Book, data.Custom], None]] = {
    SOCIETY: _add_society,
    OFFICER: _add_officer,
    RECIPIENT: _add_recipient,
    DECISION: _add_decision,
    REFERRAL: _add_referral,
}


def read_book(
    entries: Sequence[data.Directive],
    policy: Policy | None = None,
    sources: Sequence[str] = (),
) -> Book:
    """Collect and validate the profile directives of a ledger in one pass.

    ``sources``: the files the entries were loaded from (``options_map["include"]``)."""
    customs = Customs(entries)
    profile_entries = [e for e in customs.in_order if e.type in _KINDS]
    standard = next(
        (
            e.meta["standard"]
            for e in profile_entries
            if e.type == SOCIETY and isinstance(e.meta.get("standard"), str)
        ),
        "2004",
    )
    # After ``jjn report changeover`` (custom "jjn-changeover" "2026") the books record under
    # the new chart, whatever the profile said.
    standard = next(
        (str(e.values[0].value) for e in customs.of("jjn-changeover") if e.values), standard
    )
    try:
        chart = load_chart(standard)
    except ValueError:
        chart = load_chart()
    book = Book(
        policy=policy or default_policy(), chart=chart, sources=tuple(sources), _customs=customs
    )
    for e in profile_entries:
        _READERS[e.type](book, e)
    book.decisions.sort(key=lambda d: d.date)
    _use_local_calendar(book)
    return book


def _use_local_calendar(book: Book) -> None:
    """The society's working days: with its county's ``workdays.toml`` when there is one.

    The folder is the one holding the profile directive; a ledger read from a string has none.
    A malformed override is a finding of R6 (at the profile) and the built-in data is used.
    """
    source = book.profile_entry.meta.get("filename") if book.profile_entry else None
    if not isinstance(source, str) or source.startswith("<"):
        return
    try:
        book.calendar = calendar_for(Path(source).parent)
    except ValueError as exc:
        assert book.profile_entry is not None
        message = f"节假日覆盖文件有误，已按内置节假日数据核对：{exc}"
        book.problems.append(
            ProfileProblem("R6", message, book.profile_entry.meta, book.profile_entry)
        )
