"""Voucher numbers (凭证号) as data: word, month and number, and which word a transaction takes.

Pure functions shared by rule R17 (``rules.r17_vouchers``), which checks numbered months, and
``record.vouchers``, which gives the numbers. See ``record/vouchers.py`` for the numbering rules.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from beancount.core import data

from jjn_ledger.ledger.chart import Chart
from jjn_ledger.ledger.formats import month_key
from jjn_ledger.ledger.vocabulary import META_VOUCHER

KEY = META_VOUCHER
RECEIPT, PAYMENT, TRANSFER = "收", "付", "转"
WORDS = (RECEIPT, PAYMENT, TRANSFER)
WORD_TITLES = {RECEIPT: "收款凭证", PAYMENT: "付款凭证", TRANSFER: "转账凭证"}
MONEY_ROLES = ("cash", "bank")  # the chart roles of 现金, 银行存款 and 其他货币资金
ATTACHMENTS = "attachments"  # optional metadata: how many source documents are attached
DOCUMENTS = "documents"
_VALUE = re.compile(r"^(收|付|转)-(\d{4})-(\d{2})-(\d{3,})$")


@dataclass(frozen=True, order=True)
class VoucherNo:
    """A voucher's word, month (YYYY-MM) and number, e.g. 付-2025-03-002."""

    month: str
    word: str
    number: int

    def __str__(self) -> str:
        return f"{self.word}-{self.month}-{self.number:03d}"

    @property
    def label(self) -> str:
        """As printed on the form: 付字第 002 号."""
        return f"{self.word}字第 {self.number:03d} 号"


def parse(value: object) -> VoucherNo | None:
    """The voucher number a metadata value holds, or None when it is not one."""
    if not isinstance(value, str):
        return None
    m = _VALUE.match(value.strip())
    if not m or not 1 <= int(m.group(3)) <= 12 or int(m.group(4)) < 1:
        return None
    return VoucherNo(f"{m.group(2)}-{m.group(3)}", m.group(1), int(m.group(4)))


def is_voucher(entry: data.Directive) -> bool:
    """A transaction a person wrote (padding made by Beancount at load time is not one)."""
    return isinstance(entry, data.Transaction) and entry.flag != "P"


def word_for(txn: data.Transaction, chart: Chart) -> str:
    """收, 付 or 转, from which way money moves on the cash, bank and wallet accounts."""
    signs = [
        p.units.number
        for p in txn.postings
        if p.units is not None
        and p.units.number is not None
        and chart.role(p.account) in MONEY_ROLES
    ]
    if any(n < 0 for n in signs):
        return PAYMENT
    if any(n > 0 for n in signs):
        return RECEIPT
    return TRANSFER


def in_month(entries: Iterable[data.Directive], month: str) -> list[data.Transaction]:
    """The month's transactions in date order, then in the order they stand in the files."""
    txns = [
        e
        for e in entries
        if isinstance(e, data.Transaction) and is_voucher(e) and month_key(e.date) == month
    ]
    return sorted(txns, key=order_key)


def order_key(txn: data.Transaction) -> tuple[object, ...]:
    return (txn.date, str(txn.meta.get("filename", "")), int(txn.meta.get("lineno") or 0))


def where(txn: data.Transaction, folder: Path | None = None) -> str:
    """file:line of a transaction, relative to the society folder when possible."""
    name = str(txn.meta.get("filename", ""))
    if folder is not None:
        with contextlib.suppress(ValueError):
            name = str(Path(name).relative_to(folder.resolve()))
    return f"{name}:{txn.meta.get('lineno', 0)}"
