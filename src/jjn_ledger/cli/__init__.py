"""The ``jjn`` command line: a thin shell over the modules that do the work.

Heavy imports (beancount's loader, openpyxl, fava) happen inside the commands that need them,
so ``jjn --help`` starts fast on an old laptop. Every failure becomes a Chinese message and a
non-zero exit here, at one boundary.
"""

from __future__ import annotations

import copy
import json
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from jjn_ledger.cli.arguments import SocietyOrCounty as PathArg
from jjn_ledger.errors import JjnError, NotALedger

if TYPE_CHECKING:
    from jjn_ledger.rules.check import Problem, SocietyReport

_SETTINGS: dict[str, Any] = {
    "name": "jjn",
    "help": "村（社区）“救急难”互助社账本工具：建账、记账、检查、报表。",
    "no_args_is_help": True,
    "add_completion": False,
    "rich_markup_mode": None,
    "pretty_exceptions_enable": False,
}
app = typer.Typer(**_SETTINGS)


@app.callback()
def _root() -> None:
    """村（社区）“救急难”互助社账本工具。"""


@app.command()
def check(
    path: PathArg,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出，供程序读取")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="只输出有问题的互助社")] = False,
) -> None:
    """检查账本是否符合政策规则；全部合规时退出码为 0。"""
    from jjn_ledger.rules.check import check_path

    reports = list(check_path(path))  # a county: its county-level rules (R16) too
    if not reports:
        raise NotALedger(str(path))
    if as_json:
        typer.echo(json.dumps([r.as_dict() for r in reports], ensure_ascii=False, indent=2))
    else:
        for report in reports:
            _print_report(report, quiet)
        bad = sum(1 for r in reports if r.errors)
        typer.echo(f"\n共检查 {len(reports)} 个互助社，{bad} 个有错误。")
    if any(r.errors for r in reports):
        raise typer.Exit(1)


def _print_report(report: SocietyReport, quiet: bool) -> None:
    if quiet and not report.problems:
        return
    status = "合规" if not report.errors else f"{len(report.errors)} 个错误"
    typer.echo(f"\n■ {report.title}（{report.folder}）：{status}")
    by_rule: dict[str, list[Problem]] = {}
    for p in report.problems:
        by_rule.setdefault(p.rule, []).append(p)
    for rule in sorted(by_rule, key=_rule_order):
        typer.echo(f"  {rule}：")
        for p in by_rule[rule]:
            kind = "错误" if p.severity == "error" else "提示"
            typer.echo(f"    [{kind}] {p.file}:{p.line}")
            typer.echo(f"        {p.message}")


def _rule_order(rule: str) -> tuple[int, str]:
    digits = "".join(c for c in rule if c.isdigit())
    return (int(digits) if digits else 999, rule)


def _register() -> None:
    from jjn_ledger.cli.apps import register
    from jjn_ledger.cli.usage import install_chinese_help

    install_chinese_help()
    register(app)


_register()


def for_command_line(argv: list[str]) -> typer.Typer:
    """The app with only the command or group that ``argv`` names in it.

    Typer turns every registered command, its parameters included, into a click command at each
    start: for 64 commands that was 35-40 ms of a 0.25 s ``jjn record … --help`` on this project's
    2-core machine, paid by every command a treasurer runs. A command line names one group or
    command, so only that one is built, and of a group only the command named next (``record``
    has 17); anything else (no name, ``--help``, a typo) gets the whole app or group, so helps and
    "no such command" read as before.
    """
    name = argv[1] if len(argv) > 1 else ""
    groups = [
        _lean_group(g, argv[2] if len(argv) > 2 else "")
        for g in app.registered_groups
        if g.name == name
    ]
    commands = [c for c in app.registered_commands if _command_name(c) == name]
    if not groups and not commands:
        return app
    lean = typer.Typer(**_SETTINGS)
    lean.registered_callback = app.registered_callback  # a group, even with one command in it
    lean.registered_groups = groups
    lean.registered_commands = commands
    return lean


def _lean_group(group: Any, name: str) -> Any:
    """``group`` with only its command ``name`` in it, or the whole group if it has none such."""
    sub = group.typer_instance
    commands = [c for c in sub.registered_commands if _command_name(c) == name]
    if not commands:
        return group
    lean, lean_sub = copy.copy(group), copy.copy(sub)
    lean_sub.registered_commands = commands
    lean.typer_instance = lean_sub
    return lean


def _command_name(command: Any) -> str:
    from typer.main import get_command_name

    if command.name:
        return str(command.name)
    return get_command_name(command.callback.__name__)


def _tolerant_output() -> None:
    """Messages quote what was typed, and a command line can carry lone surrogates (bytes that
    are not UTF-8 arrive as such): they are printed escaped (``\\udced``), never a traceback."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def main() -> None:
    """Entry point: run the app, turning every failure into a Chinese message and exit code."""
    from jjn_ledger.cli.usage import USAGE_EXIT, cx, usage_message

    _tolerant_output()
    try:
        code = for_command_line(sys.argv)(standalone_mode=False)
    except JjnError as exc:
        typer.echo(f"错误：{exc}", err=True)
        sys.exit(exc.exit_code)
    except cx.NoArgsIsHelpError as exc:
        typer.echo(exc.ctx.get_help() if exc.ctx else "", err=True)
        sys.exit(USAGE_EXIT)
    except cx.UsageError as exc:
        typer.echo(usage_message(exc), err=True)
        sys.exit(USAGE_EXIT)
    except OSError as exc:  # anything the OS refused outside the safe-write path
        where = f"（{exc.filename}）" if exc.filename else ""
        typer.echo(f"错误：文件读写失败{where}：{exc.strerror or exc}", err=True)
        sys.exit(1)
    except cx.ClickException as exc:
        typer.echo(f"错误：{exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        typer.echo("已中断，账本未改动。", err=True)
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)
