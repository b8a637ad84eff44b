"""A county server with accounts, and an HTTP client that logs in: shared by the auth tests.

The server is the real ``jjn serve COUNTY`` process (``test_serve.running``) over the committed
sample county, with its accounts in a scratch server folder (``JJN_SERVER_DIR``) made by the
real ``jjn users add``. The client keeps cookies and does not follow redirects, so each test
sees exactly what the server answered.
"""

from __future__ import annotations

import http.cookiejar
import re
import ssl
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from test_serve import COUNTY, Server, running

# (user name, display name, role, scope, password): one account per role and then some.
ACCOUNTS = (
    ("guoguo", "桃园村出纳 郭国", "出纳", "taoyuan", "taoyuan-出纳-pass-1"),
    ("renhe", "仁和镇 王五", "乡镇", "仁和镇", "renhe-乡镇-pass-22"),
    ("shenji", "县审计局 李四", "审计", "", "shenji-审计-pass-333"),
    ("minzheng", "县民政局 赵六", "县民政局", "", "minzheng-县-pass-4444"),
    ("locked", "县财政局 孙七", "财政", "", "locked-财政-pass-55555"),
    ("changer", "县财政局 周八", "财政", "", "changer-财政-pass-666666"),
)
PASSWORDS = {a[0]: a[4] for a in ACCOUNTS}
ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])[0-9]{17}[0-9Xx](?![0-9A-Za-z])")


def add_accounts(server_dir: Path) -> None:
    """Open the accounts: the first through the real CLI (password on standard input), the
    rest through the same ``UsersFile.add`` the CLI calls (a CLI start costs a second each)."""
    from jjn_ledger.serve.users import UsersFile, parse_role

    username, display, role, scope, password = ACCOUNTS[0]
    args = ["users", "add", str(COUNTY), username, "--name", display, "--role", role]
    done = jjn(server_dir, *args, "--scope", scope, "--password-stdin", stdin=password + "\n")
    assert done.returncode == 0, done.stderr
    users = UsersFile(server_dir)
    for username, display, role, scope, password in ACCOUNTS[1:]:
        users.add(username, display, parse_role(role), scope or "示例县", password)


def jjn(server_dir: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run(
        [sys.executable, "-m", "jjn_ledger", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "JJN_SERVER_DIR": str(server_dir)},
    )


@contextmanager
def county_with_accounts(server_dir: Path) -> Iterator[Server]:
    add_accounts(server_dir)
    with running(COUNTY, env={"JJN_SERVER_DIR": str(server_dir)}) as server:
        yield server


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")


@dataclass
class Client:
    base: str
    address: str = ""  # sent as X-Real-IP, as nginx would
    tls: ssl.SSLContext | None = None  # for https: the context that trusts the test certificate
    jar: http.cookiejar.CookieJar = field(default_factory=http.cookiejar.CookieJar)

    def __post_init__(self) -> None:
        handlers: list[urllib.request.BaseHandler] = [
            urllib.request.HTTPCookieProcessor(self.jar),
            _NoRedirect(),
        ]
        if self.tls is not None:
            handlers.append(urllib.request.HTTPSHandler(context=self.tls))
        self.opener = urllib.request.build_opener(*handlers)

    def get(self, path: str, **headers: str) -> Answer:
        return self.send("GET", path, None, headers)

    def post(self, path: str, form: dict[str, str], **headers: str) -> Answer:
        return self.send("POST", path, urllib.parse.urlencode(form).encode(), headers)

    def send(self, method: str, path: str, body: bytes | None, headers: dict[str, str]) -> Answer:
        sent = {k.replace("_", "-"): v for k, v in headers.items()}
        if self.address:
            sent["X-Real-IP"] = self.address
        if body is not None:
            sent.setdefault("Content-Type", "application/x-www-form-urlencoded")
        request = urllib.request.Request(self.base + path, body, sent, method=method)
        try:
            with self.opener.open(request, timeout=120) as response:
                return Answer(response.status, dict(response.headers), response.read())
        except urllib.error.HTTPError as exc:
            return Answer(exc.code, dict(exc.headers), exc.read())

    def token(self, path: str) -> str:
        found = re.search(r'name="csrf_token" value="([^"]+)"', self.get(path).text)
        assert found, f"no CSRF token on {path}"
        return found.group(1)

    def login(self, username: str, password: str | None = None, next_: str = "/") -> Answer:
        token = self.token("/login")
        form = {"csrf_token": token, "username": username, "next": next_}
        form["password"] = PASSWORDS[username] if password is None else password
        return self.post("/login", form)


def signed_in(server: Server, username: str) -> Client:
    client = Client(server.base)
    answer = client.login(username)
    assert answer.status == 303, answer.text
    return client
