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
