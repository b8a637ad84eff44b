"""银行存款余额调节表 as text: what ``jjn reconcile`` prints before it writes the workbook.

Both sides of the table one after the other (the terminal is too narrow for the printed form's
two halves side by side, ``reports.reconciliation``), then the 未达账项 one per line with where
to find each, the notes and the verdict. Chinese characters count two columns wide, so the
amounts line up.
"""

from __future__ import annotations

from decimal import Decimal

from jjn_ledger.ledger.formats import money
from jjn_ledger.reports.bank_matching import ZERO, BookLine, Reconciliation


def _width(text: str) -> int:
    return sum(2 if ord(c) > 0x2E7F else 1 for c in text)


def _row(label: str, amount: Decimal, width: int = 34) -> str:
    pad = max(width - _width(label), 1)
    return f"  {label}{' ' * pad}{money(amount):>14}"


def as_text(r: Reconciliation) -> str:
    """The table as the terminal shows it: both sides one after the other, then the details."""
    got_in = sum((s.amount for s in r.bank_received), ZERO)
    got_out = -sum((s.amount for s in r.bank_paid), ZERO)
    book_in = sum((b.amount for b in r.book_received), ZERO)
    book_out = -sum((b.amount for b in r.book_paid), ZERO)
    first, last = r.statement.lines[0].date, r.statement.lines[-1].date
    out = [
        "银行存款余额调节表",
        f"编制单位：{r.society}",
        f"账户：{r.account.split(':', 1)[1]}    截至 {r.end:%Y年%m月%d日}    单位：元",
        f"对账单：{r.statement.path.name}（{first} 至 {last}），"
        f"已核对相符 {len(r.matches)} 笔，日期相差不超过 {r.window_days} 天",
        "",
        "【企业账面】",
        _row("银行存款日记账余额", r.book_balance),
        _row("加：银行已收、企业未收", got_in),
        _row("减：银行已付、企业未付", got_out),
        _row("调节后余额", r.adjusted_book),
        "【银行对账单】",
        _row("银行对账单余额", r.statement_balance),
        _row("加：企业已收、银行未收", book_in),
        _row("减：企业已付、银行未付", book_out),
        _row("调节后余额", r.adjusted_bank),
        "",
    ]
    details = [
        ("银行已收、企业未收", [(s.date, s.text, s.amount, s.where) for s in r.bank_received]),
        ("银行已付、企业未付", [(s.date, s.text, -s.amount, s.where) for s in r.bank_paid]),
        (
            "企业已收、银行未收",
            [(b.date, b.text, b.amount, _book_where(b)) for b in r.book_received],
        ),
        ("企业已付、银行未付", [(b.date, b.text, -b.amount, _book_where(b)) for b in r.book_paid]),
    ]
    if any(items for _, items in details):
        out.append("未达账项：")
        for title, items in details:
            for day, text, amount, where in items:
                out.append(f"  [{title}] {day}  {text}  {money(amount)} 元（{where}）")
        out.append("")
    out.extend(f"注意：{note}" for note in r.notes)
    out.append(("结论：" if r.settled else "结论（不平）：") + r.verdict)
    return "\n".join(out)


def _book_where(b: BookLine) -> str:
    return f"{b.where}，凭证 {b.voucher}" if b.voucher else b.where
