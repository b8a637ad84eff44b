"""The built wheel carries every module of the three source roots and the data files.

setuptools silently leaves out a subpackage missing from ``packages`` (STYLE.md), so the test
builds the real wheel and compares its contents with the source tree.
"""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ROOTS = {
    "src/jjn_ledger": "jjn_ledger",
    "plugins": "jjn_ledger/plugins",
    "importers": "jjn_ledger/importers",
}


@pytest.mark.slow
def test_wheel_contains_every_module(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("jjn_ledger-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = set()
    for folder, package in ROOTS.items():
        for path in (ROOT / folder).rglob("*"):
            if (
                path.suffix not in {".py", ".toml", ".html", ".typed"}
                or "__pycache__" in path.parts
            ):
                continue
            rel = path.relative_to(ROOT / folder)
            if folder == "src/jjn_ledger" and rel.parts[0] in {"plugins", "importers"}:
                continue
            expected.add(f"{package}/{rel.as_posix()}")
    missing = sorted(expected - names)
    assert not missing, missing
    assert "jjn_ledger/data/chart.toml" in names and "jjn_ledger/py.typed" in names
    assert any(n.endswith("entry_points.txt") for n in names)
