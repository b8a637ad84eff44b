"""Where a report, a template or an export may be written, and how: never over the books.

``jjn report notice S 2026-03 -o S/main.beancount`` once replaced a society's ledger with a
workbook. Every file jjn produces for people to print or fill in goes through ``save_output``:

* **never into a society's books**: not a ``.beancount`` file anywhere, and nothing inside a
  society folder (one with ``main.beancount``) — its ``include`` glob, its git history and its
  served copy are the books;
* **never over someone else's file**: an existing file is replaced only if it is a previous
  output of the same kind (jjn marks each workbook it writes in its document properties,
  ``keywords = "jjn:<kind>"``, and reads the mark back before replacing);
* **never half a file**: the bytes go to a temporary file beside the target, are fsynced and then
  ``os.replace``\\ d over it, so a full disk leaves the old file (or none), never a 0-byte one.
  The workbook is serialised in memory first, so openpyxl's zip writer never meets a full disk
  (which printed "Exception ignored in ZipFile.__del__" and a traceback).
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
import zipfile
from pathlib import Path

from jjn_ledger.errors import JjnError, WriteFailed
from jjn_ledger.ledger import layout

MARK_PREFIX = "jjn:"
_KEYWORDS = re.compile(rb"<cp:keywords>([^<]*)</cp:keywords>")


class OutputRefused(JjnError):
    """An output path that would damage the books or somebody's file: nothing written."""

    def __init__(self, path: Path, why: str, fix: str) -> None:
        super().__init__(f"不能写入 {path}：{why}。{fix}（未写入任何文件）")


def society_holding(path: Path) -> Path | None:
    """The society folder ``path`` lies in (the nearest parent with ``main.beancount``)."""
    for parent in path.parents:
        if (parent / layout.MAIN).is_file():
            return parent
    return None


def mark(kind: str) -> str:
    return f"{MARK_PREFIX}{kind}"


def kind_of(path: Path) -> str | None:
    """The kind of output jjn wrote at ``path`` (from the workbook's mark), or None."""
    try:
        with zipfile.ZipFile(path) as zf:
            core = zf.read("docProps/core.xml")
    except (OSError, zipfile.BadZipFile, KeyError):
        return None
    found = _KEYWORDS.search(core)
    text = found.group(1).decode("utf-8", "replace") if found else ""
    from html import unescape

    text = unescape(text)
    return text[len(MARK_PREFIX) :] if text.startswith(MARK_PREFIX) else None


def guard(path: Path, kind: str) -> Path:
    """The resolved target for an output of ``kind``, or ``OutputRefused`` saying why not."""
    target = Path(os.path.abspath(path))
    resolved = target.resolve()
    fix = "请用 --output 指定互助社账本文件夹之外的新文件名"
    for candidate in {target, resolved}:
        if candidate.suffix.lower() == ".beancount":
            raise OutputRefused(path, "这是账本文件（.beancount）", fix)
        society = society_holding(candidate)
        if society is not None:
            raise OutputRefused(path, f"它在互助社账本文件夹 {society} 之内", fix)
    if resolved.is_dir():
        raise OutputRefused(path, "这是一个文件夹", "请写明文件名，例如 公示.xlsx")
    if resolved.exists() or target.is_symlink():
        found = kind_of(resolved) if resolved.is_file() and not target.is_symlink() else None
        if found != kind:
            raise OutputRefused(
                path, "已有同名文件，且不是 jjn 生成的同类文件", "请换一个文件名，或先移走原文件"
            )
    return resolved


def write_output(path: Path, content: bytes, kind: str) -> Path:
    """Write ``content`` at ``path`` (guarded) through a temporary file and ``os.replace``."""
    target = guard(path, kind)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        mode = file_mode(target)
        fd, name = tempfile.mkstemp(prefix=f".{target.name}-", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
                handle.flush()
                os.fchmod(handle.fileno(), mode)
                os.fsync(handle.fileno())
            os.replace(name, target)
        except BaseException:
            Path(name).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise OutputFailed(target, exc) from None
    return target


class OutputFailed(WriteFailed):
    """The OS refused to write an output (disk full, read-only): no partial file is left."""

    def __init__(self, target: Path, exc: OSError) -> None:
        super().__init__(str(target.parent), exc)
        self.message = self.message.replace(
            "账本未改动", f"未生成 {target.name}，也没有留下残缺文件"
        )


def file_mode(target: Path) -> int:
    """The target's own permission bits, or what a plain new file would get (0666 & ~umask).

    ``mkstemp`` creates 0600 files; replacing a 0644 file with one would lock other users (a
    Fava server running as another account) out.
    """
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask
