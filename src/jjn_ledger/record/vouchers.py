"""Voucher numbers (凭证号): every transaction is a 记账凭证 with a word and a number per month.

Treasurers' software (用友, 金蝶, 好会计) and the paper books they replace number vouchers by
*word* and *month*: 收 (money comes into cash, the bank or the online wallet), 付 (money goes
out of them), 转 (neither: a gift in kind, a year-end closing entry), each word counted from
001 every month, without gaps, in date order (会计基础工作规范: 记账凭证应当连续编号). A move
between cash and the bank touches money on both sides; the usual rule is to make only a 付
voucher for it (现金、银行存款之间相互划转只编付款凭证), so that it is not booked twice: any
money account paying out makes a 付 voucher.

The number is stored once, as transaction metadata, word, month and number in one value::

    2025-03-14 * "潘淑" "补充救助：子女上学困难"
      voucher: "付-2025-03-002"
      recipient: "P005"
      …

so ``grep 付-2025-03`` finds a month's payments and Fava shows the number with the entry.

``jjn voucher number FOLDER 2025-03`` numbers the month's transactions that have no number yet,
continuing after the highest number of each word; numbers already given never move (a voucher
printed and filed keeps its number). It inserts the one metadata line directly under each
transaction's header line, so the treasurer's formatting, comments and order stay as they were,
and writes through ``safewrite.commit_text`` (lock, re-check with every rule, atomic replace).
A sealed month (``jjn close``, ``sealing.py``) is refused: its numbers are part of the seal.
Rule R17 (``rules/r17_vouchers.py``) checks numbered, sealed months.

Beancount's padding transactions (flag ``P``, made by ``pad`` at load time) are not in any file
and are not vouchers.
"""

from __future__ import annotations

import contextlib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from beancount.core import data

from jjn_ledger.errors import JjnError, NotALedger
from jjn_ledger.ledger import layout
from jjn_ledger.ledger.chart import Chart
from jjn_ledger.ledger.formats import month_key

KEY = "voucher"
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


# --- numbering -------------------------------------------------------------------------------


class SealedMonth(JjnError):
    """Numbers of a closed month are part of its seal and stay as they are."""

    def __init__(self, month: str) -> None:
        super().__init__(
            f"{month} 已结账，凭证号不能改动；如确需补编，先用“jjn reopen {month} --reason …”"
            "重新开账，编号后再结账（账本未改动）"
        )


def plan(
    entries: Sequence[data.Directive], chart: Chart, month: str
) -> list[tuple[data.Transaction, VoucherNo]]:
    """The numbers to give the month's unnumbered transactions (the books are not touched).

    Each word continues after its highest number in the month. A value under ``voucher:`` that
    is not a number of this month is refused: guessing what the treasurer meant could
    duplicate or skip a number on paper already filed.
    """
    from jjn_ledger.record.closing import active_seals

    if month in active_seals(entries):
        raise SealedMonth(month)
    txns = in_month(entries, month)
    highest: dict[str, int] = defaultdict(int)
    bad = []
    for txn in txns:
        if KEY not in txn.meta:
            continue
        number = parse(txn.meta[KEY])
        if number is None or number.month != month:
            bad.append(f"  {where(txn)}  {KEY}: {txn.meta[KEY]!r}")
            continue
        highest[number.word] = max(highest[number.word], number.number)
    if bad:
        lines = "\n".join(bad)
        raise JjnError(
            f"以下凭证号格式不对或不属于 {month}（应如“收-{month}-001”），请先改正"
            f"（账本未改动）：\n{lines}"
        )
    out = []
    for txn in txns:
        if KEY in txn.meta:
            continue
        word = word_for(txn, chart)
        highest[word] += 1
        out.append((txn, VoucherNo(month, word, highest[word])))
    return out


def inserted(text: str, lines: dict[int, str]) -> str:
    """``text`` with ``lines[n]`` inserted after its line n (1-based): the original stays as is."""
    rows = text.splitlines(keepends=True)
    newline = "\r\n" if rows and rows[0].endswith("\r\n") else "\n"
    for lineno in sorted(lines, reverse=True):
        if not 1 <= lineno <= len(rows):
            raise JjnError(f"账本文件第 {lineno} 行不存在，无法写入凭证号（账本未改动）")
        if not rows[lineno - 1].endswith(("\n", "\r")):
            rows[lineno - 1] += newline
        rows.insert(lineno, lines[lineno] + newline)
    return "".join(rows)


def _edits(
    folder: Path, assignments: Sequence[tuple[data.Transaction, VoucherNo]]
) -> dict[Path, str]:
    """New text of each file that holds a transaction to number."""
    by_file: dict[Path, dict[int, str]] = defaultdict(dict)
    for txn, number in assignments:
        path = Path(str(txn.meta.get("filename", "")))
        lineno = int(txn.meta.get("lineno") or 0)
        if not path.is_file() or lineno < 1:
            raise JjnError(f"找不到交易所在的账本文件：{where(txn, folder)}（账本未改动）")
        by_file[path][lineno] = f'  {KEY}: "{number}"'
    out = {}
    for path, lines in by_file.items():
        text = path.read_text("utf-8")
        rows = text.splitlines()
        for lineno in lines:
            header = rows[lineno - 1] if lineno <= len(rows) else ""
            if not re.match(r"^\d{4}-\d{2}-\d{2}\s", header):
                raise JjnError(
                    f"{path.name}:{lineno} 不是交易的第一行，无法写入凭证号；"
                    "账本文件可能在读取后被改动，请重试（账本未改动）"
                )
        out[path] = inserted(text, lines)
    return out


def number_month(folder: Path, month: str) -> list[tuple[data.Transaction, VoucherNo]]:
    """Give the month's unnumbered transactions their voucher numbers, through safewrite."""
    from jjn_ledger.ledger.load import load
    from jjn_ledger.ledger.profile import read_book
    from jjn_ledger.record.closing import parse_month
    from jjn_ledger.rules.check import _plugin_config
    from jjn_ledger.rules.plugin import policy_or_error
    from jjn_ledger.write.safe import commit_text

    year, mon = parse_month(month)
    month = f"{year:04d}-{mon:02d}"
    if not (folder / layout.MAIN).is_file():
        raise NotALedger(str(folder))
    loaded = load(folder)
    policy, _ = policy_or_error(_plugin_config(loaded), loaded.options)
    chart = read_book(loaded.entries, policy).chart
    assignments = plan(loaded.entries, chart, month)
    if assignments:
        commit_text(folder, _edits(folder, assignments))
    return assignments


# --- what a voucher carries ------------------------------------------------------------------


def attachments(txn: data.Transaction, folder: Path) -> int:
    """附单据张数: the ``attachments:`` metadata if given, else files in documents/<voucher>/.

    A recipient's folder (documents/<person>/, 一人一档) is not counted: it holds papers of
    every payment to that person, not of this one voucher.
    """
    given = txn.meta.get(ATTACHMENTS)
    if given is not None:
        try:
            return max(int(given), 0)
        except (TypeError, ValueError):
            return 0
    value = txn.meta.get(KEY)
    if not isinstance(value, str) or parse(value) is None:
        return 0
    place = folder / DOCUMENTS / value
    if not place.is_dir():
        return 0
    return sum(1 for p in place.iterdir() if p.is_file() and not p.name.startswith("."))
