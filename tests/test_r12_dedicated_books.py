"""R12: money may leave only to aid, referral costs and permitted running costs.

001 §四(三): 专账核算……专款专用，结余资金滚存使用，不得挪作他用 — whatever the account type the
money goes to, not only expense accounts.
"""

from ledger_kit import errors_of, rules

OPEN = """
2024-04-01 open Assets:1131-其他应收款:01-村委会 CNY
2024-04-01 open Equity:3101-非限定性净资产 CNY
"""


def out(to, amount="600.00", source="1002-银行存款:01-基本户", payee="村委会", what="借用"):
    return f"""
2024-04-10 * "{payee}" "{what}"
  {to}   {amount} CNY
  Assets:{source}
"""


def test_lending_to_the_village_committee_through_a_receivable_is_diversion():
    errs = errors_of(OPEN + out("Assets:1131-其他应收款:01-村委会"))
    assert rules(errs) == ["R12"]
    assert "挪作他用" in errs[0] and "Assets:1131-其他应收款:01-村委会" in errs[0]


def test_moving_money_to_net_assets_is_diversion():
    assert rules(errors_of(OPEN + out("Equity:3101-非限定性净资产"))) == ["R12"]


def test_goods_taken_out_of_stock_for_a_non_aid_use_is_diversion():
    doc = """
2024-04-09 * "县慈善超市" "实物捐赠：大米"
  donor: "县慈善超市"
  channel: "实物"
  Assets:1201-存货:01-捐赠物资   300.00 CNY
  Income:4101-捐赠收入:04-实物捐赠
"""
    stock = "1201-存货:01-捐赠物资"
    errs = errors_of(OPEN + doc + out("Assets:1131-其他应收款:01-村委会", "300.00", stock))
    assert rules(errs) == ["R12"]


def test_permitted_destinations_pass():
    """Petty cash drawn, goods bought for aid in kind, the bank fee, the notice's printing."""
    doc = (
        out("Assets:1001-现金", "500.00", payee="", what="提取备用金")
        + out("Assets:1201-存货:01-捐赠物资", "200.00", payee="粮油店", what="购买救助大米")
        + out("Expenses:5201-管理费用:01-银行手续费", "5.00", payee="开户银行", what="手续费")
        + out("Expenses:5201-管理费用:02-公示印刷费", "20.00", "1001-现金", "打印店", "公示印刷")
    )
    assert errors_of(OPEN + doc) == []


def test_other_expense_accounts_are_still_refused_once():
    errs = errors_of(out("Expenses:5401-其他费用", payee="文具店", what="办公用品"))
    assert rules(errs) == ["R12"] and "Expenses:5401-其他费用" in errs[0]


def test_destinations_are_policy_data():
    """A county that wants goods for aid in kind given, never bought, says so in data."""
    config = (
        "{'dedicated': {'outflow_roles': ['aid-supplementary', 'aid-emergency', 'running-cost',"
        " 'cash', 'bank', 'payable']}}"
    )
    buy = out("Assets:1201-存货:01-捐赠物资", "200.00", payee="粮油店", what="购买救助大米")
    assert errors_of(buy) == []
    assert rules(errors_of(buy, config=config)) == ["R12"]
