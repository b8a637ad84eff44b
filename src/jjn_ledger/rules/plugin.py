"""Run rule modules as a Beancount plugin: ``(entries, options_map, config) -> (entries, errors)``.

The plugin never raises: a bad config string becomes one error (at the ledger's first line) and
the rules run with the policy defaults, so the ledger still gets checked. Entries are returned
unchanged; the rules only read.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from types import ModuleType
from typing import Any

from beancount.core import data

from jjn_ledger.errors import printable
from jjn_ledger.ledger import layout
from jjn_ledger.ledger.policy import Policy
from jjn_ledger.ledger.profile import read_book
from jjn_ledger.ledger.society import read_policy
from jjn_ledger.rules import base as rulebook


def policy_or_error(
    config: str | None, options_map: dict[str, Any]
) -> tuple[Policy, list[rulebook.PolicyError]]:
    """The policy in force, and an error if the plugin config could not be read."""
    policy, detail = read_policy(config)
    return policy, [] if detail is None else [_config_error(options_map, detail)]


def _config_error(options_map: dict[str, Any], detail: str) -> rulebook.PolicyError:
    where = data.new_metadata(options_map.get("filename") or "<jjn>", 1)
    message = f"[配置] jjn 插件配置无法读取，已按政策默认值检查：{detail}"
    return rulebook.PolicyError(where, message, None)


def foreign_file_errors(options_map: dict[str, Any]) -> list[rulebook.PolicyError]:
    """An error for each file the books loaded from outside their folder (``layout``)."""
    main = options_map.get("filename")
    if not isinstance(main, str):
        return []
    return [
        rulebook.PolicyError(
            data.new_metadata(main, 1),
            f"[配置] 账本引用了本社文件夹之外的文件 {printable(path)}：互助社的账本只能由本社"
            f"文件夹内的文件组成（服务器也不显示这样的账本），请把该文件移入本社文件夹，"
            f"或删去引用它的 include",
            None,
        )
        for path in layout.foreign_files(main, options_map.get("include") or ())
    ]


WARNINGS = "jjn.warnings"  # options-map key: the rules' warnings, for ``jjn check`` and Fava pages


def run_plugin(
    modules: Iterable[ModuleType],
    entries: list[data.Directive],
    options_map: dict[str, Any],
    config: str | None = None,
) -> tuple[list[data.Directive], list[rulebook.PolicyError]]:
    """Run the rules once: errors go to Beancount; warnings are left in the options map.

    Beancount has no warnings, and running every rule again just to collect them doubled the
    cost of ``jjn check`` and the county summaries; the options map is the one object the
    loader hands back to its caller (Fava reads only the options it knows).
    """
    policy, errors = policy_or_error(config, options_map)
    errors.extend(foreign_file_errors(options_map))
    # The loaded entries are long-lived; without freezing them, every full collection the rules
    # trigger walks all of them, and rule time grows faster than the ledger (measured: 46 vs 32
    # µs per transaction at 11,500 transactions).
    gc.freeze()
    try:
        book = read_book(entries, policy, options_map.get("include") or ())
        findings = list(rulebook.run(modules, entries, book))
    finally:
        gc.unfreeze()
    errors.extend(rulebook.as_errors(findings))
    warnings = options_map.setdefault(WARNINGS, [])
    warnings.extend(f for f in findings if f.rule.severity == "warning")
    return entries, errors
