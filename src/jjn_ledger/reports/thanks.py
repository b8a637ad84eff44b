"""Thank-you letters and certificates for a period's donors (致谢函、荣誉证书).

Seed: ``000_5491b89b33d14de1.txt`` §二(三) 强化自我服务: "可通过发放感谢信、赠送锦旗（证书）、
展示救助案例等方式，大力弘扬'扶危济困、乐善好施'的传统美德". The letters come from the books:
every social donation of the period (money, restricted gifts, goods, valued or registered by
name and quantity) is grouped by donor, one A4 page each.

The donor decides how they are recognised (``thanks:`` on the donation, ``ThanksWish``): with
the amount (the default), without it, or not at all. A gift recorded as 匿名 never gets a letter:
there is nobody to address, and printing one would undo the donor's wish. If any of a donor's
gifts of the period asks for no amount, the letter names none.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from beancount.core import data
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from jjn_ledger.ledger.formats import money
from jjn_ledger.ledger.society import Society
from jjn_ledger.ledger.vocabulary import ANONYMOUS, IN_KIND, META_DONOR, META_THANKS, ThanksWish
from jjn_ledger.reports import xlsx
from jjn_ledger.reports.common import Period

KINDS = {"letter": "感谢信", "certificate": "荣誉证书"}


@dataclass
class Donor:
    """One donor's gifts of the period, as their letter tells them."""

    name: str
    amount: Decimal = Decimal(0)
    goods: list[str] = field(default_factory=list)
    dates: list[datetime.date] = field(default_factory=list)
    show_amount: bool = True

    def gifts(self) -> str:
        """What was given, in words: ``人民币 500.00 元、大米 20 袋``."""
        parts = []
        if self.amount:
            parts.append(f"人民币 {money(self.amount)} 元" if self.show_amount else "善款")
        parts += self.goods
        return "、".join(dict.fromkeys(parts)) or "善款"


def _wish(meta: data.Meta) -> ThanksWish:
    value = meta.get(META_THANKS)
    try:
        return ThanksWish(str(value)) if value else ThanksWish.WITH_AMOUNT
    except ValueError:
        return ThanksWish.WITH_AMOUNT


def donors(society: Society, period: Period) -> list[Donor]:
    """The period's named donors who wish to be thanked, in order of their first gift."""
    social = society.book.chart.with_role("donation")
    found: dict[str, Donor] = {}
    refused: set[str] = set()
    for entry in society.loaded.entries:
        if not period.contains(entry.date):
            continue
        gift = _gift(entry, social)
        if gift is None:
            continue
        name, amount, goods = gift
        if not name or name == ANONYMOUS:
            continue
        wish = _wish(entry.meta)
        if wish is ThanksWish.NONE:
            refused.add(name)
            continue
        donor = found.setdefault(name, Donor(name))
        donor.amount += amount
        donor.goods += goods
        donor.dates.append(entry.date)
        donor.show_amount = donor.show_amount and wish is ThanksWish.WITH_AMOUNT
    return [d for d in found.values() if d.name not in refused]


def _gift(entry: data.Directive, social: Iterable[str]) -> tuple[str, Decimal, list[str]] | None:
    """(donor, money given, goods given) of a donation entry, or None for anything else."""
    accounts = set(social)
    if isinstance(entry, data.Custom) and entry.type == IN_KIND:
        label = str(entry.values[0].value) if entry.values else "物资"
        return _donor_of(entry), Decimal(0), [label + str(entry.meta.get("quantity") or "")]
    if not isinstance(entry, data.Transaction) or entry.flag == "P":
        return None
    amount = Decimal(0)
    found = False
    for p in entry.postings:
        if p.account in accounts and p.units is not None and p.units.number is not None:
            amount -= p.units.number
            found = True
    if not found:
        return None
    goods = entry.meta.get("item")
    if goods is not None:  # goods, valued into 存货: thanked as goods, not as their book value
        return _donor_of(entry), Decimal(0), [str(goods) + str(entry.meta.get("quantity") or "")]
    return _donor_of(entry), amount, []


def _donor_of(entry: data.Custom | data.Transaction) -> str:
    payee = entry.payee if isinstance(entry, data.Transaction) else None
    return str(entry.meta.get(META_DONOR) or payee or "")


def _paragraph(sheet: xlsx.Sheet, text: str, size: int = 14, align: str = "left") -> None:
    """A merged row of wrapped text, tall enough for its lines when printed."""
    sheet.row += 1
    cell = sheet.ws.cell(sheet.row, 1, xlsx.safe_text(text))
    cell.font = Font(name=xlsx.FONT, size=size)
    cell.alignment = Alignment(horizontal=align, vertical="top", wrap_text=True)
    sheet.merge(sheet.row, 1, sheet.row, sheet.ncols)
    width = sum(sheet.widths)  # in characters of 11 pt; a Chinese character is about two
    lines = max(1, math.ceil(len(text) * 2 * size / 11 / width))
    sheet.ws.row_dimensions[sheet.row].height = lines * size * 1.6 + 6


def _letter(
    wb: Workbook, society: Society, donor: Donor, kind: str, day: datetime.date, n: int
) -> None:
    sheet = xlsx.add_sheet(wb, f"{n:03d}-{donor.name}"[:31], [12] * 7)
    sheet.title(KINDS[kind])
    sheet.blank()
    first, last = min(donor.dates), max(donor.dates)
    when = f"{first:%Y年%m月%d日}" if first == last else f"{first:%Y年%m月}至{last:%Y年%m月}"
    if kind == "certificate":
        _paragraph(sheet, f"{donor.name}：", size=18)
        _paragraph(
            sheet,
            f"　　您热心公益、扶危济困，于{when}向{society.name}捐赠{donor.gifts()}，"
            "帮助遭遇急难的乡亲渡过难关。特发此证，以资褒扬。",
            size=18,
        )
    else:
        _paragraph(sheet, f"尊敬的{donor.name}：")
        _paragraph(
            sheet,
            f"　　感谢您于{when}向{society.name}捐赠{donor.gifts()}。您的善款善物全部纳入"
            "互助社专账管理、专款专用，用于救助本村（社区）因病、因意外等陷入急难的家庭，"
            "每一笔救助都在村务公开栏公示，接受群众监督。",
        )
        _paragraph(
            sheet,
            "　　“扶危济困、乐善好施”是我们的传统美德。您的善举温暖了乡亲，也带动了更多人"
            "关心、支持互助社的发展。谨此致以诚挚的谢意！",
        )
    sheet.blank()
    _paragraph(sheet, society.name, align="right")
    _paragraph(sheet, f"{day:%Y年%m月%d日}（盖章）", align="right")
    sheet.finish(landscape=kind == "certificate")


def build(
    society: Society, period: Period, kind: str = "letter", day: datetime.date | None = None
) -> tuple[Workbook, Sequence[Donor]]:
    """One page per donor of the period who wishes to be thanked; the donors it covers."""
    found = donors(society, period)
    wb = xlsx.new_workbook()
    when = day or datetime.date.today()
    for n, donor in enumerate(found, start=1):
        _letter(wb, society, donor, kind, when, n)
    if not found:
        sheet = xlsx.add_sheet(wb, KINDS[kind], [84])
        sheet.title(KINDS[kind])
        sheet.note(f"{period.label}没有需要致谢的具名捐赠人（匿名捐赠和不需致谢的不出具）。")
        sheet.finish()
    return wb, found
