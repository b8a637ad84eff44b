"""Uploads: an Excel register, a bank statement or a WeChat/Alipay bill → a preview → one confirm.

The file is kept server-side under a name made from its content (never from the name the
browser sent, which only labels it), then read with ``record.imports.plan``, exactly as ``jjn
import`` reads it. The preview shows the ledger text that would be appended — with its
``recorded-by`` line — and every row that would not be booked, with its line. The confirm form
carries a digest of that text: confirming re-reads the file against the books as they are then
and writes only if the same text comes out, so what is booked is exactly what was previewed.
Confirming again finds every ``import-id`` already in the books and writes nothing.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from beancount.core import data

from jjn_ledger.errors import JjnError
from jjn_ledger.record import imports
from jjn_ledger.serve.workbench.access import Writer
from jjn_ledger.serve.workbench.attribution import attributed
from jjn_ledger.serve.workbench.writes import Written
from jjn_ledger.write import render as writer_text
from jjn_ledger.write.safe import commit_entries

SUFFIXES = (".csv", ".xlsx", ".xls", ".pdf")
MAX_BYTES = 10 * 1024 * 1024
_TOKEN = re.compile(r"^[0-9a-f]{32}$")
_NAME_BAD = re.compile(r"[^\w.\-（）()]+")


class UploadGone(JjnError):
    def __init__(self) -> None:
        super().__init__("上传的文件已不在服务器上（服务可能重启过），请重新上传。账本未改动。")


def _label(name: str, suffix: str) -> str:
    """A safe file name to show in messages: the browser's name without paths or oddities."""
    stem = _NAME_BAD.sub("_", Path(name.replace("\\", "/")).stem).strip("._")[:60]
    return f"{stem or '上传文件'}{suffix}"


def store(root: Path, society: str, filename: str, content: bytes) -> str:
    """Keep an uploaded file; returns its token (the first 32 hex digits of its sha256)."""
    suffix = Path(filename or "").suffix.lower()
    if suffix not in SUFFIXES:
        raise JjnError(
            f"不支持的文件类型“{suffix or '无扩展名'}”：请上传 {'、'.join(SUFFIXES)} 文件"
        )
    if not content:
        raise JjnError("上传的文件是空的")
    token = hashlib.sha256(content).hexdigest()[:32]
    place = root / society / token
    place.mkdir(parents=True, exist_ok=True)
    target = place / _label(filename, suffix)
    if not target.exists():
        target.write_bytes(content)
    return token


def stored(root: Path, society: str, token: str) -> Path:
    if not _TOKEN.match(token):
        raise UploadGone
    place = root / society / token
    files = sorted(place.iterdir()) if place.is_dir() else []
    if not files:
        raise UploadGone
    return files[0]


@dataclass(frozen=True)
class Preview:
    """What confirming would book, and the rows it would not."""

    kind: str
    token: str
    skip_unknown: bool
    planned: imports.ImportPlan
    text: str  # the ledger text to be appended
    digest: str

    @property
    def label(self) -> str:
        return imports.FACTORIES[self.kind][0]

    @property
    def rows(self) -> list[tuple[object, str, str, str]]:
        """Each entry as the preview table shows it: file line, date, what, amount."""
        out = []
        for e in self.planned.new:
            line = e.meta.get("lineno", "")
            if isinstance(e, data.Transaction):
                units = next((p.units for p in e.postings if p.units is not None), None)
                amount = f"{abs(units.number):,.2f}" if units and units.number is not None else ""
                out.append((line, str(e.date), f"{e.payee or ''} {e.narration}".strip(), amount))
            elif isinstance(e, data.Balance):
                out.append((line, str(e.date), "余额核对", f"{e.amount.number:,.2f}"))
            else:
                out.append((line, str(e.date), type(e).__name__, ""))
        return out

    @property
    def can_confirm(self) -> bool:
        return bool(self.planned.new) and (self.skip_unknown or not self.planned.found.unknown)


def _kind(kind: str) -> str:
    if kind not in imports.FACTORIES:
        raise JjnError(f"不认识的导入类型“{kind}”")
    return kind


def preview(
    root: Path, society: str, folder: Path, writer: Writer, kind: str, token: str, skip: bool
) -> Preview:
    """Read the stored file against the books as they are now; nothing is written."""
    planned = imports.plan(_kind(kind), folder, stored(root, society, token), skip)
    text = writer_text.render(attributed(planned.new, writer))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Preview(kind, token, skip, planned, text, digest)


class PreviewChanged(JjnError):
    def __init__(self) -> None:
        super().__init__(
            "预览之后账本或文件有了变化，将要写入的记录与预览不同：请核对下面新的预览后再确认。"
            "账本未改动。"
        )


class AlreadyImported(JjnError):
    def __init__(self, old: int) -> None:
        super().__init__(
            f"这个文件的 {old} 条记录都已导入过，没有新记录：账本未改动（不会重复记账）。"
        )


def confirm(
    root: Path,
    society: str,
    folder: Path,
    writer: Writer,
    kind: str,
    token: str,
    skip: bool,
    digest: str,
) -> Written:
    """Book exactly the previewed entries, or refuse (``PreviewChanged``, ``AlreadyImported``)."""
    now = preview(root, society, folder, writer, kind, token, skip)
    if not now.planned.new:
        raise AlreadyImported(now.planned.old)
    if now.digest != digest or not now.can_confirm:
        raise PreviewChanged
    return Written.of(commit_entries(folder, attributed(now.planned.new, writer)))
