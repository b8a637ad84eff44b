"""``jjn record …``: the treasurer's day-to-day entries, one sub-command per kind.

Every command validates what was typed (``recording``/``aidcase`` models), builds the entries and
writes them through ``safewrite``: the books are loaded with the rules as they would be after
the write, and a write that would break a rule is refused with the rule's own message. Heavy
imports stay inside the commands so that ``jjn --help`` is fast.

This module is the group (``app``), the one way a typed entry is written (``write_entries``) and
the money commands; the aid-case commands (``record_aid``) and the notices, filings and member
assemblies (``record_published``) add themselves to the same group.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from jjn_ledger.cli.arguments import Society as Folder
from jjn_ledger.cli.usage import say_pending

if TYPE_CHECKING:
    from beancount.core.data import Directive
    from pydantic import BaseModel

    from jjn_ledger.ledger.profile import Book

app = typer.Typer(no_args_is_help=True, rich_markup_mode=None)

Amount = Annotated[str, typer.Argument(help="金额（元），例如 800 或 800.50")]
Day = Annotated[str | None, typer.Option("--date", help="日期 YYYY-MM-DD，默认今天")]
Note = Annotated[str | None, typer.Option("--note", help="摘要（可选）")]


def write_entries(
    folder: Path,
    build: Callable[[Book, Any], list[Directive]],
    model: type[BaseModel],
    values: dict[str, Any],
) -> None:
    """Validate, build with the society's profile, write safely, and say what was written."""
    from jjn_ledger.ledger.society import read_profile
    from jjn_ledger.record import money as recording

    book = read_profile(folder)
    if "date" in model.model_fields and values.get("date") is None:
        values["date"] = recording.today()
    inp = recording.validate(model, values)
    entries = build(book, inp)
    result = recording.record(folder, entries)
    for path in result.files:
        typer.echo(f"已记账：{short_path(folder, path)}（{result.entries} 条）")
    say_pending(result)


def short_path(folder: Path, path: Path) -> str:
    try:
        return str(path.relative_to(folder.resolve()))
    except ValueError:
        return str(path)


@app.command()
def subsidy(
    folder: Folder,
    amount: Amount,
    document: Annotated[str, typer.Option(help="拨款文号，例如 示财社〔2024〕9号")],
    fund_line: Annotated[
        str,
        typer.Option(help="预算科目，例如 2080299 其他民政管理事务支出（不得为低保、特困资金）"),
    ],
    payer: Annotated[str | None, typer.Option(help="付款单位，默认 某某县财政局")] = None,
    date: Day = None,
) -> None:
    """记录县级财政补助（存入银行基本户）。"""
    from jjn_ledger.record import money as recording

    write_entries(
        folder,
        recording.subsidy,
        recording.SubsidyIn,
        {
            "amount": amount,
            "document": document,
            "fund_line": fund_line,
            "payer": payer,
            "date": date,
        },
    )


@app.command()
def collective(
    folder: Folder,
    amount: Amount,
    payer: Annotated[str | None, typer.Option(help="付款单位，默认 某某村股份经济合作社")] = None,
    channel: Annotated[str, typer.Option(help="渠道：银行转账 或 现金")] = "银行转账",
    date: Day = None,
) -> None:
    """记录村级集体经济支持资金。"""
    from jjn_ledger.record import money as recording

    write_entries(
        folder,
        recording.collective,
        recording.CollectiveIn,
        {"amount": amount, "payer": payer, "channel": channel, "date": date},
    )


@app.command()
def donation(
    folder: Folder,
    amount: Amount,
    donor: Annotated[str, typer.Option(help="捐赠人姓名或单位；不愿具名的写 匿名")],
    channel: Annotated[str, typer.Option(help="渠道：现金、银行转账、微信、支付宝、公开募捐")],
    receipt: Annotated[str | None, typer.Option(help="公益事业捐赠票据号（开具了才写）")] = None,
    restricted: Annotated[bool, typer.Option(help="定向（限定性）捐赠，须写 --purpose")] = False,
    purpose: Annotated[str | None, typer.Option(help="定向用途，例如 重大疾病")] = None,
    thanks: Annotated[
        str | None, typer.Option(help="捐赠人希望的致谢方式：列明金额（默认）、不列金额、不需致谢")
    ] = None,
    date: Day = None,
) -> None:
    """记录社会捐赠（现金、转账、微信、支付宝）。"""
    from jjn_ledger.record import money as recording

    write_entries(
        folder,
        recording.donation,
        recording.DonationIn,
        {
            "amount": amount,
            "donor": donor,
            "channel": channel,
            "receipt": receipt,
            "restricted": restricted,
            "purpose": purpose,
            "thanks": thanks,
            "date": date,
        },
    )


