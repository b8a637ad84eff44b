"""A refused import told by source row: ``statement.csv:12``, not a month file never written.

``safewrite.commit_entries`` judges the books as they would be, so a refused entry's error
points at the line it would have had in ``books/2019-09.beancount`` — a file that may not
exist, and that the treasurer never saw. The entries of an import carry their source file and
line (``filename``/``lineno`` meta); this module works out which planned line belongs to which
entry, the way ``safewrite.appended`` lays them out, and puts the source row in the message.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from beancount.core import data
from beancount.parser import printer

from jjn_ledger.errors import RuleViolation
from jjn_ledger.ledger import layout

_WHERE = re.compile(r"([^\s:：]+\.beancount):(\d+)")


def planned_lines(
    folder: Path, entries: Sequence[data.Directive]
) -> dict[str, list[tuple[int, int, data.Directive]]]:
    """Per month file (relative to ``folder``): (first line, last line, entry) of each entry."""
    by_file: dict[Path, list[data.Directive]] = {}
    for entry in entries:
        target = layout.month_file(folder, entry.date.year, entry.date.month)
        by_file.setdefault(target, []).append(entry)
    out: dict[str, list[tuple[int, int, data.Directive]]] = {}
    for path, chunk in by_file.items():
        old = path.read_text("utf-8") if path.exists() else ""
        line = len(old.rstrip("\n").split("\n")) + 2 if old.strip() else 1
        spans = []
        for entry in chunk:
            size = printer.format_entry(entry).count("\n")
            spans.append((line, line + size - 1, entry))
            line += size + 1  # entries are joined with one blank line
        out[str(path.relative_to(folder))] = spans
    return out


def refused_by_source(
    exc: RuleViolation, folder: Path, entries: Sequence[data.Directive]
) -> RuleViolation:
    """The same refusal, each planned ``file:line`` of an imported entry replaced by its row."""
    spans = planned_lines(folder, entries)

    def source(match: re.Match[str]) -> str:
        lineno = int(match.group(2))
        for first, last, entry in spans.get(match.group(1), []):
            if first <= lineno <= last and "lineno" in entry.meta:
                name = Path(str(entry.meta.get("filename", ""))).name
                return f"来源 {name}:{entry.meta['lineno']}（{entry.date}）"
        return match.group(0)

    return RuleViolation(_WHERE.sub(source, str(exc)))
