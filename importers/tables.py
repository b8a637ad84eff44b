"""Reading the files treasurers bring as rows of cells: CSV, XLSX, the old XLS, text PDF.

Every reader gives the same thing, ``[(line number, cells)]``, so the layouts
(``importers.layouts``) and the importers never care which program made the file. The reader
is chosen by what the file *is* (its first bytes), not by its name: banks save a CSV as
``.xls``, an old binary Excel as ``.csv``. Only a file named ``.xlsx`` that is not one gets
its own message, since that is a treasurer's renaming, not the bank's.

* CSV: UTF-8 (with or without BOM) or GB18030/GBK, CRLF or LF; the line number is where the
  row starts, as beangulp counts.
* XLSX (openpyxl, read-only): the sheet's declared ``<dimension>`` is ignored, since some
  exporters write ``A1`` for a sheet of a hundred rows and openpyxl would then read one.
* XLS (xlrd, which reads only the old binary format): dates become dates, numbers numbers.
* PDF (pdfplumber, text PDFs only; a scan has no text to read): ruled tables page by page,
  and the text lines around them (titles, 户名, footers) as one-cell rows, in reading order.
  Line numbers count these rows from the top of the first page.

Formulas are never computed: a formula cell is read as its formula text.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .errors import ImportFileError

ENCODINGS = ("utf-8-sig", "gb18030")
OLE2 = b"\xd0\xcf\x11\xe0"
ZIP = b"PK\x03\x04"
PDF = b"%PDF"

Cells = list[object]
Rows = list[tuple[int, Cells]]


def is_xlsx(path: Path) -> bool:
    return path.suffix.lower() in (".xlsx", ".xlsm")


def sniff(path: Path) -> str:
    """What the file is: ``xls``, ``xlsx``, ``pdf`` or ``text``."""
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError:
        return "text"
    if head.startswith(OLE2):
        return "xls"
    if head.startswith(ZIP):
        return "xlsx"
    if head.startswith(PDF):
        return "pdf"
    return "text"


def decode(path: Path) -> str:
    """The file's text, UTF-8 (with or without BOM) or GBK/GB18030, else a Chinese error."""
    raw = path.read_bytes()
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
    """(line number, cells) of a CSV file; the line is where the row starts."""
    reader = csv.reader(io.StringIO(decode(path), newline=""))
    start = 1
    try:
        for cells in reader:
            yield start, list(cells)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ImportFileError(str(path), f"CSV 格式错误（{exc}）", start) from None


def xlsx_sheets(path: Path) -> list[tuple[str, Rows]]:
    """Every sheet's (name, rows) of an XLSX file, formulas kept as their text.

    ``reset_dimensions`` makes openpyxl read to the last row really present instead of the
    range the file declares.
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
        out = []
        for sheet in book.worksheets:
            if hasattr(sheet, "reset_dimensions"):
                sheet.reset_dimensions()
            rows = [(n, list(c)) for n, c in enumerate(sheet.iter_rows(values_only=True), 1)]
            out.append((sheet.title, rows))
        return out
    except Exception as exc:
        raise ImportFileError(
            str(path), f"Excel 文件已损坏，无法读取（{type(exc).__name__}）"
        ) from None
    finally:
        book.close()


def xls_sheets(path: Path) -> list[tuple[str, Rows]]:
    """Every sheet of an old binary Excel (.xls) file, read with xlrd."""
    import xlrd

    try:
        book = xlrd.open_workbook(str(path))
    except Exception as exc:  # xlrd raises XLRDError, struct.error, … for a damaged file
        raise ImportFileError(
            str(path),
            f"旧版 Excel（.xls）文件已损坏，无法读取（{type(exc).__name__}）："
            "请在 Excel/WPS 中打开后“另存为 .xlsx”再导入",
        ) from None
    out = []
    for sheet in book.sheets():
        rows = [
            (n + 1, [_xls_value(cell, book.datemode) for cell in sheet.row(n)])
            for n in range(sheet.nrows)
        ]
        out.append((sheet.name, rows))
    return out


def _xls_value(cell: Any, datemode: int) -> object:
    import xlrd

    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate_as_datetime(cell.value, datemode)
        except (ValueError, OverflowError):
            return cell.value
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return None
    return cell.value


def sheets(path: Path) -> list[tuple[str, Rows]]:
    """Every sheet of a workbook (XLSX or XLS), or the one table of a CSV or PDF."""
    kind = sniff(path)
    if kind == "xls":
        return xls_sheets(path)
    if kind == "xlsx" or is_xlsx(path):
        return xlsx_sheets(path)
    if kind == "pdf":
        from .pdftable import pdf_rows

        return [(path.name, pdf_rows(path))]
    return [(path.name, list(csv_rows(path)))]


def table_rows(path: Path) -> Rows:
    """The rows of a CSV or PDF file, or of the first sheet of a workbook."""
    found = sheets(path)
    return found[0][1] if found else []


def peek_rows(path: Path, limit: int = 40) -> Rows:
    """The first rows of any readable file, for ``identify``: never raises."""
    try:
        if sniff(path) == "text" and not is_xlsx(path):
            return _peek_csv(path, limit)
        return table_rows(path)[:limit]
    except (ImportFileError, OSError):
        return []


def _peek_csv(path: Path, limit: int) -> Rows:
    text = peek_text(path, 16384)
    rows: Rows = []
    for n, cells in enumerate(csv.reader(io.StringIO(text)), 1):
        rows.append((n, list(cells)))
        if len(rows) >= limit:
            break
    return rows


def peek_text(path: Path, size: int = 4096) -> str:
    """The start of a text file: cheap, and never raises."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(size)
    except OSError:
        return ""
    if b"\x00" in raw:
        return ""
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError as exc:
            if exc.start > size - 4:  # a character cut at the end of the sample
                return raw[: exc.start].decode(encoding, errors="ignore")
    return ""
