"""R5 — who may be aided, and what every aid payment must say.

Seed: ``000_5491b89b33d14de1.txt`` §二(四) (补充救助 for households on 低保/特困/临时救助 who still
have special hardship; 应急救助 for those not eligible — 防止返贫监测对象, 低保边缘, 刚性支出困难;
本村户籍 or a co-resident family member with it, unless the society widens the scope) and
``001_05e126a812a7c5c1.txt`` §三(三)1 (causes: 重大疾病, 意外事故, 其他).

An aid payment is a transaction posting to an aid expense account; its category follows from the
account. It must carry ``recipient`` (a key of the recipient register), ``cause`` (one of
``aid.causes``) and ``matter`` (what the aid is for, the key of the once-a-year rule). The
recipient's government-aid status must fit the category, and a recipient without local 户籍 is
aided only where the profile records ``widen-hukou: TRUE``. A missing cause is named as
missing (缺少致困原因); ``source`` when given is 申请 or 主动发现. A household
investigation recorded after 先行救助 (``custom "jjn-investigation"``) is of a registered
person and names its matter.

Before::

    2025-03-10 * "王秀英" "补充救助"
      recipient: "P009"
      Expenses:5101-业务活动成本:01-补充救助   300.00 CNY
      Assets:1001-现金

After: ``[R5 救助对象与记录] 救助记录缺少 cause（致困原因）…``, and ``救助对象 P009 未登记``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from beancount.core import data

from jjn_ledger.ledger.models import valid_matter
from jjn_ledger.ledger.profile import Book
from jjn_ledger.ledger.vocabulary import AID_SOURCES as SOURCES
from jjn_ledger.ledger.vocabulary import INVESTIGATION, AidCategory, Hukou
from jjn_ledger.rules.base import Finding, Rule
from jjn_ledger.rules.wording import is_blank, plain

RULE = Rule("R5", "救助对象与记录", "皖民社救函〔2024〕61号 二(四)")


def check(entries: Sequence[data.Directive], book: Book) -> Iterator[Finding]:
    yield from _investigations(entries, book)
    yield from _payments(entries, book)


def _investigations(entries: Sequence[data.Directive], book: Book) -> Iterator[Finding]:
    """A household investigation added after 先行救助 is of a registered person, as
    ``jjn record investigation`` requires, and names the matter it investigated."""
    for e in book.index(entries).customs.get(INVESTIGATION, []):
        key = e.values[0].value if e.values else None
        if not isinstance(key, str) or key not in book.recipients:
            yield Finding(
                RULE,
                f"入户调查记录的对象 {key or '（未写）'} 未在救助对象档案中登记（jjn-recipient）",
                e.meta,
                e,
            )
        if is_blank(e.meta.get("matter")):
            yield Finding(RULE, "入户调查记录须写明救助事项（matter）", e.meta, e)


def _payments(entries: Sequence[data.Directive], book: Book) -> Iterator[Finding]:
    aid = book.policy.aid
    widen = bool(book.profile and book.profile.widen_hukou)
    causes = {plain(c) for c in aid.causes}
    supplementary = AidCategory.SUPPLEMENTARY
    not_local = Hukou.NOT_LOCAL
    recipients = book.recipients
    for pay in book.aid_payments(entries):
        entry = pay.entry
        where = (entry.meta, entry)
        if pay.amount <= 0:
            yield Finding(RULE, f"救助金额应为正数，实为 {pay.amount} 元", *where)
        cause = plain(pay.cause) if pay.cause is not None else ""  # normalised once
        if not cause:
            yield Finding(RULE, f"缺少致困原因（cause），应为：{'、'.join(aid.causes)}", *where)
        elif cause not in causes:
            yield Finding(
                RULE,
                f"救助记录的致困原因（cause）“{pay.cause}”无效，应为：{'、'.join(aid.causes)}",
                *where,
            )
        source = entry.meta.get("source")
        if source is not None and source not in SOURCES:
            yield Finding(
                RULE,
                f"救助来源（source）“{source}”无效，应为：{'、'.join(SOURCES)}"
                "（个人申请或主动发现）",
                *where,
            )
        if not pay.matter or not valid_matter(pay.matter):
            yield Finding(
                RULE, "救助记录须写明救助事项（matter），用于“同一事项一年一次”的核对", *where
            )
        key = pay.recipient
        if key is None:
            yield Finding(RULE, "救助记录须写明救助对象编号（recipient）", *where)
            continue
        person = recipients.get(key)
        if person is None:
            yield Finding(RULE, f"救助对象 {key} 未在救助对象档案中登记（jjn-recipient）", *where)
            continue
        allowed = aid.supplementary_bases if pay.category is supplementary else aid.emergency_bases
        if person.status not in allowed:
            yield Finding(
                RULE,
                f"{pay.category}的对象应为{'、'.join(allowed)}人员，{key} 登记为“{person.status}”",
                *where,
            )
        if person.hukou == not_local and not widen:
            yield Finding(
                RULE,
                f"救助对象 {key} 及其共同生活家庭成员均无本村户籍；如需扩大救助范围，"
                "应在互助社基本信息中登记 widen-hukou: TRUE",
                *where,
            )
