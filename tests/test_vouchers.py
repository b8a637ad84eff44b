"""Voucher numbers (jjn voucher number), printed vouchers (jjn report vouchers), rule R17 凭证编号.

Printed vouchers are read back with openpyxl and checked against the postings of the same
ledger loaded straight with Beancount's loader, and against words worked out here from the
account names (1001 现金, 1002 银行存款, 1009 其他货币资金 are money).
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from beancount import loader
from beancount.core import data
from cli_kit import fails, ok
from ledger_kit import errors_of, rules
from typer.testing import CliRunner

from jjn_ledger.cli import app
from jjn_ledger.errors import RuleViolation
from jjn_ledger.write import render as writer
from jjn_ledger.write import safe as safewrite

runner = CliRunner()
MONTH = "2024-04"  # taoyuan: receipts, payments and a gift in kind
MONEY = ("Assets:1001-", "Assets:1002-", "Assets:1009-")
VOUCHER_LINE = re.compile(r'^  voucher: "[收付转]-\d{4}-\d{2}-\d{3}"\n', re.M)


def ledger_transactions(folder: Path, month: str) -> list[data.Transaction]:
    entries, _, _ = loader.load_file(str(folder / "main.beancount"))
    return [
        e for e in entries if isinstance(e, data.Transaction) and e.date.strftime("%Y-%m") == month
    ]


def expected_word(txn: data.Transaction) -> str:
    signs = [p.units.number for p in txn.postings if p.account.startswith(MONEY)]
    if any(n < 0 for n in signs):
        return "付"
    return "收" if any(n > 0 for n in signs) else "转"


def read_vouchers(path: Path) -> dict[str, dict[str, object]]:
    """Each printed voucher: number, date, rows (general, detail, debit, credit), totals."""
    wb = openpyxl.load_workbook(path)
    ws = wb["记账凭证"]
    rows = [tuple(r) for r in ws.iter_rows(values_only=True)]
    out: dict[str, dict[str, object]] = {}
    i = 0
    while i < len(rows):
        if rows[i][0] != "记账凭证":
            i += 1
            continue
        number = re.search(r"[收付转]-\d{4}-\d{2}-\d{3}", rows[i + 1][0]).group(0)
        label = rows[i + 1][3]
        assert rows[i + 2][:5] == ("摘要", "总账科目", "明细科目", "借方金额", "贷方金额")
        lines = []
        j = i + 3
        while rows[j][0] != "合计":
            if rows[j][1]:
                lines.append((rows[j][1], rows[j][2] or "", money(rows[j][3]), money(rows[j][4])))
            j += 1
        totals = (money(rows[j][3]), money(rows[j][4]))
        attached = rows[j + 1][3]
        signers = rows[j + 2][:4]
        out[number] = {
            "label": label,
            "date": rows[i + 1][1],
            "lines": lines,
            "totals": totals,
            "attached": attached,
            "signers": signers,
        }
        i = j
    return out


def money(value: object) -> Decimal:
    return Decimal(0) if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def split(account: str) -> tuple[str, str]:
    parts = account.split(":")
    return parts[1].replace("-", " ", 1), "/".join(parts[2:])


def test_number_then_print_a_sample_month(society_copy, tmp_path):
    folder = society_copy("taoyuan")
    original = (folder / "books" / f"{MONTH}.beancount").read_text("utf-8")
    out = ok(["voucher", "number", str(folder), MONTH])
    assert "已为" in out

    # Only voucher lines were added: the rest of the file is byte for byte what it was.
    numbered = (folder / "books" / f"{MONTH}.beancount").read_text("utf-8")
    assert VOUCHER_LINE.sub("", numbered) == original

    txns = ledger_transactions(folder, MONTH)
    by_number = {t.meta["voucher"]: t for t in txns}
    assert len(by_number) == len(txns)
    series: dict[str, list[tuple[datetime.date, int]]] = defaultdict(list)
    for number, txn in by_number.items():
        word, _, _, seq = number.split("-")
        assert word == expected_word(txn), (number, txn.narration)
        series[word].append((txn.date, int(seq)))
    assert {"收", "付"} <= set(series)
    for items in series.values():
        assert sorted(n for _, n in items) == list(range(1, len(items) + 1))  # no gaps
        assert [n for _, n in sorted(items)] == sorted(n for _, n in items)  # date order

    path = tmp_path / "vouchers.xlsx"
    ok(["report", "vouchers", str(folder), MONTH, "-o", str(path)])
    printed = read_vouchers(path)
    assert set(printed) == set(by_number)
    for number, voucher in printed.items():
        txn = by_number[number]
        expected = sorted(
            (*split(p.account), max(p.units.number, Decimal(0)), max(-p.units.number, Decimal(0)))
            for p in txn.postings
        )
        assert sorted(voucher["lines"]) == expected, number
        debit, credit = voucher["totals"]
        assert debit == credit == sum(p.units.number for p in txn.postings if p.units.number > 0)
        word, _, _, seq = number.split("-")
        assert voucher["label"] == f"{word}字第 {seq} 号"
        assert voucher["date"] == f"{txn.date:%Y年%m月%d日}"
        assert voucher["attached"] == "附单据 ____ 张"  # no papers known: left for the pen
        assert voucher["signers"] == ("会计：", "出纳：", "审核：", "制单：")

    ws = openpyxl.load_workbook(path)["记账凭证"]
    assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.fitToWidth == 1
    assert ws.print_area and len(ws.row_breaks.brk) == len(printed) - 1


def test_list_shows_numbers_and_what_is_unnumbered(society_copy, digest):
    folder = society_copy("taoyuan")
    before = digest(folder)
    count = len(ledger_transactions(folder, MONTH))
    assert f"未编号 {count} 笔" in ok(["voucher", "list", str(folder), MONTH])
    assert digest(folder) == before
    ok(["voucher", "number", str(folder), MONTH])
    out = ok(["voucher", "list", str(folder), MONTH])
    assert "未编号 0 笔" in out and f"收-{MONTH}-001" in out


def test_numbering_twice_changes_nothing_and_new_entries_continue(society_copy, digest):
    folder = society_copy("taoyuan")
    ok(["voucher", "number", str(folder), MONTH])
    before = digest(folder)
    assert "没有需要编号" in ok(["voucher", "number", str(folder), MONTH])
    assert digest(folder) == before

    # A late gift in kind dated the 1st gets the next 转 number: numbers given never move.
    transfers = [t for t in ledger_transactions(folder, MONTH) if t.meta["voucher"][0] == "转"]
    gift = writer.transaction(
        datetime.date(2024, 4, 1),
        "县慈善超市",
        "实物捐赠：食用油",
        [("Assets:1201-存货:01-捐赠物资", "80.00"), ("Income:4101-捐赠收入:04-实物捐赠", None)],
        {"donor": "县慈善超市", "channel": "实物", "valuation": "发票金额"},
    )
    safewrite.commit_entries(folder, [gift])
    expected = f"转-{MONTH}-{len(transfers) + 1:03d}"
    assert expected in ok(["voucher", "number", str(folder), MONTH])
    late = [t for t in ledger_transactions(folder, MONTH) if t.narration == "实物捐赠：食用油"]
    assert late[0].meta["voucher"] == expected


def test_attachments_from_metadata_or_voucher_folder(society_copy, tmp_path):
    folder = society_copy("taoyuan")
    ok(["voucher", "number", str(folder), MONTH])
    first = sorted(t.meta["voucher"] for t in ledger_transactions(folder, MONTH))[0]
    papers = folder / "documents" / first
    papers.mkdir(parents=True)
    for name in ("收据.pdf", "银行回单.jpg"):
        (papers / name).write_bytes(b"x")
    last = sorted(t.meta["voucher"] for t in ledger_transactions(folder, MONTH))[-1]
    book = folder / "books" / f"{MONTH}.beancount"
    line = f'  voucher: "{last}"\n'
    book.write_text(book.read_text("utf-8").replace(line, line + "  attachments: 3\n"), "utf-8")
    path = tmp_path / "v.xlsx"
    ok(["report", "vouchers", str(folder), MONTH, "-o", str(path)])
    printed = read_vouchers(path)
    assert printed[first]["attached"] == "附单据 2 张"
    assert printed[last]["attached"] == "附单据 3 张"


def test_sealed_month_keeps_its_numbers(society_copy, digest):
    folder = society_copy("taoyuan")
    ok(["close", str(folder), "2025-03"])
    before = digest(folder)
    assert "已结账" in fails(["voucher", "number", str(folder), "2025-03"])
    assert digest(folder) == before


def test_numbered_and_closed_month_is_clean_and_the_next_close_needs_numbers(society_copy):
    folder = society_copy("taoyuan")
    ok(["voucher", "number", str(folder), "2025-03"])
    ok(["close", str(folder), "2025-03"])
    result = runner.invoke(app, ["check", str(folder)])
    assert "凭证编号" not in result.output
    before = (folder / "society.beancount").read_bytes()
    # Vouchers are kept in the ledger from 2025-03 on: closing April unnumbered is refused.
    result = runner.invoke(app, ["close", str(folder), "2025-04"])
    assert isinstance(result.exception, RuleViolation)
    assert "R17 凭证编号" in str(result.exception) and "没有凭证号" in str(result.exception)
    assert (folder / "society.beancount").read_bytes() == before
    ok(["voucher", "number", str(folder), "2025-04"])
    ok(["close", str(folder), "2025-04"])


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["voucher", "number", "{folder}", "2025-3月"], "格式不对"),
        (["voucher", "number", "{folder}", "2025-13"], "格式不对"),
        (["voucher", "number", "{missing}", "2025-03"], "main.beancount"),
        (["report", "vouchers", "{folder}", "2025-03"], "还没有凭证号"),
        (["report", "vouchers", "{folder}", "2019-03"], "没有交易"),
        (["report", "vouchers", "{folder}", "2025/03"], "格式不对"),
    ],
)
def test_bad_input_changes_nothing(society_copy, tmp_path, digest, args, words):
    folder = society_copy("taoyuan")
    before = digest(folder)
    out = tmp_path / "out.xlsx"
    filled = [a.format(folder=folder, missing=tmp_path / "nowhere") for a in args]
    assert words in fails([*filled, "-o", str(out)] if filled[0] == "report" else filled)
    assert not out.exists()
    assert digest(folder) == before


def test_malformed_number_is_refused_not_guessed(society_copy, digest):
    folder = society_copy("taoyuan")
    path = folder / "books" / "2025-03.beancount"
    text = path.read_text("utf-8")
    header = next(line for line in text.splitlines() if " * " in line)
    path.write_text(text.replace(header, header + '\n  voucher: "收-3"', 1), "utf-8")
    before = digest(folder)
    assert "格式不对" in fails(["voucher", "number", str(folder), "2025-03"])
    assert digest(folder) == before


def test_sample_county_has_no_voucher_findings(sample_county):
    result = runner.invoke(app, ["check", str(sample_county), "--json"])
    assert "凭证编号" not in result.output


# --- rule R17 凭证编号, ledgers in the docstrings ------------------------------------------------

SEAL = '\n2024-05-02 custom "jjn-seal" "2024-04"\n  digest: "not checked by this plugin"\n'


def voucher_errors(doc: str, sealed: bool = True) -> list[str]:
    return errors_of(doc + (SEAL if sealed else ""), plugins=("r17_vouchers",))


GOOD = """
2024-04-02 * "张三" "社会捐赠"
  voucher: "收-2024-04-001"
  donor: "张三"
  channel: "现金"
  Assets:1001-现金   100.00 CNY
  Income:4101-捐赠收入:02-社会捐赠
