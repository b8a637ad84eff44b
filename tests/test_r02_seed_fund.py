"""R2 seed fund: at least 30,000 from its three sources by the registration date + grace."""

import datetime

from beancount import loader
from ledger_kit import PROFILE, errors_of, rules

from jjn_ledger.ledger.profile import read_book
from jjn_ledger.rules import r02_seed_fund


def seed(subsidy=("10000.00",), collective="10000.00", donation="10000.00", day="2024-03-20"):
    parts = []
    for i, value in enumerate(subsidy, 1):
        parts.append(f"""
{day} * "示例县财政局" "县级财政补助第{i}笔"
  document: "示财社〔2024〕{i}号"
  fund-line: "2080299 其他民政管理事务支出"
  Assets:1002-银行存款:01-基本户   {value} CNY
  Income:4401-政府补助收入:01-县级财政补助
""")
    parts.append(f"""
{day} * "村集体" "村集体支持"
  donor: "村股份经济合作社"
  channel: "银行转账"
  Assets:1002-银行存款:01-基本户   {collective} CNY
  Income:4101-捐赠收入:01-村集体经济支持
{day} * "张三" "社会捐赠"
  donor: "张三"
  channel: "银行转账"
  Assets:1002-银行存款:01-基本户   {donation} CNY
  Income:4101-捐赠收入:02-社会捐赠
""")
    return "".join(parts)


def test_exactly_30000_from_three_sources_passes():
    assert errors_of(seed(), header=PROFILE) == []


def test_subsidy_booked_over_two_transactions_counts_whole():
    assert errors_of(seed(subsidy=("4000.00", "6000.00")), header=PROFILE) == []


def test_collective_short_by_one_cent_fails_with_numbers():
    errs = errors_of(seed(collective="9999.99"), header=PROFILE)
    assert rules(errs) == ["R2"]
    assert "9,999.99 元" in errs[0] and "10,000.00 元" in errs[0]
    assert "皖民社救函〔2024〕61号 二(二)" in errs[0]


def test_money_after_the_deadline_does_not_count():
    # Registered 2024-03-15 + 90 days = 2024-06-13.
    assert errors_of(seed(day="2024-06-13"), header=PROFILE) == []
    assert rules(errors_of(seed(day="2024-06-14"), header=PROFILE)) == ["R2"]


def test_in_kind_donation_does_not_count():
    doc = (
        seed(donation="5000.00")
        + """
2024-03-21 * "超市" "实物捐赠"
  donor: "超市"
  channel: "实物"
  Assets:1201-存货:01-捐赠物资   5000.00 CNY
  Income:4101-捐赠收入:04-实物捐赠
"""
    )
    assert rules(errors_of(doc, header=PROFILE)) == ["R2"]


def test_pooled_mode_allows_collective_plus_donations():
    doc = seed(collective="5000.00", donation="15000.00")
    assert rules(errors_of(doc, header=PROFILE)) == ["R2"]
    assert errors_of(doc, header=PROFILE, config="{'seed_fund': {'mode': 'pooled'}}") == []


def test_county_raises_total_by_config():
    """Dongtai's model (003) used 50,000 of collective money: a county can demand more."""
    config = "{'seed_fund': {'collective_min': 50000, 'total_min': 70000}}"
    assert rules(errors_of(seed(), header=PROFILE, config=config)) == ["R2"]


def test_not_yet_due_is_silent():
    entries, _, _ = loader.load_string(PROFILE.replace("{PLUGINS}", ""))
    book = read_book(entries)
    before = list(r02_seed_fund.check(entries, book, today=datetime.date(2024, 6, 1)))
    after = list(r02_seed_fund.check(entries, book, today=datetime.date(2024, 6, 20)))
    assert before == [] and len(after) == 1


def test_no_money_at_all():
    errs = errors_of("", header=PROFILE)
    assert rules(errs) == ["R2"]
    assert "合计 0.00 元" in errs[0]
