"""R2 — the seed fund: at least 30,000 yuan at founding, from its three sources.

Seed: ``000_5491b89b33d14de1.txt`` §二(二) (县级财政一次性补助1万元，村级集体经济支持1万元，
社会捐赠不少于1万元; or county 10,000 plus other channels together ≥ 20,000) and
``001_05e126a812a7c5c1.txt`` §三(二). All numbers are policy data (``seed_fund``): Dongtai's
model (``003_b8ec816644400867.txt`` §二) used 50,000 of collective money.

"At founding" means received on or before the registration date plus ``grace_days``. Money is
summed per source account over every transaction up to that day, so a subsidy booked in two
transfers counts whole. In-kind donations do not count toward the fund. Until the deadline has
passed the rule is silent: a society still collecting its fund is not in breach.

Before (registered 2024-03-15, collective support only 8,000)::

    2024-03-20 * "村股份经济合作社" "村集体支持启动资金"
      Assets:1002-银行存款:01-基本户   8000.00 CNY
      Income:4101-捐赠收入:01-村集体经济支持

After, at the ``jjn-society`` directive::

    [R2 启动资金] 启动资金不足：截至 2024-06-13 …村级集体经济支持 8,000.00 元，
    应不少于 10,000.00 元
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from decimal import Decimal

from beancount.core import data

from jjn_ledger.ledger import clock
from jjn_ledger.ledger.formats import yuan
from jjn_ledger.ledger.profile import Book
from jjn_ledger.ledger.transactions import signed_income
from jjn_ledger.rules.base import Finding, Rule

RULE = Rule("R2", "启动资金", "皖民社救函〔2024〕61号 二(二)", blocks_writes=False)


def seed_sums(
    entries: Sequence[data.Directive], book: Book, until: datetime.date
) -> dict[str, Decimal]:
    """Money received per source on or before ``until``: subsidy, collective, donation."""
    chart = book.chart
    in_kind = chart.account("donation_in_kind")
    sums = {"subsidy": Decimal(0), "collective": Decimal(0), "donation": Decimal(0)}
    accounts = chart.with_role(*sums) - {in_kind}
    for txn in book.index(entries).touching(accounts):
        if txn.date > until:
            continue
        for posting in txn.postings:
            if posting.account in accounts and posting.units is not None:
                role = chart.role(posting.account)
                assert role is not None
                sums[role] += signed_income(posting)
    return sums


def shortfalls(sums: dict[str, Decimal], book: Book) -> list[str]:
    """What is missing, in Chinese, or an empty list when the fund is complete."""
    sf = book.policy.seed_fund
    total = sum(sums.values(), Decimal(0))
    problems = []
    if total < sf.total_min:
        problems.append(f"合计 {yuan(total)}，应不少于 {yuan(sf.total_min)}")
    if sums["subsidy"] < sf.county_subsidy_min:
        problems.append(f"县级财政补助 {yuan(sums['subsidy'])}，应为 {yuan(sf.county_subsidy_min)}")
    if sf.mode == "strict":
        if sums["collective"] < sf.collective_min:
            problems.append(
                f"村级集体经济支持 {yuan(sums['collective'])}，应不少于 {yuan(sf.collective_min)}"
            )
        if sums["donation"] < sf.donation_min:
            problems.append(f"社会捐赠 {yuan(sums['donation'])}，应不少于 {yuan(sf.donation_min)}")
    else:
        pooled = sums["collective"] + sums["donation"]
        if pooled < sf.pooled_min:
            problems.append(
                f"村级集体经济支持与社会捐赠等合计 {yuan(pooled)}，应不少于 {yuan(sf.pooled_min)}"
            )
    return problems


def check(
    entries: Sequence[data.Directive], book: Book, today: datetime.date | None = None
) -> Iterator[Finding]:
    deadline = book.seed_deadline
    if deadline is None or book.profile_entry is None:
        return
    if not clock.passed(deadline, today):
        return
    problems = shortfalls(seed_sums(entries, book, deadline), book)
    if problems:
        yield Finding(
            RULE,
            f"启动资金不足：截至 {deadline}（登记日后 {book.policy.seed_fund.grace_days} 天）"
            + "；".join(problems),
            book.profile_entry.meta,
            book.profile_entry,
        )
