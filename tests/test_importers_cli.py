"""``jjn import …`` end to end, on copies of the sample county: written once, or not at all."""

from __future__ import annotations

import datetime
import shutil
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from beancount.core import data
from typer.testing import CliRunner

from jjn_ledger.cli import app
from jjn_ledger.errors import JjnError
from jjn_ledger.ledger.chart import load_chart
from jjn_ledger.ledger.load import load
from jjn_ledger.ledger.profile import read_book

DATA = Path(__file__).parent / "data" / "import"
SOCIETY = "taoyuan"  # a sample society that breaks no rule

Digest = Callable[[Path], dict[str, str]]


def jjn(*args: object) -> tuple[int, str]:
    """Run the CLI as ``cli.main`` does: a JjnError becomes its message and exit code."""
    result = CliRunner().invoke(app, [str(a) for a in args])
    if isinstance(result.exception, JjnError):
        return result.exception.exit_code, result.output + f"错误：{result.exception}"
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def _ids(folder: Path) -> list[str]:
    return [e.meta["import-id"] for e in load(folder).entries if "import-id" in e.meta]


def _statement_after(folder: Path, tmp: Path) -> Path:
    """A GBK statement that continues the society's bank account after its last entry.

    Its running balances start from the books' own bank balance, so its closing ``balance``
    assertion holds whatever the sample generator put in the books before.
    """
    loaded = load(folder)
    bank = load_chart().account("bank")
    balance = sum(
        (
            p.units.number
            for e in loaded.entries
            if isinstance(e, data.Transaction)
            for p in e.postings
            if p.account == bank and p.units is not None
        ),
        Decimal(0),
    )
    day = max(e.date for e in loaded.entries) + datetime.timedelta(days=3)
    lines = ["示例县农村商业银行对账单", "记账日期,摘要,借方发生额,贷方发生额,余额,对方户名"]
    for offset, summary, out, into, who in [
        (0, "转账存入", "", "300.00", "周建国"),
        (0, "转账存入", "", "300.00", "周建国"),
        (1, "现金支取", "500.00", "", ""),
        (2, "结息", "", "12.34", ""),
        (2, "手续费", "1.00", "", ""),
    ]:
        balance += Decimal(into or 0) - Decimal(out or 0)
        when = day + datetime.timedelta(days=offset)
        lines.append(f"{when:%Y/%m/%d},{summary},{out},{into},{balance},{who}")
    path = tmp / "statement.csv"
    path.write_bytes("\r\n".join(lines).encode("gbk"))
    return path


def test_importing_the_same_statement_twice_adds_it_once(
    society_copy: Callable[[str], Path], digest: Digest, tmp_path: Path
) -> None:
    folder = society_copy(SOCIETY)
    statement = _statement_after(folder, tmp_path)
    code, out = jjn("import", "bank", folder, statement)
    assert code == 0, out
    assert "6 条新记录" in out and "已写入 6 条记录" in out  # 5 rows and the closing balance
    loaded = load(folder)
    assert loaded.errors == []
    assert len(_ids(folder)) == 6
    after_first = digest(folder)

    code, out = jjn("import", "bank", folder, statement)
    assert code == 0, out
    assert "0 条新记录" in out and "6 条已导入过" in out
    assert digest(folder) == after_first
    assert len(_ids(folder)) == 6


def test_the_sample_statement_imports_once_too(society_copy: Callable[[str], Path]) -> None:
    """``statement-gbk.csv`` was cut to follow taoyuan's books (bank balance 35,762.24)."""
    folder = society_copy(SOCIETY)
    for expected in ("已写入 7 条记录", "7 条已导入过"):
        code, out = jjn("import", "bank", folder, DATA / "statement-gbk.csv")
        assert code == 0 and expected in out, out


def test_dry_run_writes_nothing(society_copy: Callable[[str], Path], digest: Digest) -> None:
    folder = society_copy(SOCIETY)
    before = digest(folder)
    code, out = jjn("import", "wechat", folder, DATA / "wechat.csv", "--dry-run", "--skip-unknown")
    assert code == 0, out
    assert '2026-12-03 * "张**" "社会捐赠"' in out
    assert "试运行：未写入任何记录" in out
    assert digest(folder) == before


