"""What a society made public or filed, fixed at the time it did so.

A notice on the village board (R10) lists last month's aid; a filing to the township reports the
month's money. Once either has gone out, quietly deleting an aid payment it listed or editing an
amount it reported would make the books disagree with what the village and the township saw.
So when the treasurer records a notice or a filing, jjn stamps it with a digest of exactly the
facts it showed::

    2025-04-03 custom "jjn-notice" "2025-03"
      posted: 2025-04-03
      removed: 2025-04-10
      listed: 3
      total: 2100.00 CNY
      digest: "9c1f…"

and rule R10 (``rules.r10_published``) recomputes it on every load. Only the published facts
count (for a notice: date, recipient, category, cause, amount, form; for a filing: each
transaction's date, accounts and amounts), so adding a voucher number or a document link later
is not a change.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from beancount.core import data
from pydantic import BaseModel, ConfigDict, Field, model_validator

from jjn_ledger.errors import JjnError
from jjn_ledger.ledger.chart import Chart
from jjn_ledger.ledger.disclosures import filing_stamp, notice_stamp
from jjn_ledger.ledger.vocabulary import FILING, NOTICE, NOTICE_REMOVED
from jjn_ledger.write import render as writer


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    month: str = Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", title="月份")

    def after_month(self, day: datetime.date, what: str) -> None:
        """A month's notice or filing reports a finished month: dated after its last day."""
        year, month = (int(x) for x in self.month.split("-"))
        first_after = datetime.date(year + month // 12, month % 12 + 1, 1)
        if day < first_after:
            raise ValueError(
                f"{what} {day} 早于 {self.month} 月结束：公示、报备的是已经结束的月份，"
                f"应在 {first_after} 或之后"
            )


class NoticeIn(_In):
    """``jjn record notice``: when last month's notice went up (and came down)."""

    posted: datetime.date = Field(title="张贴日期")
    removed: datetime.date | None = Field(default=None, title="撤下日期")
    explanation: str | None = Field(default=None, min_length=1, max_length=200, title="情况说明")

    @model_validator(mode="after")
    def _after_the_month(self) -> NoticeIn:
        self.after_month(self.posted, "张贴日期")
        return self


class FilingIn(_In):
    """``jjn record filing``: when the month's aid was filed with the township."""

    filed: datetime.date = Field(title="报送日期")

    @model_validator(mode="after")
    def _after_the_month(self) -> FilingIn:
        self.after_month(self.filed, "报送日期")
        return self


def _existing(entries: Sequence[data.Directive], kind: str, month: str) -> data.Custom | None:
    return next(
        (
            e
            for e in entries
            if isinstance(e, data.Custom)
            and e.type == kind
            and e.values
            and str(e.values[0].value) == month
        ),
        None,
    )


def notice_entry(entries: Sequence[data.Directive], chart: Chart, inp: NoticeIn) -> data.Custom:
    """The stamped ``jjn-notice`` for a month; refuses a second one or a month without aid."""
    if _existing(entries, NOTICE, inp.month) is not None:
        raise JjnError(f"{inp.month} 已有公示记录，不能重复登记")
    stamp = notice_stamp(entries, chart, inp.month)
    if not stamp["listed"]:
        raise JjnError(f"{inp.month} 没有救助记录，无需公示")
    if inp.removed is not None and inp.removed < inp.posted:
        raise JjnError("撤下日期不能早于张贴日期")
    meta = {"posted": inp.posted, "removed": inp.removed, "explanation": inp.explanation, **stamp}
    return writer.custom(inp.posted, NOTICE, [inp.month], meta)


def filing_entry(entries: Sequence[data.Directive], inp: FilingIn) -> data.Custom:
    """The stamped ``jjn-filing`` for a month; refuses a second one."""
    if _existing(entries, FILING, inp.month) is not None:
        raise JjnError(f"{inp.month} 已有报备记录，不能重复登记")
    return writer.custom(
        inp.filed, FILING, [inp.month], {"filed": inp.filed, **filing_stamp(entries, inp.month)}
    )


class RemovalIn(_In):
    """``jjn record notice-removed``: when a posted notice came down."""

    removed: datetime.date = Field(title="撤下日期")


def removal_entry(entries: Sequence[data.Directive], inp: RemovalIn) -> data.Custom:
    """A ``jjn-notice-removed`` for a posted notice that has no take-down date yet."""
    notice = _existing(entries, NOTICE, inp.month)
    if notice is None:
        raise JjnError(f"{inp.month} 还没有公示记录：请先用 jjn record notice 登记张贴日期")
    posted = notice.meta.get("posted")
    if notice.meta.get("removed") or _existing(entries, NOTICE_REMOVED, inp.month) is not None:
        raise JjnError(f"{inp.month} 的公示已登记撤下日期，不能重复登记")
    if isinstance(posted, datetime.date) and inp.removed < posted:
        raise JjnError(f"撤下日期 {inp.removed} 不能早于张贴日期 {posted}")
    return writer.custom(inp.removed, NOTICE_REMOVED, [inp.month])
