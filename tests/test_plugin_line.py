"""Rules silently off: a top-level file without the jjn plugin line is an error, never 合规.

Before: with the plugin line removed and a 5,000 emergency aid added, ``jjn check`` said 合规;
an empty ``main.beancount`` was 合规 too; ``plugin "no.such.module"`` printed Beancount's
embedded Python traceback. The county engine and the Fava overview read the same problems.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from jjn_ledger.county import engine as county
from jjn_ledger.fava_ext import views
from jjn_ledger.ledger.load import load
from jjn_ledger.rules.check import check_society

AID = """
2026-11-10 * "潘娟淑" "应急救助：超标"
  recipient: "P001"
  cause: "意外事故"
  matter: "2026-11 超标"
  source: "申请"
  accepted: 2026-11-09
  investigated: 2026-11-09
  approved: 2026-11-10
  Expenses:5101-业务活动成本:02-应急救助   5000.00 CNY
  Assets:1002-银行存款:01-基本户
"""


def without_plugin(folder) -> None:
    main = folder / "main.beancount"
    lines = main.read_text("utf-8").splitlines()
    main.write_text("\n".join(ln for ln in lines if not ln.startswith("plugin")) + "\n", "utf-8")


def jjn(*args) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jjn_ledger", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("how", ["removed", "empty"])
def test_books_without_the_plugin_line_are_an_error(society_copy, how):
    folder = society_copy("liushu")
    if how == "removed":
        without_plugin(folder)
        (folder / "books" / "2026-11.beancount").write_text(AID, "utf-8")
    else:
        (folder / "main.beancount").write_text("", "utf-8")
    report = check_society(folder)
    assert any(p.rule == "插件" and "没有启用 jjn 规则插件" in p.message for p in report.errors)
    proc = jjn("check", folder)
    assert proc.returncode == 1 and "合规" not in proc.stdout.split("\n", 2)[1]
    assert county.summarise(folder).errors.get("插件") == 1
    loaded = load(folder)
    groups = views.rule_problems(loaded.entries, loaded.errors, loaded.options)
    assert any(g.rule == "插件" for g in groups)


def test_a_plugin_that_cannot_be_imported_shows_no_traceback(society_copy):
    folder = society_copy("liushu")
    main = folder / "main.beancount"
    main.write_text('plugin "no.such.module"\n' + main.read_text("utf-8"), "utf-8")
    proc = jjn("check", folder)
    assert proc.returncode == 1
    assert "找不到插件模块 no.such.module" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr and "Error:" not in proc.stdout


def test_the_jjn_plugin_listed_but_never_run_is_an_error():
    """A broken install: the line is there, Beancount could not import the module."""
    from jjn_ledger.ledger.load import Loaded
    from jjn_ledger.rules.check import plugin_problems

    error = type("E", (), {"message": 'Error importing "jjn_ledger.plugins.rules": Traceback…'})
    loaded = Loaded(
        Path("main.beancount"), [], [error], {"plugin": [("jjn_ledger.plugins.rules", None)]}
    )
    (problem,) = plugin_problems(loaded)
    assert problem.severity == "error" and "没有按政策检查" in problem.message
    assert "Traceback" not in problem.message
