"""The county server with accounts, over HTTP: login, scope per role, redaction, CSRF, lockout.

One real ``jjn serve`` over the sample county, accounts made by the real ``jjn users add``
(``serve_auth_kit``). Every route kind — the overview, Fava's pages, ``/api/*``, extension
pages, downloads, raw source, queries — is asked by every role of a society it may see and of
one it may not: the answer is the page, or a 403 in Chinese, and never an ID number or (for
the masked roles) a recipient's full name in any encoding.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from serve_auth_kit import (
    ID_NUMBER,
    PASSWORDS,
    Answer,
    Client,
    county_with_accounts,
    jjn,
    signed_in,
)
from test_serve import COUNTY, Server

from jjn_ledger.serve import societies as listing
from jjn_ledger.serve.gate import MAX_BODY
from jjn_ledger.serve.pages import SECURITY_HEADERS

AUDIT = "extension/JjnAudit/"
SLUGS = {s.folder.name: s.slug for s in listing.societies(COUNTY)}
TOWNSHIP = {"taoyuan", "xihe", "dongang", "shuangqiao"}  # 仁和镇


def names_of(folder: str) -> list[str]:
    people = (COUNTY / folder / "people.beancount").read_text("utf-8")
    return re.findall(r'name: "([^"]+)"', people)


def ids_of(folder: str) -> set[str]:
    people = (COUNTY / folder / "people.beancount").read_text("utf-8")
    return set(re.findall(r'id-number: "([^"]+)"', people))


def forms_of(name: str) -> list[str]:
    """A name as it can appear in a body: plain, JSON-escaped, URL-encoded."""
    return [name, json.dumps(name)[1:-1], quote(name), quote(name).lower()]


def url(folder: str, rest: str = "") -> str:
    return f"/fava/{quote(SLUGS[folder])}/{rest}"


PAGES = (
    "",
    AUDIT,
    AUDIT + "?page=aid",
    AUDIT + "?page=person",
    AUDIT + "?page=person&key=P001",
    AUDIT + "?page=notices",
    "journal/",
    "errors/",
    "income_statement/",
    "api/journal",
    "api/errors",
    "api/options",
    "api/narrations",
    "api/events",
    "api/income_statement",
    "api/balance_sheet",
    "api/trial_balance",
    "api/statistics",
    "api/commodities",
    "api/context?entry_hash=0",
    "api/source_slice?entry_hash=0",
)
TREASURER_ONLY = (
    "editor/",
    "api/source?filename={main}",
    "api/documents",
    "api/imports",
    "download-journal/",
    "document/?filename={people}",
    "query/",
    "api/query?query_string=SELECT%20payee",
    "download-query/query_result.csv?query_string=SELECT%20payee",
    "download-query/query_result.xlsx?query_string=SELECT%20payee",
    "api/payee_transaction?payee=x",
    "api/payee_accounts?payee=x",
    "journal/?filter=%E6%98%8E",
)


@pytest.fixture(scope="module")
def server_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("server")


@pytest.fixture(scope="module")
def county(server_dir: Path) -> Iterator[Server]:
    with county_with_accounts(server_dir) as server:
        yield server


def assert_no_leak(answer: Answer, folder: str, masked: bool, own: bool = False) -> None:
    found = set(ID_NUMBER.findall(answer.text))
    if own:  # a treasurer's own books: their own people, nobody else's
        found -= ids_of(folder)
    assert not found, f"ID numbers in the answer: {sorted(found)[:3]}"
    if masked:
        shown = [n for n in names_of(folder) for f in forms_of(n) if f in answer.text]
        assert not shown, f"full names in a masked view: {shown[:3]}"


def assert_refused(answer: Answer) -> None:
    assert answer.status == 403, answer.status
    assert "无权" in answer.text or "只对本社出纳开放" in answer.text


# --- accounts --------------------------------------------------------------------------------


def test_users_file_is_private_and_holds_no_password(county: Server, server_dir: Path):
    users = server_dir / "users.json"
    assert stat.S_IMODE(users.stat().st_mode) == 0o600
    assert stat.S_IMODE(server_dir.stat().st_mode) == 0o700
    text = users.read_text("utf-8")
    assert all(p not in text for p in PASSWORDS.values())
    assert text.count('"password_hash": "scrypt:') == len(PASSWORDS)
    listed = jjn(server_dir, "users", "list", str(COUNTY))
    assert listed.returncode == 0 and "shenji" in listed.stdout and "scrypt" not in listed.stdout


def test_users_cli_refuses_bad_input(server_dir: Path, digest):
    before = digest(server_dir)
    cases = (
        (("--role", "乡镇", "--scope", "火星"), "范围不对"),
        (("--role", "校长"), "未知角色"),
        (("--role", "出纳", "--scope", "仁和镇"), "范围不对"),
    )
    for args, said in cases:
        done = jjn(
            server_dir,
            "users",
            "add",
            str(COUNTY),
            "newbie",
            "--name",
            "某人",
            *args,
            "--password-stdin",
            stdin="a-long-enough-password\n",
        )
        assert done.returncode == 2 and said in done.stderr and "Traceback" not in done.stderr
    short = jjn(
        server_dir,
        "users",
        "add",
        str(COUNTY),
        "newbie",
        "--name",
        "某人",
        "--role",
        "审计",
        "--password-stdin",
        stdin="short\n",
    )
    assert short.returncode == 2 and "密码太短" in short.stderr
    twice = jjn(
        server_dir,
        "users",
        "add",
        str(COUNTY),
        "shenji",
        "--name",
        "某人",
        "--role",
        "审计",
        "--password-stdin",
        stdin="a-long-enough-password\n",
    )
    assert twice.returncode == 2 and "用户已存在" in twice.stderr
    single = jjn(server_dir, "users", "list", str(COUNTY / "taoyuan"))
    assert single.returncode == 2 and "县文件夹" in single.stderr
    assert digest(server_dir) == before


# --- login -----------------------------------------------------------------------------------


def test_everything_asks_for_login_first(county: Server):
    anonymous = Client(county.base)
    for path in ("/", url("taoyuan", AUDIT), url("taoyuan", "journal/"), "/access-log"):
        answer = anonymous.get(path)
        assert answer.status == 303 and answer.location.startswith("/login?next="), path
    for path in (url("taoyuan", "api/journal"), url("taoyuan", "api/source?filename=x")):
        answer = anonymous.get(path)
        assert answer.status == 401 and "请先登录" in answer.text
        assert_no_leak(answer, "taoyuan", masked=True)
    page = anonymous.get("/login")
    assert page.status == 200 and "登录" in page.text and 'name="csrf_token"' in page.text


def test_wrong_password_and_unknown_user_look_alike(county: Server):
    client = Client(county.base, address="10.1.1.1")
    wrong = client.login("shenji", "not-the-password")
    unknown = client.login("nobody-here", "not-the-password")
    assert wrong.status == unknown.status == 401
    assert "用户名或密码错误" in wrong.text and "用户名或密码错误" in unknown.text


def test_every_response_has_the_security_headers(county: Server):
    client = signed_in(county, "shenji")
    for path in (
        "/login",
        "/",
        url("taoyuan", AUDIT),
        url("taoyuan", "api/journal"),
        url("qingshan", "editor/"),
        "/fava/static/app.js",
    ):
        answer = client.get(path)
        for name, value in SECURITY_HEADERS.items():
            assert answer.headers.get(name) == value, (path, name)
    cookie = next(c for c in client.jar if c.name == "jjn_session")
    assert cookie.has_nonstandard_attr("HttpOnly")
    assert client.get(url("taoyuan", AUDIT)).headers.get("Cache-Control") == "no-store"


def test_logout_ends_the_session(county: Server):
    client = signed_in(county, "minzheng")
    assert client.get("/").status == 200
    cookies = [(c.name, c.value) for c in client.jar]
    token = client.token(url("taoyuan", AUDIT))  # the bar's logout form
    assert client.post("/logout", {}).status == 403  # no token: refused, still signed in
    assert client.get("/").status == 200
    answer = client.post("/logout", {"csrf_token": token})
    assert answer.status == 303 and answer.location == "/login"
    replay = Client(county.base)  # the old cookie, kept by someone: worth nothing now
    for name, value in cookies:
        replay.jar.set_cookie(_cookie(name, value))
    assert replay.get("/").status == 303
    assert replay.get(url("taoyuan", "api/journal")).status == 401


def _cookie(name: str, value: str):
    import http.cookiejar

    return http.cookiejar.Cookie(
        0,
        name,
        value,
        None,
        False,
        "127.0.0.1",
        False,
        False,
        "/",
        True,
        False,
        None,
        False,
        None,
        None,
        {},
    )


def test_ten_wrong_passwords_lock_the_user_out(county: Server):
    client = Client(county.base, address="10.2.2.2")
    for n in range(10):
        answer = client.login("locked", f"wrong-{n}")
        assert answer.status == 401
    assert "已暂时锁定" in answer.text
    right = client.login("locked")
    assert right.status == 429 and "分钟后再试" in right.text
    elsewhere = Client(county.base, address="10.3.3.3")  # the lock is on the user, not the place
    assert elsewhere.login("locked").status == 429
    assert elsewhere.login("shenji").status == 303  # other users are not locked


def test_many_failures_from_one_address_lock_the_address(county: Server):
    client = Client(county.base, address="10.4.4.4")
    for n in range(30):
        client.login(f"guess{n}", "wrong-password")
    assert client.login("shenji").status == 429
    assert Client(county.base, address="10.5.5.5").login("shenji").status == 303


def test_a_password_change_ends_that_users_sessions(county: Server, server_dir: Path):
    client = signed_in(county, "changer")
    assert client.get("/").status == 200
    done = jjn(
        server_dir,
        "users",
        "passwd",
        str(COUNTY),
        "changer",
        "--password-stdin",
        stdin="a-brand-new-password-7\n",
    )
    assert done.returncode == 0, done.stderr
    assert client.get("/").status == 303
    assert Client(county.base).login("changer").status == 401
    assert Client(county.base).login("changer", "a-brand-new-password-7").status == 303


def test_csrf_token_required_for_every_post(county: Server):
    client = signed_in(county, "shenji")
    form = {"society": SLUGS["taoyuan"], "person": "P001", "reason": "核查救助对象身份"}
    assert client.post("/unmask", form).status == 403
    assert client.post("/unmask", {**form, "csrf_token": "forged"}).status == 403
    assert client.post(url("taoyuan", AUDIT), {"x": "1"}).status == 403
    assert "CSRF" in client.post(url("taoyuan", "api/source"), {}).text
    fresh = Client(county.base)
    answer = fresh.post("/login", {"username": "shenji", "password": PASSWORDS["shenji"]})
    assert answer.status == 403 and "jjn_session" not in str(answer.headers)


def test_an_oversized_post_is_refused_whole(county: Server):
    client = signed_in(county, "shenji")
    answer = client.send("POST", "/unmask", b"x" * (MAX_BODY + 1), {})
    assert answer.status == 413 and "太大" in answer.text


def test_redirect_after_login_stays_on_this_server(county: Server):
    client = Client(county.base)
    assert client.login("shenji", next_="//evil.example/x").location == "/"
    client = Client(county.base)
    assert client.login("shenji", next_=url("xihe", AUDIT)).location == url("xihe", AUDIT)


# --- who sees what -------------------------------------------------------------------------


def test_overview_lists_only_the_users_societies(county: Server):
    expected = {
        "guoguo": {"taoyuan"},
        "renhe": TOWNSHIP,
        "shenji": set(SLUGS),
        "minzheng": set(SLUGS),
    }
    for username, folders in expected.items():
        page = signed_in(county, username).get("/")
        assert page.status == 200
        listed = {f for f, slug in SLUGS.items() if f'data-slug="{slug}"' in page.text}
        assert listed == folders, username


def test_fava_root_sends_each_user_to_a_society_they_may_see(county: Server):
    answer = signed_in(county, "guoguo").get("/fava/")
    assert answer.status == 303 and answer.location == url("taoyuan", AUDIT)


@pytest.mark.slow
@pytest.mark.parametrize("username", ["guoguo", "renhe", "shenji", "minzheng"])
def test_every_route_per_role(county: Server, username: str):
    """Allowed, or 403 in Chinese; never an ID number; never a full name where masked."""
    client = signed_in(county, username)
    masked = username in ("shenji", "minzheng")
    for folder in ("taoyuan", "qingshan"):
        visible = username in ("shenji", "minzheng") or (
            folder == "taoyuan" and username in ("guoguo", "renhe")
        )
        own = username == "guoguo" and folder == "taoyuan"
        files = {
            "main": str(COUNTY / folder / "main.beancount"),
            "people": str(COUNTY / folder / "people.beancount"),
        }
        for rest in PAGES:
            answer = client.get(url(folder, rest))
            if visible:
                assert answer.status != 403 and answer.status < 500, (folder, rest, answer.status)
            else:
                assert_refused(answer)
            assert_no_leak(answer, folder, masked, own)
        for rest in TREASURER_ONLY:
            answer = client.get(url(folder, quote(rest.format(**files), safe="/?=&%")))
            if own:
                assert answer.status != 403, (rest, answer.text[:200])
            else:
                assert_refused(answer)
            assert_no_leak(answer, folder, masked, own)


def test_other_societies_pages_are_refused_to_a_township(county: Server):
    client = signed_in(county, "renhe")
    for folder in set(SLUGS) - TOWNSHIP:
        answer = client.get(url(folder, AUDIT))
        assert_refused(answer)
        title = next(s.title for s in listing.societies(COUNTY / folder))
        assert title not in answer.text
    assert client.get(url("xihe", AUDIT)).status == 200


def test_township_sees_full_names_but_no_id_numbers(county: Server):
    page = signed_in(county, "renhe").get(url("taoyuan", AUDIT + "?page=aid&full=1"))
    assert page.status == 200
    assert any(f">{n}<" in page.text for n in names_of("taoyuan"))
    assert_no_leak(page, "taoyuan", masked=False)


def test_treasurer_sees_own_books_in_full(county: Server):
    client = signed_in(county, "guoguo")
    source = client.get(
        url("taoyuan", "api/source?filename=" + quote(str(COUNTY / "taoyuan" / "people.beancount")))
    )
    assert source.status == 200
    assert all(i in source.text for i in ids_of("taoyuan"))  # their own 一人一档, unredacted


# --- unmasking -------------------------------------------------------------------------------


def test_unmasking_asks_a_reason_and_is_logged(county: Server, server_dir: Path):
    client = signed_in(county, "shenji")
    page = url("taoyuan", AUDIT + "?page=person&key=P003&full=1")
    asked = client.get(page)
    assert asked.status == 303 and asked.location.startswith("/unmask?")
    form = client.get(asked.location)
    assert form.status == 200 and "查看理由" in form.text
    assert_no_leak(form, "taoyuan", masked=True)
    token = client.token(asked.location)
    base = {"csrf_token": token, "society": SLUGS["taoyuan"], "person": "P003", "next": page}
    empty = client.post("/unmask", {**base, "reason": " "})
    assert empty.status == 400 and "理由" in empty.text
    log = server_dir / "access.log"
    before = log.read_text("utf-8").count("\n") if log.exists() else 0
    done = client.post("/unmask", {**base, "reason": "核查重复救助线索"})
    assert done.status == 303 and done.location == page
    shown = client.get(page)
    names = dict(
        re.findall(
            r'"jjn-recipient" "(P\d+)"\n  name: "([^"]+)"',
            (COUNTY / "taoyuan" / "people.beancount").read_text("utf-8"),
        )
    )
    assert names["P003"] in shown.text
    others = [n for k, n in names.items() if k != "P003" and n != names["P003"]]
    assert not any(n in shown.text for n in others)  # only the one asked for
    lines = log.read_text("utf-8").splitlines()
    assert len(lines) == before + 1
    entry = json.loads(lines[-1])
    assert entry["username"] == "shenji" and entry["persons"] == ["P003"]
    assert entry["reason"] == "核查重复救助线索" and entry["society"] == "taoyuan"
    assert names["P003"] not in lines[-1]  # the log names the key and the masked name
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    # county staff read the log in the browser; the officer may not
    assert client.get("/access-log").status == 403
    board = signed_in(county, "minzheng").get("/access-log")
    assert board.status == 200 and "核查重复救助线索" in board.text and "记录链完整" in board.text
    # the unmasking holds for this session only
    assert signed_in(county, "shenji").get(page).status == 303


def test_roles_that_see_names_are_not_asked(county: Server):
    client = signed_in(county, "renhe")
    answer = client.get("/unmask?society=" + quote(SLUGS["taoyuan"]))
    assert answer.status == 403


def test_one_entrys_source_is_shown_redacted(county: Server):
    """What "查看分录" opens (context, source slice) for a recipient's own entry."""
    journal = json.loads(signed_in(county, "guoguo").get(url("taoyuan", "api/journal")).body)
    entries = journal["data"] if isinstance(journal, dict) else journal
    recipient = next(e for e in entries if e.get("type") == "jjn-recipient")
    for username, masked in (("shenji", True), ("renhe", False)):
        client = signed_in(county, username)
        for api in ("api/context", "api/source_slice"):
            answer = client.get(url("taoyuan", f"{api}?entry_hash={recipient['entry_hash']}"))
            assert answer.status == 200, (username, api, answer.text[:200])
            assert "jjn-recipient" in answer.text
            assert_no_leak(answer, "taoyuan", masked)


