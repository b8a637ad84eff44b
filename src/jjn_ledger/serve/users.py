"""The county server's accounts: one users file per county, outside every society folder.

A treasurer's books travel (git, USB sticks); the accounts of the people who read them must
not. The users file lives in the county's server folder (``COUNTY/.jjn-server/``, or the
folder ``JJN_SERVER_DIR`` names), which holds no ``main.beancount`` and so is never served or
mistaken for a society. The folder is mode 0700 and every file in it 0600, written whole and
renamed into place, so a crash never leaves half a users file.

Passwords are kept only as Werkzeug's scrypt hashes (``werkzeug.security``, already a Fava
dependency): no plaintext on disk, in a log, or on a command line — the CLI prompts or reads
standard input.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import secrets
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from jjn_ledger.errors import JjnError
from jjn_ledger.ledger.private_files import write_private
from jjn_ledger.serve.identity import Role, User

SERVER_DIR = ".jjn-server"
USERS = "users.json"
SESSION_KEY = "session.key"
MIN_PASSWORD = 10
HASH_METHOD = "scrypt"

_USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{1,31}$")

ROLE_ALIASES = {
    "出纳": Role.TREASURER,
    "乡镇": Role.TOWNSHIP,
    "审计": Role.OFFICER,
    "财政": Role.OFFICER,
    "民政": Role.OFFICER,
    "县民政局": Role.COUNTY,
}


class UsersError(JjnError):
    """A users-file operation that cannot be done; nothing was written."""


@dataclass(frozen=True)
class Account:
    """A user as stored: the ``User`` the server signs in, plus the password hash."""

    username: str
    display_name: str
    role: str
    scope: str
    password_hash: str
    changed: str  # when the password was last set; a change ends the user's sessions

    def user(self) -> User:
        return User(self.username, self.display_name, Role(self.role), self.scope)


def server_dir(county: Path) -> Path:
    """Where a county's server keeps accounts, keys and the access log."""
    override = os.environ.get("JJN_SERVER_DIR")
    return Path(override) if override else county / SERVER_DIR


def session_key(folder: Path) -> bytes:
    """The key that signs session cookies, created once (0600) in the server folder."""
    path = folder / SESSION_KEY
    if not path.is_file():
        write_private(path, secrets.token_hex(32))
    return bytes.fromhex(path.read_text("ascii").strip())


def parse_role(text: str) -> Role:
    """A role as typed on the command line (出纳, 乡镇, 审计/财政/民政, 县民政局)."""
    try:
        return ROLE_ALIASES[text.strip()]
    except KeyError:
        known = "、".join(ROLE_ALIASES)
        raise UsersError(f"未知角色：{text}（可用：{known}）") from None


def hash_password(password: str) -> str:
    from werkzeug.security import generate_password_hash

    if len(password) < MIN_PASSWORD:
        raise UsersError(f"密码太短：至少 {MIN_PASSWORD} 个字符")
    return generate_password_hash(password, method=HASH_METHOD)


def password_matches(account: Account, password: str) -> bool:
    from werkzeug.security import check_password_hash

    return check_password_hash(account.password_hash, password)


class UsersFile:
    """The accounts of one county, read fresh when the file changes."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / USERS
        self._seen: tuple[int, int] | None = None
        self._accounts: dict[str, Account] = {}

    @property
    def exists(self) -> bool:
        return self.path.is_file()

    def accounts(self) -> dict[str, Account]:
        """Every account by user name (re-read when the file's size or mtime changed)."""
        try:
            st = self.path.stat()
        except FileNotFoundError:
            self._seen, self._accounts = None, {}
            return {}
        stamp = (st.st_size, st.st_mtime_ns)
        if stamp != self._seen:
            self._accounts = self._read()
            self._seen = stamp
        return self._accounts

    def _read(self) -> dict[str, Account]:
        try:
            raw = json.loads(self.path.read_text("utf-8"))
            found = [Account(**row) for row in raw["users"]]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise UsersError(f"用户文件损坏，无法读取：{self.path}（{exc}）") from None
        return {a.username: a for a in found}

    def get(self, username: str) -> Account | None:
        return self.accounts().get(username)

    def save(self, accounts: Sequence[Account]) -> None:
        rows = [asdict(a) for a in sorted(accounts, key=lambda a: a.username)]
        text = json.dumps({"version": 1, "users": rows}, ensure_ascii=False, indent=1)
        write_private(self.path, text + "\n")
        self._seen = None

    def add(self, username: str, display: str, role: Role, scope: str, password: str) -> Account:
        if not _USERNAME.match(username):
            raise UsersError(
                f"用户名不合规：{username}"
                "（2–32 个字母、数字、点、下划线或连字符，以字母或数字开头）"
            )
        if not display.strip():
            raise UsersError("请给出显示名称（例如 “县审计局 李四”）")
        current = self.accounts()
        if username in current:
            raise UsersError(f"用户已存在：{username}（改密码用 jjn users passwd）")
        account = Account(
            username, display.strip(), role.value, scope, hash_password(password), _now()
        )
        self.save([*current.values(), account])
        return account

    def remove(self, username: str) -> Account:
        current = self.accounts()
        if username not in current:
            raise UsersError(f"没有这个用户：{username}")
        gone = current[username]
        self.save([a for a in current.values() if a.username != username])
        return gone

    def passwd(self, username: str, password: str) -> Account:
        current = self.accounts()
        if username not in current:
            raise UsersError(f"没有这个用户：{username}")
        old = current[username]
        new = Account(
            old.username, old.display_name, old.role, old.scope, hash_password(password), _now()
        )
        self.save([new if a.username == username else a for a in current.values()])
        return new


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="microseconds")
