"""Sub-command groups of ``jjn``, one module each, registered on the root app here.

Each group module must keep heavy imports (beancount loader, openpyxl, fava) inside its command
functions so that ``jjn --help`` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from jjn_ledger.ledger.load import Loaded


def _leave_summary(folder: Path, loaded: Loaded) -> None:
    from jjn_ledger.county.engine import leave_summary

    leave_summary(folder, loaded)


def register(app: typer.Typer) -> None:
    from jjn_ledger.write import hooks

    hooks.after_each_write(_leave_summary)  # a write leaves the society's summary behind
    from jjn_ledger.cli import books as cli_books
    from jjn_ledger.cli import county as cli_county
    from jjn_ledger.cli import imports as cli_import
    from jjn_ledger.cli import record as cli_record
    from jjn_ledger.cli import (  # noqa: F401 - each adds its commands to `jjn record`/`report`
        record_aid,
        record_published,
        report_county,
    )
    from jjn_ledger.cli import report as cli_report
    from jjn_ledger.cli import serve as cli_serve
    from jjn_ledger.cli import society as cli_society
    from jjn_ledger.cli import users as cli_users

    app.add_typer(cli_society.app, name="society", help="互助社建账与档案")
    app.add_typer(cli_record.app, name="record", help="记账：补助、捐赠、救助、备用金等")
    app.add_typer(cli_import.app, name="import", help="导入 Excel 台账、银行流水、微信/支付宝账单")
    app.add_typer(cli_report.app, name="report", help="报表：公示、报备、会计报表、县级汇总")
    app.add_typer(cli_users.app, name="users", help="县服务器账号：开设、删除、改密码、列出")
    cli_serve.register(app)
    app.add_typer(cli_books.voucher_app, name="voucher", help="记账凭证：编号")
    cli_books.register(app)
    app.add_typer(cli_county.app, name="county", help="县级：县级密钥、县锚定登记簿")
    cli_county.register(app)
