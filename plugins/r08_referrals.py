"""Plugin: R8 — referral services are for registered people and known services.

See ``jjn_ledger.rules.r08_referrals`` for the rule's manual.
"""

from __future__ import annotations

from functools import partial

from jjn_ledger.rules import r08_referrals as rule
from jjn_ledger.rules.plugin import run_plugin

__plugins__ = ("r08_referrals",)

r08_referrals = partial(run_plugin, (rule,))
