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

PROFILE_DIRECTIVES = (SOCIETY, OFFICER, RECIPIENT, DECISION, REFERRAL)

# --- transaction metadata keys -----------------------------------------------------------------

META_RECIPIENT = "recipient"
META_MATTER = "matter"
META_CAUSE = "cause"
META_CLOSING = "closing"  # year-end closing entries (期末结转): ``closing: "2025"``
META_VOUCHER = "voucher"


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

    @classmethod
    def of_role(cls, role: str | None) -> AidCategory | None:
        """The category an expense account's chart role stands for, if it is an aid account."""
        return next((c for c in cls if c.chart_role == role), None)


class AidForm(StrEnum):
    """How aid reached the person (R8): cash first, in kind as a complement."""

    CASH = "现金"
    TRANSFER = "转账"
    IN_KIND = "实物"
    OTHER = "其他"  # paid from an account that is neither cash, bank nor goods


FORM_BY_ROLE = {"cash": AidForm.CASH, "bank": AidForm.TRANSFER, "inventory": AidForm.IN_KIND}
