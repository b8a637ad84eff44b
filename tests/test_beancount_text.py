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
    # A message no pattern knows still opens in Chinese; the original is kept for search.
    assert in_chinese("something else") == "账本有误（Beancount：something else）"


def test_syntax_errors_in_chinese(tmp_path):
    """A narration typed without quotes: Beancount says "Invalid token" — the reader gets why."""
    from beancount import loader

    bad = tmp_path / "bad.beancount"
    bad.write_text(
        "2024-01-01 open Assets:1001-现金 CNY\n2024-01-01 open Expenses:5201-管理费用 CNY\n"
        '2024-01-05 * "打印店" 公示打印费\n  Expenses:5201-管理费用   30.00 CNY\n'
        "  Assets:1001-现金\n2024-13-06 open Assets:1002-银行存款 CNY\n"
        '2024-01-06 * "x" "y"\n  Expenses:5201-管理费用   30.00 CNY CNY\n  Assets:1001-现金\n',
        "utf-8",
    )
    _, errors, _ = loader.load_file(str(bad))
    said = [in_chinese(e.message) for e in errors]
    assert any(m.startswith("无法识别“公示打印费”：文字") and "双引号" in m for m in said), said
    assert any(m.startswith("日期无效：月份应在 1 至 12 之间") for m in said), said
    assert any(m.startswith("语法错误：此处不应出现币种") for m in said), said
    assert all(not m[:1].isascii() for m in said), said


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
