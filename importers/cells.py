"""One cell of an export read as what its column needs: text, an amount in yuan, a date.

The files come from banks, apps and treasurers' own spreadsheets, so a cell may be a number,
an Excel date, or text with ``¥``, thousands separators or a time after the date. Every
importer (and ``jjn reconcile``, through ``importers.statement``) reads cells through these
functions, so one export is read the same way everywhere. A cell that does not hold what its
column needs raises ``CellError`` with a Chinese message; ``rows.Row.parse`` turns it into an
``ImportFileError`` naming the file, line and column.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

CENT = Decimal("0.01")
TOO_LARGE = Decimal(10) ** 12  # no register row is a trillion yuan; larger cannot be quantized


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
