"""jjn record …: each kind lands and keeps the books clean; each bad input changes nothing."""

from __future__ import annotations

import datetime
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
from cli_kit import fails, ok
from typer.testing import CliRunner

from jjn_ledger.cli import app
from jjn_ledger.ledger.chart import load_chart
from jjn_ledger.ledger.load import load

runner = CliRunner()
ACC = load_chart().account
TODAY = datetime.date.today()


def month_text(folder: Path, day: datetime.date = TODAY) -> str:
    return (folder / "books" / f"{day:%Y-%m}.beancount").read_text("utf-8")


def balance(folder: Path, key: str) -> Decimal:
    account = ACC(key)
    return sum(
        (
            p.units.number
            for e in load(folder).entries
            for p in getattr(e, "postings", [])
            if p.account == account
        ),
        Decimal(0),
    )


def clean(folder: Path) -> None:
    result = runner.invoke(app, ["check", str(folder)])
    assert result.exit_code == 0, result.output


@pytest.fixture
def taoyuan(society_copy) -> Path:
    return society_copy("taoyuan")


def test_money_in_and_bank_items_all_land_clean(taoyuan):
    f = str(taoyuan)
    ok(
        [
            "record",
            "subsidy",
            f,
            "5000",
            "--document",
            "示财社〔2026〕3号",
            "--fund-line",
            "2080299 其他民政管理事务支出",
        ]
    )
    ok(["record", "collective", f, "2000"])
    ok(["record", "donation", f, "300", "--donor", "匿名", "--channel", "微信"])
    ok(
        [
            "record",
            "donation",
            f,
            "1000",
            "--donor",
            "仁和镇爱心企业协会",
            "--channel",
            "银行转账",
            "--purpose",
            "重大疾病",
            "--receipt",
            "皖捐2026000123",
        ]
    )
    ok(["record", "cash-draw", f, "500"])
    ok(["record", "cash-return", f, "200"])
    ok(["record", "interest", f, "12.34"])
    ok(["record", "bank-fee", f, "30"])
    text = month_text(taoyuan)
    assert 'fund-line: "2080299 其他民政管理事务支出"' in text
    assert "Assets:1009-其他货币资金:01-网络收款" in text  # WeChat money is not the bank's
    assert "Income:4101-捐赠收入:03-定向捐赠" in text and 'purpose: "重大疾病"' in text
    assert "Income:4101-捐赠收入:01-村集体经济支持" in text
    clean(taoyuan)


def test_cash_count_is_a_balance_assertion(taoyuan, digest):
    cash = balance(taoyuan, "cash")
    before = digest(taoyuan)
    day = TODAY.isoformat()  # named, so a run across midnight counts the same day
    message = fails(["record", "count", str(taoyuan), str(cash + 1), "--date", day])
    assert "Balance failed" in message and "账本未改动" in message
    assert digest(taoyuan) == before
    ok(["record", "count", str(taoyuan), str(cash), "--date", day])
    tomorrow = TODAY + datetime.timedelta(days=1)
    assert f"{tomorrow} balance Assets:1001-现金" in month_text(taoyuan, tomorrow)
    clean(taoyuan)


def test_in_kind_with_and_without_a_reliable_value(taoyuan):
    f = str(taoyuan)
    ok(
        [
            "record",
            "donation-in-kind",
            f,
            "--donor",
            "县慈善超市",
            "--item",
            "大米",
            "--quantity",
            "10 袋",
            "--value",
            "600",
            "--valuation",
            "发票金额",
        ]
    )
    ok(
        [
            "record",
            "donation-in-kind",
            f,
            "--donor",
            "张三",
            "--item",
            "旧衣物",
            "--quantity",
            "2 箱",
        ]
    )
    text = month_text(taoyuan)
    assert "Assets:1201-存货:01-捐赠物资" in text and 'valuation: "发票金额"' in text
    assert 'custom "jjn-in-kind" "旧衣物"' in text and 'quantity: "2 箱"' in text
    no_value = ["record", "donation-in-kind", f, "--donor", "张三", "--item", "书"]
    assert "无可靠价值" in fails(no_value)
    clean(taoyuan)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            [
                "subsidy",
                "5000",
                "--document",
                "示民〔2026〕1号",
                "--fund-line",
                "2082001 临时救助支出",
            ],
            "[R3 补助资金来源]",
        ),
        (
            [
                "subsidy",
                "5000",
                "--document",
                "示民〔2026〕1号",
                "--fund-line",
                "2080299 其他",
                "--date",
                "2026-13-01",
            ],
            "日期格式应为 YYYY-MM-DD",
        ),
        (["donation", "100.005", "--donor", "张三", "--channel", "现金"], "最多保留两位小数"),
        (["donation", "0", "--donor", "张三", "--channel", "现金"], "应大于 0"),
        (["donation", "一百", "--donor", "张三", "--channel", "现金"], "应为数字金额"),
        (
            ["donation", "100", "--donor", "张三", "--channel", "邮寄"],
            "渠道：“邮寄”无效，应为：现金、银行转账",
        ),
        (["donation", "100", "--donor", "张三", "--channel", "公开募捐"], "未取得公开募捐资格"),
        (["donation", "100", "--donor", "张三", "--channel", "现金", "--restricted"], "须写明用途"),
        (["cash-draw", "90000"], "[R9 备用金]"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_changes_nothing(taoyuan, digest, args, expected):
    before = digest(taoyuan)
    message = fails(["record", args[0], str(taoyuan), *args[1:]])
    assert expected in message
    assert digest(taoyuan) == before


def test_missing_folder_through_the_real_entry_point(tmp_path):
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "jjn_ledger",
            "record",
            "donation",
            str(tmp_path / "none"),
            "100",
            "--donor",
            "张三",
            "--channel",
            "现金",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "找不到互助社账本" in proc.stderr and "Traceback" not in proc.stderr


def test_a_rule_refusal_exits_1_with_the_message_on_stderr(taoyuan, digest):
    before = digest(taoyuan)
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "jjn_ledger",
            "record",
            "subsidy",
            str(taoyuan),
            "100",
            "--document",
            "示民〔2026〕1号",
            "--fund-line",
            "2081901 城市最低生活保障金支出",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert proc.stderr.startswith("错误：拒绝写入") and "R3" in proc.stderr
    assert digest(taoyuan) == before


def test_one_record_takes_well_under_two_seconds(taoyuan):
    start = time.perf_counter()
    ok(["record", "donation", str(taoyuan), "100", "--donor", "张三", "--channel", "现金"])
    assert time.perf_counter() - start < 2.0
