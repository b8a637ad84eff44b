"""Writing to the county's anchor register (``ledger.anchors``): append only, never rewrite.

Two ways in:

* ``commit_and_anchor`` — ``jjn close``, ``jjn reopen`` and ``jjn record notice|filing`` anchor
  the digest they make, when the society's county keeps a register. The register is checked
  *before* the books are written (a broken chain, or a month the county already holds with a
  different digest, refuses the command with nothing written); the line is appended after the
  books are written, so a register line never points at books that were refused.
* ``anchor_county`` — ``jjn county anchor COUNTY``: the county's staff collect whatever the
  societies' books hold that the register does not yet (books that came in by copy or git from
  a treasurer's laptop). A digest that contradicts what the county already holds — a second,
  different seal of a month without a reopening in between, a notice or filing of a month
  already anchored with another digest — is refused and listed, never anchored: that is the
  tampering the register exists to show. A reopening is anchored with its date and reason and
  listed, so staff see every month that was reopened.

Appends take a file lock beside the register and re-read it under the lock; each line is
written whole and fsynced.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from beancount.core import data
from filelock import FileLock

from jjn_ledger.errors import JjnError
from jjn_ledger.ledger import anchors, county_secret, layout, seals
from jjn_ledger.ledger import disclosures as published
from jjn_ledger.ledger.vocabulary import FILING, NOTICE

T = TypeVar("T")
_KIND_NAMES = {"seal": "结账", "reopen": "重新开账", "notice": "公示", "filing": "报备"}


@dataclass(frozen=True)
class Event:
    """A digest the books hold that the county may anchor."""

    society: str
    kind: str
    month: str
    digest: str
    version: int
    note: str = ""  # what staff read when it is anchored (a reopening's reason)

    @property
    def label(self) -> str:
        code = published.verification_code(self.digest)
        note = f"，原因：{self.note}" if self.note else ""
        return f"{self.society} {self.month} {_KIND_NAMES[self.kind]}（核验码 {code}{note}）"


@dataclass(frozen=True)
class Outcome:
    """What one anchoring run did."""

    added: tuple[tuple[anchors.Anchor, Event], ...]
    refused: tuple[str, ...]  # Chinese, one per contradicting digest
    head: str


class RegisterBroken(JjnError):
    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__(
            "县锚定登记簿已被改动，不能再登记："
            + "；".join(problems)
            + "。请从县里的备份恢复登记簿，并核查原因"
        )


def events_of(folder: Path, entries: Iterable[data.Directive]) -> list[Event]:
    """Every anchorable digest of a society's books, in book order."""
    society = anchors.society_name(folder)
    out = []
    for e in entries:
        if not (isinstance(e, data.Custom) and e.values):
            continue
        month = str(e.values[0].value)
        if e.type in (NOTICE, FILING) and isinstance(e.meta.get("digest"), str):
            kind = "notice" if e.type == NOTICE else "filing"
            version = published.stamp_version(e.meta)
            out.append(Event(society, kind, month, str(e.meta["digest"]), version))
        else:
            for kind, m, value, entry in seals.events([e]):
                note = str(entry.meta.get("reason", "")) if kind == "reopen" else ""
                out.append(Event(society, kind, m, value, 1, note))
    return out


def plan(held: Sequence[anchors.Anchor], events: Iterable[Event]) -> tuple[list[Event], list[str]]:
    """Which events are new and may be anchored, and which contradict what the county holds."""
    known = {(a.kind, a.month, a.digest) for a in held}
    sealed = {m: a.digest for m, a in anchors.seals_in_force(held).items()}
    last = {
        k: {m: a.digest for m, a in anchors.last_published(held, k).items()}
        for k in ("notice", "filing")
    }
    new: list[Event] = []
    refused: list[str] = []
    for ev in events:
        if (ev.kind, ev.month, ev.digest) in known:
            continue
        if ev.kind == "seal" and ev.month in sealed:
            refused.append(f"{ev.label}：县里已登记该月的另一次结账，其间没有登记重新开账")
            continue
        if ev.kind in last and ev.month in last[ev.kind]:
            refused.append(f"{ev.label}：县里已登记该月{_KIND_NAMES[ev.kind]}的另一核验码")
            continue
        new.append(ev)
        known.add((ev.kind, ev.month, ev.digest))
        if ev.kind == "seal":
            sealed[ev.month] = ev.digest
        elif ev.kind == "reopen":
            sealed.pop(ev.month, None)
        else:
            last[ev.kind][ev.month] = ev.digest
    return new, refused


