"""What an import would book: the one procedure behind ``jjn import`` and the workbench's uploads.

The importer reads the whole file (a file it cannot read fails with a Chinese message naming
file and line); entries whose ``import-id`` the ledger already holds are dropped, so a file
imported twice adds nothing; look-alikes of entries booked by hand are listed for checking.
``plan`` writes nothing: the workbench shows it as a preview, then hands ``plan.new`` to
``write.safe.commit_entries``; ``jjn import`` (``cli/imports.py``) prints it and does the same.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from jjn_ledger.errors import NotALedger
from jjn_ledger.ledger import layout

if TYPE_CHECKING:
    from beancount.core import data

    from jjn_ledger.importers.common import Extraction, JjnImporter
    from jjn_ledger.ledger.chart import Chart
    from jjn_ledger.ledger.policy import Policy

Factory = Callable[["Chart", "Policy", bool, "list[Path]"], "JjnImporter"]


def _bank(chart: Chart, policy: Policy, skip: bool, dirs: list[Path]) -> JjnImporter:
    from jjn_ledger.importers.bank import BankImporter

    return BankImporter(chart, skip_unknown=skip, layout_dirs=dirs)


def _wechat(chart: Chart, policy: Policy, skip: bool, dirs: list[Path]) -> JjnImporter:
    from jjn_ledger.importers.wechat import WeChatImporter

    return WeChatImporter(chart, skip_unknown=skip, layout_dirs=dirs)


def _alipay(chart: Chart, policy: Policy, skip: bool, dirs: list[Path]) -> JjnImporter:
    from jjn_ledger.importers.alipay import AlipayImporter

    return AlipayImporter(chart, skip_unknown=skip, layout_dirs=dirs)


def _register(chart: Chart, policy: Policy, skip: bool, dirs: list[Path]) -> JjnImporter:
    from jjn_ledger.importers.registers import RegisterImporter

    return RegisterImporter(chart, policy=policy, skip_unknown=skip, layout_dirs=dirs)


FACTORIES: dict[str, tuple[str, Factory]] = {
    "bank": ("银行流水", _bank),
    "wechat": ("微信支付账单", _wechat),
    "alipay": ("支付宝账单", _alipay),
    "register": ("Excel 登记表", _register),
}


def hint_other_kind(kind: str, file: Path, chart: Chart, policy: Policy, dirs: list[Path]) -> None:
    """Name the right kind when the file is plainly of another kind."""
    from jjn_ledger.importers.common import ImportFileError

    if FACTORIES[kind][1](chart, policy, False, dirs).identify(str(file)):
        return
    for other, (label, factory) in FACTORIES.items():
        if other != kind and factory(chart, policy, False, dirs).identify(str(file)):
            raise ImportFileError(
                str(file), f"这是{label}，不是{FACTORIES[kind][0]}：请用 jjn import {other}"
            )


@dataclass(frozen=True)
class ImportPlan:
    """What importing ``file`` would do to the books as they stand now."""

    kind: str
    file: Path
    found: Extraction
    new: list[data.Directive]  # to be booked, in the importer's order
    old: int  # rows whose import-id the books already hold
    alike: list[tuple[data.Transaction, data.Transaction]] = field(default_factory=list)


def plan(kind: str, folder: Path, file: Path, skip_unknown: bool) -> ImportPlan:
    """Read ``file`` with the ``kind`` importer against the books of ``folder``; write nothing."""
    from jjn_ledger.importers.common import ImportFileError
    from jjn_ledger.importers.identity import IMPORT_ID, existing_ids, look_alikes
    from jjn_ledger.importers.layouts import layout_dirs
    from jjn_ledger.ledger import journal
    from jjn_ledger.ledger.load import load
    from jjn_ledger.ledger.society import book_of

    if not (folder / layout.MAIN).is_file():
        raise NotALedger(str(folder))
    if not file.is_file():
        raise ImportFileError(str(file), "文件不存在")
    journal.settle(folder)  # duplicates are judged against the books as they are, not half a write
    loaded = load(folder)
    book = book_of(loaded.entries, loaded.options)
    policy, chart = book.policy, book.chart
    dirs = layout_dirs(folder)
    hint_other_kind(kind, file, chart, policy, dirs)
    importer = FACTORIES[kind][1](chart, policy, skip_unknown, dirs)
    found = importer.parse(str(file), loaded.entries)
    known = existing_ids(loaded.entries)
    new = [e for e in found.entries if e.meta.get(IMPORT_ID) not in known]
    return ImportPlan(
        kind, file, found, new, len(found.entries) - len(new), look_alikes(new, loaded.entries)
    )
