"""Plugin: R6 — procedure and deadlines: investigate and pay within 1 working day each.

See ``jjn_ledger.rules.r06_deadlines`` for the rule's manual.
"""

from __future__ import annotations

from functools import partial

from jjn_ledger.rules import r06_deadlines as rule
from jjn_ledger.rules.plugin import run_plugin

__plugins__ = ("r06_deadlines",)

r06_deadlines = partial(run_plugin, (rule,))
