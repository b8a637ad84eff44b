"""Plugin: R11 — one person, one file (一人一档): the recipient register must be valid.

See ``jjn_ledger.rules.r11_register`` for the rule's manual.
"""

from __future__ import annotations

from functools import partial

from jjn_ledger.rules import r11_register as rule
from jjn_ledger.rules.plugin import run_plugin

__plugins__ = ("r11_register",)

r11_register = partial(run_plugin, (rule,))