2024-04-03 * "开户银行" "银行手续费"
  voucher: "付-2024-04-001"
  Expenses:5201-管理费用:01-银行手续费   5.00 CNY
  Assets:1002-银行存款:01-基本户
2024-04-05 * "" "从银行提取备用金"
  voucher: "付-2024-04-002"
  Assets:1001-现金   500.00 CNY
  Assets:1002-银行存款:01-基本户
2024-04-09 * "县慈善超市" "实物捐赠：大米"
  voucher: "转-2024-04-001"
  Assets:1201-存货:01-捐赠物资   300.00 CNY
  Income:4101-捐赠收入:04-实物捐赠
"""


def test_numbered_sealed_month_is_clean():
    assert voucher_errors(GOOD) == []


def test_open_month_is_not_checked():
    broken = GOOD.replace('  voucher: "付-2024-04-002"\n', "")
    assert voucher_errors(broken, sealed=False) == []


def test_ledger_without_any_numbers_is_not_checked():
    """Vouchers kept on paper before jjn: no number anywhere in the ledger, nothing to check."""
    assert voucher_errors(re.sub(r'  voucher: ".*"\n', "", GOOD)) == []


def test_reopened_month_is_not_checked():
    broken = GOOD.replace('"付-2024-04-002"', '"付-2024-04-007"')
    reopen = '\n2024-05-03 custom "jjn-reopen" "2024-04"\n  reason: "补记"\n'
    assert voucher_errors(broken + SEAL + reopen, sealed=False) == []


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ('  voucher: "付-2024-04-002"\n', "", "没有凭证号"),
        ('"付-2024-04-002"', '"付-2024-04-003"', "断号：缺 付-2024-04-002"),
        ('"付-2024-04-002"', '"付-2024-04-001"', "付-2024-04-001 重号"),
        ('"转-2024-04-001"', '"收-2024-04-002"', "应为“转”"),
        ('"收-2024-04-001"', '"收-2024-05-001"', "不属于 2024-04"),
        ('"收-2024-04-001"', '"2024-04-001"', "格式不对"),
    ],
)
def test_sealed_month_errors_at_the_entry(old, new, words):
    errors = voucher_errors(GOOD.replace(old, new))
    assert rules(errors) == ["R17"], errors
    assert "[R17 凭证编号]" in errors[0] and words in errors[0], errors
