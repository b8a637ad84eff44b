"""`jjn reconcile`: the bank's statement against the bank book, read back and checked by hand.

The books are the ledger_kit society (bank 27,000.00 at the end of March 2024) plus April:
a 500 gift (on the statement), a 1,500 petty-cash draw booked on the 14th that the bank shows on
the 15th (matched within the window), and a 300 printing bill paid by transfer on the 29th that
the bank has not yet paid out. The statement (tests/data/reconcile/) also has a 5.00 account fee
the books do not have. So: exactly two 未达账项, and adjusted balances 25,695.00 on both sides.
"""

from __future__ import annotations

import csv
import datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from beancount import loader
from ledger_kit import HEADER, PLUGINS, with_plugins
from typer.testing import CliRunner

from jjn_ledger.cli import app
from jjn_ledger.errors import JjnError
from jjn_ledger.importers.rows import Row
from jjn_ledger.importers.statement import StatementRow
from jjn_ledger.reports import bank_matching as reconcile

runner = CliRunner()
DATA = Path(__file__).parent / "data" / "reconcile"
BANK = "Assets:1002-银行存款:01-基本户"

APRIL = """
2024-04-02 * "刘德华" "社会捐赠"
  donor: "刘德华"
  channel: "银行转账"
  Assets:1002-银行存款:01-基本户   500.00 CNY
  Income:4101-捐赠收入:02-社会捐赠
2024-04-14 * "" "从银行提取备用金"
  Assets:1001-现金   1500.00 CNY
  Assets:1002-银行存款:01-基本户
2024-04-29 * "县印刷厂" "公示栏印刷费（转账）"
  Expenses:5201-管理费用:02-公示印刷费   300.00 CNY
  Assets:1002-银行存款:01-基本户
"""


@pytest.fixture
def society(tmp_path: Path) -> Path:
    folder = tmp_path / "taoyuan"
    folder.mkdir()
    text = with_plugins(HEADER + APRIL, plugins=PLUGINS)
    (folder / "main.beancount").write_text(text, "utf-8")
    return folder


def book_balance(folder: Path, end: datetime.date) -> Decimal:
    """The bank book's balance, summed straight from Beancount's entries."""
    entries, errors, _ = loader.load_file(str(folder / "main.beancount"))
    assert not errors
    return sum(
        (
            p.units.number
            for e in entries
            if hasattr(e, "postings") and e.date <= end
            for p in e.postings
            if p.account == BANK
        ),
        Decimal(0),
    )


def last_statement_balance(path: Path) -> Decimal:
    with path.open(encoding="utf-8-sig") as handle:
        rows = [r for r in csv.reader(handle) if r and r[0][:4].isdigit() and r[0][4] == "-"]
    return Decimal(rows[-1][4].replace(",", ""))


def run(args: list[str]) -> tuple[int, str, BaseException | None]:
    result = runner.invoke(app, args)
    return result.exit_code, result.output, result.exception


def sheet_rows(path: Path) -> list[tuple[object, ...]]:
    wb = openpyxl.load_workbook(path)
    ws = wb["银行存款余额调节表"]
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.page_setup.fitToWidth == 1 and ws.print_area
    return [tuple(r) for r in ws.iter_rows(values_only=True)]


def row_starting(rows: list[tuple[object, ...]], text: str) -> tuple[object, ...]:
    found = [r for r in rows if isinstance(r[0], str) and r[0].startswith(text)]
    assert len(found) == 1, (text, found)
    return found[0]


def test_fee_missing_from_books_and_unpresented_transfer_reconcile(society, tmp_path, digest):
    before = digest(society)
    statement = DATA / "statement-2024-04.csv"
    out = tmp_path / "rec.xlsx"
    code, output, exc = run(["reconcile", str(society), str(statement), "2024-04", "-o", str(out)])
    assert code == 0, (output, exc)
    assert digest(society) == before

    books = book_balance(society, datetime.date(2024, 4, 30))
    bank = last_statement_balance(statement)
    assert (books, bank) == (Decimal("25700.00"), Decimal("25995.00"))
    fee, transfer = Decimal("5.00"), Decimal("300.00")

    rows = sheet_rows(out)
    first = row_starting(rows, "银行存款日记账余额")
    assert (Decimal(str(first[1])), first[2], Decimal(str(first[3]))) == (
        books,
        "银行对账单余额",
        bank,
    )
    received = row_starting(rows, "加：银行已收、企业未收")
    paid = row_starting(rows, "减：银行已付、企业未付")
    assert (received[1], Decimal(str(received[3]))) == (0, Decimal(0))
    assert (Decimal(str(paid[1])), Decimal(str(paid[3]))) == (fee, transfer)
    adjusted = [r for r in rows if r[0] == "调节后余额"]
    assert len(adjusted) == 1
    assert Decimal(str(adjusted[0][1])) == Decimal(str(adjusted[0][3])) == books - fee
    assert books - fee == bank - transfer

    details = [r for r in rows if isinstance(r[0], str) and "  2024-" in r[0]]
    assert [(r[0], Decimal(str(r[1]))) for r in details] == [
        ("银行已付、企业未付  2024-04-21", fee),
        ("企业已付、银行未付  2024-04-29", transfer),
    ]
    assert "账户管理费" in details[0][2] and "公示栏印刷费" in details[1][2]
    assert any(isinstance(r[0], str) and r[0].startswith("结论：调节后余额相等") for r in rows)
    assert "调节后余额相等" in output and "银行已付、企业未付" in output


