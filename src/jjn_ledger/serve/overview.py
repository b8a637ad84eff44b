"""The county pages in front of Fava: the overview table, person search, R16 duplicates.

``jjn serve COUNTY`` mounts this small Flask app at ``/`` (Fava is at ``/fava/``). It never
touches Fava's ledgers and never waits: the table is filled from the background summaries
(``background.SummaryCache``), search and duplicates from the background people index
(``people_index.PeopleIndex``), and each page says how far they have got.

* ``/`` — every society with its rules named, totals, sort, filters (township, rule, status,
  name), pages of 50, and the county at a glance per township (``county_glance``, SVG);
* ``/export.xlsx`` and ``/print`` — the same selection as an Excel workbook and a print view;
* ``/search?q=`` — a person by name or ID number, in every society that registered them;
* ``/duplicates?year=`` — the same person aided for the same matter by two societies (R16).

Every page is a GET; anything else is refused with a Chinese explanation (read-only).
The signed-in user (``identity.current_user()``, None without accounts) scopes search and
duplicates; scoping the table itself belongs to the accounts layer in front of this app.
"""

from __future__ import annotations

import datetime
import io
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jjn_ledger.fava_ext import export, tables
from jjn_ledger.ledger import layout
from jjn_ledger.serve import county_glance, person_search, scope
from jjn_ledger.serve.county_table import PER_PAGE, SORTS, STATUSES, CountyRow, Query, select
from jjn_ledger.serve.identity import User, current_user
from jjn_ledger.serve.people_index import PeopleIndex
from jjn_ledger.serve.readonly import READ_ONLY

if TYPE_CHECKING:
    from flask import Flask

    from jjn_ledger.serve.background import SummaryCache
    from jjn_ledger.serve.societies import ServedSociety

COUNTY_LINK = ("全县总览", "/")


def months_text(society: ServedSociety) -> str:
    """What the table can say without loading a ledger: the months the books cover."""
    months = sorted(p.stem for p in (society.folder / layout.BOOKS).glob("*.beancount"))
    return f"{months[0]} 至 {months[-1]}" if months else "无"


def county_rows(found: Sequence[ServedSociety], cache: SummaryCache) -> list[CountyRow]:
    """One row per society from what the cache holds now (never waits for it)."""
    return [
        CountyRow(
            index=i,
            slug=s.slug,
            title=s.title,
            url=s.url(),
            months=months_text(s),
            summary=cache.get(s.folder),
            failed=cache.failed.get(s.folder),
        )
        for i, s in enumerate(found, start=1)
    ]


def county_document(county: str, rows: Sequence[CountyRow], query: Query) -> tables.Document:
    """The selection (every page of it) as a table, for Excel and print."""
    sel = select(rows, query.__class__(**{**query.__dict__, "per": 0, "page": 1}))
    head: tuple[str, ...] = (
        "序号",
        "互助社",
        "乡镇",
        "登记方式",
        "账期",
        "启动资金",
        "货币资金（元）",
    )
    head += ("救助人次", "救助金额（元）", "最近救助", "公示", "规则问题")
    body: list[tuple[tables.Cell, ...]] = []
    for r in sel.kept:
        count, amount = r.aid
        problems = "；".join(x.text for x in r.rules) or ("汇总中" if not r.ready else "无")
        notices = f"{r.notices_late} 个月不合规" if r.notices_late else ("按时" if r.ready else "…")
        body.append(
            (
                r.index,
                r.title,
                r.township,
                r.registration,
                r.months,
                r.seed,
                r.balance,
                count,
                amount,
                r.last_aid,
                notices,
                problems,
            )
        )
    t = sel.totals
    foot: tuple[tables.Cell, ...] = (
        "合计",
        f"{t.societies} 个",
        "",
        "",
        "",
        f"达标 {t.seed_ok}",
        t.balance,
    )
    foot += (t.aid_count, t.aid_amount, "", "", f"{t.with_problems} 个社有错误")
    widths = (6, 34, 10, 8, 18, 9, 14, 9, 14, 11, 12, 40)
    picked = [query.township, query.rule, query.status, query.q]
    note = "筛选：" + ("、".join(p for p in picked if p) or "全部互助社")
    table = tables.Table("互助社账本总览", head, body, widths, foot, notes=(note,))
    today = datetime.date.today()
    return tables.Document(
        "overview",
        county,
        f"数据截至 {county_glance.as_of(rows) or '—'}（生成于 {today}）",
        True,
        [table],
        heading=f"{county}“救急难”互助社账本总览",
    )


def _env() -> Any:
    import jinja2

    from jjn_ledger.ledger.idcodes import mask_name

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("jjn_ledger.fava_ext", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.do"],
    )
    env.filters["mask"] = mask_name
    return env


@dataclass(frozen=True)
class _Pages:
    """What every county page shares: the templates, the societies, the background indexes."""

    env: Any
    found: Sequence[ServedSociety]
    places: Sequence[scope.Place]
    cache: SummaryCache
    people: PeopleIndex
    secret: bytes | None
    county: str
    common: dict[str, Any]

    def visible(self) -> Sequence[ServedSociety]:
        return scope.seen_by(current_user(), self.found, self.places)

    def rows(self) -> list[CountyRow]:
        """The table's rows for the signed-in user, from what the cache holds now."""
        return county_rows(self.visible(), self.cache)

    def index_soon(self) -> None:
        """Build the people index once the summaries are done (they share two cores)."""
        if not self.cache.busy and not self.people.busy and self.people.stale():
            self.people.refresh_soon()

    def render(self, template: str, **values: Any) -> str:
        """A county page: its template, given the county and the societies' Fava links."""
        return str(self.env.get_template(template).render(**self.common, **values))

    def index_page(self, template: str, user: User | None, **values: Any) -> str:
        """A page from the people index: how far the index has got, and whose view it is."""
        return self.render(
            template,
            people=self.people,
            total=len(self.found),
            scope=person_search.scope_text(user),
            **values,
        )


