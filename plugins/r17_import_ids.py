"""Plugin: R17 — an imported bank, WeChat, Alipay or register row is booked once.

See ``jjn_ledger.rules.r17_import_ids`` for the rule's manual.
"""

from __future__ import annotations

from functools import partial

from jjn_ledger.rules import r17_import_ids as rule
from jjn_ledger.rules.plugin import run_plugin

__plugins__ = ("r17_import_ids",)

r17_import_ids = partial(run_plugin, (rule,))
