"""Aid: each payment a real case (a new matter, a cap, an approval trail), and the plants.

Four of the planted violations live here (``over_cap``, ``negative_cash``, ``same_matter``,
``officer_household``), each planted once, in 2025; everything else stays within the policy
(caps from ``Policy.aid`` or the society's own decision, petty cash drawn before it is spent).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from jjn_ledger.ledger.vocabulary import AidCategory
from jjn_ledger.sample.people import People
from jjn_ledger.sample.specs import ACCIDENT, ILLNESS, OTHER, STATUSES_SUPP, D

Matter = tuple[tuple[str, str, str], str, str, str]  # (key, name, status), cause, detail, matter
TAOYUAN_DECISION = datetime.date(2025, 7, 1)  # its assembly raised the emergency cap to 1,500


class Aid(People):
    """Aid payments in money and in kind."""

    def aid(self, date: datetime.date) -> None:
        found = self._new_matter(date)
        if found is None:
            return
        (key, name, status), cause, detail, matter = found
        self.matters.add((key, matter))
        supplementary = status in STATUSES_SUPP
        cap = self.book_caps(date)[0 if supplementary else 1]
        amount = D(self.rng.randrange(2, int(cap) // 100 + 1) * 100)
        plant = self.spec.violation if not self.planted and date.year == 2025 else None
        if plant == "over_cap" and not supplementary:
            amount, self.planted = D(1200), True
        if plant is None and self.st.bank + self.st.cash < amount:
            return  # a fund that has run dry pays nothing (the busy benchmark villages)
        use_cash = self.rng.random() < 0.8
        if plant == "negative_cash" and self.st.cash < amount:
            use_cash, self.planted = True, True  # paid in cash that was never drawn
        elif plant == "negative_cash":
            plant = None
        drawn = use_cash and plant != "negative_cash"
        if drawn:
            self.draw_cash(date, amount)
        if plant == "officer_household":
            key, name, status = self.people[1]
            supplementary = status in STATUSES_SUPP
            amount, self.planted = min(amount, D(500)), True
        decision_applies = self.spec.slug == "taoyuan" and date >= TAOYUAN_DECISION
        if decision_applies and not supplementary and not self.planted:
            amount, self.planted = D(1500), True  # allowed by the 2025 decision
        if drawn:
            self.draw_cash(date, amount)
        meta = self._case(key, cause, matter, date, amount)
        category = AidCategory.SUPPLEMENTARY if supplementary else AidCategory.EMERGENCY
        account = self.acc("aid_supplementary" if supplementary else "aid_emergency")
        credit = self.acc("cash") if use_cash else self.acc("bank")
        self.txn(date, name, f"{category}：{detail}", [(account, amount), (credit, None)], meta)
        if plant == "same_matter":
            self._again(date, name, f"{category}：{detail}（再次）", account, amount, meta)

    def _new_matter(self, date: datetime.date) -> Matter | None:
        """A recipient and a matter not aided before (twenty tries, then no aid this time)."""
        for _ in range(20):
            person = self.pick()
            cause = self.rng.choice(["重大疾病", "重大疾病", "意外事故", "其他"])
            detail = self.rng.choice(
                {"重大疾病": ILLNESS, "意外事故": ACCIDENT, "其他": OTHER}[cause]
            )
            matter = f"{date.year}-{date.month:02d}-{detail}"
            if (person[0], matter) not in self.matters:
                return person, cause, detail, matter
        return None

    def _case(
        self, key: str, cause: str, matter: str, date: datetime.date, amount: Decimal
    ) -> dict[str, object]:
        """The case's metadata: who, why, the approval trail, and the fund it is paid from."""
        accepted = self.prev_workday(date)
        meta: dict[str, object] = {
            "recipient": key,
            "cause": cause,
            "matter": matter,
            "source": self.rng.choice(["申请", "申请", "主动发现"]),
            "accepted": accepted,
            "investigated": accepted,
            "approved": date,
        }
        if self.st.restricted_left > 0 and cause == "重大疾病":
            meta["fund"] = "定向捐赠"
            self.st.restricted_left -= min(self.st.restricted_left, amount)
        return meta

    def _again(
        self,
        date: datetime.date,
        name: str,
        narration: str,
        account: str,
        amount: Decimal,
        meta: dict[str, object],
    ) -> None:
        """The planted ``same_matter``: the same matter aided again days later, same year."""
        again = self.next_workday(date + datetime.timedelta(days=3))
        if again.month != date.month:
            return
        self.draw_cash(again, amount)
        meta2 = dict(meta, accepted=self.prev_workday(again), approved=again)
        meta2["investigated"] = meta2["accepted"]
        self.txn(again, name, narration, [(account, amount), (self.acc("cash"), None)], meta2)
        self.planted = True

    def book_caps(self, date: datetime.date) -> tuple[Decimal, Decimal]:
        """The supplementary and emergency caps in force on ``date``."""
        aid = self.policy.aid
        if self.spec.slug == "taoyuan" and date >= TAOYUAN_DECISION:
            return aid.supplementary_cap, D(1500)
        return aid.supplementary_cap, aid.emergency_cap

    def in_kind_aid(self, date: datetime.date) -> None:
        if self.st.stock < 300:
            return
        key, name, status = self.pick()
        account = "aid_supplementary" if status in STATUSES_SUPP else "aid_emergency"
        self.txn(
            date,
            name,
            "实物救助：大米 5 袋",
            [(self.acc(account), D(300)), (self.acc("inventory"), None)],
            {
                "recipient": key,
                "cause": "其他",
                "matter": f"{date.year}-{date.month:02d}-生活物资",
                "source": "主动发现",
                "accepted": self.prev_workday(date),
                "investigated": self.prev_workday(date),
                "approved": date,
            },
        )
