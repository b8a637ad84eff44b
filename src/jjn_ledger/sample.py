"""A deterministic generator of society books: the sample county and benchmark ledgers.

``python -m jjn_ledger.sample ledgers/示例县`` writes the sample county committed in the repo;
the same code, with ``--societies`` and ``--aid-per-month``, writes the large ledgers the
benchmarks use. Every society is generated from a seed derived from its slug, so the output is
byte-for-byte the same on every run. Each "violation" plants exactly one broken rule in an
otherwise compliant society, which the tests and the demo use to show that the rules find
exactly what was planted.

The sample is a whole county, laid out as a real one (``ledger.county_secret``): its books hold
no clear ID number, only each recipient's pseudonym under the county's key; the clear (and
fictitious: address code 3499xx) numbers are in ``.jjn-county/ids/``; every notice is anchored
in ``.jjn-county/anchors.jsonl``. The key is fixed (``SAMPLE_SECRET``) so the output is the same
on every run — which also means the sample's pseudonyms protect nothing: a real county creates
its own random key with ``jjn county init``.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import random
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from pathlib import Path

from beancount.core import data

from jjn_ledger.ledger import anchors, county_secret, layout
from jjn_ledger.ledger.calendar import default_calendar
from jjn_ledger.ledger.chart import Chart, load_chart
from jjn_ledger.ledger.idcodes import (
    id_hash,
    id_verdict,
    make_credit_code,
    make_id_number,
    mask_id_number,
)
from jjn_ledger.ledger.models import society_name
from jjn_ledger.ledger.policy import Policy, default_policy
from jjn_ledger.ledger.transactions import number
from jjn_ledger.ledger.vocabulary import DECISION, OFFICER, RECIPIENT, SOCIETY, AidCategory
from jjn_ledger.record import anchoring, id_register, published
from jjn_ledger.write import render as writer

D = Decimal
END = datetime.date(2026, 10, 31)
# The sample county's key: public, hence no protection at all (see the module docstring).
SAMPLE_SECRET = hashlib.sha256(b"jjn-ledger sample county key: public, protects nothing").digest()

VIOLATIONS = {
    "seed_short": "R2",
    "subsidy_denied": "R3",
    "over_cap": "R7",
    "same_matter": "R7",
    "negative_cash": "R9",
    "officer_household": "R14",
}

# R16, planted as a county-level finding, not an error of either ledger: the same person (same
# ID number) is in the registers of two societies and both aid them in 2025 for the same illness.
# Each society's books are right on their own; ``jjn check`` on the county folder (rule
# ``r16_sharing``) and ``jjn report audit`` see the pair.
CROSS_SOCIETY_DUPLICATE = (("taoyuan", "P004"), ("liushu", "P008"))

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = "秀英桂兰玉梅建国志强国华淑珍德明海燕红霞永华春花小平文军丽娟长青"
ILLNESS = ["尿毒症透析", "恶性肿瘤化疗", "白血病住院", "脑出血住院", "重度烧伤"]
ACCIDENT = ["车祸受伤", "溺水抢救", "房屋火灾", "务工摔伤", "暴雨房屋倒塌"]
OTHER = ["子女上学困难", "家庭主要劳动力失业", "丧葬困难"]
STATUSES_SUPP = ["低保", "特困", "临时救助"]
STATUSES_EMERG = ["防止返贫监测对象", "低保边缘", "刚性支出困难"]


@dataclass(frozen=True)
class SocietySpec:
    """One society to generate."""

    slug: str
    county: str
    township: str
    village: str
    registered: datetime.date
    registration: str = "登记"
    violation: str | None = None
    recipients: int = 12
    aid_per_month: float = 1.5
    end: datetime.date = END


SAMPLE_COUNTY = "示例县"
SAMPLE: tuple[SocietySpec, ...] = (
    SocietySpec("taoyuan", SAMPLE_COUNTY, "仁和镇", "桃园村", datetime.date(2024, 3, 15)),
    SocietySpec("hexie", SAMPLE_COUNTY, "城关街道", "和谐社区", datetime.date(2024, 4, 8), "备案"),
    SocietySpec("liushu", SAMPLE_COUNTY, "青山乡", "柳树村", datetime.date(2024, 5, 20)),
    SocietySpec(
        "qingshan",
        SAMPLE_COUNTY,
        "青山乡",
        "青山村",
        datetime.date(2024, 4, 1),
        violation="seed_short",
    ),
    SocietySpec(
        "dongang",
        SAMPLE_COUNTY,
        "仁和镇",
        "东岗村",
        datetime.date(2024, 6, 3),
        violation="subsidy_denied",
    ),
    SocietySpec(
        "xihe",
        SAMPLE_COUNTY,
        "仁和镇",
        "西河村",
        datetime.date(2024, 5, 6),
        violation="over_cap",
    ),
    SocietySpec(
        "nanshan",
        SAMPLE_COUNTY,
        "青山乡",
        "南山村",
        datetime.date(2024, 7, 1),
        violation="same_matter",
    ),
    SocietySpec(
        "beipo",
        SAMPLE_COUNTY,
        "城关街道",
        "北坡村",
        datetime.date(2024, 4, 22),
        violation="negative_cash",
    ),
    SocietySpec(
        "shuangqiao",
        SAMPLE_COUNTY,
        "仁和镇",
        "双桥村",
        datetime.date(2024, 8, 12),
        violation="officer_household",
    ),
)


@dataclass
class _State:
    """Running balances while generating, so the books stay consistent."""

    cash: Decimal = field(default_factory=Decimal)
    bank: Decimal = field(default_factory=Decimal)
    stock: Decimal = field(default_factory=Decimal)
    restricted_left: Decimal = field(default_factory=Decimal)
    entries: list[data.Directive] = field(default_factory=list)


def _complete(entry: data.Directive) -> data.Directive:
    """A transaction with its balancing leg's amount filled in, as Beancount interpolates it."""
    if not isinstance(entry, data.Transaction):
        return entry
    rest = -sum((number(p) for p in entry.postings if p.units is not None), D(0))
    postings = [
        p if p.units is not None else p._replace(units=writer.money(rest)) for p in entry.postings
    ]
    return entry._replace(postings=postings)


