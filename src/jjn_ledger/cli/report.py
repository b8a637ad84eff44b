"""``jjn report …``: the workbooks a society and a county print, and year-end closing.

Each command loads the books (with the rules, as ``jjn check`` does), builds one XLSX workbook
with ``jjn_ledger.reports`` and says where it went. Workbooks go to the current folder unless
``--output`` names a file; they are never written inside a ledger folder, where Beancount's
include glob and git would see them. Heavy imports stay inside the commands.
"""

from __future__ import annotations

import datetime
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from jjn_ledger.cli.arguments import County, Month, Society

if TYPE_CHECKING:
    from openpyxl import Workbook

    from jjn_ledger.ledger.society import Society as OpenSociety

app = typer.Typer(no_args_is_help=True, rich_markup_mode=None)

Output = Annotated[
    Path | None, typer.Option("--output", "-o", help="输出文件（.xlsx），默认写到当前文件夹")
]


def output_path(output: Path | None, default: str) -> Path:
    return output if output is not None else Path.cwd() / default


def _short_name(society: object) -> str:
    from jjn_ledger.ledger.society import Society as Loaded

    assert isinstance(society, Loaded)
    profile = society.book.profile
    return profile.village if profile else society.folder.name


def _saved(path: Path) -> None:
    typer.echo(f"已生成：{path}")


def _society_workbook(
    folder: Path,
    output: Path | None,
    title: str,
    label: str,
    build: Callable[[OpenSociety], Workbook],
) -> None:
    """Open the society, build its workbook, save it as ``<village>-<title>-<label>.xlsx``."""
    from jjn_ledger.ledger.society import open_society

    society = open_society(folder)
    name = f"{_short_name(society)}-{title}-{label}.xlsx"
    save_workbook(build(society), output_path(output, name))


@app.command()
def notice(
    folder: Society,
    month: Month,
    contact: Annotated[str | None, typer.Option(help="异议受理人，默认“本互助社监事”")] = None,
    office_phone: Annotated[
        str | None, typer.Option("--office-phone", help="互助社办公电话（仅在明确提供时印出）")
    ] = None,
    posted: Annotated[
        str | None,
        typer.Option(help="张贴日期 YYYY-MM-DD，默认取账本中的公示记录或次月第一个工作日"),
    ] = None,
    output: Output = None,
) -> None:
    """上月救助情况公示表（公开栏张贴 7 天，姓名部分隐去）。"""
    from jjn_ledger.reports import notice as report
    from jjn_ledger.reports.common import month_period

    period = month_period(month)

    def build(society: OpenSociety) -> Workbook:
        day = _date(posted) if posted else None
        return report.build(society, period, contact=contact, office_phone=office_phone, posted=day)

    _society_workbook(folder, output, "救助公示", month, build)


def _date(text: str) -> datetime.date:
    from jjn_ledger.reports.common import BadPeriod

    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise BadPeriod(text, "年-月-日，例如 2025-04-03") from None


def save_workbook(wb: object, path: Path) -> None:
    from openpyxl import Workbook

    from jjn_ledger.reports import xlsx

    assert isinstance(wb, Workbook)
    _saved(xlsx.save(wb, path))


@app.command()
def filing(folder: Society, month: Month, output: Output = None) -> None:
    """月度救助情况报备表（报送乡镇、街道）：资金、救助、启动资金、存在问题。"""
    from jjn_ledger.reports import filing as report
    from jjn_ledger.reports.common import month_period

    period = month_period(month)
    _society_workbook(
        folder, output, "月度报备", month, lambda society: report.build(society, period)
    )


@app.command("half-year")
def half_year(
    folder: Society,
    half: Annotated[str, typer.Argument(help="半年 YYYY-H1 或 YYYY-H2")],
    output: Output = None,
) -> None:
    """半年度资金使用和救助情况报告（会员大会公布）。"""
    from jjn_ledger.reports import filing as report
    from jjn_ledger.reports.common import parse_half

    period = parse_half(half)
    _society_workbook(
        folder,
        output,
        "半年报告",
        half.upper(),
        lambda society: report.build(society, period, half_year=True),
    )


