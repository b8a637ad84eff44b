"""What every jjn importer shares: the outcomes of a file, and the beangulp importer base.

The files treasurers bring are exports made for people, not programs: a bank puts a title and
the account number above the header, saves in GBK or UTF-8 with a BOM, as CSV, XLSX, XLS or
PDF; WeChat and Alipay put a dozen lines of notes first and a ruler after. beangulp's
``csvbase.Importer`` assumes a fixed number of skipped lines and one encoding, so jjn keeps
its idea — one row object per line, the line number kept — and adds what these files need:
the file read whatever it is (``importers.tables``), the columns found by a layout profile
(``importers.layouts``), the table ended at its ruler or footer (``importers.rows``), each
cell read as what its column needs (``importers.cells``), each row given a stable
``import-id`` (``importers.identity``). This module is what an ``import.py`` sees: the
``JjnImporter`` base and the hooks beangulp and Fava call.

Outcomes per row, and the difference matters:

* an entry (with ``filename``/``lineno`` meta like beangulp's, and a stable ``import-id``);
* ``unknown`` (listed for review): a row that cannot be booked without a human decision (an
  outgoing transfer to a person may be aid — it needs recipient, cause and matter; a refund
  belongs to the payment it returns). Never guessed; the CLI refuses to write while there are
  any, unless the treasurer skips them explicitly;
* ``skipped``: a row that is not money of the society (a closed payment, a withdrawal the
  bank statement books, a zero amount), listed for the record;
* ``before_opening``: a row dated before the society's accounts were opened.

A file that cannot be read at all (wrong encoding, no header, a text in an amount column, an
``.xlsx`` that is really a CSV) raises ``ImportFileError`` with a fixed Chinese message naming
file and line, so nothing half-read is ever written.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import beangulp
from beancount.core import data
from beangulp import exceptions

from jjn_ledger.errors import JjnError
from jjn_ledger.ledger.chart import Chart, load_chart

from .errors import ImportFileError
from .identity import IMPORT_ID, existing_ids

__all__ = ["ImportFileError"]  # re-exported: every importer module raises it


class UnclassifiedRows(JjnError, exceptions.Error):  # type: ignore[misc]
    """Rows that need a human decision; raised by ``extract`` so beangulp/Fava show them."""

    exit_code = 1

    def __init__(self, problems: Sequence[RowProblem]) -> None:
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(
            f"有 {len(problems)} 行无法自动归类，未导入任何记录：\n{lines}\n"
            "请用 jjn record 手工记账，或用 jjn import … --skip-unknown 跳过这些行。"
        )
        self.args = (self.message,)
        self.problems = list(problems)

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class RowProblem:
    """A row left out of the import, with where it is and why."""

    filename: str
    lineno: int
    message: str

    def __str__(self) -> str:
        return f"第 {self.lineno} 行（{Path(self.filename).name}:{self.lineno}）：{self.message}"


@dataclass
class Extraction:
    """What an importer made of one file."""

    entries: list[data.Directive] = field(default_factory=list)
    unknown: list[RowProblem] = field(default_factory=list)
    skipped: list[RowProblem] = field(default_factory=list)
    before_opening: list[RowProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    layout: str = ""
    last_day: datetime.date | None = None  # of any row read, booked or not

    @property
    def review(self) -> list[RowProblem]:
        """Rows listed for a person to decide (``unknown``)."""
        return self.unknown

    @property
    def not_booked(self) -> list[RowProblem]:
        """Rows skipped on purpose: not the society's money, or dated before it existed."""
        return [*self.skipped, *self.before_opening]


# --- the hooks of beangulp and Fava --------------------------------------------------------


def drop_already_imported(
    extracted: Sequence[tuple[Any, ...]], existing: Sequence[data.Directive]
) -> list[tuple[Any, ...]]:
    """An import hook (beangulp ``Ingest`` and Fava's ``HOOKS``): leave out entries already booked.

    beangulp passes ``(filename, entries, account, importer)`` tuples, Fava ``(filename,
    entries)``; both keep their shape. beangulp has already appended the new entries to
    ``existing`` when hooks run, so those are not counted as already booked.
    """
    fresh = {id(e) for item in extracted for e in item[1]}
    known = existing_ids([e for e in existing if id(e) not in fresh])
    return [
        (item[0], [e for e in item[1] if e.meta.get(IMPORT_ID) not in known], *item[2:])
        for item in extracted
    ]


def mark_duplicates(entries: Sequence[data.Directive], existing: Sequence[data.Directive]) -> None:
    """beangulp's ``deduplicate`` protocol, by ``import-id`` instead of a similarity guess."""
    known = {e.meta[IMPORT_ID]: e for e in existing if isinstance(e.meta.get(IMPORT_ID), str)}
    for entry in entries:
        target = known.get(entry.meta.get(IMPORT_ID))
        if target is not None:
            entry.meta["__duplicate__"] = target


