"""Plugin: R10 — what was posted on the notice board or filed with the township stays as it was.

See ``jjn_ledger.rules.r10_published`` for the rule's manual.
"""

from __future__ import annotations

from functools import partial

from jjn_ledger.rules import r10_published as rule
from jjn_ledger.rules.plugin import run_plugin

__plugins__ = ("r10_published",)

r10_published = partial(run_plugin, (rule,))
