"""Files only their owner may read: the county's secrets and registers, the server's accounts.

The county's private folder (``ledger.county_secret``: the ID register) and the county server's
folder (``serve.users``: accounts, session key) hold what must never leak to another account
on the machine. Both write the same way, defined once here: the folder is mode 0700, and a file
is written whole to a 0600 temporary file beside its target, fsynced and renamed into place, so
it is private from its first byte and a crash never leaves half of it.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def make_private_dir(path: Path) -> None:
    """Create ``path`` (and parents) readable by its owner only."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.chmod(0o700)


def write_private(path: Path, text: str) -> None:
    """Replace ``path`` atomically with ``text``, mode 0600 from the first byte on."""
    make_private_dir(path.parent)
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
