"""A write killed between two renames: every reader sees the books before or after, never between.

The child (``test_safewrite.CHILD``) adds three donations to three month files in one write;
``JJN_SAFEWRITE_PAUSE`` holds it between renames, and SIGKILL stops it with one file replaced and
the journal on disk — the half state an import spanning three months once left behind, which
``jjn check`` called 合规 and ``jjn report filing`` built on. Then, each on its own killed copy,
``jjn check``, ``jjn report filing`` and ``jjn serve`` (a real HTTP read) must show the books as
after the write, and the folder must be byte-identical to an uninterrupted write.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from openpyxl import load_workbook
from test_safewrite import _reference_after, ledger_digest, run_child
from test_serve import fetch, running

from jjn_ledger.write import safe as safewrite

JJN = [sys.executable, "-m", "jjn_ledger"]
DONORS = ("捐赠人1", "捐赠人2", "捐赠人3")


def jjn(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, BEANCOUNT_DISABLE_LOAD_CACHE="1")
    return subprocess.run(
        [*JJN, *map(str, args)], capture_output=True, text=True, env=env, check=False, cwd=cwd
    )


def killed_between_renames(source: Path, folder: Path, digest) -> None:
    """A copy of ``source`` with the child's write killed after its first rename."""
    shutil.copytree(source, folder)
    child = run_child(folder, "捐赠人", 0, {safewrite.PAUSE_ENV: "3"})
    deadline = time.monotonic() + 60
    while not (folder / safewrite.JOURNAL).exists() and time.monotonic() < deadline:
        time.sleep(0.005)
    time.sleep(0.3)  # the first rename is done, the second waits out the pause
    child.send_signal(signal.SIGKILL)
    child.wait(30)
    assert (folder / safewrite.JOURNAL).exists()
    books = [p.read_text("utf-8") for p in sorted((folder / "books").glob("*.beancount"))]
    landed = sum(any(d in text for text in books) for d in DONORS)
    assert 0 < landed < len(DONORS), "the kill must leave the half state this test is about"


def cells(path: Path) -> list[tuple[object, ...]]:
    wb = load_workbook(path)
    return [row for ws in wb.worksheets for row in ws.iter_rows(values_only=True)]


@pytest.fixture
def setting(society_copy, tmp_path, digest):
    source = society_copy("taoyuan")
    after = _reference_after(tmp_path, source, digest)
    return source, after, tmp_path


@pytest.mark.slow
def test_check_after_a_kill_sees_the_finished_write(setting, digest):
    source, after, tmp = setting
    folder = tmp / "killed"
    killed_between_renames(source, folder, digest)
    proc = jjn("check", folder)
    reference = jjn("check", tmp / "reference")
    assert proc.returncode == reference.returncode == 0, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert ledger_digest(digest, folder) == after
    assert not (folder / safewrite.JOURNAL).exists()


@pytest.mark.slow
def test_report_after_a_kill_is_built_on_the_finished_write(setting, digest):
    source, after, tmp = setting
    folder = tmp / "killed"
    killed_between_renames(source, folder, digest)
    out = tmp / "out"
    out.mkdir()
    proc = jjn("report", "filing", folder, "2026-12", "-o", out / "killed.xlsx")
    assert proc.returncode == 0, proc.stderr
    ref = jjn("report", "filing", tmp / "reference", "2026-12", "-o", out / "reference.xlsx")
    assert ref.returncode == 0, ref.stderr
    assert cells(out / "killed.xlsx") == cells(out / "reference.xlsx")
    assert ledger_digest(digest, folder) == after


@pytest.mark.slow
def test_server_after_a_kill_serves_the_finished_write(setting, digest):
    source, after, tmp = setting
    folder = tmp / "killed"
    killed_between_renames(source, folder, digest)
    with running(folder) as server:
        from test_serve import slug_of

        query = quote("SELECT payee WHERE payee ~ '^捐赠人'")
        page = fetch(f"{server.base}/{quote(slug_of(folder))}/api/query?query_string={query}")
    assert page.status == 200
    rows = json.loads(page.text)["data"]["rows"]
    assert sorted({r[0] for r in rows}) == list(DONORS)  # one row per posting
    assert ledger_digest(digest, folder) == after
