"""Shared reading of WeChat Pay and Alipay bill exports (not an importer itself).

Both apps export a CSV (WeChat also an XLSX) with a dozen lines of notes above the header and
one row per payment; the columns are in the layout profiles ``wechat.toml`` and ``alipay.toml``
(``jjn_ledger/data/layouts/``), found by name, in any order, up to the ruler or footer.
For a society only money *received* is safe to book without a person deciding: it is a donation
into the online-collection account (``wallet``), the donor being the 交易对方 shown (often
masked by the app, e.g. ``张**``) or ``匿名``. Everything else is sorted out, never guessed:

* a payment that did not complete (closed, expired, failed) is *skipped* and listed;
* a withdrawal to the bank (提现) is *skipped*: the bank statement books it, where 对方户名 is
  财付通 or 支付宝, so it is not counted twice;
* a refund or reversal (退款, in any column) is *unknown*: it belongs to the payment it
  returns, which a person must find;
* 余额宝, 理财通, 零钱通, fund income (收益发放) and purchases are *unknown*, never donations:
  they are the society's own money moving or earning;
* money paid out, and states the importer does not know, are *unknown*.

``identify``: a CSV or XLSX whose first 40 rows hold the app's marker (``微信支付账单明细``,
``支付宝``) above a header of its layout.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from beancount.core import data

from jjn_ledger.write import render as writer

from .cells import parse_amount, parse_date
from .common import Extraction, ImportFileError, JjnImporter, RowProblem
from .identity import ImportIds
from .layout_help import unknown_layout
from .layouts import Layout, find, load_layouts
from .rows import Row, layout_rows
from .tables import peek_rows, table_rows

ANONYMOUS = "匿名"


class PayBillImporter(JjnImporter):
    """Base of the WeChat and Alipay bill importers: subclasses declare their words."""

    account_key = "wallet"
    channel = ""
    success_states: tuple[str, ...] = ()
    failed_words: tuple[str, ...] = ("关闭", "失败", "过期", "撤销", "未收", "已退还")
    income_values: tuple[str, ...] = ("收入",)
    withdraw_words: tuple[str, ...] = ("提现",)
    refund_words: tuple[str, ...] = ("退款", "冲正")
    fund_words: tuple[str, ...] = (
        "余额宝",
        "理财",
        "基金",
        "收益发放",
        "零钱通",
        "买入",
        "卖出",
        "赎回",
        "转存",
    )

    def layouts(self) -> list[Layout]:
        return load_layouts([self.kind], self.layout_dirs)

    def identify(self, filepath: str) -> bool:
        rows = peek_rows(Path(filepath))
        return bool(rows) and find(self.layouts(), rows) is not None

    def collect(self, filepath: str, existing: Sequence[data.Directive] = ()) -> Extraction:
        rows = table_rows(Path(filepath))
        layouts = self.layouts()
        found = find(layouts, rows)
        if found is None:
            raise unknown_layout(filepath, rows, self.kind, len(layouts))
        out = Extraction(layout=found.layout.name)
        ids = ImportIds(self.kind)
        for row in layout_rows(filepath, rows, found, complete=False):
            problem = self._book(row, ids, out)
            if problem is not None:
                target, message = problem
                target.append(RowProblem(filepath, row.lineno, message))
        out.entries.sort(key=lambda e: e.date)
        return out

    def _book(  # noqa: PLR0911 — one return per kind of row, as in the module docstring
        self, row: Row, ids: ImportIds, out: Extraction
    ) -> tuple[list[RowProblem], str] | None:
        """Book one row into ``out``, or say in which list it goes and why."""
        date = row.parse("time", parse_date, "交易时间")
        amount = row.parse("amount", parse_amount, "金额")
        if date is None or amount is None:
            raise ImportFileError(row.filename, "缺少交易时间或金额", row.lineno)
        out.last_day = max(date, out.last_day or date)
        status, direction = row.text("status"), row.text("direction")
        kind = " ".join(t for t in (row.text("type"), row.text("goods")) if t and t != "/")
        who = row.text("counterparty")
        every = f"{kind} {status} {who}"
        money = f"{amount} 元"
        if any(w in kind for w in self.withdraw_words):
            return out.skipped, f"提现 {money}：由银行流水导入时记账（对方户名为财付通/支付宝）"
        if any(w in every for w in self.refund_words):
            return out.unknown, f"退款 {money}（{kind}，{status}）：请核对原交易后手工记账"
        if any(w in kind for w in self.fund_words):
            return out.unknown, (
                f"理财或余额宝款项 {money}（{kind}，{who or '无交易对方'}）不是捐赠："
                "本社资金的收益请用 jjn record interest 记账，买入、转出请核对后手工记账"
            )
        if status not in self.success_states:
            if any(w in status for w in self.failed_words):
                return out.skipped, f"交易未成功（{status}），{money} 不入账"
            return out.unknown, f"交易状态“{status}”无法判断是否成功（{money}），请核对"
        if direction not in self.income_values:
            return out.unknown, (
                f"{direction if direction not in ('', '/') else '非收入'} {money}"
                f"（{kind or '无说明'}，{who or '无交易对方'}）"
                "无法自动归类：如是救助发放请用 jjn record aid 录入"
            )
        donor = who if who and who != "/" else ANONYMOUS
        goods = row.text("goods")
        narration = f"社会捐赠（{goods}）" if goods and goods != "/" else "社会捐赠"
        txid = row.text("txid")
        import_id = ids.make(txid, amount) if txid and txid != "/" else ids.make(date, amount, who)
        wallet, donation = self.account(row.filename), self.chart.account("donation")
        txn = writer.transaction(date, donor, narration, [(wallet, amount), (donation, None)])
        meta = row.meta(import_id=import_id, donor=donor, channel=self.channel)
        out.entries.append(txn._replace(meta=meta))
        return None
