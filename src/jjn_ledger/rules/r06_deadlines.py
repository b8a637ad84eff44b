"""R6 — procedure and deadlines: investigate within 1 working day, pay within 1 working day.

Seed: ``000_5491b89b33d14de1.txt`` §二(四) (受理后1个工作日内完成入户调查、审核意见……审批后1个
工作日内发放救助金；情况紧急的，可先行救助，事后补充调查说明) and ``001_05e126a812a7c5c1.txt``
§三(三)3.

Every aid payment (a transaction posting to an aid expense account) carries its procedure dates
as metadata: ``accepted`` (受理), ``investigated`` (入户调查), ``approved`` (审批); the payment's
own date is the day it was paid. They must come in that order, the investigation within
``deadlines.investigate_workdays`` working days of acceptance and the payment within
``deadlines.pay_workdays`` of approval. Working days follow the mainland calendar with its 调休
make-up days (``workdays``); the day of the act itself is not counted.

先行救助 (``advance: TRUE``) is exempt from the order: the money goes first and the household
investigation follows, either as ``investigated`` on the payment or as a later
``custom "jjn-investigation" "<recipient>"`` with the same ``matter``. It must come within
``deadlines.advance_investigate_workdays`` working days of the payment (a jjn choice, policy
data); until that day has passed the rule is silent.

A year for which no holiday schedule is known cannot be checked: that is a warning naming the
year (add the year to the county's workdays override file), not a crash and not a guess.

Before::

    2025-03-10 * "王秀英" "应急救助：车祸受伤"
      recipient: "P001"
      accepted: 2025-03-03
      investigated: 2025-03-06
      approved: 2025-03-07
      Expenses:5101-业务活动成本:02-应急救助   800.00 CNY
      Assets:1001-现金

After: ``[R6 办理时限] 受理（2025-03-03）后第 3 个工作日才入户调查（2025-03-06），
应在 1 个工作日内``; paying on Monday 2025-03-10 after approval on Friday 2025-03-07 is on time
(1 working day).
"""

from __future__ import annotations

import datetime
import functools
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence

from beancount.core import data

from jjn_ledger.ledger import clock
from jjn_ledger.ledger.calendar import Calendar, CalendarMissing
from jjn_ledger.ledger.profile import Book
from jjn_ledger.ledger.transactions import AidPayment
from jjn_ledger.ledger.vocabulary import INVESTIGATION
from jjn_ledger.rules.base import Finding, Rule

RULE = Rule("R6", "办理时限", "皖民社救函〔2024〕61号 二(四)", blocks_writes=False)
NO_CALENDAR = Rule("R6", "办理时限无法核对", "皖民社救函〔2024〕61号 二(四)", "warning")

_STEPS = (("accepted", "受理日期"), ("investigated", "入户调查日期"), ("approved", "审批日期"))

Investigations = dict[tuple[str, str], list[datetime.date]]
Between = Callable[[datetime.date, datetime.date], int]  # ``Calendar.workdays_between``


def check(
    entries: Sequence[data.Directive],
    book: Book,
    today: datetime.date | None = None,
    calendar: Calendar | None = None,
) -> Iterator[Finding]:
    for p in book.problems_for(RULE.id):  # a malformed calendar override file
        yield Finding(RULE, p.message, p.meta, p.entry)
    cal = calendar or book.calendar
    day = today
    later = investigations(book.index(entries).customs.get(INVESTIGATION, []))
    between = functools.cache(cal.workdays_between)  # a county's payments share their dates
    reported: set[int] = set()
    for pay in book.aid_payments(entries):
        try:
            found = _check_payment(pay, book, cal, between, later, day)
        except CalendarMissing as exc:
            if exc.year not in reported:
                reported.add(exc.year)
                yield Finding(
                    NO_CALENDAR,
                    f"无法核对 {exc.year} 年救助的办理时限（工作日）：{exc}",
                    pay.meta,
                    pay.entry,
                )
            continue
        yield from found


def investigations(entries: Iterable[data.Directive]) -> Investigations:
    """Investigations recorded after the fact, by (recipient, matter), in date order."""
    out: Investigations = defaultdict(list)
    for e in entries:
        if isinstance(e, data.Custom) and e.type == INVESTIGATION and e.values:
            matter = e.meta.get("matter")
            if isinstance(matter, str):
                out[(str(e.values[0].value), matter)].append(e.date)
    return out


