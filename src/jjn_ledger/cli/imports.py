"""``jjn import …``: bring bank statements, WeChat/Alipay bills and Excel registers into the books.

Every import goes the same way: the importer reads the whole file (a file it cannot read fails
here with a Chinese message naming file and line); entries whose ``import-id`` the ledger already
holds are dropped, so importing a file twice adds nothing; rows that need a person's decision
are listed, and while there are any nothing is written unless ``--skip-unknown`` says so; then
``write.safe.commit_entries`` writes all of it or nothing, refusing anything that would break a
rule. ``--dry-run`` prints what would be written.

Which columns a file has is read from layout profiles: the packaged ones, the county's
``layouts/`` folder and the society's own (``importers.layouts``); ``jjn import layout FILE``
writes a profile to fill in for a file none of them fits. Rows dated before the society's
accounts were opened are listed as such and left out. If the rule check still refuses the
write, each refused entry is named by its source row (``statement.csv:12``), not by the
month file it would have gone to.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from jjn_ledger.cli.arguments import Society as Folder
from jjn_ledger.cli.usage import say_pending

if TYPE_CHECKING:
    from jjn_ledger.importers.common import Extraction

app = typer.Typer(no_args_is_help=True, rich_markup_mode=None)

DryRun = Annotated[bool, typer.Option("--dry-run", "-n", help="只显示将导入的记录，不写入账本")]
SkipUnknown = Annotated[
    bool,
    typer.Option("--skip-unknown", help="跳过无法自动归类的行（列出后不导入，需另行手工记账）"),
]


def _summary(
    file: Path, found: Extraction, new: int, old: int, alike: list[tuple[Any, Any]]
) -> None:
    typer.echo(f"读取 {file.name}（格式：{found.layout or '—'}）：")
    typer.echo(f"  {new} 条新记录")
    typer.echo(f"  {old} 条已导入过（账本中已有相同的 import-id，不再导入）")
    if alike:
        typer.echo(
            f"  {len(alike)} 条与账本中已有的记录相似（日期相近、金额相同），请核对是否重复记账："
        )
        for entry, booked in alike:
            line = entry.meta.get("lineno")
            where = f"{Path(booked.meta['filename']).name}:{booked.meta['lineno']}"
            typer.echo(
                f"    第 {line} 行（{file.name}:{line}）{entry.date} 与 {where} "
                f"“{booked.payee or ''} {booked.narration}”"
            )
    for note in found.notes:
        typer.echo(f"  注意：{note}")
    if found.skipped:
        _rows(f"  {len(found.skipped)} 行不入账：", found.skipped)
    if found.before_opening:
        _rows(f"  {len(found.before_opening)} 行在互助社成立之前，不入账：", found.before_opening)
    _rows(f"  {len(found.unknown)} 条无法识别", found.unknown)


def _rows(heading: str, rows: Sequence[object]) -> None:
    """A heading of the summary, then the rows it counts, one a line."""
    typer.echo(heading)
    for row in rows:
        typer.echo(f"    {row}")


def run_import(kind: str, folder: Path, file: Path, dry_run: bool, skip_unknown: bool) -> None:
    """Every ``jjn import <kind>`` command: the workbench's procedure (``record.imports``)."""
    from jjn_ledger.record.imports import plan
    from jjn_ledger.write import render as writer

    planned = plan(kind, folder, file, skip_unknown)
    found, new, alike = planned.found, planned.new, planned.alike
    _summary(file, found, len(new), planned.old, alike)
    if found.unknown and not skip_unknown:
        typer.echo(
            "有无法识别的行，未写入任何记录。请用 jjn record 手工记账后再导入，"
            "或加 --skip-unknown 跳过这些行（银行余额核对也随之跳过）。",
            err=True,
        )
        raise typer.Exit(1)
    if dry_run:
        if new:
            typer.echo("\n" + writer.render(new))
        typer.echo("试运行：未写入任何记录。")
        return
    if not new:
        typer.echo("没有需要写入的新记录，账本未改动。")
        return
    from jjn_ledger.errors import RuleViolation
    from jjn_ledger.importers.source_lines import refused_by_source
    from jjn_ledger.write.safe import commit_entries

    try:
        result = commit_entries(folder, new)
    except RuleViolation as exc:
        raise refused_by_source(exc, folder, new) from None
    typer.echo(f"已写入 {result.entries} 条记录：")
    for path in result.files:
        typer.echo(f"  {path}")
    say_pending(result)


@app.command()
def bank(
    folder: Folder,
    file: Annotated[Path, typer.Argument(help="银行流水（CSV 或 XLSX）")],
    dry_run: DryRun = False,
    skip_unknown: SkipUnknown = False,
) -> None:
    """导入农商银行账户交易明细：利息、手续费、备用金、捐赠自动记账，其余列出待手工处理。"""
    run_import("bank", folder, file, dry_run, skip_unknown)


