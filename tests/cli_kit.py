"""Driving ``jjn`` in tests through typer's runner: the app itself, real files, no mocks.

``ok`` asserts success and returns the output; ``fails`` asserts a refusal with a ``JjnError``
(the Chinese message ``cli.main`` would print) and returns that message.
"""

from __future__ import annotations

from typer.testing import CliRunner

from jjn_ledger.cli import app
from jjn_ledger.errors import JjnError

runner = CliRunner()


def ok(args: list[str]) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, (result.output, result.exception)
    return result.output


def fails(args: list[str]) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code != 0
    assert isinstance(result.exception, JjnError), result.exception
    return str(result.exception)


def said(result: object) -> str:
    """What the user reads: the output, or the JjnError message ``cli.main`` would print."""
    return str(getattr(result, "output", "")) + str(getattr(result, "exception", None) or "")
