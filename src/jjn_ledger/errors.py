"""Failures of an operation (not problems in the books): each has a fixed Chinese message.

Problems *in* a ledger are findings and come back as data. These exceptions are for a command
that cannot do what it was asked; the CLI turns them into a message and a non-zero exit at one
boundary (``cli.main``).
"""

from __future__ import annotations


class JjnError(Exception):
    """Base: ``str(exc)`` is the message shown to the user; ``exit_code`` the process status."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class NotALedger(JjnError):
    """The path given is not a society folder or a folder of them."""

    def __init__(self, path: str) -> None:
        super().__init__(f"找不到互助社账本：{path} 下没有 main.beancount")


class RuleViolation(JjnError):
    """A write was refused because it would break a rule; nothing was written."""

    exit_code = 1
