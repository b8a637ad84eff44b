"""The data rows of a table: those below the header a layout found, up to the table's end.

Exports made for people put titles above the header and notes, rulers, totals and page footers
in or below the table; a PDF repeats its header on every page. ``layout_rows`` passes over what
is not a row of money and hands each importer a ``Row``: the raw cells by field name (the
layout's role), with the file and line it came from, so every message and every entry's
``filename``/``lineno`` meta points at the row the treasurer can find in the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from beancount.core import data

from jjn_ledger.ledger import hygiene

from .cells import CellError, text
from .errors import ImportFileError
from .layouts import Found, clean_header, ends_table
from .tables import Rows


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


_TOTAL_WORDS = ("合计", "小计", "总计", "累计", "共计")


def layout_rows(filename: str, rows: Rows, found: Found, *, complete: bool = True) -> Iterator[Row]:
    """Data rows below the header a layout found, up to the table's end (ruler, footer).

    Blank rows, total rows (合计, 本页小计) and the header repeated (on each page of a PDF)
    are passed over. With ``complete`` a row shorter than the header's required columns fails
    the file: a CSV cut off mid-row must not be read as a row with an empty balance.
    """
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