def _fresh(county: Path) -> anchors.Register:
    path = anchors.path_of(county)
    text = path.read_text("utf-8") if path.exists() else ""
    register = anchors.verify(text.splitlines(), path)
    if register.problems:
        raise RegisterBroken(register.problems)
    return register


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat()


def append(county: Path, events: Sequence[Event], at: str | None = None) -> list[anchors.Anchor]:
    """Append ``events`` (already planned) to the register, under its lock."""
    path = anchors.path_of(county)
    if not events:
        return []
    with FileLock(str(path) + ".lock", timeout=30):
        register = _fresh(county)
        prev, seq = register.head, len(register.records)
        lines, added = [], []
        for ev in events:
            seq += 1
            fields: dict[str, object] = {
                "seq": seq,
                "at": at or _now(),
                "society": ev.society,
                "kind": ev.kind,
                "month": ev.month,
                "digest": ev.digest,
                "version": ev.version,
                "prev": prev,
            }
            anchor = anchors.Anchor(**fields, hash=anchors.chain_hash(fields))  # type: ignore[arg-type]
            prev = anchor.hash
            lines.append(anchors.line_of(anchor) + "\n")
            added.append(anchor)
        with path.open("a", encoding="utf-8") as fh:
            fh.write("".join(lines))
            fh.flush()
            os.fsync(fh.fileno())
    return added


def keeps_register(folder: Path) -> bool:
    """Whether the county of a society folder keeps an anchor register."""
    return anchors.path_of(county_secret.county_of(folder)).is_file()


def event_of(folder: Path, entry: data.Directive) -> Event | None:
    """The anchorable digest a directive about to be written carries, if any."""
    found = events_of(folder, [entry])
    return found[0] if found else None


def commit_and_anchor(
    folder: Path, made: Event | None, commit: Callable[[], T]
) -> tuple[T, str | None]:
    """Check the register, write the books (``commit``), then anchor ``made``.

    Returns what ``commit`` returned and the verification code anchored (None when the county
    keeps no register, or ``made`` is None: nothing to anchor).
    """
    if made is None or not keeps_register(folder):
        return commit(), None
    county = county_secret.county_of(folder)
    register = _fresh(county)
    new, refused = plan(register.of(made.society), [made])
    if refused:
        raise JjnError("不能登记：" + "；".join(refused) + "。账本未改动")
    result = commit()
    append(county, new)
    return result, published.verification_code(made.digest)


def anchor_county(county: Path, at: str | None = None) -> Outcome:
    """``jjn county anchor``: anchor every society's new digests; refuse contradicting ones."""
    from jjn_ledger.ledger.load import load

    if not anchors.path_of(county).is_file():
        raise JjnError(f"{county} 还没有县锚定登记簿：请先运行 jjn county init {county}")
    register = _fresh(county)
    added: list[tuple[anchors.Anchor, Event]] = []
    refused: list[str] = []
    for folder in layout.society_folders(county):
        if county_secret.county_of(folder) != county.resolve():
            continue  # a society of a county below this one keeps its own register
        events = events_of(folder, load(folder).entries)
        new, bad = plan(register.of(anchors.society_name(folder)), events)
        refused += bad
        added += zip(append(county, new, at), new, strict=True)
    head = added[-1][0].hash if added else register.head
    return Outcome(tuple(added), tuple(refused), head)
