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

USAGE_EXIT = 2


def _hint(exc: cx.BadParameter) -> str:
    if exc.param_hint is not None:
        hint = exc.param_hint
        return " / ".join(hint) if isinstance(hint, list | tuple) else str(hint)
    if exc.param is not None:
        try:  # typer's click takes no context here; click 8 does
            return str(exc.param.get_error_hint())  # type: ignore[call-arg]
        except TypeError:
            return str(exc.param.get_error_hint(exc.ctx))
    return "参数"


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
        text = f"{_hint(exc)} 的值无效：{exc.message}"
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
