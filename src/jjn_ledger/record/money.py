"""What a treasurer records, as validated inputs turned into Beancount entries.

Each kind of record (subsidy, donation, petty cash, cash count …) is a small pydantic model of
what the treasurer typed and a function that builds the entries from it. Input errors (a bad
date, three decimals, a donation restricted to no purpose) are caught here with a Chinese
message; whether the entry breaks a *policy rule* is judged by the rule plugins themselves when
``safewrite`` loads the books as they would be after the write, so the command line, bean-check
and Fava never disagree. Aid cases live in ``aidcase``.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar, get_args

from beancount.core import data
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from jjn_ledger.errors import JjnError
from jjn_ledger.ledger import hygiene
from jjn_ledger.ledger.messages import describe
from jjn_ledger.ledger.models import Money
from jjn_ledger.ledger.profile import Book
from jjn_ledger.ledger.vocabulary import CASH_CHANNEL, IN_KIND, META_THANKS, ThanksWish
from jjn_ledger.write import render as writer
from jjn_ledger.write.safe import WriteResult, commit_entries

Counted = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2)]
Text = Annotated[str, Field(min_length=1, max_length=120)]

M = TypeVar("M", bound=BaseModel)


class Input(BaseModel):
    """Base of every command input: frozen, no unknown fields, Chinese field titles."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def validate(model: type[M], values: dict[str, Any]) -> M:
    """``model`` from the values typed, or a ``JjnError`` naming each bad field in Chinese."""
    given = {k: v for k, v in values.items() if v is not None}
    refused = hygiene.problems(model, given)
    if refused:
        raise JjnError(f"输入有误：{'；'.join(refused)}")
    try:
        return model.model_validate(given)
    except ValidationError as exc:
        raise JjnError(f"输入有误：{describe(exc, model)}") from None


# --- the society's own data, read without running the rules ---------------------------------


def record(folder: Path, entries: list[data.Directive]) -> WriteResult:
    """Write through the one safe path: the rules judge the books as they would be."""
    return commit_entries(folder, entries)


def today() -> datetime.date:
    return datetime.date.today()


class DayIn(Input):
    """A date typed on its own (``--date``)."""

    date: datetime.date = Field(title="日期")


# --- money in --------------------------------------------------------------------------------


class SubsidyIn(Input):
    """县级财政补助 (R3): the allocation document and budget line are required."""

    date: datetime.date = Field(title="日期")
    amount: Money = Field(title="金额")
    document: Text = Field(title="拨款文号")
    fund_line: Text = Field(title="预算科目")
    payer: Text | None = Field(default=None, title="付款单位")


def subsidy(book: Book, inp: SubsidyIn) -> list[data.Directive]:
    acc = book.chart.account
    payer = inp.payer or (f"{book.profile.county}财政局" if book.profile else "县财政局")
    return [
        writer.transaction(
            inp.date,
            payer,
            "县级财政补助",
            [(acc("bank"), inp.amount), (acc("county_subsidy"), None)],
            {"document": inp.document, "fund-line": inp.fund_line},
        )
    ]


class CollectiveIn(Input):
    """村集体经济支持: money from the village collective, booked like a donation (R2, R4)."""

    date: datetime.date = Field(title="日期")
    amount: Money = Field(title="金额")
    payer: Text | None = Field(default=None, title="付款单位")
    channel: Literal["银行转账", "现金"] = Field(default="银行转账", title="渠道")


def collective(book: Book, inp: CollectiveIn) -> list[data.Directive]:
    acc = book.chart.account
    payer = inp.payer or (f"{book.profile.village}股份经济合作社" if book.profile else "村集体")
    target = acc("cash") if inp.channel == CASH_CHANNEL else acc("bank")
    return [
        writer.transaction(
            inp.date,
            payer,
            "村级集体经济支持",
            [(target, inp.amount), (acc("collective"), None)],
            {"donor": payer, "channel": inp.channel},
        )
    ]


DonationChannel = Literal["现金", "银行转账", "微信", "支付宝", "公开募捐"]
_CHANNEL_ACCOUNT = {
    "现金": "cash",
    "银行转账": "bank",
    "公开募捐": "bank",
    "微信": "wallet",
    "支付宝": "wallet",
}


def _channel_ok(value: object) -> object:
    """A listed channel, or a public-fundraising one R4 names as such (水滴筹 …)."""
    if not isinstance(value, str) or value in _CHANNEL_ACCOUNT:
        return value
    from jjn_ledger.ledger.policy import default_policy
    from jjn_ledger.rules.wording import contains_any

    public = default_policy().donation.public_channel_synonyms
    if contains_any(value, public):
        return value
    raise ValueError(f"“{value}”无效，应为：{'、'.join(get_args(DonationChannel))}")


class DonationIn(Input):
    """社会捐赠 (R4): donor or 匿名, channel, receipt number if a 捐赠票据 was issued."""

    date: datetime.date = Field(title="日期")
    amount: Money = Field(title="金额")
    donor: Text = Field(title="捐赠人")
    channel: Text = Field(title="渠道")
    receipt: Text | None = Field(default=None, title="捐赠票据号")

    _channel = field_validator("channel")(_channel_ok)
    restricted: bool = Field(default=False, title="定向捐赠")
    purpose: Text | None = Field(default=None, title="定向用途")
    thanks: ThanksWish | None = Field(default=None, title="致谢方式")

    @model_validator(mode="after")
    def _restriction_names_purpose(self) -> DonationIn:
        if self.restricted and not self.purpose:
            raise ValueError("定向（限定性）捐赠须写明用途（--purpose），例如“重大疾病”")
        return self


