"""The chart of accounts, read from ``data/chart.toml``.

Codes and Chinese names are data with the standard's version (DOMAIN.md R17), so that the
2026 standard can be corrected in one file. Code never spells an account name: it asks the
chart for an account by key (``chart.account("cash")``) or by role.
"""

from __future__ import annotations

import datetime
import tomllib
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources

DEFAULT_STANDARD = "2004"


@dataclass(frozen=True)
class ChartAccount:
    """One account of the society's tree."""

    key: str
    code: str
    name: str
    root: str
    sub: str | None
    role: str
    restricted: bool
    verified: bool

    @cached_property
    def account(self) -> str:
        """The Beancount account name, e.g. ``Assets:1002-银行存款:01-基本户``."""
        parts = [self.root, f"{self.code}-{self.name}"]
        if self.sub:
            parts.append(self.sub)
        return ":".join(parts)


@dataclass(frozen=True)
class Chart:
    """The society's account tree under one accounting standard."""

    standard: str
    title: str
    accounts: tuple[ChartAccount, ...]
    # The same tree under the other standards: a ledger that spans the changeover has accounts
    # of both (``5201-管理费用`` up to 2025, ``5301-管理费用`` after), and the rules must know
    # either by its role.
    aliases: tuple[ChartAccount, ...] = ()

    def account(self, key: str) -> str:
        """The account name for a key of the tree; KeyError names the unknown key."""
        return self.by_key[key].account

    @cached_property
    def by_key(self) -> dict[str, ChartAccount]:
        return {a.key: a for a in self.accounts}

    @cached_property
    def by_account(self) -> dict[str, ChartAccount]:
        return {a.account: a for a in self.accounts}

    @cached_property
    def _known(self) -> tuple[ChartAccount, ...]:
        return self.accounts + self.aliases

    def with_role(self, *roles: str) -> frozenset[str]:
        """Account names whose role is one of ``roles`` (under any standard's tree)."""
        return frozenset(a.account for a in self._known if a.role in roles)

    @cached_property
    def _roles(self) -> dict[str, str | None]:
        return {a.account: a.role for a in self._known}

    def role(self, account: str) -> str | None:
        """The role of an account, also for sub-accounts a society opened below one.

        Called for every posting by several rules, so answers are remembered per chart.
        """
        roles = self._roles
        if account not in roles:
            roles[account] = next(
                (a.role for a in self._known if account.startswith(a.account + ":")), None
            )
        return roles[account]

    @cached_property
    def fund_names(self) -> dict[str, str]:
        """Names an aid's ``fund`` may use for a restricted income account → its tree key.

        The key, the account, its sub-account (``03-定向捐赠``) or the sub-account's name
        (``定向捐赠``) all name the same fund.
        """
        names: dict[str, str] = {}
        for acc in self.accounts:
            if acc.restricted and acc.root == "Income":
                names[acc.key] = acc.key
                names[acc.account] = acc.key
                if acc.sub:
                    names[acc.sub] = acc.key
                    names[acc.sub.split("-", 1)[-1]] = acc.key
        return names

    def is_restricted(self, account: str) -> bool:
        acc = self.by_account.get(account) or next(
            (a for a in self.aliases if a.account == account), None
        )
        return bool(acc and acc.restricted)


@cache
def _raw() -> dict[str, object]:
    text = resources.files("jjn_ledger").joinpath("data/chart.toml").read_text("utf-8")
    return tomllib.loads(text)


def _tree(raw: dict[str, object], standard: str) -> tuple[ChartAccount, ...]:
    standards = raw["standard"]
    assert isinstance(standards, dict)
    names = {row["code"]: row for row in standards[standard]["accounts"]}
    tree = raw["tree"]
    assert isinstance(tree, list)
    accounts = []
    for row in tree:
        code = row.get("codes", {}).get(standard, row["code"])
        base = names[code]
        accounts.append(
            ChartAccount(
                key=row["key"],
                code=code,
                name=base["name"],
                root=base["type"],
                sub=row.get("sub"),
                role=row["role"],
                restricted=bool(row.get("restricted", False)),
                verified=bool(base["verified"]),
            )
        )
    return tuple(accounts)


@cache
def load_chart(standard: str = DEFAULT_STANDARD) -> Chart:
    """Build the society tree for ``standard`` ("2004" or "2026")."""
    raw = _raw()
    standards = raw["standard"]
    assert isinstance(standards, dict)
    if standard not in standards:
        known = "、".join(sorted(standards))
        raise ValueError(f"未知的会计制度版本“{standard}”，可用：{known}")
    aliases = tuple(
        acc
        for other in sorted(standards)
        if other != standard
        for acc in _tree(raw, other)
        if acc.account not in {a.account for a in _tree(raw, standard)}
    )
    return Chart(
        standard=standard,
        title=standards[standard]["title"],
        accounts=_tree(raw, standard),
        aliases=aliases,
    )


def standards() -> dict[str, str]:
    """Known standards and their titles."""
    std = _raw()["standard"]
    assert isinstance(std, dict)
    return {k: v["title"] for k, v in std.items()}


def standard_on(day: datetime.date) -> str:
    """The standard in force on ``day``: the one with the latest ``effective`` date not after it.

    The standard follows the period, not the society (DOMAIN.md, "The books"): books and
    statements up to 2025-12-31 under 财会〔2004〕7号, from 2026-01-01 under 财会〔2024〕25号.
    """
    std = _raw()["standard"]
    assert isinstance(std, dict)
    in_force = sorted((v["effective"], k) for k, v in std.items() if v["effective"] <= day)
    return in_force[-1][1] if in_force else DEFAULT_STANDARD


@dataclass(frozen=True)
class StandardAccount:
    """One account of a standard's official chart (not the society's tree)."""

    code: str
    name: str
    root: str
    verified: bool
    source: str


def official_accounts(standard: str) -> tuple[StandardAccount, ...]:
    std = _raw()["standard"]
    assert isinstance(std, dict)
    return tuple(
        StandardAccount(
            a["code"], a["name"], a["type"], bool(a["verified"]), a.get("source", "verified")
        )
        for a in std[standard]["accounts"]
    )


def changeover_map(standard: str) -> tuple[str, dict[str, str]]:
    """(the standard changed from, old code → new code) for changing over to ``standard``."""
    raw = _raw().get("changeover", {})
    assert isinstance(raw, dict)
    if standard not in raw:
        return standard, {}
    return raw[standard]["from"], dict(raw[standard]["map"])


def code_under(account: str, standard: str) -> str:
    """The code an account has under ``standard``, read from its ``CODE-名称`` component.

    An account of the other standard's chart (same code and name there) is mapped through
    ``changeover_map``, so a 2025 ``Expenses:5201-管理费用`` is 管理费用 (5301) in a 2026
    statement and never lands under 2026's 5201 税金及附加. An account no chart knows keeps
    its own code.
    """
    parts = account.split(":")
    if len(parts) < 2 or "-" not in parts[1]:
        return ""
    code, name = parts[1].split("-", 1)
    mine = {(a.code, a.name) for a in official_accounts(standard)}
    if (code, name) in mine:
        return code
    old, mapping = changeover_map(standard)
    if old != standard and (code, name) in {(a.code, a.name) for a in official_accounts(old)}:
        return mapping.get(code, code)
    return code
