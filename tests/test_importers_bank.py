"""The bank, WeChat and Alipay importers: what they book, what they refuse to guess, bad files."""

from __future__ import annotations

import datetime
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from beancount.core import data

from jjn_ledger.importers.alipay import AlipayImporter
from jjn_ledger.importers.bank import BankImporter
from jjn_ledger.importers.cells import parse_amount
from jjn_ledger.importers.common import ImportFileError, UnclassifiedRows
from jjn_ledger.importers.wechat import WeChatImporter
from jjn_ledger.ledger.chart import load_chart

DATA = Path(__file__).parent / "data" / "import"
CHART = load_chart()
HEADER = "交易日期,摘要,收入,支出,余额,对方户名,流水号\n"


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_unknown_rows_are_reported_with_file_and_line_never_guessed() -> None:
    found = BankImporter().parse(str(DATA / "statement.csv"))
    assert [(p.lineno, Path(p.filename).name) for p in found.unknown] == [
        (8, "statement.csv"),
        (9, "statement.csv"),
    ]
    subsidy, transfer = (str(p) for p in found.unknown)
    assert subsidy.startswith("第 8 行（statement.csv:8）：来自“示例县财政局”")
    assert "文号和预算科目" in subsidy
    assert transfer.startswith("第 9 行（statement.csv:9）：向“王秀英”支出 800.00 元")
    booked = {e.meta["lineno"] for e in found.entries}
    assert not booked & {8, 9}
    # Nothing books the subsidy or the transfer out without the treasurer.
    accounts = {
        p.account for e in found.entries if isinstance(e, data.Transaction) for p in e.postings
    }
    assert CHART.account("county_subsidy") not in accounts
    assert not {CHART.account("aid_supplementary"), CHART.account("aid_emergency")} & accounts


def test_extract_refuses_a_file_with_unknown_rows() -> None:
    with pytest.raises(UnclassifiedRows) as caught:
        BankImporter().extract(str(DATA / "statement.csv"), [])
    assert "第 8 行（statement.csv:8）" in str(caught.value)
    assert "--skip-unknown" in str(caught.value)


def test_skipping_unknown_rows_drops_the_balance_assertion() -> None:
    """With rows left out, the bank's running balance cannot agree with the books."""
    entries = BankImporter(skip_unknown=True).extract(str(DATA / "statement.csv"), [])
    assert entries and not any(isinstance(e, data.Balance) for e in entries)


def test_a_fully_booked_statement_ends_with_the_banks_balance() -> None:
    entries = BankImporter().extract(str(DATA / "statement-gbk.csv"), [])
    last = entries[-1]
    assert isinstance(last, data.Balance)
    assert last.date == datetime.date(2026, 11, 26)
    assert last.amount.number == Decimal("39386.35")
    assert last.account == CHART.account("bank")


def test_newest_first_xlsx_is_booked_oldest_first_and_formulas_stay_text() -> None:
    entries = BankImporter().extract(str(DATA / "statement.xlsx"), [])
    txns = [e for e in entries if isinstance(e, data.Transaction)]
    assert [t.date for t in txns] == sorted(t.date for t in txns)
    balance = entries[-1]
    assert isinstance(balance, data.Balance) and balance.amount.number == Decimal("21274.50")
    odd = next(t for t in txns if t.date == datetime.date(2026, 12, 12))
    assert odd.meta["donor"] == '=HYPERLINK("http://example.com","赵")'
    assert odd.narration.endswith("=1+1）")  # the formula's text, not 2


def test_same_looking_rows_get_different_ids() -> None:
    entries = BankImporter().extract(str(DATA / "statement-gbk.csv"), [])
    first, second = entries[0], entries[1]
    assert (first.date, first.payee) == (second.date, second.payee)
    assert first.meta["import-id"] != second.meta["import-id"]


def test_wechat_books_received_money_and_sorts_out_the_rest() -> None:
    found = WeChatImporter().parse(str(DATA / "wechat.csv"))
    assert [(e.meta["donor"], e.meta["channel"]) for e in found.entries] == [
        ("张**", "微信"),
        ("李**", "微信"),
        ("匿名", "微信"),
    ]
    assert all(e.postings[0].account == CHART.account("wallet") for e in found.entries)
    assert [p.lineno for p in found.skipped] == [20, 23]  # returned by the friend; withdrawal
    assert [p.lineno for p in found.unknown] == [22, 24]  # money paid out; pending state


