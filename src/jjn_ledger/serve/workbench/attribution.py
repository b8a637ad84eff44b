"""Every write from the workbench says who made it: in the entry, and in git where there is git.

An entry written through the workbench carries ``recorded-by: "李红（lihong）"`` (on a laptop:
``"李红（本机出纳）"``, the treasurer the profile names). The register's models never see the
key (``ledger.profile.RECORDED_BY``), and the published and sealed digests treat it as any other
metadata: stamped once, when written.

Where the society's folder is a git repository — its own, or the served county folder's — each
write becomes one commit of exactly the files it changed, authored by the user, with a Chinese
message. A repository further up (say, a developer's checkout holding the sample county) is not
the books' repository and is left alone. A commit that fails (a hook, a broken repository) does
not undo the write: the books are right, and the page says the commit is missing.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Collection, Sequence
from pathlib import Path

from beancount.core import data

from jjn_ledger.ledger.vocabulary import META_RECORDED_BY as RECORDED_BY
from jjn_ledger.serve.workbench.access import Writer

COMMITTER = ("jjn 出纳工作台", "workbench@jjn.invalid")
GIT_TIMEOUT = 30.0


def attributed(entries: Sequence[data.Directive], writer: Writer) -> list[data.Directive]:
    """``entries`` with the writer's name in their metadata (as the last key)."""
    return [e._replace(meta={**e.meta, RECORDED_BY: writer.recorded_by}) for e in entries]


def meta_of(writer: Writer) -> dict[str, object]:
    """The same, for record functions that build their own directive (register, seal)."""
    return {RECORDED_BY: writer.recorded_by}


def _git(folder: Path, *args: str, env: dict[str, str] | None = None) -> str:
    proc = subprocess.run(
        ["git", "-C", str(folder), *args],
        capture_output=True,
        text=True,
        timeout=GIT_TIMEOUT,
        env=env,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.strip() or proc.stdout.strip())
    return proc.stdout


def repository(folder: Path, roots: Collection[Path]) -> Path | None:
    """The books' git repository: the society folder or a served root, never one above."""
    try:
        top = Path(_git(folder, "rev-parse", "--show-toplevel").strip()).resolve()
    except (RuntimeError, OSError, subprocess.TimeoutExpired):
        return None
    allowed = {folder.resolve(), *(r.resolve() for r in roots)}
    return top if top in allowed else None


def _email(username: str) -> str:
    local = re.sub(r"[^A-Za-z0-9._-]", "-", username).strip(".-") or "user"
    return f"{local}@jjn.invalid"


def commit(
    folder: Path, files: Sequence[Path], writer: Writer, message: str, roots: Collection[Path]
) -> str | None:
    """Commit ``files`` as ``writer``; returns a Chinese warning if a repository refused it."""
    repo = repository(folder, roots)
    if repo is None or not files:
        return None
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": writer.name,
        "GIT_AUTHOR_EMAIL": _email(writer.username),
        "GIT_COMMITTER_NAME": COMMITTER[0],
        "GIT_COMMITTER_EMAIL": COMMITTER[1],
    }
    paths = [str(Path(f).resolve().relative_to(repo)) for f in files]
    try:
        _git(repo, "add", "--", *paths, env=env)
        _git(repo, "commit", "-q", "-m", message, "--", *paths, env=env)
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
        return f"已记账，但未能提交到 git 仓库（{exc}）；请在仓库中手工提交。"
    return None
