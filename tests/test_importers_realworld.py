"""The files treasurers actually have: 12 real exports (WeChat, Alipay, six banks), golden-tested.

The exports live in the steering repository's ``shared/realworld/importers/`` (beside this
repository's clone; ``JJN_REALWORLD_DIR`` points elsewhere), with their provenance and sha256
in its README; nobody here wrote them. For each, ``tests/data/realworld/<file>.golden`` lists
what the importer makes of every row: the entries it books (line, date, direction, amount,
counterparty, the account it books against), the rows listed for review and the rows skipped.
Each golden file was checked by hand against its export.

Regenerate after an intended change with ``JJN_REGENERATE_GOLDEN=1`` and review the diff.
Then the same files go through ``jjn import`` into a new society (all 12 import, re-import
adds nothing, no traceback) and through ``import.py identify|extract|archive`` as processes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from beancount.core import data
from cli_kit import ok

from jjn_ledger.importers.alipay import AlipayImporter
from jjn_ledger.importers.bank import BankImporter
from jjn_ledger.importers.common import Extraction, JjnImporter
from jjn_ledger.importers.wechat import WeChatImporter

ROOT = Path(__file__).resolve().parent.parent
REAL = Path(os.environ.get("JJN_REALWORLD_DIR", ROOT.parent / "shared" / "realworld" / "importers"))
GOLDEN = Path(__file__).parent / "data" / "realworld"
IMPORT_PY = ROOT / "ledgers" / "sample-county" / "import.py"
FILES: dict[str, tuple[str, type[JjnImporter]]] = {
    "alipay-csv-2020-gbk.csv": ("alipay", AlipayImporter),
    "alipay-csv-2021-gbk.csv": ("alipay", AlipayImporter),
    "alipay-csv-2023-gbk.csv": ("alipay", AlipayImporter),
    "bank-abc-debit.csv": ("bank", BankImporter),
    "bank-boc-debit.csv": ("bank", BankImporter),
    "bank-bocom-debit.csv": ("bank", BankImporter),
    "bank-ccb-debit.xls": ("bank", BankImporter),
    "bank-cmb-debit.csv": ("bank", BankImporter),
    "bank-icbc-debit-v1.csv": ("bank", BankImporter),
    "wechat-csv-2019-dsg.csv": ("wechat", WeChatImporter),
    "wechat-csv-2020-bom-crlf.csv": ("wechat", WeChatImporter),
    "wechat-xlsx-daoru.xlsx": ("wechat", WeChatImporter),
}

pytestmark = pytest.mark.skipif(
    not REAL.is_dir(), reason=f"the real export files are not at {REAL} (JJN_REALWORLD_DIR)"
)


def golden_text(name: str, found: Extraction) -> str:
    """What the golden file holds: one line per booked entry, per row for review, per skip."""
    lines = [f"# {name}: booked / review / skipped, checked by hand against the export"]
    for entry in found.entries:
        line = entry.meta["lineno"]
        if isinstance(entry, data.Balance):
            lines.append(f"balance {line} {entry.date} {entry.amount.number}")
            continue
        assert isinstance(entry, data.Transaction)
        own = entry.postings[0] if entry.postings[0].units.number > 0 else entry.postings[1]
        into = own.account in (BankImporter().account(""), WeChatImporter().account(""))
        other = next(p.account for p in entry.postings if p is not own)
        direction = "收入" if into else "支出"
        if not into:  # money out of the bank, e.g. into petty cash: the bank leg is credited
            own, other = other, own.account  # type: ignore[assignment]
        amount = abs(entry.postings[0].units.number)
        lines.append(
            f"booked {line} {entry.date} {direction} {amount} {entry.payee or '-'} "
            f"{other.split(':', 1)[1] if isinstance(other, str) else other}"
        )
    lines += [f"review {p.lineno}" for p in found.unknown]
    lines += [f"skipped {p.lineno}" for p in found.skipped]
    return "\n".join(lines) + "\n"


def parsed(name: str) -> Extraction:
    return FILES[name][1](skip_unknown=True).parse(str(REAL / name))


def test_the_files_are_the_ones_the_readme_names() -> None:
    readme = (REAL / "README.md").read_text("utf-8")
    for name in FILES:
        digest = hashlib.sha256((REAL / name).read_bytes()).hexdigest()
        assert f"{digest}  {name}" in readme, name


@pytest.mark.parametrize("name", sorted(FILES))
def test_golden(name: str) -> None:
    text = golden_text(name, parsed(name))
    expected = GOLDEN / f"{name}.golden"
    if os.environ.get("JJN_REGENERATE_GOLDEN"):
        expected.parent.mkdir(parents=True, exist_ok=True)
        expected.write_text(text, "utf-8")
        pytest.skip("golden file regenerated")
    assert text == expected.read_text("utf-8")


@pytest.mark.parametrize("name", sorted(FILES))
def test_each_file_is_identified_by_its_importer_only(name: str) -> None:
    from jjn_ledger.importers.registers import RegisterImporter

    classes = [BankImporter, WeChatImporter, AlipayImporter, RegisterImporter]
    assert [c for c in classes if c().identify(str(REAL / name))] == [FILES[name][1]]


def test_no_fund_income_or_refund_is_booked_as_a_donation() -> None:
    for name in FILES:
        for entry in parsed(name).entries:
            words = f"{entry.meta.get('donor', '')} {getattr(entry, 'narration', '')}"
            assert not any(w in words for w in ("余额宝", "收益", "理财", "退款", "基金")), (
                name,
                entry,
            )


def test_all_import_into_a_new_society_and_again_add_nothing(tmp_path: Path) -> None:
    """``jjn import … --skip-unknown`` into a society registered before the oldest row."""
    folder = tmp_path / "fresh"
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
            "桃园村",
            "--registration",
            "登记",
            "--credit-code",
            "51349900MJB0000015",
            "--registered",
            "2017-01-01",
            "--officer",
            "社长=李建国:H01",
            "--officer",
            "出纳=李红:H03",
        ]
    )
    written = 0
    for name, (kind, _) in sorted(FILES.items()):
        first = ok(["import", kind, str(folder), str(REAL / name), "--skip-unknown"])
        again = ok(["import", kind, str(folder), str(REAL / name), "--skip-unknown"])
        booked = len(parsed(name).entries)
        assert f"{booked} 条" in first, (name, first)
        assert "  0 条新记录" in again and "账本未改动" in again, (name, again)
        if "已写入" in first:
            written += int(first.split("已写入 ")[1].split(" 条")[0])
    # The WeChat XLSX is the same bill as the 2019 CSV: its three gifts are already booked.
    assert written == sum(len(parsed(n).entries) for n in FILES) - 3


def _import_py(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(IMPORT_PY), *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_beangulp_identify_extract_archive_every_file(tmp_path: Path) -> None:
    done = _import_py("identify", REAL)
    assert done.returncode == 0 and "Traceback" not in done.stdout + done.stderr
    for name, (_, cls) in FILES.items():
        assert f"{name} ... OK\n  {cls.__module__}.{cls.__name__}" in done.stdout, name
    done = _import_py("extract", REAL)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "Exception" not in done.stderr
    booked = sum(len(parsed(n).entries) for n in FILES)
    assert done.stdout.count("import-id:") == booked
    assert "第 36 行（alipay-csv-2020-gbk.csv:36）：理财或余额宝款项 0.31 元" in done.stderr
    done = _import_py("archive", REAL, "-o", tmp_path, "--dry-run")
    assert done.returncode == 0 and "Traceback" not in done.stderr
    # filed under the last day the file covers, even where nothing in it is booked
    assert "基本户/2025-01-06.bank-ccb-debit.xls" in done.stderr
