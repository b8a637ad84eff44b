"""The rulebook: what a rule is, what it finds, and how a finding becomes a ledger error.

Each policy rule lives in one module of ``jjn_ledger.rules`` with a ``RULE`` (id, Chinese title,
the seed text it comes from) and a ``check(entries, book)`` generator of ``Finding``s. The
Beancount plugins, ``jjn check``, the reports and the Fava pages all call these same functions,
so a rule is written once. Findings of severity "warning" (patterns for auditors to look at,
not broken rules) are not turned into Beancount errors.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

if TYPE_CHECKING:
    from beancount.core.data import Directive, Meta

    from jjn_ledger.ledger.profile import Book

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Rule:
    """A rule of the policy, as users see it named.

    ``blocks_writes``: whether a write that gives rise to this finding is refused. Preventive
    rules (caps, eligibility, the subsidy's source …) block: jjn will not record a breach it can
    prevent. Overdue rules (a deadline that has passed: R2 seed fund, R6 procedure, R10 notice)
    do not: the past cannot be prevented, only recorded truthfully, so the write lands and the
    finding stays in the books for the treasurer to resolve and auditors to see.
    """

    id: str
    title: str
    source: str
    severity: Severity = "error"
    blocks_writes: bool = True


@dataclass(frozen=True)
class Finding:
    """One broken rule (or one pattern to review) at one place in the ledger."""

    rule: Rule
    message: str
    meta: Meta | None
    entry: Directive | None = None

    @property
    def text(self) -> str:
        """The message as users read it: rule id and title first, the seed text last."""
        return f"[{self.rule.id} {self.rule.title}] {self.message}（依据：{self.rule.source}）"


class PolicyError(NamedTuple):
    """A Beancount error for a broken policy rule: ``source`` makes bean-check print file:line.

    ``rule`` travels with the error to ``jjn check`` and the write path, so nothing ever reads a
    rule's identity back out of the message text. ``None`` for jjn's own configuration errors.
    """

    source: Meta | None
    message: str
    entry: Directive | None
    rule: Rule | None = None


CONFIG = "配置"  # the rule id shown for an unreadable plugin configuration
BEANCOUNT = "Beancount"  # the rule id shown for Beancount's own errors
UNREADABLE = "读取"  # the rule id shown for a society of a county that could not be read


def rule_id(error: Any) -> str:
    """The rule an error of a load belongs to: a rule id, ``配置`` or ``Beancount``."""
    if isinstance(error, PolicyError):
        return error.rule.id if error.rule is not None else CONFIG
    return BEANCOUNT


def blocks_writes(error: Any) -> bool:
    """Whether a write that gives rise to this error is refused.

    Beancount's own errors (a failed balance, a syntax error) and configuration errors always
    block; a rule's error blocks unless the rule is an overdue one (``Rule.blocks_writes``).
    """
    if isinstance(error, PolicyError) and error.rule is not None:
        return error.rule.blocks_writes
    return True


Check = Callable[[Sequence["Directive"], "Book"], Iterable[Finding]]


@dataclass(frozen=True)
class RuleModule:
    """What a rule module provides."""

    rule: Rule
    check: Check


def as_errors(findings: Iterable[Finding]) -> list[PolicyError]:
    return [
        PolicyError(f.meta, f.text, f.entry, f.rule) for f in findings if f.rule.severity == "error"
    ]


def run(modules: Iterable[Any], entries: Sequence[Directive], book: Book) -> Iterator[Finding]:
    """Run the ``check`` of each rule module over the entries."""
    for module in modules:
        yield from module.check(entries, book)
