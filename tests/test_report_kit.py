"""A plain restatement of the sample books for the report tests, and a check of it.

The report tests must not compute expected figures with the code under test, so this reads the
ledger text with regular expressions only (no Beancount loader, no jjn code): transactions with
their postings (the one posting without an amount balances the others), the recipient register,
and the balance assertions the generator writes at each month's start. Workbooks are opened back
with openpyxl.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import openpyxl

_HEAD = re.compile(r'^(\d{4}-\d{2}-\d{2}) \* (?:"([^"]*)" )?"([^"]*)"')
_META = re.compile(r'^  ([a-z][a-z0-9-]*): "?([^"]*)"?\s*$')
_POST = re.compile(r"^  ([A-Z][^\s]+)(?:\s+(-?[\d.]+) CNY)?\s*$")
_BAL = re.compile(r"^(\d{4}-\d{2}-\d{2}) balance (\S+)\s+(-?[\d.]+) CNY")


@dataclass
class Txn:
    date: datetime.date
    payee: str
    narration: str
    meta: dict[str, str] = field(default_factory=dict)
    postings: list[tuple[str, Decimal]] = field(default_factory=list)

    def amount(self, prefix: str) -> Decimal:
        return sum((v for a, v in self.postings if a.startswith(prefix)), Decimal(0))


def _files(folder: Path) -> list[Path]:
    return sorted((folder / "books").glob("*.beancount"))


def transactions(folder: Path) -> list[Txn]:
    out: list[Txn] = []
    for path in _files(folder):
        current: Txn | None = None
        pending: str | None = None
        for line in [*path.read_text("utf-8").splitlines(), ""]:
            head = _HEAD.match(line)
            if head:
                current = Txn(datetime.date.fromisoformat(head[1]), head[2] or "", head[3])
                pending = None
                continue
            if current is None:
                continue
            meta, post = _META.match(line), _POST.match(line)
            if meta and not post:
                current.meta[meta[1]] = meta[2]
            elif post:
                if post[2] is None:
                    pending = post[1]
                else:
                    current.postings.append((post[1], Decimal(post[2])))
            elif not line.strip():
                if pending:
                    current.postings.append((pending, -sum(v for _, v in current.postings)))
                out.append(current)
                current, pending = None, None
    return sorted(out, key=lambda t: t.date)


def balances(folder: Path) -> dict[tuple[datetime.date, str], Decimal]:
    out = {}
    for path in _files(folder):
        for line in path.read_text("utf-8").splitlines():
            m = _BAL.match(line)
            if m:
                out[(datetime.date.fromisoformat(m[1]), m[2])] = Decimal(m[3])
    return out


def register(folder: Path) -> dict[str, dict[str, str]]:
    """key → {"name": …, "id-hash": …, "household": …, "status": …} from people.beancount, with
    "id-number" from the county's register of clear numbers (``.jjn-county/ids/<slug>.json``),
    when the folder is in its county."""
    ids = folder.parent / ".jjn-county" / "ids" / f"{folder.name}.json"
    clear = json.loads(ids.read_text("utf-8")) if ids.is_file() else {"people": {}}
    out: dict[str, dict[str, str]] = {}
    key = None
    for line in (folder / "people.beancount").read_text("utf-8").splitlines():
        m = re.match(r'^\S+ custom "jjn-recipient" "([^"]+)"', line)
        if m:
            key = m[1]
            out[key] = {}
            continue
        meta = _META.match(line)
        if key and meta:
            out[key][meta[1]] = meta[2]
    for key, person in out.items():
        if key in clear["people"]:
            person["id-number"] = clear["people"][key]["id-number"]
    return out


def aid(txns: list[Txn]) -> list[Txn]:
    return [t for t in txns if t.amount("Expenses:5101-") > 0 and "closing" not in t.meta]


def in_month(txns: list[Txn], year: int, month: int) -> list[Txn]:
    return [t for t in txns if (t.date.year, t.date.month) == (year, month)]


def cells(path: Path) -> list[tuple[str, object]]:
    """(sheet title, value) of every non-empty cell of a workbook."""
    wb = openpyxl.load_workbook(path)
    return [
        (ws.title, c.value)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.value is not None
    ]


def rows(path: Path, sheet: str) -> list[tuple[object, ...]]:
    wb = openpyxl.load_workbook(path)
    return [tuple(r) for r in wb[sheet].iter_rows(values_only=True)]


def row_titled(path: Path, sheet: str, title: str, col: int = 0) -> tuple[object, ...]:
    found = [r for r in rows(path, sheet) if isinstance(r[col], str) and r[col].strip() == title]
    assert len(found) == 1, (title, found)
    return found[0]


def money(value: object) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def test_restatement_matches_the_generators_balance_assertions(sample_county):
    """The kit itself: summing its postings gives every balance assertion of a society."""
    folder = sample_county / "hexie"
    txns = transactions(folder)
    checked = 0
    for (day, account), expected in balances(folder).items():
        got = sum(
            (v for t in txns if t.date < day for a, v in t.postings if a == account), Decimal(0)
        )
        assert got == expected, (day, account)
        checked += 1
    assert checked > 40
