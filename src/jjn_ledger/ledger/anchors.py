"""The county's anchor register: what every society sealed and published, kept outside its books.

A digest kept only in the books proves nothing against whoever can edit the books: the treasurer
can change an amount and recompute the seal, or delete the seal, the notice or the filing
directive altogether. So each such digest is also written, when it is made, to a register the
county keeps in its own folder (``.jjn-county/anchors.jsonl``, ``ledger.county_secret``), one
JSON object a line::

    {"at": "2025-04-03T08:12:00+00:00", "digest": "9c1f…", "hash": "5b0e…", "kind": "notice",
     "month": "2025-03", "prev": "77aa…", "seq": 12, "society": "taoyuan", "version": 2}

``kind`` is ``seal`` (``jjn close``), ``reopen`` (``jjn reopen``; its digest is of the date and
reason), ``notice`` or ``filing`` (``jjn record notice|filing``; ``version`` is the digest scheme,
``record.published``). Each line's ``hash`` is the sha256 of its other fields, ``prev`` included,
so the lines form a hash chain: editing, inserting or deleting a line anywhere but at the end
breaks every later link (``Register.problems``). Truncating the tail, or rewriting the whole
file, is found only by comparing the chain's head with a copy kept elsewhere — ``jjn county
anchor`` prints it for that.

This module reads the register and says, per society and month, what the county holds: the
seal in force (the last anchored seal, unless an anchored reopen came after it) and the last
anchored notice and filing. Rules R17 (``rules.r17_sealed``) and R10 (``rules.r10_published``)
compare the books with it; ``record.anchoring`` appends to it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from jjn_ledger.ledger import county_secret

if TYPE_CHECKING:
    from jjn_ledger.ledger.profile import Book

ANCHORS = "anchors.jsonl"
GENESIS = "0" * 64
KINDS = ("seal", "reopen", "notice", "filing")


@dataclass(frozen=True)
class Anchor:
    """One line of the register."""

    seq: int
    at: str
    society: str  # the society's folder name in the county
    kind: str
    month: str
    digest: str
    version: int
    prev: str
    hash: str

    def fields(self) -> dict[str, object]:
        """Everything the line's hash covers."""
        body = asdict(self)
        del body["hash"]
        return body


def chain_hash(fields: dict[str, object]) -> str:
    text = json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def line_of(anchor: Anchor) -> str:
    return json.dumps(asdict(anchor), ensure_ascii=False, sort_keys=True)


@dataclass(frozen=True)
class Register:
    """The register as read: its lines and what is wrong with the chain, if anything."""

    path: Path
    records: tuple[Anchor, ...]
    problems: tuple[str, ...]

    @property
    def head(self) -> str:
        """The hash of the last line: what a copy kept elsewhere is compared with."""
        return self.records[-1].hash if self.records else GENESIS

    def of(self, society: str) -> list[Anchor]:
        return [a for a in self.records if a.society == society]


def path_of(county: Path) -> Path:
    return county_secret.office(county) / ANCHORS


def _parse(raw: str) -> Anchor:
    value = json.loads(raw)
    anchor = Anchor(
        seq=int(value["seq"]),
        at=str(value["at"]),
        society=str(value["society"]),
        kind=str(value["kind"]),
        month=str(value["month"]),
        digest=str(value["digest"]),
        version=int(value["version"]),
        prev=str(value["prev"]),
        hash=str(value["hash"]),
    )
    if anchor.kind not in KINDS:
        raise ValueError(anchor.kind)
    return anchor


def verify(lines: Sequence[str], path: Path) -> Register:
    """Parse the lines and check every link of the chain."""
    records: list[Anchor] = []
    problems: list[str] = []
    prev = GENESIS
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            anchor = _parse(raw)
        except (ValueError, KeyError, TypeError):
            problems.append(f"县锚定登记簿第 {number} 行无法读取（已被改动或损坏）")
            prev = ""
            continue
        if chain_hash(anchor.fields()) != anchor.hash:
            problems.append(f"县锚定登记簿第 {number} 行的内容与其摘要不符（该行已被改动）")
        elif anchor.prev != prev or anchor.seq != len(records) + 1:
            problems.append(
                f"县锚定登记簿第 {number} 行与上一行接不上（之前的行被删除、插入或改动）"
            )
        records.append(anchor)
        prev = anchor.hash
    return Register(path, tuple(records), tuple(problems))


def read(county: Path) -> Register | None:
    """The county's register, or None when the county keeps none."""
    path = path_of(county)
    try:
        stat = path.stat()
    except OSError:
        return None
    return _read_cached(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _read_cached(path: str, _mtime: int, _size: int) -> Register:
    """Parsed once per version of the file: every society of a county reads the same register."""
    try:
        text = Path(path).read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return Register(Path(path), (), ("县锚定登记簿无法读取（文件已损坏）",))
    return verify(text.splitlines(), Path(path))


def society_name(folder: Path) -> str:
    """How a society is named in its county's register: its folder name."""
    return folder.resolve().name


def for_society(folder: Path) -> list[Anchor] | None:
    """The register's lines about one society folder, or None when its county keeps none."""
    register = read(county_secret.county_of(folder))
    return None if register is None else register.of(society_name(folder))


def for_book(book: Book) -> list[Anchor] | None:
    """The register's lines about the society whose profile the book was read from.

    None for a ledger read from a string, or from a copy outside its county (``write.safe``
    judges a write on a temporary copy: anchors are compared on the real books only).
    """
    source = book.profile_entry.meta.get("filename") if book.profile_entry else None
    if not isinstance(source, str) or source.startswith("<"):
        return None
    return for_society(Path(source).parent)


def fingerprint(folder: Path) -> bytes:
    """This society's lines of the register, for cache keys (a new anchor, a new verdict)."""
    lines = for_society(folder)
    return b"" if lines is None else "\n".join(line_of(a) for a in lines).encode("utf-8")


def seals_in_force(anchors: Iterable[Anchor]) -> dict[str, Anchor]:
    """Per month, the last anchored seal not lifted by a later anchored reopen."""
    out: dict[str, Anchor] = {}
    for a in anchors:
        if a.kind == "seal":
            out[a.month] = a
        elif a.kind == "reopen":
            out.pop(a.month, None)
    return out


def last_published(anchors: Iterable[Anchor], kind: str) -> dict[str, Anchor]:
    """Per month, the last anchored notice (or filing)."""
    return {a.month: a for a in anchors if a.kind == kind}
