"""``jjn society …``: new, show, dossier, person add.

Only the command line is parsed here; the work is in ``record.society`` and ``reports.dossier``,
imported inside each command so that ``jjn --help`` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from jjn_ledger.cli.arguments import Society as Folder
from jjn_ledger.cli.usage import say_pending

app = typer.Typer(no_args_is_help=True, rich_markup_mode=None)
person_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None)
app.add_typer(person_app, name="person", help="救助对象档案：登记救助对象")


@app.command()
def new(
    folder: Annotated[Path, typer.Argument(help="新建的账本文件夹（不存在或为空）")],
    county: Annotated[str, typer.Option(help="县（市、区），例如 示例县")],
    township: Annotated[str, typer.Option(help="乡镇（街道），例如 仁和镇")],
    village: Annotated[str, typer.Option(help="村（社区），例如 桃园村")],
    registration: Annotated[str, typer.Option(help="登记（社会团体）或 备案（乡镇）")],
    registered: Annotated[str, typer.Option(help="登记（备案）日期 YYYY-MM-DD")],
    credit_code: Annotated[
        str | None, typer.Option(help="统一社会信用代码（登记的必填，18 位）")
    ] = None,
    custodian: Annotated[
        str | None, typer.Option(help="备案的：代管资金的县慈善协会分账户")
    ] = None,
    officer: Annotated[
        list[str] | None, typer.Option(help="负责人，可多次：职务=姓名:户号，例如 社长=李建国:H01")
    ] = None,
    public_fundraising: Annotated[bool, typer.Option(help="已取得公开募捐资格")] = False,
    widen_hukou: Annotated[bool, typer.Option(help="章程允许救助非本村户籍人员")] = False,
) -> None:
    """新建一个互助社账本：名称按规范自动生成，科目按会计制度开设。"""
    from jjn_ledger.record import society as society_new

    profile = society_new.build_profile(
        county,
        township,
        village,
        registration,
        registered,
        credit_code,
        custodian,
        public_fundraising,
        widen_hukou,
    )
    officers = [society_new.parse_officer(o) for o in officer or []]
    result = society_new.create(folder, profile, officers)
    typer.echo(f"已新建：{profile.name}")
    typer.echo(f"  {folder}（{len(result.files)} 个文件）")
    typer.echo("下一步：jjn society person add 登记救助对象；jjn record subsidy 等记录启动资金。")


@app.command()
def show(folder: Folder) -> None:
    """显示互助社基本信息、负责人和登记人数。"""
    from jjn_ledger.errors import JjnError
    from jjn_ledger.ledger.society import read_profile
    from jjn_ledger.record import society as society_new

    book = read_profile(folder)
    if book.profile is None:
        problems = "；".join(p.message for p in book.problems) or "没有 jjn-society 记录"
        raise JjnError(f"互助社基本信息无法读取：{problems}")
    typer.echo(society_new.describe(book.profile, book.officers, len(book.recipients)))


@app.command()
def dossier(
    folder: Folder,
    person: Annotated[str | None, typer.Option(help="只看一个救助对象，例如 P001")] = None,
) -> None:
    """一人一档：每个救助对象的救助记录、转介服务和材料缺失情况。"""
    from jjn_ledger.ledger.society import open_society
    from jjn_ledger.reports import dossier as dossiers

    society = open_society(folder)
    files = dossiers.build(society.folder, society.book, society.loaded.entries, person)
    typer.echo(dossiers.render(files))


@person_app.command("add")
def person_add(
    folder: Folder,
    key: Annotated[str, typer.Option(help="编号，例如 P013")],
    name: Annotated[str, typer.Option(help="姓名")],
    id_number: Annotated[str, typer.Option(help="公民身份号码（18 位，校验位会核对）")],
    household: Annotated[str, typer.Option(help="户号，例如 H21")],
    hukou: Annotated[str, typer.Option(help="户籍：本村户籍、共同生活家庭成员本村户籍、非本村")],
    status: Annotated[
        str,
        typer.Option(help="类别：低保、特困、临时救助、防止返贫监测对象、低保边缘、刚性支出困难等"),
    ],
    date: Annotated[str | None, typer.Option(help="登记日期，默认今天")] = None,
) -> None:
    """登记一名救助对象（一人一档）。"""
    from jjn_ledger.ledger.models import Recipient
    from jjn_ledger.record import money as recording
    from jjn_ledger.record import society as society_new

    person = recording.validate(
        Recipient,
        {
            "key": key,
            "name": name,
            "id_number": id_number,
            "household": household,
            "hukou": hukou,
            "status": status,
        },
    )
    day = recording.validate(recording.DayIn, {"date": date or recording.today()}).date
    result = society_new.add_person(folder, person, day)
    typer.echo(f"已登记救助对象：{person.key} {person.name}")
    say_pending(result)
