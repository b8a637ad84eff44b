"""Roll-ups that never reload: a write leaves the summary behind; a day never invalidates it.

The summary cache is keyed by the books' content only. A verdict that depends on the day (a
deadline passing: R2 seed fund, R6 先行救助 investigation) makes the summary say until when it
holds (``expires``); after that day it is computed again, and only then.
"""

from __future__ import annotations

import datetime
import shutil

import pytest
from cli_kit import ok

from jjn_ledger.county import engine
from jjn_ledger.county.summary import SocietySummary
from jjn_ledger.ledger import cache as summary_cache
from jjn_ledger.ledger import clock, layout
from jjn_ledger.ledger.cache import cached_map, serial


@pytest.fixture(autouse=True)
def default_cache_place(monkeypatch):
    monkeypatch.delenv(summary_cache.CACHE_ENV, raising=False)


@pytest.fixture
def county(tmp_path, sample_county):
    root = tmp_path / "county"
    for slug in ("taoyuan", "xihe"):
        shutil.copytree(sample_county / slug, root / slug)
    return root


def roll_up(root):
    folders = list(layout.society_folders(root))
    return cached_map(
        folders, engine.summarise, serial, SocietySummary, engine.readable, engine.fresh
    )


def left_behind(folder):
    adapter = summary_cache._adapter(SocietySummary)
    return summary_cache._read(
        summary_cache.cache_file(folder), summary_cache.ledger_key(folder), adapter
    )


def test_a_write_leaves_a_summary_equal_to_a_cold_computation(county):
    folder = county / "taoyuan"
    ok(
        [
            "record",
            "donation",
            str(folder),
            "200",
            "--donor",
            "孙丽",
            "--channel",
            "银行转账",
            "--date",
            "2026-11-20",
        ]
    )
    ok(
        [
            "record",
            "aid",
            str(folder),
            "--person",
            "P004",
            "--category",
            "应急救助",
            "--amount",
            "300",
            "--cause",
            "意外事故",
            "--matter",
            "2026-11 摔伤",
            "--accepted",
            "2026-11-23",
            "--investigated",
            "2026-11-23",
            "--approved",
            "2026-11-23",
            "--paid",
            "2026-11-23",
            "--form",
            "转账",
        ]
    )
    summary = left_behind(folder)
    assert summary is not None, "the write left no summary"
    assert summary == engine.summarise(folder)
    rows, loaded = roll_up(county)
    assert loaded == 1  # xihe, never written through jjn; taoyuan's summary is read
    assert rows[0] == summary


def test_a_hand_edit_is_detected_and_reloaded(county):
    folder = county / "taoyuan"
    ok(
        [
            "record",
            "donation",
            str(folder),
            "200",
            "--donor",
            "孙丽",
            "--channel",
            "银行转账",
            "--date",
            "2026-11-20",
        ]
    )
    book = folder / "books" / "2026-11.beancount"
    book.write_text(
        book.read_text("utf-8")
        + '\n2026-11-21 * "钱芳" "社会捐赠"\n  donor: "钱芳"\n  channel: "银行转账"\n'
        "  Assets:1002-银行存款:01-基本户  700.00 CNY\n  Income:4101-捐赠收入:02-社会捐赠\n",
        "utf-8",
    )
    assert left_behind(folder) is None  # the key no longer matches
    rows, loaded = roll_up(county)
    assert loaded == 2
    assert rows[0].donations["2026-11"] == engine.summarise(folder).donations["2026-11"]
    assert rows[0].donations["2026-11"] >= 900


def test_a_new_day_alone_reloads_nothing(county):
    _, loaded = roll_up(county)
    assert loaded == 2
    with clock.pinned(datetime.date.today() + datetime.timedelta(days=40)):
        _, loaded = roll_up(county)
    assert loaded == 0


def test_a_deadline_passing_reloads_that_society_and_changes_its_verdict(county):
    folder = county / "fresh"
    ok(
        [
            "society",
            "new",
            str(folder),
            "--county",
            "示例县",
            "--township",
            "仁和镇",
            "--village",
            "新村",
            "--registration",
            "登记",
            "--registered",
            "2026-11-02",
            "--credit-code",
            "51349900MJB000019Y",
        ]
    )
    ok(
        [
            "record",
            "subsidy",
            str(folder),
            "10000",
            "--document",
            "示财社〔2026〕5号",
            "--fund-line",
            "2080299 其他民政管理事务支出",
            "--date",
            "2026-11-10",
        ]
    )
    with clock.pinned(datetime.date(2026, 11, 30)):
        before = engine.summarise(folder)
    assert "R2" not in before.errors  # still collecting: not yet in breach
    assert before.expires is not None and before.expires > datetime.date(2026, 11, 30)
    with clock.pinned(before.expires - datetime.timedelta(days=1)):
        assert engine.fresh(before)
    with clock.pinned(before.expires):
        assert not engine.fresh(before)
        after = engine.summarise(folder)
    assert after.errors.get("R2") == 1
    assert after.expires is None
