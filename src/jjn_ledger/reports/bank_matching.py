"""Bank reconciliation (银行存款余额调节表): the bank's statement against the society's bank book.

Every month the treasurer sets the bank's statement beside the 银行存款日记账. Lines that are in
one and not yet in the other are 未达账项 (items in transit); the table adds and subtracts them::

    银行存款日记账余额                    银行对账单余额
    加：银行已收、企业未收                加：企业已收、银行未收
    减：银行已付、企业未付                减：企业已付、银行未付
    调节后余额              ==            调节后余额

Equal adjusted balances mean every difference is explained by timing; unequal ones mean a line
is wrong or missing somewhere, and the table lists the unmatched lines to look at. Equal
balances are not enough either when an unmatched bank line and an unmatched book posting are
one amount keyed wrong (50 on one side, 500 on the other, same day or same payer): the two
cancel out, and the table names them as a probable keying error instead of 账实相符.

How lines are matched, one statement line to at most one book posting on the bank account:

* same amount and same direction (money in on the statement = a debit to the bank account);
* dated at most ``policy.bank_reconciliation.window_days`` apart (default 5);
* a posting whose ``import-id`` is the one ``jjn import bank`` gives that very statement row
  (the bank's 流水号), or whose metadata holds the 流水号, is matched first;
* then greedily by closest date, then by file order.

Book postings dated up to the window *before* the statement's first line are considered, so a
cheque written on the 28th and presented on the 2nd matches; those of them that match nothing
are taken to be in the statement's opening balance and left out.

The statement is read, and checked to be this society's account, by ``reports.bank_statement``;
its rows are the bank importer's own (``importers.statement.StatementRow``), so a row has the
same ``import-id`` here as the entry ``jjn import bank`` made of it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from beancount.core import data

from jjn_ledger.errors import JjnError, NotALedger
from jjn_ledger.ledger.formats import money
from jjn_ledger.reports.bank_statement import (
    Statement,
    check_account_no,
    check_holder,
    read_statement,
    running_balance_breaks,
    same_name,
)

if TYPE_CHECKING:
    from jjn_ledger.importers.statement import StatementRow
    from jjn_ledger.reports.common import Period

ZERO = Decimal(0)


@dataclass(frozen=True)
class BookLine:
    """One posting to the bank account in the books; amount is signed (+ debit, money in)."""

    entry: data.Transaction
    date: datetime.date
    amount: Decimal
    where: str

    @property
    def text(self) -> str:
        payee, narration = self.entry.payee, self.entry.narration or ""
        return f"{payee}：{narration}" if payee else narration

    @property
    def voucher(self) -> str:
        value = self.entry.meta.get("voucher")
        return value if isinstance(value, str) else ""


@dataclass(frozen=True)
class Match:
    statement: StatementRow
    book: BookLine
    by_reference: bool


@dataclass
class Reconciliation:
    """The table for one month, and every line it was made from."""

    society: str
    short_name: str
    month: str
    end: datetime.date
    account: str
    statement: Statement
    window_days: int
    book_balance: Decimal
    statement_balance: Decimal
    matches: list[Match] = field(default_factory=list)
    bank_received: list[StatementRow] = field(default_factory=list)  # 银行已收、企业未收
    bank_paid: list[StatementRow] = field(default_factory=list)  # 银行已付、企业未付
    book_received: list[BookLine] = field(default_factory=list)  # 企业已收、银行未收
    book_paid: list[BookLine] = field(default_factory=list)  # 企业已付、银行未付
    notes: list[str] = field(default_factory=list)
    # An unmatched statement line and an unmatched book posting that are one amount keyed
    # wrong (50 for 500, 540 for 450, 502 for 500): same direction, close dates, same day
    # or same counterparty. They cancel in the table, so it balances — but not because the
    # books are right.
    typos: list[tuple[StatementRow, BookLine]] = field(default_factory=list)

    @property
    def settled(self) -> bool:
        """Balanced, and no difference explained only by a probable keying error."""
        return self.balanced and not self.typos

    @property
    def adjusted_book(self) -> Decimal:
        return (
            self.book_balance
            + sum((s.amount for s in self.bank_received), ZERO)
            + sum((s.amount for s in self.bank_paid), ZERO)  # negative amounts
        )

    @property
    def adjusted_bank(self) -> Decimal:
        return (
            self.statement_balance
            + sum((b.amount for b in self.book_received), ZERO)
            + sum((b.amount for b in self.book_paid), ZERO)
        )

    @property
    def difference(self) -> Decimal:
        return self.adjusted_book - self.adjusted_bank

    @property
    def balanced(self) -> bool:
        return self.difference == 0

    @property
    def verdict(self) -> str:
        if self.balanced and self.typos:
            pairs = "；".join(
                f"{s.where} {money(abs(s.amount))} 元与账上 {b.date} {money(abs(b.amount))} 元"
                f"（{b.text}）"
                for s, b in self.typos
            )
            return (
                f"调节后余额虽然相等，但有疑似录入错误：{pairs}。金额相近而不同，"
                "应是一方录错了金额，不能视为未达账项，也不能认定账实相符；"
                "请核对原始凭证和银行回单，更正后再对账。"
            )
        if self.balanced:
            if not (self.bank_received or self.bank_paid or self.book_received or self.book_paid):
                return "调节后余额相等：银行对账单与银行存款日记账一致，没有未达账项。"
            return "调节后余额相等：差额均为上列未达账项，账实相符。"
        return (
            f"调节后余额不相等，相差 {money(abs(self.difference))} 元：对账不平。"
            "差额不能由未达账项解释，请逐笔核对上列未达账项、上月未达账项和对账单余额，"
            "查明记账错误或遗漏后再对账。"
        )


# --- matching --------------------------------------------------------------------------------


def book_lines(
    entries: list[data.Directive],
    account: str,
    start: datetime.date,
    end: datetime.date,
    folder: Path | None = None,
) -> list[BookLine]:
    """Postings to ``account`` (or below it) dated from ``start`` to ``end``, in book order."""
    from jjn_ledger.ledger import voucher_numbers as vouchers

    out = []
    for entry in entries:
        if not isinstance(entry, data.Transaction) or not start <= entry.date <= end:
            continue
        for p in entry.postings:
            if (p.account == account or p.account.startswith(account + ":")) and p.units:
                assert p.units.number is not None
                where = vouchers.where(entry, folder)
                out.append(BookLine(entry, entry.date, p.units.number, where))
    return out


def book_balance(entries: list[data.Directive], account: str, end: datetime.date) -> Decimal:
    total = ZERO
    for line in book_lines(entries, account, datetime.date.min, end):
        total += line.amount
    return total


def _references(line: BookLine) -> set[str]:
    return {v for v in line.entry.meta.values() if isinstance(v, str)}


def match(statement: list[StatementRow], books: list[BookLine], window_days: int) -> list[Match]:
    """One-to-one matches: same signed amount within the window; reference first, then date."""
    candidates = []
    for i, s in enumerate(statement):
        for j, b in enumerate(books):
            gap = abs((s.date - b.date).days)
            if s.amount != b.amount or gap > window_days:
                continue
            refs = _references(b)
            by_ref = s.import_id in refs or bool(s.txid and s.txid in refs)
            candidates.append((0 if by_ref else 1, gap, i, j, by_ref))
    candidates.sort()
    used_s: set[int] = set()
    used_b: set[int] = set()
    out = []
    for _, _, i, j, by_ref in candidates:
        if i in used_s or j in used_b:
            continue
        used_s.add(i)
        used_b.add(j)
        out.append(Match(statement[i], books[j], by_ref))
    return sorted(out, key=lambda m: (m.statement.date, m.statement.lineno))


# --- the table -------------------------------------------------------------------------------


def looks_mistyped(a: Decimal, b: Decimal) -> bool:
    """Two amounts of one direction that one wrong keystroke turns into each other."""
    if a == b or not a or not b or (a > 0) != (b > 0):
        return False
    x, y = sorted((abs(a), abs(b)))
    if y / x in (10, 100, 1000):  # a zero dropped or added
        return True
    dx, dy = f"{x:.2f}", f"{y:.2f}"
    if len(dx) != len(dy):
        return False
    if sorted(dx) == sorted(dy) and sum(c != d for c, d in zip(dx, dy, strict=True)) == 2:
        return True  # two digits swapped
    return sum(c != d for c, d in zip(dx, dy, strict=True)) == 1  # one digit wrong


def probable_typos(
    bank: list[StatementRow], books: list[BookLine], window_days: int
) -> list[tuple[StatementRow, BookLine]]:
    """Unmatched pairs that are probably one amount keyed wrong, each line in one pair at most."""
    out: list[tuple[StatementRow, BookLine]] = []
    used: set[int] = set()
    for s in bank:
        for j, b in enumerate(books):
            if j in used or abs((s.date - b.date).days) > window_days:
                continue
            same_party = bool(s.counterparty) and same_name(s.counterparty, b.entry.payee or "")
            if (s.date == b.date or same_party) and looks_mistyped(s.amount, b.amount):
                out.append((s, b))
                used.add(j)
                break
    return out


def reconcile(society: object, statement: Statement, month: str) -> Reconciliation:
    """The reconciliation of ``month`` for a loaded society (``reports.common.Society``)."""
    from jjn_ledger.ledger.society import Society
    from jjn_ledger.reports.common import month_period

    assert isinstance(society, Society)
    period = month_period(month)
    label = f"{period.start.year:04d}-{period.start.month:02d}"
    profile = society.book.profile
    account = society.book.chart.account("bank")
    entries = society.loaded.entries
    check_holder(statement, society.name, profile.custodian if profile else None)
    check_account_no(statement, entries, account)
    lines = _month_lines(statement, period, label)
    last_balance = [s for s in lines if s.balance is not None][-1]
    window = society.book.policy.bank_reconciliation.window_days
    first = lines[0].date
    since = first - datetime.timedelta(days=window)
    books = book_lines(entries, account, since, period.end, society.folder)
    matches = match(lines, books, window)
    matched_s = {id(m.statement) for m in matches}
    matched_b = {id(m.book) for m in matches}
    open_books = [b for b in books if id(b) not in matched_b and b.date >= first]
    open_bank = [s for s in lines if id(s) not in matched_s]
    result = Reconciliation(
        society=society.name,
        short_name=profile.village if profile else society.folder.name,
        month=label,
        end=period.end,
        account=account,
        statement=statement,
        window_days=window,
        book_balance=book_balance(entries, account, period.end),
        statement_balance=last_balance.balance or ZERO,
        matches=matches,
        bank_received=[s for s in open_bank if s.amount > 0],
        bank_paid=[s for s in open_bank if s.amount < 0],
        book_received=[b for b in open_books if b.amount > 0],
        book_paid=[b for b in open_books if b.amount < 0],
    )
    result.typos = probable_typos(open_bank, open_books, window)
    result.notes.extend(running_balance_breaks(lines))
    if not result.balanced:
        result.notes.extend(_opening_difference(lines, entries, account, matches))
    if last_balance is not lines[-1]:
        result.notes.append(
            f"对账单最后一笔（第 {lines[-1].lineno} 行）没有余额，"
            f"对账单余额取第 {last_balance.lineno} 行"
        )
    return result


def _month_lines(statement: Statement, period: Period, label: str) -> list[StatementRow]:
    """The statement's rows up to the month's end; refused without a row in the month or a
    balance to reconcile to."""
    lines = [s for s in statement.lines if s.date <= period.end]
    if not any(period.contains(s.date) for s in lines):
        span = (
            f"对账单日期为 {statement.lines[0].date} 至 {statement.lines[-1].date}"
            if statement.lines
            else "对账单没有交易记录"
        )
        raise JjnError(f"银行对账单中没有 {label} 的交易（{span}），请确认月份和文件")
    if not any(s.balance is not None for s in lines):
        raise JjnError("银行对账单没有“余额”，无法编制余额调节表")
    return lines


def _opening_difference(
    lines: list[StatementRow], entries: list[data.Directive], account: str, matches: list[Match]
) -> list[str]:
    """Why an unbalanced table may not balance: the statement opens where the books did not."""
    if lines[0].balance is None:
        return []
    first = lines[0].date
    opening = lines[0].balance - lines[0].amount
    # What the bank should have opened with: the books before the statement's first day,
    # less what the bank only paid or received within the statement (matched early entries).
    booked = book_balance(entries, account, first - datetime.timedelta(days=1)) - sum(
        (m.book.amount for m in matches if m.book.date < first), ZERO
    )
    if opening == booked:
        return []
    return [
        f"对账单期初余额 {money(opening)} 元，与银行存款日记账相应余额 {money(booked)} 元"
        f"相差 {money(opening - booked)} 元：差额可能来自对账单期间之前的记录"
    ]


def reconcile_files(folder: Path, statement_file: Path, month: str) -> Reconciliation:
    """Load the society and the statement and reconcile ``month``: what ``jjn reconcile`` runs."""
    from jjn_ledger.ledger import layout
    from jjn_ledger.ledger.society import open_society
    from jjn_ledger.reports.common import month_period

    month_period(month)  # a bad month is refused before anything is read
    if not (folder / layout.MAIN).is_file():
        raise NotALedger(str(folder))
    from jjn_ledger.importers.layouts import layout_dirs

    statement = read_statement(statement_file, layout_dirs(folder))
    return reconcile(open_society(folder), statement, month)
