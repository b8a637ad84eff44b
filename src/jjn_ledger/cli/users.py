"""``jjn users add|remove|passwd|list COUNTY``: the county server's accounts.

The work is in ``jjn_ledger.serve.users``. A password is never an argument (it would sit in
the shell history and in ``ps``): it is prompted twice, or read from the first line of
standard input with ``--password-stdin`` (for scripts).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(no_args_is_help=True, rich_markup_mode=None)

County = Annotated[Path, typer.Argument(help="县文件夹（其下为各互助社的账本文件夹）")]
Username = Annotated[str, typer.Argument(help="用户名（字母、数字、点、下划线、连字符）")]
FromStdin = Annotated[
    bool, typer.Option("--password-stdin", help="从标准输入的第一行读取密码（供脚本使用）")
]


def _password(from_stdin: bool) -> str:
    from jjn_ledger.serve.users import UsersError

    if from_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise UsersError("标准输入中没有密码")
        return line
    first = typer.prompt("密码", hide_input=True)
    again = typer.prompt("再输入一次", hide_input=True)
    if first != again:
        raise UsersError("两次输入的密码不一致，未作改动")
    return str(first)


def _county(county: Path) -> tuple[str, list[object]]:
    """The county's name and its societies as the server sees them (for scope checks)."""
    from jjn_ledger.ledger import layout
    from jjn_ledger.serve import scope
    from jjn_ledger.serve import societies as listing
    from jjn_ledger.serve.users import UsersError

    if (county / layout.MAIN).is_file():
        raise UsersError(f"{county} 是单个互助社的账本；账号属于县服务器，请给出县文件夹")
    found = listing.societies(county)
    name = listing.county_name(county, found)
    return name, list(scope.places(county, [(s.slug, s.folder) for s in found], name))


@app.command("add")
def add(
    county: County,
    username: Username,
    name: Annotated[str, typer.Option("--name", help="显示名称，例如 “县审计局 李四”")],
    role: Annotated[
        str, typer.Option("--role", help="角色：出纳、乡镇、审计（财政、民政）、县民政局")
    ],
    scope_: Annotated[
        str,
        typer.Option(
            "--scope",
            help=(
                "范围：出纳填本社文件夹名（如 taoyuan），乡镇填乡镇名，"
                "审计填县名或乡镇名；县民政局可省略"
            ),
        ),
    ] = "",
    password_stdin: FromStdin = False,
) -> None:
    """开设账号：密码只保存为 scrypt 摘要，用户文件权限 0600，不在任何互助社文件夹内。"""
    from jjn_ledger.serve import scope
    from jjn_ledger.serve.identity import Role
    from jjn_ledger.serve.users import UsersError, UsersFile, parse_role, server_dir

    chosen = parse_role(role)
    county_name, places = _county(county)
    given = scope_.strip() or (county_name if chosen in (Role.COUNTY, Role.OFFICER) else "")
    allowed = scope.valid_scopes(places, chosen)  # type: ignore[arg-type]
    if given not in allowed:
        choices = "、".join(sorted(allowed)) or "（无）"
        raise UsersError(f"角色“{chosen.value}”的范围不对：{given or '（未填）'}；可填：{choices}")
    users = UsersFile(server_dir(county))
    if users.get(username) is not None:
        raise UsersError(f"用户已存在：{username}（改密码用 jjn users passwd）")
    account = users.add(username, name, chosen, given, _password(password_stdin))
    a = account
    typer.echo(f"已开设账号 {a.username}（{a.display_name}，{a.role}，范围：{a.scope}）。")


@app.command("remove")
def remove(county: County, username: Username) -> None:
    """删除账号：该用户已登录的会话随即失效。"""
    from jjn_ledger.serve.users import UsersFile, server_dir

    _county(county)
    gone = UsersFile(server_dir(county)).remove(username)
    typer.echo(f"已删除账号 {gone.username}（{gone.display_name}）。")


@app.command("passwd")
def passwd(county: County, username: Username, password_stdin: FromStdin = False) -> None:
    """修改密码：该用户已登录的会话随即失效。"""
    from jjn_ledger.serve.users import UsersError, UsersFile, server_dir

    _county(county)
    users = UsersFile(server_dir(county))
    if users.get(username) is None:
        raise UsersError(f"没有这个用户：{username}")
    users.passwd(username, _password(password_stdin))
    typer.echo(f"已修改 {username} 的密码。")


@app.command("list")
def list_users(county: County) -> None:
    """列出账号：用户名、显示名称、角色、范围（不显示密码摘要）。"""
    from jjn_ledger.serve.users import UsersFile, server_dir

    _county(county)
    users = UsersFile(server_dir(county))
    accounts = sorted(users.accounts().values(), key=lambda a: a.username)
    for a in accounts:
        typer.echo(f"  {a.username:<16} {a.display_name}  {a.role}  范围：{a.scope}")
    typer.echo(f"共 {len(accounts)} 个账号（用户文件：{users.path}）。")
