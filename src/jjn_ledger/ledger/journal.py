"""The journal of a write under way, its recovery, and the lock readers and writers share.

A multi-file write (an import spanning three months) replaces its files one ``os.replace`` at a
time. Between the first and the last rename the books are half old, half new; the journal
(``.jjn-journal.json``, written before the first rename) says which temporary file goes where,
so whoever comes next can finish the write. Two things make that safe:

* **The journal is data from disk, so it is validated** (``Journal``, a pydantic model) before
  anything is moved: every temporary file must be one of jjn's own (``.jjn-<name>-….tmp``) in
  the same folder as its target, and every target a ``.beancount`` file inside the society
  folder. A planted or damaged journal (``{"moves": [["../victim.txt", "books/2026-03…"]]}``)
  is refused with a Chinese message naming the file and what to do; nothing is moved.
* **Readers never see the gap.** Writers hold ``.jjn.lock`` exclusively for the whole write;
  every reader (``jjn check``, reports, the county engine, the server) holds it *shared* while it
  reads (``reading``), after completing a pending journal under the exclusive lock first. The
  lock is ``flock`` on the same file the writers' ``filelock`` uses, so the two exclude each
  other; a reader opens the lock file read-only and never creates it, so reading a folder writes
  nothing into it. On a folder this process cannot write (a read-only copy) a pending journal
  cannot be completed: the reader refuses rather than show half a write.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock, Timeout
from pydantic import BaseModel, ConfigDict, ValidationError

from jjn_ledger.errors import JjnError
from jjn_ledger.ledger import layout

LOCK = ".jjn.lock"
JOURNAL = ".jjn-journal.json"
TMP_PREFIX = ".jjn-"
TMP_SUFFIX = ".tmp"
LOCK_TIMEOUT = 30.0


class LedgerBusy(JjnError):
    """Another jjn process holds the society's lock for longer than we wait."""

    def __init__(self, folder: Path) -> None:
        super().__init__(f"账本 {folder} 正在被另一个 jjn 命令写入，请稍后再试（账本未改动）")


class BadJournal(JjnError):
    """A journal that is not one jjn wrote: refused, nothing moved."""

    def __init__(self, path: Path, why: str) -> None:
        super().__init__(
            f"写入日志 {path} 无法使用（{why}），账本未改动。"
            "它不是 jjn 写的或已损坏：请先用 git 或备份核对账本文件，确认无误后删除该文件再重试。"
        )


class PendingWrite(JjnError):
    """A killed write left a journal that this process cannot complete (read-only folder)."""

    exit_code = 1

    def __init__(self, folder: Path) -> None:
        super().__init__(
            f"账本 {folder} 有一次未完成的写入（{JOURNAL}），"
            "而这里无法补完（文件夹只读或无权限）。"
            "为免读到写了一半的账本，本次不读取："
            "请在可写的账本文件夹里运行任意 jjn 命令补完后再试。"
        )


class Journal(BaseModel):
    """``{"moves": [[temporary file, target file], …]}``, paths relative to the society folder."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    moves: list[tuple[str, str]]


def journal_text(folder: Path, moves: list[tuple[Path, Path]]) -> str:
    body = [(str(t.relative_to(folder)), str(d.relative_to(folder))) for t, d in moves]
    return Journal(moves=body).model_dump_json()


def read_journal(folder: Path) -> list[tuple[Path, Path]]:
    """The validated moves of ``folder``'s journal, as absolute paths inside the folder."""
    path = folder / JOURNAL
    try:
        journal = Journal.model_validate_json(path.read_bytes())
    except ValidationError:
        raise BadJournal(path, "内容格式不对") from None
    except OSError as exc:
        raise BadJournal(path, f"无法读取：{exc.strerror or exc}") from None
    return [_checked_move(folder, path, temp, target) for temp, target in journal.moves]


