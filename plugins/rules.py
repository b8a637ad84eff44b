"""All jjn policy rules in one plugin, so a ledger needs one ``plugin`` line.

The rules share one reading of the profile and policy (``book.read_book``) instead of each
re-reading it, which keeps the whole set close to the cost of plain ``bean-check``.
"""

from __future__ import annotations

from typing import Any

from beancount.core import data

from jjn_ledger.rules import ALL
from jjn_ledger.rules.base import PolicyError
from jjn_ledger.rules.plugin import run_plugin

__plugins__ = ("rules",)


def rules(
    entries: list[data.Directive], options_map: dict[str, Any], config: str | None = None
) -> tuple[list[data.Directive], list[PolicyError]]:
    return run_plugin(ALL, entries, options_map, config)