def test_unexplained_difference_does_not_reconcile(society, tmp_path, digest):
    before = digest(society)
    out = tmp_path / "rec.xlsx"
    statement = DATA / "statement-2024-04-unexplained.csv"
    code, output, _ = run(["reconcile", str(society), str(statement), "2024-04", "-o", str(out)])
    assert code == 1
    assert "对账不平" in output and "相差 100.00 元" in output
    rows = sheet_rows(out)
    adjusted = next(r for r in rows if r[0] == "调节后余额")
    assert Decimal(str(adjusted[3])) - Decimal(str(adjusted[1])) == Decimal(100)
    assert any(isinstance(r[0], str) and "对账不平" in r[0] for r in rows)
    assert digest(society) == before


@pytest.mark.parametrize(
    ("statement", "month", "words"),
    [
        ("statement-other-account.csv", "2024-04", "不是本互助社"),
        ("statement-2024-04.csv", "2024-06", "没有 2024-06 的交易"),
        ("statement-2024-04.csv", "2024-4月", "格式不对"),
        ("no-such-file.csv", "2024-04", "找不到银行对账单文件"),
    ],
)
def test_bad_input_is_refused_in_chinese(society, tmp_path, digest, statement, month, words):
    before = digest(society)
    out = tmp_path / "rec.xlsx"
    code, _, exc = run(["reconcile", str(society), str(DATA / statement), month, "-o", str(out)])
    assert code != 0
    assert isinstance(exc, JjnError) and words in str(exc), exc
    assert not out.exists()
    assert digest(society) == before


def test_not_a_ledger(tmp_path):
    code, _, exc = run(["reconcile", str(tmp_path), str(DATA / "statement-2024-04.csv"), "2024-04"])
    assert code != 0 and isinstance(exc, JjnError) and "main.beancount" in str(exc)


def line(day: int, amount: str, txid: str = "") -> StatementRow:
    return StatementRow(
        Row("statement.csv", 1, {}),
        datetime.date(2024, 4, day),
        Decimal(amount),
        None,
        "",
        "",
        txid,
        "bank-x",
    )


def test_reference_wins_over_closer_date_and_matching_is_one_to_one():
    """Two 500 gifts in the books (the 2nd and the 3rd); the bank's line of the 3rd carries the
    流水号 that the book entry of the 2nd recorded, so it is that one; the other stays open."""
    entries, _, _ = loader.load_string(
        HEADER.replace("{PLUGINS}", "")
        + """
2024-04-02 * "甲" "社会捐赠"
  bank-ref: "NS1"
  Assets:1002-银行存款:01-基本户   500.00 CNY
  Income:4101-捐赠收入:02-社会捐赠
2024-04-03 * "乙" "社会捐赠"
  Assets:1002-银行存款:01-基本户   500.00 CNY
  Income:4101-捐赠收入:02-社会捐赠
"""
    )
    books = reconcile.book_lines(
        entries, BANK, datetime.date(2024, 4, 1), datetime.date(2024, 4, 30)
    )
    matches = reconcile.match([line(3, "500.00", "NS1")], books, 5)
    assert [(m.book.entry.payee, m.by_reference) for m in matches] == [("甲", True)]
    # Without a reference the closest date wins; a line matches one posting only.
    matches = reconcile.match([line(3, "500.00"), line(6, "500.00")], books, 5)
    assert sorted((m.statement.date.day, m.book.entry.payee) for m in matches) == [
        (3, "乙"),
        (6, "甲"),
    ]
    # Out of the window, or the other direction: no match.
    assert reconcile.match([line(20, "500.00"), line(3, "-500.00")], books, 5) == []


def test_xlsx_statement_reads_like_the_csv(society, tmp_path):
    """The bank's XLSX export, rows the same as the CSV's: the same table."""
    with (DATA / "statement-2024-04.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append([c if not c.replace(".", "").isdigit() else float(c) for c in row])
    statement = tmp_path / "statement.xlsx"
    wb.save(statement)
    result = reconcile.reconcile_files(society, statement, "2024-04")
    assert result.balanced and result.adjusted_book == Decimal("25695.00")
    assert [s.amount for s in result.bank_paid] == [Decimal("-5.00")]
    assert [b.amount for b in result.book_paid] == [Decimal("-300.00")]
