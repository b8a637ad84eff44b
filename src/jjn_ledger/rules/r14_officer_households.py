"""R14 — aid to officers' households (关系保、人情保) is held for review.

Seed: ``000_5491b89b33d14de1.txt`` §三(三) (违规实施"关系保""人情保") and
``002_757f8b4b1c9ebbc3.txt`` §八 (避免"人情保""关系保"，防止优亲厚友).

The profile lists officers with their household (``jjn-officer`` … ``household:``); the
register lists each recipient's household. Aid to a recipient in an officer's household is an
error until the supervisory review that cleared it is recorded on the payment as
``review: "村务监督委员会审查意见〔2025〕2号"``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from beancount.core import data

from jjn_ledger.ledger.profile import Book
from jjn_ledger.rules.base import Finding, Rule

RULE = Rule("R14", "关系保人情保", "皖民社救函〔2024〕61号 三(三)；皖民社救字〔2022〕46号 八")


def check(entries: Sequence[data.Directive], book: Book) -> Iterator[Finding]:
    households = book.officer_households
    for pay in book.aid_payments(entries):
        person = book.recipients.get(pay.recipient or "")
        if person is None or person.household not in households:
            continue
        review = pay.get("review")
        if isinstance(review, str) and review.strip():
            continue
        officer = households[person.household]
        yield Finding(
            RULE,
            f"救助对象 {person.key} 与{officer.role}{officer.name}同户（{person.household}），"
            "须经村务监督委员会审查并在记录中写明 review（审查意见文号）",
            pay.meta,
            pay.entry,
        )
