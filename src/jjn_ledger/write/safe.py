"""The one way jjn writes books: judged by the rules first, then all of it or nothing.

A treasurer's command must never leave the books worse than it found them. Every write goes:

1. take the society's lock (``.jjn.lock``), so two jjn processes never interleave;
2. finish or discard what a killed earlier write left behind (``recover``);
3. load the ledger as it is, and note its errors;
4. load the ledger as it would be after the write, from a temporary copy of its ``.beancount``
   files with the new texts in place, through the real Beancount loader and the jjn plugin;
5. if the write adds an error, raise ``errors.RuleViolation`` naming each new error in Chinese
   (file:line and message) and touch nothing (the judgment, and which errors count as "already
   there", is ``write.verdict``);
6. otherwise write each new file next to its target (with the target's file mode, so a
   0644 book stays readable by a Fava server running as another user), fsync it, record the
   planned renames in a journal (``ledger.journal``), and ``os.replace`` the files into place.

What is guaranteed when the process dies (even by SIGKILL):

* each file is replaced atomically: nobody ever reads a half-written file;
* before the journal is written, nothing has changed (stray temporary files, hidden and not
  ending in ``.beancount`` so the include glob never sees them, are deleted by the next write);
* after the journal is written, the next jjn write (or ``recover``) rolls the rest forward, so
  the books end up exactly as after the write. Every jjn reader (``jjn check``, the reports,
  the county engine, ``jjn serve``) does the same before it reads, under the lock
  (``journal.reading``), so none of them ever sees the half-written state; only tools outside
  jjn (a bare ``bean-check``) could, between the kill and the next jjn command. New files are
  moved in before changed ones.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from beancount.core import data

from jjn_ledger.errors import JjnError, NotALedger, WriteFailed
from jjn_ledger.ledger import calendar as workdays
from jjn_ledger.ledger import journal, layout
from jjn_ledger.ledger.journal import (
    JOURNAL,
    LOCK,
    TMP_PREFIX,
    TMP_SUFFIX,
    LedgerBusy,
    fsync_dir,
    recover,
)
from jjn_ledger.ledger.load import Loaded, load, require_utf8_name
from jjn_ledger.write import hooks, verdict
from jjn_ledger.write import render as writer
from jjn_ledger.write.outputs import file_mode

__all__ = ["JOURNAL", "LOCK", "LedgerBusy", "WriteResult", "recover"]
# Test hook: seconds to sleep between two renames, so a test can kill a write half-way.
PAUSE_ENV = "JJN_SAFEWRITE_PAUSE"


@dataclass(frozen=True)
class WriteResult:
    """What a write changed: the files replaced or created, and how many entries it added."""

    files: list[Path]
    entries: int
    pending: tuple[str, ...] = ()  # overdue findings the write gave rise to (not blocking)


Changes = Mapping[Path, str]


def commit_entries(
    folder: Path,
    entries: Sequence[data.Directive],
    *,
    allow_existing_errors: bool = True,
) -> WriteResult:
    """Append ``entries`` to their month files (``books/YYYY-MM.beancount``), judged first.

    With ``allow_existing_errors=False`` the write is refused unless the books are clean after
    it, errors that were already there included.
    """

    def changes() -> dict[Path, str]:
        by_file: dict[Path, list[data.Directive]] = {}
        for entry in entries:
            target = layout.month_file(folder, entry.date.year, entry.date.month)
            by_file.setdefault(target, []).append(entry)
        return {path: appended(path, chunk) for path, chunk in by_file.items()}

    files, pending = _transaction(folder, changes, strict=not allow_existing_errors)
    return WriteResult(files, len(entries), pending)


def commit_to_file(folder: Path, target: Path, entries: Sequence[data.Directive]) -> WriteResult:
    """Append ``entries`` to one named ledger file (``people.beancount``, ``society.beancount``).

    The file is read under the lock, so concurrent appends are never lost.
    """
    path = _absolute(folder, target)
    files, pending = _transaction(folder, lambda: {path: appended(path, entries)}, strict=False)
    return WriteResult(files, len(entries), pending)


def commit_text(folder: Path, changes: Changes) -> WriteResult:
    """Replace (or create) whole files; paths may be relative to ``folder``.

    ``folder`` need not exist yet (``jjn society new``): then there is no "before", and any error
    after the write blocks it, unless its rule does not block writes (overdue findings).
    """
    absolute = {_absolute(folder, p): text for p, text in changes.items()}
    files, pending = _transaction(folder, lambda: absolute, strict=False, precomputed=True)
    return WriteResult(files, 0, pending)


class NotUtf8(JjnError):
    """A book saved in another encoding (GBK, by an old editor): jjn will not append to it."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"账本文件 {path} 不是 UTF-8 编码（可能被旧编辑器存成了 GBK），账本未改动："
            f"请用记事本/WPS“另存为 UTF-8”，或运行 iconv -f gbk -t utf-8，再重试"
        )


def read_book_text(path: Path) -> str:
    """A ledger file's text; a file in another encoding is a Chinese error naming it."""
    try:
        return path.read_text("utf-8")
    except UnicodeDecodeError:
        raise NotUtf8(path) from None


def appended(path: Path, entries: Iterable[data.Directive]) -> str:
    """The text of ``path`` with ``entries`` rendered at its end, one blank line between."""
    old = read_book_text(path) if path.exists() else ""
    new = writer.render(entries)
    if not old.strip():
        return new
    return old.rstrip("\n") + "\n\n" + new


def _absolute(folder: Path, path: Path) -> Path:
    return path if path.is_absolute() else folder / path


