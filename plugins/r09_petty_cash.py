"""Plugin: R9 — petty cash: never negative, never above its ceiling.

See ``jjn_ledger.rules.r09_petty_cash`` for the rule's manual.
"""

from __future__ import annotations

from functools import partial

from jjn_ledger.rules import r09_petty_cash as rule
from jjn_ledger.rules.plugin import run_plugin

__plugins__ = ("r09_petty_cash",)

r09_petty_cash = partial(run_plugin, (rule,))
