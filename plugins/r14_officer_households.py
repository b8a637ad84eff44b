"""Plugin: R14 — aid to officers' households (关系保、人情保) is held for review.

See ``jjn_ledger.rules.r14_officer_households`` for the rule's manual.
"""

from __future__ import annotations

from functools import partial

from jjn_ledger.rules import r14_officer_households as rule
from jjn_ledger.rules.plugin import run_plugin

__plugins__ = ("r14_officer_households",)

r14_officer_households = partial(run_plugin, (rule,))