def test_alipay_reads_gbk_and_books_only_successful_income() -> None:
    found = AlipayImporter().parse(str(DATA / "alipay.csv"))
    assert [e.meta["donor"] for e in found.entries] == ["李**", "钱**", "匿名"]
    assert sum(e.postings[0].units.number for e in found.entries) == Decimal("700.00")
    assert "交易关闭" in str(found.skipped[0])
    assert "支出 50.00 元" in str(found.unknown[0])


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1,234.50", Decimal("1234.50")),
        ("¥200.00", Decimal("200.00")),
        ("", None),
        (12, Decimal(12)),
    ],
)
def test_amounts(value: object, expected: Decimal | None) -> None:
    assert parse_amount(value) == expected


# --- files that cannot be imported --------------------------------------------------------------


def test_wrong_encoding(tmp_path: Path) -> None:
    text = (DATA / "statement-gbk.csv").read_bytes().decode("gbk")
    bad = _write(tmp_path / "utf16.csv", text, "utf-16")
    with pytest.raises(ImportFileError, match="文件编码无法识别"):
        BankImporter().parse(str(bad))


def test_missing_columns(tmp_path: Path) -> None:
    bad = _write(
        tmp_path / "nobalance.csv", "交易日期,摘要,收入,支出,对方户名\n2026-12-01,转账存入,5,,刘\n"
    )
    with pytest.raises(ImportFileError) as caught:
        BankImporter().parse(str(bad))
    assert "找不到银行流水的表头" in str(caught.value)
    assert "第 1 行的列是：交易日期、摘要、收入、支出、对方户名" in str(caught.value)


def test_truncated_file(tmp_path: Path) -> None:
    raw = (DATA / "statement-gbk.csv").read_bytes()
    bad = tmp_path / "cut.csv"
    bad.write_bytes(raw[: raw.index(b",2000.00") + 8])
    with pytest.raises(ImportFileError, match=r"第 7 行：这一行只有 3 列.*文件可能不完整"):
        BankImporter().parse(str(bad))


def test_file_cut_inside_a_character(tmp_path: Path) -> None:
    raw = (DATA / "statement-gbk.csv").read_bytes()
    bad = tmp_path / "cut.csv"
    bad.write_bytes(raw[: raw.index("现金支取".encode("gbk")) + 1])
    with pytest.raises(ImportFileError, match="文件在结尾处被截断"):
        BankImporter().parse(str(bad))


def test_text_in_the_amount_column(tmp_path: Path) -> None:
    bad = _write(tmp_path / "text.csv", HEADER + "2026-12-01,转账存入,三百元,,100.00,刘德华,A1\n")
    with pytest.raises(ImportFileError) as caught:
        BankImporter().parse(str(bad))
    assert str(caught.value) == "text.csv 第 2 行：“收入”列“三百元”不是金额"


def test_formula_in_the_amount_column_is_not_computed(tmp_path: Path) -> None:
    bad = _write(tmp_path / "formula.csv", HEADER + "2026-12-01,转账存入,=100+200,,100.00,刘,A1\n")
    with pytest.raises(ImportFileError, match="“=100\\+200”不是金额"):
        BankImporter().parse(str(bad))


def test_an_xlsx_that_is_really_a_csv(tmp_path: Path) -> None:
    fake = tmp_path / "statement.xlsx"
    shutil.copyfile(DATA / "statement.csv", fake)
    assert not BankImporter().identify(str(fake))
    with pytest.raises(
        ImportFileError, match=r"不是有效的 Excel（\.xlsx）文件，可能是改了扩展名的 CSV"
    ):
        BankImporter().parse(str(fake))


def test_a_bad_date(tmp_path: Path) -> None:
    bad = _write(tmp_path / "date.csv", HEADER + "12月1日,转账存入,5.00,,100.00,刘德华,A1\n")
    with pytest.raises(ImportFileError, match="第 2 行：“交易日期”列“12月1日”不是日期"):
        BankImporter().parse(str(bad))


def test_both_income_and_expense(tmp_path: Path) -> None:
    bad = _write(tmp_path / "both.csv", HEADER + "2026-12-01,转账,5.00,3.00,100.00,刘德华,A1\n")
    with pytest.raises(ImportFileError, match="“收入”或“支出”其中一列"):
        BankImporter().parse(str(bad))


def test_old_binary_excel_is_named(tmp_path: Path) -> None:
    old = tmp_path / "statement.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    with pytest.raises(ImportFileError, match=r"旧版 Excel（\.xls）文件"):
        BankImporter().parse(str(old))