# --- the importer base ---------------------------------------------------------------------


def hold_before_opening(found: Extraction, existing: Sequence[data.Directive]) -> None:
    """Move entries dated before their accounts were opened to ``found.before_opening``.

    A bill or statement often starts before the society existed (a treasurer's own account, a
    statement of the whole year). Those rows are not the society's: they are listed with their
    source line, never written (Beancount would refuse them against a ledger file that does not
    exist yet). A closing ``balance`` cannot hold once rows are left out, so it goes too.
    """
    opened = {e.account: e.date for e in existing if isinstance(e, data.Open)}
    if not opened:
        return
    keep: list[data.Directive] = []
    for entry in found.entries:
        accounts = (
            [p.account for p in entry.postings]
            if isinstance(entry, data.Transaction)
            else [getattr(entry, "account", "")]
        )
        late = max((opened[a] for a in accounts if a in opened), default=None)
        if late is not None and entry.date < late and not isinstance(entry, data.Balance):
            found.before_opening.append(
                RowProblem(
                    str(entry.meta.get("filename", "")),
                    int(entry.meta.get("lineno", 0)),
                    f"{entry.date} 早于本社账户开设日期 {late}（互助社成立之前），不入账",
                )
            )
        else:
            keep.append(entry)
    if found.before_opening:
        keep = [e for e in keep if not isinstance(e, data.Balance)]
    found.entries = keep


class JjnImporter(beangulp.Importer):  # type: ignore[misc]
    """A beangulp importer that books into a society's chart and never guesses.

    Subclasses implement ``collect``, which returns entries *and* the rows it could not book;
    ``parse`` adds the rows dated before the society's accounts were opened. ``extract`` (what
    beangulp and Fava's import page call) refuses the file while any row is unclassified,
    unless the importer was made with ``skip_unknown=True``; then the rows left out are told
    to ``say`` (``import.py`` prints them on stderr) and the rest is returned. ``jjn import``
    calls ``parse`` itself to print a summary before it writes anything.

    ``layout_dirs`` are folders of layout profiles (``importers.layouts``) beside the packaged
    ones: the county's and the society's ``layouts/``.
    """

    kind = "jjn"
    account_key = "bank"

    def __init__(
        self,
        chart: Chart | None = None,
        *,
        skip_unknown: bool = False,
        layout_dirs: Sequence[Path] = (),
        say: Callable[[str], None] | None = None,
    ) -> None:
        self.chart = chart or load_chart()
        self.skip_unknown = skip_unknown
        self.layout_dirs = tuple(layout_dirs)
        self.say = say

    def collect(self, filepath: str, existing: Sequence[data.Directive] = ()) -> Extraction:
        raise NotImplementedError

    def parse(self, filepath: str, existing: Sequence[data.Directive] = ()) -> Extraction:
        found = self.collect(filepath, existing)
        hold_before_opening(found, existing)
        for problems in (found.unknown, found.skipped, found.before_opening):
            problems.sort(key=lambda p: p.lineno)
        return found

    def account(self, filepath: str) -> data.Account:
        return self.chart.account(self.account_key)

    def extract(self, filepath: str, existing: data.Entries) -> data.Entries:
        found = self.parse(filepath, existing or ())
        if found.unknown and not self.skip_unknown:
            raise UnclassifiedRows(found.unknown)
        if self.say is not None:
            self.say("")  # beangulp has written "* file ..." without a line break
            for line in listing(filepath, found):
                self.say(line)
        return found.entries

    def deduplicate(self, entries: data.Entries, existing: data.Entries) -> None:
        mark_duplicates(entries, existing)

    def date(self, filepath: str) -> datetime.date | None:
        """The last day the file covers, booked or not (beangulp files documents under it)."""
        try:
            found = self.parse(filepath)
        except JjnError:
            return None
        return max((e.date for e in found.entries), default=found.last_day)


def listing(filepath: str, found: Extraction) -> list[str]:
    """What was left out of a file, in the words ``jjn import`` uses."""
    name = Path(filepath).name
    lines = [f"{name}：{len(found.entries)} 条记录可导入（格式：{found.layout or '—'}）"]
    lines += [f"  {note}" for note in found.notes]
    for title, problems in (
        ("待核对（请手工记账）", found.unknown),
        ("不入账", found.skipped),
        ("互助社成立之前，不入账", found.before_opening),
    ):
        if problems:
            lines.append(f"  {len(problems)} 行{title}：")
            lines += [f"    {p}" for p in problems]
    return lines
