"""jjn record aid / investigation / referral and jjn society dossier, on sample-society copies."""

from __future__ import annotations

import datetime
import os
import shutil
from pathlib import Path

import pytest
from cli_kit import fails, ok
from typer.testing import CliRunner

from jjn_ledger.cli import app

runner = CliRunner()
TODAY = datetime.date.today().isoformat()


def clean(folder: Path) -> None:
    result = runner.invoke(app, ["check", str(folder)])
    assert result.exit_code == 0, result.output


def aid(
    folder: Path,
    person: str = "P001",
    category: str = "补充救助",
    amount: str = "400",
    matter: str = "尿毒症透析",
    dates: bool = True,
    *extra: str,
) -> list[str]:
    args = [
        "record",
        "aid",
        str(folder),
        "--person",
        person,
        "--category",
        category,
        "--amount",
        amount,
        "--cause",
        "重大疾病",
        "--matter",
        matter,
        "--form",
        "转账",
    ]
    if dates:
        args += ["--accepted", TODAY, "--investigated", TODAY, "--approved", TODAY]
    return [*args, *extra]


@pytest.fixture
def taoyuan(society_copy) -> Path:
    # P001 is on 临时救助 (补充救助); P002 is a 防止返贫监测对象 (应急救助).
    return society_copy("taoyuan")


def test_aid_lands_with_the_metadata_the_rules_read(taoyuan):
    ok(aid(taoyuan))
    text = (taoyuan / "books" / f"{TODAY[:7]}.beancount").read_text("utf-8")
    case = text[text.index('"补充救助：尿毒症透析"') :]
    for line in (
        'recipient: "P001"',
        'cause: "重大疾病"',
        'matter: "尿毒症透析"',
        'source: "申请"',
        f"accepted: {TODAY}",
        f"investigated: {TODAY}",
        f"approved: {TODAY}",
        "Expenses:5101-业务活动成本:01-补充救助",
        "Assets:1002-银行存款:01-基本户",
    ):
        assert line in case, line
    clean(taoyuan)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (aid(Path("F"), amount="600"), "[R7 救助标准与频次]"),
        (aid(Path("F"), person="P999"), "P999 未在救助对象档案中登记"),
        (aid(Path("F"), category="应急救助"), "[R5 救助对象与记录]"),
        (aid(Path("F"), "P001", "补充救助", "400", "尿毒症透析", False), "--advance"),
        (
            aid(
                Path("F"),
                "P001",
                "补充救助",
                "400",
                "x",
                False,
                "--accepted",
                TODAY,
                "--investigated",
                "2020-01-02",
                "--approved",
                TODAY,
            ),
            "日期先后有误",
        ),
        (
            aid(Path("F"), "P001", "补充救助", "400", "尿毒症透析", True, "--form", "支票"),
            "发放形式：“支票”无效，应为：现金、转账、实物",
        ),
    ],
)
def test_bad_aid_is_refused_and_changes_nothing(taoyuan, digest, args, expected):
    args = [str(taoyuan) if a == "F" else a for a in args]
    before = digest(taoyuan)
    assert expected in fails(args)
    assert digest(taoyuan) == before


def test_same_matter_twice_in_a_year_is_refused(taoyuan, digest):
    ok(aid(taoyuan))
    before = digest(taoyuan)
    assert "同一事项每年最多 1 次" in fails(aid(taoyuan, amount="100"))
    assert digest(taoyuan) == before


def test_advance_aid_then_investigation(taoyuan):
    ok(aid(taoyuan, "P002", "应急救助", "900", "车祸受伤", False, "--advance", "--accepted", TODAY))
    clean(taoyuan)  # the investigation window has not closed yet
    ok(
        [
            "record",
            "investigation",
            str(taoyuan),
            "--person",
            "P002",
            "--matter",
            "车祸受伤",
            "--opinion",
            "情况属实，同意救助",
        ]
    )
    text = (taoyuan / "books" / f"{TODAY[:7]}.beancount").read_text("utf-8")
    assert "advance: TRUE" in text
    assert 'custom "jjn-investigation" "P002"' in text and 'matter: "车祸受伤"' in text
    clean(taoyuan)


def test_referral_is_recorded_in_the_register(taoyuan, digest):
    ok(["record", "referral", str(taoyuan), "--person", "P003", "--service", "心理疏导"])
    assert f'{TODAY} custom "jjn-referral" "P003" "心理疏导"' in (
        taoyuan / "people.beancount"
    ).read_text("utf-8")
    before = digest(taoyuan)
    assert "转介服务“算命”无效" in fails(
        ["record", "referral", str(taoyuan), "--person", "P003", "--service", "算命"]
    )
    assert "P999 未在" in fails(
        ["record", "referral", str(taoyuan), "--person", "P999", "--service", "心理疏导"]
    )
    assert digest(taoyuan) == before
    clean(taoyuan)


def test_dossier_lists_aid_referrals_and_missing_papers(taoyuan):
    ok(aid(taoyuan))
    ok(["record", "referral", str(taoyuan), "--person", "P001", "--service", "资源链接"])
    papers = taoyuan / "documents" / "P001"
    shutil.rmtree(papers, ignore_errors=True)  # start from an empty file (the sample keeps one)
    papers.mkdir(parents=True)
    (papers / "申请表.pdf").write_bytes(b"%PDF-1.4\n")
    (papers / "身份证复印件-正面.jpg").write_bytes(b"\xff\xd8")
    out = ok(["society", "dossier", str(taoyuan), "--person", "P001"])
    assert "■ P001" in out and "尿毒症透析" in out and "400.00 元" in out
    assert f"转介服务：{TODAY} 资源链接" in out
    assert "已有材料：申请表、身份证复印件" in out
    assert "缺少材料：困难证明、入户调查记录、审批表、领款凭证、公示记录" in out
    everyone = ok(["society", "dossier", str(taoyuan)])
    assert everyone.count("■ P") == 12 and "共 12 人" in everyone
    assert "P999 未在" in fails(["society", "dossier", str(taoyuan), "--person", "P999"])


def test_paper_names_that_are_not_utf8_are_shown_replaced(tmp_path):
    """Bytes of a file name that are not UTF-8 reach Python as lone surrogates, which the Fava
    page (an HTTP response) and a workbook cannot encode: papers are listed with U+FFFD."""
    from jjn_ledger.reports import dossier

    papers = tmp_path / "documents" / "P001"
    papers.mkdir(parents=True)
    name = os.fsdecode("身份证复印件".encode() + b"\xff-" + "背面".encode("gbk") + b".jpg")
    (papers / name).write_bytes(b"\xff\xd8")
    found = dossier.papers(tmp_path, "P001", ["身份证复印件", "申请表"])
    assert found == {"身份证复印件": ["身份证复印件\ufffd-\ufffd\ufffd\ufffd\ufffd.jpg"]}
    found["身份证复印件"][0].encode("utf-8")  # printable anywhere
