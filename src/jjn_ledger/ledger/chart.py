"""The chart of accounts, read from ``data/chart.toml``.

Codes and Chinese names are data with the standard's version (DOMAIN.md R17), so that the
2026 standard can be corrected in one file. Code never spells an account name: it asks the
chart for an account by key (``chart.account("cash")``) or by role.
"""

from __future__ import annotations

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

    def account(self, key: str) -> str:
        """The account name for a key of the tree; KeyError names the unknown key."""
        return self.by_key[key].account

    @cached_property
    def by_key(self) -> dict[str, ChartAccount]:
        return {a.key: a for a in self.accounts}

    @cached_property
    def by_account(self) -> dict[str, ChartAccount]:
        return {a.account: a for a in self.accounts}

    def with_role(self, *roles: str) -> frozenset[str]:
        """Account names whose role is one of ``roles``."""
        return frozenset(a.account for a in self.accounts if a.role in roles)

    @cached_property
    def _roles(self) -> dict[str, str | None]:
        return {a.account: a.role for a in self.accounts}

    def role(self, account: str) -> str | None:
        """The role of an account, also for sub-accounts a society opened below one.

        Called for every posting by several rules, so answers are remembered per chart.
        """
        roles = self._roles
        if account not in roles:
            roles[account] = next(
                (a.role for a in self.accounts if account.startswith(a.account + ":")), None
            )
        return roles[account]

    def is_restricted(self, account: str) -> bool:
        acc = self.by_account.get(account)
        return bool(acc and acc.restricted)


@cache
def _raw() -> dict[str, object]:
    text = resources.files("jjn_ledger").joinpath("data/chart.toml").read_text("utf-8")
    return tomllib.loads(text)


@cache
def load_chart(standard: str = DEFAULT_STANDARD) -> Chart:
    """Build the society tree for ``standard`` ("2004" or "2026")."""
    raw = _raw()
    standards = raw["standard"]
    assert isinstance(standards, dict)
    if standard not in standards:
        known = "、".join(sorted(standards))
        raise ValueError(f"未知的会计制度版本“{standard}”，可用：{known}")
    std = standards[standard]
    names = {row["code"]: row for row in std["accounts"]}
    accounts = []
    tree = raw["tree"]
    assert isinstance(tree, list)
    for row in tree:
        base = names[row["code"]]
        accounts.append(
            ChartAccount(
                key=row["key"],
                code=row["code"],
                name=base["name"],
                root=base["type"],
                sub=row.get("sub"),
                role=row["role"],
                restricted=bool(row.get("restricted", False)),
                verified=bool(base["verified"]),
            )
        )
    return Chart(standard=standard, title=std["title"], accounts=tuple(accounts))


def standards() -> dict[str, str]:
    """Known standards and their titles."""
    std = _raw()["standard"]
    assert isinstance(std, dict)
    return {k: v["title"] for k, v in std.items()}
