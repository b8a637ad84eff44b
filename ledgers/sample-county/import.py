#!/usr/bin/env python3
"""Import configuration of the sample county: beangulp's command line and Fava's import page.

One file serves both (beangulp's convention). From the command line, with the jjn venv::

    python ledgers/sample-county/import.py identify tests/data/import/
    python ledgers/sample-county/import.py extract tests/data/import/statement-gbk.csv \\
        -e ledgers/sample-county/taoyuan/main.beancount

``extract`` prints the entries for review; entries whose ``import-id`` the ledger named with
``-e`` already holds are left out (``HOOKS``). A file with rows that need a person's decision
(a transfer out, a county subsidy without its document) is refused with each row's file and
line; ``jjn import bank … --skip-unknown`` is the way to book the rest.

In Fava, add to a society's ``main.beancount``::

    1970-01-01 custom "fava-option" "import-config" "../import.py"
    1970-01-01 custom "fava-option" "import-dirs" "../imports"

The treasurer's own way in is ``jjn import bank|wechat|alipay|register``, which uses the same
importers and writes through the rule check.
"""

from __future__ import annotations

import beangulp

from jjn_ledger.importers.alipay import AlipayImporter
from jjn_ledger.importers.bank import BankImporter
from jjn_ledger.importers.common import drop_already_imported
from jjn_ledger.importers.registers import RegisterImporter
from jjn_ledger.importers.wechat import WeChatImporter

CONFIG = [BankImporter(), WeChatImporter(), AlipayImporter(), RegisterImporter()]
HOOKS = [drop_already_imported]

if __name__ == "__main__":
    ingest = beangulp.Ingest(CONFIG, HOOKS)
    ingest()