class _Gen:
    def __init__(self, spec: SocietySpec, chart: Chart, policy: Policy) -> None:
        self.spec = spec
        self.chart = chart
        self.policy = policy
        self.rng = random.Random(zlib.crc32(spec.slug.encode()))
        self.cal = default_calendar()
        self.st = _State()
        self.acc = chart.account
        self.planted = False
        self.matters: set[tuple[str, str]] = set()
        self.clear: dict[str, id_register.ClearId] = {}  # key → clear number (county register)
        self.register: list[data.Directive] = []

    # --- people -------------------------------------------------------------------------
    def person_name(self) -> str:
        n = self.rng.choice([1, 2])
        return self.rng.choice(SURNAMES) + "".join(self.rng.choice(GIVEN) for _ in range(n))

    def officers(self) -> list[data.Directive]:
        d = self.spec.registered
        out: list[data.Directive] = []
        for i, role in enumerate(["社长", "秘书长", "出纳", "会计", "监事"], start=1):
            out.append(
                writer.custom(
                    d, OFFICER, [role], {"name": self.person_name(), "household": f"H{i:02d}"}
                )
            )
        return out

    def recipients(self) -> list[data.Directive]:
        out: list[data.Directive] = []
        self.people: list[tuple[str, str, str]] = []  # key, name, status
        # 3499xx: no such prefecture, so no generated ID can be a real person's.
        region = f"3499{zlib.crc32(self.spec.slug.encode()) % 90 + 10:02d}"
        for i in range(1, self.spec.recipients + 1):
            key = f"P{i:03d}"
            status = self.rng.choice(STATUSES_SUPP if i % 2 else STATUSES_EMERG)
            birth = datetime.date(1940, 1, 1) + datetime.timedelta(days=self.rng.randrange(25000))
            seq = f"{self.rng.randrange(1000):03d}"
            id_number = make_id_number(f"{region}{birth:%Y%m%d}{seq}")
            household = f"H{10 + i:02d}"
            if self.spec.violation == "officer_household" and i == 2:
                household = "H03"  # the cashier's household
            name = self.person_name()
            if (self.spec.slug, key) == CROSS_SOCIETY_DUPLICATE[1]:
                name, id_number, status = _twin(*CROSS_SOCIETY_DUPLICATE[0])
            self.people.append((key, name, status))
            pseudonym = id_hash(id_number, SAMPLE_SECRET)
            self.clear[key] = id_register.ClearId(name, id_number, pseudonym)
            out.append(
                writer.custom(
                    self.spec.registered + datetime.timedelta(days=i),
                    RECIPIENT,
                    [key],
                    {
                        "name": name,
                        "id-hash": pseudonym,
                        "id-masked": mask_id_number(id_number),
                        "id-check": id_verdict(id_number),
                        "household": household,
                        "hukou": "本村户籍" if i % 5 else "共同生活家庭成员本村户籍",
                        "status": status,
                    },
                )
            )
        self.register = out
        return out

    # --- money --------------------------------------------------------------------------
    def add(self, entry: data.Directive) -> None:
        self.st.entries.append(entry)

    def txn(
        self,
        date: datetime.date,
        payee: str,
        narration: str,
        postings: Sequence[tuple[str, Decimal | None]],
        meta: dict[str, object] | None = None,
    ) -> None:
        self.add(writer.transaction(date, payee, narration, postings, meta))
        for account, given in postings:
            value = (
                given
                if given is not None
                else -sum((v for _, v in postings if v is not None), D(0))
            )
            if account == self.acc("cash"):
                self.st.cash += value
            elif account == self.acc("bank"):
                self.st.bank += value
            elif account == self.acc("inventory"):
                self.st.stock += value

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

    def draw_cash(self, date: datetime.date, need: Decimal) -> None:
        ceiling = self.policy.petty_cash.ceiling
        if self.st.cash >= need:
            return
        amount = min(ceiling - self.st.cash, max(need - self.st.cash, D(2000)))
        amount = (amount // 100) * 100
        self.txn(
            date,
            "",
            "从银行提取备用金",
            [(self.acc("cash"), amount), (self.acc("bank"), None)],
        )

    def pick(self) -> tuple[str, str, str]:
        """A random recipient; never the planted officer-household one (P002 there)."""
        pool = self.people
        if self.spec.violation == "officer_household":
            pool = [p for p in self.people if p[0] != "P002"]
        return self.rng.choice(pool)

    def aid(self, date: datetime.date) -> None:
        for _ in range(20):
            key, name, status = self.pick()
            cause = self.rng.choice(["重大疾病", "重大疾病", "意外事故", "其他"])
            detail = self.rng.choice(
                {"重大疾病": ILLNESS, "意外事故": ACCIDENT, "其他": OTHER}[cause]
            )
            matter = f"{date.year}-{date.month:02d}-{detail}"
            if (key, matter) not in self.matters:
                break
        else:
            return
        self.matters.add((key, matter))
        supplementary = status in STATUSES_SUPP
        caps = self.book_caps(date)
        cap = caps[0] if supplementary else caps[1]
        amount = D(self.rng.randrange(2, int(cap) // 100 + 1) * 100)
        category = AidCategory.SUPPLEMENTARY if supplementary else AidCategory.EMERGENCY
        plant = self.spec.violation if not self.planted and date.year == 2025 else None
        if plant == "over_cap" and not supplementary:
            amount = D(1200)
            self.planted = True
        if plant is None and self.st.bank + self.st.cash < amount:
            return  # a fund that has run dry pays nothing (the busy benchmark villages)
        use_cash = self.rng.random() < 0.8
        if plant == "negative_cash" and self.st.cash < amount:
            use_cash, self.planted = True, True  # paid in cash that was never drawn
        elif plant == "negative_cash":
            plant = None
        if use_cash and plant != "negative_cash":
            self.draw_cash(date, amount)
        if plant == "officer_household":
            key, name, status = self.people[1]
            supplementary = status in STATUSES_SUPP
            category = AidCategory.SUPPLEMENTARY if supplementary else AidCategory.EMERGENCY
            amount = min(amount, D(500))
            self.planted = True
        decision_applies = self.spec.slug == "taoyuan" and date >= datetime.date(2025, 7, 1)
        if decision_applies and not supplementary and not self.planted:
            amount, self.planted = D(1500), True  # allowed by the 2025 decision
        if use_cash and plant != "negative_cash":
            self.draw_cash(date, amount)
        approved = date
        accepted = self.prev_workday(date)
        meta: dict[str, object] = {
            "recipient": key,
            "cause": cause,
            "matter": matter,
            "source": self.rng.choice(["申请", "申请", "主动发现"]),
            "accepted": accepted,
            "investigated": accepted,
            "approved": approved,
        }
        if self.st.restricted_left > 0 and cause == "重大疾病":
            meta["fund"] = "定向捐赠"
            self.st.restricted_left -= min(self.st.restricted_left, amount)
        account = self.acc("aid_supplementary" if supplementary else "aid_emergency")
        credit = self.acc("cash") if use_cash else self.acc("bank")
        self.txn(date, name, f"{category}：{detail}", [(account, amount), (credit, None)], meta)
        if plant == "same_matter":
            # The same matter aided again three weeks later, in the same year.
            again = self.next_workday(date + datetime.timedelta(days=3))
            if again.month == date.month:
                self.draw_cash(again, amount)
                meta2 = dict(meta, accepted=self.prev_workday(again), approved=again)
                meta2["investigated"] = meta2["accepted"]
                self.txn(
                    again,
                    name,
                    f"{category}：{detail}（再次）",
                    [(account, amount), (self.acc("cash"), None)],
                    meta2,
                )
                self.planted = True

    def book_caps(self, date: datetime.date) -> tuple[Decimal, Decimal]:
        aid = self.policy.aid
        if self.spec.slug == "taoyuan" and date >= datetime.date(2025, 7, 1):
            return aid.supplementary_cap, D(1500)
        return aid.supplementary_cap, aid.emergency_cap

    def prev_workday(self, date: datetime.date) -> datetime.date:
        d = date - datetime.timedelta(days=1)
        while not self.cal.is_workday(d):
            d -= datetime.timedelta(days=1)
        return d

    def next_workday(self, date: datetime.date) -> datetime.date:
        return self.cal.add_workdays(date, 0)

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

    def month(self, year: int, month: int) -> None:
        """One month of activity, run in date order so the running balances are true."""
        first = datetime.date(year, month, 1)
        days = [first + datetime.timedelta(days=i) for i in range(31)]
        opened = self.spec.registered + datetime.timedelta(days=40)
        workdays = [d for d in days if d.month == month and d > opened and self.cal.is_workday(d)]
        if not workdays:
            return
        events: list[tuple[datetime.date, int, Callable[[], None]]] = []
        for _ in range(self.rng.randrange(1, 3)):
            day = self.rng.choice(workdays)
            events.append((day, 0, partial(self.donation, day)))
        count = int(self.spec.aid_per_month) + (
            1 if self.rng.random() < self.spec.aid_per_month % 1 else 0
        )
        # A busy (benchmark) society pays several on one day; the sample never needs to.
        days = (
            self.rng.sample(workdays, count)
            if count <= len(workdays)
            else self.rng.choices(workdays, k=count)
        )
        for day in days:
            events.append((day, 1, partial(self.aid, day)))
        if month in (1, 7):
            events.append((workdays[-1], 2, partial(self.in_kind_aid, workdays[-1])))
        if month in (3, 6, 9, 12):
            events.append((datetime.date(year, month, 21), 3, partial(self.interest, year, month)))
        if month == 12:
            events.append((datetime.date(year, month, 20), 3, partial(self.bank_fee, year)))
        for _, _, run in sorted(events, key=lambda e: (e[0], e[1])):
            run()
        nxt = (first + datetime.timedelta(days=32)).replace(day=1)
        self.add(writer.balance(nxt, self.acc("cash"), self.st.cash))
        self.add(writer.balance(nxt, self.acc("bank"), self.st.bank))

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

    def notices(self) -> None:
        """R10: each month with aid is posted on the 3rd working day of the next, for 7 days."""
        aid = self.chart.with_role("aid-supplementary", "aid-emergency")
        months = sorted(
            {
                (e.date.year, e.date.month)
                for e in self.st.entries
                if isinstance(e, data.Transaction) and any(p.account in aid for p in e.postings)
            }
        )
        # as Beancount will read them, with the register (the notice prints the names)
        booked = [_complete(e) for e in self.st.entries] + self.register
        for y, m in months:
            ny, nm = (y + 1, 1) if m == 12 else (y, m + 1)
            posted = self.cal.nth_workday_of_month(ny, nm, 3)
            removed = posted + datetime.timedelta(days=self.policy.disclosure.days_posted)
            notice = published.NoticeIn(month=f"{y:04d}-{m:02d}", posted=posted, removed=removed)
            self.add(published.notice_entry(booked, self.chart, notice))

    def generate(self) -> dict[str, list[data.Directive]]:
        spec = self.spec
        name = society_name(spec.county, spec.township, spec.village)
        # 51 = civil affairs / social group; 349900 is a fictitious region code.
        code = make_credit_code(f"51349900MJB{zlib.crc32(spec.slug.encode()) % 10**6:06d}")
        profile: dict[str, object] = {
            "county": spec.county,
            "township": spec.township,
            "village": spec.village,
            "registration": spec.registration,
            "registered": spec.registered,
        }
        if spec.registration == "登记":
            profile["credit-code"] = code
        else:
            profile["custodian"] = f"{spec.county}慈善协会“救急难”互助社联合会分账户"
        society: list[data.Directive] = [
            writer.custom(spec.registered, SOCIETY, [name], profile),
            *self.officers(),
        ]
        if spec.slug == "taoyuan":
            society.append(
                writer.custom(
                    datetime.date(2025, 7, 1),
                    DECISION,
                    ["桃园村互助社会员大会决议〔2025〕1号"],
                    {"body": "会员大会", "emergency-cap": D(1500)},
                )
            )
        people = self.recipients()
        accounts: list[data.Directive] = [
            writer.open_account(spec.registered, a.account) for a in self.chart.accounts
        ]
        self.founding()
        y, m = spec.registered.year, spec.registered.month
        while (y, m) <= (spec.end.year, spec.end.month):
            self.month(y, m)
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        self.notices()
        return {
            "society": society,
            "accounts": accounts,
            "people": people,
            "books": self.st.entries,
        }


def _twin(slug: str, key: str) -> tuple[str, str, str]:
    """Name, ID number and status of one sample recipient, regenerated from its society's seed."""
    spec = next(s for s in SAMPLE if s.slug == slug)
    gen = _Gen(spec, load_chart(), default_policy())
    gen.officers()
    meta = next(
        e.meta for e in gen.recipients() if isinstance(e, data.Custom) and e.values[0].value == key
    )
    return meta["name"], gen.clear[key].id_number, meta["status"]


def write_county_office(county: Path) -> None:
    """The sample county's private folder: its (public) key and an empty anchor register."""
    county.mkdir(parents=True, exist_ok=True)
    if not county_secret.secret_path(county).exists():
        county_secret.create(county, SAMPLE_SECRET)
    elif county_secret.read(county) != SAMPLE_SECRET:
        raise SystemExit(f"{county} 已有另一个县级密钥：示例县只能生成到新文件夹或示例县文件夹")
    anchors.path_of(county).write_text("", "utf-8")


def write_society(folder: Path, spec: SocietySpec, documents: bool = True) -> Path:
    """Generate one society's books into ``folder`` (created); returns its main file.

    ``documents``: also the people's 一人一档 papers (placeholders) under ``documents/``. The
    clear ID numbers go to the county register beside it (``folder``'s parent), whose key
    must be the sample's: ``write_county_office`` first.
    """
    policy = default_policy()
    gen = _Gen(spec, load_chart(), policy)
    parts = gen.generate()
    id_register.path_of(folder).unlink(missing_ok=True)
    id_register.add(folder, gen.clear)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / layout.BOOKS).mkdir(exist_ok=True)
    title = society_name(spec.county, spec.township, spec.village)
    (folder / layout.MAIN).write_text(layout.main_text(title), "utf-8")
    header = f"; {title}\n\n"
    (folder / layout.SOCIETY).write_text(header + writer.render(parts["society"]), "utf-8")
    (folder / layout.ACCOUNTS).write_text(header + writer.render(parts["accounts"]), "utf-8")
    (folder / layout.PEOPLE).write_text(header + writer.render(parts["people"]), "utf-8")
    by_month: dict[tuple[int, int], list[data.Directive]] = {}
    for entry in sorted(parts["books"], key=data.entry_sortkey):
        by_month.setdefault((entry.date.year, entry.date.month), []).append(entry)
    for (y, m), month_entries in by_month.items():
        layout.month_file(folder, y, m).write_text(writer.render(month_entries), "utf-8")
    if documents:
        write_documents(folder, spec, gen, policy.dossier.documents)
    return folder / layout.MAIN


# 一人一档 papers (R11): most aided people have every kind on file; every fourth misses one, in
# turn one of these; people never aided have only the application-stage papers.
DOCUMENTS = "documents"  # reports.dossier.DOCUMENTS: the folder beside the books
MISSING_IN_TURN = ("入户调查记录", "领款凭证", "公示记录", "困难证明")
APPLICATION_STAGE = ("申请表", "身份证复印件", "困难证明", "入户调查记录")


def write_documents(folder: Path, spec: SocietySpec, gen: _Gen, kinds: Sequence[str]) -> None:
    """``documents/<key>/<kind>.txt`` placeholders: what a kept 一人一档 looks like.

    Placeholders say they are samples and hold no name or ID number; a real file is a scan.
    """
    aided = {
        e.meta.get("recipient")
        for e in gen.st.entries
        if isinstance(e, data.Transaction) and "recipient" in e.meta
    }
    title = society_name(spec.county, spec.township, spec.village)
    for i, (key, _, _) in enumerate(gen.people, start=1):
        if key in aided:
            missing = MISSING_IN_TURN[(i // 4) % len(MISSING_IN_TURN)] if i % 4 == 0 else None
            present = [k for k in kinds if k != missing]
        else:
            present = [k for k in kinds if k in APPLICATION_STAGE]
        place = folder / DOCUMENTS / key
        place.mkdir(parents=True, exist_ok=True)
        for kind in present:
            text = f"示例文件（不是真实材料）：{title} 救助对象 {key} 的{kind}。\n"
            (place / f"{kind}.txt").write_text(text, "utf-8")


def bulk_specs(count: int, aid_per_month: float, county: str = "基准县") -> list[SocietySpec]:
    """Compliant societies for benchmarks: ``count`` villages of one county."""
    towns = ["东城镇", "西城镇", "南湖乡", "北山乡", "中心街道"]
    return [
        SocietySpec(
            f"v{i:05d}",
            county,
            towns[i % len(towns)],
            f"第{i}村",
            datetime.date(2024, 3, 1) + datetime.timedelta(days=i % 60),
            aid_per_month=aid_per_month,
            recipients=30,
        )
        for i in range(1, count + 1)
    ]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="生成示例互助社账本（确定性）")
    parser.add_argument("target", type=Path)
    parser.add_argument("--societies", type=int, default=0, help="生成 N 个合规的基准账本")
    parser.add_argument("--aid-per-month", type=float, default=1.5)
    args = parser.parse_args(argv)
    specs = list(SAMPLE) if not args.societies else bulk_specs(args.societies, args.aid_per_month)
    write_county_office(args.target)
    for spec in specs:
        write_society(args.target / spec.slug, spec)
    _anchor_notices(args.target, [args.target / spec.slug for spec in specs])


def _anchor_notices(county: Path, folders: Sequence[Path]) -> None:
    """Anchor every sample notice, in date order, as the county would have on the day."""
    from beancount.parser import parser

    found: list[tuple[datetime.date, int, anchoring.Event]] = []
    for order, folder in enumerate(folders):
        entries = [
            e
            for f in sorted((folder / layout.BOOKS).glob("*.beancount"))
            for e in parser.parse_file(str(f))[0]
        ]
        for e in entries:
            event = anchoring.event_of(folder, e)
            if event is not None and event.kind == "notice":
                found.append((e.date, order, event))
    for day, _, event in sorted(found, key=lambda f: (f[0], f[1])):
        anchoring.append(county, [event], at=f"{day}T09:00:00+08:00")
    Path(f"{anchors.path_of(county)}.lock").unlink(missing_ok=True)  # the append's lock file


if __name__ == "__main__":
    main()
