"""Bookkeeping: ``jjn voucher …`` (记账凭证编号), ``jjn close`` / ``jjn reopen`` (结账) and
``jjn reconcile`` (银行存款余额调节表).

Bookkeeping as treasurers and auditors know it from paper and from 用友/金蝶: numbered vouchers,
closed months and a monthly bank reconciliation. The work is in ``record.vouchers``,
``record.closing`` and ``reports.bank_matching`` (+ ``reports.reconciliation_text``), imported
inside each command so that ``jjn --help`` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from jjn_ledger.cli.arguments import Month
from jjn_ledger.cli.arguments import Society as Folder

voucher_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None)


@voucher_app.command("number")
def number(folder: Folder, month: Month) -> None:
    """为该月尚未编号的交易编凭证号（收、付、转字分别按日期顺序连续编号；已结账月份不能改动）。"""
    from jjn_ledger.record import vouchers

    given = vouchers.number_month(folder, month)
    if not given:
        typer.echo(f"{month} 没有需要编号的交易（已全部编号或本月无交易）。")
        return
    for txn, no in given:
        who = f"{txn.payee}：" if txn.payee else ""
        typer.echo(f"  {no}  {txn.date}  {who}{txn.narration}")
    typer.echo(f"已为 {len(given)} 笔交易编凭证号。")


@voucher_app.command("list")
def list_vouchers(folder: Folder, month: Month) -> None:
    """列出该月的记账凭证：凭证号、日期、摘要；未编号的交易标为“未编号”。"""
    from jjn_ledger.ledger import voucher_numbers as vouchers
    from jjn_ledger.ledger.formats import normal_month
    from jjn_ledger.ledger.society import open_society

    month = normal_month(month)
    society = open_society(folder)
    txns = vouchers.in_month(society.loaded.entries, month)
    missing = 0
    for txn in txns:
        value = txn.meta.get(vouchers.KEY)
        missing += value is None
        who = f"{txn.payee}：" if txn.payee else ""
        typer.echo(f"  {value or '（未编号）':<16} {txn.date}  {who}{txn.narration}")
    typer.echo(f"{month} 共 {len(txns)} 笔交易，未编号 {missing} 笔。")


def register(root: typer.Typer) -> None:
    """Add ``close``, ``reopen`` (结账, 重新开账) and ``reconcile`` (余额调节表) to the root app."""

    @root.command()
    def close(
        folder: Folder,
        month: Annotated[str, typer.Argument(help="结账月份 YYYY-MM，例如 2025-03")],
    ) -> None:
        """月末结账：封存该月账目，之后改动会被账本检查发现（R17）。"""
        from jjn_ledger.ledger.disclosures import verification_code
        from jjn_ledger.record import closing as sealing

        seal = sealing.close(folder, month)
        code = verification_code(str(seal.meta["digest"]))
        typer.echo(f"已结账：{seal.values[0].value}（核验码 {code}）")

    @root.command()
    def reopen(
        folder: Folder,
        month: Annotated[str, typer.Argument(help="重新开账的月份 YYYY-MM")],
        reason: Annotated[str, typer.Option(help="原因，例如 更正 3 月 14 日救助金额录入错误")],
    ) -> None:
        """重新开账：解除某月的结账封存，原因记入账本。改完后请再次结账。"""
        from jjn_ledger.record import closing as sealing

        sealing.reopen(folder, month, reason)
        typer.echo(f"已重新开账：{month}。改完后请再次执行 jjn close。")

    @root.command("reconcile")
    def reconcile(
        folder: Folder,
        statement: Annotated[
            Path, typer.Argument(help="银行对账单（农商银行导出的交易明细 CSV 或 XLSX）")
        ],
        month: Month,
        output: Annotated[
            Path | None,
            typer.Option("--output", "-o", help="输出文件（.xlsx），默认写到当前文件夹"),
        ] = None,
    ) -> None:
        """银行存款余额调节表：核对银行对账单与银行存款日记账，列出未达账项。

        不平、或只因疑似录入错误而相等时，退出码为 1。
        """
        from jjn_ledger.reports import bank_matching as rec
        from jjn_ledger.reports import reconciliation, reconciliation_text, xlsx

        result = rec.reconcile_files(folder, statement, month)
        typer.echo(reconciliation_text.as_text(result))
        default = f"{result.short_name}-银行存款余额调节表-{result.month}.xlsx"
        path = xlsx.save(reconciliation.build(result), output or Path.cwd() / default)
        typer.echo(f"已生成：{path}")
        if not result.settled:  # unbalanced, or balanced only through a probable keying error
            raise typer.Exit(1)
