"""A bank statement read through its layout: one signed amount per row, whatever the bank.

``read_statement`` and its ``StatementRow`` are shared by ``jjn import bank``
(``importers.bank``) and ``jjn reconcile`` (``reports.bank_statement``, which reads the
statement, and ``reports.bank_matching``, which matches its rows), so any export one reads,
the other reads, and a row gets the same ``import-id`` in both. The layout
(``importers.layouts``) says where the money is: 收入/支出 columns, one signed 金额, or an
amount with a 借/贷 flag. What every layout shares:

* a row with no money (金额 0, as ABC's 利息税 0.00) is not a transaction: skipped, listed;
* a balance that is not a number (an export with the balance masked) is not read: the row is
  still booked, the statement just cannot prove a closing balance (a note says so);
* 对方户名 cells of dashes (``----------``) are empty, and an account number glued to the
  name (招商银行 ``张三 66666666666666``) is cut off;
* newest-first statements are turned round, so entries and balances come oldest first.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .cells import CellError, parse_amount, parse_date, text
from .common import ImportFileError, RowProblem
from .identity import ImportIds
from .layout_help import unknown_layout
from .layouts import Found, Layout, clean_header, find, load_layouts
from .rows import Row, layout_rows
from .tables import Rows, sniff, table_rows

KIND = "bank"
_DASHES = re.compile(r"^[-—_/\s]*$")
_ACCOUNT_TAIL = re.compile(r"[\s:：]*\d{6,}$")


@dataclass(frozen=True)
class StatementRow:
    """One money row of a statement; ``amount`` is signed (+ money in, - money out)."""

    row: Row
    date: datetime.date
    amount: Decimal
    balance: Decimal | None
    summary: str
    counterparty: str
    txid: str
    import_id: str

    @property
    def lineno(self) -> int:
        return self.row.lineno

    @property
    def text(self) -> str:
        """摘要 and 对方户名, as a person reads the row (``jjn reconcile``'s 未达账项)."""
        parts = [p for p in (self.summary, self.counterparty) if p]
        return "，".join(parts) or "（无摘要）"

    @property
    def where(self) -> str:
        """Where the row is in the statement: its line, and its 流水号 when it has one."""
        ref = f"，流水号 {self.txid}" if self.txid else ""
        return f"对账单第 {self.lineno} 行{ref}"


@dataclass
class Statement:
    """What a statement file holds: its rows (oldest first) and what was passed over."""

    path: Path
    layout: Layout
    preamble: Rows
    rows: list[StatementRow] = field(default_factory=list)
    skipped: list[RowProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def layouts_for(dirs: Sequence[Path] = ()) -> list[Layout]:
    return load_layouts([KIND], dirs)


def find_layout(filename: str, rows: Rows, layouts: Sequence[Layout]) -> Found:
    found = find(layouts, rows)
    if found is None:
        raise unknown_layout(filename, rows, KIND, len(layouts))
    return found


def read_statement(path: Path, layout_dirs: Sequence[Path] = ()) -> Statement:
    """Every money row of the statement at ``path``; a file no layout fits is an error."""
    filename = str(path)
    rows = table_rows(path)
    found = find_layout(filename, rows, layouts_for(layout_dirs))
    statement = Statement(path, found.layout, rows[: found.header_pos])
    ids = ImportIds(KIND)
    unreadable_balance = 0
    complete = sniff(path) == "text" and path.suffix.lower() not in (".xlsx", ".xlsm")
    read_date = functools.partial(parse_date, formats=found.layout.date_formats)
    for row in layout_rows(filename, rows, found, complete=complete):
        date = row.parse("date", read_date, _label(found, "date"))
        amount = _amount(row, found)
        if date is None:
            raise ImportFileError(filename, "没有交易日期", row.lineno)
        if amount == 0:
            statement.skipped.append(RowProblem(filename, row.lineno, "金额为 0，不是一笔收支"))
            continue
        try:
            balance = parse_amount(row["balance"])
        except CellError:
            balance, unreadable_balance = None, unreadable_balance + 1
        counterparty = _counterparty(row.text("counterparty"))
        txid = "" if _DASHES.match(row.text("txid")) else row.text("txid")
        import_id = (
            ids.make(txid, amount) if txid else ids.make(date, amount, counterparty, balance)
        )
        summary = " ".join(
            t for t in (row.text("summary"), row.text("remark")) if t and not _DASHES.match(t)
        )
        statement.rows.append(
            StatementRow(row, date, amount, balance, summary, counterparty, txid, import_id)
        )
    if unreadable_balance:
        statement.notes.append(
            f"{unreadable_balance} 行的“{_label(found, 'balance')}”不是金额（可能被遮盖），"
            "不核对余额"
        )
    if len(statement.rows) > 1 and statement.rows[0].date > statement.rows[-1].date:
        statement.rows.reverse()  # newest first, as many banks export
    return statement


def _label(found: Found, role: str) -> str:
    index = found.index.get(role)
    return found.header[index] if index is not None and index < len(found.header) else role


def _amount(row: Row, found: Found) -> Decimal:
    """The row's signed amount, by the layout's amount model."""
    layout = found.layout
    if layout.amount == "split":
        income = row.parse("income", parse_amount, _label(found, "income")) or Decimal(0)
        expense = row.parse("expense", parse_amount, _label(found, "expense")) or Decimal(0)
        if (income != 0 and expense != 0) or income < 0 or expense < 0:
            raise ImportFileError(
                row.filename,
                f"每行应在“{_label(found, 'income')}”或“{_label(found, 'expense')}”"
                "其中一列有正数金额",
                row.lineno,
            )
        return income - expense
    amount: Decimal = row.parse("amount", parse_amount, _label(found, "amount")) or Decimal(0)
    if layout.amount == "signed":
        return amount
    flag = clean_header(row.text("direction"))
    if any(flag.startswith(f) for f in layout.flags.get("income", ())):
        return abs(amount)
    if any(flag.startswith(f) for f in layout.flags.get("expense", ())):
        return -abs(amount)
    flags = (*layout.flags.get("income", ()), *layout.flags.get("expense", ()))
    raise ImportFileError(
        row.filename,
        f"“{_label(found, 'direction')}”列“{row.text('direction')}”不是收入或支出的标志"
        f"（应为 {'、'.join(flags)}）",
        row.lineno,
    )


def _counterparty(raw: str) -> str:
    if _DASHES.match(raw):
        return ""
    return _ACCOUNT_TAIL.sub("", raw).strip() or raw


def preamble_text(statement: Statement) -> list[list[str]]:
    """The non-empty cells of the lines above the header (户名, 账号), as text."""
    return [[text(c) for c in cells if text(c)] for _, cells in statement.preamble]
