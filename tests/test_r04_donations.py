"""R4: donations name donor and channel; no public fundraising without the qualification."""

from ledger_kit import HEADER, errors_of, rules, with_plugins

from jjn_ledger.ledger.load import load_text
from jjn_ledger.rules.check import problems_of


def donation(channel="微信", donor='"李四"', amount="200.00", day="2024-04-02"):
    donor_line = f"\n  donor: {donor}" if donor else ""
    return f"""
{day} * "李四" "社会捐赠"{donor_line}
  channel: "{channel}"
  Assets:1002-银行存款:01-基本户   {amount} CNY
  Income:4101-捐赠收入:02-社会捐赠
"""


def test_named_donation_passes():
    assert errors_of(donation()) == []
    assert errors_of(donation(donor='"匿名"')) == []


def test_missing_donor_or_bad_channel():
    assert rules(errors_of(donation(donor=None))) == ["R4"]
    errs = errors_of(donation(channel="众筹"))
    assert rules(errs) == ["R4"] and "众筹" in errs[0]


def test_public_fundraising_needs_qualification():
    errs = errors_of(donation(channel="公开募捐"))
    assert rules(errs) == ["R4"] and "公开募捐资格" in errs[0]
    qualified = HEADER.replace(
        "  registered: 2024-03-15\n", "  registered: 2024-03-15\n  public-fundraising: TRUE\n", 1
    )
    assert errors_of(donation(channel="公开募捐"), header=qualified) == []


def test_same_amount_from_many_households_is_a_warning_not_an_error():
    doc = "".join(
        donation(donor=f'"户主{i}"', amount="100.00", day=f"2024-05-0{1 + i % 5}") for i in range(8)
    )
    assert errors_of(doc) == []
    loaded = load_text(with_plugins(HEADER) + doc)
    warnings = [p for p in problems_of(loaded) if p.severity == "warning"]
    assert [p.rule for p in warnings] == ["R4"]
    assert "摊派" in warnings[0].message


def test_seven_same_amounts_is_no_warning():
    doc = "".join(donation(donor=f'"户主{i}"', amount="100.00") for i in range(7))
    loaded = load_text(with_plugins(HEADER) + doc)
    assert [p for p in problems_of(loaded) if p.severity == "warning"] == []


# --- 000 §二(二): 未取得公开募捐资格的不得违规开展公开募捐 ---------------------------------


def test_crowdfunding_platforms_are_named_as_public_fundraising():
    for platform in ("水滴筹", "轻松筹", "腾讯公益", "网络 众筹"):
        errs = errors_of(donation(channel=platform))
        assert rules(errs) == ["R4"], platform
        assert "属于公开募捐" in errs[0] and "无效" not in errs[0]
    qualified = HEADER.replace(
        "  registered: 2024-03-15\n", "  registered: 2024-03-15\n  public-fundraising: TRUE\n", 1
    )
    assert errors_of(donation(channel="水滴筹"), header=qualified) == []


def test_full_width_or_spaced_channel_is_the_channel():
    assert errors_of(donation(channel="微 信")) == []


RESTRICTED = """
2024-04-01 open Income:4101-捐赠收入:03-定向捐赠 CNY
2024-04-02 * "李四" "定向捐赠"
  donor: "李四"
  channel: "银行转账"{purpose}
  Assets:1002-银行存款:01-基本户   500.00 CNY
  Income:4101-捐赠收入:03-定向捐赠
"""


def test_a_restricted_gift_names_its_purpose_as_the_command_requires():
    assert errors_of(RESTRICTED.format(purpose='\n  purpose: "重大疾病"')) == []
    errs = errors_of(RESTRICTED.format(purpose=""))
    assert rules(errs) == ["R4"] and "用途" in errs[0]


def test_an_unvalued_gift_in_kind_names_its_quantity():
    gift = '\n2024-04-03 custom "jjn-in-kind" "大米"\n  donor: "县慈善超市"\n  channel: "实物"\n'
    assert rules(errors_of(gift)) == ["R4"]
    assert errors_of(gift + '  quantity: "20 袋"\n') == []


def test_jjn_refuses_a_crowdfunding_donation_naming_it_public_fundraising(society_copy, digest):
    from cli_kit import fails

    folder = society_copy("taoyuan")
    before = digest(folder)
    args = ["record", "donation", str(folder), "100", "--donor", "张三", "--channel", "水滴筹"]
    message = fails([*args, "--date", "2026-11-03"])
    assert "[R4 捐赠与募捐] “水滴筹”属于公开募捐" in message
    assert digest(folder) == before
