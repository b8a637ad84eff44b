"""Plugin: R1 — the society's profile: name, registration, officers.

See ``jjn_ledger.rules.r01_society`` for the rule's manual.
"""

from __future__ import annotations

from functools import partial

from jjn_ledger.rules import r01_society as rule
from jjn_ledger.rules.plugin import run_plugin

__plugins__ = ("r01_society",)

r01_society = partial(run_plugin, (rule,))
