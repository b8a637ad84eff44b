"""What every jjn importer shares: reading a table, declarative columns, cell parsing, identity.

The files treasurers bring are exports made for people, not programs: a bank puts a title and
the account number above the header, saves in GBK or UTF-8 with a BOM, as CSV or XLSX; WeChat
and Alipay put a dozen lines of notes first. beangulp's ``csvbase.Importer`` assumes a fixed
number of skipped lines and one encoding, so jjn keeps its idea — columns declared as class
attributes, one row object per line, the line number kept — and adds what these files need:
column synonyms, a header searched for, encodings tried in order, XLSX read the same way.

Three outcomes per row, and the difference matters:

* an entry (with ``filename``/``lineno`` meta like beangulp's, and a stable ``import-id``);
* ``unknown``: a row that cannot be booked without a human decision (an outgoing transfer to a
  person may be aid — it needs recipient, cause and matter). Never guessed; the CLI refuses to
  write while there are any, unless the treasurer skips them explicitly;
* ``skipped``: a row that is not money of the society (a refunded or closed payment), listed
  for the record.

A file that cannot be read at all (wrong encoding, no header, a text in an amount column, an
``.xlsx`` that is really a CSV) raises ``ImportFileError`` with a fixed Chinese message naming
file and line, so nothing half-read is ever written.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import beangulp
from beancount.core import data
from beangulp import similar

from jjn_ledger.errors import JjnError
from jjn_ledger.ledger.chart import Chart, load_chart

ENCODINGS = ("utf-8-sig", "gb18030")
HEADER_SEARCH_ROWS = 40
CENT = Decimal("0.01")
TOO_LARGE = Decimal(10) ** 12  # no register row is a trillion yuan; larger cannot be quantized
IMPORT_ID = "import-id"


class ImportFileError(JjnError):
    """A file that cannot be imported as a whole; nothing of it is written."""

    exit_code = 2

    def __init__(self, filename: str, message: str, lineno: int | None = None) -> None:
        where = Path(filename).name + (f" 第 {lineno} 行" if lineno else "")
        super().__init__(f"{where}：{message}")
        self.filename = filename
        self.lineno = lineno


class UnclassifiedRows(JjnError):
    """Rows that need a human decision; raised by ``extract`` so beangulp/Fava show them."""

    exit_code = 1

    def __init__(self, problems: Sequence[RowProblem]) -> None:
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(
            f"有 {len(problems)} 行无法自动归类，未导入任何记录：\n{lines}\n"
            "请用 jjn record 手工记账，或用 jjn import … --skip-unknown 跳过这些行。"
        )
        self.problems = list(problems)


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


def parse_date(value: object) -> datetime.date | None:
    """A date from a cell (Excel date, or text in the usual Chinese formats); empty is None."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    raw = text(value)
    if not raw:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise CellError(f"“{raw}”不是日期（应如 2026-12-03）")


# --- reading tables ------------------------------------------------------------------------

Cells = list[object]


def is_xlsx(path: Path) -> bool:
    return path.suffix.lower() in (".xlsx", ".xlsm")


def decode(path: Path) -> str:
    """The file's text, UTF-8 (with or without BOM) or GBK/GB18030, else a Chinese error."""
    raw = path.read_bytes()
    if raw.startswith(b"\xd0\xcf\x11\xe0"):  # OLE2: the old binary Excel that banks still export
        raise ImportFileError(
            str(path), "这是旧版 Excel（.xls）文件：请在 Excel/WPS 中“另存为”.xlsx 后再导入"
        )
    if raw.startswith(b"PK\x03\x04"):
        raise ImportFileError(str(path), "这是 Excel 文件，不是 CSV：请把扩展名改为 .xlsx")
    if b"\x00" in raw[:4096]:
        raise ImportFileError(
            str(path),
            "文件编码无法识别（不是 UTF-8 或 GBK 文本），请用“另存为 CSV（UTF-8）”重新导出",
        )
    cut = False
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError as exc:
            cut = cut or (exc.start >= len(raw) - 3 and _decodes(raw[: exc.start], encoding))
    if cut:
        raise ImportFileError(str(path), "文件在结尾处被截断（最后一个字不完整），请重新导出")
    raise ImportFileError(str(path), "文件编码无法识别（应为 UTF-8 或 GBK），请重新导出")


def _decodes(raw: bytes, encoding: str) -> bool:
    try:
        raw.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def csv_rows(path: Path) -> Iterator[tuple[int, Cells]]:
    """(line number, cells) of a CSV file; the line is where the row starts, as beangulp counts."""
    reader = csv.reader(io.StringIO(decode(path), newline=""))
    start = 1
    try:
        for cells in reader:
            yield start, list(cells)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ImportFileError(str(path), f"CSV 格式错误（{exc}）", start) from None


