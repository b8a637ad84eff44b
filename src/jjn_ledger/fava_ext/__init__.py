"""The audit pages Fava shows for a society's books (互助社审计).

Enabled in every society ledger by ``custom "fava-extension" "jjn_ledger.fava_ext"`` (see
``layout.main_text``), served at ``/<slug>/extension/JjnAudit/``. One page with four tabs picked
by the ``page`` query parameter — ``overview`` (概览), ``aid`` (救助台账), ``person`` (一人一档),
``notices`` (公示日历) — plus ``full=1`` to show recipients' full names (masked by default, as
on the public notice). Filters are plain GET parameters, so every view is a link an auditor can
keep or send, and the pages need no JavaScript: Fava serves them read-only.

The class is thin on purpose: it hands the loaded ledger to the pure functions of ``views`` and
the result to Jinja templates in ``templates/``.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from fava.ext import FavaExtensionBase

from jjn_ledger.fava_ext import views
from jjn_ledger.ledger import formats

PAGES = {"overview": "概览", "aid": "救助台账", "person": "一人一档", "notices": "公示日历"}


class JjnAudit(FavaExtensionBase):
    """互助社审计: overview, aid register, person files and notice calendar of one society."""

    report_title = "互助社审计"

    pages = PAGES

    def _ledger(self) -> tuple[list[Any], list[Any], dict[str, Any]]:
        ledger = self.ledger
        return list(ledger.all_entries), list(ledger.errors), dict(ledger.options)

    @staticmethod
    def today() -> datetime.date:
        return datetime.date.today()

    def page(self, name: str | None) -> str:
        """The tab asked for, or the overview for anything unknown."""
        return name if name in PAGES else "overview"

    def overview(self) -> views.Overview:
        entries, errors, options = self._ledger()
        return views.overview(entries, errors, options, self.today())

    def aid_register(
        self, month: str = "", category: str = "", cause: str = "", full: bool = False
    ) -> views.AidRegister:
        entries, _, options = self._ledger()
        flt = views.AidFilter(month or "", category or "", cause or "")
        return views.aid_register(entries, options, flt, full=full)

    def people(self, full: bool = False) -> list[views.PersonLine]:
        entries, _, options = self._ledger()
        return views.people(entries, options, full=full)

    def person(self, key: str, full: bool = False) -> views.PersonFile | None:
        entries, _, options = self._ledger()
        folder = Path(self.ledger.beancount_file_path).parent
        return views.person_file(entries, options, key, folder=folder, full=full)

    def notices(self) -> list[views.NoticeMonth]:
        entries, _, options = self._ledger()
        return views.notices(entries, options)

    # --- formatting used by the templates ------------------------------------------------

    @staticmethod
    def yuan(amount: Decimal | int) -> str:
        """``12345.5`` → ``12,345.50``: money as the treasurer's sheets show it."""
        return formats.money(amount)

    def where(self, filename: str) -> str:
        """A ledger file as a path relative to the society folder, for display."""
        base = Path(self.ledger.beancount_file_path).parent
        try:
            return str(Path(filename).relative_to(base))
        except ValueError:
            return filename
