"""R1 — the society's profile: name, registration, officers.

Seed: ``000_5491b89b33d14de1.txt`` §二(一) (统一命名形式, 统一成立方式) and
``001_05e126a812a7c5c1.txt`` §三(一) (备案 with funds held by the county charity federation).

Before::

    2024-03-15 custom "jjn-society" "示例县仁和镇桃园村互助社"
      county: "示例县"  …

After ``bean-check``::

    main.beancount:3: [R1 互助社名称与登记] 互助社基本信息有误：名称“示例县仁和镇桃园村互助社”
    不符合规范，应为“示例县仁和镇桃园村“救急难”互助社”…

A ledger with no ``jjn-society`` directive is an error too: without the profile no other rule
knows the registration date or the officers. Where one person is both 出纳 and 会计, a
warning (separation of duties) is shown to auditors; it is not a broken rule.

A society recorded as 备案 (filed as a community organisation, its money held in a sub-account
of the county charity federation, ``001_05e126a812a7c5c1.txt`` §三(一)) is kept and checked,
with a warning that it should register: 000 §二(一) ends that way of setting one up
(应当全部……申请登记为社会团体，不再采取“备案为社区社会组织”的方式).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from beancount.core import data

from jjn_ledger.ledger.profile import Book
from jjn_ledger.ledger.vocabulary import Registration
from jjn_ledger.rules.base import Finding, Rule

RULE = Rule("R1", "互助社名称与登记", "皖民社救函〔2024〕61号 二(一)")
REREGISTER = Rule("R1", "备案应改为登记", "皖民社救函〔2024〕61号 二(一)", "warning")
DUTIES = Rule("R1", "出纳会计分设", "会计基础工作规范：出纳不得兼任稽核、会计档案保管", "warning")


def check(entries: Sequence[data.Directive], book: Book) -> Iterator[Finding]:
    for p in book.problems_for(RULE.id):
        yield Finding(RULE, p.message, p.meta, p.entry)
    if book.profile_entry is None:
        yield Finding(
            RULE,
            '账本缺少互助社基本信息：请用 custom "jjn-society" '
            "记录名称、县乡村、登记方式和登记日期",
            data.new_metadata("<jjn>", 0),
        )
    if book.profile is not None and book.profile.registration == Registration.FILED:
        assert book.profile_entry is not None
        yield Finding(
            REREGISTER,
            "本互助社为备案的社区社会组织；互助社应当向县（市、区）民政部门申请登记为社会团体，"
            "不再采取备案方式，请尽快办理登记",
            book.profile_entry.meta,
            book.profile_entry,
        )
    roles: dict[str, set[str]] = {}
    for officer in book.officers:
        roles.setdefault(officer.name, set()).add(officer.role)
    for name, held in roles.items():
        if {"出纳", "会计"} <= held and book.profile_entry is not None:
            yield Finding(
                DUTIES,
                f"{name} 同时担任出纳和会计，建议分设",
                book.profile_entry.meta,
                book.profile_entry,
            )
