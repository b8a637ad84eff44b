"""``jjn check``: load each society with its rules and group what is wrong by rule.

Errors come from the same plugins ``bean-check`` and Fava run, so the three never disagree.
Warnings (patterns for auditors, not broken rules) come from the same rule modules, run here on
the loaded entries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from jjn_ledger.ledger import layout
from jjn_ledger.ledger.beancount_messages import in_chinese
from jjn_ledger.ledger.load import Loaded, load
from jjn_ledger.ledger.society import book_of
from jjn_ledger.rules import ALL
from jjn_ledger.rules import base as rulebook
from jjn_ledger.rules.plugin import WARNINGS


@dataclass(frozen=True)
class Problem:
    """One problem as ``jjn check`` reports it."""

    rule: str  # "R7", or "Beancount" for the ledger's own errors
    severity: str
    file: str
    line: int
    message: str


@dataclass
class SocietyReport:
    folder: str
    title: str
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def as_dict(self) -> dict[str, Any]:
        return {
            "folder": self.folder,
            "title": self.title,
            "errors": [asdict(p) for p in self.errors],
            "warnings": [asdict(p) for p in self.warnings],
        }


def _where(source: Any) -> tuple[str, int]:
    if isinstance(source, dict):
        return str(source.get("filename", "")), int(source.get("lineno") or 0)
    return "", 0


def problems_of(loaded: Loaded) -> list[Problem]:
    """Errors of the load (rules and Beancount's own) and the rules' warnings.

    The warnings are the ones the jjn plugin left in the options map during the load; a ledger
    loaded without the plugin has its rules run here once, for its warnings only.
    """
    out = []
    for err in loaded.errors:
        file, line = _where(err.source)
        rule = rulebook.rule_id(err)
        out.append(Problem(rule, "error", file, line, in_chinese(err.message)))
    warnings = loaded.options.get(WARNINGS)
    if warnings is None:
        book = book_of(loaded.entries, loaded.options)
        found = rulebook.run(ALL, loaded.entries, book)
        warnings = [f for f in found if f.rule.severity == "warning"]
    for finding in warnings:
        file, line = _where(finding.meta)
        out.append(Problem(finding.rule.id, "warning", file, line, finding.text))
    return out


def check_society(folder: Path) -> SocietyReport:
    loaded = load(folder)
    title = str(loaded.options.get("title") or folder.name)
    return SocietyReport(str(folder), title, problems_of(loaded))


def check_path(path: Path) -> Iterable[SocietyReport]:
    for folder in layout.society_folders(path):
        yield check_society(folder)
