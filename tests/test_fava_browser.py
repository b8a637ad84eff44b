"""The audit pages in a real browser: Chromium (Debian's, /usr/bin/chromium) through Playwright.

A county is served by ``jjn serve`` (a real process, see ``test_serve.running``); the browser
opens the county overview, follows a society's link into Fava, walks every tab of 互助社审计,
uses the register's filters, and opens an entry from a rule problem. Each page must load with no
console error and show the figures computed from the ledger text (``test_fava_views``).
Screenshots go to ``tests/artifacts/``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from test_fava_views import EMERG, SUPP, aid_txns
from test_serve import COUNTY, Server, running

from jjn_ledger.serve import app as serving

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed"),
]

XIHE = COUNTY / "xihe"  # planted: one emergency aid over the cap (R7)


def total(folder: Path) -> tuple[int, Decimal]:
    txns = list(aid_txns(folder))
    return len(txns), sum((t.amount_to(SUPP) + t.amount_to(EMERG) for t in txns), Decimal(0))


def yuan(value: Decimal) -> str:
    return f"{value:,.2f}"


@pytest.fixture(scope="module")
def county() -> Iterator[Server]:
    with running(COUNTY) as server:
        yield server


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


class Watched:
    """A page that records console errors, failed requests and uncaught exceptions."""

    def __init__(self, browser: Any) -> None:
        self.page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
        self.problems: list[str] = []
        self.page.on(
            "console", lambda m: self.problems.append(m.text) if m.type == "error" else None
        )
        self.page.on("pageerror", lambda e: self.problems.append(f"uncaught: {e}"))
        self.page.on(
            "response",
            lambda r: self.problems.append(f"{r.status} {r.url}") if r.status >= 400 else None,
        )

    def shot(self, path: Path) -> None:
        """The whole page: Fava scrolls inside <article>, so grow the window to fit it first."""
        height = self.page.evaluate(
            "() => Math.max(document.body.scrollHeight,"
            " (document.querySelector('article') || document.body).scrollHeight + 60)"
        )
        self.page.set_viewport_size({"width": 1400, "height": min(max(height, 1000), 6000)})
        self.page.screenshot(path=str(path), full_page=True)
        self.page.set_viewport_size({"width": 1400, "height": 1000})

    def settle(self, selector: str) -> None:
        self.page.wait_for_selector(selector, state="attached")
        self.page.wait_for_load_state("networkidle")


@pytest.fixture
def watched(browser: Any) -> Iterator[Watched]:
    w = Watched(browser)
    yield w
    w.page.close()


def test_county_overview_lists_every_society(county, watched, artifacts):
    page = watched.page
    page.goto(county.base + "/")
    found = serving.societies(COUNTY)
    links = page.locator("a.society")
    assert links.count() == len(found) == 9
    assert sorted(links.all_inner_texts()) == sorted(s.title for s in found)
    assert page.inner_text("#society-count") == "9"
    page.wait_for_function("() => !document.getElementById('summary-progress')", timeout=0)
    page.reload()
    page.wait_for_function("() => !document.getElementById('summary-progress')", timeout=0)
    count, amount = total(XIHE)
    row = page.locator(f'tr[data-slug="{serving.societies(XIHE)[0].slug}"]').inner_text()
    assert f"{count} 人次 / {yuan(amount)} 元" in row and "1 个错误" in row
    watched.shot(artifacts / "fava-county.png")
    assert watched.problems == []


def test_every_tab_of_a_society(county, watched, artifacts):
    page = watched.page
    page.goto(county.base + "/")
    xihe = serving.societies(XIHE)[0]
    page.click(f'a.society[href="{xihe.url()}"]')
    watched.settle(".jjn[data-page=overview]")
    count, amount = total(XIHE)
    assert page.inner_text("#jjn-aid-total") == yuan(amount)
    assert page.inner_text("#jjn-seed-total") == "31,800.00"
    assert page.locator("#jjn-seed svg rect").count() == 4  # three sources and the total
    assert "R7：1 个错误" in page.inner_text("#jjn-problems")
    watched.shot(artifacts / "fava-overview.png")

    # Tabs are ordinary links: Fava's client-side router loads them into the page.
    page.click("a[data-tab=aid]")
    watched.settle(".jjn[data-page=aid]")
    assert page.inner_text("#jjn-aid-count") == str(count)
    assert page.locator("#jjn-aid-table tbody tr").count() == count
    watched.shot(artifacts / "fava-aid.png")

    page.click("a[data-tab=person]")
    watched.settle(".jjn[data-page=person] #jjn-people")
    people = (XIHE / "people.beancount").read_text("utf-8").count('"jjn-recipient"')
    assert page.locator("#jjn-people tbody tr").count() == people
    page.click("#jjn-people tbody tr:first-child a")
    watched.settle("#jjn-person")
    mine = [t for t in aid_txns(XIHE) if t.meta["recipient"] == "P001"]
    assert page.inner_text("#jjn-person-count") == str(len(mine))
    watched.shot(artifacts / "fava-person.png")

    page.click("a[data-tab=notices]")
    watched.settle(".jjn[data-page=notices]")
    aid_months = {f"{t.date:%Y-%m}" for t in aid_txns(XIHE)}
    shown = set(
        page.locator("#jjn-notice-table tbody tr").evaluate_all(
            "rows => rows.filter(r => r.cells[1].innerText !== '0').map(r => r.dataset.month)"
        )
    )
    assert shown == aid_months
    watched.shot(artifacts / "fava-notices.png")
    assert watched.problems == []


def test_register_filters_and_names(county, watched, artifacts):
    page = watched.page
    xihe = serving.societies(XIHE)[0]
    page.goto(county.base + xihe.url(serving.AUDIT_PAGE + "?page=aid"))
    watched.settle(".jjn[data-page=aid]")
    txns = list(aid_txns(XIHE))
    month = f"{txns[3].date:%Y-%m}"
    page.select_option("select[name=month]", month)
    page.click("form.jjn-filter button[type=submit]")
    watched.settle(f".jjn[data-page=aid] select[name=month] option[value='{month}'][selected]")
    assert f"month={month}" in page.url
    in_month = [t for t in txns if f"{t.date:%Y-%m}" == month]
    assert page.inner_text("#jjn-aid-count") == str(len(in_month))
    assert set(
        page.locator("#jjn-aid-table tbody tr").evaluate_all(
            "rows => rows.map(r => r.dataset.month)"
        )
    ) == {month}

    page.select_option("select[name=month]", "")
    page.select_option("select[name=category]", "应急救助")
    page.select_option("select[name=cause]", "重大疾病")
    page.click("form.jjn-filter button[type=submit]")
    watched.settle(".jjn[data-page=aid] select[name=cause] option[value='重大疾病'][selected]")
    wanted = [t for t in txns if t.amount_to(EMERG) and t.meta["cause"] == "重大疾病"]
    assert page.inner_text("#jjn-aid-count") == str(len(wanted))
    watched.shot(artifacts / "fava-aid-filtered.png")

    names = re.findall(r'name: "([^"]+)"', (XIHE / "people.beancount").read_text("utf-8"))
    table = page.inner_text("#jjn-aid-table")
    assert not any(name in table for name in names if len(name) > 1)
    page.click("a.jjn-names")  # a county served without accounts: the officers' view
    page.wait_for_selector("form#unmask")  # full names only with a reason, which is logged
    page.fill("#reason", "核查应急救助对象")
    page.click("form#unmask button[type=submit]")
    watched.settle(".jjn[data-page=aid]")
    assert "full=1" in page.url and "cause=" in page.url  # the filters are kept
    table = page.inner_text("#jjn-aid-table")
    assert any(name in table for name in names)
    assert watched.problems == []


def test_problem_opens_the_entry(county, watched, artifacts):
    page = watched.page
    xihe = serving.societies(XIHE)[0]
    page.goto(county.base + xihe.url())
    watched.settle(".jjn[data-page=overview]")
    page.click("#jjn-problems a:text('查看分录')")
    page.wait_for_selector("text=1200.00 CNY")
    watched.shot(artifacts / "fava-entry-context.png")
    source = page.locator("#jjn-problems a.jjn-src").first
    href = source.get_attribute("href")
    assert href is not None and "/editor/" in href and "line=" in href
    assert watched.problems == []


def test_society_served_alone_opens_on_the_audit_page(watched):
    taoyuan = COUNTY / "taoyuan"
    with running(taoyuan) as server:
        page = watched.page
        page.goto(server.base + "/")
        watched.settle(".jjn[data-page=overview]")
        slug = serving.societies(taoyuan)[0].slug
        assert page.url.endswith(f"/{quote(slug)}/{serving.AUDIT_PAGE}")
        _, amount = total(taoyuan)
        assert page.inner_text("#jjn-aid-total") == yuan(amount)
        assert "互助社审计" in page.inner_text("aside")  # Fava's sidebar names the extension
    assert watched.problems == []
