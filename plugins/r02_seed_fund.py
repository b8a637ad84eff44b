"""Plugin: R2 — the seed fund: at least 30,000 yuan at founding, from its three sources.

See ``jjn_ledger.rules.r02_seed_fund`` for the rule's manual.
"""

from __future__ import annotations

from functools import partial

from jjn_ledger.rules import r02_seed_fund as rule
from jjn_ledger.rules.plugin import run_plugin

__plugins__ = ("r02_seed_fund",)

r02_seed_fund = partial(run_plugin, (rule,))
