"""Failures of an operation (not problems in the books): each has a fixed Chinese message.

Problems *in* a ledger are findings and come back as data. These exceptions are for a command
that cannot do what it was asked; the CLI turns them into a message and a non-zero exit at one
boundary (``cli.main``).
"""

from __future__ import annotations

import errno
import os


class JjnError(Exception):
    """Base: ``str(exc)`` is the message shown to the user; ``exit_code`` the process status."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class NotALedger(JjnError):
    """The path given is not a society folder or a folder of them."""

    def __init__(self, path: str) -> None:
        super().__init__(f"找不到互助社账本：{path} 下没有 main.beancount")


def printable(name: str) -> str:
    """A file or folder name as a message, a page or a workbook can show it.

    Bytes of a name that are not UTF-8 (a GBK name given on Windows, kept by a zip or a USB
    stick) reach Python as lone surrogates, which no UTF-8 output can encode; they are shown
    as U+FFFD.
    """
    return os.fsencode(name).decode("utf-8", "replace")


class NameNotUtf8(JjnError):
    """Books under a folder or file whose name is not UTF-8 (a GBK name given on Windows, kept
    by a zip or a USB stick): Beancount cannot read them, so jjn says which and stops."""

    def __init__(self, path: str) -> None:
        super().__init__(
            f"账本路径 {printable(path)} 中有文件夹或文件的名称不是 UTF-8 编码"
            f"（可能是在 Windows 上命名后拷贝过来的），无法读取："
            f"请把名称中显示为 \ufffd 的部分改成正常的中文或英文后重试"
        )


class WriteFailed(JjnError):
    """The operating system refused a write (disk full, read-only folder); nothing changed."""

    exit_code = 1

    def __init__(self, folder: str, exc: OSError) -> None:
        reasons = {
            errno.ENOSPC: "磁盘空间不足",
            errno.EDQUOT: "磁盘配额已满",
            errno.EROFS: "账本所在的磁盘或文件夹是只读的",
            errno.EACCES: "没有写入账本文件夹的权限",
            errno.EPERM: "没有写入账本文件夹的权限",
        }
        reason = reasons.get(exc.errno or 0, f"文件读写失败（{exc.strerror or exc}）")
        super().__init__(f"无法写入 {folder}：{reason}。账本未改动。")


class RuleViolation(JjnError):
    """A write was refused because it would break a rule; nothing was written.

    ``found``: each refused error as (rule id, its message), for a page that shows a rule's
    message next to the field it is about.
    """

    exit_code = 1

    def __init__(self, message: str, found: tuple[tuple[str, str], ...] = ()) -> None:
        super().__init__(message)
        self.found = found