def xlsx_sheets(path: Path) -> list[tuple[str, list[tuple[int, Cells]]]]:
    """Every sheet's (name, [(row number, cells)]), formulas kept as their text, never computed.

    ``data_only=False`` makes openpyxl return a formula cell as its formula string; a text cell
    starting with = + - @ is a plain string anyway. Neither is ever evaluated.
    """
    from openpyxl import load_workbook

    if not zipfile.is_zipfile(path):
        raise ImportFileError(
            str(path),
            "不是有效的 Excel（.xlsx）文件，可能是改了扩展名的 CSV 或已损坏："
            "请在 Excel/WPS 中打开后“另存为 .xlsx”，或把扩展名改回 .csv",
        )
    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ImportFileError(
            str(path), f"Excel 文件已损坏，无法读取（{type(exc).__name__}）"
        ) from None
    try:
        return [
            (
                sheet.title,
                [
                    (number, list(cells))
                    for number, cells in enumerate(sheet.iter_rows(values_only=True), 1)
                ],
            )
            for sheet in book.worksheets
        ]
    finally:
        book.close()


def table_rows(path: Path) -> list[tuple[int, Cells]]:
    """The rows of a CSV file, or of the first sheet of an XLSX file."""
    if is_xlsx(path):
        sheets = xlsx_sheets(path)
        return sheets[0][1] if sheets else []
    return list(csv_rows(path))


def peek_text(path: Path, size: int = 4096) -> str:
    """The start of a text file for ``identify``: cheap, and never raises."""
    try:
        raw = path.read_bytes()[:size]
    except OSError:
        return ""
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError as exc:
            if exc.start > size - 4:  # a character cut at the end of the sample
                return raw[: exc.start].decode(encoding, errors="ignore")
    return ""


# --- declarative columns -------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A column declared on an importer class, found by any of its header names."""

    names: tuple[str, ...]
    required: bool = True

    @property
    def label(self) -> str:
        return self.names[0]


def column(*names: str, required: bool = True) -> Column:
    return Column(names, required)


def columns_of(cls: type) -> dict[str, Column]:
    """The ``Column`` attributes of an importer class (and its bases), by attribute name."""
    found: dict[str, Column] = {}
    for klass in reversed(cls.__mro__):
        for name, value in vars(klass).items():
            if isinstance(value, Column):
                found[name] = value
    return found


def _clean_header(value: object) -> str:
    return re.sub(r"\s+", "", text(value))


def match_header(cells: Sequence[object], columns: Mapping[str, Column]) -> dict[str, int] | None:
    """Column indexes when ``cells`` is a header row holding every required column."""
    names = {_clean_header(c): i for i, c in reversed(list(enumerate(cells)))}
    found: dict[str, int] = {}
    for attr, col in columns.items():
        index = next((names[n] for n in col.names if n in names), None)
        if index is not None:
            found[attr] = index
        elif col.required:
            return None
    return found


@dataclass(frozen=True)
class Row:
    """One data row: raw cells by attribute name, and where it is."""

    filename: str
    lineno: int
    cells: dict[str, object]

    def __getitem__(self, attr: str) -> object:
        return self.cells.get(attr)

    def text(self, attr: str) -> str:
        return text(self.cells.get(attr))

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


def find_rows(
    filename: str,
    rows: Sequence[tuple[int, Cells]],
    columns: Mapping[str, Column],
    what: str,
    *,
    complete: bool = True,
) -> Iterator[Row]:
    """Data rows below the header; the header is searched for in the first rows.

    With ``complete`` a row shorter than the header's required columns fails the file: a CSV
    cut off mid-row must not be read as a row with an empty balance.
    """
    for pos, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):  # noqa: B007
        index = match_header(cells, columns)
        if index is not None:
            break
    else:
        labels = "、".join(c.label for c in columns.values() if c.required)
        raise ImportFileError(filename, f"找不到{what}的表头：应有 {labels} 等列")
    needed = max((i for attr, i in index.items() if columns[attr].required), default=0) + 1
    for lineno, cells in rows[pos + 1 :]:
        if not any(text(c) for c in cells):
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
            {attr: cells[i] if i < len(cells) else None for attr, i in index.items()},
        )


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


class JjnImporter(beangulp.Importer):  # type: ignore[misc]
    """A beangulp importer that books into a society's chart and never guesses.

    Subclasses implement ``parse``, which returns entries *and* the rows it could not book;
    ``extract`` (what beangulp and Fava's import page call) refuses the file while any row is
    unclassified, unless the importer was made with ``skip_unknown=True``. ``jjn import`` calls
    ``parse`` itself to print a summary before it writes anything.
    """

    kind = "jjn"
    account_key = "bank"

    def __init__(self, chart: Chart | None = None, *, skip_unknown: bool = False) -> None:
        self.chart = chart or load_chart()
        self.skip_unknown = skip_unknown

    def parse(self, filepath: str, existing: Sequence[data.Directive] = ()) -> Extraction:
        raise NotImplementedError

    def account(self, filepath: str) -> data.Account:
        return self.chart.account(self.account_key)

    def extract(self, filepath: str, existing: data.Entries) -> data.Entries:
        found = self.parse(filepath, existing or ())
        if found.unknown and not self.skip_unknown:
            raise UnclassifiedRows(found.unknown)
        return found.entries

    def deduplicate(self, entries: data.Entries, existing: data.Entries) -> None:
        mark_duplicates(entries, existing)

    def date(self, filepath: str) -> datetime.date | None:
        """The last day the file covers (beangulp files documents under it)."""
        try:
            found = self.parse(filepath)
        except JjnError:
            return None
        return max((e.date for e in found.entries), default=None)
