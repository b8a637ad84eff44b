"""Bank statements (农商银行 and the big banks), CSV, XLSX, XLS or text PDF, by layout profile.

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
摘要/对方 has 理财/基金/余额宝…      **unknown**: a fund purchase, redemption or its income is
                                   the society's own money moving, never a donation
摘要 has 工资/代发/返现…, money in  **unknown**: does not read as a gift
对方户名 has 财政, money in         **unknown**: a county subsidy needs its document and fund
                                   line (R3); the statement has neither
摘要 has 退汇/冲正/退款, money in    **unknown**: a reversal belongs to the entry it reverses
money in without 对方户名           **unknown**: no donor to name
other money out                    **unknown**: a transfer to a person may be aid, which needs
                                   recipient, cause and matter (R5)
=================================  ==============================================================

Money out is checked for fees, then cash draws; money in for a reversal first, then interest,
funds, cash returned, words that are not gifts, 财政, the wallets, a missing 对方户名 and the
collective. The word lists are class attributes, so a county whose bank words 摘要 differently
subclasses in its ``import.py``. Which column is which is not here but in the layout profiles
(``jjn_ledger/data/layouts/bank-*.toml``, and a county's own ``layouts/``), read by
``importers.statement``. ``identify``: a CSV, XLSX, XLS or PDF whose first 40 rows hold the
header of a bank layout.

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

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from beancount.core import data

from jjn_ledger.write import render as writer

from .common import Extraction, JjnImporter, RowProblem
from .identity import ImportIds
from .layouts import find
from .statement import StatementRow, layouts_for, read_statement
from .tables import peek_rows

BANK_PAYEE = "开户银行"  # as jjn record interest / bank-fee write it


@dataclass(frozen=True)
class _Booking:
    payee: str | None
    narration: str
    postings: list[tuple[str, Decimal | None]]
    meta: dict[str, str]


class BankImporter(JjnImporter):
    """银行账户交易明细（CSV、XLSX、XLS 或 PDF）。"""

    kind = "bank"
    account_key = "bank"

    interest_words: tuple[str, ...] = ("利息", "结息")
    fee_words: tuple[str, ...] = ("手续费", "管理费", "服务费", "短信费", "工本费", "年费")
    cash_draw_words: tuple[str, ...] = ("取现", "现金支取", "支取现金", "ATM取款")
    cash_return_words: tuple[str, ...] = ("现金存入", "存现", "缴存现金")
    reversal_words: tuple[str, ...] = ("退汇", "冲正", "退款", "退回", "撤销")
    fund_words: tuple[str, ...] = ("理财", "基金", "余额宝", "赎回", "申购", "收益发放", "零钱通")
    not_gift_words: tuple[str, ...] = ("工资", "代发", "薪", "报销", "返现", "公积金", "社保")
    finance_words: tuple[str, ...] = ("财政",)
    wallet_words: tuple[str, ...] = ("财付通", "支付宝")
    collective_words: tuple[str, ...] = ("村民委员会", "村委会", "经济合作社", "股份经济合作")

    def identify(self, filepath: str) -> bool:
        rows = peek_rows(Path(filepath))
        return bool(rows) and find(layouts_for(self.layout_dirs), rows) is not None

    def collect(self, filepath: str, existing: Sequence[data.Directive] = ()) -> Extraction:
        statement = read_statement(Path(filepath), self.layout_dirs)
        out = Extraction(skipped=statement.skipped, notes=statement.notes)
        out.layout = statement.layout.name
        out.last_day = max((r.date for r in statement.rows), default=None)
        bank = self.account(filepath)
        for line in statement.rows:
            booking = self._classify(line, bank)
            if isinstance(booking, str):
                out.unknown.append(RowProblem(filepath, line.lineno, booking))
                continue
            meta = line.row.meta(import_id=line.import_id, **booking.meta)
            txn = writer.transaction(line.date, booking.payee, booking.narration, booking.postings)
            out.entries.append(txn._replace(meta=meta))
        out.entries.sort(key=lambda e: e.date)
        self._closing_balance(out, statement.rows, bank)
        return out

    def _closing_balance(self, out: Extraction, rows: list[StatementRow], bank: str) -> None:
        """The last running balance as a ``balance`` assertion, when every row was booked."""
        with_balance = [r for r in rows if r.balance is not None]
        if out.unknown or not out.entries or not with_balance:
            return
        last = with_balance[-1]
        if last.balance is None:  # for the type checker: the list holds rows with a balance
            return
        day = max(r.date for r in rows) + datetime.timedelta(days=1)
        check = writer.balance(day, bank, last.balance)
        import_id = ImportIds(self.kind).make("balance", last.date, last.balance)
        out.entries.append(check._replace(meta=last.row.meta(import_id=import_id)))

    def _classify(self, line: StatementRow, bank: str) -> _Booking | str:
        """How to book one row, or why it cannot be booked without a person deciding."""
        return self._money_out(line, bank) if line.amount < 0 else self._money_in(line, bank)

    def _money_out(self, line: StatementRow, bank: str) -> _Booking | str:
        """A fee or a petty-cash draw; any other payment may be aid, which a person books."""
        acc = self.chart.account
        counterparty, summary = line.counterparty, line.summary
        if _has(self.fee_words, summary):
            return _booking(line, bank, "银行手续费", acc("bank_fee"), counterparty or BANK_PAYEE)
        if _has(self.cash_draw_words, summary):
            return _booking(line, bank, "从银行提取备用金", acc("cash"))
        who = f"向“{counterparty}”" if counterparty else ""
        return (
            f"{who}支出 {_money(line)}（{summary or '无摘要'}）无法自动归类：如是救助发放，"
            "须写明救助对象、致困原因和救助事项，请用 jjn record aid 录入"
        )

    def _money_in(  # noqa: PLR0911 — one return per kind of row, as in the module's table
        self, line: StatementRow, bank: str
    ) -> _Booking | str:
        """Money in, checked in the order of the module's table; a gift only when nothing else."""
        acc = self.chart.account
        counterparty, summary, money = line.counterparty, line.summary, _money(line)
        if _has(self.reversal_words, summary):
            return f"退回款项 {money}（{summary}）请核对原交易后手工记账"
        if _has(self.interest_words, summary):
            return _booking(line, bank, "活期存款利息", acc("interest"), counterparty or BANK_PAYEE)
        if _has(self.fund_words, summary):
            return (
                f"理财或基金款项 {money}（{summary}，{counterparty or '无对方户名'}）不是捐赠："
                "本社资金的收益请用 jjn record interest 记账，赎回请核对后手工记账"
            )
        if _has(self.cash_return_words, summary):
            return _booking(line, bank, "备用金存回银行", acc("cash"))
        if _has(self.not_gift_words, summary):
            return (
                f"收入 {money}（{summary}，{counterparty or '无对方户名'}）看起来不是捐赠，"
                "请核对后手工记账"
            )
        if _has(self.finance_words, counterparty):
            return (
                f"来自“{counterparty}”的 {money} 可能是县级财政补助：补助须写明文号和预算科目"
                "（R3），银行流水中没有，请用 jjn record subsidy 录入"
            )
        if _has(self.wallet_words, counterparty):
            return _booking(line, bank, "网络收款提现到银行", acc("wallet"), counterparty)
        if not counterparty:
            return f"收入 {money}（{summary or '无摘要'}）没有对方户名，无法确定捐赠人"
        label, other = (
            ("村集体经济支持", acc("collective"))
            if _has(self.collective_words, counterparty)
            else ("社会捐赠", acc("donation"))
        )
        return _booking(
            line, bank, label, other, counterparty, donor=counterparty, channel="银行转账"
        )


def _has(words: tuple[str, ...], where: str) -> bool:
    return any(w in where for w in words)


def _money(line: StatementRow) -> str:
    return f"{abs(line.amount)} 元"


def _booking(
    line: StatementRow, bank: str, label: str, other: str, payee: str | None = None, **meta: str
) -> _Booking:
    """The row booked between the bank account and ``other``, named by its 摘要."""
    amount, summary = line.amount, line.summary
    narration = f"{label}（{summary}）" if summary and summary not in label else label
    # The debit leg first, as treasurers read a voucher (借 then 贷).
    legs = [(bank, amount), (other, None)] if amount > 0 else [(other, -amount), (bank, None)]
    return _Booking(payee, narration, legs, meta)
