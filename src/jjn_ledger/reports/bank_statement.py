"""The bank's statement as ``jjn reconcile`` takes it: its rows, and whose account it is.

The statement is read with the bank importer's own layouts and cell parsing
(``importers.statement``), so any export ``jjn import bank`` reads, ``jjn reconcile`` reads,
and its rows are the importer's ``StatementRow``. Its 户名 line (above the header) must name
this society (or, for a 备案 society, the custodian holding its money), and its 账号 the
account the books hold: a statement of another account is refused rather than reconciled.
Running balances that do not follow from the row before are noted: the export may miss rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from beancount.core import data

from jjn_ledger.errors import JjnError
from jjn_ledger.ledger.formats import money

if TYPE_CHECKING:
    from collections.abc import Sequence
    from decimal import Decimal

    from jjn_ledger.importers.statement import StatementRow

_QUOTES = re.compile(r"[“”\"'‘’「」\s]")


@dataclass(frozen=True)
class Statement:
    """A bank statement: who it is for (户名, 账号 above the header) and its rows by date."""

    path: Path
    holder: str | None
    account_no: str | None
    lines: list[StatementRow]


def read_statement(path: Path, layout_dirs: Sequence[Path] = ()) -> Statement:
    """The statement's rows, oldest first, read through the bank importer's layouts."""
    from jjn_ledger.importers import statement as bank_statement

    if not path.is_file():
        raise JjnError(f"找不到银行对账单文件：{path}")
    read = bank_statement.read_statement(path, layout_dirs)
    holder, account_no = _preamble(bank_statement.preamble_text(read))
    return Statement(path, holder, account_no, list(read.rows))


def _preamble(rows: list[list[str]]) -> tuple[str | None, str | None]:
    """户名 and 账号 from the lines above the header, where the bank prints them."""
    holder = account_no = None
    for texts in rows:
        for i, cell in enumerate(texts):
            m = re.match(r"^(户名|账户名称|账户名|账号|帐号|卡号)[:：]?\s*(.*)$", cell)
            if not m:
                continue
            value = m.group(2).strip() or (texts[i + 1] if i + 1 < len(texts) else "")
            if m.group(1).startswith("户") or m.group(1).startswith("账户"):
                holder = holder or value or None
            else:
                account_no = account_no or value or None
    return holder, account_no


def same_name(a: str, b: str) -> bool:
    """Two names alike but for quotes and spaces (“桃园村”互助社 = 桃园村互助社)."""
    return _QUOTES.sub("", a) == _QUOTES.sub("", b)


def check_holder(statement: Statement, name: str, custodian: str | None) -> None:
    """The statement's 户名, when it prints one, must be the society or its custodian."""
    holder = statement.holder
    if not holder:
        return
    if same_name(holder, name) or (custodian and same_name(holder, custodian)):
        return
    raise JjnError(
        f"银行对账单的户名是“{holder}”，不是本互助社（{name}）的账户："
        "请导出本互助社基本户的交易明细后再对账（账本未改动）"
    )


def check_account_no(statement: Statement, entries: list[data.Directive], account: str) -> None:
    """When the bank account's ``open`` carries ``account-number:``, the statement must agree.

    Statements mask the middle digits (6230 **** **** 0017): the last four digits are compared.
    """
    if not statement.account_no:
        return
    number = next(
        (
            str(e.meta["account-number"])
            for e in entries
            if isinstance(e, data.Open) and e.account == account and "account-number" in e.meta
        ),
        None,
    )
    if not number:
        return
    tail = re.sub(r"\D", "", statement.account_no)[-4:]
    if tail and tail != re.sub(r"\D", "", number)[-4:]:
        raise JjnError(
            f"银行对账单的账号“{statement.account_no}”与账本中基本户账号“{number}”不符："
            "请导出本互助社基本户的交易明细后再对账（账本未改动）"
        )


def running_balance_breaks(lines: list[StatementRow]) -> list[str]:
    """Rows whose balance does not follow from the row before: the export may miss rows."""
    out = []
    previous: Decimal | None = None
    for s in lines:
        if previous is not None and s.balance is not None and previous + s.amount != s.balance:
            out.append(
                f"对账单第 {s.lineno} 行余额 {money(s.balance)} 与上一行余额加减本笔金额不符"
                f"（应为 {money(previous + s.amount)}）：对账单可能缺行"
            )
        previous = s.balance if s.balance is not None else None
    return out
