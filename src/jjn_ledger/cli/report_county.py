"""``jjn report quarterly`` and ``jjn report evaluation``: what a county writes up, from summaries.

The quarterly progress note (000 §三(二)) and the yearly evaluation (003 §二 五) are both built
from the county engine's summaries — the same ones the county workbook uses — so their numbers
agree with it. Registered on ``jjn report`` beside the other workbooks; heavy imports stay
inside the commands.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from jjn_ledger.cli.arguments import County
from jjn_ledger.cli.report import (
    Output,
    Workers,
    app,
    executor_for,
    output_path,
    progress_counter,
    save_workbook,
)

if TYPE_CHECKING:
    from jjn_ledger.county.summary import SocietySummary

Columns = Annotated[
    Path | None, typer.Option(help="进展情况表列定义（TOML，含各乡镇村数），默认内置")
]


def _summaries(folder: Path, workers: int | None) -> list[SocietySummary]:
    from jjn_ledger.county.engine import summaries

    pool = executor_for(workers)
    try:
        return list(summaries(folder, pool, progress_counter("汇总互助社")))  # type: ignore[arg-type]
    finally:
        if pool is not None:
            pool.shutdown()  # type: ignore[attr-defined]


def _county_name(rows: list[SocietySummary], folder: Path, name: str | None) -> str:
    return name or next((r.county for r in rows if r.county), folder.name)


@app.command()
def quarterly(
    folder: County,
    quarter: Annotated[str, typer.Argument(help="季度，例如 2026-Q3")],
    columns: Columns = None,
    name: Annotated[str | None, typer.Option(help="县名，默认取互助社基本信息")] = None,
    workers: Workers = None,
    output: Output = None,
) -> None:
    """季度工作进展情况（不超过 500 字，供县里修改后报送）和所引数据。"""
    from jjn_ledger.county import quarterly as report
    from jjn_ledger.county.progress_table import load_template
    from jjn_ledger.reports.common import parse_quarter

    period = parse_quarter(quarter)
    template = load_template(columns)
    rows = _summaries(folder, workers)
    county = _county_name(rows, folder, name)
    wb, text = report.build(rows, period, county, template)
    typer.echo(text)
    typer.echo(f"（{len(text)} 字）")
    save_workbook(wb, output_path(output, f"{county}-季度工作进展-{quarter}.xlsx"))


@app.command()
def evaluation(
    folder: County,
    year: Annotated[str, typer.Argument(help="年度 YYYY")],
    criteria: Annotated[
        Path | None, typer.Option(help="考评标准（TOML），默认内置 data/evaluation.toml")
    ] = None,
    township: Annotated[str | None, typer.Option(help="只考评这个乡镇（街道）的互助社")] = None,
    name: Annotated[str | None, typer.Option(help="县名，默认取互助社基本信息")] = None,
    workers: Workers = None,
    output: Output = None,
) -> None:
    """年度考评：按数据中的考评标准给各互助社打分、排名，并写明每项得分的依据。"""
    from jjn_ledger.county import evaluation as report
    from jjn_ledger.reports.common import parse_year

    the_year = parse_year(year)
    rules = report.load_criteria(criteria)
    rows = [r for r in _summaries(folder, workers) if township in (None, r.township)]
    county = _county_name(rows, folder, name)
    scores = report.rank(rows, rules, the_year)
    for i, s in enumerate(scores, start=1):
        typer.echo(f"{i:>3}. {s.total:>6} 分  {s.society.name}")
    title = township or county
    name = f"{title}-年度考评-{the_year}.xlsx"
    save_workbook(report.build(scores, the_year, title), output_path(output, name))
