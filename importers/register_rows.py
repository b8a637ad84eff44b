"""One row of a treasurer's register, checked: the pydantic models of 捐赠登记 and 救助发放登记.

Each row of a register passes its model with the policy in force as context, so a channel,
cause or form the policy does not allow is refused, and an aid row must carry its procedure
dates in order as ``jjn record aid`` requires. Every message is Chinese; ``importers.registers``
puts the sheet, row and column before it. The choice lists below (aid categories, sources,
是/否) are also the drop-down lists of the blank templates
(``jjn_ledger.reports.register_templates``).
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Sequence
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator, model_validator

from jjn_ledger.ledger.models import valid_matter
from jjn_ledger.ledger.policy import Policy, default_policy
from jjn_ledger.ledger.vocabulary import AidCategory

from .cells import parse_amount, parse_date, text

CATEGORIES = {c.value: c.chart_key for c in AidCategory}
SOURCES = ("申请", "主动发现")
YES_NO = ("是", "否")


def _choice(value: str, allowed: Sequence[str]) -> str:
    if value not in allowed:
        raise ValueError(f"“{value}”无效，应为：{'、'.join(allowed)}")
    return value


def _required(value: object, message: str) -> str:
    """A cell that must not be empty, as text; ``message`` says what to write."""
    filled = text(value)
    if not filled:
        raise ValueError(message)
    return filled


def _yes(value: object) -> bool:
    """A 是/否 column; empty is 否."""
    return _choice(text(value) or "否", YES_NO) == "是"


def _policy(info: ValidationInfo) -> Policy:
    context = info.context or {}
    found = context.get("policy")
    return found if isinstance(found, Policy) else default_policy()


class _RegisterRow(BaseModel):
    """Base: cells in, typed values out; every message Chinese."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    date: datetime.date
    amount: Decimal

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, value: object) -> datetime.date:
        day = parse_date(value)
        if day is None:
            raise ValueError("必须填写日期")
        return day

    @field_validator("amount", mode="before")
    @classmethod
    def _amount(cls, value: object) -> Decimal:
        number = parse_amount(value)
        if number is None:
            raise ValueError("必须填写金额")
        if number <= 0:
            raise ValueError(f"金额应大于 0，实为 {number}")
        return number


class DonationRow(_RegisterRow):
    """One row of 捐赠登记."""

    donor: str
    channel: str
    receipt: str | None = None
    restricted: bool = False
    purpose: str | None = None

    @field_validator("donor", mode="before")
    @classmethod
    def _donor(cls, value: object) -> str:
        return _required(value, "必须填写捐赠人，不愿具名的写“匿名”")

    @field_validator("channel", mode="before")
    @classmethod
    def _channel(cls, value: object, info: ValidationInfo) -> str:
        return _choice(text(value), _policy(info).donation.channels)

    @field_validator("receipt", "purpose", mode="before")
    @classmethod
    def _optional_text(cls, value: object) -> str | None:
        return text(value) or None

    @field_validator("restricted", mode="before")
    @classmethod
    def _yes_no(cls, value: object) -> bool:
        return _yes(value)

    @model_validator(mode="after")
    def _purpose_of_restricted(self) -> DonationRow:
        if self.restricted and not self.purpose:
            raise ValueError("定向捐赠须在“用途”列写明捐赠人指定的用途")
        return self


class AidRow(_RegisterRow):
    """One row of 救助发放登记."""

    recipient: str
    category: AidCategory
    cause: str
    matter: str
    accepted: datetime.date | None = None
    investigated: datetime.date | None = None
    approved: datetime.date | None = None
    form: str
    source: Literal["申请", "主动发现"] | None = None
    advance: bool = False
    fund: str | None = None

    @field_validator("accepted", "investigated", "approved", mode="before")
    @classmethod
    def _procedure_date(cls, value: object) -> datetime.date | None:
        return parse_date(value)

    @field_validator("advance", mode="before")
    @classmethod
    def _advance(cls, value: object) -> bool:
        return _yes(value)

    @model_validator(mode="after")
    def _procedure_in_order(self) -> AidRow:
        """As ``jjn record aid``: all three dates, in order, unless paid first (先行救助, R6)."""
        steps = [("受理日期", self.accepted), ("调查日期", self.investigated)]
        steps += [("审批日期", self.approved), ("日期", self.date)]
        if not self.advance:
            missing = [name for name, day in steps[:3] if day is None]
            if missing:
                raise ValueError(
                    f"须填写{'、'.join(missing)}；紧急情况先发放的，“先行救助”列选“是”，调查和审批日期可以后补"
                )
        known = [(name, day) for name, day in steps if day is not None]
        for (first, a), (then, b) in itertools.pairwise(known):
            if a > b:
                raise ValueError(
                    f"{first}（{a}）晚于{then}（{b}）：办理顺序应为受理、调查、审批、发放"
                )
        return self

    @field_validator("recipient", mode="before")
    @classmethod
    def _recipient(cls, value: object) -> str:
        return _required(value, "必须填写救助对象编号（如 P001）")

    @field_validator("category", mode="before")
    @classmethod
    def _category(cls, value: object) -> str:
        return _choice(text(value), tuple(CATEGORIES))

    @field_validator("cause", mode="before")
    @classmethod
    def _cause(cls, value: object, info: ValidationInfo) -> str:
        return _choice(text(value), _policy(info).aid.causes)

    @field_validator("matter", mode="before")
    @classmethod
    def _matter(cls, value: object) -> str:
        matter = text(value)
        if not valid_matter(matter):
            raise ValueError("必须填写救助事项（如“2026-12-车祸受伤”），用于同一事项一年一次的核对")
        return matter

    @field_validator("form", mode="before")
    @classmethod
    def _form(cls, value: object, info: ValidationInfo) -> str:
        return _choice(text(value), _policy(info).aid.forms)

    @field_validator("source", mode="before")
    @classmethod
    def _source(cls, value: object) -> str | None:
        raw = text(value)
        return _choice(raw, SOURCES) if raw else None
