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

from jjn_ledger.errors import JjnError, printable
from jjn_ledger.ledger import layout
from jjn_ledger.ledger.beancount_messages import in_chinese
from jjn_ledger.ledger.journal import reading
from jjn_ledger.ledger.load import Loaded, load
from jjn_ledger.ledger.policy import Policy, default_policy
from jjn_ledger.ledger.society import book_of
from jjn_ledger.rules import ALL, r16_sharing
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


NO_PLUGIN = (
    '顶层账本文件没有启用 jjn 规则插件（应有一行 plugin "{plugin}"），'
    "bean-check 和 Fava 都不会按政策检查这本账：请把这一行加回 main.beancount"
)
PLUGIN_FAILED = "jjn 规则插件没有运行（{detail}），这本账没有按政策检查：请重新安装 jjn-ledger"


def plugin_problems(loaded: Loaded) -> list[Problem]:
    """A ledger whose top-level file does not run the jjn plugin is an error, never 合规.

    Without the ``plugin`` line (or with an empty ``main.beancount``) Beancount runs no rules, so
    its silence means nothing; a plugin that fails to import leaves only Beancount's own error.
    Both are said here, in Chinese, where ``jjn check``, the county engine and the Fava pages
    all read their problems.
    """
    main = str(loaded.path)
    names = [name for name, _ in loaded.options.get("plugin", [])]
    if layout.PLUGIN not in names:
        return [Problem("插件", "error", main, 1, NO_PLUGIN.format(plugin=layout.PLUGIN))]
    if WARNINGS not in loaded.options:  # listed, but it never ran: it could not be imported
        failed = [e for e in loaded.errors if layout.PLUGIN in str(e.message)]
        detail = in_chinese(str(failed[0].message)) if failed else "原因不明"
        return [Problem("插件", "error", main, 1, PLUGIN_FAILED.format(detail=detail))]
    return []


def problems_of(loaded: Loaded) -> list[Problem]:
    """Errors of the load (rules and Beancount's own) and the rules' warnings.

    The warnings are the ones the jjn plugin left in the options map during the load; a ledger
    loaded without the plugin has its rules run here once, for its warnings only (its missing
    plugin line is an error of its own, ``plugin_problems``).
    """
    out = plugin_problems(loaded)
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
    report, _, _ = _check(folder)
    return report


def _check(folder: Path) -> tuple[SocietyReport, list[r16_sharing.SharedCase], Policy]:
    """One society's report, and what the county-level rules need of it."""
    loaded = load(folder)
    title = str(loaded.options.get("title") or folder.name)
    book = book_of(loaded.entries, loaded.options)
    cases = r16_sharing.cases_of(loaded.entries, book, str(folder))
    return SocietyReport(str(folder), title, problems_of(loaded)), cases, book.policy


def check_path(path: Path) -> Iterable[SocietyReport]:
    """Each society at or below ``path``; for a county, the county-level rules (R16) too.

    A single society is reported as it is loaded (what bean-check says, plus warnings). Given
    more than one society, every report waits for all of them, because a duplicate across
    societies is only known once all are read; the county-level rules use the policy of the
    first society (a county configures its societies alike).
    """
    folders = list(layout.society_folders(path))
    if len(folders) == 1:
        with reading(folders[0]):  # never half of a write that was killed
            report = check_society(folders[0])
        yield report
        yield from _register_report(path)
        return
    reports: dict[str, SocietyReport] = {}
    cases: list[r16_sharing.SharedCase] = []
    policy: Policy | None = None
    for folder in folders:
        try:
            with reading(folder):
                report, found, society_policy = _check(folder)
        except JjnError as exc:  # one society that cannot be read must not hide the others
            reports[str(folder)] = _unreadable(folder, exc)
            continue
        reports[report.folder] = report
        cases.extend(found)
        policy = policy or society_policy
    for society, finding in r16_sharing.check_county(cases, policy or default_policy()):
        file, line = _where(finding.meta)
        reports[society].problems.append(
            Problem(finding.rule.id, finding.rule.severity, file, line, finding.text)
        )
    yield from reports.values()
    yield from _register_report(path)


def _unreadable(folder: Path, exc: JjnError) -> SocietyReport:
    """A society of a county that could not be read, as a report with that one error."""
    where = printable(str(folder / layout.MAIN))
    return SocietyReport(
        printable(str(folder)),
        printable(folder.name),
        [Problem(rulebook.UNREADABLE, "error", where, 0, str(exc))],
    )


def _register_report(path: Path) -> Iterable[SocietyReport]:
    register = anchor_register_report(path)
    if register is not None:
        yield register


def anchor_register_report(path: Path) -> SocietyReport | None:
    """The county's anchor register itself, when its hash chain is broken (else None).

    Each society's books are compared with the register by R10 and R17; whether the register
    was itself edited is a property of the whole file, reported once.
    """
    from jjn_ledger.ledger import anchors, county_secret

    register = anchors.read(county_secret.county_for(path))
    if register is None or not register.problems:
        return None
    problems = [
        Problem("R17", "error", str(register.path), 0, f"[R17 县锚定登记簿] {text}")
        for text in register.problems
    ]
    return SocietyReport(str(register.path), "县锚定登记簿", problems)
