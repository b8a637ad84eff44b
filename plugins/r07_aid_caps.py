"""Plugin: R7 — aid caps and frequency: 500 / 1,000 yuan per person per time, once a year.

See ``jjn_ledger.rules.r07_aid_caps`` for the rule's manual.
"""

from __future__ import annotations

from functools import partial

from jjn_ledger.rules import r07_aid_caps as rule
from jjn_ledger.rules.plugin import run_plugin

__plugins__ = ("r07_aid_caps",)

r07_aid_caps = partial(run_plugin, (rule,))
