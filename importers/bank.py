"""Bank statement exports of a rural commercial bank (农商银行), CSV or XLSX.

What a statement can tell safely, and what it cannot:

=================================  ==============================================================
row                                booked as
=================================  ==============================================================
摘要 has 利息/结息, money in        interest income (``interest``)
摘要 has 手续费/管理费…, money out   bank fee (``bank_fee``)
摘要 has 取现/现金支取…, money out   petty-cash draw: bank → ``cash``
摘要 has 现金存入/存现, money in     petty cash returned: ``cash`` → bank
对方户名 is 财付通/支付宝, money in  wallet withdrawal: ``wallet`` → bank
对方户名 is the village collective  collective support, donor = 对方户名, channel 银行转账
other money in, with 对方户名       a donation, donor = 对方户名, channel 银行转账
对方户名 has 财政, money in         **unknown**: a county subsidy needs its document and fund
                                   line (R3); the statement has neither
摘要 has 退汇/冲正/退款, money in    **unknown**: a reversal belongs to the entry it reverses
money in without 对方户名           **unknown**: no donor to name
other money out                    **unknown**: a transfer to a person may be aid, which needs
                                   recipient, cause and matter (R5)
=================================  ==============================================================

Money out is checked for fees, then cash draws; money in for a reversal first, then interest,
cash returned, 财政, the wallets, a missing 对方户名 and the collective. The word lists are class
attributes, so a county whose bank words 摘要 differently subclasses in its ``import.py``.
Total lines (合计, 本页小计) are ignored. ``identify``: a ``.csv``/``.txt``/``.xlsx`` with a
header, within its first 40 rows, naming 交易日期 (or 记账日期), 收入 (or 贷方发生额),
支出 (or 借方发生额) and 余额.

Unknown rows are reported with file and line, never guessed. When every row is booked, the last
running balance becomes a ``balance`` assertion the day after the last row (as beangulp's
``csvbase`` does), so the books are proven to agree with the bank.

A statement::

    XX农村商业银行账户交易明细
    户名：示例县仁和镇桃园村“救急难”互助社
    交易日期,摘要,收入,支出,余额,对方户名,流水号
    2026-12-03,转账存入,500.00,,30500.00,刘德华,NS20261203001

becomes::

    2026-12-03 * "刘德华" "社会捐赠（转账存入）"
      import-id: "bank-…"
      donor: "刘德华"
      channel: "银行转账"
      Assets:1002-银行存款:01-基本户   500.00 CNY
      Income:4101-捐赠收入:02-社会捐赠
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from beancount.core import data

from jjn_ledger.write import render as writer

from .common import (
    Extraction,
    ImportFileError,
    ImportIds,
    JjnImporter,
    Row,
    RowProblem,
    column,
    columns_of,
    find_rows,
    is_xlsx,
    match_header,
    parse_amount,
    parse_date,
    peek_text,
    table_rows,
)

BANK_PAYEE = "开户银行"  # as jjn record interest / bank-fee write it
_TOTAL_WORDS = ("合计", "小计", "总计", "累计", "共计")


@dataclass(frozen=True)
class _Booking:
    payee: str | None
    narration: str
    postings: list[tuple[str, Decimal | None]]
    meta: dict[str, str]


class BankImporter(JjnImporter):
    """农商银行账户交易明细（CSV 或 XLSX）。"""

    kind = "bank"
    account_key = "bank"

    date_ = column("交易日期", "记账日期", "交易时间", "日期")
    summary = column("摘要", "交易摘要", "摘要说明", required=False)
    income = column("收入", "收入金额", "贷方发生额", "贷方金额", "存入金额")
    expense = column("支出", "支出金额", "借方发生额", "借方金额", "支取金额")
    balance = column("余额", "账户余额", "当前余额")
    counterparty = column("对方户名", "对方账户名称", "对方名称", "对方账户名", required=False)
    txid = column("流水号", "交易流水号", "流水号码", "交易序号", required=False)
    remark = column("附言", "备注", "用途", required=False)

    interest_words: tuple[str, ...] = ("利息", "结息")
    fee_words: tuple[str, ...] = ("手续费", "管理费", "服务费", "短信费", "工本费", "年费")
    cash_draw_words: tuple[str, ...] = ("取现", "现金支取", "支取现金", "ATM取款")
    cash_return_words: tuple[str, ...] = ("现金存入", "存现", "缴存现金")
    reversal_words: tuple[str, ...] = ("退汇", "冲正", "退款", "退回")
    finance_words: tuple[str, ...] = ("财政",)
    wallet_words: tuple[str, ...] = ("财付通", "支付宝")
    collective_words: tuple[str, ...] = ("村民委员会", "村委会", "经济合作社", "股份经济合作")

    def identify(self, filepath: str) -> bool:
        path = Path(filepath)
        rows: list[Sequence[object]]
        try:
            if is_xlsx(path):
                rows = [cells for _, cells in table_rows(path)[:40]]
            elif path.suffix.lower() in (".csv", ".txt"):
                rows = list(csv.reader(io.StringIO(peek_text(path))))
            else:
                return False
        except ImportFileError:
            return False
        return any(match_header(cells, columns_of(type(self))) for cells in rows)

    def parse(self, filepath: str, existing: Sequence[data.Directive] = ()) -> Extraction:
        out = Extraction()
        ids = ImportIds(self.kind)
        bank = self.account(filepath)
        balances: list[tuple[datetime.date, Decimal, Row]] = []
        dates: list[datetime.date] = []
        path = Path(filepath)
        rows = table_rows(path)
        cols = columns_of(type(self))
        for row in find_rows(filepath, rows, cols, "银行流水", complete=not is_xlsx(path)):
            if any(w in row.text("date_") for w in _TOTAL_WORDS):
                continue
            date = row.parse("date_", parse_date, "交易日期")
            income = row.parse("income", parse_amount, "收入") or Decimal(0)
            expense = row.parse("expense", parse_amount, "支出") or Decimal(0)
            balance = row.parse("balance", parse_amount, "余额")
            if date is None:
                raise ImportFileError(filepath, "没有交易日期", row.lineno)
            if (income == 0) == (expense == 0) or income < 0 or expense < 0:
                raise ImportFileError(
                    filepath, "每行应在“收入”或“支出”其中一列有正数金额", row.lineno
                )
            dates.append(date)
            if balance is not None:
                balances.append((date, balance, row))
            amount = income or -expense
            counterparty = row.text("counterparty")
            if txid := row.text("txid"):
                import_id = ids.make(txid, amount)
            else:
                import_id = ids.make(date, amount, counterparty, balance)
            booking = self._classify(row, amount, counterparty, bank)
            if isinstance(booking, str):
                out.unknown.append(RowProblem(filepath, row.lineno, booking))
                continue
            meta = row.meta(import_id=import_id, **booking.meta)
            txn = writer.transaction(date, booking.payee, booking.narration, booking.postings)
            out.entries.append(txn._replace(meta=meta))
        newest_first = len(dates) > 1 and dates[0] > dates[-1]
        if newest_first:
            out.entries.reverse()
            balances.reverse()
        if balances and out.entries and not out.unknown:
            day, amount, row = balances[-1]
            check = writer.balance(max(dates) + datetime.timedelta(days=1), bank, amount)
            meta = row.meta(import_id=ids.make("balance", day, amount))
            out.entries.append(check._replace(meta=meta))
        return out

    def _classify(  # noqa: PLR0911 — one return per kind of row, as in the module's table
        self, row: Row, amount: Decimal, counterparty: str, bank: str
    ) -> _Booking | str:
        """How to book one row, or why it cannot be booked without a person deciding."""
        acc = self.chart.account
        summary = " ".join(t for t in (row.text("summary"), row.text("remark")) if t)

        def has(words: tuple[str, ...], where: str = summary) -> bool:
            return any(w in where for w in words)

        def booking(label: str, other: str, payee: str | None = None, **meta: str) -> _Booking:
            narration = f"{label}（{summary}）" if summary and summary not in label else label
            # The debit leg first, as treasurers read a voucher (借 then 贷).
            legs = (
                [(bank, amount), (other, None)] if amount > 0 else [(other, -amount), (bank, None)]
            )
            return _Booking(payee, narration, legs, meta)

        money = f"{abs(amount)} 元"
        if amount < 0:
            if has(self.fee_words):
                return booking("银行手续费", acc("bank_fee"), counterparty or BANK_PAYEE)
            if has(self.cash_draw_words):
                return booking("从银行提取备用金", acc("cash"))
            who = f"向“{counterparty}”" if counterparty else ""
            return (
                f"{who}支出 {money}（{summary or '无摘要'}）无法自动归类：如是救助发放，"
                "须写明救助对象、致困原因和救助事项，请用 jjn record aid 录入"
            )
        if has(self.reversal_words):
            return f"退回款项 {money}（{summary}）请核对原交易后手工记账"
        if has(self.interest_words):
            return booking("活期存款利息", acc("interest"), counterparty or BANK_PAYEE)
        if has(self.cash_return_words):
            return booking("备用金存回银行", acc("cash"))
        if has(self.finance_words, counterparty):
            return (
                f"来自“{counterparty}”的 {money} 可能是县级财政补助：补助须写明文号和预算科目"
                "（R3），银行流水中没有，请用 jjn record subsidy 录入"
            )
        if has(self.wallet_words, counterparty):
            return booking("网络收款提现到银行", acc("wallet"), counterparty)
        if not counterparty:
            return f"收入 {money}（{summary or '无摘要'}）没有对方户名，无法确定捐赠人"
        if has(self.collective_words, counterparty):
            return booking(
                "村集体经济支持",
                acc("collective"),
                counterparty,
                donor=counterparty,
                channel="银行转账",
            )
        return booking(
            "社会捐赠", acc("donation"), counterparty, donor=counterparty, channel="银行转账"
        )
