"""Money that is not aid: the seed fund, donations, interest and bank fees.

The founding follows the policy's sources of the seed fund (county subsidy in two transfers,
the village collective, neighbours' donations, a gift in kind); the planted ``seed_short`` and
``subsidy_denied`` violations change exactly one of them.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from jjn_ledger.sample.base import Base
from jjn_ledger.sample.specs import D
from jjn_ledger.write import render as writer


class Money(Base):
    """The society's income and running costs."""

    def founding(self) -> None:
        d = self.spec.registered
        fund_line = "2080299 其他民政管理事务支出"
        if self.spec.violation == "subsidy_denied":
            fund_line = "2082001 临时救助支出"
        half = D(5000)
        # The county pays its 10,000 in two transfers: the rule must add them up.
        for i, days in enumerate((3, 10), start=1):
            if i == 1 and self.spec.violation == "subsidy_denied":
                line = "2080299 其他民政管理事务支出"
            else:
                line = fund_line
            self.txn(
                d + datetime.timedelta(days=days),
                f"{self.spec.county}财政局",
                f"县级财政一次性补助互助社启动资金（第{i}笔）",
                [(self.acc("bank"), half), (self.acc("county_subsidy"), None)],
                {"document": f"示财社〔{d.year}〕{8 + i}号", "fund-line": line},
            )
        collective = D(8000) if self.spec.violation == "seed_short" else D(10000)
        self.txn(
            d + datetime.timedelta(days=5),
            f"{self.spec.village}股份经济合作社",
            "村级集体经济支持启动资金",
            [(self.acc("bank"), collective), (self.acc("collective"), None)],
            {"donor": f"{self.spec.village}股份经济合作社", "channel": "银行转账"},
        )
        for i, value in enumerate((D(3000), D(2000), D(2000), D(1500), D(1500), D(800)), 1):
            donor = self.person_name() if i != 4 else "匿名"
            self.txn(
                d + datetime.timedelta(days=6 + i),
                donor,
                "启动资金社会捐赠",
                [(self.acc("bank"), value), (self.acc("donation"), None)],
                {"donor": donor, "channel": "银行转账", "receipt": f"皖捐{d.year}{i:05d}"},
            )
        if self.spec.slug == "taoyuan":
            # A restricted gift: only for major-illness aid. Part of it is spent on purpose.
            self.txn(
                d + datetime.timedelta(days=30),
                "仁和镇爱心企业协会",
                "定向捐赠：大病救助",
                [(self.acc("bank"), D(5000)), (self.acc("donation_restricted"), None)],
                {"donor": "仁和镇爱心企业协会", "channel": "银行转账", "purpose": "重大疾病"},
            )
            self.st.restricted_left = D(5000)
        self.txn(
            d + datetime.timedelta(days=25),
            "县慈善超市",
            "实物捐赠：大米 20 袋",
            [(self.acc("inventory"), D(1200)), (self.acc("donation_in_kind"), None)],
            {"donor": "县慈善超市", "channel": "实物", "valuation": "发票金额"},
        )

    def donation(self, day: datetime.date) -> None:
        donor = self.rng.choice([self.person_name(), "匿名", "本村在外乡贤"])
        channel = self.rng.choice(["银行转账", "微信", "现金"])
        value = D(self.rng.choice([100, 200, 300, 500, 800, 1000]))
        target = self.acc("cash") if channel == "现金" else self.acc("bank")
        if channel == "现金" and self.st.cash + value > self.policy.petty_cash.ceiling:
            target, channel = self.acc("bank"), "银行转账"
        self.txn(
            day,
            donor,
            "社会捐赠",
            [(target, value), (self.acc("donation"), None)],
            {"donor": donor, "channel": channel},
        )

    def top_up(self, day: datetime.date, value: Decimal) -> None:
        """A busy village's monthly gift from the county charity federation, by bank."""
        donor = f"{self.spec.county}慈善总会"
        self.txn(
            day,
            donor,
            "社会捐赠",
            [(self.acc("bank"), value), (self.acc("donation"), None)],
            {"donor": donor, "channel": "银行转账"},
        )

    def interest(self, year: int, month: int) -> None:
        value = (self.st.bank * D("0.0035") / 4).quantize(writer.CENT)
        if value <= 0:
            return
        self.txn(
            datetime.date(year, month, 21),
            "开户银行",
            "活期存款利息",
            [(self.acc("bank"), value), (self.acc("interest"), None)],
        )

    def bank_fee(self, year: int) -> None:
        self.txn(
            datetime.date(year, 12, 20),
            "开户银行",
            "账户管理费",
            [(self.acc("bank_fee"), D(30)), (self.acc("bank"), None)],
        )