def _checked_move(folder: Path, journal: Path, temp: str, target: str) -> tuple[Path, Path]:
    root = folder.resolve()
    source, dest = (root / temp).resolve(), (root / target).resolve()
    for p in (source, dest):
        if not p.is_relative_to(root) or any(x.startswith(".") for x in _parts(root, p)[:-1]):
            raise BadJournal(journal, f"路径 {p} 不在互助社账本文件夹之内")
    if dest.suffix != ".beancount" or dest.name.startswith("."):
        raise BadJournal(journal, f"目标 {target} 不是账本文件")
    if (
        source.parent != dest.parent
        or not source.name.startswith(f"{TMP_PREFIX}{dest.name}-")
        or not source.name.endswith(TMP_SUFFIX)
    ):
        raise BadJournal(journal, f"{temp} 不是 jjn 为 {target} 写的临时文件")
    return source, dest


def _parts(root: Path, path: Path) -> tuple[str, ...]:
    return path.relative_to(root).parts


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def recover(folder: Path) -> bool:
    """Finish a write that was killed after its journal, and drop stray temporary files.

    Call with the exclusive lock held (every commit does). Returns True if a journal was rolled
    forward. A journal that fails validation raises ``BadJournal`` before anything moves.
    """
    journal = folder / JOURNAL
    rolled = False
    if journal.is_file() or journal.is_symlink():
        moves = read_journal(folder)
        for temp, target in moves:
            if temp.is_file() and not temp.is_symlink():
                os.replace(temp, target)
        for directory in {target.parent for _, target in moves}:
            fsync_dir(directory)
        journal.unlink()
        fsync_dir(folder)
        rolled = True
    for stray in _stray_temps(folder):
        stray.unlink(missing_ok=True)
    return rolled


def _stray_temps(folder: Path) -> list[Path]:
    places = [folder, folder / layout.BOOKS]
    return [
        p
        for place in places
        if place.is_dir()
        for p in place.iterdir()
        if p.name.startswith(TMP_PREFIX) and p.name.endswith(TMP_SUFFIX)
    ]


@contextlib.contextmanager
def writing(folder: Path) -> Iterator[None]:
    """The exclusive lock of a writer (created if missing), with a Chinese message on timeout."""
    try:
        with FileLock(str(folder / LOCK), timeout=LOCK_TIMEOUT):
            yield
    except Timeout:
        raise LedgerBusy(folder) from None


@contextlib.contextmanager
def reading(folder: Path) -> Iterator[None]:
    """Hold the society's lock shared while reading its books; complete a pending write first.

    A folder that has never been written by jjn has no lock file and no journal: nothing to
    wait for. A folder this process cannot write can still be read, unless a journal is pending.
    """
    folder = Path(folder)
    if not (folder / layout.MAIN).is_file():
        yield
        return
    if (folder / JOURNAL).exists():
        _complete(folder)
    try:
        fd = os.open(folder / LOCK, os.O_RDONLY)
    except FileNotFoundError:
        yield  # never written by jjn (or by a jjn too old to lock): nobody to wait for
        return
    try:
        _flock_shared(folder, fd)
        if (folder / JOURNAL).exists():  # a write was killed while we waited for the lock
            fcntl.flock(fd, fcntl.LOCK_UN)
            _complete(folder)
            _flock_shared(folder, fd)
        yield
    finally:
        os.close(fd)


def settle(folder: Path) -> None:
    """Complete a write a killed process left half done, before reading a society's books.

    For a command that reads and then writes (``jjn record notice`` computes its digest from the
    books it read): the write itself takes the lock and checks again.
    """
    if (Path(folder) / JOURNAL).exists() and (Path(folder) / layout.MAIN).is_file():
        _complete(Path(folder))


def _flock_shared(folder: Path, fd: int) -> None:
    deadline = time.monotonic() + LOCK_TIMEOUT
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise LedgerBusy(folder) from None
            time.sleep(0.02)


def _complete(folder: Path) -> None:
    """Roll a pending journal forward under the exclusive lock, or refuse to read."""
    try:
        with writing(folder):
            recover(folder)
    except OSError:
        raise PendingWrite(folder) from None
