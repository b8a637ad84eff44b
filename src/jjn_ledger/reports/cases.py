"""救助案例 for the notice board: how the society helped, without saying who was helped.

Seed: ``000_5491b89b33d14de1.txt`` §二(三): "展示救助案例等方式" — showing cases builds trust and
brings donations. A case page must not identify anyone (DOMAIN.md, who sees what: the public
sees no names, no ID numbers, only the cause *category*): each case is told from the books as
its month, the aid category, the policy's cause category (重大疾病/意外事故/其他, never the
diagnosis or the matter text the treasurer typed), the amount, the form, and how fast the aid
came — the days from the application (``accepted:``) to the payment, or 先行救助 when it was paid
first. Nothing of the recipient, not even a masked name, is printed; every cell is checked for
ID-like text before the page is returned.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook

from jjn_ledger.errors import JjnError
from jjn_ledger.ledger.formats import money
from jjn_ledger.ledger.idcodes import is_id_number_like
from jjn_ledger.ledger.society import Society
from jjn_ledger.ledger.transactions import AidPayment, aid_payments
from jjn_ledger.reports import xlsx
from jjn_ledger.reports.common import Period

STORY_WIDTH = 60  # characters of the case column


@dataclass(frozen=True)
class Case:
    """One aid case as the public may read it."""

    month: str  # 2025年3月
    category: str
    cause: str
    amount: Decimal
    form: str
    days: int | None  # application to payment; None: no application date (主动发现 / 先行救助)
    advance: bool

    @property
    def speed(self) -> str:
        if self.advance:
            return "先行救助，事后补办调查"
        if self.days is None:
            return "主动发现后发放"
        return "受理当天发放" if self.days == 0 else f"受理后 {self.days} 天发放"

    def story(self) -> str:
        """The case in one sentence, as a notice board tells it."""
        return (
            f"{self.month}，本村（社区）一户家庭因{self.cause}陷入困境，互助社{self.speed}"
            f"{self.category} {money(self.amount)} 元（{self.form}）。"
        )


def _case(pay: AidPayment) -> Case:
    accepted = pay.get("accepted")
    days = (pay.date - accepted).days if isinstance(accepted, datetime.date) else None
    return Case(
        f"{pay.date.year}年{pay.date.month}月",
        str(pay.category),
        pay.cause or "其他",
        pay.amount,
        str(pay.form),
        days if days is not None and days >= 0 else None,
        pay.get("advance") is True,
    )


def cases(society: Society, period: Period) -> list[Case]:
    """The period's aid cases, in date order."""
    pays = sorted(aid_payments(society.loaded.entries, society.book.chart), key=lambda p: p.date)
    return [_case(p) for p in pays if period.contains(p.date)]


class CaseLeak(JjnError):
    def __init__(self) -> None:
        super().__init__("救助案例中出现了疑似身份证号码，已拒绝生成")


def build(society: Society, period: Period) -> Workbook:
    """The case page: a sentence per case, then the period's figures."""
    found = cases(society, period)
    wb = xlsx.new_workbook()
    sheet = xlsx.add_sheet(wb, "救助案例", [6, STORY_WIDTH, 14, 16])
    sheet.title(
        f"{society.name}救助案例（{period.label}）", "为保护救助对象隐私，不公开姓名和病情。"
    )
    sheet.header(("序号", "案例", "救助金额（元）", "救助时效"))
    for i, case in enumerate(found, start=1):
        row = sheet.line((i, case.story(), case.amount, case.speed))
        lines = math.ceil(len(case.story()) * 2 / STORY_WIDTH)  # a Chinese character: 2 widths
        sheet.ws.row_dimensions[row].height = 15 * lines + 3
    total = sum((c.amount for c in found), Decimal(0))
    timed = [c.days for c in found if c.days is not None]
    sheet.line(("合计", f"共救助 {len(found)} 人次", total, ""), bold=True)
    if timed:
        sheet.note(
            f"有申请日期的 {len(timed)} 例，从受理到发放平均 {sum(timed) / len(timed):.1f} 天。"
        )
    if not found:
        sheet.note(f"{period.label}本社未发放救助。")
    sheet.note("互助社的每一笔钱都来自政府补助、村集体和乡亲们的捐赠，专款专用，欢迎监督。")
    sheet.finish()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            if any(isinstance(c.value, str) and is_id_number_like(c.value) for c in row):
                raise CaseLeak
    return wb
