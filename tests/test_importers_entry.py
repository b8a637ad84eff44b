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


def test_beangulp_extract_refuses_rows_that_need_a_person() -> None:
    done = _beangulp("extract", DATA / "statement.csv")
    assert done.returncode == 1
    assert "第 9 行（statement.csv:9）：向“王秀英”支出 800.00 元" in done.stderr
