"""Who is asking: the signed-in user of the county server, or nobody on a treasurer's laptop.

The county server (accounts, login) and the treasurer's workbench both ask one question of a
request: who is this, and what may they see or write? This module is that contract, so neither
side reaches into the other. On a laptop (``jjn serve SOCIETY`` on 127.0.0.1) there are no
accounts and ``current_user()`` is ``None``: the person at the keyboard is the treasurer of the
one society served.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from flask import g, has_request_context, request

# Where the county server's gate (``serve.gate``) leaves the signed-in user and the session's
# CSRF token in the WSGI environ, for apps behind it that are not Flask apps.
ENVIRON_KEY = "jjn.user"
CSRF_KEY = "jjn.csrf"
CSRF_FIELD = "csrf_token"  # the form field (or header X-CSRF-Token) the gate checks


class Role(StrEnum):
    """The roles of DOMAIN.md (Privacy: who sees what), as stored in the users file."""

    TREASURER = "出纳"  # own society; writes through the workbench
    TOWNSHIP = "乡镇"  # the societies of their township, read
    OFFICER = "审计"  # audit / finance / civil-affairs officers: the county, read, names masked
    COUNTY = "县民政局"  # county staff: the county, read, county reports


@dataclass(frozen=True)
class User:
    """A signed-in user. ``scope`` is a society key (treasurer), a township name, or the county."""

    username: str
    display_name: str
    role: Role
    scope: str

    @property
    def writes(self) -> bool:
        """Only a society's own treasurer writes, and only to that society."""
        return self.role is Role.TREASURER


def current_user() -> User | None:
    """The user the county server signed in for this request; ``None`` without accounts."""
    if not has_request_context():
        return None
    user = g.get("jjn_user") or request.environ.get(ENVIRON_KEY)
    return user if isinstance(user, User) else None


def user_of(environ: dict[str, object]) -> User | None:
    """The signed-in user from a WSGI environ (for plain WSGI apps behind the gate)."""
    user = environ.get(ENVIRON_KEY)
    return user if isinstance(user, User) else None


def csrf_token() -> str:
    """The token every form must send back as ``csrf_token``; empty without the gate.

    The gate refuses any request other than GET or HEAD whose token does not match the
    session's, so a form only has to carry ``<input type="hidden" name="csrf_token"
    value="{{ csrf_token() }}">``.
    """
    if not has_request_context():
        return ""
    token = request.environ.get(CSRF_KEY)
    return token if isinstance(token, str) else ""


def sign_in_for_request(user: User | None) -> None:
    """Called by the server's login layer once per request, before any page runs."""
    g.jjn_user = user