def test_a_county_without_accounts_stays_on_this_machine(tmp_path: Path):
    done = jjn(tmp_path, "serve", str(COUNTY), "--host", "0.0.0.0", "--port", "1")
    assert done.returncode == 2 and "还没有账号" in done.stderr and "Traceback" not in done.stderr
    assert not any(tmp_path.iterdir())  # nothing written either


def test_the_server_says_whether_accounts_are_on(county: Server):
    assert "账号登录已启用：6 个账号" in _early_output(county)


def _early_output(server: Server) -> str:
    """What the server printed so far (its stdout is a pipe nobody else reads yet)."""
    import select

    assert server.proc.stdout is not None
    ready, _, _ = select.select([server.proc.stdout], [], [], 5)
    return os.read(server.proc.stdout.fileno(), 65536).decode() if ready else ""


def test_the_workbench_is_the_treasurers_behind_the_gate(county: Server, digest):
    before = digest(COUNTY / "taoyuan")
    for username in ("shenji", "renhe", "minzheng"):
        assert signed_in(county, username).get("/workbench/taoyuan/").status == 403
    client = signed_in(county, "guoguo")
    assert client.get("/workbench/taoyuan/").status == 200
    assert client.get("/workbench/xihe/").status == 403  # another society's desk
    gate_token = client.token(url("taoyuan", AUDIT))  # the logout form's token
    form = client.get("/workbench/taoyuan/record/interest")
    assert form.status == 200 and f'value="{gate_token}"' in form.text  # one token for both
    nonce = re.search(r'name="form_nonce" value="([^"]+)"', form.text).group(1)
    values = {"amount": "不是金额", "date": "2026-03-21", "form_nonce": nonce}
    refused = client.post("/workbench/taoyuan/record/interest", values)
    assert refused.status == 403 and "CSRF" in refused.text  # stopped at the gate
    checked = client.post(
        "/workbench/taoyuan/record/interest", {**values, "csrf_token": gate_token}
    )
    assert checked.status == 422  # past both CSRF checks, refused by the form's own validation
    assert digest(COUNTY / "taoyuan") == before


# --- no plaintext anywhere -------------------------------------------------------------------


def test_no_plaintext_password_on_disk(county: Server, server_dir: Path):
    """The county folder, the server folder (users, key, access log) and the server's logs."""
    county.proc.send_signal(2)  # Ctrl-C: it stops, background workers and all
    out, err = county.proc.communicate(timeout=30)
    assert county.proc.returncode == 0, err
    files = [p for p in [*COUNTY.rglob("*"), *server_dir.rglob("*")] if p.is_file()]
    cache = os.environ.get("JJN_CACHE_DIR")
    if cache:
        files += [p for p in Path(cache).rglob("*") if p.is_file()]
    blobs = [p.read_bytes() for p in files] + [out.encode(), err.encode()]
    for password in [*PASSWORDS.values(), "a-brand-new-password-7"]:
        for blob in blobs:
            assert password.encode() not in blob
            assert password.encode("utf-16-le") not in blob
