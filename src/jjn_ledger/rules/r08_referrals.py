"""R8 — referral services (转介服务): recorded per person, for a registered person, a known service.

Seed: ``000_5491b89b33d14de1.txt`` §二(四) (以资金救助为主、实物救助和转介服务为辅……提供心理疏导、
资源链接、能力提升、社会融入等帮扶服务; 同一年度……不限转介服务次数) and
``004_124e94daaa3ff448.txt`` §二(五) (现金救助、实物救助、转介服务相结合).

A referral carries no money and is a ``custom "jjn-referral" "<recipient>" "<service>"``
directive. ``jjn record referral`` refuses a person missing from the register and a service
not in ``aid.referral_services``; this rule makes the same two checks on the books, so a
referral written by hand is judged as the command would have judged it (one rulebook). There
is no limit on how many referrals a person has.

Before::

    2025-03-02 custom "jjn-referral" "P099" "心理疏导"

After: ``[R8 转介服务] 转介服务对象 P099 未在救助对象档案中登记（jjn-recipient）``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from beancount.core import data

from jjn_ledger.ledger.profile import Book
from jjn_ledger.ledger.vocabulary import REFERRAL
from jjn_ledger.rules.base import Finding, Rule

RULE = Rule("R8", "转介服务", "皖民社救函〔2024〕61号 二(四)")


def check(entries: Sequence[data.Directive], book: Book) -> Iterator[Finding]:
    services = book.policy.aid.referral_services
    for e in book.index(entries).customs_of(REFERRAL):
        values = [v.value for v in e.values]
        key = values[0] if values else None
        service = values[1] if len(values) > 1 else None
        if not isinstance(key, str) or key not in book.recipients:
            yield Finding(
                RULE,
                f"转介服务对象 {key or '（未写）'} 未在救助对象档案中登记（jjn-recipient），"
                "请先用“jjn society person add”登记",
                e.meta,
                e,
            )
        if service not in services:
            yield Finding(
                RULE,
                f"转介服务“{service or ''}”无效，应为：{'、'.join(services)}",
                e.meta,
                e,
            )
