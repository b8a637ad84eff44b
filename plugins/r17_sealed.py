"""Plugin: R17 — a closed month is locked: its entries must still match the seal.

See ``jjn_ledger.rules.r17_sealed`` for the rule's manual.
"""

from __future__ import annotations

from functools import partial

from jjn_ledger.rules import r17_sealed as rule
from jjn_ledger.rules.plugin import run_plugin

__plugins__ = ("r17_sealed",)

r17_sealed = partial(run_plugin, (rule,))
