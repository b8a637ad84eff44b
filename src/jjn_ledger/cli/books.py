"""``jjn voucher …`` (记账凭证编号) and the root ``jjn reconcile`` (银行存款余额调节表).

Bookkeeping as treasurers and auditors know it from paper and from 用友/金蝶: numbered vouchers
and a monthly bank reconciliation. The work is in ``vouchers`` and ``reconcile``, imported
inside each command so that ``jjn --help`` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

voucher_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None)

Folder = Annotated[Path, typer.Argument(help="互助社账本文件夹（含 main.beancount）")]
Month = Annotated[str, typer.Argument(help="月份 YYYY-MM，例如 2025-03")]


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
    from jjn_ledger.record import vouchers
    from jjn_ledger.record.closing import parse_month
    from jjn_ledger.reports.common import open_society

    year, mon = parse_month(month)
    month = f"{year:04d}-{mon:02d}"
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
    """Add ``reconcile`` (银行存款余额调节表) to the root app."""

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
        """银行存款余额调节表：核对银行对账单与银行存款日记账，列出未达账项；不平时退出码为 1。"""
        from jjn_ledger.reports import bank_matching as rec
        from jjn_ledger.reports import reconciliation, xlsx

        result = rec.reconcile_files(folder, statement, month)
        typer.echo(rec.as_text(result))
        default = f"{result.short_name}-银行存款余额调节表-{result.month}.xlsx"
        path = xlsx.save(reconciliation.build(result), output or Path.cwd() / default)
        typer.echo(f"已生成：{path}")
        if not result.balanced:
            raise typer.Exit(1)
