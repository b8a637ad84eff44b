"""The county's private folder, and the secret key that makes ID numbers pseudonymous.

A county is a folder of society folders. What the county keeps for itself lives beside them, in
a folder of its own that is part of no society's books and is never served::

    示例县/
      taoyuan/ … liushu/        the societies' books (served to auditors by Fava)
      .jjn-county/              the county's own files (mode 0700)
        secret.key              the HMAC key of the ID pseudonyms (mode 0600)
        anchors.jsonl           the anchor register (``ledger.anchors``)
        ids/<society>.json      each society's register of clear ID numbers (mode 0600)

The county of a society is the folder that holds it (its parent), as for the county's
working-day file (``ledger.calendar.calendar_files``).

Why a key and not a plain hash: there are only about 10^10 plausible ID numbers in a county
(a known address code, a birth date, a three-digit sequence), so anyone could hash them all and
read a plain sha256 back; with a secret key they cannot. The key must be the same for every
society of a county, or the same person is not recognised across villages (R16): ``jjn county
init`` creates it once (``create``); every other command only reads it (``read``). A key is
never replaced: every pseudonym in every society's books was made with it.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from jjn_ledger.errors import JjnError
from jjn_ledger.ledger.private_files import make_private_dir

OFFICE = ".jjn-county"
SECRET = "secret.key"
KEY_BYTES = 32
_HEADER = (
    "# 县级密钥（救助对象身份证号码的密钥摘要用）。"
    "只留在县文件夹，不得复制进互助社账本或公开仓库。\n"
)


class MissingSecret(JjnError):
    """No county secret where the society's county should keep it."""

    def __init__(self, county: Path) -> None:
        super().__init__(
            f"找不到县级密钥 {county / OFFICE / SECRET}：登记身份证号码须用县里统一的密钥。"
            f"请县民政局先运行“jjn county init {county}”，"
            "或把县里发的 secret.key 放到该位置（权限 600）"
        )


class BadSecret(JjnError):
    def __init__(self, path: Path) -> None:
        super().__init__(f"县级密钥文件 {path} 已损坏（应为 64 位十六进制）：请从县里的备份恢复")


def county_of(society: Path) -> Path:
    """The county folder of a society folder: the folder that holds it."""
    return society.resolve().parent


def county_for(path: Path) -> Path:
    """The county of a path a command was given: a society folder's parent, else the path."""
    return county_of(path) if (path / "main.beancount").is_file() else path


def office(county: Path) -> Path:
    """The county's private folder (``.jjn-county``)."""
    return county / OFFICE


def office_of(society: Path) -> Path:
    return office(county_of(society))


def secret_path(county: Path) -> Path:
    return office(county) / SECRET


def create(county: Path, key: bytes | None = None) -> Path:
    """Create the county's secret (random unless ``key`` is given); refuse to replace one.

    ``key`` is for the sample county only, whose books must come out the same on every run.
    """
    path = secret_path(county)
    if path.exists():
        raise JjnError(f"县级密钥 {path} 已存在：密钥一经使用不能更换，否则全县的身份比对失效")
    if not county.is_dir():
        raise JjnError(f"县文件夹 {county} 不存在")
    make_private_dir(path.parent)
    value = key if key is not None else secrets.token_bytes(KEY_BYTES)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(_HEADER + value.hex() + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    return path


def read(county: Path) -> bytes:
    """The county's secret, or ``MissingSecret`` / ``BadSecret`` (Chinese messages)."""
    path = secret_path(county)
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise MissingSecret(county) from None
    except (OSError, UnicodeDecodeError):
        raise BadSecret(path) from None
    lines = [
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    ]
    try:
        key = bytes.fromhex(lines[-1]) if lines else b""
    except ValueError:
        raise BadSecret(path) from None
    if len(key) != KEY_BYTES:
        raise BadSecret(path)
    return key


def for_society(society: Path) -> bytes:
    """The secret of the county a society folder belongs to."""
    return read(county_of(society))
