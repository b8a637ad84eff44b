"""A county's Fava loads each society on its first request and keeps only a few (serve.fava_pool).

Real Fava throughout: the WSGI app ``jjn serve`` runs (``serve.app.plan``) answers werkzeug's
test client over its real HTTP interface, so every request goes through Fava's URL handling,
its ``changed()`` watcher check and the jjn extension. Which ledgers are in memory is read from
the pool Fava itself asks (``app.config["LEDGERS"]``).
"""

from __future__ import annotations

import gc
import json
import shutil
import threading
import time
from pathlib import Path

import pytest
from werkzeug.test import Client

from jjn_ledger.serve import app as serving
from jjn_ledger.serve import background, fava_pool
from jjn_ledger.serve import societies as listing

ROOT = Path(__file__).resolve().parent.parent
COUNTY = ROOT / "ledgers" / "sample-county"
NAMES = ("taoyuan", "xihe", "beipo", "dongang")
AUDIT = "extension/JjnAudit/"


@pytest.fixture
def county(tmp_path: Path) -> Path:
    for name in NAMES:
        shutil.copytree(COUNTY / name, tmp_path / name)
    return tmp_path


def served(folder: Path, keep: int = 2) -> tuple[Client, serving.Plan, fava_pool.LedgerPool]:
    plan = serving.plan(folder, keep=keep)
    pool = plan.fava.config["LEDGERS"]
    assert isinstance(pool, fava_pool.LedgerPool)
    return Client(plan.app), plan, pool


def shown(text: str, html: str) -> bool:
    """Whether ``text`` is on the page, as HTML or inside Fava's JSON ledger data."""
    return text in html or json.dumps(text)[1:-1] in html


def slugs(plan: serving.Plan) -> dict[str, str]:
    return {s.folder.name: s.slug for s in plan.societies}


def test_a_society_page_works(county):
    client, plan, _ = served(county)
    society = plan.societies[0]
    page = client.get(society.url())
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert society.title in text and "救助" in text
    journal = client.get(society.url("journal/"))
    assert journal.status_code == 200
    assert f"<title> - {society.title}</title>" in journal.get_data(as_text=True)
    assert client.get("/fava/no-such-society/journal/").status_code == 404


def test_only_the_asked_for_ledgers_are_loaded(county):
    client, plan, pool = served(county, keep=4)
    assert pool.loaded() == []
    by = slugs(plan)
    assert client.get(f"/fava/{by['xihe']}/{AUDIT}").status_code == 200
    assert pool.loaded() == [by["xihe"]]
    assert client.get(f"/fava/{by['xihe']}/income_statement/").status_code == 200
    assert pool.loads == {s.slug: int(s.slug == by["xihe"]) for s in plan.societies}


def test_the_switcher_lists_every_society_without_loading_them(county):
    client, plan, pool = served(county, keep=4)
    page = client.get(plan.societies[0].url("journal/")).get_data(as_text=True)
    assert all(shown(s.title, page) for s in plan.societies)
    assert pool.loaded() == [plan.societies[0].slug]


def test_fava_root_goes_to_the_first_society(county):
    client, plan, pool = served(county)
    reply = client.get("/fava/", follow_redirects=True)
    assert reply.status_code == 200
    assert pool.loaded() == [plan.societies[0].slug]


def test_the_bound_evicts_the_least_recently_used(county):
    client, plan, pool = served(county, keep=2)
    by = slugs(plan)
    for name in ("taoyuan", "xihe", "taoyuan", "beipo"):
        assert client.get(f"/fava/{by[name]}/{AUDIT}").status_code == 200
    assert pool.loaded() == [by["taoyuan"], by["beipo"]]  # xihe was used least recently
    assert len(pool.loaded()) == 2


def test_an_evicted_society_reloads_on_its_next_request(county):
    client, plan, pool = served(county, keep=1)
    by = slugs(plan)
    for name in ("xihe", "taoyuan", "xihe"):
        reply = client.get(f"/fava/{by[name]}/{AUDIT}")
        assert reply.status_code == 200
    assert shown(next(s.title for s in plan.societies if s.slug == by["xihe"]), reply.text)
    assert pool.loaded() == [by["xihe"]]
    assert pool.loads[by["xihe"]] == 2 and pool.loads[by["taoyuan"]] == 1


def test_evicted_ledgers_are_freed(county):
    from fava.core import FavaLedger

    def alive(main: Path) -> int:
        return sum(
            1
            for o in gc.get_objects()
            if isinstance(o, FavaLedger) and o.beancount_file_path == str(main)
        )

    client, plan, pool = served(county, keep=1)
    assert pool.collect_every == 1
    society = next(s for s in plan.societies if s.folder.name == "taoyuan")
    assert client.get(society.url()).status_code == 200
    assert alive(society.main) == 1
    assert client.get(plan.societies[-1].url()).status_code == 200
    assert alive(society.main) == 0  # not merely dropped from the pool: the memory is given back


def test_a_ledger_changed_on_disk_is_seen(county):
    client, plan, pool = served(county)
    slug = slugs(plan)["taoyuan"]
    payee = "外部编辑核对人"
    assert not shown(payee, client.get(f"/fava/{slug}/journal/").get_data(as_text=True))
    month = sorted((county / "taoyuan" / "books").glob("*.beancount"))[-1]
    time.sleep(0.01)  # a later mtime than the load's, on any filesystem clock
    with month.open("a", encoding="utf-8") as books:
        books.write(
            f'\n{month.stem}-20 * "{payee}" "从银行提取备用金"\n'
            "  Assets:1001-现金           100.00 CNY\n"
            "  Assets:1002-银行存款:01-基本户\n"
        )
    assert shown(payee, client.get(f"/fava/{slug}/journal/").get_data(as_text=True))
    assert pool.loads[slug] == 1  # Fava's own watcher reloaded it in place


def test_two_first_requests_load_a_society_once(county):
    _, plan, pool = served(county)
    slug = plan.societies[2].slug
    codes: list[int] = []

    def ask() -> None:
        codes.append(Client(plan.app).get(f"/fava/{slug}/{AUDIT}").status_code)

    threads = [threading.Thread(target=ask) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert codes == [200, 200, 200] and pool.loads[slug] == 1


def test_the_overview_counts_up_as_summaries_arrive(county):
    from jjn_ledger.county import engine
    from jjn_ledger.county.summary import SocietySummary

    found = listing.societies(county)
    gate = threading.Event()

    def summarise(folder: Path) -> SocietySummary:
        if folder.name != found[0].folder.name:
            assert gate.wait(60)
        return engine.summarise(folder)

    cache = background.SummaryCache([s.folder for s in found], summarise)
    plan = serving.plan(county)
    from jjn_ledger.serve.overview import overview_app

    client = Client(overview_app(county, found, plan.fava, cache))
    cache.refresh_soon()
    deadline = time.monotonic() + 60
    while cache.get(found[0].folder) is None:
        assert time.monotonic() < deadline
        time.sleep(0.02)
    assert cache.busy  # the others wait for the gate
    assert f"已完成 1/{len(found)}" in client.get("/").get_data(as_text=True)
    gate.set()
    cache.wait(60)
    page = client.get("/").get_data(as_text=True)
    assert "已完成" not in page and 'data-ready="no"' not in page
    assert plan.fava.config["LEDGERS"].loaded() == []  # the overview never loads Fava


def test_capacity_must_be_positive():
    with pytest.raises(ValueError):
        fava_pool.LedgerPool([], capacity=0)
