"""Plugin: R3 — the county subsidy names its source and never comes from social-assistance money.

See ``jjn_ledger.rules.r03_subsidy_source`` for the rule's manual.
"""

from __future__ import annotations

from functools import partial

from jjn_ledger.rules import r03_subsidy_source as rule
from jjn_ledger.rules.plugin import run_plugin

__plugins__ = ("r03_subsidy_source",)

r03_subsidy_source = partial(run_plugin, (rule,))
