"""Plugin: R17 — a closed month's vouchers are numbered per word, without gaps or duplicates.

See ``jjn_ledger.rules.r17_vouchers`` for the rule's manual.
"""

from __future__ import annotations

from functools import partial

from jjn_ledger.rules import r17_vouchers as rule
from jjn_ledger.rules.plugin import run_plugin

__plugins__ = ("r17_vouchers",)

r17_vouchers = partial(run_plugin, (rule,))
