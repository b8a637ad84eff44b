"""One module per policy rule. ``ALL`` lists them in the order users read them.

Each module has ``RULE`` (and sometimes a second, warning-level rule) and ``check(entries,
book)``. Seeds are cited as ``shared/seeds/<file>`` plus the section of the text.
"""

from __future__ import annotations

from jjn_ledger.rules import (
    r01_society,
    r02_seed_fund,
    r03_subsidy_source,
    r04_donations,
    r05_aid_record,
    r06_deadlines,
    r07_aid_caps,
    r08_referrals,
    r08b_no_pay,
    r09_petty_cash,
    r10_disclosure,
    r10_published,
    r11_register,
    r12_dedicated_books,
    r14_officer_households,
    r17_import_ids,
    r17_sealed,
    r17_vouchers,
)

ALL = (
    r01_society,
    r02_seed_fund,
    r03_subsidy_source,
    r04_donations,
    r05_aid_record,
    r06_deadlines,
    r07_aid_caps,
    r08_referrals,
    r08b_no_pay,
    r09_petty_cash,
    r10_disclosure,
    r10_published,
    r11_register,
    r12_dedicated_books,
    r14_officer_households,
    r17_import_ids,
    r17_sealed,
    r17_vouchers,
)
