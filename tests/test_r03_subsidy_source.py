"""R3: the county subsidy names its source and never comes from 低保/特困/临时救助 money."""

import pytest
from ledger_kit import errors_of, rules


def subsidy(document='"示财社〔2024〕12号"', fund_line='"2080299 其他民政管理事务支出"'):
    meta = ""
    if document:
        meta += f"\n  document: {document}"
    if fund_line:
        meta += f"\n  fund-line: {fund_line}"
    return f"""
2024-04-10 * "示例县财政局" "追加补助"{meta}
  Assets:1002-银行存款:01-基本户   1000.00 CNY
  Income:4401-政府补助收入:01-县级财政补助
"""


def test_named_ordinary_budget_line_passes():
    assert errors_of(subsidy()) == []


@pytest.mark.parametrize(
    "fund_line",
    [
        '"2081902 农村最低生活保障金支出"',
        '"2082001 临时救助支出"',
        '"2082102 农村特困人员救助供养支出"',
        '"其他 困难群众救助补助资金（低保）"',
    ],
)
def test_social_assistance_money_is_refused(fund_line):
    errs = errors_of(subsidy(fund_line=fund_line))
    assert rules(errs) == ["R3"]
    assert "不得从低保、特困、临时救助资金中列支" in errs[0]


def test_document_naming_temporary_assistance_is_refused():
    errs = errors_of(subsidy(document='"关于下达临时救助资金的通知"'))
    assert rules(errs) == ["R3"]


@pytest.mark.parametrize("missing", ["document", "fund_line"])
def test_source_must_be_named(missing):
    errs = errors_of(subsidy(**{missing: None}))
    assert rules(errs) == ["R3"] and "文号" in errs[0]


def test_metadata_on_the_posting_is_accepted():
    doc = """
2024-04-10 * "示例县财政局" "追加补助"
  Assets:1002-银行存款:01-基本户   1000.00 CNY
  Income:4401-政府补助收入:01-县级财政补助  -1000.00 CNY
    document: "示财社〔2024〕12号"
    fund-line: "2080299 其他民政管理事务支出"
"""
    assert errors_of(doc) == []


def test_deny_list_is_data():
    """A county that also denies 208029 refuses the header's seed subsidy and this one."""
    config = "{'subsidy': {'denied_budget_prefixes': ['208029']}}"
    assert rules(errors_of(subsidy(), config=config)) == ["R3", "R3"]


# --- 000 §二(二): 不得从低保、特困、临时救助等困难群众救助补助资金中列支 -----------------------
# The seed names three funds and the umbrella fund they belong to; treasurers write each of
# them several ways, and type budget codes in full-width digits or with spaces.


@pytest.mark.parametrize(
    "fund_line",
    [
        '"困难群众救助补助资金"',  # the umbrella name the seed itself uses
        '"临时性救助资金"',
        '"特困人员救助供养"',
        '"城乡最低生活保障"',
        '"农村五保供养"',  # the former name of 特困人员供养
        '"临时 救助 支出"',  # a space inside the name
        '"２０８２００１"',  # full-width digits, no name
        '"2 0 8 1 9 0 2 其他支出"',  # a code typed with spaces
    ],
)
def test_every_wording_of_the_three_funds_is_refused(fund_line):
    errs = errors_of(subsidy(fund_line=fund_line))
    assert rules(errs) == ["R3"], errs
    assert "不得从低保、特困、临时救助资金中列支" in errs[0]


def test_full_width_ordinary_budget_line_passes():
    assert errors_of(subsidy(fund_line='"２０８０２９９　其他民政管理事务支出"')) == []


@pytest.mark.parametrize("empty", ['""', '"   "', '"无"', '"待补"'])
def test_an_empty_or_placeholder_document_number_is_no_source(empty):
    errs = errors_of(subsidy(document=empty))
    assert rules(errs) == ["R3"] and "文号" in errs[0]
    errs = errors_of(subsidy(fund_line=empty))
    assert rules(errs) == ["R3"] and "预算科目" in errs[0]


OWN_ACCOUNT = """
2024-04-01 open Income:4401-政府补助收入:{sub} CNY
2024-04-10 * "示例县财政局" "县级补助"{meta}
  Assets:1002-银行存款:01-基本户   1000.00 CNY
  Income:4401-政府补助收入:{sub}
"""
GOOD_META = '\n  document: "示财社〔2024〕12号"\n  fund-line: "2080299 其他民政管理事务支出"'


def test_a_sub_account_the_society_opened_under_4401_is_judged():
    """A county grant booked to "…:02-临时救助资金" is booked from that fund (DOMAIN.md R3)."""
    errs = errors_of(OWN_ACCOUNT.format(sub="02-临时救助资金", meta=GOOD_META))
    assert rules(errs) == ["R3"] and "临时救助" in errs[0]
    errs = errors_of(OWN_ACCOUNT.format(sub="03-乡镇奖补", meta=""))
    assert rules(errs) == ["R3"] and "文号" in errs[0]
    assert errors_of(OWN_ACCOUNT.format(sub="03-乡镇奖补", meta=GOOD_META)) == []


def test_public_money_booked_outside_4401_is_judged_by_its_source():
    doc = """
2024-04-10 * "示例县民政局" "拨付资金"
  document: "示民〔2024〕3号"
  fund-line: "2082001 临时救助支出"
  Assets:1002-银行存款:01-基本户   1000.00 CNY
  Income:4901-其他收入:01-利息收入
"""
    assert rules(errors_of(doc)) == ["R3"]
    assert errors_of(doc.replace("2082001 临时救助支出", "2080299 其他民政管理事务支出")) == []
