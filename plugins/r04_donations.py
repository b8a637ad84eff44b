"""Plugin: R4 — donations: a named donor and channel, no public fundraising, no apportionment.

See ``jjn_ledger.rules.r04_donations`` for the rule's manual.
"""

from __future__ import annotations

from functools import partial

from jjn_ledger.rules import r04_donations as rule
from jjn_ledger.rules.plugin import run_plugin

__plugins__ = ("r04_donations",)

r04_donations = partial(run_plugin, (rule,))
