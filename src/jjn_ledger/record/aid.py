"""An aid case (R5–R8, R11) as the treasurer records it: the payment, and what follows it.

The ordinary case is recorded once, when the money goes out, with its procedure dates
(accepted → investigated → approved → paid) as metadata of the payment (docs/architecture.md).
先行救助 (paid first in an emergency, 000 §二(四)) is the same payment with ``advance: TRUE``
and no investigation yet; the household investigation is recorded later as its own dated
directive, so nothing already written is ever edited::

    2025-03-12 custom "jjn-investigation" "P001"
      matter: "2025-03-车祸受伤"
      opinion: "情况属实，同意救助"

A referral service (转介服务, R8) carries no money and is a ``jjn-referral`` directive of the
register (``book.REFERRAL``). Rule R6 reads all three.
"""

from __future__ import annotations

import datetime
import itertools
from typing import Literal

from beancount.core import data
from pydantic import Field, field_validator, model_validator

from jjn_ledger.errors import JjnError
from jjn_ledger.ledger.models import Money, valid_matter
from jjn_ledger.ledger.profile import Book
from jjn_ledger.ledger.vocabulary import INVESTIGATION, REFERRAL, AidCategory
from jjn_ledger.record.money import Input, Text
from jjn_ledger.write import render as writer

Key = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$", title="救助对象编号")
FORM_ACCOUNT = {"现金": "cash", "转账": "bank", "实物": "inventory"}


def _matter_ok(value: str) -> str:
    if not valid_matter(value):
        raise ValueError("救助事项应为简短说明，例如“2025-03-车祸受伤”")
    return value


class AidIn(Input):
    """One aid payment and its procedure dates."""

    person: str = Key
    category: AidCategory = Field(title="救助类别")
    amount: Money = Field(title="金额")
    cause: Text = Field(title="致困原因")
    matter: Text = Field(title="救助事项")
    source: Literal["申请", "主动发现"] = Field(default="申请", title="来源")
    accepted: datetime.date | None = Field(default=None, title="受理日期")
    investigated: datetime.date | None = Field(default=None, title="入户调查日期")
    approved: datetime.date | None = Field(default=None, title="审批日期")
    paid: datetime.date = Field(title="发放日期")
    form: Literal["现金", "转账", "实物"] = Field(default="现金", title="发放形式")
    advance: bool = Field(default=False, title="先行救助")
    fund: Text | None = Field(default=None, title="资金来源（限定性资金）")

    _matter = field_validator("matter")(_matter_ok)

    @model_validator(mode="after")
    def _procedure_in_order(self) -> AidIn:
        if self.advance:
            if self.accepted and self.accepted > self.paid:
                raise ValueError("受理日期不能晚于发放日期")
            return self
        missing = [
            title
            for name, title in (
                ("accepted", "受理日期（--accepted）"),
                ("investigated", "入户调查日期（--investigated）"),
                ("approved", "审批日期（--approved）"),
            )
            if getattr(self, name) is None
        ]
        if missing:
            raise ValueError(
                f"须写明{'、'.join(missing)}；紧急情况先发放的，请加 --advance（先行救助）"
            )
        steps = [self.accepted, self.investigated, self.approved, self.paid]
        if any(a > b for a, b in itertools.pairwise(steps)):  # type: ignore[operator]
            raise ValueError("办理顺序应为：受理 ≤ 入户调查 ≤ 审批 ≤ 发放，日期先后有误")
        return self


def known_person(book: Book, key: str) -> str:
    """The registered name of ``key``; a clear error if the register has no such person."""
    person = book.recipients.get(key)
    if person is None:
        raise JjnError(f"救助对象 {key} 未在救助对象档案中登记，请先用“jjn society person add”登记")
    return person.name


def known_fund(book: Book, fund: str | None) -> str | None:
    """The ``fund`` an aid is paid from, if it names a restricted income (定向捐赠 …).

    Without it a restriction tied to one purpose (``policy.restriction.release = "fund"``) is
    never released, and 限定性净资产 stays high although the money was spent on its purpose.
    """
    if fund is None:
        return None
    names = book.chart.fund_names
    if fund.strip() not in names:
        known = "、".join(
            sorted(n for n in names if "-" not in n and ":" not in n and "_" not in n)
        )
        raise JjnError(f"资金来源“{fund}”不是限定性资金，应为：{known}")
    return fund.strip()


def aid(book: Book, inp: AidIn) -> list[data.Directive]:
    name = known_person(book, inp.person)
    fund = known_fund(book, inp.fund)
    acc = book.chart.account
    expense = acc(inp.category.chart_key)
    meta = {
        "recipient": inp.person,
        "cause": inp.cause,
        "matter": inp.matter,
        "source": inp.source,
        "accepted": inp.accepted,
        "investigated": inp.investigated,
        "approved": inp.approved,
        "advance": True if inp.advance else None,
        "fund": fund,
    }
    return [
        writer.transaction(
            inp.paid,
            name,
            f"{inp.category}：{inp.matter}",
            [(expense, inp.amount), (acc(FORM_ACCOUNT[inp.form]), None)],
            meta,
        )
    ]


class InvestigationIn(Input):
    """The household investigation of a case paid first (先行救助), recorded afterwards."""

    person: str = Key
    matter: Text = Field(title="救助事项")
    date: datetime.date = Field(title="入户调查日期")
    opinion: Text | None = Field(default=None, title="调查意见")

    _matter = field_validator("matter")(_matter_ok)


def investigation(book: Book, inp: InvestigationIn) -> list[data.Directive]:
    known_person(book, inp.person)
    meta = {"matter": inp.matter, "opinion": inp.opinion}
    return [writer.custom(inp.date, INVESTIGATION, [inp.person], meta)]


class ReferralIn(Input):
    """A referral service (R8): no money, recorded per person, no limit."""

    person: str = Key
    service: Text = Field(title="转介服务")
    date: datetime.date = Field(title="日期")
    note: Text | None = Field(default=None, title="说明")


def referral(book: Book, inp: ReferralIn) -> list[data.Directive]:
    known_person(book, inp.person)
    services = book.policy.aid.referral_services
    if inp.service not in services:
        raise JjnError(f"转介服务“{inp.service}”无效，应为：{'、'.join(services)}")
    return [writer.custom(inp.date, REFERRAL, [inp.person, inp.service], {"note": inp.note})]
