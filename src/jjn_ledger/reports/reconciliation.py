"""银行存款余额调节表 as a workbook: the form auditors and township finance staff expect.

The printed form has two halves side by side — the society's bank book on the left, the bank's
statement on the right — each from its balance through the two adjustments to 调节后余额, then
the 未达账项 one per line so each can be ticked off next month, and the verdict in words. One
A4 page, portrait, fit to width; amounts are numbers (``#,##0.00``), not text.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from jjn_ledger.reports import xlsx
from jjn_ledger.reports.bank_matching import ZERO, Reconciliation

SHEET = "银行存款余额调节表"


def build(r: Reconciliation) -> Workbook:
    wb = xlsx.new_workbook()
    sheet = xlsx.add_sheet(wb, SHEET, [30, 15, 30, 15])
    first, last = r.statement.lines[0].date, r.statement.lines[-1].date
    sheet.title(
        SHEET,
        f"编制单位：{r.society}",
        f"开户账户：{r.account.split(':', 1)[1]}    截至 {r.end:%Y年%m月%d日}    单位：元",
        f"对账单：{r.statement.path.name}（{first} 至 {last}），已核对相符 {len(r.matches)} 笔",
    )
    sheet.header(("项目", "金额", "项目", "金额"))
    got_in = sum((s.amount for s in r.bank_received), ZERO)
    got_out = -sum((s.amount for s in r.bank_paid), ZERO)
    book_in = sum((b.amount for b in r.book_received), ZERO)
    book_out = -sum((b.amount for b in r.book_paid), ZERO)
    sheet.line(("银行存款日记账余额", r.book_balance, "银行对账单余额", r.statement_balance))
    sheet.line(("加：银行已收、企业未收", got_in, "加：企业已收、银行未收", book_in))
    sheet.line(("减：银行已付、企业未付", got_out, "减：企业已付、银行未付", book_out))
    sheet.line(("调节后余额", r.adjusted_book, "调节后余额", r.adjusted_bank), bold=True)
    sheet.blank()
    sheet.note("未达账项明细")
    detail = [
        ("银行已收、企业未收", [(s.date, s.text, s.amount, s.where) for s in r.bank_received]),
        ("银行已付、企业未付", [(s.date, s.text, -s.amount, s.where) for s in r.bank_paid]),
        (
            "企业已收、银行未收",
            [(b.date, b.text, b.amount, _where(b.where, b.voucher)) for b in r.book_received],
        ),
        (
            "企业已付、银行未付",
            [(b.date, b.text, -b.amount, _where(b.where, b.voucher)) for b in r.book_paid],
        ),
    ]
    _detail_header(sheet)
    count = 0
    for title, items in detail:
        for day, text, amount, where in items:
            sheet.line((f"{title}  {day:%Y-%m-%d}", amount, text, where))
            count += 1
    if not count:
        sheet.line(("（无未达账项）", "", "", ""))
    sheet.blank()
    for note in r.notes:
        sheet.note(f"注意：{note}")
    sheet.note(("结论：" if r.settled else "结论（对账不平）：") + r.verdict)
    verdict = sheet.ws.cell(sheet.row, 1)
    verdict.font = Font(name=xlsx.FONT, size=11, bold=True, color=None if r.settled else "C00000")
    verdict.alignment = Alignment(wrap_text=True, vertical="top")
    lines = xlsx.wrapped_lines(sheet.ws.cell(sheet.row, 1).value or "", 11, sum(sheet.widths))
    sheet.ws.row_dimensions[sheet.row].height = max(45, lines * 17 + 6)
    sheet.blank()
    sheet.note("会计：                出纳：                审核：                编制日期：")
    sheet.finish()
    return wb


def _detail_header(sheet: xlsx.Sheet) -> None:
    sheet.row += 1
    for col, value in enumerate(("类别与日期", "金额", "摘要", "出处"), start=1):
        cell = sheet.ws.cell(sheet.row, col, value)
        cell.font = Font(name=xlsx.FONT, size=10, bold=True)
        cell.fill = xlsx.HEAD_FILL
        cell.border = xlsx.BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center")


def _where(where: str, voucher: str) -> str:
    return f"{where}（{voucher}）" if voucher else where
