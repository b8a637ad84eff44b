"""Validated models of what a society records about itself.

Everything that enters the books passes through one of these pydantic models first, whether it
comes from the ledger's ``custom`` directives (``book.read_book``), from a ``jjn`` command or
from an imported sheet. Field names are English; in the ledger the same fields are metadata
keys with hyphens (``credit-code``), which the alias generator maps.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from functools import lru_cache
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from jjn_ledger.ledger.idcodes import check_credit_code, check_id_number
from jjn_ledger.ledger.vocabulary import Hukou, Registration


def _hyphen(name: str) -> str:
    return name.replace("_", "-")


class LedgerModel(BaseModel):
    """Base: frozen, no unknown fields, ledger metadata keys use hyphens."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, alias_generator=_hyphen, populate_by_name=True
    )


CreditCode = Annotated[str, AfterValidator(check_credit_code)]
IdNumber = Annotated[str, AfterValidator(check_id_number)]
Money = Annotated[Decimal, Field(gt=0, max_digits=14, decimal_places=2)]

# 000 §二(一): 某某县（市、区）某某乡镇（街道）某某村（社区）"救急难"互助社
COUNTY_SUFFIXES = ("县", "市", "区", "旗")
TOWNSHIP_SUFFIXES = ("乡", "镇", "街道", "苏木")
VILLAGE_SUFFIXES = ("村", "社区", "嘎查")
_QUOTED = ("“救急难”", '"救急难"', "救急难")

REGISTRATION_KINDS = ("登记", "备案")
OFFICER_ROLES = ("社长", "副社长", "秘书长", "出纳", "会计", "监事", "理事")
HUKOU_BASES = ("本村户籍", "共同生活家庭成员本村户籍", "非本村")


def society_name(county: str, township: str, village: str) -> str:
    """The standard name of 000 §二(一), built from the profile's parts."""
    return f"{county}{township}{village}“救急难”互助社"


def _suffix_ok(value: str, suffixes: tuple[str, ...]) -> bool:
    """A place name ends with one of its level's suffixes and has a name before it."""
    return any(value.endswith(s) and len(value) > len(s) for s in suffixes)


class SocietyProfile(LedgerModel):
    """The society (R1): who it is, how it is registered, what it may do."""

    name: str
    county: str
    township: str
    village: str
    registration: Registration
    credit_code: CreditCode | None = None
    registered: datetime.date
    public_fundraising: bool = False
    widen_hukou: bool = False
    standard: Literal["2004", "2026"] = "2004"
    custodian: str | None = None  # 备案: the county charity federation holding the money

    @model_validator(mode="after")
    def _check_name(self) -> SocietyProfile:
        problems = []
        if not _suffix_ok(self.county, COUNTY_SUFFIXES):
            problems.append(f"县级名称“{self.county}”应以县、市或区结尾")
        if not _suffix_ok(self.township, TOWNSHIP_SUFFIXES):
            problems.append(f"乡镇名称“{self.township}”应以乡、镇或街道结尾")
        if not _suffix_ok(self.village, VILLAGE_SUFFIXES):
            problems.append(f"村名“{self.village}”应以村或社区结尾")
        allowed = {f"{self.county}{self.township}{self.village}{q}互助社" for q in _QUOTED}
        if self.name not in allowed:
            problems.append(
                f"名称“{self.name}”不符合规范，应为"
                f"“{society_name(self.county, self.township, self.village)}”"
            )
        if self.registration == Registration.REGISTERED and not self.credit_code:
            problems.append("登记为社会团体的互助社须填写统一社会信用代码（credit-code）")
        if self.registration == Registration.FILED and not self.custodian:
            problems.append("备案的互助社须写明代管资金的县慈善协会分账户（custodian）")
        if problems:
            raise ValueError("；".join(problems))
        return self


class Officer(LedgerModel):
    """An officer (社长, 秘书长, 出纳, 会计, 监事 …) and the household they belong to (R14)."""

    role: Literal["社长", "副社长", "秘书长", "出纳", "会计", "监事", "理事"]
    name: str = Field(min_length=1, max_length=40)
    household: str = Field(min_length=1, max_length=40)


class Recipient(LedgerModel):
    """A person in the recipient register (一人一档, R11), as the books know them.

    No clear ID number (DOMAIN.md, "Privacy"): ``id_hash`` is the county-keyed pseudonym that
    matches the person across societies (``idcodes.id_hash``), ``id_masked`` what an officer may
    read (``3499**********0024``), ``id_check`` the GB 11643 verdict. ``id_hash`` is None only
    while old books still carry the clear number (an R11 finding until migrated).
    """

    key: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")
    name: str = Field(min_length=1, max_length=40)
    id_hash: str | None = Field(default=None, pattern=r"^[a-z2-7]{4}:[a-z2-7]{26}$")
    id_masked: str = Field(pattern=r"^[0-9A-Z]{0,4}\*{4,}[0-9A-Z]{0,4}$")
    id_check: str = Field(min_length=1, max_length=80)
    # Only while old books still hold the clear number (an R11 error until migrated): kept in
    # memory so people are matched as before until then; never written (``exclude``).
    legacy_id: str | None = Field(default=None, exclude=True, repr=False)
    household: str = Field(min_length=1, max_length=40)
    hukou: Hukou
    status: str = Field(min_length=1, max_length=20)


class Decision(LedgerModel):
    """A member-assembly or council resolution that raises caps or frequency (R7)."""

    number: str = Field(min_length=1, max_length=80)
    date: datetime.date
    body: Literal["会员大会", "理事会"]
    supplementary_cap: Money | None = None
    emergency_cap: Money | None = None
    times_per_matter: int | None = Field(default=None, ge=1, le=12)

    @model_validator(mode="after")
    def _raises_something(self) -> Decision:
        if (
            self.supplementary_cap is None
            and self.emergency_cap is None
            and self.times_per_matter is None
        ):
            raise ValueError(
                "决议未提高任何标准（supplementary-cap、emergency-cap 或 times-per-matter）"
            )
        return self


class Referral(LedgerModel):
    """A referral service (转介服务, R8): no money, recorded per person."""

    recipient: str
    service: str
    date: datetime.date


_MATTER = re.compile(r"^\S(.{0,60}\S)?$")


@lru_cache(maxsize=4096)  # asked for every aid payment by R5
def valid_matter(text: str) -> bool:
    """A matter key is a short non-blank label (e.g. "2025-车祸-左腿骨折")."""
    return bool(_MATTER.match(text))
