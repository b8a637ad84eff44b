"""Sessions and the failed-login throttle of the county server, held in the server's memory.

The session cookie carries only a random session id, signed (``itsdangerous``, a Flask
dependency) with the county's session key and stamped with its time; everything else — who,
the CSRF token, which names were unmasked — stays in this process. So logout really ends a
session (the id is forgotten, a replayed cookie finds nothing), a password change or a removed
account ends that user's sessions, and a restart signs everyone out. Sessions expire after
``IDLE`` seconds without a request and ``LIFETIME`` seconds after login, whichever comes first.

The throttle counts failed logins per user name and per address over a sliding window; past
the limit, logins for that name (or from that address) are refused, even with the right
password, until the lock runs out. ``jjn serve`` is one process (cheroot threads), so memory
is the one place all requests share.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass, field

IDLE = 30 * 60
LIFETIME = 8 * 3600
GRANT = 30 * 60  # an unmasking lasts this long
USER_FAILURES = 10  # wrong passwords for one user name within WINDOW lock it
ADDRESS_FAILURES = 30  # from one address (several names) within WINDOW lock the address
WINDOW = 15 * 60
LOCKOUT = 15 * 60


@dataclass
class Session:
    sid: str
    username: str
    changed: str  # the account's password stamp when the session began
    csrf: str
    started: float
    seen: float
    grants: dict[tuple[str, str], float] = field(default_factory=dict)  # (society, person)

    def granted(self, society: str, now: float | None = None) -> set[str]:
        """The persons of ``society`` whose names this session may see in full now."""
        moment = time.time() if now is None else now
        return {p for (s, p), until in self.grants.items() if s == society and until > moment}

    def grant(self, society: str, persons: set[str]) -> None:
        """Let this session see these persons' full names for ``GRANT`` seconds."""
        until = time.time() + GRANT
        for person in persons:
            self.grants[(society, person)] = until


class Sessions:
    def __init__(self, idle: float = IDLE, lifetime: float = LIFETIME) -> None:
        self.idle = idle
        self.lifetime = lifetime
        self._by_id: dict[str, Session] = {}
        self._lock = threading.Lock()

    def start(self, username: str, changed: str) -> Session:
        now = time.time()
        session = Session(
            secrets.token_urlsafe(32), username, changed, secrets.token_urlsafe(32), now, now
        )
        with self._lock:
            self._by_id[session.sid] = session
        return session

    def get(self, sid: str) -> Session | None:
        """The live session with this id (touching it), or None if unknown or expired."""
        now = time.time()
        with self._lock:
            session = self._by_id.get(sid)
            if session is None:
                return None
            if now - session.seen > self.idle or now - session.started > self.lifetime:
                del self._by_id[sid]
                return None
            session.seen = now
            return session

    def end(self, sid: str) -> None:
        with self._lock:
            self._by_id.pop(sid, None)


class Throttle:
    """Failed logins per key (``user:NAME`` or ``addr:IP``) in a sliding window."""

    def __init__(self, window: float = WINDOW, lockout: float = LOCKOUT) -> None:
        self.window = window
        self.lockout = lockout
        self._failures: dict[str, deque[float]] = {}
        self._locked: dict[str, float] = {}
        self._lock = threading.Lock()

    def locked_for(self, key: str) -> float:
        """Seconds left on ``key``'s lock, 0 if not locked."""
        with self._lock:
            until = self._locked.get(key, 0.0)
            left = until - time.time()
            if left <= 0:
                self._locked.pop(key, None)
                return 0.0
            return left

    def fail(self, key: str, limit: int) -> bool:
        """Count a failure; True if it locks ``key``."""
        now = time.time()
        with self._lock:
            seen = self._failures.setdefault(key, deque())
            seen.append(now)
            while seen and now - seen[0] > self.window:
                seen.popleft()
            if len(seen) >= limit:
                self._locked[key] = now + self.lockout
                seen.clear()
                return True
            return False

    def succeed(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)
