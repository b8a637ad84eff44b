"""The workbench's forms: one per ``jjn record`` kind, plus the register, publishing and closing.

Each ``Kind`` names the input model its CLI command validates with, the write that books it
(``writes``), and where the policy, the register or the books supply the choices and hints of
its fields (``facts``). The page for a kind is generated from this alone (``forms.fields_of``).
``rule_fields`` says next to which field a refusal by a rule is shown (R7 by the amount, R14 by
the person) — the message itself is the rule's, unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, get_args

from pydantic import BaseModel

from jjn_ledger.record import aid as aidcase
from jjn_ledger.record import money as recording
from jjn_ledger.record import published as publishing
from jjn_ledger.serve.workbench import facts as f
from jjn_ledger.serve.workbench import writes
from jjn_ledger.serve.workbench.forms import Choices

Provide = Callable[[f.Facts], Mapping[str, Any]]


def _none(_: f.Facts) -> Mapping[str, Any]:
    return {}


def _today(*names: str) -> Provide:
    return lambda facts: {n: facts.today.isoformat() for n in names}


_DATE_TODAY = _today("date")
CHANNELS = get_args(recording.DonationChannel)


def _channels(facts: f.Facts) -> Mapping[str, Choices]:
    return {"channel": f.channels(facts, CHANNELS)}


@dataclass(frozen=True)
class Kind:
    key: str  # URL segment, as the CLI names the command
    title: str
    group: str
    model: type[BaseModel]
    write: writes.Write
    intro: str = ""
    choices: Callable[[f.Facts], Mapping[str, Choices]] = _none
    hints: Callable[[f.Facts], Mapping[str, str]] = _none
    defaults: Provide = _DATE_TODAY
    fixed: Mapping[str, Any] = field(default_factory=dict)  # set, not shown
    rule_fields: Mapping[str, str] = field(default_factory=dict)


MONEY_IN, BANK, AID, REGISTER, PUBLISH, MONTH_END = (
    "收入",
    "银行与现金",
    "救助",
    "救助对象档案",
    "公示与报备",
    "月末",
)
GROUPS = (MONEY_IN, BANK, AID, REGISTER, PUBLISH, MONTH_END)


def _aid_choices(facts: f.Facts) -> Mapping[str, Choices]:
    return {"person": f.people(facts), "cause": f.plain(facts.policy.aid.causes)}


def _aid_hints(facts: f.Facts) -> Mapping[str, str]:
    return {
        "amount": f.caps_hint(facts),
        "accepted": f.deadlines_hint(facts),
        "advance": "紧急情况先发放：受理、调查、审批日期可以不填，事后在“补记入户调查”中补记。",
        "matter": "例如 2026-03-车祸受伤；同一事项一年内只救助一次（R7）。",
    }


def _month_defaults(facts: f.Facts) -> Mapping[str, str]:
    return {"month": f.default_month(facts)}


def _publish_defaults(*dates: str) -> Provide:
    return lambda facts: {**_month_defaults(facts), **{d: facts.today.isoformat() for d in dates}}


def _months(facts: f.Facts) -> Mapping[str, Choices]:
    return {"month": f.months(facts)}


KINDS: tuple[Kind, ...] = (
    Kind(
        "subsidy",
        "县级财政补助",
        MONEY_IN,
        recording.SubsidyIn,
        writes.booked(recording.subsidy),
        "存入银行基本户。须写明拨款文号和预算科目（R3）。",
        hints=lambda facts: {
            "fund_line": f.subsidy_hint(facts),
            "document": "例如 示财社〔2026〕9号",
        },
        rule_fields={"R3": "fund_line"},
    ),
    Kind(
        "collective",
        "村级集体经济支持",
        MONEY_IN,
        recording.CollectiveIn,
        writes.booked(recording.collective),
        "村集体经济组织拨入的资金（R2 启动资金之一）。",
    ),
    Kind(
        "donation",
        "社会捐赠",
        MONEY_IN,
        recording.DonationIn,
        writes.booked(recording.donation),
        "捐赠人不愿具名的写“匿名”；开具了公益事业捐赠票据的写票据号（R4）。",
        choices=_channels,
        hints=lambda facts: {"purpose": "勾选“定向捐赠”时必填，例如 重大疾病"},
        rule_fields={"R4": "channel"},
    ),
    Kind(
        "restricted",
        "定向捐赠（限定性资金）",
        MONEY_IN,
        recording.DonationIn,
        writes.booked(recording.donation),
        "捐赠人指定用途的捐赠，记入限定性捐赠收入；用途必填。",
        choices=_channels,
        hints=lambda facts: {"purpose": "例如 重大疾病"},
        fixed={"restricted": True},
        rule_fields={"R4": "channel"},
    ),
    Kind(
        "donation-in-kind",
        "实物捐赠",
        MONEY_IN,
        recording.InKindIn,
        writes.booked(recording.in_kind),
        "有可靠价值的记入存货；没有的只登记名称和数量。",
        hints=lambda facts: {"quantity": "例如 20 袋", "value": "无可靠价值的不填"},
    ),
    Kind(
        "cash-draw",
        "提取备用金",
        BANK,
        recording.MoveIn,
        writes.move("cash-draw"),
        "从银行基本户提取现金备用金（R9）。",
        hints=lambda facts: {"amount": f.petty_cash_hint(facts)},
        rule_fields={"R9": "amount"},
    ),
    Kind(
        "cash-return",
        "备用金存回银行",
        BANK,
        recording.MoveIn,
        writes.move("cash-return"),
        "多余的现金存回银行基本户。",
        rule_fields={"R9": "amount"},
    ),
    Kind("interest", "银行存款利息", BANK, recording.MoveIn, writes.move("interest")),
    Kind(
        "bank-fee",
        "银行手续费",
        BANK,
        recording.MoveIn,
        writes.move("bank-fee"),
        "银行手续费、账户管理费。",
    ),
    Kind(
        "count",
        "现金盘点 / 银行对账",
        BANK,
        recording.CountIn,
        writes.booked(recording.count),
        "当天营业结束后的库存现金（或银行对账单余额）；与账面不符时账本检查会报错。",
    ),
    Kind(
        "aid",
        "救助金发放",
        AID,
        aidcase.AidIn,
        writes.booked(aidcase.aid),
        "补充救助、应急救助，连同受理、入户调查、审批、发放日期（R5–R7、R14）。",
        choices=_aid_choices,
        hints=_aid_hints,
        defaults=_today("paid"),
        rule_fields={"R7": "amount", "R14": "person", "R5": "person", "R9": "form"},
    ),
    Kind(
        "investigation",
        "补记入户调查（先行救助）",
        AID,
        aidcase.InvestigationIn,
        writes.booked(aidcase.investigation),
        "先行救助发放后，补记入户调查；救助事项须与发放记录一致（R6）。",
        choices=lambda facts: {"person": f.people(facts)},
    ),
    Kind(
        "referral",
        "转介服务",
        AID,
        aidcase.ReferralIn,
        writes.referral,
        "不涉及资金，次数不限，记入救助对象档案（R8）。",
        choices=lambda facts: {
            "person": f.people(facts),
            "service": f.plain(facts.policy.aid.referral_services),
        },
    ),
    Kind(
        "person",
        "登记救助对象",
        REGISTER,
        writes.PersonIn,
        writes.person,
        "一人一档：身份证号按 GB 11643 核对校验位（R11）。",
        choices=lambda facts: {
            "status": f.plain(
                [*facts.policy.aid.supplementary_bases, *facts.policy.aid.emergency_bases]
            )
        },
        hints=lambda facts: {"key": "例如 P013，本社内唯一", "household": "例如 H21"},
    ),
    Kind(
        "notice",
        "登记公示张贴",
        PUBLISH,
        publishing.NoticeIn,
        writes.published,
        "登记后公示内容即固定，此后改动该月救助会报错（R10）。",
        choices=_months,
        hints=lambda facts: {"posted": f.notice_hint(facts)},
        defaults=_publish_defaults("posted"),
    ),
    Kind(
        "notice-removed",
        "登记公示撤下",
        PUBLISH,
        publishing.RemovalIn,
        writes.published,
        "张贴时未填撤下日期的，撤下后在这里补登。",
        choices=_months,
        defaults=_publish_defaults("removed"),
    ),
    Kind(
        "filing",
        "登记向乡镇报备",
        PUBLISH,
        publishing.FilingIn,
        writes.published,
        "登记后报备内容即固定，此后改动该月账目会报错（R10）。",
        choices=_months,
        defaults=_publish_defaults("filed"),
    ),
    Kind(
        "voucher-number",
        "记账凭证编号",
        MONTH_END,
        writes.MonthIn,
        writes.number_vouchers,
        "为该月尚未编号的交易编凭证号（收、付、转字分别连续编号）；已结账月份不能改动。",
        choices=_months,
        defaults=_month_defaults,
    ),
    Kind(
        "close",
        "月末结账",
        MONTH_END,
        writes.MonthIn,
        writes.close,
        "封存该月账目，之后改动会被账本检查发现（R17）。请先编好凭证号。",
        choices=lambda facts: {"month": f.months(facts, open_only=True)},
        defaults=_month_defaults,
    ),
)

BY_KEY = {k.key: k for k in KINDS}
