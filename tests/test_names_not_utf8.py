"""Folders and papers whose names are not UTF-8 (GBK names given on Windows, kept by a zip or
a USB stick): a Chinese message naming them, the rest of the county still read, no traceback.

Python carries such names as lone surrogates; Beancount encodes every file name it read as
UTF-8 and fails on them, and so did jjn's cache keys, pages and workbooks.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from conftest import SAMPLE_COUNTY, tree_digest
from openpyxl import load_workbook

from jjn_ledger.cli import main

GBK_NAME = os.fsdecode("柳树村".encode("gbk"))  # what the Windows folder name reads as here


@pytest.fixture
def county(tmp_path: Path) -> Path:
    root = tmp_path / "county"
    shutil.copytree(SAMPLE_COUNTY / "liushu", root / GBK_NAME)
    shutil.copytree(SAMPLE_COUNTY / "xihe", root / "xihe")
    return root


def run(args: list[str], monkeypatch, capsys) -> tuple[int, str]:
    monkeypatch.setattr(sys, "argv", ["jjn", *args])
    with pytest.raises(SystemExit) as exit_info:
        main()
    out = capsys.readouterr()
    code = exit_info.value.code
    return code if isinstance(code, int) else 0, out.out + out.err


def test_society_in_such_a_folder_is_a_message(county, monkeypatch, capsys):
    society = county / GBK_NAME
    before = tree_digest(society)
    code, text = run(["check", str(society)], monkeypatch, capsys)
    assert code == 2 and "不是 UTF-8 编码" in text and "Traceback" not in text
    code, text = run(
        ["record", "donation", str(society), "10", "--donor", "张三", "--channel", "现金"],
        monkeypatch,
        capsys,
    )
    assert code == 2 and "不是 UTF-8 编码" in text
    assert tree_digest(society) == before


def test_county_check_reports_it_and_checks_the_others(county, monkeypatch, capsys):
    code, text = run(["check", str(county)], monkeypatch, capsys)
    assert code == 1, text
    assert "共检查 2 个互助社" in text
    assert "读取" in text and "不是 UTF-8 编码" in text
    assert "西河" in text or "xihe" in text  # the readable society was checked too


def test_county_report_has_a_row_for_it(county, tmp_path, monkeypatch, capsys):
    out = tmp_path / "county.xlsx"
    code, text = run(
        ["report", "county", str(county), "2026-10", "-o", str(out)], monkeypatch, capsys
    )
    assert code == 0, text
    cells = [
        str(c) for ws in load_workbook(out) for row in ws.iter_rows(values_only=True) for c in row
    ]
    assert "读取：1 个错误" in cells  # the row of the society that could not be read
    assert "\ufffd" * 6 in cells  # its folder's name, as it can be shown


def test_papers_named_so_are_keyed_and_listed(county, monkeypatch, capsys):
    society = county / "xihe"
    papers = society / "documents" / "P001"
    papers.mkdir(parents=True, exist_ok=True)
    (papers / os.fsdecode("申请表".encode() + "扫描".encode("gbk") + b".pdf")).write_bytes(b"%PDF")
    code, text = run(["society", "dossier", str(society), "--person", "P001"], monkeypatch, capsys)
    assert code == 0 and "申请表" in text, text
    code, text = run(
        ["report", "county", str(county), "2026-10", "-o", str(county.parent / "c.xlsx")],
        monkeypatch,
        capsys,
    )
    assert code == 0, text


def test_server_answers_in_chinese_for_it(county):
    from werkzeug.test import Client

    from jjn_ledger.serve import app as serving

    served = serving.plan(county)
    client = Client(served.app)
    society = next(s for s in served.societies if s.folder.name == GBK_NAME)
    reply = client.get(society.url(prefix=serving.FAVA_PREFIX))
    assert reply.status_code == 503
    assert "不是 UTF-8 编码" in reply.get_data(as_text=True)
    other = next(s for s in served.societies if s.folder.name == "xihe")
    assert client.get(other.url(prefix=serving.FAVA_PREFIX)).status_code == 200


def test_no_books_are_made_where_none_could_be_read(tmp_path, monkeypatch, capsys):
    from test_society_new import new_args

    folder = tmp_path / GBK_NAME
    code, text = run(new_args(folder), monkeypatch, capsys)
    assert code == 2 and "不是 UTF-8 编码" in text, text
    assert not folder.exists()