def test_unknown_rows_stop_the_import_until_skipped(
    society_copy: Callable[[str], Path], digest: Digest
) -> None:
    folder = society_copy(SOCIETY)
    before = digest(folder)
    code, out = jjn("import", "bank", folder, DATA / "statement.csv")
    assert code == 1
    assert "2 条无法识别" in out
    assert "第 8 行（statement.csv:8）：来自“示例县财政局”" in out
    assert "第 9 行（statement.csv:9）：向“王秀英”支出 800.00 元" in out
    assert "未写入任何记录" in out
    assert digest(folder) == before

    code, out = jjn("import", "bank", folder, DATA / "statement.csv", "--skip-unknown")
    assert code == 0, out
    assert "已写入 8 条记录" in out
    assert load(folder).errors == []
    code, out = jjn("import", "bank", folder, DATA / "statement.csv", "--skip-unknown")
    assert code == 0 and "8 条已导入过" in out


def test_registers_import_into_the_books(society_copy: Callable[[str], Path]) -> None:
    folder = society_copy(SOCIETY)
    for name in ("donations.xlsx", "aid.xlsx"):
        code, out = jjn("import", "register", folder, DATA / name)
        assert code == 0, out
    loaded = load(folder)
    assert loaded.errors == []
    aid = [e for e in loaded.entries if e.meta.get("recipient") == "P004" and "import-id" in e.meta]
    register = read_book(loaded.entries).recipients
    assert [e.payee for e in aid] == [register["P004"].name]  # named from the society's register
    assert len(_ids(folder)) == 8


def test_template_then_import(society_copy: Callable[[str], Path], tmp_path: Path) -> None:
    from openpyxl import load_workbook

    code, out = jjn("import", "template", tmp_path, "--kind", "donations")
    assert code == 0, out
    path = tmp_path / "捐赠登记表.xlsx"
    book = load_workbook(path)
    book.worksheets[0].append(["2026-11-30", "匿名", "现金", 88])
    book.save(path)
    folder = society_copy(SOCIETY)
    code, out = jjn("import", "register", folder, path)
    assert code == 0 and "已写入 1 条记录" in out, out
    code, out = jjn("import", "template", tmp_path, "--kind", "donations")
    assert code == 2 and "文件已存在" in out


def test_a_write_that_breaks_the_books_is_refused(
    society_copy: Callable[[str], Path], digest: Digest
) -> None:
    """The XLSX statement is of another account: its closing balance cannot match."""
    folder = society_copy(SOCIETY)
    before = digest(folder)
    code, out = jjn("import", "bank", folder, DATA / "statement.xlsx")
    assert code == 1
    assert "拒绝写入" in out and "Balance failed" in out
    # safewrite leaves its (empty) lock file; the books themselves are untouched.
    after = {k: v for k, v in digest(folder).items() if k != ".jjn.lock"}
    assert after == before


def test_a_file_of_another_kind_names_the_right_command(
    society_copy: Callable[[str], Path], digest: Digest
) -> None:
    folder = society_copy(SOCIETY)
    before = digest(folder)
    code, out = jjn("import", "bank", folder, DATA / "wechat.csv")
    assert code == 2
    assert "这是微信支付账单，不是银行流水：请用 jjn import wechat" in out
    assert digest(folder) == before


def _utf16(tmp: Path) -> Path:
    path = tmp / "utf16.csv"
    path.write_bytes((DATA / "statement-gbk.csv").read_bytes().decode("gbk").encode("utf-16"))
    return path


def _no_balance(tmp: Path) -> Path:
    path = tmp / "nobalance.csv"
    path.write_text("交易日期,摘要,收入,支出,对方户名\n2026-12-01,转账存入,5.00,,刘德华\n", "utf-8")
    return path


def _truncated(tmp: Path) -> Path:
    raw = (DATA / "statement-gbk.csv").read_bytes()
    path = tmp / "cut.csv"
    path.write_bytes(raw[: raw.index(b",2000.00") + 8])
    return path


def _text_amount(tmp: Path) -> Path:
    path = tmp / "text.csv"
    path.write_text(
        "交易日期,摘要,收入,支出,余额,对方户名\n2026-12-01,转账存入,五百,,36262.24,刘德华\n",
        "utf-8",
    )
    return path


def _fake_xlsx(tmp: Path) -> Path:
    path = tmp / "statement.xlsx"
    shutil.copyfile(DATA / "statement-gbk.csv", path)
    return path


