"""The workbooks a treasurer prints from the workbench, built exactly as ``jjn report`` builds them.

Sent straight to the browser, never saved inside the society's folder (where Beancount's include
glob and git would see them).
"""

from __future__ import annotations

import datetime
import io
from pathlib import Path

from jjn_ledger.ledger.society import open_society
from jjn_ledger.reports.common import BadPeriod, month_period


def workbook(folder: Path, report: str, month: str, posted: str | None = None) -> bytes:
    """The XLSX bytes of ``report`` (notice, filing, vouchers, statements) for ``month``."""
    from jjn_ledger.reports import filing, notice, statements, vouchers

    period = month_period(month)
    society = open_society(folder)
    if report == "notice":
        day = None
        if posted:
            try:
                day = datetime.date.fromisoformat(posted)
            except ValueError:
                raise BadPeriod(posted, "年-月-日，例如 2025-04-03") from None
        wb = notice.build(society, period, posted=day)
    else:
        wb = {"filing": filing, "vouchers": vouchers, "statements": statements}[report].build(
            society, period
        )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
