"""Policy numbers as a validated model: defaults from ``data/policy.toml``, county overrides.

Every number a rule uses is a field here (DOMAIN.md: "configurable … changes it in data, never
in code"). A county passes overrides as the plugin's config string; a society raises aid caps by
a recorded decision (see ``models.Decision``), which the rules apply from its date.
"""

from __future__ import annotations

import ast
import tomllib
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SeedFundPolicy(_Section):
    total_min: Decimal = Field(ge=0)
    county_subsidy_min: Decimal = Field(ge=0)
    mode: Literal["strict", "pooled"]
    collective_min: Decimal = Field(ge=0)
    donation_min: Decimal = Field(ge=0)
    pooled_min: Decimal = Field(ge=0)
    grace_days: int = Field(ge=0)


class SubsidyPolicy(_Section):
    income_codes: tuple[str, ...] = ("4401",)
    denied_words: tuple[str, ...]
    denied_budget_prefixes: tuple[str, ...]
    placeholders: tuple[str, ...] = ()


class DonationPolicy(_Section):
    channels: tuple[str, ...]
    public_channels: tuple[str, ...]
    public_channel_synonyms: tuple[str, ...] = ()
    apportionment_count: int = Field(ge=2)
    apportionment_window_days: int = Field(ge=1)


class AidPolicy(_Section):
    supplementary_cap: Decimal = Field(gt=0)
    emergency_cap: Decimal = Field(gt=0)
    times_per_matter_per_year: int = Field(ge=1)
    causes: tuple[str, ...]
    supplementary_bases: tuple[str, ...]
    emergency_bases: tuple[str, ...]
    forms: tuple[str, ...]
    referral_services: tuple[str, ...]


class DeadlinePolicy(_Section):
    investigate_workdays: int = Field(ge=0)
    pay_workdays: int = Field(ge=0)
    advance_investigate_workdays: int = Field(ge=0)


class PayPolicy(_Section):
    words: tuple[str, ...]
    receipt_keys: tuple[str, ...] = ("receipt",)


class DedicatedPolicy(_Section):
    """R12: the expense roles money may be spent through, and where money may go."""

    expense_roles: tuple[str, ...]
    outflow_roles: tuple[str, ...]
    assets_roles: tuple[str, ...]


class SharingPolicy(_Section):
    """R16: the window within which the same person and cause is a probable duplicate."""

    window_days: int = Field(default=90, ge=0)


class PettyCashPolicy(_Section):
    ceiling: Decimal = Field(gt=0)


class DisclosurePolicy(_Section):
    before_workday: int = Field(ge=1)
    days_posted: int = Field(ge=1)


class OversightPolicy(_Section):
    spot_check_ratio: float = Field(gt=0, le=1)
    zombie_months: int = Field(ge=1)


def _default_release() -> dict[str, Literal["fund", "purpose"]]:
    return {"donation_restricted": "fund", "county_subsidy": "purpose"}


class RestrictionPolicy(_Section):
    """How each restricted income account is released (R17); keys are chart keys."""

    release: dict[str, Literal["fund", "purpose"]] = Field(default_factory=_default_release)
    # Aid paid in donated goods (存货) spends the goods, not restricted money: by default it
    # releases no restriction (the accounting reading); a county may decide otherwise.
    in_kind_releases: bool = False


class DossierPolicy(_Section):
    documents: tuple[str, ...]


class BankReconciliationPolicy(_Section):
    """Days a statement line and a book entry may lie apart and still match (jjn reconcile)."""

    window_days: int = Field(default=5, ge=0)


class Policy(_Section):
    """All policy numbers in force for a ledger."""

    version: str
    currency: str
    seed_fund: SeedFundPolicy
    subsidy: SubsidyPolicy
    donation: DonationPolicy
    aid: AidPolicy
    deadlines: DeadlinePolicy
    pay: PayPolicy
    dedicated: DedicatedPolicy
    petty_cash: PettyCashPolicy
    disclosure: DisclosurePolicy
    oversight: OversightPolicy
    dossier: DossierPolicy
    restriction: RestrictionPolicy = RestrictionPolicy()
    bank_reconciliation: BankReconciliationPolicy = BankReconciliationPolicy()
    sharing: SharingPolicy = SharingPolicy()

    def fingerprint(self) -> str:
        """A stable text of every number, so caches can be keyed by the policy in force."""
        return self.model_dump_json()


@cache
def _defaults_raw() -> dict[str, Any]:
    text = resources.files("jjn_ledger").joinpath("data/policy.toml").read_text("utf-8")
    return tomllib.loads(text)


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def default_policy() -> Policy:
    """The defaults of DOMAIN.md, validated."""
    return _policy_from(())


@cache
def _policy_from(frozen_overrides: tuple[tuple[str, str], ...]) -> Policy:
    overrides = {k: ast.literal_eval(v) for k, v in frozen_overrides}
    return Policy.model_validate(_merge(_defaults_raw(), overrides))


def policy_from_config(config: str | None) -> Policy:
    """Parse a plugin config string (a Python dict literal) into the policy in force.

    Raises ``ValueError`` (from ``ast.literal_eval`` or pydantic) on bad config; the plugin
    turns that into a ledger error rather than a crash.
    """
    if config is None or not config.strip():
        return default_policy()
    value = ast.literal_eval(config)
    if not isinstance(value, dict):
        raise ValueError("插件配置必须是字典，例如 {'petty_cash': {'ceiling': 3000}}")
    key = tuple(sorted((str(k), repr(v)) for k, v in value.items()))
    return _policy_from(key)
