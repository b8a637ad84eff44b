"""Beancount plugins of jjn-ledger (``jjn_ledger.plugins.*``).

A society ledger needs one line in its top-level file::

    plugin "jjn_ledger.plugins.rules"

which runs every rule of ``jjn_ledger.rules``. Each rule is also a plugin of its own
(``jjn_ledger.plugins.r07_aid_caps`` …) for a ledger that wants only some. An optional config
string overrides policy numbers for a county, e.g.
``plugin "jjn_ledger.plugins.rules" "{'petty_cash': {'ceiling': 3000}}"``.
"""
