"""R8b no pay to members, R9 petty cash, R12 only permitted expense accounts."""

from ledger_kit import errors_of, rules


def pay(
    payee, narration, account="5201-管理费用:02-公示印刷费", amount="50.00", credit="1001-现金"
):
    return f"""
2024-05-06 * "{payee}" "{narration}"
  Expenses:{account}   {amount} CNY
  Assets:{credit}
"""


def test_printing_the_notice_passes():
    assert errors_of(pay("打印店", "公示印刷")) == []


def test_paying_an_officer_fails():
    errs = errors_of(pay("李建国", "跑腿费"))
    assert rules(errs) == ["R8b"] and "社长李建国" in errs[0]


def test_pay_words_fail_even_to_outsiders():
    assert rules(errors_of(pay("王五", "误工补贴"))) == ["R8b"]


def test_cash_never_negative_and_reported_once_per_episode():
    # The header drew 3,000 into cash.
    doc = (
        pay("打印店", "公示印刷", amount="2999.00")
        + pay("打印店", "公示印刷", amount="2.00")
        + pay("打印店", "公示印刷", amount="5.00")
    )
    errs = errors_of(doc)
    # The message gives the day's closing float, which does not depend on the lines' order.
    assert rules(errs) == ["R9"] and "-6.00 元" in errs[0]


def test_exactly_emptying_the_float_passes():
    assert errors_of(pay("打印店", "公示印刷", amount="3000.00")) == []


def draw(amount, day="2024-05-06"):
    return f"""
{day} * "" "提取备用金"
  Assets:1001-现金   {amount} CNY
  Assets:1002-银行存款:01-基本户
"""


def test_ceiling_checked_at_end_of_day():
    # 3,000 + 2,000 = 5,000 is the ceiling exactly; one cent more fails.
    assert errors_of(draw("2000.00")) == []
    errs = errors_of(draw("2000.01"))
    assert rules(errs) == ["R9"] and "5,000.00 元" in errs[0]


def test_over_ceiling_within_the_day_is_fine_if_deposited_the_same_day():
    back = """
2024-05-06 * "" "存回银行"
  Assets:1002-银行存款:01-基本户   3000.00 CNY
  Assets:1001-现金
"""
    assert errors_of(draw("4000.00") + back) == []


def test_ceiling_is_policy_data():
    assert rules(errors_of("", config="{'petty_cash': {'ceiling': 2000}}")) == ["R9"]


def test_other_expense_accounts_are_refused():
    errs = errors_of(pay("文具店", "办公用品", account="5401-其他费用"))
    assert rules(errs) == ["R12"] and "Expenses:5401-其他费用" in errs[0]


def test_bad_plugin_config_is_an_error_not_a_crash():
    bundle = ("rules",)
    errs = errors_of("", config="{'petty_cash': {'ceiling': -5}}", plugins=bundle)
    assert len(errs) == 1 and errs[0].startswith("[配置]")
    assert "petty_cash.ceiling" in errs[0] and "-5" in errs[0]
    errs = errors_of("", config="not a dict(", plugins=bundle)
    assert len(errs) == 1 and errs[0].startswith("[配置]")
