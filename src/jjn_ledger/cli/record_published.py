"""``jjn record notice``, ``notice-removed``, ``filing`` and ``assembly``: what is made public.

A posted notice (公示) and a filing to the township (报备) are stamped with a digest of what they
showed (``record.published``), so a later change to it is an error, and the digest goes to the
county's anchor register (``record.anchoring``). A member assembly (会员大会, R13) is where the
half year's funds and aid were announced (``record.assembly``). The commands join the ``jjn
record`` group of ``cli.record``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from jjn_ledger.cli.arguments import Society as Folder
from jjn_ledger.cli.record import Day, app, short_path, write_entries
from jjn_ledger.cli.usage import say_pending

NoticeMonth = Annotated[str, typer.Argument(help="公示的是哪个月的救助，YYYY-MM")]


@app.command()
def notice(
    folder: Folder,
    month: NoticeMonth,
    posted: Annotated[str, typer.Option(help="张贴日期 YYYY-MM-DD")],
    removed: Annotated[
        str | None, typer.Option(help="撤下日期 YYYY-MM-DD（公示期满后填写）")
    ] = None,
    explanation: Annotated[
        str | None, typer.Option(help="情况说明：公示晚于期限或不足天数时，写明原因")
    ] = None,
) -> None:
    """登记救助公示的张贴（与撤下）日期；同时固定公示内容，此后改动该月救助即报错。"""
    _publish(
        folder,
        "notice",
        {"month": month, "posted": posted, "removed": removed, "explanation": explanation},
    )


@app.command("notice-removed")
def notice_removed(
    folder: Folder,
    month: NoticeMonth,
    removed: Annotated[str, typer.Option(help="撤下日期 YYYY-MM-DD")],
) -> None:
    """登记公示撤下的日期（张贴时已用 jjn record notice 登记）。"""
    _publish(folder, "removal", {"month": month, "removed": removed})


@app.command()
def filing(
    folder: Folder,
    month: Annotated[str, typer.Argument(help="报备的是哪个月，YYYY-MM")],
    filed: Annotated[str, typer.Option(help="报送乡镇（街道）的日期 YYYY-MM-DD")],
) -> None:
    """登记向乡镇（街道）报备；同时固定报备内容，此后改动该月账目即报错。"""
    _publish(folder, "filing", {"month": month, "filed": filed})


def _publish(folder: Path, kind: str, values: dict[str, Any]) -> None:
    from jjn_ledger.ledger import load as ledger
    from jjn_ledger.ledger.society import book_of, read_profile
    from jjn_ledger.record import anchoring, published
    from jjn_ledger.record import money as recording

    read_profile(folder)  # a clear error for a folder that is not a society
    if kind == "notice":
        notice = recording.validate(published.NoticeIn, values)
        loaded = ledger.load(folder)
        entry = published.notice_entry(
            loaded.entries, book_of(loaded.entries, loaded.options).chart, notice
        )
    elif kind == "removal":
        removal = recording.validate(published.RemovalIn, values)
        entry = published.removal_entry(ledger.load(folder).entries, removal)
    else:
        filing = recording.validate(published.FilingIn, values)
        loaded = ledger.load(folder)
        entry = published.filing_entry(loaded.entries, filing)
    result, code = anchoring.commit_and_anchor(
        folder, anchoring.event_of(folder, entry), lambda: recording.record(folder, [entry])
    )
    for path in result.files:
        listed = entry.meta.get("listed")
        fixed = f"（{listed} 笔，内容已固定）" if listed is not None else ""
        typer.echo(f"已登记：{short_path(folder, path)}{fixed}")
    if code:
        typer.echo(f"已登记到县锚定登记簿，核验码 {code}")
    say_pending(result)


@app.command()
def assembly(
    folder: Folder,
    half: Annotated[str, typer.Option(help="会议报告的半年，例如 2025-H1")],
    attendees: Annotated[int | None, typer.Option(help="到会会员人数")] = None,
    date: Day = None,
) -> None:
    """记录召开的会员大会（每半年一次，公布资金情况和救助情况，R13）。"""
    from jjn_ledger.record import assembly as assemblies

    write_entries(
        folder,
        assemblies.assembly,
        assemblies.AssemblyIn,
        {"half": half, "attendees": attendees, "date": date},
    )
