"""An audit tab as an Excel workbook, styled like every jjn report (``reports.xlsx``).

One sheet per table of the tab's ``tables.Document``: the title (互助社审计 · 救助台账), the
society, the period and filters, 单位：元, whether names are masked; then the header (repeated
on every printed page), the rows, and the total. A4, fit to width, 第 N 页 in the footer, as the
reports print. Text cells are made inert (``xlsx.safe_text``): a payee typed as ``=HYPERLINK()``
stays text.
"""

from __future__ import annotations

import io
import re

from openpyxl import Workbook

from jjn_ledger.fava_ext.tables import Document, Table
from jjn_ledger.reports import xlsx

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def sheet_name(table: Table, taken: set[str]) -> str:
    """The caption's head (before its details), as Excel allows a sheet to be named."""
    base = _SHEET_BAD.sub("", re.split(r"[（：(]", table.caption, maxsplit=1)[0])[:28] or "表"
    name, n = base, 2
    while name in taken:
        name, n = f"{base}{n}", n + 1
    taken.add(name)
    return name


def workbook(doc: Document) -> Workbook:
    wb = xlsx.new_workbook()
    taken: set[str] = set()
    for table in doc.tables:
        sheet = xlsx.add_sheet(wb, sheet_name(table, taken), table.widths)
        sheet.title(
            f"{doc.title}：{table.caption}",
            f"编制单位：{doc.society}",
            f"{doc.period}    单位：元    {doc.names_note}",
            *table.notes,
        )
        sheet.header(table.head)
        for row in table.rows:
            sheet.line(row)
        if table.foot is not None and table.rows:
            sheet.line(table.foot, bold=True)
        if not table.rows:
            sheet.note(table.empty)
        sheet.finish(landscape=len(table.head) > 8)
    return wb


def to_bytes(doc: Document) -> bytes:
    buffer = io.BytesIO()
    workbook(doc).save(buffer)
    return buffer.getvalue()


def file_name(doc: Document) -> str:
    """``<society>-救助台账.xlsx`` (the browser shows it; Fava's send_file encodes it)."""
    return f"{doc.society or '互助社'}-{doc.title.split(' · ')[-1]}.xlsx".replace("/", "-")
