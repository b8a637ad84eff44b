"""The monthly notice (R10): last month's recipients, for the village notice board.

Seed: ``000_5491b89b33d14de1.txt`` §二(三): 上月救助对象基本情况、救助原因、救助金额…在救助对象
所在村（社区）公开栏公示7天接受社会监督.

What is shown is a privacy decision of this project (DOMAIN.md, "Privacy"), made under the
Personal Information Protection Law, not a quoted rule: the notice names each recipient only
as a masked name (``idcodes.mask_name``: 张*丰), the aid category, the *cause category* of the
policy (重大疾病/意外事故/其他 — never the illness itself, which is in the narration), amount and
form. It never carries an ID number, a phone number or an address; the only phone number that can
appear is the society office's, and only when the treasurer passes it explicitly. Before saving,
every cell is scanned with ``idcodes.is_id_number_like`` and the notice is refused if one slipped
through some future change.

The posting dates are the recorded ``jjn-notice`` of the month when there is one, else the day
given, else the first working day of the next month; the notice then stays up ``days_posted``
days.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook

from jjn_ledger.errors import JjnError
from jjn_ledger.ledger.calendar import CalendarMissing
from jjn_ledger.ledger.idcodes import is_id_number_like, mask_name
from jjn_ledger.ledger.society import Society
from jjn_ledger.ledger.transactions import aid_payments
from jjn_ledger.reports import xlsx
from jjn_ledger.reports.common import Period
from jjn_ledger.rules.r10_disclosure import next_month, notices


class NoticeLeak(JjnError):
    """The notice would have published an ID number: refused, nothing written."""

    def __init__(self) -> None:
        super().__init__("公示表中出现了疑似身份证号码，已拒绝生成：请检查救助记录的摘要与备注")


@dataclass(frozen=True)
class NoticeRow:
    date: datetime.date
    masked_name: str
    category: str
    cause: str
    amount: Decimal
    form: str


@dataclass(frozen=True)
class NoticeDates:
    posted: datetime.date
    removed: datetime.date
    deadline: datetime.date | None
    recorded: bool


def rows(society: Society, period: Period) -> list[NoticeRow]:
    """One row per aid payment of the month, in date order, names masked."""
    out = []
    for pay in aid_payments(society.loaded.entries, society.book.chart):
        if not period.contains(pay.date):
            continue
        person = society.book.recipients.get(pay.recipient or "")
        name = person.name if person else (pay.entry.payee or "")
        out.append(
            NoticeRow(
                pay.date, mask_name(name), pay.category, pay.cause or "其他", pay.amount, pay.form
            )
        )
    return sorted(out, key=lambda r: r.date)


def dates(society: Society, period: Period, posted: datetime.date | None = None) -> NoticeDates:
    month = (period.start.year, period.start.month)
    rules = society.book.policy.disclosure
    nxt = next_month(month)
    cal = society.book.calendar
    try:
        deadline: datetime.date | None = cal.nth_workday_of_month(*nxt, rules.before_workday)
        first_workday = cal.nth_workday_of_month(*nxt, 1)
    except CalendarMissing:
        deadline, first_workday = None, datetime.date(nxt[0], nxt[1], 1)
    recorded = notices(society.loaded.entries).get(month)
    if posted is None and recorded is not None and recorded.posted is not None:
        removed = recorded.removed or recorded.posted + datetime.timedelta(rules.days_posted)
        return NoticeDates(recorded.posted, removed, deadline, True)
    start = posted or first_workday
    return NoticeDates(start, start + datetime.timedelta(rules.days_posted), deadline, False)


def build(
    society: Society,
    period: Period,
    contact: str | None = None,
    office_phone: str | None = None,
    posted: datetime.date | None = None,
) -> Workbook:
    """The notice workbook for one month (one sheet, one A4 page wide)."""
    data = rows(society, period)
    when = dates(society, period, posted)
    days = society.book.policy.disclosure.days_posted
    wb = xlsx.new_workbook()
    sheet = xlsx.add_sheet(wb, "救助公示", [6, 12, 12, 12, 12, 12, 10])
    sheet.title(
        f"{society.name}{period.label}救助情况公示",
        f"公示期：{when.posted:%Y年%m月%d日} 至 {when.removed:%Y年%m月%d日}（{days} 天）"
        f"    单位：元",
    )
    sheet.header(("序号", "救助对象", "救助类别", "救助原因", "救助日期", "救助金额", "救助方式"))
    for i, row in enumerate(data, start=1):
        sheet.line((i, row.masked_name, row.category, row.cause, row.date, row.amount, row.form))
    total = sum((r.amount for r in data), Decimal(0))
    sheet.line(("合计", f"{len(data)} 人次", "", "", "", total, ""), bold=True)
    if not data:
        sheet.note(f"{period.label}本社未发放救助。")
    sheet.blank()
    who = contact or "本互助社监事"
    phone = f"（互助社办公电话：{office_phone}）" if office_phone else ""
    sheet.note(
        f"以上为{period.label}救助对象情况，公示 {days} 天，接受社会监督。"
        f"如有异议，请在公示期内向{who}反映{phone}。"
    )
    sheet.note("为保护个人信息，姓名部分隐去，不公示身份证号码、电话和住址。")
    if when.deadline:
        sheet.note(f"按规定最迟应在 {when.deadline:%Y年%m月%d日}张贴。")
    sheet.blank()
    sheet.note(f"{society.name}（盖章）    {when.posted:%Y年%m月%d日}")
    sheet.finish()
    _refuse_ids(wb)
    return wb


def _refuse_ids(wb: Workbook) -> None:
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and is_id_number_like(cell.value):
                    raise NoticeLeak


def write(society: Society, period: Period, path: Path, **options: object) -> Path:
    return xlsx.save(build(society, period, **options), path)  # type: ignore[arg-type]
