"""What every jjn importer shares: rows below a layout's header, cell parsing, identity, outcomes.

The files treasurers bring are exports made for people, not programs: a bank puts a title and
the account number above the header, saves in GBK or UTF-8 with a BOM, as CSV, XLSX, XLS or
PDF; WeChat and Alipay put a dozen lines of notes first and a ruler after. beangulp's
``csvbase.Importer`` assumes a fixed number of skipped lines and one encoding, so jjn keeps
its idea — one row object per line, the line number kept — and adds what these files need:
the file read whatever it is (``importers.tables``), the columns found by a layout profile
(``importers.layouts``), the table ended at its ruler or footer (``layout_rows``).

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
import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import beangulp
from beancount.core import data
from beangulp import exceptions, similar

from jjn_ledger.errors import JjnError
from jjn_ledger.ledger import hygiene
from jjn_ledger.ledger.chart import Chart, load_chart

from .errors import ImportFileError
from .layouts import Found
from .tables import Rows

__all__ = ["ImportFileError"]  # re-exported: every importer module raises it

HEADER_SEARCH_ROWS = 40
CENT = Decimal("0.01")
TOO_LARGE = Decimal(10) ** 12  # no register row is a trillion yuan; larger cannot be quantized
IMPORT_ID = "import-id"


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


# --- cells ---------------------------------------------------------------------------------


def text(value: object) -> str:
    """A cell as text, never evaluated: ``=SUM(A1)`` stays the nine characters it is."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\t", "").strip()


_AMOUNT_NOISE = re.compile(r"[¥￥,，\s元]")
_DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%Y%m%d",
    "%Y.%m.%d",
    "%Y年%m月%d日",
    "%Y-%m-%d %H:%M:%S",
    "%Y/%m/%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M",
    "%Y%m%d %H:%M:%S",
)


class CellError(ValueError):
    """A cell that does not hold what its column needs; the message is Chinese."""


