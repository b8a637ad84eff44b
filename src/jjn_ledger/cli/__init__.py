"""The ``jjn`` command line: a thin shell over the modules that do the work.

Heavy imports (beancount's loader, openpyxl, fava) happen inside the commands that need them,
so ``jjn --help`` starts fast on an old laptop. Every failure becomes a Chinese message and a
non-zero exit here, at one boundary.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from jjn_ledger.cli.arguments import SocietyOrCounty as PathArg
from jjn_ledger.errors import JjnError, NotALedger

if TYPE_CHECKING:
    from jjn_ledger.rules.check import Problem, SocietyReport

app = typer.Typer(
    name="jjn",
    help="村（社区）“救急难”互助社账本工具：建账、记账、检查、报表。",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


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


def main() -> None:
    """Entry point: run the app, turning every failure into a Chinese message and exit code."""
    from jjn_ledger.cli.usage import USAGE_EXIT, cx, usage_message

    try:
        code = app(standalone_mode=False)
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
