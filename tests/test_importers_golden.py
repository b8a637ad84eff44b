"""Golden files: each sample export beside the entries it must produce (``x.csv.beancount``).

The expected files use beangulp's own format (``beangulp.testing``): a header with the
importer's account, date and file name, then the entries as Beancount prints them. Rows that
need a person's decision are left out (``skip_unknown=True``) and checked in the importer tests.
Regenerate after an intended change with
``JJN_REGENERATE_GOLDEN=1 pytest tests/test_importers_golden.py`` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from beangulp import testing

from jjn_ledger.importers.alipay import AlipayImporter
from jjn_ledger.importers.bank import BankImporter
from jjn_ledger.importers.common import JjnImporter
from jjn_ledger.importers.registers import RegisterImporter
from jjn_ledger.importers.wechat import WeChatImporter

DATA = Path(__file__).parent / "data" / "import"
CASES: dict[str, type[JjnImporter]] = {
    "statement.csv": BankImporter,
    "statement-gbk.csv": BankImporter,
    "statement.xlsx": BankImporter,
    "wechat.csv": WeChatImporter,
    "alipay.csv": AlipayImporter,
    "donations.xlsx": RegisterImporter,
    "aid.xlsx": RegisterImporter,
}
IMPORTERS: list[type[JjnImporter]] = [
    BankImporter,
    WeChatImporter,
    AlipayImporter,
    RegisterImporter,
]


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name: str) -> None:
    importer = CASES[name](skip_unknown=True)
    document = str(DATA / name)
    result = testing.run_importer(importer, document)
    expected = f"{document}.beancount"
    if os.environ.get("JJN_REGENERATE_GOLDEN"):
        testing.write_expected_file(expected, *result, force=True)
        pytest.skip("golden file regenerated")
    assert testing.compare_expected(expected, *result) == []


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_file_is_identified_by_its_importer_only(name: str) -> None:
    found = [cls for cls in IMPORTERS if cls().identify(str(DATA / name))]
    assert found == [CASES[name]]


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_golden_input_has_its_expected_output(name: str) -> None:
    assert (DATA / f"{name}.beancount").is_file()


def test_entries_point_back_to_file_and_line() -> None:
    document = DATA / "statement.csv"
    entries = BankImporter(skip_unknown=True).extract(str(document), [])
    lines = document.read_text("utf-8-sig").splitlines()
    for entry in entries:
        assert entry.meta["filename"] == str(document)
        row = lines[entry.meta["lineno"] - 1]
        assert row.startswith(entry.date.isoformat())


def test_import_ids_are_stable_and_unique() -> None:
    for name, cls in CASES.items():
        first = cls(skip_unknown=True).extract(str(DATA / name), [])
        again = cls(skip_unknown=True).extract(str(DATA / name), [])
        ids = [e.meta["import-id"] for e in first]
        assert ids == [e.meta["import-id"] for e in again]
        assert len(set(ids)) == len(ids), name
