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

import re
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from beancount.core import data

from jjn_ledger.errors import JjnError, NotALedger
from jjn_ledger.ledger import layout
from jjn_ledger.ledger.chart import Chart
from jjn_ledger.ledger.voucher_numbers import (
    ATTACHMENTS,
    DOCUMENTS,
    KEY,
    VoucherNo,
    in_month,
    parse,
    where,
    word_for,
)

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
    from jjn_ledger.ledger.seals import active_seals

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
    from jjn_ledger.ledger import journal
    from jjn_ledger.ledger.formats import parse_month
    from jjn_ledger.ledger.load import load
    from jjn_ledger.ledger.society import book_of
    from jjn_ledger.write.safe import commit_text

    year, mon = parse_month(month)
    month = f"{year:04d}-{mon:02d}"
    if not (folder / layout.MAIN).is_file():
        raise NotALedger(str(folder))
    journal.settle(folder)  # the texts edited below must not be half of a killed write
    loaded = load(folder)
    chart = book_of(loaded.entries, loaded.options).chart
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
