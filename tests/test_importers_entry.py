"""``ledgers/sample-county/import.py``: the one config for beangulp's CLI and Fava's import page."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from fava.core.ingest import load_import_config
from typer.testing import CliRunner

from jjn_ledger.cli import app
from jjn_ledger.importers.common import drop_already_imported

ROOT = Path(__file__).resolve().parent.parent
IMPORT_PY = ROOT / "ledgers" / "sample-county" / "import.py"
DATA = ROOT / "tests" / "data" / "import"


def test_fava_accepts_the_import_config() -> None:
    loaded = load_import_config(IMPORT_PY)
    assert sorted(loaded.importers) == [
        "jjn_ledger.importers.alipay.AlipayImporter",
        "jjn_ledger.importers.bank.BankImporter",
        "jjn_ledger.importers.registers.RegisterImporter",
        "jjn_ledger.importers.wechat.WeChatImporter",
    ]
    assert loaded.hooks == (drop_already_imported,)


def _beangulp(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(IMPORT_PY), *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_beangulp_identify_names_each_sample() -> None:
    done = _beangulp("identify", DATA)
    assert done.returncode == 0, done.stderr
    out = done.stdout + done.stderr
    for name, importer in [
        ("statement.csv", "bank.BankImporter"),
        ("wechat.csv", "wechat.WeChatImporter"),
        ("alipay.csv", "alipay.AlipayImporter"),
        ("aid.xlsx", "registers.RegisterImporter"),
    ]:
        assert f"{name} ... OK\n  jjn_ledger.importers.{importer}" in out


def test_beangulp_extract_leaves_out_what_the_ledger_already_has(
    society_copy: Callable[[str], Path],
) -> None:
    folder = society_copy("taoyuan")
    done = _beangulp("extract", DATA / "statement-gbk.csv", "-e", folder / "main.beancount")
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("import-id:") == 7
    result = CliRunner().invoke(
        app, ["import", "bank", str(folder), str(DATA / "statement-gbk.csv")]
    )
    assert result.exit_code == 0, result.output
    done = _beangulp("extract", DATA / "statement-gbk.csv", "-e", folder / "main.beancount")
    assert done.returncode == 0, done.stderr
    assert "import-id:" not in done.stdout


def test_beangulp_extract_lists_rows_that_need_a_person() -> None:
    """They are not extracted, and are named with file and line on stderr; no traceback."""
    done = _beangulp("extract", DATA / "statement.csv")
    assert done.returncode == 0
    assert "第 9 行（statement.csv:9）：向“王秀英”支出 800.00 元" in done.stderr
    assert "Traceback" not in done.stderr
    assert "王秀英" not in done.stdout


def test_beangulp_names_an_unreadable_file_without_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "statement.csv"
    bad.write_text("交易日期,摘要,收入,支出,余额\n2026-12-01,转账存入,三百元,,1\n", "utf-8")
    done = _beangulp("extract", bad)
    assert done.returncode == 1
    assert "statement.csv 第 2 行：“收入”列“三百元”不是金额" in done.stderr
    assert "Traceback" not in done.stderr
