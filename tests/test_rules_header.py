"""The test society itself is compliant: every rule test starts from zero errors."""

from ledger_kit import HEADER, errors_of, load


def test_header_is_clean():
    assert errors_of("") == []


def test_without_plugin_nothing_is_checked():
    """Control: without the plugin line a broken ledger passes, so the plugin is what checks."""
    text = (
        HEADER.replace("{PLUGINS}", "")
        + """
2024-05-01 * "王秀英" "补充救助"
  recipient: "P001"
  cause: "重大疾病"
  matter: "2024-尿毒症"
  Expenses:5101-业务活动成本:01-补充救助   900.00 CNY
  Assets:1001-现金
"""
    )
    assert load(text) == []
