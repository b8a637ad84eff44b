"""The ledger's vocabulary: every directive name, metadata key and fixed category, once.

A society's books speak a small language on top of Beancount — ``custom "jjn-recipient"``,
``recipient: "P001"``, 补充救助 and 应急救助. Rules, reports, importers, the write path and the
Fava pages all read and write that language, so its words live here and nowhere else: no module
compares a bare Chinese literal or spells a directive name of its own. Changing a word is then a
change of the books' format, visible in one diff.
"""

from __future__ import annotations

from enum import StrEnum

# --- custom directives (``YYYY-MM-DD custom "<name>" …``) -------------------------------------

SOCIETY = "jjn-society"  # the society's profile (R1)
OFFICER = "jjn-officer"  # an officer and their household (R14)
RECIPIENT = "jjn-recipient"  # a person in the register (R11)
DECISION = "jjn-decision"  # a member-assembly / council decision raising caps (R7)
REFERRAL = "jjn-referral"  # a referral service given to a person (R8)
INVESTIGATION = "jjn-investigation"  # an investigation recorded after 先行救助 (R6)
IN_KIND = "jjn-in-kind"  # an in-kind gift registered by name and quantity only (no value)
NOTICE = "jjn-notice"  # a monthly notice posted (R10)
NOTICE_REMOVED = "jjn-notice-removed"  # the day a notice came down, recorded after posting
FILING = "jjn-filing"  # a monthly filing sent to the township (R10)
SEAL = "jjn-seal"  # a closed month (R17)
REOPEN = "jjn-reopen"  # a closed month reopened, with a reason (R17)
ASSEMBLY = "jjn-assembly"  # a half-yearly member assembly held, and the half it reported on (R13)

PROFILE_DIRECTIVES = (SOCIETY, OFFICER, RECIPIENT, DECISION, REFERRAL)

# --- transaction metadata keys -----------------------------------------------------------------

META_RECIPIENT = "recipient"
META_MATTER = "matter"
META_CAUSE = "cause"
META_CLOSING = "closing"  # year-end closing entries (期末结转): ``closing: "2025"``
META_VOUCHER = "voucher"
# Who recorded a directive through the workbench: a fact about the write, not part of what the
# directive says, so the register's models never see it (``profile._fields``).
META_RECORDED_BY = "recorded-by"
META_DONOR = "donor"
META_THANKS = "thanks"  # the donor's wish for recognition (``ThanksWish``); absent = 列明金额
ANONYMOUS = "匿名"  # the donor's name of a gift whose giver did not want to be named


class ThanksWish(StrEnum):
    """How a donor wishes to be thanked (000 §二(三): 感谢信、锦旗（证书）): the donor's choice."""

    WITH_AMOUNT = "列明金额"  # a letter naming the donor and the amount given
    WITHOUT_AMOUNT = "不列金额"  # a letter naming the donor, not the amount
    NONE = "不需致谢"  # no letter at all (as for 匿名)


class AidCategory(StrEnum):
    """The two kinds of aid of 000 §二(四): who may get it and under which cap (R5, R7)."""

    SUPPLEMENTARY = "补充救助"  # for households already on 低保/特困/临时救助
    EMERGENCY = "应急救助"  # for those outside government aid in temporary hardship

    @property
    def chart_key(self) -> str:
        """The chart key of its expense account (``data/chart.toml``)."""
        return "aid_supplementary" if self is AidCategory.SUPPLEMENTARY else "aid_emergency"

    @property
    def chart_role(self) -> str:
        """The chart role of its expense account."""
        return "aid-supplementary" if self is AidCategory.SUPPLEMENTARY else "aid-emergency"


class AidForm(StrEnum):
    """How aid reached the person (R8): cash first, in kind as a complement."""

    CASH = "现金"
    TRANSFER = "转账"
    IN_KIND = "实物"
    OTHER = "其他"  # paid from an account that is neither cash, bank nor goods


class Registration(StrEnum):
    """How a society exists in law (R1, 000 §二(一)): registered, or only filed (to re-register)."""

    REGISTERED = "登记"  # a 社会团体 registered with the county civil-affairs bureau
    FILED = "备案"  # filed with the township: the older way, to be re-registered


class Hukou(StrEnum):
    """Whose 户籍 a recipient holds (R5): the village's, a co-resident's, or neither."""

    LOCAL = "本村户籍"
    FAMILY_LOCAL = "共同生活家庭成员本村户籍"
    NOT_LOCAL = "非本村"


CASH_CHANNEL = "现金"  # the donation channel (and aid form) that is paid in cash


FORM_BY_ROLE = {"cash": AidForm.CASH, "bank": AidForm.TRANSFER, "inventory": AidForm.IN_KIND}

# 000 §二(四): 个人申请（或主动发现） — how an aid case began (``source:`` of a payment, R5)
AID_SOURCES = ("申请", "主动发现")
