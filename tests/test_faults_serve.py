"""The read-only server writes nothing into what it serves, and refuses a port it cannot use.

Before: ``jjn serve COUNTY`` wrote ``.jjn-cache/`` into the county folder; ``--port 99999`` ended
in an ``OverflowError`` traceback and ``--port 0`` printed ``http://127.0.0.1:0/``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import SAMPLE_COUNTY
from test_serve import fetch, running


def every_file(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.slow
def test_serving_a_county_writes_nothing_into_it(tmp_path, monkeypatch):
    county = tmp_path / "county"
    for slug in ("taoyuan", "xihe"):
        shutil.copytree(SAMPLE_COUNTY / slug, county / slug)
    monkeypatch.delenv("JJN_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    before = every_file(county)
    with running(county) as server:
        deadline = time.monotonic() + 90
        while 'data-ready="no"' in (page := fetch(f"{server.base}/")).text:
            assert time.monotonic() < deadline, "the summaries never came"
            time.sleep(0.5)
        assert page.status == 200 and 'data-ready="yes"' in page.text
        slug = page.text.split('data-slug="', 1)[1].split('"', 1)[0]
        assert (
            fetch(f"{server.base}/fava/{quote(slug)}/api/journal").status  # a Fava read
            == 200
        )
    assert every_file(county) == before  # no cache, no lock file, nothing
    assert list((tmp_path / "xdg" / "jjn-ledger").glob("*.json"))  # the cache went here


@pytest.mark.slow
def test_cache_dir_option(tmp_path):
    county = tmp_path / "county"
    shutil.copytree(SAMPLE_COUNTY / "xihe", county / "xihe")
    shutil.copytree(SAMPLE_COUNTY / "hexie", county / "hexie")
    cache = tmp_path / "my-cache"
    with running(county, "--cache-dir", str(cache)) as server:
        deadline = time.monotonic() + 90
        while not list(cache.glob("*.json")) and time.monotonic() < deadline:
            fetch(f"{server.base}/")
            time.sleep(0.5)
    assert list(cache.glob("*.json"))
    assert not list(county.rglob(".jjn-cache"))


@pytest.mark.parametrize("port", ["99999", "0", "-1", "abc", "65536"])
def test_bad_ports_are_refused_in_chinese(port):
    proc = subprocess.run(
        [sys.executable, "-m", "jjn_ledger", "serve", str(SAMPLE_COUNTY / "xihe"), "--port", port],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2, proc.stderr
    assert "端口" in proc.stderr or "应为整数" in proc.stderr
    assert "Traceback" not in proc.stderr and "Input should" not in proc.stderr
    assert ":0/" not in proc.stdout
