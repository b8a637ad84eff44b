"""Shared reading of WeChat Pay and Alipay bill exports (not an importer itself).

Both apps export a CSV with a dozen lines of notes above the header and one row per payment.
For a society only money *received* is safe to book without a person deciding: it is a donation
into the online-collection account (``wallet``), the donor being the 交易对方 shown (often
masked by the app, e.g. ``张**``) or ``匿名``. Everything else is sorted out, never guessed:

* a payment that did not complete (refunded, closed, expired) is *skipped* and listed;
* a withdrawal to the bank (提现) is *skipped*: the bank statement books it, where 对方户名 is
  财付通 or 支付宝, so it is not counted twice;
* money paid out, refunds received, and states the importer does not know are *unknown*.

``identify``: a ``.csv`` whose first 8 KB hold the app's marker (``微信支付账单明细``,
``支付宝``) and a header with the subclass's required columns.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from beancount.core import data

from jjn_ledger.write import render as writer

from .common import (
    Extraction,
    ImportFileError,
    ImportIds,
    JjnImporter,
    RowProblem,
    columns_of,
    csv_rows,
    find_rows,
    match_header,
    parse_amount,
    parse_date,
    peek_text,
)

ANONYMOUS = "匿名"


class PayBillImporter(JjnImporter):
    """Base of the WeChat and Alipay bill importers: subclasses declare columns and words."""

    account_key = "wallet"
    channel = ""
    marker = ""
    what = "账单"
    success_states: tuple[str, ...] = ()
    failed_words: tuple[str, ...] = ("退款", "退还", "关闭", "失败", "过期", "撤销", "未收")
    income_values: tuple[str, ...] = ("收入",)
    withdraw_words: tuple[str, ...] = ("提现",)
    refund_words: tuple[str, ...] = ("退款",)

    def identify(self, filepath: str) -> bool:
        path = Path(filepath)
        if path.suffix.lower() not in (".csv", ".txt"):
            return False
        head = peek_text(path, 8192)
        if self.marker not in head:
            return False
        cols = columns_of(type(self))
        return any(match_header(r, cols) for r in csv.reader(io.StringIO(head)))

    def parse(self, filepath: str, existing: Sequence[data.Directive] = ()) -> Extraction:
        out = Extraction()
        ids = ImportIds(self.kind)
        wallet = self.account(filepath)
        donation = self.chart.account("donation")
        rows = list(csv_rows(Path(filepath)))
        for row in find_rows(filepath, rows, columns_of(type(self)), self.what):
            if row.text("time").startswith("-"):
                continue  # the apps' closing ruler line
            date = row.parse("time", parse_date, "交易时间")
            amount = row.parse("amount", parse_amount, "金额")
            if date is None or amount is None:
                raise ImportFileError(filepath, "缺少交易时间或金额", row.lineno)
            status, direction = row.text("status"), row.text("direction")
            kind = f"{row.text('type')} {row.text('goods')}"
            who = row.text("counterparty")
            money = f"{amount} 元"

            def note(message: str, target: list[RowProblem], lineno: int = row.lineno) -> None:
                target.append(RowProblem(filepath, lineno, message))

            if any(w in kind for w in self.withdraw_words):
                note(f"提现 {money}：由银行流水导入时记账（对方户名为财付通/支付宝）", out.skipped)
                continue
            if status not in self.success_states:
                if any(w in status for w in self.failed_words):
                    note(f"交易未成功（{status}），{money} 不入账", out.skipped)
                else:
                    note(f"交易状态“{status}”无法判断是否成功（{money}），请核对", out.unknown)
                continue
            if direction not in self.income_values:
                note(
                    f"{direction or '非收入'} {money}（{kind.strip()}，{who or '无交易对方'}）"
                    "无法自动归类：如是救助发放请用 jjn record aid 录入",
                    out.unknown,
                )
                continue
            if any(w in kind for w in self.refund_words):
                note(f"退款入账 {money}（{kind.strip()}）请核对原交易后手工记账", out.unknown)
                continue
            donor = who if who and who != "/" else ANONYMOUS
            goods = row.text("goods")
            narration = f"社会捐赠（{goods}）" if goods and goods != "/" else "社会捐赠"
            txid = row.text("txid")
            import_id = (
                ids.make(txid, amount) if txid and txid != "/" else ids.make(date, amount, who)
            )
            txn = writer.transaction(date, donor, narration, [(wallet, amount), (donation, None)])
            meta = row.meta(import_id=import_id, donor=donor, channel=self.channel)
            out.entries.append(txn._replace(meta=meta))
        out.entries.sort(key=lambda e: e.date)
        return out
