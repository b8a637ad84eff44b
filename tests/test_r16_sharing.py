"""R16 across the societies of a county (004 §二(二): 有效防止“重复救助”; 000 §二(四): 同一年度内
因同一事项……只救助一次), run by ``jjn check COUNTY``.

Two villages of one county register the same woman (the same ID number) under their own keys.
"""

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from ledger_kit import HEADER, with_plugins
from typer.testing import CliRunner

from jjn_ledger.cli import app
from jjn_ledger.ledger.models import Recipient
from jjn_ledger.ledger.profile import person_key

runner = CliRunner()


def aid(person, day, matter, cause="重大疾病"):
    return f"""
{day} * "王秀英" "补充救助"
  recipient: "{person}"
  cause: "{cause}"
  matter: "{matter}"
  source: "申请"
  accepted: {day}
  investigated: {day}
  approved: {day}
  Expenses:5101-业务活动成本:01-补充救助   300.00 CNY
  Assets:1001-现金
"""


def county(tmp_path: Path, first: str, second: str, config: str = "") -> Path:
    """桃园村 books ``first`` for its P001; 柳树村 books ``second`` for the same person, P101."""
    other = HEADER.replace("桃园村", "柳树村").replace('"P001"', '"P101"')
    for slug, header, doc in (("taoyuan", HEADER, first), ("liushu", other, second)):
        folder = tmp_path / "county" / slug
        folder.mkdir(parents=True)
        text = with_plugins(header, config, plugins=("rules",)) + doc
        (folder / "main.beancount").write_text(text, "utf-8")
    return tmp_path / "county"


def r16(path: Path) -> tuple[int, dict[str, list[dict[str, object]]]]:
    result = runner.invoke(app, ["check", str(path), "--json"])
    found: dict[str, list[dict[str, object]]] = {}
    for report in json.loads(result.output):
        problems = report["errors"] + report["warnings"]
        found[Path(report["folder"]).name] = [p for p in problems if p["rule"] == "R16"]
    return result.exit_code, found


def test_same_matter_same_year_in_two_villages_is_a_certain_duplicate(tmp_path):
    """The two treasurers each put their own month in front of the matter."""
    path = county(
        tmp_path,
        aid("P001", "2024-04-16", "2024-04 脑出血住院"),
        aid("P101", "2024-09-06", "2024-09 脑出血住院"),
    )
    code, found = r16(path)
    assert code == 1 and found["taoyuan"] == []
    (problem,) = found["liushu"]
    assert problem["severity"] == "error"
    assert "示例县仁和镇桃园村“救急难”互助社于 2024-04-16 救助" in str(problem["message"])
    assert str(problem["file"]).endswith("liushu/main.beancount")


def test_each_village_alone_is_compliant_with_regard_to_r16(tmp_path):
    path = county(
        tmp_path,
        aid("P001", "2024-04-16", "2024-04 脑出血住院"),
        aid("P101", "2024-09-06", "2024-09 脑出血住院"),
    )
    for slug in ("taoyuan", "liushu"):
        _, found = r16(path / slug)
        assert found[slug] == []


def test_same_cause_within_the_window_is_a_probable_duplicate_for_review(tmp_path):
    path = county(
        tmp_path,
        aid("P001", "2024-04-16", "2024-04 脑出血"),
        aid("P101", "2024-06-20", "2024-06 尿毒症透析"),
    )
    _, found = r16(path)
    (problem,) = found["liushu"]
    assert problem["severity"] == "warning" and "相隔 65 天" in str(problem["message"])


def test_outside_the_window_or_another_cause_is_no_duplicate(tmp_path):
    far = county(
        tmp_path,
        aid("P001", "2024-04-16", "2024-04 脑出血"),
        aid("P101", "2024-08-20", "2024-08 尿毒症透析"),
    )
    assert r16(far)[1] == {"taoyuan": [], "liushu": []}


def test_other_cause_is_no_duplicate(tmp_path):
    other = county(
        tmp_path,
        aid("P001", "2024-04-16", "2024-04 脑出血"),
        aid("P101", "2024-05-20", "2024-05 火灾", cause="意外事故"),
    )
    assert r16(other)[1] == {"taoyuan": [], "liushu": []}


def test_the_window_is_policy_data(tmp_path):
    path = county(
        tmp_path,
        aid("P001", "2024-04-16", "2024-04 脑出血"),
        aid("P101", "2024-06-20", "2024-06 尿毒症透析"),
        config="{'sharing': {'window_days': 30}}",
    )
    assert r16(path)[1] == {"taoyuan": [], "liushu": []}


@pytest.mark.parametrize("written", ["34990019900615004x", " 34990019900615004X "])
def test_people_are_matched_through_one_function(written):
    """``person_key`` normalises the ID number; the register's own key never matters."""
    base = {"name": "孙桂兰", "household": "H1", "hukou": "本村户籍", "status": "低保"}
    a = Recipient(key="P003", id_number="34990019900615004X", **base)
    b = Recipient.model_construct(key="P7", id_number=written, **base)
    assert person_key(b) == person_key(a)
    # A register carrying the keyed hash of the ID number (HMAC, county secret) is matched by it.
    hashed = SimpleNamespace(key="P9", id_number=None, id_hash="AB12")
    assert person_key(hashed) == "ab12"  # type: ignore[arg-type]
