"""记账凭证 printed one per A4 page, as the treasurer files them with the receipts behind.

The form is the one every 会计 knows from paper pads and from 用友/金蝶: the society's name, the
title 记账凭证, the date, the voucher word and number (收字第 001 号), 附单据 N 张, one row per
posting — 摘要, 科目 (general account with its code, e.g. ``5101 业务活动成本``, and the detail
account ``02-应急救助``), 借方金额 and 贷方金额 in 元 — a 合计 row, and boxes for the
signatures of 会计, 出纳, 审核 and 制单. Debit rows come first (先借后贷); amounts are numbers,
debit positive postings and credit the negative ones, so 合计 借方 equals 合计 贷方 because the
transaction balances.

Vouchers are ordered 收, 付, 转 and by number, one sheet, a page break after each; the print area
covers them all, A4 portrait, fit to width. A month with unnumbered transactions is refused:
numbers are given by ``jjn voucher number`` (in the books), never made up on paper.
"""

from __future__ import annotations

from decimal import Decimal

from beancount.core import data
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.pagebreak import Break

from jjn_ledger.errors import JjnError
from jjn_ledger.ledger import voucher_numbers as vouchers
from jjn_ledger.ledger.society import Society
from jjn_ledger.record import vouchers as numbering
from jjn_ledger.reports import xlsx
from jjn_ledger.reports.common import Period

ZERO = Decimal(0)
WIDTHS = (30, 22, 20, 15, 15)
MIN_LINES = 5  # a printed voucher keeps at least this many posting rows, as the paper form does
SIGNERS = ("会计：", "出纳：", "审核：", "制单：")


def split_account(account: str) -> tuple[str, str]:
    """``Expenses:5101-业务活动成本:02-应急救助`` → (``5101 业务活动成本``, ``02-应急救助``)."""
    parts = account.split(":")[1:] or [account]
    code, _, name = parts[0].partition("-")
    general = f"{code} {name}" if name else parts[0]
    return general, "/".join(parts[1:])


def summary(txn: data.Transaction) -> str:
    return f"{txn.payee}：{txn.narration}" if txn.payee else (txn.narration or "")


def lines_of(txn: data.Transaction) -> list[tuple[str, str, Decimal, Decimal]]:
    """(general account, detail account, debit, credit) per posting, debits first."""
    rows = []
    for p in txn.postings:
        if p.units is None or p.units.number is None:
            continue
        general, detail = split_account(p.account)
        number = p.units.number
        rows.append(
            (general, detail, number if number > 0 else ZERO, -number if number < 0 else ZERO)
        )
    return sorted(rows, key=lambda row: row[2] == 0)  # stable: debits first, then credits


def month_vouchers(
    society: Society, period: Period
) -> list[tuple[vouchers.VoucherNo, data.Transaction]]:
    """The month's vouchers in print order (收, 付, 转; by number), or a Chinese error."""
    month = f"{period.start.year:04d}-{period.start.month:02d}"
    txns = vouchers.in_month(society.loaded.entries, month)
    if not txns:
        raise JjnError(f"{month} 没有交易，无记账凭证可打印")
    missing = [t for t in txns if vouchers.KEY not in t.meta]
    if missing:
        raise JjnError(
            f"{month} 有 {len(missing)} 笔交易还没有凭证号，请先运行"
            f"“jjn voucher number {society.folder} {month}”"
        )
    out = []
    for txn in txns:
        number = vouchers.parse(txn.meta[vouchers.KEY])
        if number is None:
            place = vouchers.where(txn, society.folder)
            raise JjnError(
                f"凭证号“{txn.meta[vouchers.KEY]}”格式不对（{place}），应如“收-{month}-001”"
            )
        out.append((number, txn))
    rank = {w: i for i, w in enumerate(vouchers.WORDS)}
    return sorted(out, key=lambda item: (rank[item[0].word], item[0].number))


def build(society: Society, period: Period) -> Workbook:
    items = month_vouchers(society, period)
    wb = xlsx.new_workbook()
    sheet = xlsx.add_sheet(wb, "记账凭证", WIDTHS)
    for i, (number, txn) in enumerate(items):
        _voucher(sheet, society, number, txn)
        if i + 1 < len(items):
            sheet.ws.row_breaks.append(Break(id=sheet.row))
    sheet.header_rows = None  # each voucher has its own header: none is repeated on every page
    sheet.finish()
    return wb


def _merged(
    sheet: xlsx.Sheet, col: int, end_col: int, text: str, font: Font, horizontal: str
) -> None:
    cell = sheet.ws.cell(sheet.row, col, xlsx.safe_text(text))
    cell.font = font
    cell.alignment = Alignment(horizontal=horizontal, vertical="center")
    if end_col > col:
        sheet.merge(sheet.row, col, sheet.row, end_col)


def _voucher(
    sheet: xlsx.Sheet, society: Society, number: vouchers.VoucherNo, txn: data.Transaction
) -> None:
    small = Font(name=xlsx.FONT, size=10)
    sheet.row += 1
    _merged(sheet, 1, 5, society.name, Font(name=xlsx.FONT, size=11), "center")
    sheet.row += 1
    _merged(
        sheet,
        1,
        5,
        "记账凭证",
        Font(name=xlsx.FONT, size=18, bold=True, underline="double"),
        "center",
    )
    sheet.ws.row_dimensions[sheet.row].height = 30
    sheet.row += 1
    _merged(sheet, 1, 1, f"{vouchers.WORD_TITLES[number.word]}  {number}", small, "left")
    _merged(sheet, 2, 3, f"{txn.date:%Y年%m月%d日}", small, "center")
    _merged(sheet, 4, 5, number.label, Font(name=xlsx.FONT, size=11, bold=True), "right")
    sheet.header(("摘要", "总账科目", "明细科目", "借方金额", "贷方金额"))
    rows = lines_of(txn)
    text = summary(txn)
    for general, detail, debit, credit in rows:
        sheet.line((text, general, detail, debit if debit else None, credit if credit else None))
        for col in (4, 5):
            sheet.ws.cell(sheet.row, col).number_format = xlsx.MONEY
    for _ in range(MIN_LINES - len(rows)):
        sheet.line(("", "", "", None, None))
    debit_total = sum((r[2] for r in rows), ZERO)
    credit_total = sum((r[3] for r in rows), ZERO)
    total_row = sheet.line(("合计", "", "", debit_total, credit_total), bold=True)
    sheet.merge(total_row, 1, total_row, 3)
    sheet.ws.cell(total_row, 1).alignment = Alignment(horizontal="center")
    sheet.row += 1
    # A count the books know is printed; otherwise the blank is left for the pen, as on a
    # paper voucher (never "0 张" for a payment whose receipts are simply not scanned in).
    # Where the entry lives in the books is no part of the printed voucher.
    count = numbering.attachments(txn, society.folder)
    _merged(sheet, 4, 5, f"附单据 {count} 张" if count else "附单据 ____ 张", small, "right")
    sheet.row += 1
    for col, signer in enumerate(SIGNERS, start=1):
        cell = sheet.ws.cell(sheet.row, col, signer)
        cell.font = small
    sheet.ws.row_dimensions[sheet.row].height = 24