@app.command("donation-in-kind")
def donation_in_kind(
    folder: Folder,
    donor: Annotated[str, typer.Option(help="捐赠人姓名或单位；不愿具名的写 匿名")],
    item: Annotated[str, typer.Option(help="物品名称，例如 大米")],
    quantity: Annotated[str | None, typer.Option(help="数量，例如 20 袋")] = None,
    value: Annotated[
        str | None, typer.Option(help="价值（元）；无可靠价值的不写，只登记名称和数量")
    ] = None,
    valuation: Annotated[str | None, typer.Option(help="计价依据：发票金额 或 公允价值")] = None,
    date: Day = None,
) -> None:
    """记录实物捐赠：有可靠价值的入存货，否则只登记名称和数量。"""
    from jjn_ledger.record import money as recording

    write_entries(
        folder,
        recording.in_kind,
        recording.InKindIn,
        {
            "donor": donor,
            "item": item,
            "quantity": quantity,
            "value": value,
            "valuation": valuation,
            "date": date,
        },
    )


def _move(kind: str, folder: Path, amount: str, date: str | None, note: str | None) -> None:
    from jjn_ledger.record import money as recording

    write_entries(
        folder,
        lambda book, inp: recording.move(book, kind, inp),
        recording.MoveIn,
        {"amount": amount, "date": date, "note": note},
    )


@app.command("cash-draw")
def cash_draw(folder: Folder, amount: Amount, date: Day = None, note: Note = None) -> None:
    """从银行提取备用金（现金）。"""
    _move("cash-draw", folder, amount, date, note)


@app.command("cash-return")
def cash_return(folder: Folder, amount: Amount, date: Day = None, note: Note = None) -> None:
    """把多余的备用金存回银行。"""
    _move("cash-return", folder, amount, date, note)


@app.command()
def interest(folder: Folder, amount: Amount, date: Day = None, note: Note = None) -> None:
    """记录银行存款利息。"""
    _move("interest", folder, amount, date, note)


@app.command("bank-fee")
def bank_fee(folder: Folder, amount: Amount, date: Day = None, note: Note = None) -> None:
    """记录银行手续费、账户管理费。"""
    _move("bank-fee", folder, amount, date, note)


@app.command()
def reimbursement(
    folder: Folder,
    amount: Amount,
    payee: Annotated[str, typer.Option(help="报销人（垫付费用的人），例如 出纳李红")],
    cost: Annotated[str, typer.Option(help="费用项目：公示印刷费、银行手续费")],
    receipt: Annotated[str, typer.Option(help="所附发票或收据的号码")],
    source: Annotated[str, typer.Option("--from", help="付款方式：现金 或 银行")] = "现金",
    date: Day = None,
    note: Note = None,
) -> None:
    """报销垫付的运行费用（凭发票或收据），不是报酬。"""
    from jjn_ledger.record import money as recording

    write_entries(
        folder,
        recording.reimbursement,
        recording.ReimbursementIn,
        {
            "amount": amount,
            "payee": payee,
            "cost": cost,
            "receipt": receipt,
            "source": source,
            "date": date,
            "note": note,
        },
    )


@app.command()
def count(
    folder: Folder,
    amount: Annotated[str, typer.Argument(help="盘点（或对账单）余额（元）")],
    bank: Annotated[
        bool, typer.Option("--bank", help="核对银行对账单余额，而不是库存现金")
    ] = False,
    date: Annotated[
        str | None, typer.Option("--date", help="盘点日期（当天营业结束后），默认今天")
    ] = None,
) -> None:
    """现金盘点或银行对账：记为余额断言，余额不符时账本检查会报错。"""
    from jjn_ledger.record import money as recording

    write_entries(
        folder,
        recording.count,
        recording.CountIn,
        {"amount": amount, "account": "银行" if bank else "现金", "date": date},
    )
