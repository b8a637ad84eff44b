"""jjn close / reopen and rule R17: a closed month is locked, reopening is a recorded act."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pytest
from cli_kit import fails, ok
from typer.testing import CliRunner

from jjn_ledger.cli import app
from jjn_ledger.ledger.load import load
from jjn_ledger.record.closing import month_digest
from jjn_ledger.write.safe import LOCK

runner = CliRunner()
MONTH = "2025-03"


def rules_in_check(folder: Path) -> tuple[int, list[str]]:
    result = runner.invoke(app, ["check", str(folder), "--json"])
    report = json.loads(result.output)[0]
    return result.exit_code, [e["rule"] for e in report["errors"]]


def month_file(folder: Path) -> Path:
    return folder / "books" / f"{MONTH}.beancount"


@pytest.fixture
def closed(society_copy) -> Path:
    folder = society_copy("taoyuan")
    out = ok(["close", str(folder), MONTH])
    assert f"已结账：{MONTH}" in out
    return folder


def test_close_appends_a_seal_and_the_books_stay_clean(closed):
    society = (closed / "society.beancount").read_text("utf-8")
    assert f'custom "jjn-seal" "{MONTH}"' in society
    digest = re.search(r'digest: "([0-9a-f]{64})"', society)
    assert digest and digest.group(1) == month_digest(load(closed).entries, MONTH)
    assert rules_in_check(closed) == (0, [])


def test_reformatting_does_not_break_the_seal(closed):
    path = month_file(closed)
    text = path.read_text("utf-8")
    entries = text.strip().split("\n\n")
    reformatted = "\n\n\n".join(reversed(entries))  # other order, other blank lines
    reformatted = re.sub(r" {2,}(-?\d+\.\d\d) CNY", lambda m: f"    {m.group(1)}0 CNY", reformatted)
    assert reformatted != text
    path.write_text(reformatted + "\n", "utf-8")
    assert rules_in_check(closed) == (0, [])


def test_tampered_amount_is_r17_and_reopen_lifts_the_seal(closed):
    path = month_file(closed)
    original = path.read_text("utf-8")
    match = re.search(r"(Expenses:5101-\S+\s+)(\d+)\.00 CNY", original)
    assert match
    more = int(match.group(2)) + 10
    tampered = original.replace(match.group(0), f"{match.group(1)}{more}.00 CNY")
    path.write_text(tampered, "utf-8")
    code, found = rules_in_check(closed)
    assert code == 1 and "R17" in found
    text = runner.invoke(app, ["check", str(closed)]).output
    assert f"已结账月份 {MONTH} 的账目被改动" in text and "society.beancount:" in text

    ok(["reopen", str(closed), MONTH, "--reason", "更正救助金额录入错误"])
    assert "R17" not in rules_in_check(closed)[1]
    assert 'reason: "更正救助金额录入错误"' in (closed / "society.beancount").read_text("utf-8")

    path.write_text(original, "utf-8")  # the correction
    ok(["close", str(closed), MONTH])
    assert rules_in_check(closed) == (0, [])


def test_changed_metadata_breaks_the_seal(closed):
    path = month_file(closed)
    path.write_text(path.read_text("utf-8").replace('source: "', 'source: "改', 1), "utf-8")
    assert "R17" in rules_in_check(closed)[1]


def test_recording_into_a_closed_month_is_refused(closed, digest):
    before = {k: v for k, v in digest(closed).items() if k != LOCK}
    message = fails(
        [
            "record",
            "donation",
            str(closed),
            "100",
            "--donor",
            "张三",
            "--channel",
            "现金",
            "--date",
            f"{MONTH}-20",
        ]
    )
    assert f"已结账月份 {MONTH}" in message
    assert {k: v for k, v in digest(closed).items() if k != LOCK} == before


def test_refusals_of_close_and_reopen(closed, society_copy):
    assert "已经结账" in fails(["close", str(closed), MONTH])
    this_month = datetime.date.today().strftime("%Y-%m")
    assert "尚未结束" in fails(["close", str(closed), this_month])
    # One month parser for every command: 2025-3 is March 2025 here as in `jjn report filing`.
    assert "2025-03 已经结账" in fails(["close", str(closed), "2025-3"])
    assert "格式不对" in fails(["close", str(closed), "2025-13"])
    assert "格式不对" in fails(["close", str(closed), "2025/03"])
    assert "没有结账" in fails(["reopen", str(closed), "2025-04", "--reason", "x"])
    assert "须写明原因" in fails(["reopen", str(closed), MONTH, "--reason", " "])
    assert "找不到互助社账本" in fails(["close", str(closed / "nothing"), MONTH])
