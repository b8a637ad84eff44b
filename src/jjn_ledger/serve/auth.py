"""Login, logout, CSRF tokens and the failed-login throttle of the county server.

``Accounts`` answers the gate's two questions about a request — who is this (``identify``)
and is this form really from our page (``csrf_ok``) — and serves ``/login`` and ``/logout``.
The login form has its own CSRF token before any session exists: a random value in a
``SameSite=Strict`` cookie, and its HMAC under the session key in the form. After login, every
form and every non-GET request carries the session's token (field ``csrf_token`` or header
``X-CSRF-Token``). The session cookie is ``HttpOnly``, ``SameSite=Strict``, and ``Secure``
when the request came over HTTPS (directly or through nginx's ``X-Forwarded-Proto``).

A wrong password and an unknown user name take the same time and give the same message, so
the login page does not reveal which user names exist.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from dataclasses import dataclass
from typing import Any

from itsdangerous import BadSignature, TimestampSigner
from werkzeug.wrappers import Request, Response

from jjn_ledger.serve import pages
from jjn_ledger.serve.identity import User
from jjn_ledger.serve.sessions import (
    ADDRESS_FAILURES,
    LIFETIME,
    USER_FAILURES,
    Session,
    Sessions,
    Throttle,
)
from jjn_ledger.serve.users import UsersFile, password_matches

COOKIE = "jjn_session"
LOGIN_COOKIE = "jjn_login"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
_DUMMY_HASH = "scrypt:32768:8:1$dummydummydummy$" + "0" * 128


@dataclass(frozen=True)
class Signed:
    """Who a request is from: the user, and the session that proves it."""

    user: User
    session: Session


def address(request: Request) -> str:
    """The client's address: nginx's ``X-Real-IP`` when the request came from loopback."""
    peer = request.remote_addr or ""
    forwarded = request.headers.get("X-Real-IP", "").strip()
    try:
        if forwarded and ipaddress.ip_address(peer).is_loopback:
            return str(ipaddress.ip_address(forwarded))
    except ValueError:
        pass
    return peer


def over_https(request: Request) -> bool:
    if request.scheme == "https":
        return True
    proto = request.headers.get("X-Forwarded-Proto", "")
    try:
        return proto == "https" and ipaddress.ip_address(request.remote_addr or "").is_loopback
    except ValueError:
        return False


class Accounts:
    """Sessions over one county's users file."""

    def __init__(self, users: UsersFile, key: bytes, county: str) -> None:
        self.users = users
        self.county = county
        self._key = key
        self._signer = TimestampSigner(key, salt="jjn-session")
        self.sessions = Sessions()
        self.throttle = Throttle()

    # --- who is asking ---------------------------------------------------------------

    def identify(self, request: Request) -> Signed | None:
        raw = request.cookies.get(COOKIE, "")
        try:
            sid = self._signer.unsign(raw, max_age=LIFETIME).decode("ascii")
        except (BadSignature, UnicodeDecodeError):
            return None
        session = self.sessions.get(sid)
        if session is None:
            return None
        account = self.users.get(session.username)
        if account is None or account.changed != session.changed:
            self.sessions.end(sid)  # removed, or the password was changed since
            return None
        return Signed(account.user(), session)

    @staticmethod
    def csrf_ok(request: Request, form: Any, signed: Signed) -> bool:
        sent = form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER, "")
        return bool(sent) and hmac.compare_digest(str(sent), signed.session.csrf)

    # --- /login and /logout ----------------------------------------------------------

    def _login_token(self, nonce: str) -> str:
        return hmac.new(self._key, b"login:" + nonce.encode(), hashlib.sha256).hexdigest()

    def login_page(
        self, request: Request, message: str = "", status: int = 200, username: str = ""
    ) -> Response:
        nonce = request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(24)
        response = pages.page(
            "login.html",
            status,
            title="登录",
            county=self.county,
            csrf=self._login_token(nonce),
            next=pages.safe_next(request.values.get("next", "/")),
            message=message,
            username=username,
        )
        response.set_cookie(
            LOGIN_COOKIE, nonce, httponly=True, samesite="Strict", secure=over_https(request)
        )
        return response

    def login(self, request: Request, form: Any) -> Response:
        nonce = request.cookies.get(LOGIN_COOKIE, "")
        sent = str(form.get(CSRF_FIELD, ""))
        if not nonce or not hmac.compare_digest(sent, self._login_token(nonce)):
            return self.login_page(request, "页面已过期或请求来源不明，请重新登录。", 403)
        username = str(form.get("username", "")).strip()
        password = str(form.get("password", ""))
        user_key, addr_key = f"user:{username}", f"addr:{address(request)}"
        left = max(self.throttle.locked_for(user_key), self.throttle.locked_for(addr_key))
        if left:
            minutes = int(left // 60) + 1
            return self.login_page(
                request, f"登录失败次数过多，已暂时锁定，请 {minutes} 分钟后再试。", 429, username
            )
        account = self.users.get(username) if username else None
        if account is None:
            password_matches_dummy(password)
        if account is None or not password_matches(account, password):
            locked = self.throttle.fail(user_key, USER_FAILURES)
            locked = self.throttle.fail(addr_key, ADDRESS_FAILURES) or locked
            message = "用户名或密码错误。"
            if locked:
                message += "失败次数过多，已暂时锁定 15 分钟。"
            return self.login_page(request, message, 401, username)
        self.throttle.succeed(user_key)
        session = self.sessions.start(account.username, account.changed)
        response = pages.redirect(pages.safe_next(str(form.get("next", "/"))))
        response.set_cookie(
            COOKIE,
            self._signer.sign(session.sid).decode("ascii"),
            httponly=True,
            samesite="Strict",
            secure=over_https(request),
            path="/",
        )
        response.delete_cookie(LOGIN_COOKIE)
        return response

    def logout(self, signed: Signed | None) -> Response:
        if signed is not None:
            self.sessions.end(signed.session.sid)
        response = pages.redirect("/login")
        response.delete_cookie(COOKIE, path="/")
        return response


def password_matches_dummy(password: str) -> None:
    """Spend the time a real check takes, so unknown names answer as slowly as wrong passwords."""
    from werkzeug.security import check_password_hash

    check_password_hash(_DUMMY_HASH, password)
