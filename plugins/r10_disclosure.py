"""Plugin: R10 — monthly disclosure: last month's aid posted before the 5th working day, 7 days.

See ``jjn_ledger.rules.r10_disclosure`` for the rule's manual.
"""

from __future__ import annotations

from functools import partial

from jjn_ledger.rules import r10_disclosure as rule
from jjn_ledger.rules.plugin import run_plugin

__plugins__ = ("r10_disclosure",)

r10_disclosure = partial(run_plugin, (rule,))
