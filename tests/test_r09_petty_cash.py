"""R9 petty cash: a day's order does not depend on where its lines are (000 §二(四)).

A day's entries have no time of day. The rule: all cash that came in on a day is counted before
any that went out on it, so moving the draw below the payment, into another file, or adding
comment lines above it cannot change the verdict.
"""

from pathlib import Path

from beancount import loader
from ledger_kit import HEADER, errors_of, rules, with_plugins

DRAW = """
2024-05-06 * "" "从银行提取备用金"
  Assets:1001-现金   2000.00 CNY
  Assets:1002-银行存款:01-基本户
"""
STEP = """
2024-05-06 * "打印店" "公示印刷"
  Expenses:5201-管理费用:02-公示印刷费   {amount} CNY
  Assets:1001-现金
"""


def test_payment_written_above_the_same_days_draw_passes():
    """3,000 on hand, a 4,600 payment and a 2,000 draw the same day: 400 left either way."""
    pay = STEP.format(amount="4600.00")
    assert errors_of(DRAW + pay) == []
    assert errors_of(pay + DRAW) == []
    assert errors_of(pay + "\n; 备注\n; 备注\n" + DRAW) == []


def test_a_day_that_pays_out_more_than_it_had_fails_in_any_order():
    pay = STEP.format(amount="5001.00")
    for doc in (DRAW + pay, pay + DRAW):
        errs = errors_of(doc)
        assert rules(errs) == ["R9"] and "-1.00 元" in errs[0]


def test_the_draw_in_another_file_counts_the_same(tmp_path: Path):
    (tmp_path / "a.beancount").write_text(STEP.format(amount="4600.00"), "utf-8")
    (tmp_path / "b.beancount").write_text(DRAW, "utf-8")
    main = tmp_path / "main.beancount"
    for order in (("a", "b"), ("b", "a")):
        includes = "".join(f'include "{n}.beancount"\n' for n in order)
        main.write_text(with_plugins(HEADER) + includes, "utf-8")
        _, errors, _ = loader.load_file(str(main))
        assert [e.message for e in errors] == [], order
