"""R1: the society's name, registration and officers."""

import pytest
from ledger_kit import HEADER, errors_of, load, rules, with_plugins

from jjn_ledger.ledger.load import load_text
from jjn_ledger.ledger.models import society_name
from jjn_ledger.rules.check import problems_of


@pytest.mark.parametrize(
    "name",
    [
        "示例县仁和镇桃园村“救急难”互助社",
        '示例县仁和镇桃园村\\"救急难\\"互助社',
        "示例县仁和镇桃园村救急难互助社",
    ],
)
def test_the_three_allowed_spellings(name):
    header = HEADER.replace("示例县仁和镇桃园村“救急难”互助社", name, 1)
    assert errors_of("", header=header) == []


def test_wrong_name_names_the_right_one():
    header = HEADER.replace("示例县仁和镇桃园村“救急难”互助社", "桃园村互助基金会", 1)
    errs = errors_of("", header=header)
    assert rules(errs) == ["R1"]
    assert society_name("示例县", "仁和镇", "桃园村") in errs[0]


def test_bad_credit_code_check_character():
    header = HEADER.replace("51349900MJB0000015", "51349900MJB0000016", 1)
    errs = errors_of("", header=header)
    assert rules(errs) == ["R1"] and "校验" in errs[0]


def test_filed_society_needs_custodian_not_credit_code():
    header = HEADER.replace(
        '  registration: "登记"\n  credit-code: "51349900MJB0000015"\n',
        '  registration: "备案"\n',
        1,
    )
    assert rules(errors_of("", header=header)) == ["R1"]
    header = header.replace(
        '  registration: "备案"\n',
        '  registration: "备案"\n  custodian: "示例县慈善协会分账户"\n',
        1,
    )
    assert errors_of("", header=header) == []


def test_missing_profile_is_an_error():
    start = HEADER.index('2024-03-15 custom "jjn-society"')
    end = HEADER.index('2024-03-15 custom "jjn-officer"')
    errs = load(HEADER[:start] + HEADER[end:])
    assert "R1" in rules(errs)


def test_cashier_who_is_also_accountant_is_a_warning():
    doc = """
2024-03-15 custom "jjn-officer" "会计"
  name: "李红"
  household: "H03"
"""
    assert errors_of(doc) == []
    loaded = load_text(with_plugins(HEADER) + doc)
    warnings = [p for p in problems_of(loaded) if p.severity == "warning"]
    assert [w.rule for w in warnings] == ["R1"] and "李红" in warnings[0].message


def test_the_name_message_cites_its_seed_once():
    header = HEADER.replace("示例县仁和镇桃园村“救急难”互助社", "桃园村互助基金会", 1)
    (err,) = errors_of("", header=header)
    assert err.count("皖民社救函〔2024〕61号 二(一)") == 1


FILED = HEADER.replace(
    '  registration: "登记"\n  credit-code: "51349900MJB0000015"\n',
    '  registration: "备案"\n  custodian: "示例县慈善协会分账户"\n',
    1,
)


def _warnings(header):
    loaded = load_text(with_plugins(header))
    return [p for p in problems_of(loaded) if p.severity == "warning"]


def test_a_filed_society_is_warned_to_register():
    """000 §二(一): 应当全部……申请登记为社会团体，不再采取“备案为社区社会组织”的方式."""
    assert errors_of("", header=FILED) == []
    (warning,) = _warnings(FILED)
    assert warning.rule == "R1" and "申请登记为社会团体" in warning.message
    assert _warnings(HEADER) == []
