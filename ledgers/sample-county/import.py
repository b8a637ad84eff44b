#!/usr/bin/env python3
"""Import configuration of the sample county: beangulp's command line and Fava's import page.

One file serves both (beangulp's convention). From the command line, with the jjn venv::

    python ledgers/sample-county/import.py identify tests/data/import/
    python ledgers/sample-county/import.py extract tests/data/import/statement-gbk.csv \\
        -e ledgers/sample-county/taoyuan/main.beancount

``extract`` prints the entries that can be booked for review; entries whose ``import-id`` the
ledger named with ``-e`` already holds are left out (``HOOKS``), and so are rows dated before
the society's accounts were opened. Rows that need a person's decision (a transfer out, a
county subsidy without its document, a refund) are not extracted: each is listed on stderr
with its file and line, to be booked with ``jjn record``. A file that cannot be read is named
with the reason, never with a traceback.

Layouts are read from the packaged profiles and from ``layouts/`` beside this file: a county
adds its rural bank's layout there (``jjn import layout FILE`` writes one to fill in).

In Fava, add to a society's ``main.beancount``::

    1970-01-01 custom "fava-option" "import-config" "../import.py"
    1970-01-01 custom "fava-option" "import-dirs" "../imports"

The treasurer's own way in is ``jjn import bank|wechat|alipay|register``, which uses the same
importers and writes through the rule check.
"""

from __future__ import annotations

import sys
from pathlib import Path

import beangulp

from jjn_ledger.importers.alipay import AlipayImporter
from jjn_ledger.importers.bank import BankImporter
from jjn_ledger.importers.common import drop_already_imported
from jjn_ledger.importers.registers import RegisterImporter
from jjn_ledger.importers.wechat import WeChatImporter

LAYOUTS = [Path(__file__).resolve().parent / "layouts"]


def _say(line: str) -> None:
    print(line, file=sys.stderr)


CONFIG = [
    cls(skip_unknown=True, layout_dirs=LAYOUTS, say=_say)
    for cls in (BankImporter, WeChatImporter, AlipayImporter, RegisterImporter)
]
HOOKS = [drop_already_imported]

if __name__ == "__main__":
    ingest = beangulp.Ingest(CONFIG, HOOKS)
    ingest()