def donation(book: Book, inp: DonationIn) -> list[data.Directive]:
    acc = book.chart.account
    restricted = inp.restricted or inp.purpose is not None
    income = acc("donation_restricted") if restricted else acc("donation")
    narration = f"定向捐赠：{inp.purpose}" if restricted else "社会捐赠"
    meta = {
        "donor": inp.donor,
        "channel": inp.channel,
        "receipt": inp.receipt,
        "purpose": inp.purpose,
        META_THANKS: inp.thanks.value if inp.thanks else None,
    }
    return [
        writer.transaction(
            inp.date,
            inp.donor,
            narration,
            [(acc(_CHANNEL_ACCOUNT.get(inp.channel, "bank")), inp.amount), (income, None)],
            meta,
        )
    ]


class InKindIn(Input):
    """实物捐赠: valued (document value, else fair value), or registered by name and quantity."""

    date: datetime.date = Field(title="日期")
    donor: Text = Field(title="捐赠人")
    item: Text = Field(title="物品名称")
    quantity: Text | None = Field(default=None, title="数量")
    value: Money | None = Field(default=None, title="价值")
    valuation: Literal["发票金额", "公允价值"] | None = Field(default=None, title="计价依据")

    @model_validator(mode="after")
    def _value_or_quantity(self) -> InKindIn:
        if self.value is None and not self.quantity:
            raise ValueError("无可靠价值的实物捐赠须写明数量（--quantity），例如“20 袋”")
        if self.value is None and self.valuation:
            raise ValueError("写了计价依据（--valuation）就要写价值（--value）")
        return self


def in_kind(book: Book, inp: InKindIn) -> list[data.Directive]:
    """Valued: a transaction into 存货. Not valued: a register note, no money (DOMAIN.md R4)."""
    meta = {"donor": inp.donor, "channel": "实物", "item": inp.item, "quantity": inp.quantity}
    if inp.value is None:
        return [writer.custom(inp.date, IN_KIND, [inp.item], meta)]
    acc = book.chart.account
    label = f"{inp.item} {inp.quantity}" if inp.quantity else inp.item
    return [
        writer.transaction(
            inp.date,
            inp.donor,
            f"实物捐赠：{label}",
            [(acc("inventory"), inp.value), (acc("donation_in_kind"), None)],
            {**meta, "valuation": inp.valuation or "公允价值"},
        )
    ]


# --- bank and petty cash ---------------------------------------------------------------------


class MoveIn(Input):
    """A plain movement: petty cash drawn or returned, bank interest, a bank fee."""

    date: datetime.date = Field(title="日期")
    amount: Money = Field(title="金额")
    note: Text | None = Field(default=None, title="摘要")


# kind -> (payee, narration, debit key, credit key)
MOVES: dict[str, tuple[str, str, str, str]] = {
    "cash-draw": ("", "从银行提取备用金", "cash", "bank"),
    "cash-return": ("", "备用金存回银行", "bank", "cash"),
    "interest": ("开户银行", "活期存款利息", "bank", "interest"),
    "bank-fee": ("开户银行", "银行手续费", "bank_fee", "bank"),
}


def move(book: Book, kind: str, inp: MoveIn) -> list[data.Directive]:
    payee, narration, debit, credit = MOVES[kind]
    acc = book.chart.account
    return [
        writer.transaction(
            inp.date,
            payee or None,
            inp.note or narration,
            [(acc(debit), inp.amount), (acc(credit), None)],
        )
    ]


class CountIn(Input):
    """盘点: the cash (or bank statement) counted at the end of a day."""

    date: datetime.date = Field(title="盘点日期")
    amount: Counted = Field(title="盘点金额")
    account: Literal["现金", "银行"] = Field(default="现金", title="账户")


def count(book: Book, inp: CountIn) -> list[data.Directive]:
    """A ``balance`` assertion dated the next day: Beancount checks balances at a day's start."""
    key = "cash" if inp.account == CASH_CHANNEL else "bank"
    day_after = inp.date + datetime.timedelta(days=1)
    return [writer.balance(day_after, book.chart.account(key), inp.amount)]


# --- reimbursement of a permitted running cost (R8b) ------------------------------------------


class ReimbursementIn(Input):
    """报销: paying back whoever advanced a permitted running cost, against its receipt (R8b).

    Members take no pay (003 §一); refunding the cashier the 30 yuan she paid the print shop for
    the notice is not pay. It is booked to the running-cost account itself, names the receipt,
    and R8b checks both on the books (``rules.r08b_no_pay.is_reimbursement``).
    """

    date: datetime.date = Field(title="日期")
    amount: Money = Field(title="金额")
    payee: Text = Field(title="报销人")
    cost: Text = Field(title="费用项目")
    receipt: Text = Field(title="票据号")
    source: Literal["现金", "银行"] = Field(default="现金", title="付款方式")
    note: Text | None = Field(default=None, title="摘要")


def running_costs(book: Book) -> dict[str, str]:
    """Permitted running costs by their Chinese name (公示印刷费 → its account)."""
    return {
        (a.sub or a.name).split("-", 1)[-1]: a.account
        for a in book.chart.accounts
        if a.role == "running-cost"
    }


def reimbursement(book: Book, inp: ReimbursementIn) -> list[data.Directive]:
    costs = running_costs(book)
    if inp.cost not in costs:
        raise JjnError(f"费用项目“{inp.cost}”不是允许的运行费用，应为：{'、'.join(costs)}")
    pay_from = book.chart.account("cash" if inp.source == "现金" else "bank")
    return [
        writer.transaction(
            inp.date,
            inp.payee,
            inp.note or f"报销{inp.cost}",
            [(costs[inp.cost], inp.amount), (pay_from, None)],
            {"receipt": inp.receipt},
        )
    ]
