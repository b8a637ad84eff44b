"""A county adds next year's working-day schedule in one file, and every rule uses it.

chinesecalendar's data ends with 2026. For a 2027 payment the deadline rules cannot judge and
say so (a warning naming the year); once the county puts ``workdays.toml`` in its folder, R6
judges the deadlines again — here a late investigation becomes an error.
"""

from __future__ import annotations

import json
import shutil

from cli_kit import runner
from conftest import SAMPLE_COUNTY

from jjn_ledger.cli import app

AID_2027 = """
2027-01-12 * "董珍" "补充救助：补记"
  recipient: "P001"
  cause: "重大疾病"
  matter: "2027-01 测试事项"
  source: "申请"
  accepted: 2027-01-04
  investigated: 2027-01-08
  approved: 2027-01-11
  Expenses:5101-业务活动成本:01-补充救助   300.00 CNY
  Assets:1002-银行存款:01-基本户
"""

# A made-up 2027 schedule (the real one is published by the State Council late in 2026).
OVERRIDE = """
[[years]]
year = 2027
holidays = [2027-01-01, 2027-01-02, 2027-01-03]
workdays = []
"""


def report(folder):
    return json.loads(runner.invoke(app, ["check", str(folder), "--json"]).output)[0]


def test_county_override_file_makes_2027_deadlines_judgeable(tmp_path):
    county = tmp_path / "county"
    folder = county / "liushu"
    shutil.copytree(SAMPLE_COUNTY / "liushu", folder)
    (folder / "books" / "2027-01.beancount").write_text(AID_2027, "utf-8")

    before = report(folder)
    assert any("2027" in w["message"] and w["rule"] == "R6" for w in before["warnings"])
    assert not any(e["rule"] == "R6" for e in before["errors"])

    (county / "workdays.toml").write_text(OVERRIDE, "utf-8")
    after = report(folder)
    assert not any("2027" in w["message"] and w["rule"] == "R6" for w in after["warnings"])
    # accepted Monday 01-04, investigated Friday 01-08: four working days, not one.
    assert any(e["rule"] == "R6" for e in after["errors"])


def test_malformed_override_is_a_finding_not_a_crash(tmp_path):
    county = tmp_path / "county"
    folder = county / "liushu"
    shutil.copytree(SAMPLE_COUNTY / "liushu", folder)
    (county / "workdays.toml").write_text('[[years]]\nyear = "二〇二七"\n', "utf-8")
    errors = report(folder)["errors"]
    assert any(e["rule"] == "R6" and "节假日覆盖文件有误" in e["message"] for e in errors)
