"""R4 — donations: a named donor and channel, no public fundraising, no apportionment.

Seed: ``000_5491b89b33d14de1.txt`` §二(二) (未取得公开募捐资格的不得违规开展公开募捐) and §三(三)
(违规向群众（企业）摊派费用); ``001_05e126a812a7c5c1.txt`` §三(二).

Every transaction posting to a donation or collective-support income account carries ``donor``
(a name, or ``"匿名"``) and ``channel`` (one of ``donation.channels``). A donation through a
public channel (``donation.public_channels``) is an error unless the society's profile records
``public-fundraising: TRUE``. The names treasurers give public fundraising —
crowdfunding platforms (水滴筹、轻松筹 …), 网络募捐, 街头募捐 — are listed in
``donation.public_channel_synonyms`` and are judged as public fundraising, never as an
unknown channel (texts are compared normalised, ``rules.wording``). A gift to a restricted
(定向) donation account names its ``purpose``, as ``jjn record donation --restricted``
requires; an unvalued gift in kind (``custom "jjn-in-kind"``) names its quantity, as
``jjn record donation-in-kind`` requires (DOMAIN.md: registered by name and quantity only).
Apportionment is a pattern, not a proof: when
``apportionment_count`` or more different donors give the same amount within
``apportionment_window_days``, a *warning* is shown to auditors; it does not fail the books.

Before::

    2024-04-02 * "网络众筹" "公开募捐"
      donor: "网络众筹"
      channel: "公开募捐"
      Assets:1002-银行存款:01-基本户   3000.00 CNY
      Income:4101-捐赠收入:02-社会捐赠

After: ``[R4 捐赠与募捐] 未取得公开募捐资格，不得通过“公开募捐”接受捐赠``.
"""

from __future__ import annotations

import datetime
from collections import defaultdict, deque
from collections.abc import Iterator, Sequence
from decimal import Decimal

from beancount.core import data

from jjn_ledger.ledger.profile import Book
from jjn_ledger.ledger.transactions import signed_income
from jjn_ledger.ledger.vocabulary import IN_KIND
from jjn_ledger.rules.base import Finding, Rule
from jjn_ledger.rules.wording import contains_any, is_blank, plain

RULE = Rule("R4", "捐赠与募捐", "皖民社救函〔2024〕61号 二(二)")
APPORTIONMENT = Rule("R4", "疑似摊派", "皖民社救函〔2024〕61号 三(三)", "warning")


def check(entries: Sequence[data.Directive], book: Book) -> Iterator[Finding]:
    pol = book.policy.donation
    public_ok = bool(book.profile and book.profile.public_fundraising)
    accounts = book.chart.with_role("donation", "collective")
    restricted = {a for a in accounts if book.chart.is_restricted(a)}
    by_amount: dict[Decimal, deque[tuple[datetime.date, str]]] = defaultdict(deque)
    flagged: set[Decimal] = set()
    said: dict[object, str | None] = {}  # channel → what is wrong with it (a village has few)
    index = book.index(entries)
    for txn in index.touching(accounts):
        posting = next(p for p in txn.postings if p.account in accounts and p.units is not None)
        donor, channel = txn.meta.get("donor"), txn.meta.get("channel")
        if not isinstance(donor, str) or not donor.strip():
            yield Finding(RULE, "捐赠须写明捐赠人（donor），不愿具名的写“匿名”", txn.meta, txn)
        if channel not in said:
            said[channel] = _channel_problem(channel, book, public_ok)
        problem = said[channel]
        if problem is not None:
            yield Finding(RULE, problem, txn.meta, txn)
        if posting.account in restricted and is_blank(txn.meta.get("purpose")):
            yield Finding(
                RULE, "定向（限定性）捐赠须写明用途（purpose），例如“重大疾病”", txn.meta, txn
            )
        amount = signed_income(posting)
        window = by_amount[amount]
        window.append((txn.date, str(donor)))
        horizon = txn.date - datetime.timedelta(days=pol.apportionment_window_days)
        while window and window[0][0] <= horizon:
            window.popleft()
        donors = {d for _, d in window}
        if len(donors) >= pol.apportionment_count and amount not in flagged:
            flagged.add(amount)
            yield Finding(
                APPORTIONMENT,
                f"{pol.apportionment_window_days} 天内有 {len(donors)} 位捐赠人捐赠相同金额 "
                f"{amount} 元，请核实是否存在摊派",
                txn.meta,
                txn,
            )
    yield from _unvalued_in_kind(index.customs.get(IN_KIND, []))


def public_channel(channel: str, book: Book) -> str | None:
    """The public-fundraising name ``channel`` is, or contains; None for a private channel."""
    pol = book.policy.donation
    body = plain(channel)
    if body in {plain(c) for c in pol.public_channels}:
        return channel
    return contains_any(channel, (*pol.public_channels, *pol.public_channel_synonyms))


def _channel_problem(channel: object, book: Book, public_ok: bool) -> str | None:
    """What is wrong with a donation's channel, if anything."""
    pol = book.policy.donation
    if is_blank(channel):
        return f"捐赠须写明渠道（channel），应为：{'、'.join(pol.channels)}"
    assert isinstance(channel, str)
    if public_channel(channel, book) is not None:
        if public_ok:
            return None
        return f"“{channel}”属于公开募捐；未取得公开募捐资格，不得通过“{channel}”接受捐赠"
    if plain(channel) not in {plain(c) for c in pol.channels}:
        return f"捐赠渠道（channel）“{channel}”无效，应为：{'、'.join(pol.channels)}"
    return None


def _unvalued_in_kind(gifts: Sequence[data.Custom]) -> Iterator[Finding]:
    for e in gifts:
        if is_blank(e.meta.get("quantity")):
            yield Finding(
                RULE, "无可靠价值的实物捐赠须写明数量（quantity），例如“20 袋”", e.meta, e
            )
        if is_blank(e.meta.get("donor")):
            yield Finding(RULE, "实物捐赠须写明捐赠人（donor），不愿具名的写“匿名”", e.meta, e)
