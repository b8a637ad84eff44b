"""Command-line usage errors in Chinese.

click (inside typer) words its usage errors in English ("No such option", "Missing argument").
A village treasurer should read them in Chinese, so ``cli.main`` runs the app in non-standalone
mode and turns click's exceptions into messages here. Only the wording changes: exit codes stay
click's (2 for a usage error).
"""

from __future__ import annotations

import re

try:  # typer >= 0.24 vendors click
    from typer._click import exceptions as cx
except ImportError:  # pragma: no cover - older typer uses click itself
    from click import exceptions as cx  # type: ignore[no-redef]

__all__ = ["USAGE_EXIT", "cx", "install_chinese_help", "say_pending", "usage_message"]

USAGE_EXIT = 2


def _hint(exc: cx.BadParameter) -> str:
    if exc.param_hint is not None:
        hint = exc.param_hint
        return " / ".join(hint) if isinstance(hint, list | tuple) else str(hint)
    if exc.param is not None:
        hint = getattr(exc.param, "get_error_hint")  # noqa: B009 - its signature varies
        try:  # typer's click takes no context here; click 8 does
            return str(hint())
        except TypeError:
            return str(hint(exc.ctx))
    return "参数"


_BAD_VALUES = (
    ("integer", "应为整数，例如 5000"),
    ("float", "应为数字"),
    ("number", "应为数字"),
    ("boolean", "应为 true 或 false"),
    ("path", "路径无效或不存在"),
    ("file", "文件不存在或无法读取"),
    ("directory", "文件夹不存在"),
    ("range", "超出允许的范围"),
)


def _bad_value(message: str) -> str:
    """click's and pydantic's English for a bad option value, in Chinese."""
    if re.search(r"[\u4e00-\u9fff]", message):
        return message
    lowered = message.lower()
    return next((zh for word, zh in _BAD_VALUES if word in lowered), "格式不对")


def usage_message(exc: cx.UsageError) -> str:
    """A Chinese message for a click usage error, with a pointer to the command's help."""
    if isinstance(exc, cx.NoSuchOption):
        text = f"没有选项 {exc.option_name}"
        if exc.possibilities:
            text += f"（是否想用：{'、'.join(sorted(exc.possibilities))}）"
    elif isinstance(exc, cx.MissingParameter):
        name = exc.param_type or (exc.param.param_type_name if exc.param else "")
        kind = {"argument": "参数", "option": "选项"}.get(name, "参数")
        text = f"缺少{kind} {_hint(exc)}"
    elif isinstance(exc, cx.BadParameter):
        text = f"{_hint(exc)} 的值无效：{_bad_value(exc.message)}"
    else:
        raw = exc.message
        if m := re.match(r"No such command '([^']+)'\.?(?: Did you mean '([^']+)'\?)?", raw):
            text = f"没有命令“{m.group(1)}”"
            if m.group(2):
                text += f"（是否想用：{m.group(2)}）"
        elif m := re.match(r"Got unexpected extra arguments? \((.+)\)", raw):
            text = f"多余的参数：{m.group(1)}"
        else:
            text = f"命令用法有误：{raw}"
    path = exc.ctx.command_path if exc.ctx is not None else "jjn"
    return f"错误：{text}。\n运行“{path} --help”查看用法。"


# --- help screens ---------------------------------------------------------------------------
#
# The headings and the help option of every help screen come from typer and its vendored click.
# typer looks its headings up through ``gettext`` at call time, and click hard-codes "Usage: "
# and the help option's text; ``install_chinese_help`` swaps those few strings. Each swap is
# guarded: with another typer version a screen may fall back to English, never break.

HELP_TEXT = {
    "Arguments": "参数",
    "Options": "选项",
    "Commands": "命令",
    "required": "必填",
    "default: {default}": "默认：{default}",
    "env var: {var}": "环境变量：{var}",
    "Aborted!": "已取消。",
}


def install_chinese_help() -> None:
    try:
        import typer.core as typer_core

        setattr(typer_core, "_", lambda text: HELP_TEXT.get(text, text))  # noqa: B010
    except (ImportError, AttributeError):  # pragma: no cover - other typer versions
        pass
    try:
        from typer._click import core as click_core
        from typer._click import formatting

        write_usage = formatting.HelpFormatter.write_usage

        def usage_in_chinese(
            self: formatting.HelpFormatter, prog: str, args: str = "", prefix: str | None = None
        ) -> None:
            write_usage(self, prog, args, "用法：" if prefix is None else prefix)

        formatting.HelpFormatter.write_usage = usage_in_chinese  # type: ignore[method-assign]
        get_help_option = click_core.Command.get_help_option

        def help_option_in_chinese(self: click_core.Command, ctx: click_core.Context) -> object:
            option = get_help_option(self, ctx)
            if option is not None:
                option.help = "显示本帮助并退出"
            return option

        click_core.Command.get_help_option = help_option_in_chinese  # type: ignore[method-assign,assignment]
    except (ImportError, AttributeError):  # pragma: no cover - other typer versions
        pass


def say_pending(result: object) -> None:
    """After a write: the overdue findings it gave rise to, which did not block it.

    The write has landed; these stay in the books (``jjn check`` lists them) until resolved,
    e.g. by recording last month's notice.
    """
    import typer

    pending = getattr(result, "pending", ())
    if pending:
        typer.echo(
            "注意：已记账，但账本有待处理的逾期事项（不影响本次记账，请尽快处理）：", err=True
        )
        for line in pending:
            typer.echo(f"  {line}", err=True)
