"""Tamper evidence for what went public: a posted notice and a township filing (R10).

Deleting an aid payment that a posted notice listed, or editing an amount after the month was
filed, must be caught by ``jjn check``; adding a voucher number later must not.
"""

from __future__ import annotations

import json
import re

from cli_kit import said
from typer.testing import CliRunner

from jjn_ledger.cli import app

runner = CliRunner()


def check_rules(folder) -> list[str]:
    result = runner.invoke(app, ["check", str(folder), "--json"])
    return [e["rule"] + " " + e["message"] for e in json.loads(result.output)[0]["errors"]]


def drop_first_transaction(path, payee_pattern: str) -> None:
    """Delete, by hand, the first transaction whose header matches (up to the next blank line)."""
    text = path.read_text("utf-8")
    m = re.search(rf"^\d{{4}}-\d\d-\d\d \* {payee_pattern}.*?(?:\n\n|\Z)", text, re.M | re.S)
    assert m, payee_pattern
    path.write_text(text[: m.start()] + text[m.end() :], "utf-8")


def test_deleting_aid_listed_on_a_posted_notice_is_caught(society_copy):
    folder = society_copy("liushu")
    assert check_rules(folder) == []
    # The 2026-10 aid payment is listed on the notice posted 2026-11-04 (sample's stamp).
    drop_first_transaction(folder / "books" / "2026-10.beancount", '"董珍"')
    errors = check_rules(folder)
    assert any(e.startswith("R10 ") and "2026-10 的公示已于" in e and "被改动" in e for e in errors)


def test_editing_an_amount_after_filing_is_caught(society_copy, digest):
    folder = society_copy("liushu")
    result = runner.invoke(
        app, ["record", "filing", str(folder), "2026-10", "--filed", "2026-11-05"]
    )
    assert result.exit_code == 0, result.output
    assert "内容已固定" in result.output
    assert check_rules(folder) == []
    month = folder / "books" / "2026-10.beancount"
    text = month.read_text("utf-8")
    donation = re.search(r'"徐燕华" "社会捐赠"\n(?:  .*\n)*?  Assets:\S+\s+([\d.]+) CNY', text)
    assert donation
    start, end = donation.span(1)
    month.write_text(text[:start] + "9999.00" + text[end:], "utf-8")
    errors = check_rules(folder)
    assert any(e.startswith("R10 ") and "2026-10 的报备已于 2026-11-05" in e for e in errors)


def test_voucher_numbers_added_after_filing_are_not_a_change(society_copy):
    folder = society_copy("liushu")
    runner.invoke(app, ["record", "filing", str(folder), "2026-10", "--filed", "2026-11-05"])
    result = runner.invoke(app, ["voucher", "number", str(folder), "2026-10"])
    assert result.exit_code == 0, result.output
    assert "voucher:" in (folder / "books" / "2026-10.beancount").read_text("utf-8")
    assert check_rules(folder) == []


def test_notice_is_recorded_once_and_only_for_a_month_with_aid(society_copy, digest):
    folder = society_copy("liushu")
    before = digest(folder)
    again = runner.invoke(
        app, ["record", "notice", str(folder), "2026-10", "--posted", "2026-11-04"]
    )
    assert again.exit_code != 0 and "已有公示记录" in said(again)
    bad = runner.invoke(app, ["record", "notice", str(folder), "2026-13", "--posted", "2026-11-04"])
    assert bad.exit_code != 0 and "月份" in said(bad)
    assert digest(folder) == before


def test_recorded_notice_is_stamped_and_judged(society_copy):
    folder = society_copy("liushu")
    month = folder / "books" / "2026-11.beancount"
    text = month.read_text("utf-8")
    notice = re.search(
        r'^2026-11-04 custom "jjn-notice" "2026-10".*?(?:\n\n|\Z)', text, re.M | re.S
    )
    assert notice
    month.write_text(text[: notice.start()] + text[notice.end() :], "utf-8")  # not yet recorded
    result = runner.invoke(
        app,
        [
            "record",
            "notice",
            str(folder),
            "2026-10",
            "--posted",
            "2026-11-04",
            "--removed",
            "2026-11-11",
        ],
    )
    assert result.exit_code == 0, result.output
    written = month.read_text("utf-8")
    assert (
        'custom "jjn-notice" "2026-10"' in written
        and "digest:" in written
        and "listed: 1" in written
    )
    assert check_rules(folder) == []


def _without_notice(folder, month: str, posted_in: str):
    path = folder / "books" / f"{posted_in}.beancount"
    text = path.read_text("utf-8")
    m = re.search(rf'^\S+ custom "jjn-notice" "{month}".*?(?:\n\n|\Z)', text, re.M | re.S)
    assert m
    path.write_text(text[: m.start()] + text[m.end() :], "utf-8")


def test_take_down_is_recorded_later_and_judged(society_copy, digest):
    folder = society_copy("liushu")
    _without_notice(folder, "2026-10", "2026-11")
    args = ["record", "notice", str(folder), "2026-10", "--posted", "2026-11-04"]
    assert runner.invoke(app, args).exit_code == 0  # up, not yet down: not judged short
    assert check_rules(folder) == []

    before = digest(folder)
    early = runner.invoke(
        app, ["record", "notice-removed", str(folder), "2026-10", "--removed", "2026-11-01"]
    )
    assert early.exit_code != 0 and "不能早于张贴日期" in said(early)
    assert digest(folder) == before

    short = runner.invoke(
        app, ["record", "notice-removed", str(folder), "2026-10", "--removed", "2026-11-08"]
    )
    assert short.exit_code == 0, said(short)
    assert any("只张贴了 4 天" in e for e in check_rules(folder))  # 7 required (R10)

    again = runner.invoke(
        app, ["record", "notice-removed", str(folder), "2026-10", "--removed", "2026-11-12"]
    )
    assert again.exit_code != 0 and "已登记撤下日期" in said(again)


def test_take_down_needs_a_posted_notice(society_copy):
    folder = society_copy("liushu")
    _without_notice(folder, "2026-10", "2026-11")
    result = runner.invoke(
        app, ["record", "notice-removed", str(folder), "2026-10", "--removed", "2026-11-12"]
    )
    assert result.exit_code != 0 and "还没有公示记录" in said(result)