def _dates(pay: AidPayment) -> tuple[dict[str, datetime.date], list[str]]:
    """The procedure dates present, and the Chinese names of those written but not dates."""
    dates, bad = {}, []
    meta = pay.meta
    for key, title in _STEPS:
        value = meta.get(key)
        if isinstance(value, datetime.date):
            dates[key] = value
        elif value is not None:
            bad.append(f"{title}（{key}）")
    return dates, bad


def _check_payment(
    pay: AidPayment,
    book: Book,
    cal: Calendar,
    between: Between,
    later: Investigations,
    today: datetime.date | None,
) -> list[Finding]:
    """The findings of one payment (a list, not a generator: this runs for every payment)."""
    meta = pay.meta
    accepted, investigated = meta.get("accepted"), meta.get("investigated")
    approved = meta.get("approved")
    if (  # the usual payment, all three dates written: judged without more ado
        isinstance(accepted, datetime.date)
        and isinstance(investigated, datetime.date)
        and isinstance(approved, datetime.date)
        and meta.get("advance") is not True
    ):
        return _in_order_and_time(pay, book, between, (accepted, investigated, approved))
    where = (pay.meta, pay.entry)
    dates, bad = _dates(pay)
    found = []
    if bad:
        found.append(
            Finding(RULE, f"{'、'.join(bad)}应写成日期，例如 2025-03-10（不加引号）", *where)
        )
    if meta.get("advance") is True:
        return found + list(_check_advance(pay, book, cal, later, today, dates))
    if len(dates) < len(_STEPS):
        missing = [f"{title}（{key}）" for key, title in _STEPS if key not in dates]
        text = f"救助记录须写明{'、'.join(missing)}；紧急情况先行救助的，写 advance: TRUE，"
        return [*found, Finding(RULE, text + "事后补记入户调查", *where)]
    steps = (dates["accepted"], dates["investigated"], dates["approved"])
    return found + _in_order_and_time(pay, book, between, steps)


def _in_order_and_time(
    pay: AidPayment,
    book: Book,
    between: Between,
    dates: tuple[datetime.date, datetime.date, datetime.date],
) -> list[Finding]:
    """Accepted, investigated, approved and paid in that order, each step in its time."""
    accepted, investigated, approved = dates
    paid = pay.date
    if not accepted <= investigated <= approved <= paid:
        text = (
            f"办理顺序有误：受理 {accepted}、入户调查 {investigated}、审批 {approved}、"
            f"发放 {paid}，应依次进行（紧急情况先行救助的，写 advance: TRUE）"
        )
        return [Finding(RULE, text, pay.meta, pay.entry)]
    limits = book.policy.deadlines
    found = []
    used = between(accepted, investigated)
    if used > limits.investigate_workdays:
        found.append(
            _late(
                pay,
                ("受理", accepted),
                ("入户调查", investigated),
                used,
                limits.investigate_workdays,
            )
        )
    used = between(approved, paid)
    if used > limits.pay_workdays:
        found.append(_late(pay, ("审批", approved), ("发放", paid), used, limits.pay_workdays))
    return found


def _late(
    pay: AidPayment,
    start: tuple[str, datetime.date],
    end: tuple[str, datetime.date],
    used: int,
    limit: int,
) -> Finding:
    """A step taken ``used`` working days after the one before it, more than ``limit``."""
    text = f"{start[0]}（{start[1]}）后第 {used} 个工作日才{end[0]}（{end[1]}），"
    return Finding(RULE, f"{text}应在 {limit} 个工作日内", pay.meta, pay.entry)


def _check_advance(
    pay: AidPayment,
    book: Book,
    cal: Calendar,
    later: Investigations,
    today: datetime.date | None,
    dates: dict[str, datetime.date],
) -> Iterator[Finding]:
    window = book.policy.deadlines.advance_investigate_workdays
    deadline = cal.add_workdays(pay.date, window)
    done = dates.get("investigated")
    if done is None and pay.recipient and pay.matter:
        done = next(iter(later.get((pay.recipient, pay.matter), [])), None)
    if done is None:
        if clock.passed(deadline, today):
            yield Finding(
                RULE,
                f"先行救助（{pay.date} 发放）须在 {window} 个工作日内（{deadline} 前）"
                "补记入户调查，至今未补记（jjn record investigation）",
                pay.meta,
                pay.entry,
            )
        return
    if done > deadline:
        yield Finding(
            RULE,
            f"先行救助（{pay.date} 发放）的入户调查 {done} 晚于补记期限 {deadline}"
            f"（{window} 个工作日）",
            pay.meta,
            pay.entry,
        )
