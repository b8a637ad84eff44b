"""Beancount's own errors reach the treasurer in Chinese (with the original kept for search)."""

from __future__ import annotations

import json

from cli_kit import fails, runner

from jjn_ledger.cli import app
from jjn_ledger.ledger.beancount_messages import in_chinese


def test_a_wrong_cash_count_is_refused_in_chinese(society_copy, digest):
    folder = society_copy("liushu")
    before = digest(folder)
    # A count is a balance assertion dated the next day; the sample asserts its own cash on
    # 2026-11-01, so a different count for 2026-10-31 contradicts it.
    message = fails(["record", "count", str(folder), "999", "--date", "2026-10-31"])
    assert "同一天对同一科目有两个不同的余额核对" in message
    message = fails(["record", "count", str(folder), "999", "--date", "2026-11-10"])
    assert (
        "余额核对不符" in message and "Assets:1001-现金" in message and "应为 999.00 CNY" in message
    )
    assert digest(folder) == before


def test_jjn_check_shows_beancount_errors_in_chinese(society_copy):
    folder = society_copy("liushu")
    accounts = folder / "accounts.beancount"
    text = accounts.read_text("utf-8")
    accounts.write_text(
        text.replace(
            "open Expenses:5101-业务活动成本:01-补充救助",
            "open Expenses:5101-业务活动成本:99-已改名",
        ),
        "utf-8",
    )
    report = json.loads(runner.invoke(app, ["check", str(folder), "--json"]).output)[0]
    assert any(e["message"].startswith("使用了未开设的科目") for e in report["errors"])


def test_unknown_messages_pass_through():
    assert in_chinese("[R7 救助标准与频次] 超标") == "[R7 救助标准与频次] 超标"
    assert in_chinese("something else") == "something else"


def test_every_known_message_translates_without_error():
    samples = [
        "Balance failed for 'Assets:1001-现金': expected 0.00 CNY != accumulated 100.00 CNY"
        " (100.00 too much)",
        "Balance failed for 'Assets:1001-现金': expected 5.00 CNY != accumulated 1.00 CNY"
        " (4.00 too little)",
        "Transaction does not balance: (-1.00 CNY)",
        "Invalid reference to unknown account 'Expenses:X'",
        "Invalid reference to inactive account 'Expenses:X'",
        "Duplicate open directive for Assets:X",
        "Duplicate balance assertion with different amounts",
        "Invalid currency USD for account 'Assets:X'",
        'File glob "books/*.beancount" does not match any files',
    ]
    for text in samples:
        out = in_chinese(text)
        assert out != text and "（Beancount：" in out
    assert "少 4.00" in in_chinese(samples[1])
