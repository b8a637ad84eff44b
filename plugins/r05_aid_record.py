"""Plugin: R5 — who may be aided, and what every aid payment must say.

See ``jjn_ledger.rules.r05_aid_record`` for the rule's manual.
"""

from __future__ import annotations

from functools import partial

from jjn_ledger.rules import r05_aid_record as rule
from jjn_ledger.rules.plugin import run_plugin

__plugins__ = ("r05_aid_record",)

r05_aid_record = partial(run_plugin, (rule,))
