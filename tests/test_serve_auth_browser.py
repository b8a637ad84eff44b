"""The county server with accounts in a real browser (Debian's Chromium through Playwright).

Each role logs in through the Chinese login page and sees its own scope; a township user's
direct link to another township's society is refused; an officer sees masked names, asks to
see one in full with a reason, and county staff find that request in the access log; a POST
without the page's CSRF token is refused; ten wrong passwords lock the account; logout ends
the session. Screenshots go to ``tests/artifacts/``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from serve_auth_kit import PASSWORDS, county_with_accounts
from test_fava_browser import ARGS, CHROMIUM, Watched
from test_serve import COUNTY, Server

from jjn_ledger.serve import societies as listing

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed"),
]

SLUGS = {s.folder.name: s.slug for s in listing.societies(COUNTY)}
AUDIT = "extension/JjnAudit/"


def url(folder: str, rest: str = AUDIT) -> str:
    return f"/fava/{quote(SLUGS[folder])}/{rest}"


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with county_with_accounts(tmp_path_factory.mktemp("server")) as server:
        yield server


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def watched(browser: Any) -> Iterator[Watched]:
    """A fresh page in its own browser context: its own cookies, so its own session."""
    w = Watched(browser)
    yield w
    w.page.close()


def log_in(w: Watched, county: Server, username: str, password: str | None = None) -> None:
    page = w.page
    page.goto(county.base + "/")
    assert "/login" in page.url
    page.fill("#username", username)
    page.fill("#password", PASSWORDS[username] if password is None else password)
    with page.expect_navigation():
        page.click("form#login button[type=submit]")


def listed(w: Watched) -> set[str]:
    slugs = w.page.locator("tr[data-slug]").evaluate_all("rows => rows.map(r => r.dataset.slug)")
    return {f for f, s in SLUGS.items() if s in slugs}


def test_each_role_sees_its_own_scope(county, browser, artifacts):
    expected = {
        "guoguo": {"taoyuan"},
        "renhe": {"taoyuan", "xihe", "dongang", "shuangqiao"},
        "shenji": set(SLUGS),
        "minzheng": set(SLUGS),
    }
    for username, folders in expected.items():
        w = Watched(browser)
        log_in(w, county, username)
        assert w.page.url == county.base + "/"
        assert listed(w) == folders, username
        assert "（" in w.page.inner_text("#jjn-user")
        w.shot(artifacts / f"serve-auth-overview-{username}.png")
        w.page.click(f'a.society[href="{url(sorted(folders)[0])}"]')
        w.settle(".jjn[data-page=overview]")
        assert w.problems == [], (username, w.problems)
        w.page.close()


def test_township_user_is_refused_another_townships_society(county, watched, artifacts):
    log_in(watched, county, "renhe")
    answer = watched.page.goto(county.base + url("qingshan"))
    assert answer is not None and answer.status == 403
    text = watched.page.inner_text("body")
    assert "无权查看该互助社的账本" in text
    assert "青山" not in text  # not even the society's name
    watched.shot(artifacts / "serve-auth-refused.png")
    editor = watched.page.goto(county.base + url("taoyuan", "editor/"))
    assert editor is not None and editor.status == 403  # raw source: the treasurer's only


def test_officer_unmasks_with_a_reason_and_the_log_shows_it(county, browser, artifacts):
    people = (COUNTY / "xihe" / "people.beancount").read_text("utf-8")
    names = dict(re.findall(r'"jjn-recipient" "(P\d+)"\n  name: "([^"]+)"', people))
    officer = Watched(browser)
    log_in(officer, county, "shenji")
    page = officer.page
    page.goto(county.base + url("xihe", AUDIT + "?page=person"))
    officer.settle("#jjn-people")
    table = page.inner_text("#jjn-people")
    assert not any(n in table for n in names.values())
    assert page.content().count(next(iter(names.values()))) == 0  # nor in Fava's page data
    page.click("a.jjn-names")
    page.wait_for_selector("form#unmask")
    officer.shot(artifacts / "serve-auth-unmask.png")
    page.select_option("#person", "P002")
    page.fill("#reason", "抽查救助对象身份（县审计局2025年第3号）")
    page.click("form#unmask button[type=submit]")
    page.wait_for_selector("#jjn-people")
    table = page.inner_text("#jjn-people")
    assert names["P002"] in table
    assert not any(n in table for k, n in names.items() if k != "P002")
    assert page.goto(county.base + "/access-log").status == 403  # officers do not read the log
    officer.page.close()

    staff = Watched(browser)
    log_in(staff, county, "minzheng")
    staff.page.click("#jjn-access-log")
    staff.page.wait_for_selector("#access-log")
    row = staff.page.inner_text("#access-log tbody tr:first-child")
    assert (
        "县审计局 李四" in row and "P002" in row and "县审计局2025年第3号" in row and "xihe" in row
    )
    assert "记录链完整" in staff.page.inner_text("#chain")
    staff.shot(artifacts / "serve-auth-access-log.png")
    staff.page.close()


def test_post_without_csrf_token_is_refused(county, watched):
    log_in(watched, county, "shenji")
    page = watched.page
    page.goto(county.base + "/unmask?society=" + quote(SLUGS["taoyuan"]))
    form = {"society": SLUGS["taoyuan"], "person": "P001", "reason": "没有令牌的请求"}
    status = page.evaluate(
        "async form => (await fetch('/unmask', {method: 'POST', body: new URLSearchParams(form)}))"
        ".status",
        form,
    )
    assert status == 403
    page.evaluate("() => document.querySelector('input[name=csrf_token]').remove()")
    page.fill("#reason", "没有令牌的请求")
    page.click("form#unmask button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "CSRF" in page.inner_text("body")


def test_ten_wrong_passwords_lock_the_account(county, watched, artifacts):
    for n in range(10):
        log_in(watched, county, "locked", f"wrong-password-{n}")
        assert "用户名或密码错误" in watched.page.inner_text("#login-error")
    assert "已暂时锁定" in watched.page.inner_text("#login-error")
    log_in(watched, county, "locked")  # the right password, too late
    assert "/login" in watched.page.url
    assert "分钟后再试" in watched.page.inner_text("#login-error")
    watched.shot(artifacts / "serve-auth-locked.png")


def test_logout_ends_the_session(county, watched):
    log_in(watched, county, "minzheng")
    page = watched.page
    page.goto(county.base + url("taoyuan"))
    watched.settle(".jjn[data-page=overview]")
    cookies = page.context.cookies()
    page.click("#jjn-logout")
    page.wait_for_url(re.compile(r".*/login$"))
    page.goto(county.base + url("taoyuan"))
    assert "/login" in page.url  # signed out
    page.context.add_cookies(cookies)  # the old cookie back: the session is gone all the same
    page.goto(county.base + "/")
    assert "/login" in page.url
