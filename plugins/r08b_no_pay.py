"""Plugin: R8b — members and officers take no pay.

See ``jjn_ledger.rules.r08b_no_pay`` for the rule's manual.
"""

from __future__ import annotations

from functools import partial

from jjn_ledger.rules import r08b_no_pay as rule
from jjn_ledger.rules.plugin import run_plugin

__plugins__ = ("r08b_no_pay",)

r08b_no_pay = partial(run_plugin, (rule,))
