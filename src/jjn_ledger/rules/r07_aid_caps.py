"""R7 — aid caps and frequency: 500 / 1,000 yuan per person per time, once a year.

Seed: ``000_5491b89b33d14de1.txt`` §二(四) (补充救助不超过500元每人次，应急救助不超过1000元每人次；
同一年度内因同一事项申请救助的，原则上只救助一次（不限转介服务次数）；有条件的……可以结合实际适当
提高救助频次、标准) and ``001_05e126a812a7c5c1.txt`` §三(三)2.

The caps are policy data (``aid``). A society raises them by a recorded decision::

    2025-06-01 custom "jjn-decision" "会员大会决议〔2025〕1号"
      body: "会员大会"
      emergency-cap: 1500 CNY
      times-per-matter: 2

which applies to aid paid on or after its date. "Per time" is one aid transaction; "the same
matter" is the ``matter`` text of the same recipient in the same calendar year, compared
normalised (``wording.plain``: full-width and spaces do not make two matters). Within one
society the treasurer's matter key is taken as written, month included ("2025-07-丧葬困难" and
"2025-12-丧葬困难" are two events the same treasurer told apart); across societies, where two
treasurers each put their own month in front, R16 compares matters without it. The same
matter aided again in a new year is allowed. Referral services carry no money and no limit.

Before: two payments to P001 for matter "2025-尿毒症" in 2025 → After: the second is
``[R7 救助标准与频次] 同一事项一年内已救助 1 次…``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence

from beancount.core import data

from jjn_ledger.ledger.formats import yuan
from jjn_ledger.ledger.profile import Book, Caps
from jjn_ledger.ledger.vocabulary import AidCategory
from jjn_ledger.rules.base import Finding, Rule
from jjn_ledger.rules.wording import plain

RULE = Rule("R7", "救助标准与频次", "皖民社救函〔2024〕61号 二(四)")


def check(entries: Sequence[data.Directive], book: Book) -> Iterator[Finding]:
    for p in book.problems_for(RULE.id):  # decisions that did not validate
        yield Finding(RULE, p.message, p.meta, p.entry)
    times: dict[tuple[str, str, int], int] = {}  # (recipient, matter, year) → payments so far
    caps_on = functools.cache(book.caps_on)  # payments share their days
    supplementary = AidCategory.SUPPLEMENTARY
    for pay in book.aid_payments(entries):
        day = pay.date
        caps = caps_on(day)
        cap = caps.supplementary if pay.category is supplementary else caps.emergency
        if pay.amount > cap:
            basis = _basis(caps)
            yield Finding(
                RULE,
                f"{pay.category}每人次不超过 {yuan(cap)}（{basis}），本次 {yuan(pay.amount)}",
                pay.meta,
                pay.entry,
            )
        if pay.recipient and pay.matter:
            key = (pay.recipient, plain(pay.matter), day.year)
            count = times[key] = times.get(key, 0) + 1
            if count > caps.times_per_matter:
                yield Finding(
                    RULE,
                    f"{pay.recipient} 因“{pay.matter}”在 {day.year} 年已救助 {count - 1} 次，"
                    f"同一事项每年最多 {caps.times_per_matter} 次（{_basis(caps)}）",
                    pay.meta,
                    pay.entry,
                )


def _basis(caps: Caps) -> str:
    return f"依{caps.decision}" if caps.decision else "政策标准"
