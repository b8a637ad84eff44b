"""R5 aid records and R7 caps/frequency, including a cap raised by a recorded decision."""

from ledger_kit import HEADER, doc_errors, errors_of, rules


def aid(
    person="P001",
    amount="500.00",
    day="2024-05-06",
    matter="2024-尿毒症",
    account="01-补充救助",
    cause="重大疾病",
    extra="",
):
    return f"""
{day} * "某人" "救助"
  recipient: "{person}"
  cause: "{cause}"
  matter: "{matter}"{extra}
  Expenses:5101-业务活动成本:{account}   {amount} CNY
  Assets:1001-现金
"""


def test_exactly_500_supplementary_passes():
    assert errors_of(aid(amount="500.00")) == []


def test_over_500_supplementary_fails_with_numbers():
    errs = errors_of(aid(amount="500.01"))
    assert rules(errs) == ["R7"]
    assert "500.00 元" in errs[0] and "500.01 元" in errs[0]


def test_exactly_1000_emergency_passes_and_over_fails():
    assert errors_of(aid("P002", "1000.00", account="02-应急救助")) == []
    assert rules(errors_of(aid("P002", "1000.50", account="02-应急救助"))) == ["R7"]


def test_same_matter_twice_in_a_year_fails_second_only():
    errs = errors_of(aid(day="2024-05-06") + aid(day="2024-09-06", amount="100.00"))
    assert rules(errs) == ["R7"]
    assert "2024 年已救助 1 次" in errs[0]


def test_same_matter_in_two_years_passes():
    assert errors_of(aid(day="2024-12-30") + aid(day="2025-01-02")) == []


def test_different_matters_same_year_pass():
    assert errors_of(aid(matter="2024-尿毒症") + aid(matter="2024-火灾", cause="意外事故")) == []


DECISION = """
2025-06-01 custom "jjn-decision" "会员大会决议〔2025〕1号"
  body: "会员大会"
  emergency-cap: 1500 CNY
  times-per-matter: 2
"""


def test_decision_raises_caps_from_its_date():
    before = aid("P002", "1500.00", day="2025-05-30", account="02-应急救助", matter="m1")
    after = aid("P002", "1500.00", day="2025-06-02", account="02-应急救助", matter="m2")
    errs = errors_of(DECISION + before + after)
    assert rules(errs) == ["R7"]
    assert "2025-05-30" not in errs[0]  # message names the cap, the error sits on the May entry
    assert "1,000.00 元" in errs[0]
    above = aid("P002", "1500.01", day="2025-06-02", account="02-应急救助", matter="m3")
    errs = errors_of(DECISION + above)
    assert rules(errs) == ["R7"] and "会员大会决议〔2025〕1号" in errs[0]


def test_decision_raises_frequency():
    twice = aid(day="2025-07-01") + aid(day="2025-08-01")
    assert errors_of(DECISION + twice) == []
    thrice = twice + aid(day="2025-09-01")
    assert rules(errors_of(DECISION + thrice)) == ["R7"]


def test_decision_that_raises_nothing_is_an_error():
    bad = """
2025-06-01 custom "jjn-decision" "理事会决议〔2025〕2号"
  body: "理事会"
"""
    assert rules(errors_of(bad)) == ["R7"]


def test_unknown_recipient_and_missing_fields():
    assert rules(errors_of(aid(person="P999"))) == ["R5"]
    errs = errors_of(aid(cause="生病"))
    assert rules(errs) == ["R5"] and "致困原因" in errs[0]


def test_category_must_fit_government_aid_status():
    # P002 is a monitored household, not on 低保: emergency aid only.
    errs = errors_of(aid(person="P002", amount="300.00"))
    assert rules(errs) == ["R5"] and "补充救助的对象" in errs[0]


def test_non_local_recipient_needs_widened_scope():
    header = HEADER.replace(
        '  hukou: "本村户籍"\n  status: "低保"\n', '  hukou: "非本村"\n  status: "低保"\n', 1
    )
    assert rules(errors_of(aid(), header=header)) == ["R5"]
    widened = header.replace(
        "  registered: 2024-03-15\n", "  registered: 2024-03-15\n  widen-hukou: TRUE\n", 1
    )
    assert errors_of(aid(), header=widened) == []


def test_invalid_register_entry_is_r11():
    """
    2024-04-01 custom "jjn-recipient" "P010"
      name: "错号"
      id-number: "349900196503120025"
      household: "H20"
      hukou: "本村户籍"
      status: "低保"
    """
    errs = doc_errors()
    assert rules(errs) == ["R11"] and "校验位" in errs[0]


def test_officer_household_needs_review():
    # P003 lives in H03, the cashier's household.
    doc = aid(person="P003", amount="300.00", account="02-应急救助")
    errs = errors_of(doc)
    assert rules(errs) == ["R14"] and "李红" in errs[0]
    reviewed = aid(
        person="P003",
        amount="300.00",
        account="02-应急救助",
        extra='\n  review: "村务监督委员会审查意见〔2024〕1号"',
    )
    assert errors_of(reviewed) == []


# --- R5 messages and the checks the write path makes (000 §二(四), 001 §三(三)1) -------------


def test_a_missing_cause_is_named_as_missing():
    errs = errors_of(aid(cause=""))
    assert rules(errs) == ["R5"] and errs[0].startswith("[R5 救助对象与记录] 缺少致困原因")
    errs = errors_of(aid(cause="生病"))
    assert rules(errs) == ["R5"] and "“生病”无效" in errs[0]


def test_source_is_application_or_proactive_discovery():
    assert errors_of(aid(extra='\n  source: "主动发现"')) == []
    assert rules(errors_of(aid(extra='\n  source: "电话"'))) == ["R5"]


INVESTIGATION = """
2024-05-08 custom "jjn-investigation" "{person}"
  matter: "2024-尿毒症"
  opinion: "情况属实"
"""


def test_an_investigation_of_an_unregistered_person_fails_as_the_command_would():
    assert errors_of(INVESTIGATION.format(person="P001")) == []
    errs = errors_of(INVESTIGATION.format(person="P099"))
    assert rules(errs) == ["R5"] and "P099 未在救助对象档案中登记" in errs[0]


def test_same_matter_typed_with_full_width_or_spaces_is_the_same_matter():
    doc = aid(matter="2024-尿毒症") + aid(day="2024-08-01", matter="2024 - 尿毒症")
    assert rules(errors_of(doc)) == ["R7"]


def test_a_decision_with_a_wrong_body_says_so_in_chinese():
    doc = """
2024-05-01 custom "jjn-decision" "会员大会决议〔2024〕1号"
  body: "村委会"
  emergency-cap: 1500 CNY
"""
    errs = errors_of(doc)
    assert rules(errs) == ["R7"]
    assert "“村委会”无效，应为：会员大会、理事会" in errs[0]
    assert "Input should" not in errs[0] and " or " not in errs[0]
