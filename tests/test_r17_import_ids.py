"""R17: an imported row is booked once, even when two imports race."""

from ledger_kit import errors_of, rules

ROW = """
2025-03-03 * "张三" "社会捐赠"
  import-id: "bank-0123456789abcdef"
  donor: "张三"
  channel: "银行转账"
  Assets:1002-银行存款:01-基本户   200.00 CNY
  Income:4101-捐赠收入:02-社会捐赠
"""


def test_once_is_fine_twice_is_an_error():
    plugins = ("r17_import_ids", "r04_donations")
    assert errors_of(ROW, plugins=plugins) == []
    errs = errors_of(ROW + ROW, plugins=plugins)
    assert rules(errs) == ["R17"] and "bank-0123456789abcdef" in errs[0]


def test_hand_entries_without_ids_are_not_compared():
    plugins = ("r17_import_ids",)
    plain = ROW.replace('  import-id: "bank-0123456789abcdef"\n', "")
    assert errors_of(plain + plain, plugins=plugins) == []
