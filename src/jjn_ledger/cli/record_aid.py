"""``jjn record aid``, ``investigation`` and ``referral``: an aid case, from payment to follow-up.

An aid payment carries its case's dates (accepted, investigated, approved, paid); an advance
payment gets its investigation recorded afterwards; a referral (no money) goes to the person's
file in ``people.beancount``. The work is in ``record.aid``; the commands join the ``jjn
record`` group of ``cli.record`` and write through its ``write_entries``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from jjn_ledger.cli.arguments import Society as Folder
from jjn_ledger.cli.record import Day, app, write_entries
from jjn_ledger.cli.usage import say_pending


@app.command()
def aid(
    folder: Folder,
    person: Annotated[str, typer.Option(help="救助对象编号，例如 P001（须已登记）")],
    category: Annotated[str, typer.Option(help="救助类别：补充救助 或 应急救助")],
    amount: Annotated[str, typer.Option(help="救助金额（元）")],
    cause: Annotated[str, typer.Option(help="致困原因：重大疾病、意外事故、其他")],
    matter: Annotated[
        str, typer.Option(help="救助事项，例如 2025-03-车祸受伤（同一事项一年一次）")
    ],
    accepted: Annotated[str | None, typer.Option(help="受理日期 YYYY-MM-DD")] = None,
    investigated: Annotated[str | None, typer.Option(help="入户调查日期")] = None,
    approved: Annotated[str | None, typer.Option(help="审批日期")] = None,
    paid: Annotated[str | None, typer.Option(help="发放日期，默认今天")] = None,
    form: Annotated[str, typer.Option(help="发放形式：现金、转账、实物")] = "现金",
    source: Annotated[str, typer.Option(help="来源：申请 或 主动发现")] = "申请",
    advance: Annotated[
        bool,
        typer.Option(help="先行救助：紧急情况先发放，事后用 jjn record investigation 补记调查"),
    ] = False,
    fund: Annotated[
        str | None,
        typer.Option(help="动用的限定性资金，例如 定向捐赠（按限定用途转为非限定性净资产）"),
    ] = None,
) -> None:
    """记录一笔救助金发放（补充救助、应急救助）及其办理日期。"""
    from jjn_ledger.record import aid as aidcase
    from jjn_ledger.record import money as recording

    write_entries(
        folder,
        aidcase.aid,
        aidcase.AidIn,
        {
            "person": person,
            "category": category,
            "amount": amount,
            "cause": cause,
            "matter": matter,
            "accepted": accepted,
            "investigated": investigated,
            "approved": approved,
            "paid": paid or recording.today(),
            "form": form,
            "source": source,
            "advance": advance,
            "fund": fund,
        },
    )


@app.command()
def investigation(
    folder: Folder,
    person: Annotated[str, typer.Option(help="救助对象编号")],
    matter: Annotated[str, typer.Option(help="救助事项（与先行救助记录中的一致）")],
    opinion: Annotated[str | None, typer.Option(help="调查意见，例如 情况属实，同意救助")] = None,
    date: Annotated[str | None, typer.Option("--date", help="入户调查日期，默认今天")] = None,
) -> None:
    """先行救助后补记入户调查。"""
    from jjn_ledger.record import aid as aidcase

    write_entries(
        folder,
        aidcase.investigation,
        aidcase.InvestigationIn,
        {"person": person, "matter": matter, "opinion": opinion, "date": date},
    )


@app.command()
def referral(
    folder: Folder,
    person: Annotated[str, typer.Option(help="救助对象编号")],
    service: Annotated[str, typer.Option(help="转介服务：心理疏导、资源链接、能力提升、社会融入")],
    note: Annotated[str | None, typer.Option(help="说明（可选）")] = None,
    date: Day = None,
) -> None:
    """记录转介服务（不涉及资金，次数不限），记入救助对象档案。"""
    from jjn_ledger.ledger import layout
    from jjn_ledger.ledger.society import read_profile
    from jjn_ledger.record import aid as aidcase
    from jjn_ledger.record import money as recording
    from jjn_ledger.write.safe import commit_to_file

    book = read_profile(folder)
    inp = recording.validate(
        aidcase.ReferralIn,
        {"person": person, "service": service, "note": note, "date": date or recording.today()},
    )
    result = commit_to_file(folder, Path(layout.PEOPLE), aidcase.referral(book, inp))
    typer.echo(f"已记录转介服务：{layout.PEOPLE}（{result.entries} 条）")
    say_pending(result)
