"""Shared workbook styling: every jjn report prints on A4 in Excel and WPS the same way.

A treasurer prints the notice for the village board and the filing for the township on an old
office printer, so each sheet carries its own page setup (A4, fit to one page wide, the header
rows repeated on every page, a print area) instead of relying on whoever opens it. Money is a
number with two decimals and thousands separators (``#,##0.00``), never text, so the township
can add the columns up; each sheet says 单位：元 once, under its title.

Printed pages are checked by rendering every workbook with LibreOffice to PDF
(tests/test_report_render.py), so the numbers below are measured, not guessed: the footer
"第 N 页，共 M 页" needs the bottom margin to leave it room above the footer margin; a merged
title row is as tall as the lines its text wraps to (``_lines``); bold is per cell, so a
total on one side of the 资产负债表 does not embolden the other side.

Every text cell goes through ``safe_text``: a payee or a narration that starts with ``=``,
``+``, ``-`` or ``@`` would otherwise be a formula when the sheet is opened (formula injection
through data the treasurer imported from a bank or WeChat export).
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Collection, Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

MONEY = "#,##0.00"
DATE = "yyyy-mm-dd"
FONT = "宋体"
_THIN = Side(style="thin", color="000000")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
HEAD_FILL = PatternFill("solid", fgColor="DDDDDD")
_INJECTION = ("=", "+", "-", "@", "\t", "\r")
# Page margins in inches. The footer prints between the page edge + FOOTER and the bottom
# margin, so BOTTOM - FOOTER is the room the footer line has (0.1 in cut it in half).
TOP, BOTTOM, SIDE, HEADER, FOOTER = 0.7, 0.9, 0.5, 0.3, 0.3
# One unit of column width is about the width of a "0" in the default 11-pt font (5.6 pt).
POINTS_PER_WIDTH = 5.6


def text_points(text: str, size: float) -> float:
    """Printed width of ``text`` at ``size`` pt: a CJK character is square, ASCII about half."""
    return sum(size if ord(ch) > 0x2E7F else size * 0.55 for ch in text)


def wrapped_lines(text: str, size: float, width_units: float) -> int:
    """How many lines ``text`` wraps to in a cell ``width_units`` wide (with a little padding)."""
    room = max(width_units * POINTS_PER_WIDTH - 6, size)
    return max(1, math.ceil(text_points(text, size) / room))


def safe_text(value: str) -> str:
    """Neutralise text that a spreadsheet would read as a formula, by a leading apostrophe.

    Control characters (a BEL typed into a donor's name before jjn refused them at input, or
    one in a hand-edited book) cannot be stored in XLSX at all — openpyxl raises
    ``IllegalCharacterError`` and the month could not be printed — so they are dropped here.
    """
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return "'" + value if value.startswith(_INJECTION) else value


def cell_value(value: Any) -> Any:
    """What goes into a cell: text made safe, Decimal as a float rounded to cents."""
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, Decimal):
        return float(value.quantize(Decimal("0.01")))
    return value


class Sheet:
    """A worksheet being written top to bottom, with title, header and table rows."""

    def __init__(self, ws: Worksheet, widths: Sequence[float]) -> None:
        self.ws = ws
        self.widths = list(widths)
        self.ncols = len(widths)
        self.row = 0
        self.header_rows: tuple[int, int] | None = None
        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width

    def title(self, text: str, *lines: str) -> None:
        """The title across the sheet, then lines like 编制单位/期间/单位：元 below it."""
        self.row += 1
        size = 16.0
        while size > 12 and wrapped_lines(text, size, sum(self.widths)) > 1:
            size -= 1
        self._merged(text, Font(name=FONT, size=size, bold=True), "center")
        for line in lines:
            self.row += 1
            self._merged(line, Font(name=FONT, size=10), "left")

    def _merged(self, text: str, font: Font, horizontal: str) -> None:
        """Text across the sheet in a row as tall as the lines it wraps to."""
        cell = self.ws.cell(self.row, 1, safe_text(text))
        cell.font = font
        cell.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
        if self.ncols > 1:
            self.ws.merge_cells(
                start_row=self.row, start_column=1, end_row=self.row, end_column=self.ncols
            )
        size = float(font.sz or 10)
        lines = wrapped_lines(text, size, sum(self.widths))
        self.ws.row_dimensions[self.row].height = round(lines * size * 1.5 + 6, 1)

    def note(self, text: str) -> None:
        self.row += 1
        self._merged(text, Font(name=FONT, size=10), "left")

    def blank(self) -> None:
        self.row += 1

    def header(self, *rows: Sequence[str | None]) -> None:
        """Table header rows (repeated on every printed page); None leaves a cell to a merge."""
        first = self.row + 1
        for values in rows:
            self.row += 1
            tallest = 1
            for col, value in enumerate(values, start=1):
                cell = self.ws.cell(self.row, col, safe_text(value) if value else None)
                cell.font = Font(name=FONT, size=10, bold=True)
                cell.fill = HEAD_FILL
                cell.border = BORDER
                cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
                if value and col <= len(self.widths):
                    tallest = max(tallest, wrapped_lines(value, 10, self.widths[col - 1]))
            self.ws.row_dimensions[self.row].height = max(tallest * 14 + 4, 18)
        if self.header_rows is None:
            self.header_rows = (first, self.row)

    def merge(self, row: int, col: int, end_row: int, end_col: int) -> None:
        self.ws.merge_cells(start_row=row, start_column=col, end_row=end_row, end_column=end_col)

    def line(
        self, values: Iterable[Any], bold: bool = False, bold_cells: Collection[int] = ()
    ) -> int:
        """One table row with borders; numbers as money, dates as dates. Returns its row.

        ``bold`` emboldens the whole row, ``bold_cells`` only those columns (0-based), for
        forms with two sides such as the 资产负债表. Text that wraps makes the row taller.
        """
        self.row += 1
        tallest = 1
        for col, value in enumerate(values, start=1):
            cell = self.ws.cell(self.row, col, cell_value(value))
            cell.border = BORDER
            cell.font = Font(name=FONT, size=10, bold=bold or col - 1 in bold_cells)
            if isinstance(value, str) and value and col <= len(self.widths):
                tallest = max(tallest, wrapped_lines(value, 10, self.widths[col - 1]))
            if isinstance(value, Decimal | float):
                cell.number_format = MONEY
            elif isinstance(value, datetime.date):
                cell.number_format = DATE
                cell.alignment = Alignment(horizontal="center")
            elif isinstance(value, str):
                cell.alignment = Alignment(vertical="center", wrap_text=True)
        if tallest > 1:
            self.ws.row_dimensions[self.row].height = tallest * 15
        return self.row

    def finish(self, landscape: bool = False, one_page: bool = False) -> None:
        """A4, fit to one page wide, header rows repeated, print area = what was written.

        ``one_page`` also fits the height: a form that is one sheet of paper (资产负债表)."""
        ws = self.ws
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape" if landscape else "portrait"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 1 if one_page else 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = SIDE
        ws.page_margins.top, ws.page_margins.bottom = TOP, BOTTOM
        ws.page_margins.header, ws.page_margins.footer = HEADER, FOOTER
        if self.header_rows:
            ws.print_title_rows = f"{self.header_rows[0]}:{self.header_rows[1]}"
        last = get_column_letter(self.ncols)
        ws.print_area = f"A1:{last}{max(self.row, 1)}"
        ws.oddFooter.center.text = "第 &P 页，共 &N 页"
        ws.oddFooter.center.size = 10
        ws.oddFooter.center.font = FONT


def new_workbook() -> Workbook:
    """An empty workbook (its default sheet removed: every report names its own sheets)."""
    wb = Workbook()
    default = wb.active
    if default is not None:
        wb.remove(default)
    return wb


def add_sheet(wb: Workbook, name: str, widths: Sequence[float]) -> Sheet:
    return Sheet(wb.create_sheet(name), widths)


def save(wb: Workbook, path: Path, kind: str | None = None) -> Path:
    """Write the workbook through the one output path (``write.outputs``): never over the books,
    never over another file, never half a file. ``kind`` (default: the first sheet's name) marks
    the workbook so that the next run may replace it."""
    import io

    from jjn_ledger.write import outputs

    kind = kind or (wb.sheetnames[0] if wb.sheetnames else "workbook")
    outputs.guard(path, kind)  # refuse before the work of serialising
    wb.properties.creator = "jjn-ledger"
    wb.properties.keywords = outputs.mark(kind)
    buffer = io.BytesIO()
    wb.save(buffer)
    return outputs.write_output(path, buffer.getvalue(), kind)


def period_text(start: datetime.date, end: datetime.date) -> str:
    return f"期间：{start:%Y年%m月%d日} 至 {end:%Y年%m月%d日}"
