"""What to generate: the sample county's nine societies and the benchmark villages.

Each sample society is compliant except for its ``violation``, which plants exactly one broken
rule (``VIOLATIONS`` names it) that the tests and the demo expect the rules to find.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from decimal import Decimal

D = Decimal
END = datetime.date(2026, 10, 31)
# The sample county's key: public, hence no protection at all (see the package docstring).
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
