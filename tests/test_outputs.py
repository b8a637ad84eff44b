"""Reports, templates and exports never land on the books (``write.outputs``).

``jjn report notice S 2026-03 -o S/main.beancount`` once replaced the ledger with a workbook
and exited 0. Each case here was accepted before; now each is refused in Chinese with the
society's files byte-identical, while re-running a report over its own previous output works.
"""

from __future__ import annotations

import pytest
from cli_kit import fails, ok
from openpyxl import load_workbook

from jjn_ledger.write import outputs


@pytest.fixture
def liushu(society_copy):
    return society_copy("liushu")


@pytest.mark.parametrize(
    "target",
    ["main.beancount", "books/2026-04.beancount", "公示.xlsx", "documents/x.xlsx", "books"],
)
def test_no_output_into_the_books(liushu, digest, target):
    before = digest(liushu)
    message = fails(["report", "notice", str(liushu), "2026-03", "-o", str(liushu / target)])
    assert "不能写入" in message and "未写入任何文件" in message
    assert digest(liushu) == before


def test_a_beancount_file_anywhere_is_refused(liushu, tmp_path):
    other = tmp_path / "elsewhere.beancount"
    other.write_text("; someone's notes\n", "utf-8")
    fails(["report", "filing", str(liushu), "2026-03", "-o", str(other)])
    assert other.read_text("utf-8") == "; someone's notes\n"


def test_an_existing_file_is_replaced_only_by_the_same_kind(liushu, tmp_path):
    out = tmp_path / "公示.xlsx"
    ok(["report", "notice", str(liushu), "2026-03", "-o", str(out)])
    assert outputs.kind_of(out) == load_workbook(out).sheetnames[0]
    ok(["report", "notice", str(liushu), "2026-02", "-o", str(out)])  # its own previous output
    message = fails(["report", "filing", str(liushu), "2026-03", "-o", str(out)])
    assert "不是 jjn 生成的同类文件" in message
    letter = tmp_path / "信.docx"
    letter.write_bytes(b"a letter")
    fails(["report", "statements", str(liushu), "2026-03", "-o", str(letter)])
    assert letter.read_bytes() == b"a letter"


def test_the_default_place_inside_a_society_is_refused(liushu, digest, monkeypatch):
    monkeypatch.chdir(liushu)
    before = digest(liushu)
    message = fails(["report", "notice", str(liushu), "2026-03"])
    assert "互助社账本文件夹" in message and "--output" in message
    assert digest(liushu) == before


def test_templates_never_land_in_the_books(liushu, digest):
    before = digest(liushu)
    fails(["import", "template", str(liushu / "捐赠登记.xlsx"), "--kind", "donations"])
    fails(["import", "template", str(liushu / "people.beancount"), "--kind", "aid"])
    assert digest(liushu) == before


def test_outputs_keep_the_mode_of_the_file_they_replace(liushu, tmp_path):
    out = tmp_path / "报表.xlsx"
    ok(["report", "statements", str(liushu), "2026-03", "-o", str(out)])
    out.chmod(0o640)
    ok(["report", "statements", str(liushu), "2026-03", "-o", str(out)])
    assert out.stat().st_mode & 0o777 == 0o640
