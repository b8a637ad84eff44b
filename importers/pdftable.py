"""Text PDF statements (rural banks often give PDF) as rows of cells, with pdfplumber.

A statement PDF is a title, the 户名/账号 lines, a table (ruled, usually spanning pages, the
header sometimes repeated on each page) and a footer. Each page gives its ruled tables' rows
and, as one-cell rows, its text lines outside the tables, all in reading order (top to
bottom), so a layout's title markers and footer markers work as on a CSV. A page without a
ruled table is read with pdfplumber's text strategy (columns found from word positions).

Only PDFs with a text layer can be read: a scanned statement (a picture of a page) has no
text and is refused with a message saying so.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .errors import ImportFileError

Rows = list[tuple[int, list[object]]]
_TEXT_STRATEGY = {"vertical_strategy": "text", "horizontal_strategy": "text"}


def pdf_rows(path: Path) -> Rows:
    """Every row of every page, numbered from 1 at the top of the first page."""
    import pdfplumber

    try:
        with pdfplumber.open(str(path)) as pdf:
            cells: list[list[object]] = []
            for page in pdf.pages:
                cells.extend(_page_rows(page))
    except ImportFileError:
        raise
    except Exception as exc:  # pdfminer raises many kinds for a damaged or encrypted file
        raise ImportFileError(
            str(path), f"PDF 文件无法读取（{type(exc).__name__}），可能已损坏或加了密码"
        ) from None
    if not any(any(c for c in row) for row in cells):
        raise ImportFileError(
            str(path),
            "PDF 中没有可读取的文字（可能是扫描件）："
            "请向银行索取电子版流水（CSV、Excel 或文字版 PDF）",
        )
    return [(n, row) for n, row in enumerate(cells, 1)]


def _page_rows(page: Any) -> list[list[object]]:
    tables = page.find_tables()
    placed: list[tuple[float, list[object]]] = []
    boxes = [t.bbox for t in tables]
    for table in tables:
        rows = table.extract()
        tops = [r.bbox[1] for r in table.rows]
        placed.extend(zip(tops, [_clean(r) for r in rows], strict=False))
    for line in page.extract_text_lines():
        if not any(_inside(line, box) for box in boxes):
            placed.append((line["top"], [line["text"].strip()]))
    if not tables:
        loose = page.extract_table(_TEXT_STRATEGY) or []
        if len(loose) > 1 and max(len(r) for r in loose) > 2:
            return [_clean(r) for r in loose]
    placed.sort(key=lambda item: item[0])
    return [row for _, row in placed]


def _clean(row: list[Any]) -> list[object]:
    """Cell text with the line breaks of wrapped cells removed."""
    return [None if c is None else str(c).replace("\n", "") for c in row]


def _inside(line: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    middle = (line["top"] + line["bottom"]) / 2
    return bool(top <= middle <= bottom and line["x0"] >= x0 - 1 and line["x1"] <= x1 + 1)