def overview_app(
    path: Path,
    found: Sequence[ServedSociety],
    fava: Flask,
    cache: SummaryCache,
    places: Sequence[scope.Place] = (),
) -> Flask:
    """The county pages at ``/`` (a Flask app of their own, beside Fava).

    Behind the gate every page lists only the societies the signed-in user may see
    (``scope.seen_by`` over ``places``); without accounts, the whole county.
    """
    from flask import Flask

    from jjn_ledger.serve.societies import county_name

    app = Flask("jjn_ledger.serve.overview")
    env = _env()
    county = county_name(path, found)
    people = PeopleIndex([s.folder for s in found])
    secret = _county_secret(path)
    app.config["JJN_PEOPLE"] = people
    common = {"county": county, "audit_urls": {s.folder.name: s.url() for s in found}}
    pages = _Pages(env, found, places, cache, people, secret, county, common)
    _guards(app)
    _table_routes(app, pages)
    _search_route(app, pages)
    _duplicates_route(app, pages)
    return app


def _guards(app: Flask) -> None:
    """Every page is a GET: anything else is refused in Chinese; an unknown page is a 404."""
    from flask import jsonify, request
    from werkzeug.exceptions import HTTPException

    @app.before_request
    def _read_only() -> Any:
        if request.method not in ("GET", "HEAD"):
            return jsonify(error=READ_ONLY), 405
        return None

    @app.errorhandler(404)
    def _missing(_: HTTPException) -> Any:
        return "页面不存在", 404, {"Content-Type": "text/plain; charset=utf-8"}


def _table_routes(app: Flask, pages: _Pages) -> None:
    """``/`` (the table and the glance), ``/export.xlsx`` and ``/print`` of the same selection."""
    from flask import request, send_file

    @app.get("/")
    def table() -> str:
        started = time.perf_counter()
        pages.cache.check_soon()
        pages.index_soon()
        rows = pages.rows()
        query = Query.of(request.args)
        sel = select(rows, query)
        return pages.render(
            "county.html",
            rows=rows,
            sel=sel,
            glance=county_glance.glance(rows),
            statuses=STATUSES,
            sorts=SORTS,
            per_page=PER_PAGE,
            ready=sum(1 for r in rows if r.ready),
            fava_ready=True,  # each society's Fava loads on its first request (fava_pool)
            seconds=time.perf_counter() - started,
        )

    @app.get("/export.xlsx")
    def export_xlsx() -> Any:
        doc = county_document(pages.county, pages.rows(), Query.of(request.args))
        return send_file(
            io.BytesIO(export.to_bytes(doc)),
            mimetype=export.XLSX_TYPE,
            as_attachment=True,
            download_name=f"{pages.county}-互助社账本总览.xlsx",
        )

    @app.get("/print")
    def print_view() -> str:
        doc = county_document(pages.county, pages.rows(), Query.of(request.args))
        printed = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
        template = pages.env.get_template("jjn_print.html")
        return str(template.render(doc=doc, cell=tables.cell_text, printed=printed))


def _search_route(app: Flask, pages: _Pages) -> None:
    """``/search?q=``: a person by name or ID number, in the societies the user may see."""
    from flask import request

    @app.get("/search")
    def search() -> str:
        pages.index_soon()
        user = current_user()
        index = pages.people.societies()
        result = person_search.search(index, request.args.get("q", ""), user, pages.secret)
        return pages.index_page("county_search.html", user, result=result)


def _duplicates_route(app: Flask, pages: _Pages) -> None:
    """``/duplicates?year=``: one person aided for the same matter by two societies (R16)."""
    from flask import request

    @app.get("/duplicates")
    def duplicates() -> str:
        pages.index_soon()
        user = current_user()
        index = pages.people.societies()
        try:
            year = int(request.args.get("year", "")) or None
        except ValueError:
            year = None
        pairs = person_search.duplicates(index, year, user)
        return pages.index_page(
            "county_duplicates.html",
            user,
            pairs=pairs,
            year=year,
            years=person_search.years(index),
            window=person_search.window_days(index),
        )


def _county_secret(path: Path) -> bytes | None:
    """The county's key, to find a typed ID number among the books' pseudonyms (None: no key).

    Read on the server from the county's private folder (never served); only the keyed hash of
    what the auditor typed is compared, so the clear number is neither kept nor shown.
    """
    from jjn_ledger.errors import JjnError
    from jjn_ledger.ledger import county_secret

    try:
        return county_secret.read(path)
    except (JjnError, OSError):
        return None


def link_back(fava: Flask, url: str = "/") -> None:
    """Every Fava page of a society in the county links back to the county overview.

    Fava's sidebar shows a ledger's ``fava-sidebar-link`` entries; the link is added at request
    time (not written into any society's books, which are served alone as well).
    """
    from flask import g

    from jjn_ledger.fava_ext import COUNTY_URL

    fava.config[COUNTY_URL] = url
    link = (COUNTY_LINK[0], url)

    @fava.before_request
    def _county_link() -> None:
        ledger = getattr(g, "ledger", None)
        if ledger is not None and link not in ledger.misc.sidebar_links:
            ledger.misc.sidebar_links = [link, *ledger.misc.sidebar_links]