# --- the transaction -------------------------------------------------------------------------


def _transaction(
    folder: Path,
    make_changes: Callable[[], Changes],
    *,
    strict: bool,
    precomputed: bool = False,
) -> tuple[list[Path], tuple[str, ...]]:
    """Lock, recover, judge, apply. ``precomputed`` texts were made before the lock was taken:
    if a killed write is completed now, they were made from half of it and are refused."""
    folder = folder.resolve()
    require_utf8_name(folder)  # books no command could read again are never written
    existed = (folder / layout.MAIN).is_file()
    if not existed and folder.exists() and any(folder.iterdir()):
        raise NotALedger(str(folder))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteFailed(str(folder), exc) from exc
    try:
        with journal.writing(folder):
            if recover(folder) and precomputed:
                raise JjnError(
                    "刚刚补完了一次被中断的写入，本次要写的内容是按补完前的账本算的，"
                    "已放弃（账本未改动）：请重新运行本命令"
                )
            before = verdict.errors_before(folder) if existed else []
            changes = {p.resolve(): t for p, t in make_changes().items()}
            after = _load_after(folder, changes)
            verdict.require_plugin(folder, after)
            pending = verdict.judge(folder, before, after, changes, strict=strict)
            _apply(folder, changes)
            _remember_verdict(folder, after)
            hooks.written(folder, after)
    except OSError as exc:
        raise WriteFailed(str(folder), exc) from exc
    finally:
        if not existed:
            _drop_if_only_lock(folder)
    return sorted(changes), pending


def _drop_if_only_lock(folder: Path) -> None:
    """A refused ``society new`` leaves no folder behind (only the lock file would be left)."""
    if (folder / layout.MAIN).is_file():
        return
    leftovers = [p for p in folder.iterdir() if p.name != LOCK]
    if not leftovers:
        (folder / LOCK).unlink(missing_ok=True)
        folder.rmdir()


def _load_after(folder: Path, changes: Changes) -> Loaded:
    """Load the ledger as it would be, from a temporary copy: the real files are not touched."""
    with tempfile.TemporaryDirectory(prefix="jjn-check-") as tmp:
        copy = Path(tmp) / "ledger"
        for source in verdict.judged_files(folder):
            target = copy / source.relative_to(folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        for override in workdays.calendar_files(folder):  # the working days the rules use
            place = copy if override.parent == folder else copy.parent
            place.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(override, place / override.name)
        for path, text in changes.items():
            target = copy / _inside(folder, path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, "utf-8")
        if not (copy / layout.MAIN).is_file():
            raise NotALedger(str(folder))
        loaded = load(copy)
        prefix = str(copy.resolve())
        return Loaded(
            folder / layout.MAIN,
            loaded.entries,
            [_relocated(e, prefix, str(folder)) for e in loaded.errors],
            loaded.options,
            loaded.expires,
        )


def _inside(folder: Path, path: Path) -> Path:
    try:
        return path.relative_to(folder)
    except ValueError:
        raise JjnError(f"只能写入互助社账本文件夹 {folder} 之内的文件：{path}") from None


def _relocated(error: Any, prefix: str, folder: str) -> Any:
    """An error of the temporary copy, with its file names pointing at the real folder."""
    source = error.source
    if isinstance(source, dict) and isinstance(source.get("filename"), str):
        source = {**source, "filename": source["filename"].replace(prefix, folder, 1)}
    return error._replace(source=source, message=str(error.message).replace(prefix, folder))


# --- applying and recovering -----------------------------------------------------------------


def _write_temp(target: Path, text: str) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(
        prefix=f"{TMP_PREFIX}{target.name}-", suffix=TMP_SUFFIX, dir=target.parent
    )
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fchmod(handle.fileno(), file_mode(target))
            os.fsync(handle.fileno())
    except BaseException:
        Path(name).unlink(missing_ok=True)  # e.g. the disk filled up mid-write
        raise
    return Path(name)


def _apply(folder: Path, changes: Changes) -> None:
    """Write temp files, journal the renames, then rename; new files go first."""
    order = sorted(changes, key=lambda p: (p.exists(), str(p)))
    temps: list[tuple[Path, Path]] = []
    try:
        for target in order:
            temps.append((_write_temp(target, changes[target]), target))
        _write_journal(folder, temps)
    except BaseException:
        for temp, _ in temps:
            temp.unlink(missing_ok=True)
        raise
    pause = float(os.environ.get(PAUSE_ENV) or 0)
    for i, (temp, target) in enumerate(temps):
        if i and pause:
            time.sleep(pause)
        os.replace(temp, target)
    for directory in {target.parent for _, target in temps}:
        fsync_dir(directory)
    (folder / JOURNAL).unlink()
    fsync_dir(folder)


def _remember_verdict(folder: Path, after: Loaded) -> None:
    """Leave the verdict of the books as written for the next write (``write.verdict``)."""
    errors = [verdict.Error.of(e) for e in after.errors]
    body = verdict.cache_text(folder, errors, after.expires)
    try:
        place = verdict.cache_file(folder)
        place.parent.mkdir(parents=True, exist_ok=True)
        temp = _write_temp(place, body)
        os.replace(temp, place)
    except OSError:
        pass  # the books are written; without the cache the next write just loads twice


def _write_journal(folder: Path, moves: Sequence[tuple[Path, Path]]) -> None:
    temp = _write_temp(folder / JOURNAL, journal.journal_text(folder, list(moves)))
    os.replace(temp, folder / JOURNAL)
    fsync_dir(folder)
