"""Who may use a society's workbench, and proof that a form came from it.

Two ways the workbench runs (``serve.identity``):

* on a treasurer's laptop (``jjn serve SOCIETY`` on 127.0.0.1, no accounts): the person at the
  keyboard is that society's treasurer. The workbench then also insists that the request came
  from this machine and names this machine in its ``Host`` header, so a web page elsewhere
  cannot reach it through a rebound DNS name;
* on the county server: only a signed-in ``User`` with role 出纳 whose scope is the society may
  see or write (the forms list the register's full names, DOMAIN.md "who sees what"); anybody
  else gets 403 with a Chinese reason.

Forms carry a per-session CSRF token (kept here, so it works without the county server's login
layer too) and a one-time nonce, so a double click or a reloaded page never books twice.
"""

from __future__ import annotations

import hmac
import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass

from flask import abort, request, session

from jjn_ledger.serve import identity
from jjn_ledger.serve.identity import Role, User, current_user

CSRF_FIELD = "csrf_token"
NONCE_FIELD = "form_nonce"
_LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


@dataclass(frozen=True)
class Writer:
    """The person a write is attributed to (entry metadata, git author)."""

    name: str  # shown in ``recorded-by`` and as the git author
    username: str  # the git author's e-mail local part
    local: bool  # the laptop's treasurer, no accounts

    @property
    def recorded_by(self) -> str:
        return f"{self.name}（本机出纳）" if self.local else f"{self.name}（{self.username}）"


class Refused(Exception):
    """A request the workbench answers with 403 and this Chinese reason."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _hostname(host: str) -> str:
    """``127.0.0.1:5000`` → ``127.0.0.1``; ``[::1]:5000`` → ``::1``."""
    if host.startswith("["):
        return host[1 : host.find("]")]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _host_is_local() -> bool:
    return _hostname(request.host or "") in _LOCAL_HOSTS and (request.remote_addr or "") in (
        "127.0.0.1",
        "::1",
    )


def writer_for(scope: str, title: str, treasurer: str | None, *, local: bool) -> Writer:
    """The person at this request for the society of ``scope``, or ``Refused`` with the reason."""
    if local:
        if not _host_is_local():
            raise Refused("本机出纳工作台只接受本机（127.0.0.1）访问。")
        return Writer(treasurer or "出纳", "treasurer", True)
    user = current_user()
    if user is None:
        raise Refused("请先登录：出纳工作台只对本社出纳开放。")
    if not can_write(user, scope):
        raise Refused(
            f"{user.display_name}（{user.role}）无权使用{title}的出纳工作台："
            "只有本社出纳可以查看和记账。"
        )
    return Writer(user.display_name, user.username, False)


def can_write(user: User, scope: str) -> bool:
    """Only a society's own treasurer writes, and only to that society."""
    return user.role is Role.TREASURER and user.writes and user.scope == scope


# --- CSRF and one-time forms ---------------------------------------------------------------


def csrf_token() -> str:
    """This session's token, made on first use (the session cookie is signed).

    Behind the county server's gate the form carries the gate's token instead (the gate checks
    every POST against its own session), so one token serves both checks.
    """
    gate = identity.csrf_token()
    if gate:
        return gate
    token = session.get(CSRF_FIELD)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        session[CSRF_FIELD] = token
    return token


def check_csrf() -> None:
    """Refuse a POST whose token is missing or not this session's."""
    sent = request.form.get(CSRF_FIELD, "")
    kept = identity.csrf_token() or session.get(CSRF_FIELD)
    if not isinstance(kept, str) or not hmac.compare_digest(sent.encode(), kept.encode()):
        abort(403, "表单已过期或不是从本页面提交的（CSRF 校验未通过），请刷新页面后重新填写。")


def new_nonce() -> str:
    return secrets.token_urlsafe(16)


class Nonces:
    """Nonces of forms already written: a form is booked once, however often it is sent.

    In memory, bounded: a nonce older than the last ``keep`` writes can only come from a page
    left open for days, and its CSRF token has long been replaced with the session.
    """

    def __init__(self, keep: int = 10_000) -> None:
        self._used: OrderedDict[str, None] = OrderedDict()
        self._keep = keep
        self.lock = threading.Lock()

    def used(self, nonce: str) -> bool:
        return nonce in self._used

    def spend(self, nonce: str) -> None:
        self._used[nonce] = None
        while len(self._used) > self._keep:
            self._used.popitem(last=False)
