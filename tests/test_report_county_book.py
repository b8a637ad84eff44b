"""The county workbook: coverage from the county's village list (R15) and R16 duplicates."""

import re

from test_report_kit import rows
from typer.testing import CliRunner

from jjn_ledger.cli import app
from jjn_ledger.sample import SAMPLE

runner = CliRunner()


def _book(tmp_path, county):
    out = tmp_path / "county.xlsx"
    result = runner.invoke(app, ["report", "county", str(county), "2025-12", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_coverage_from_the_village_list(sample_county, tmp_path):
    out = _book(tmp_path, sample_county)
    table = rows(out, "进展情况表")
    header = table[2]
    assert "覆盖率" in header and "村（社区）数（个）" in header
    col = {h: i for i, h in enumerate(header)}
    by_town = {r[0]: r for r in table[3:] if r[0] and r[1] is not None}
    listed = {"仁和镇": 5, "青山乡": 3, "城关街道": 4}  # ledgers/sample-county/villages.toml
    for town, villages in listed.items():
        set_up = sum(s.township == town for s in SAMPLE)
        assert by_town[town][col["村（社区）数（个）"]] == villages
        assert by_town[town][col["覆盖率"]] == set_up / villages
    notes = " ".join(str(r[0]) for r in table if isinstance(r[0], str))
    assert "尚未成立互助社的村（社区）：仁和镇石门村、城关街道城东社区、城关街道城西社区" in notes


def test_without_a_village_list_the_workbook_says_why_there_is_no_coverage(society_copy, tmp_path):
    county = tmp_path / "c"
    county.mkdir()
    society_copy("taoyuan").rename(county / "taoyuan")
    out = _book(tmp_path, county)
    notes = " ".join(str(r[0]) for r in rows(out, "进展情况表") if isinstance(r[0], str))
    assert "没有 villages.toml" in notes


def test_cross_village_duplicate_is_in_the_county_workbook(sample_county, tmp_path):
    """柳树村 and 桃园村 aid the same person (same ID number) for the same cause in 2025."""
    out = _book(tmp_path, sample_county)
    sheet = rows(out, "跨村重复救助")
    lines = [r for r in sheet[3:] if r[1] is not None and r[0] not in (None, "")]
    assert {r[0] for r in lines} >= {"柳树村", "桃园村"}
    text = " ".join(str(c) for r in sheet for c in r if c)
    assert all("*" in str(r[3]) for r in lines)  # names masked
    assert not re.search(r"\d{17}[\dX]", text)  # no ID numbers
    assert "身份证号码" in text  # says it leaves them out
