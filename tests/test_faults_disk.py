"""A full disk and a read-only ledger folder: a clear Chinese error, and the books unchanged.

These use real kernel mounts (a 64 KiB tmpfs; a read-only bind mount), which need root, as CI
and the development machines here have. Where mounting is not allowed the tests say so and skip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SAMPLE_COUNTY, tree_digest

JJN = [sys.executable, "-m", "jjn_ledger"]


def mount(*args: str) -> bool:
    return subprocess.run(["mount", *args], capture_output=True, check=False).returncode == 0


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    point = tmp_path / "disk"
    point.mkdir()
    if os.geteuid() != 0 or not mount("-t", "tmpfs", "-o", "size=600k", "tmpfs", str(point)):
        pytest.skip("无法挂载 tmpfs（需要 root 权限）")
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], check=False)


def jjn(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, BEANCOUNT_DISABLE_LOAD_CACHE="1")
    return subprocess.run(
        [*JJN, *map(str, args)], capture_output=True, text=True, env=env, check=False
    )


def fill(point: Path) -> None:
    """Fill the tmpfs to the last page."""
    filler = point / "filler"
    with filler.open("wb", buffering=0) as fh:
        try:
            while True:
                fh.write(b"\0" * 4096)
        except OSError:
            pass


def test_full_disk_refuses_cleanly(tiny_disk: Path) -> None:
    society = tiny_disk / "liushu"
    shutil.copytree(SAMPLE_COUNTY / "liushu", society)
    fill(tiny_disk)
    before = tree_digest(society)
    proc = jjn("record", "cash-draw", society, "100", "--date", "2026-11-03")
    assert proc.returncode == 1, proc.stderr
    assert "磁盘空间不足" in proc.stderr and "账本未改动" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert tree_digest(society) == before


def test_read_only_folder_refuses_cleanly(tmp_path: Path) -> None:
    source = tmp_path / "rw"
    shutil.copytree(SAMPLE_COUNTY / "liushu", source)
    view = tmp_path / "ro"
    view.mkdir()
    if os.geteuid() != 0 or not mount("--bind", str(source), str(view)):
        pytest.skip("无法绑定挂载（需要 root 权限）")
    try:
        if not mount("-o", "remount,bind,ro", str(view)):
            pytest.skip("无法重新挂载为只读")
        before = tree_digest(source)
        proc = jjn("record", "cash-draw", view, "100", "--date", "2026-11-03")
        assert proc.returncode == 1, proc.stderr
        assert "只读" in proc.stderr and "Traceback" not in proc.stderr
        assert tree_digest(source) == before
        # reading still works: an auditor can check a read-only copy
        assert jjn("check", view).returncode == 0
    finally:
        subprocess.run(["umount", "-l", str(view)], check=False)


@pytest.mark.parametrize(
    "command",
    [
        ["report", "notice", "{society}", "2026-03", "-o", "{out}"],
        ["import", "template", "{out}", "--kind", "donations"],
    ],
    ids=["report-notice", "import-template"],
)
def test_full_disk_leaves_no_partial_output(tiny_disk: Path, tmp_path: Path, command) -> None:
    """Before: "Exception ignored in ZipFile.__del__ … Traceback" and a 0-byte workbook."""
    society = tmp_path / "liushu"
    shutil.copytree(SAMPLE_COUNTY / "liushu", society)
    out = tiny_disk / "公示.xlsx"
    fill(tiny_disk)
    args = [a.format(society=society, out=out) for a in command]
    proc = jjn(*args)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "磁盘空间不足" in proc.stderr and "Traceback" not in proc.stderr
    assert "Exception ignored" not in proc.stderr
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["filler"]  # no file, no temp file
