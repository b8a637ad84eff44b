"""Fava's import page with the county's ``import.py``: real Fava over HTTP, real Chromium.

A copy of a sample society is given the ``import-config`` and ``import-dirs`` options, and two
real exports are put in its import folder. Fava (a real process on a loopback port) must list
both with their importer, and extracting the bank statement must show its entries in the
import dialog, as the treasurer would see them before saving. The WeChat bill's only gift is
dated before the society was founded: Fava shows nothing to import for it, no error.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from test_fava_browser import ARGS, CHROMIUM
from test_serve import free_port

ROOT = Path(__file__).resolve().parent.parent
REAL = Path(os.environ.get("JJN_REALWORLD_DIR", ROOT.parent / "shared" / "realworld" / "importers"))
IMPORT_PY = ROOT / "ledgers" / "sample-county" / "import.py"
FAVA = str(Path(sys.executable).parent / "fava")
SLUG = quote("示例县仁和镇桃园村救急难互助社")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed"),
    pytest.mark.skipif(not REAL.is_dir(), reason="the real export files are not available"),
]


@pytest.fixture
def fava(society_copy: Callable[[str], Path], tmp_path: Path) -> Iterator[str]:
    folder = society_copy("taoyuan")
    imports = tmp_path / "imports"
    imports.mkdir()
    for name in ("bank-boc-debit.csv", "wechat-csv-2020-bom-crlf.csv"):
        shutil.copyfile(REAL / name, imports / name)
    with (folder / "main.beancount").open("a", encoding="utf-8") as main:
        main.write(
            f'\n1970-01-01 custom "fava-option" "import-config" "{IMPORT_PY}"\n'
            f'1970-01-01 custom "fava-option" "import-dirs" "{imports}"\n'
        )
    port = free_port()
    env = {**os.environ, "BEANCOUNT_DISABLE_LOAD_CACHE": "1"}
    process = subprocess.Popen(
        [FAVA, "--host", "127.0.0.1", "--port", str(port), str(folder / "main.beancount")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/{SLUG}/api/imports", timeout=5).read()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_fava_import_page_shows_the_extracted_entries(fava: str, artifacts: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{fava}/{SLUG}/import")
        listing = page.locator("article")
        listing.get_by_text("jjn_ledger.importers.bank.BankImporter").wait_for()
        assert "jjn_ledger.importers.wechat.WeChatImporter" in listing.inner_text()
        page.locator("button", has_text="导出").nth(1).click()  # the WeChat bill
        page.get_by_text("No entries to import from this file.").wait_for()
        page.locator("button", has_text="导出").nth(0).click()  # the bank statement
        dialog = page.locator("dialog[open], .overlay, form").filter(has_text="Entry 1 of 2")
        dialog.first.wait_for()
        values = page.eval_on_selector_all("input", "els => els.map(e => e.value)")
        page.screenshot(path=str(artifacts / "fava-import.png"), full_page=True)
        browser.close()
    assert "张三" in values and "社会捐赠（银联入账 转账）" in values
    assert "Assets:1002-银行存款:01-基本户" in values and "1000.00 CNY" in values
    assert any(v.startswith("bank-") for v in values)  # the import-id, for re-import
    assert errors == []