@app.command()
def statements(folder: Society, month: Month, output: Output = None) -> None:
    """会计报表：业务活动表、资产负债表、现金流量表、现金日记账、银行存款日记账。"""
    from jjn_ledger.reports import statements as report
    from jjn_ledger.reports.common import month_period

    period = month_period(month)
    _society_workbook(
        folder, output, "会计报表", month, lambda society: report.build(society, period)
    )


@app.command()
def vouchers(folder: Society, month: Month, output: Output = None) -> None:
    """记账凭证：该月每张凭证一页（A4），含科目、借贷金额、附单据张数和签章栏。"""
    from jjn_ledger.reports import vouchers as report
    from jjn_ledger.reports.common import month_period

    period = month_period(month)
    _society_workbook(
        folder, output, "记账凭证", month, lambda society: report.build(society, period)
    )


@app.command("close-books")
def close_books(
    folder: Society,
    year: Annotated[str, typer.Argument(help="年度 YYYY")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只显示结转分录，不写入账本")] = False,
) -> None:
    """年末结转：收入、费用转入净资产，限定性净资产转为非限定性净资产。"""
    from jjn_ledger.ledger.society import open_society
    from jjn_ledger.reports import closing
    from jjn_ledger.reports.common import parse_year
    from jjn_ledger.write import render as writer

    society = open_society(folder)
    entries = closing.close_year(society, parse_year(year), dry_run=dry_run)
    typer.echo(writer.render(entries))
    typer.echo("（预览，未写入）" if dry_run else f"已写入 {len(entries)} 笔年末结转分录。")


@app.command()
def changeover(
    folder: Society,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="只生成科目余额表，不写入账本")
    ] = False,
    output: Output = None,
) -> None:
    """新旧会计制度衔接：2025-12-31 科目余额表，2026-01-01 按新科目开账（财会〔2025〕6号）。"""
    from jjn_ledger.ledger.society import open_society
    from jjn_ledger.reports import changeover as change
    from jjn_ledger.write import render as writer

    society = open_society(folder)
    lines, entries = change.change_over(society, dry_run=dry_run)
    save_workbook(
        change.workbook(society, lines),
        output_path(output, f"{_short_name(society)}-科目余额表-2025.xlsx"),
    )
    typer.echo(writer.render(entries))
    typer.echo("（预览，未写入）" if dry_run else "已写入 2026-01-01 新制度开账记录。")


def progress_counter(label: str) -> object:
    """A stderr counter for long county runs (quiet when stderr is not a terminal)."""

    def report(done: int, total: int) -> None:
        if sys.stderr.isatty() or done == total:
            end = "\n" if done == total else ""
            print(f"\r{label}：{done}/{total}", end=end, file=sys.stderr, flush=True)

    return report


def executor_for(workers: int | None) -> object:
    if workers is None:
        return None
    from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

    return ThreadPoolExecutor(1) if workers <= 1 else ProcessPoolExecutor(workers)


Workers = Annotated[int | None, typer.Option("--workers", help="并行进程数，默认等于 CPU 核数")]
Scheduler = Annotated[
    str | None,
    typer.Option(
        "--scheduler", help="用 Dask 集群汇总：调度器地址 tcp://主机:8786，或 local 在本机启动"
    ),
]


@contextmanager
def _pool(workers: int | None, scheduler: str | None) -> Iterator[object]:
    """The executor a county run uses: a process pool, or a Dask cluster (``--scheduler``)."""
    if scheduler:
        from jjn_ledger.county.distributed import dask_executor

        with dask_executor(scheduler, workers) as executor:
            yield executor
        return
    pool = executor_for(workers)
    try:
        yield pool
    finally:
        if pool is not None:
            pool.shutdown()  # type: ignore[attr-defined]


