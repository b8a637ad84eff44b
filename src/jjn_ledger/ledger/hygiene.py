"""What may come in: text without hidden characters, dates in one format and a plausible range.

A village treasurer's input reaches the books, the notice on the village board and the filing
to the township. Three kinds of value looked harmless and were not:

* **hidden characters** — a BEL (``\\x07``) in a donor's name was accepted, and then no workbook
  of that month could be written (XLSX cannot hold control characters); a right-to-left
  override (U+202E) makes "张三" display as something else on the printed notice. Text that
  enters the books may contain no control character (C0, DEL, C1) and no bidi override or
  isolate (``text_problem``).
* **dates that are not dates** — pydantic's lax mode takes ``1773964800`` (a Unix timestamp) as
  2026-03-20 and ``2026-03-20T08:00`` as a date; a typo like ``2099-01-01`` or ``0205-03-01``
  became a month file. Dates are accepted only as ``YYYY-MM-DD``, not before ``EARLIEST`` and not
  after today (``date_problem``): the books record what happened, never what is planned.
``problems(model, values)`` applies the first two to the raw values of any input model before
pydantic sees them; ``record.money.validate`` — the one boundary every command input passes —
calls it. Reading the books (``profile.read_book``) does not: text already in the books is
shown, never refused (the reports drop what XLSX cannot hold, ``reports.xlsx.safe_text``).
"""

from __future__ import annotations

import datetime
import re
import types
import typing
import unicodedata
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from jjn_ledger.ledger import clock as ledger_clock
from jjn_ledger.ledger.messages import field_title

# Older than any "救急难" society (the first pilots date from the 2010s): an earlier date is a
# typo (0205, 1970 from an epoch) rather than history.
EARLIEST = datetime.date(2000, 1, 1)
DATE_FORMAT = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Bidi embeddings, overrides and isolates, and the invisible direction marks.
BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def clock() -> datetime.date:
    """Today, for "not in the future": the rules' today (``ledger.clock``, pinnable)."""
    return ledger_clock.today()


def text_problem(value: str) -> str | None:
    """Why ``value`` may not enter the books (a control or bidi character), or None."""
    for ch in value:
        if ch in BIDI:
            return f"含有改变文字方向的隐藏字符（U+{ord(ch):04X}），请删除后重新输入"
        if unicodedata.category(ch) == "Cc":
            return f"含有不可见的控制字符（U+{ord(ch):04X}），请删除后重新输入"
    return None


def date_problem(value: object, today: datetime.date | None = None) -> str | None:
    """Why ``value`` is not an acceptable date of something that happened, or None."""
    if isinstance(value, str):
        text = value.strip()
        if not DATE_FORMAT.match(text):
            return "日期格式应为 YYYY-MM-DD，例如 2025-03-10"
        try:
            value = datetime.date.fromisoformat(text)
        except ValueError:
            return f"“{text}”不是日历上的日期（日期格式应为 YYYY-MM-DD，例如 2025-03-10）"
    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        return "日期格式应为 YYYY-MM-DD（不带时间），例如 2025-03-10"
    today = today or clock()
    if value < EARLIEST:
        return f"{value} 早于 {EARLIEST:%Y} 年，不像是真实的日期"
    if value > today:
        return f"{value} 晚于今天（{today}）：账本只记已经发生的事"
    return None


def _is_date_field(annotation: Any) -> bool:
    if annotation is datetime.date:
        return True
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, typing.Annotated):
        return any(_is_date_field(a) for a in typing.get_args(annotation))
    return False


def problems(
    model: type[BaseModel], values: Mapping[str, Any], today: datetime.date | None = None
) -> list[str]:
    """Each raw value of ``model``'s input that hygiene refuses, as "title：why"."""
    out = []
    for name, value in values.items():
        if value is None:
            continue
        field = model.model_fields.get(name)
        title = field_title(model, [name])
        if field is not None and _is_date_field(field.annotation):
            why = date_problem(value, today)
        elif isinstance(value, str):
            why = text_problem(value)
        else:
            why = None
        if why:
            out.append(f"{title}：{why}")
    return out
