"""R8b: members take no pay (003 §一: 互助会成员不拿一分钱报酬); a reimbursement is not pay.

Pay words are policy data (``pay.words``); a permitted running cost (DOMAIN.md R8b: bank fees,
printing the notice) that an officer advanced is paid back against its receipt.
"""

import pytest
from ledger_kit import errors_of, rules


def pay(payee, narration, meta="", account="5201-管理费用:02-公示印刷费", amount="30.00"):
    return f"""
2024-05-06 * "{payee}" "{narration}"{meta}
  Expenses:{account}   {amount} CNY
  Assets:1001-现金
"""


RECEIPT = '\n  receipt: "复印店收据 No.0032"'


@pytest.mark.parametrize("words", ["值班补助", "误工费", "劳务费", "酬金", "交通补贴", "辛苦费"])
def test_pay_words_are_pay_whoever_is_paid(words):
    errs = errors_of(pay("王五", words))
    assert rules(errs) == ["R8b"] and "不得领取报酬" in errs[0]


def test_full_width_or_spaced_pay_words_are_still_pay():
    assert rules(errors_of(pay("王五", "值 班 补 助"))) == ["R8b"]


def test_the_cashier_refunded_for_printing_with_its_receipt_passes():
    assert errors_of(pay("李红", "报销公示打印费", RECEIPT)) == []


def test_the_same_refund_without_a_receipt_is_pay():
    errs = errors_of(pay("李红", "报销公示打印费"))
    assert rules(errs) == ["R8b"] and "出纳李红" in errs[0] and "receipt" in errs[0]


def test_a_receipt_does_not_make_pay_words_a_reimbursement():
    assert rules(errors_of(pay("李红", "误工补贴", RECEIPT))) == ["R8b"]


def test_a_receipt_does_not_make_another_expense_a_reimbursement():
    errs = errors_of(pay("李红", "报销办公用品", RECEIPT, account="5401-其他费用"))
    assert sorted(rules(errs)) == ["R12", "R8b"]


def test_pay_words_are_data():
    config = "{'pay': {'words': ['工资']}}"
    assert errors_of(pay("王五", "值班补助"), config=config) == []


# --- the write path: the CLI records a reimbursement, and refuses pay -------------------------


def test_jjn_records_the_cashiers_refund_and_check_agrees(society_copy):
    from cli_kit import ok

    folder = society_copy("taoyuan")
    args = ["record", "reimbursement", str(folder), "30", "--payee", "郭国", "--cost"]
    ok([*args, "公示印刷费", "--receipt", "复印店收据 No.0032", "--date", "2026-11-03"])
    text = (folder / "books" / "2026-11.beancount").read_text("utf-8")
    assert 'receipt: "复印店收据 No.0032"' in text and "报销公示印刷费" in text
    assert "合规" in ok(["check", str(folder)])


def test_jjn_refuses_pay_dressed_as_a_reimbursement_and_leaves_the_books(society_copy, digest):
    from cli_kit import fails

    folder = society_copy("taoyuan")
    before = digest(folder)
    args = ["record", "reimbursement", str(folder), "30", "--payee", "郭国", "--cost", "公示印刷费"]
    message = fails([*args, "--receipt", "No.1", "--note", "值班补助", "--date", "2026-11-03"])
    assert "[R8b 成员不取报酬]" in message
    message = fails([*args[:-1], "误工补贴", "--receipt", "No.1", "--date", "2026-11-03"])
    assert "不是允许的运行费用" in message
    assert digest(folder) == before
