"""资金余额: one definition for every report, page and county table.

The society's 资金余额 is what it holds for its purpose: money (现金, 银行存款, 其他货币资金)
and donated goods not yet given out (存货), less what it owes — assets minus liabilities, which
equals its net assets. It is the figure a treasurer reconciles as 期初 + 收入 − 支出 = 期末
(in-kind gifts are income too), so the filing, the half-year report and the county workbook
all print this one number under this one name. Money alone is 货币资金 (资产负债表 line 1),
printed under that name where it is shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

FUND_BALANCE = "资金余额"
FUND_ROOTS = ("Assets:", "Liabilities:")


def is_fund_account(account: str) -> bool:
    """Whether a posting to ``account`` changes the 资金余额."""
    return account.startswith(FUND_ROOTS)


def fund_balance(totals: Mapping[str, Decimal]) -> Decimal:
    """The 资金余额 from balances per account (Beancount signs: liabilities negative)."""
    return sum((v for a, v in totals.items() if is_fund_account(a)), Decimal(0))
