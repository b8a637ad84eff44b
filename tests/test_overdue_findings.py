"""Overdue findings are recorded, not refused; preventive ones still refuse the write.

A treasurer catching up on last month must be able to record the aid that was paid and the
notice that went up late: the books tell the truth and keep the finding. An over-cap payment,
on the other hand, is refused before it lands.
"""

from __future__ import annotations

import collections
import datetime
import json

import pytest
from cli_kit import said
from typer.testing import CliRunner

from jjn_ledger.cli import app
from jjn_ledger.ledger import hygiene
from jjn_ledger.rules import base as rulebook
from jjn_ledger.rules import r02_seed_fund, r06_deadlines, r07_aid_caps, r10_disclosure

runner = CliRunner()


@pytest.fixture(autouse=True)
def end_of_2026(monkeypatch):
    """These stories happen in December 2026: dates up to its end are in the past."""
    monkeypatch.setattr(hygiene, "clock", lambda: datetime.date(2026, 12, 31))


def errors(folder) -> list[dict]:
    return json.loads(runner.invoke(app, ["check", str(folder), "--json"]).output)[0]["errors"]


def _error(rule, text="…"):
    return rulebook.PolicyError(None, text, None, rule)


def test_which_rules_block_writes():
    assert not rulebook.blocks_writes(_error(r10_disclosure.RULE))
    assert not rulebook.blocks_writes(_error(r06_deadlines.RULE))
    assert not rulebook.blocks_writes(_error(r02_seed_fund.RULE))
    assert rulebook.blocks_writes(_error(r07_aid_caps.RULE))
    assert rulebook.blocks_writes(_error(None))  # an unreadable configuration


def test_errors_know_their_rule_whatever_their_text():
    # A message that happens to look like another rule's is still judged by its own rule.
    lookalike = _error(r10_disclosure.RULE, f"[R7 {r07_aid_caps.RULE.title}] 超标")
    assert rulebook.rule_id(lookalike) == "R10"
    assert not rulebook.blocks_writes(lookalike)
    assert rulebook.rule_id(_error(None)) == "配置"
    balance = collections.namedtuple("BalanceError", "source message entry")(None, "x", None)
    assert rulebook.rule_id(balance) == "Beancount"
    assert rulebook.blocks_writes(balance)


def aid(folder, amount: str, day: str, matter: str):
    return runner.invoke(
        app,
        [
            "record",
            "aid",
            str(folder),
            "--person",
            "P001",
            "--category",
            "补充救助",
            "--amount",
            amount,
            "--cause",
            "重大疾病",
            "--matter",
            matter,
            "--accepted",
            day,
            "--investigated",
            day,
            "--approved",
            day,
            "--paid",
            day,
        ],
    )


def test_back_dated_aid_lands_pending_and_a_late_notice_lands_as_an_error(society_copy, digest):
    folder = society_copy("liushu")
    # The ledger's own "today" moves past the deadline (5th working day of December).
    runner.invoke(app, ["record", "cash-draw", str(folder), "100", "--date", "2026-12-15"])
    result = aid(folder, "300", "2026-11-02", "2026-11 补记事项")
    assert result.exit_code == 0, said(result)
    assert any(e["rule"] == "R10" and "未记录公示" in e["message"] for e in errors(folder))

    before = digest(folder)
    late = runner.invoke(
        app,
        [
            "record",
            "notice",
            str(folder),
            "2026-11",
            "--posted",
            "2026-12-10",
            "--removed",
            "2026-12-17",
        ],
    )
    # Posted after the 5th working day of December, with no explanation: the notice is a fact,
    # so it lands, and stays an R10 error for auditors until explained.
    assert late.exit_code == 0, said(late)
    assert any(e["rule"] == "R10" and "晚于期限" in e["message"] for e in errors(folder))
    assert digest(folder) != before


def test_explained_late_notice_is_a_warning(society_copy):
    folder = society_copy("liushu")
    runner.invoke(app, ["record", "cash-draw", str(folder), "100", "--date", "2026-12-15"])
    aid(folder, "300", "2026-11-02", "2026-11 补记事项")
    result = runner.invoke(
        app,
        [
            "record",
            "notice",
            str(folder),
            "2026-11",
            "--posted",
            "2026-12-10",
            "--removed",
            "2026-12-17",
            "--explanation",
            "村公开栏维修，延期张贴",
        ],
    )
    assert result.exit_code == 0, said(result)
    assert [e for e in errors(folder) if e["rule"] == "R10"] == []
    report = json.loads(runner.invoke(app, ["check", str(folder), "--json"]).output)[0]
    assert any("村公开栏维修" in w["message"] for w in report["warnings"])


def test_over_cap_aid_is_still_refused(society_copy, digest):
    folder = society_copy("liushu")
    before = digest(folder)
    result = aid(folder, "600", "2026-11-02", "2026-11 超标")
    assert result.exit_code != 0 and "R7" in said(result)
    assert digest(folder) == before