@app.command()
def wechat(
    folder: Folder,
    file: Annotated[Path, typer.Argument(help="微信支付账单明细（CSV）")],
    dry_run: DryRun = False,
    skip_unknown: SkipUnknown = False,
) -> None:
    """导入微信支付账单：收到的款项记为微信捐赠。"""
    run_import("wechat", folder, file, dry_run, skip_unknown)


@app.command()
def alipay(
    folder: Folder,
    file: Annotated[Path, typer.Argument(help="支付宝交易明细（CSV）")],
    dry_run: DryRun = False,
    skip_unknown: SkipUnknown = False,
) -> None:
    """导入支付宝账单：收到的款项记为支付宝捐赠。"""
    run_import("alipay", folder, file, dry_run, skip_unknown)


@app.command()
def register(
    folder: Folder,
    file: Annotated[Path, typer.Argument(help="捐赠登记表或救助发放登记表（XLSX）")],
    dry_run: DryRun = False,
    skip_unknown: SkipUnknown = False,
) -> None:
    """导入出纳的 Excel 登记表（捐赠登记、救助发放登记）；有错误的行全部列出，不导入任何记录。"""
    run_import("register", folder, file, dry_run, skip_unknown)


@app.command()
def layout(
    file: Annotated[Path, typer.Argument(help="无法识别格式的流水、账单或登记表")],
    kind: Annotated[
        str,
        typer.Option(
            "--kind", help="bank（银行流水）、wechat、alipay、donations（捐赠登记）或 aid"
        ),
    ] = "bank",
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="格式文件保存到哪里（默认：文件名.toml）")
    ] = None,
) -> None:
    """根据文件的表头生成格式文件（layouts/*.toml），填写后放到县账本文件夹的 layouts/ 下。"""
    from jjn_ledger.errors import JjnError
    from jjn_ledger.importers.common import ImportFileError
    from jjn_ledger.importers.layout_help import skeleton
    from jjn_ledger.importers.layouts import KIND_LABELS, ROLES, parse_layout
    from jjn_ledger.importers.tables import table_rows

    if kind not in ROLES:
        raise JjnError(f"--kind 应为 {'、'.join(ROLES)}，不是“{kind}”")
    if not file.is_file():
        raise ImportFileError(str(file), "文件不存在")
    target = out or Path(f"{file.stem}.toml")
    if target.exists():
        raise JjnError(f"文件已存在：{target}（请换一个文件名，或先删除它）")
    text = skeleton(file, table_rows(file)[:40], kind)
    try:
        parse_layout(text, str(target))
        complete = True
    except ImportFileError:
        complete = False  # some required column was not guessed: the treasurer fills it in
    target.write_text(text, "utf-8")
    typer.echo(f"已生成{KIND_LABELS[kind]}的格式文件：{target}")
    if not complete:
        typer.echo("有必需的列没有认出来，请按文件中的说明补上。")
    typer.echo("核对后放到县账本文件夹（或互助社文件夹）的 layouts/ 下，再重新导入。")


@app.command()
def template(
    target: Annotated[Path, typer.Argument(help="保存模板的文件夹或 .xlsx 文件名")],
    kind: Annotated[
        str, typer.Option("--kind", help="donations（捐赠登记）或 aid（救助发放登记）")
    ],
    society: Annotated[
        Path | None,
        typer.Option(help="互助社账本文件夹：下拉选项、救助标准按该社的政策、决议和募捐资格生成"),
    ] = None,
) -> None:
    """生成空白 Excel 登记表模板（带下拉选项和填写说明）。"""
    from jjn_ledger.errors import JjnError
    from jjn_ledger.reports.register_templates import write_template

    if kind not in ("donations", "aid"):
        raise JjnError(f"--kind 应为 donations（捐赠登记）或 aid（救助发放登记），不是“{kind}”")
    policy = book = None
    if society is not None:
        from jjn_ledger.errors import NotALedger
        from jjn_ledger.ledger import layout
        from jjn_ledger.ledger.load import load

        if not (society / layout.MAIN).is_file():
            raise NotALedger(str(society))
        from jjn_ledger.ledger.society import book_of

        loaded_society = load(society)
        book = book_of(loaded_society.entries, loaded_society.options)
        policy = book.policy
    path = write_template(target, kind, policy, book=book)  # type: ignore[arg-type]
    typer.echo(f"已生成模板：{path}")
    typer.echo(f"填写后用 jjn import register 互助社文件夹 {path.name} 导入。")
