"""jjn society new / show / person add: validated profile, real books, nothing half-written."""

from __future__ import annotations

import datetime
import subprocess
import sys
from pathlib import Path

from cli_kit import fails, ok
from typer.testing import CliRunner

runner = CliRunner()
REGISTERED = (datetime.date.today() - datetime.timedelta(days=10)).isoformat()
CODE = "51349900MJB0000015"
ID_OK = "349900196503120024"
ID_BAD = "349900196503120025"


def new_args(folder: Path, **changes: str) -> list[str]:
    options = {
        "--county": "示例县",
        "--township": "仁和镇",
        "--village": "桃园村",
        "--registration": "登记",
        "--credit-code": CODE,
        "--registered": REGISTERED,
        **changes,
    }
    args = ["society", "new", str(folder)]
    for key, value in options.items():
        if value:
            args += [key, value]
    return [*args, "--officer", "社长=李建国:H01", "--officer", "出纳=李红:H03"]


def test_new_society_is_complete_and_clean(tmp_path):
    folder = tmp_path / "taoyuan"
    out = ok(new_args(folder))
    assert "示例县仁和镇桃园村“救急难”互助社" in out
    month = datetime.date.fromisoformat(REGISTERED).strftime("%Y-%m")
    for name in (
        "main.beancount",
        "society.beancount",
        "accounts.beancount",
        "people.beancount",
        f"books/{month}.beancount",
    ):
        assert (folder / name).is_file(), name
    society = (folder / "society.beancount").read_text("utf-8")
    assert 'credit-code: "51349900MJB0000015"' in society
    assert 'custom "jjn-officer" "出纳"' in society
    assert ok(["check", str(folder)]).count("合规") == 1
    shown = ok(["society", "show", str(folder)])
    assert "统一社会信用代码：51349900MJB0000015" in shown and "出纳：李红（户号 H03）" in shown


def test_filing_society_needs_a_custodian(tmp_path):
    folder = tmp_path / "hexie"
    message = fails(new_args(folder, **{"--registration": "备案", "--credit-code": ""}))
    assert "custodian" in message and not folder.exists()
    ok(
        new_args(
            folder,
            **{
                "--registration": "备案",
                "--credit-code": "",
                "--custodian": "示例县慈善协会分账户",
            },
        )
    )
    assert "合规" in ok(["check", str(folder)])


def test_bad_credit_code_and_bad_names_are_refused_and_nothing_is_written(tmp_path):
    folder = tmp_path / "x"
    assert "统一社会信用代码" in fails(new_args(folder, **{"--credit-code": "51349900MJB0000016"}))
    assert not folder.exists()
    message = fails(new_args(folder, **{"--village": "桃园"}))
    assert "应以村或社区结尾" in message and not folder.exists()
    assert "职务=姓名:户号" in fails([*new_args(folder), "--officer", "社长李建国"])
    assert not folder.exists()


def test_existing_non_empty_folder_is_refused(tmp_path, digest):
    folder = tmp_path / "taken"
    folder.mkdir()
    (folder / "notes.txt").write_text("已有文件", "utf-8")
    before = digest(folder)
    assert "已存在且不为空" in fails(new_args(folder))
    assert digest(folder) == before


def test_person_add_validates_the_id_number(tmp_path, digest):
    folder = tmp_path / "taoyuan"
    ok(new_args(folder))
    person = [
        "society",
        "person",
        "add",
        str(folder),
        "--key",
        "P001",
        "--name",
        "王秀英",
        "--household",
        "H11",
        "--hukou",
        "本村户籍",
        "--status",
        "低保",
    ]
    before = digest(folder)
    assert "jjn county init" in fails([*person, "--id-number", ID_OK])  # no county key yet
    assert digest(folder) == before
    ok(["county", "init", str(tmp_path)])
    message = fails([*person, "--id-number", ID_BAD])
    assert "身份证号码" in message and "校验位" in message
    assert digest(folder) == before
    ok([*person, "--id-number", ID_OK])
    people = (folder / "people.beancount").read_text("utf-8")
    assert 'custom "jjn-recipient" "P001"' in people and 'id-masked: "3499**********0024"' in people
    assert not any(ID_OK in p.read_text("utf-8") for p in folder.rglob("*.beancount"))
    assert ID_OK in (tmp_path / ".jjn-county" / "ids" / "taoyuan.json").read_text("utf-8")
    assert "已登记" in fails([*person, "--id-number", ID_OK])
    again = [*person[:5], "P002", *person[6:]]
    assert "已登记为救助对象 P001" in fails([*again, "--id-number", ID_OK])  # one person, one key
    assert "登记的救助对象：1 人" in ok(["society", "show", str(folder)])
    assert "合规" in ok(["check", str(folder)])


def test_missing_folder_is_a_chinese_error_through_the_real_entry_point(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "jjn_ledger", "society", "show", str(tmp_path / "none")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "找不到互助社账本" in proc.stderr and "Traceback" not in proc.stderr
