"""The blank registers know the society they are for: its raised caps, the channels it may use."""

import openpyxl
from cli_kit import ok


def _instructions(path):
    ws = openpyxl.load_workbook(path)["填写说明"]
    return {r[0]: r[1] for r in ws.iter_rows(min_row=2, values_only=True)}


def _choices(path):
    ws = openpyxl.load_workbook(path).worksheets[0]
    return [dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"]


def test_aid_register_of_a_society_with_raised_caps(sample_county, tmp_path):
    """桃园村's member assembly raised 应急救助 to 1,500 (决议〔2025〕1号)."""
    out = tmp_path / "aid.xlsx"
    ok(
        [
            "import",
            "template",
            str(out),
            "--kind",
            "aid",
            "--society",
            str(sample_county / "taoyuan"),
        ]
    )
    text = _instructions(out)["救助类别"]
    assert "最多 1500" in text and "决议〔2025〕1号" in text
    assert "最多 1000 元" not in text


def test_donation_register_offers_no_public_channel_without_qualification(sample_county, tmp_path):
    out = tmp_path / "don.xlsx"
    ok(
        [
            "import",
            "template",
            str(out),
            "--kind",
            "donations",
            "--society",
            str(sample_county / "taoyuan"),
        ]
    )
    assert all("公开募捐" not in f for f in _choices(out))
    assert "公开募捐" not in _instructions(out)["渠道"]
    plain = tmp_path / "plain.xlsx"
    ok(["import", "template", str(plain), "--kind", "donations"])
    assert any("公开募捐" in f for f in _choices(plain))  # no society: the policy's full list