def _fake_register(tmp: Path) -> Path:
    path = tmp / "捐赠登记表.xlsx"
    path.write_text("日期,捐赠人,渠道,金额\n2026-11-30,匿名,现金,88\n", "utf-8")
    return path


@pytest.mark.parametrize(
    ("kind", "make", "message"),
    [
        ("bank", _utf16, "文件编码无法识别"),
        ("bank", _no_balance, "找不到银行流水的表头：已知的 7 种格式都不符合"),
        ("bank", _truncated, "第 7 行：这一行只有 3 列"),
        ("bank", _text_amount, "第 2 行：“收入”列“五百”不是金额"),
        ("bank", _fake_xlsx, "不是有效的 Excel（.xlsx）文件，可能是改了扩展名的 CSV"),
        ("register", _fake_register, "不是有效的 Excel（.xlsx）文件"),
        ("wechat", _no_balance, "找不到微信支付账单的表头"),
    ],
)
def test_malformed_files_change_nothing(
    kind: str,
    make: Callable[[Path], Path],
    message: str,
    society_copy: Callable[[str], Path],
    digest: Digest,
    tmp_path: Path,
) -> None:
    folder = society_copy(SOCIETY)
    before = digest(folder)
    bad = make(tmp_path)
    code, out = jjn("import", kind, folder, bad)
    assert code != 0
    assert message in out
    assert digest(folder) == before


def test_the_installed_command_reports_in_chinese(
    society_copy: Callable[[str], Path], digest: Digest, tmp_path: Path
) -> None:
    folder = society_copy(SOCIETY)
    before = digest(folder)
    bad = _fake_xlsx(tmp_path)
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from jjn_ledger.cli import main; main()",
            "import",
            "bank",
            str(folder),
            str(bad),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("错误：statement.xlsx：不是有效的 Excel（.xlsx）文件")
    assert "Traceback" not in done.stderr
    assert digest(folder) == before


def test_not_a_society(tmp_path: Path) -> None:
    code, out = jjn("import", "bank", tmp_path, DATA / "statement.csv")
    assert code == 2 and "找不到互助社账本" in out


def test_a_row_like_a_hand_entered_one_is_pointed_out(
    society_copy: Callable[[str], Path], tmp_path: Path
) -> None:
    """beipo's 2025-03-21 interest was typed in by hand; the statement lists it again."""
    folder = society_copy("beipo")
    statement = tmp_path / "march.csv"
    statement.write_text(
        "交易日期,摘要,收入,支出,余额,对方户名\n2025-03-21,结息,26.91,,31978.68,\n", "utf-8"
    )
    code, out = jjn("import", "bank", folder, statement, "--dry-run")
    assert code == 0, out
    assert "1 条与账本中已有的记录相似" in out
    assert "第 2 行（march.csv:2）2025-03-21 与 2025-03.beancount:" in out
    assert "“开户银行 活期存款利息”" in out


def test_rows_before_the_society_existed_are_listed_not_booked(
    society_copy: Callable[[str], Path], tmp_path: Path
) -> None:
    """A bill that starts before the society: those rows are named by source line, never
    by a ledger file that does not exist."""
    folder = society_copy(SOCIETY)
    opened = min(e.date for e in load(folder).entries if isinstance(e, data.Open))
    bill = (DATA / "wechat.csv").read_text("utf-8-sig").replace("2026-12-03", "2019-12-03")
    early = tmp_path / "wechat.csv"
    early.write_text(bill, "utf-8")
    code, out = jjn("import", "wechat", folder, early, "--skip-unknown")
    assert code == 0, out
    assert "1 行在互助社成立之前，不入账" in out
    assert f"第 18 行（wechat.csv:18）：2019-12-03 早于本社账户开设日期 {opened}" in out
    assert "books/2019-12.beancount" not in out
    assert not (folder / "books" / "2019-12.beancount").exists()


def test_a_refused_write_names_the_source_row(
    society_copy: Callable[[str], Path], digest: Digest
) -> None:
    folder = society_copy(SOCIETY)
    code, out = jjn("import", "bank", folder, DATA / "statement.xlsx")
    assert code == 1 and "拒绝写入" in out
    assert "来源 statement.xlsx:" in out
    assert "books/" not in out.split("拒绝写入")[1]
