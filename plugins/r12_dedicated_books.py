"""Plugin: R12 — dedicated books: money is spent only through the permitted expense accounts.

See ``jjn_ledger.rules.r12_dedicated_books`` for the rule's manual.
"""

from __future__ import annotations

from functools import partial

from jjn_ledger.rules import r12_dedicated_books as rule
from jjn_ledger.rules.plugin import run_plugin

__plugins__ = ("r12_dedicated_books",)

r12_dedicated_books = partial(run_plugin, (rule,))
