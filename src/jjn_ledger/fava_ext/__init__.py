"""The audit pages Fava shows for a society's books (互助社审计).

Enabled in every society ledger by ``custom "fava-extension" "jjn_ledger.fava_ext"`` (see
``layout.main_text``), served at ``/<slug>/extension/JjnAudit/``. One page with four tabs picked
by the ``page`` query parameter — ``overview`` (概览), ``aid`` (救助台账), ``person`` (一人一档),
``notices`` (公示日历) — plus ``full=1`` to show recipients' full names (masked by default, as
on the public notice). Filters are plain GET parameters, so every view is a link an auditor can
keep or send, and the pages need no JavaScript: Fava serves them read-only.

Fava's own time, account and filter bar applies: the tabs read ``g.filtered`` (what the bar
keeps) and say which period they show. Each tab can be taken away as an Excel workbook
(``…/extension/JjnAudit/export?page=aid&…``) or printed (``…/print?page=aid&…``) with the same
rows, filters and masking as the screen.

The class is thin on purpose: it hands the loaded ledger to the pure functions of ``views`` and
``tables`` and the result to Jinja templates in ``templates/``.
"""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from fava.ext import FavaExtensionBase, extension_endpoint
from flask import current_app, g, request, send_file, url_for
from flask.wrappers import Response

from jjn_ledger.fava_ext import export, tables, views
from jjn_ledger.ledger import formats

PAGES = tables.PAGE_TITLES
COUNTY_URL = "JJN_COUNTY_URL"  # Flask config key: where the county overview is, when served


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

    def shown(self) -> views.Shown:
        """What Fava's filter bar (time, account, filter) keeps for this request."""
        args = request.args
        bar = {k: args.get(k, "") for k in ("time", "account", "filter")}
        if not any(bar.values()):
            return views.Shown()
        filtered = g.filtered
        rng = filtered.date_range
        begin, end = (rng.begin, rng.end_inclusive) if rng else (None, None)
        return views.Shown.of(filtered.entries, begin, end, **bar)

    def county_url(self) -> str | None:
        """The county overview's address when this Fava runs inside ``jjn serve COUNTY``."""
        url = current_app.config.get(COUNTY_URL)
        return url if isinstance(url, str) else None

    def overview(self) -> views.Overview:
        entries, errors, options = self._ledger()
        return views.overview(entries, errors, options, self.today(), shown=self.shown())

    def aid_register(
        self, month: str = "", category: str = "", cause: str = "", full: bool = False
    ) -> views.AidRegister:
        entries, _, options = self._ledger()
        flt = views.AidFilter(month or "", category or "", cause or "")
        return views.aid_register(entries, options, flt, full=full, shown=self.shown())

    def people(self, full: bool = False) -> list[views.PersonLine]:
        entries, _, options = self._ledger()
        return views.people(entries, options, full=full, shown=self.shown())

    def person(self, key: str, full: bool = False) -> views.PersonFile | None:
        entries, _, options = self._ledger()
        return views.person_file(
            entries, options, key, folder=self.folder, full=full, shown=self.shown()
        )

    def notices(self) -> list[views.NoticeMonth]:
        entries, _, options = self._ledger()
        return views.notices(entries, options, shown=self.shown())

    def period(self) -> str:
        """The period and filters shown, in Chinese (the head of every tab)."""
        entries = views.without_closing(self._ledger()[0])
        return self.shown().describe(*views.span_of(entries))

    @property
    def folder(self) -> Path:
        return Path(self.ledger.beancount_file_path).parent

    # --- taking a tab away -----------------------------------------------------------------

    def take_away(self, what: str) -> str:
        """The export or print address of the tab this request shows, with its filters.

        Flask's ``url_for`` cannot be given an ``endpoint=`` value, so the address is the tab's
        own (``…/extension/JjnAudit/?…``, with Fava's filters injected) plus the endpoint name,
        as Fava's route ``/<bfile>/extension/<name>/<endpoint>`` has it.
        """
        args: dict[str, Any] = {
            k: request.args[k]
            for k in ("month", "category", "cause", "key", "full")
            if request.args.get(k)
        }
        args["page"] = self.page(request.args.get("page"))
        page = urlsplit(url_for("extension_report", extension_name=self.name, **args))
        return urlunsplit(page._replace(path=page.path + what))

    def document(self) -> tables.Document:
        """The tab the request names, as tables, with the screen's filters and masking."""
        args = request.args
        entries, errors, options = self._ledger()
        req = tables.Request(
            page=self.page(args.get("page")),
            entries=entries,
            errors=errors,
            options=options,
            today=self.today(),
            shown=self.shown(),
            full=args.get("full") == "1",
            flt=views.AidFilter(
                args.get("month", ""), args.get("category", ""), args.get("cause", "")
            ),
            key=args.get("key", ""),
            folder=self.folder,
        )
        return tables.document(req)

    @extension_endpoint("export")  # type: ignore[untyped-decorator, arg-type]
    def export_xlsx(self) -> Response:
        """The tab as an Excel workbook (same rows, filters and masking as on screen)."""
        doc = self.document()
        return send_file(
            io.BytesIO(export.to_bytes(doc)),
            mimetype=export.XLSX_TYPE,
            as_attachment=True,
            download_name=export.file_name(doc),
        )

    @extension_endpoint("print")  # type: ignore[untyped-decorator, arg-type]
    def print_view(self) -> str:
        """The tab on its own page for printing: title, society, period, page numbers."""
        doc = self.document()
        template = self.jinja_env.get_template("jjn_print.html")
        printed = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
        return template.render(doc=doc, cell=tables.cell_text, printed=printed)

    # --- formatting used by the templates ------------------------------------------------

    @staticmethod
    def yuan(amount: Decimal | int) -> str:
        """``12345.5`` → ``12,345.50``: money as the treasurer's sheets show it."""
        return formats.money(amount)

    def where(self, filename: str) -> str:
        """A ledger file as a path relative to the society folder, for display."""
        try:
            return str(Path(filename).relative_to(self.folder))
        except ValueError:
            return filename
