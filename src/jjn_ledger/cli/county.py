"""``jjn county init|anchor`` (the county's own files) and the root ``jjn verify``.

The work is in ``ledger.county_secret``, ``record.anchoring`` and ``reports.verification``,
imported inside each command so that ``jjn --help`` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(no_args_is_help=True, rich_markup_mode=None)

County = Annotated[Path, typer.Argument(help="县文件夹（包含各互助社账本文件夹）")]


@app.command()
def init(county: County) -> None:
    """建立县级密钥和县锚定登记簿（每个县只做一次）；已有的不会被覆盖。"""
    from jjn_ledger.errors import JjnError
    from jjn_ledger.ledger import anchors, county_secret

    if (county / "main.beancount").is_file():
        raise JjnError(f"{county} 是互助社账本文件夹，不是县文件夹：请给出包含各互助社的文件夹")
    secret = county_secret.secret_path(county)
    if not secret.exists():
        county_secret.create(county)
        typer.echo(f"已建立县级密钥：{secret}（仅本机所有者可读）")
    else:
        typer.echo(f"县级密钥已存在，未改动：{secret}")
    register = anchors.path_of(county)
    if not register.exists():
        register.touch()
        typer.echo(f"已建立县锚定登记簿：{register}")
    else:
        typer.echo(f"县锚定登记簿已存在，未改动：{register}")
    typer.echo(
        "下一步：jjn society migrate-ids 县文件夹（把旧账本中的身份证号码改为密钥摘要）；"
        "jjn county anchor 县文件夹（登记各社现有的结账、公示、报备）。"
        "请把密钥文件另行备份到安全的地方：丢失后无法再比对同一人。"
    )


@app.command()
def anchor(county: County) -> None:
    """把各互助社新的结账、公示、报备摘要登记到县锚定登记簿；与已登记内容矛盾的拒绝登记。"""
    from jjn_ledger.record import anchoring

    outcome = anchoring.anchor_county(county)
    for anchor_line, event in outcome.added:
        typer.echo(f"  已登记：第 {anchor_line.seq} 条  {event.label}")
    for line in outcome.refused:
        typer.echo(f"  拒绝登记：{line}")
    typer.echo(
        f"新登记 {len(outcome.added)} 条，拒绝 {len(outcome.refused)} 条。"
        f"登记簿末条摘要：{outcome.head}（请抄存到登记簿以外的地方，用于发现登记簿被整体改写）"
    )
    if outcome.refused:
        raise typer.Exit(1)


def register(root: typer.Typer) -> None:
    """Add ``verify`` (核对公示表、报备表上的核验码) to the root app."""

    @root.command()
    def verify(
        folder: Annotated[Path, typer.Argument(help="互助社账本文件夹（含 main.beancount）")],
        month: Annotated[str, typer.Argument(help="公示或报备的月份 YYYY-MM")],
        code: Annotated[str, typer.Argument(help="表上印的核验码，例如 9C1F-3A2B-77D0-1E2F")],
    ) -> None:
        """核对公示表或报备表上的核验码：与账本现状、账本登记的内容、县锚定登记簿是否一致。"""
        from jjn_ledger.ledger.formats import normal_month
        from jjn_ledger.reports import verification

        month = normal_month(month)
        given = verification.normalise_code(code)
        found = verification.verdicts(folder, month)
        good = [v for v in found if v.matches(given)]
        near = [
            v
            for v in found
            if any((d or "").upper().startswith(given) for d in (v.books, v.stamp, v.county))
        ]
        for v in good or near or found:
            what = verification.KINDS[v.kind][0]
            typer.echo(f"{month} {what}：")
            for line in verification.explain(v, given):
                typer.echo(line)
        if good:
            what = "、".join(verification.KINDS[v.kind][0] for v in good)
            typer.echo(
                f"核验通过：该{what}表与账本一致"
                + ("，与县锚定登记簿一致。" if good[0].registered else "。")
            )
            return
        typer.echo("核验未通过：表上的核验码与账本或县锚定登记簿不一致，表或账本在打印后被改动过。")
        raise typer.Exit(1)