@app.command()
def county(
    folder: County,
    month: Month,
    columns: Annotated[
        Path | None, typer.Option(help="进展情况表列定义（TOML），默认使用内置模板")
    ] = None,
    name: Annotated[str | None, typer.Option(help="县名，默认取互助社基本信息")] = None,
    workers: Workers = None,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache", help="不使用汇总缓存，全部重新读取（缓存在用户缓存目录，不写入账本）"
        ),
    ] = False,
    scheduler: Scheduler = None,
    output: Output = None,
) -> None:
    """县级汇总：各互助社情况一览表与月度进展情况表。"""
    from jjn_ledger.county import audit, progress_table
    from jjn_ledger.county import workbook as county_book
    from jjn_ledger.county.engine import summaries
    from jjn_ledger.reports.common import month_period

    period = month_period(month)
    template = progress_table.load_template(columns)
    with _pool(workers, scheduler) as pool:
        rows = summaries(folder, pool, progress_counter("汇总互助社"), cache=not no_cache)  # type: ignore[arg-type]
        cases = county_book.duplicate_cases(folder, period.end.year, pool)  # R16, same pool
    template = progress_table.with_village_list(template, folder, rows, add_columns=columns is None)
    county_name = name or next((r.county for r in rows if r.county), folder.name)
    save_workbook(
        county_book.build(
            rows,
            period,
            county_name,
            template,
            audit.duplicates(cases),
            cases[0].window_days if cases else 90,
        ),
        output_path(output, f"{county_name}-互助社汇总-{month}.xlsx"),
    )


@app.command()
def audit(
    folder: County,
    year: Annotated[str, typer.Argument(help="年度 YYYY")],
    seed: Annotated[int, typer.Option(help="随机种子：同一种子得到同一抽查样本")] = 0,
    roster: Annotated[
        Path | None, typer.Option(help="低保/特困人员名单（CSV 或 XLSX，含身份证号码）")
    ] = None,
    name: Annotated[str | None, typer.Option(help="县名，默认取互助社基本信息")] = None,
    workers: Workers = None,
    output: Output = None,
) -> None:
    """审计抽查：随机抽取救助案例，跨互助社重复救助、名单外补充救助、干部亲属救助线索。"""
    from jjn_ledger.county import audit as report
    from jjn_ledger.ledger import county_secret
    from jjn_ledger.reports.common import parse_year

    the_year = parse_year(year)
    ids = None
    if roster:
        ids = report.read_roster(roster, county_secret.read(county_secret.county_for(folder)))
    pool = executor_for(workers)
    try:
        counter = progress_counter("读取互助社")
        groups = report.collect(folder, the_year, executor=pool, progress=counter)
    finally:
        if pool is not None:
            pool.shutdown()  # type: ignore[attr-defined]
    county_name = name or _county_of(folder)
    save_workbook(
        report.build(groups, the_year, seed, county_name, ids),
        output_path(output, f"{county_name}-审计抽查-{the_year}.xlsx"),
    )


def _county_of(folder: Path) -> str:
    from jjn_ledger.ledger import layout
    from jjn_ledger.ledger.society import open_society

    first = next(layout.society_folders(folder), None)
    if first is None:
        return folder.name
    profile = open_society(first).book.profile
    return profile.county if profile else folder.name


Period = Annotated[
    str, typer.Argument(help="期间：月份 2025-03、季度 2025-Q1、半年 2025-H1 或年度 2025")
]


@app.command()
def thanks(
    folder: Society,
    period: Period,
    kind: Annotated[
        str, typer.Option(help="letter（感谢信）或 certificate（荣誉证书）")
    ] = "letter",
    date: Annotated[
        str | None, typer.Option("--date", help="落款日期 YYYY-MM-DD，默认今天")
    ] = None,
    output: Output = None,
) -> None:
    """捐赠人感谢信（或荣誉证书）：每位具名捐赠人一页；匿名和不需致谢的不出具。"""
    from jjn_ledger.reports import thanks as report
    from jjn_ledger.reports.common import BadPeriod, any_period

    if kind not in report.KINDS:
        raise BadPeriod(kind, "letter 或 certificate")
    span = any_period(period)

    def build(society: OpenSociety) -> Workbook:
        wb, donors = report.build(society, span, kind, _date(date) if date else None)
        typer.echo(f"{span.label}具名捐赠人 {len(donors)} 位。")
        return wb

    _society_workbook(folder, output, report.KINDS[kind], period, build)


@app.command()
def cases(folder: Society, period: Period, output: Output = None) -> None:
    """救助案例展示：讲清救助原因类别、金额和时效，不出现姓名、证件号和病情。"""
    from jjn_ledger.reports import cases as report
    from jjn_ledger.reports.common import any_period

    span = any_period(period)
    _society_workbook(
        folder, output, "救助案例", period, lambda society: report.build(society, span)
    )
