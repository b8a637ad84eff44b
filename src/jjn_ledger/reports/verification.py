"""The verification code on a printed notice or filing, and ``jjn verify`` that checks it.

The notice on the village board and the filing in the township's drawer are paper: once printed,
nothing ties them to the books except what they say. So each carries the first 16 characters of
the digest of exactly what it shows (``record.published``), as a code people can type
(``9C1F-3A2B-77D0-1E2F``) and as a QR code holding the full digest. A township clerk (or anyone
on the county's staff) runs ``jjn verify SOCIETY 2025-03 9C1F-3A2B-77D0-1E2F``: the code is
compared with the books as they stand, with the stamp the books recorded, and with the county's
anchor register (``ledger.anchors``) — so a paper printed from books that were later changed,
or books whose stamp was recomputed, no longer verifies.

The QR code is drawn with filled cells on a sheet of its own (``核验码``): segno computes the
matrix; no image library is needed and the workbook prints the same in Excel and WPS.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import segno
from beancount.core import data
from openpyxl import Workbook
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter

from jjn_ledger.errors import JjnError
from jjn_ledger.ledger import anchors
from jjn_ledger.ledger import disclosures as published
from jjn_ledger.ledger.society import Society, open_society
from jjn_ledger.ledger.vocabulary import FILING, NOTICE
from jjn_ledger.reports import xlsx

KINDS = {"notice": ("公示", NOTICE), "filing": ("报备", FILING)}
_BLACK = PatternFill("solid", fgColor="000000")
_MODULE_WIDTH = 2.2  # column width of one QR module (characters); rows are 11 points high


def qr_text(kind: str, society: Society, month: str, digest: str) -> str:
    """What the QR code holds: enough to verify without typing."""
    return f"JJN:{kind}:{society.folder.resolve().name}:{month}:{digest}"


def add_code(
    wb: Workbook, sheet: xlsx.Sheet, kind: str, society: Society, month: str, digest: str
) -> str:
    """Print the code under ``sheet``'s table and add the QR sheet; returns the code."""
    code = published.verification_code(digest)
    what = KINDS[kind][0]
    sheet.note(
        f"{what}核验码：{code}（乡镇、县民政局可用“jjn verify 账本文件夹 {month} {code}”"
        "核对本表与账本、县锚定登记簿是否一致）"
    )
    _qr_sheet(
        wb, qr_text(kind, society, month, digest), f"{society.name}{month} {what}核验码：{code}"
    )
    return code


def _qr_sheet(wb: Workbook, text: str, caption: str) -> None:
    qr = segno.make(text, error="m")
    matrix = [list(row) for row in qr.matrix]
    size = len(matrix) + 2  # one quiet module each side
    ws = wb.create_sheet("核验码")
    for col in range(1, size + 1):
        ws.column_dimensions[get_column_letter(col)].width = _MODULE_WIDTH
    ws.cell(1, 1, xlsx.safe_text(caption))
    for r, row in enumerate(matrix, start=3):
        ws.row_dimensions[r].height = 11
        for c, dark in enumerate(row, start=2):
            if dark:
                ws.cell(r, c).fill = _BLACK
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.print_area = f"A1:{get_column_letter(size)}{len(matrix) + 3}"
    ws.page_margins.top, ws.page_margins.bottom = xlsx.TOP, xlsx.BOTTOM
    ws.page_margins.header, ws.page_margins.footer = xlsx.HEADER, xlsx.FOOTER
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"  # the workbook's pages, as on every sheet
    ws.oddFooter.center.size = 10
    ws.oddFooter.center.font = xlsx.FONT


# --- jjn verify -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    kind: str
    month: str
    books: str  # the digest of what the books would print now
    stamp: str | None  # the digest the books recorded (jjn record notice|filing)
    county: str | None  # the digest the county anchored; None without a register
    registered: bool  # whether the county keeps a register

    def matches(self, code: str) -> bool:
        """The code agrees with the books now, their stamp, and the county (when it keeps one)."""
        digests = [self.books] + ([self.stamp] if self.stamp else [])
        if self.registered:
            digests.append(self.county or "")
        return all(d.upper().startswith(code) for d in digests)


def normalise_code(text: str) -> str:
    code = re.sub(r"[\s\-－—]", "", text).upper()
    if not re.fullmatch(r"[0-9A-F]{8,64}", code):
        raise JjnError(
            f"核验码“{text}”格式不对：应为表上印的 16 位字母数字，例如 9C1F-3A2B-77D0-1E2F"
        )
    return code


def verdicts(folder: Path, month: str) -> list[Verdict]:
    """For the notice and filing of ``month``: what the books, their stamp and the county hold."""
    society = open_society(folder)
    entries = society.loaded.entries
    anchored = anchors.for_society(folder)
    out = []
    for kind, (_, directive) in KINDS.items():
        stamps = [
            e
            for e in entries
            if isinstance(e, data.Custom)
            and e.type == directive
            and e.values
            and str(e.values[0].value) == month
            and isinstance(e.meta.get("digest"), str)
        ]
        if kind == "notice":
            now = published.notice_digest(entries, society.book.chart, month)
        else:
            now = published.filing_digest(entries, month)
        held = anchors.last_published(anchored or [], kind).get(month)
        stamp = str(stamps[-1].meta["digest"]) if stamps else None
        out.append(
            Verdict(kind, month, now, stamp, held.digest if held else None, anchored is not None)
        )
    return out


def explain(verdict: Verdict, code: str) -> list[str]:
    """Chinese lines saying what agrees and what does not."""
    what = KINDS[verdict.kind][0]

    def said(label: str, digest: str | None) -> str:
        if digest is None:
            return f"  {label}：没有记录"
        same = "一致" if digest.upper().startswith(code) else "不一致"
        return f"  {label}：{published.verification_code(digest)}（{same}）"

    lines = [said("账本现状", verdict.books), said(f"账本登记的{what}", verdict.stamp)]
    if verdict.registered:
        lines.append(said("县锚定登记簿", verdict.county))
    else:
        lines.append("  县锚定登记簿：县里尚未建立（jjn county init），无法核对")
    return lines