def parse_amount(value: object) -> Decimal | None:
    """Money in yuan from a cell; empty cells (and "-", "/") are None, text is an error."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
    else:
        raw = _AMOUNT_NOISE.sub("", text(value))
        if raw in ("", "-", "--", "/"):
            return None
        try:
            number = Decimal(raw)
        except InvalidOperation:
            raise CellError(f"“{text(value)}”不是金额") from None
    if not number.is_finite() or abs(number) >= TOO_LARGE or number != number.quantize(CENT):
        raise CellError(f"“{text(value)}”不是以元为单位、最多两位小数的金额")
    return number.quantize(CENT)


def parse_date(value: object, formats: Sequence[str] = ()) -> datetime.date | None:
    """A date from a cell (Excel date, or text in the layout's or the usual Chinese formats).

    Empty is None. A text date may carry a time after it (``2021-06-14 14:00:38``).
    """
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    raw = text(value)
    if not raw:
        return None
    for fmt in (*formats, *_DATE_FORMATS):
        try:
            return datetime.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise CellError(f"“{raw}”不是日期（应如 2026-12-03）")


# --- reading tables: see ``importers.tables`` -----------------------------------------------

# --- declarative columns -------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One data row: raw cells by attribute name, and where it is."""

    filename: str
    lineno: int
    cells: dict[str, object]

    def __getitem__(self, attr: str) -> object:
        return self.cells.get(attr)

    def text(self, attr: str) -> str:
        """A cell as text; hidden characters (``hygiene.text_problem``) fail the file here."""
        value = text(self.cells.get(attr))
        problem = hygiene.text_problem(value)
        if problem:
            raise ImportFileError(self.filename, f"单元格“{value!r}”{problem}", self.lineno)
        return value

    def parse(self, attr: str, parser: Callable[[object], Any], label: str) -> Any:
        """Parse one cell; a bad cell fails the whole file at this line and column."""
        try:
            return parser(self.cells.get(attr))
        except CellError as exc:
            raise ImportFileError(self.filename, f"“{label}”列{exc}", self.lineno) from None

    def meta(self, **fields: object) -> data.Meta:
        meta = data.new_metadata(self.filename, self.lineno)
        meta.update({k.replace("_", "-"): v for k, v in fields.items() if v not in (None, "")})
        return meta


# --- identity ------------------------------------------------------------------------------


class ImportIds:
    """Stable ``import-id`` values for the rows of one file.

    The id hashes the source kind with the row's own transaction number, or with what the row
    says (date, amount, counterparty, running balance) where it has none. Two rows that say
    exactly the same thing (two anonymous 100-yuan gifts on one day) are told apart by their
    order in the file, so importing the same file again matches row for row and adds nothing.
    """

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._seen: Counter[tuple[str, ...]] = Counter()

    def make(self, *parts: object) -> str:
        key = tuple(text(p) for p in parts)
        self._seen[key] += 1
        n = self._seen[key]
        material = "\x1f".join((self.kind, *key, *([f"#{n}"] if n > 1 else [])))
        return f"{self.kind}-{hashlib.sha256(material.encode('utf-8')).hexdigest()[:16]}"


def existing_ids(entries: Sequence[data.Directive]) -> set[str]:
    """The ``import-id`` of every entry already in a ledger."""
    return {value for e in entries if isinstance(value := e.meta.get(IMPORT_ID), str)}


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


def look_alikes(
    entries: Sequence[data.Directive], existing: Sequence[data.Directive]
) -> list[tuple[data.Transaction, data.Transaction]]:
    """New transactions that resemble one already booked under another identity.

    The same gift can reach the books twice by two roads: typed in with ``jjn record`` (no
    ``import-id``), or listed both in the donations register and in the WeChat bill. Ids cannot
    see that; beangulp's similarity heuristic (same accounts and amounts within two days) can.
    The pairs are shown for the treasurer to check, not dropped: two people may well give the
    same amount on the same day.
    """
    booked = sorted(
        (e for e in existing if isinstance(e, data.Transaction)), key=data.entry_sortkey
    )
    return list(similar.find_similar_entries(list(entries), booked))


def mark_duplicates(entries: Sequence[data.Directive], existing: Sequence[data.Directive]) -> None:
    """beangulp's ``deduplicate`` protocol, by ``import-id`` instead of a similarity guess."""
    known = {e.meta[IMPORT_ID]: e for e in existing if isinstance(e.meta.get(IMPORT_ID), str)}
    for entry in entries:
        target = known.get(entry.meta.get(IMPORT_ID))
        if target is not None:
            entry.meta["__duplicate__"] = target


# --- the importer base ---------------------------------------------------------------------


_TOTAL_WORDS = ("合计", "小计", "总计", "累计", "共计")


def layout_rows(filename: str, rows: Rows, found: Found, *, complete: bool = True) -> Iterator[Row]:
    """Data rows below the header a layout found, up to the table's end (ruler, footer).

    Blank rows, total rows (合计, 本页小计) and the header repeated (on each page of a PDF)
    are passed over. With ``complete`` a row shorter than the header's required columns fails
    the file: a CSV cut off mid-row must not be read as a row with an empty balance.
    """
    from .layouts import clean_header, ends_table

    columns = found.layout.all_columns()
    needed = max((i for r, i in found.index.items() if columns[r][1]), default=0) + 1
    for lineno, cells in rows[found.header_pos + 1 :]:
        texts = [text(c) for c in cells]
        first = next((t for t in texts if t), "")
        if not first:
            continue
        if ends_table(found.layout, first) or _footer_note(texts):
            break
        if any(w in first for w in _TOTAL_WORDS):
            continue
        if tuple(clean_header(c) for c in cells) == found.header:
            continue
        if complete and len(cells) < needed:
            raise ImportFileError(
                filename,
                f"这一行只有 {len(cells)} 列，表头有 {needed} 列以上：文件可能不完整（被截断），"
                "请重新导出",
                lineno,
            )
        yield Row(
            filename,
            lineno,
            {role: cells[i] if i < len(cells) else None for role, i in found.index.items()},
        )


_CJK = re.compile(r"[\u4e00-\u9fff]")


def _footer_note(texts: Sequence[str]) -> bool:
    """A one-cell line of words below the table (打印日期：…, 经办：…): its footer.

    A row cut short by a truncated file keeps its first cells, a date or a number, so it is
    still refused as incomplete.
    """
    filled = [t for t in texts if t]
    return len(filled) == 1 and bool(_CJK.search(filled[0]))


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
