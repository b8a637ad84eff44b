"""The README's quick start, run as a new user would: every command, in order, in a new folder.

The commands are read out of README.md itself (the block from ``# 1. 建账`` to
``jjn check 桃园村``), so the README cannot drift from what works. Lines that need the user's
own files (a bank statement) are skipped; everything else must exit 0, and the books must end
clean.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"
USER_FILES = ("银行流水.csv", "银行对账单.csv")


def quickstart_commands() -> list[list[str]]:
    text = README.read_text("utf-8")
    block = text[text.index("# 1. 建账") : text.index("jjn check 桃园村") + len("jjn check 桃园村")]
    commands = []
    for raw in block.replace("\\\n", " ").splitlines():
        line = raw.split("  #")[0].strip()
        if line.startswith("jjn ") and not any(f in line for f in USER_FILES):
            commands.append(shlex.split(line))
    return commands


@pytest.mark.slow
def test_readme_quickstart_runs_clean(tmp_path):
    commands = quickstart_commands()
    assert len(commands) >= 15
    jjn = str(Path(sys.executable).parent / "jjn")
    env = dict(os.environ, BEANCOUNT_DISABLE_LOAD_CACHE="1")
    for args in commands:
        proc = subprocess.run(
            [jjn, *args[1:]], cwd=tmp_path, capture_output=True, text=True, env=env, check=False
        )
        assert proc.returncode == 0, (args, proc.stdout[-800:], proc.stderr[-800:])
        assert "Traceback" not in proc.stderr
    final = proc.stdout
    assert "合规" in final and "0 个有错误" in final
    books = (tmp_path / "桃园村" / "books" / "2026-03.beancount").read_text("utf-8")
    assert re.search(r'voucher: "付-2026-03-\d{3}"', books)
    assert (tmp_path / "桃园村-救助公示-2026-03.xlsx").is_file()
