"""The rules' verdict on a write: which errors it adds, and the verdict kept for the next one.

``write.safe`` is the transaction (lock, recover, load the books as they would be, apply); this
module is the judgment inside it, kept apart so the transaction reads as its steps:

* the errors of the books before the write (``errors_before``), from the verdict the previous
  write left in jjn's cache folder when it still holds, else from a fresh load;
* the errors the write adds (``new_errors``): an error "already there" is matched by rule id and
  message text, not by line number (appending moves nothing, but a whole-file replacement may).
  One refinement: an error at the same place of an *unchanged* file under the same rule is a
  changed verdict on an old entry (the R2 seed fund still short, by a different amount), not a
  new problem, and does not block the write;
* the refusal (``judge``): a write that adds a blocking error raises ``errors.RuleViolation``
  naming each new error in Chinese (file:line and message); the overdue findings it gives rise
  to (rules that do not block writes) are returned to be shown.

Loading the books twice per command is most of a command's time on a large ledger, so the
verdict of the books as they stand after a write is kept in jjn's cache folder
(``ledger.cache.cache_root``), keyed like the summary cache (the bytes of every ledger file,
jjn's code and data) and says until when it holds (a deadline passing). The next write uses it
only if the key still matches and that day has not come; any edit by hand or new code means a
fresh load. ``write.safe`` writes it, as it writes every file.
"""

from __future__ import annotations

import datetime
import json
import os
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jjn_ledger.errors import RuleViolation
from jjn_ledger.ledger import cache as summary_cache
from jjn_ledger.ledger import clock
from jjn_ledger.ledger.beancount_messages import in_chinese
from jjn_ledger.ledger.load import Loaded, load
from jjn_ledger.rules import base as rulebook


@dataclass(frozen=True)
class Error:
    """One error of the books, as compared across a write and stored in the cached verdict."""

    rule: str
    message: str
    file: str
    line: int
    blocks: bool = True

    @classmethod
    def of(cls, error: Any) -> Error:
        if isinstance(error, Error):
            return error
        message = str(error.message)
        source = error.source if isinstance(error.source, dict) else {}
        return cls(
            rulebook.rule_id(error),
            message,
            str(source.get("filename") or ""),
            int(source.get("lineno") or 0),
            rulebook.blocks_writes(error),
        )

    def shown(self, folder: Path) -> str:
        where = self.file
        if where.startswith(str(folder)):
            where = where[len(str(folder)) + 1 :]
        message = in_chinese(self.message)
        return f"{where}:{self.line}  {message}" if where else message


def judged_files(folder: Path) -> list[Path]:
    """Every ``.beancount`` file below the society folder (what ``include`` globs can reach).

    The files a verdict is about: copied to judge a write, hashed to key the cached verdict.
    A write lists them three times, through a society's ``documents/`` too, so the folders are
    walked with ``os.walk`` (``Path.rglob`` took twice as long); hidden ones are skipped.
    """
    found = []
    for below, folders, files in os.walk(folder):
        folders[:] = [f for f in folders if not f.startswith(".")]
        for name in files:
            path = os.path.join(below, name)
            if name.endswith(".beancount") and not name.startswith(".") and os.path.isfile(path):
                found.append(Path(path))
    return found


# --- the verdict before the write ---------------------------------------------------------------


def _key(folder: Path) -> str:
    return summary_cache.ledger_key(folder, files=sorted(judged_files(folder)))


def cache_file(folder: Path) -> Path:
    """Where the verdict of a society's books, as the last write left them, is kept."""
    return summary_cache.cache_file(folder, "verdict")


def errors_before(folder: Path) -> list[Error]:
    """The books' errors as they stand: the cached verdict if it still holds, else a load."""
    try:
        stored = json.loads(cache_file(folder).read_text("utf-8"))
        expires = stored.get("expires")
        still = expires is None or clock.today() < datetime.date.fromisoformat(expires)
        if stored["key"] == _key(folder) and still:
            return [Error(**e) for e in stored["errors"]]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return [Error.of(e) for e in load(folder).errors]


def cache_text(folder: Path, errors: Sequence[Error], expires: datetime.date | None) -> str:
    """The cached verdict of the books as just written (``cache_file``'s content)."""
    return json.dumps(
        {
            "key": _key(folder),
            "expires": expires.isoformat() if expires else None,
            "errors": [e.__dict__ for e in errors],
        },
        ensure_ascii=False,
    )


# --- judging ---------------------------------------------------------------------------------


def require_plugin(folder: Path, after: Loaded) -> None:
    """Books that do not run the jjn plugin cannot be judged, so nothing is written to them."""
    from jjn_ledger.rules.check import plugin_problems

    missing = plugin_problems(after)
    if missing:
        raise RuleViolation(f"拒绝写入 {folder}（账本未改动）：{missing[0].message}")


def new_errors(
    before: Sequence[Any], after: Sequence[Any], changed: Collection[Path]
) -> list[Error]:
    """Errors of ``after`` that ``before`` did not have (see the module docstring)."""
    old = [Error.of(e) for e in before]
    known = Counter((e.rule, e.message) for e in old)
    places = {(e.rule, e.file, e.line) for e in old}
    changed_names = {str(p) for p in changed}
    out = []
    for err in (Error.of(e) for e in after):
        key = (err.rule, err.message)
        if known[key] > 0:
            known[key] -= 1
            continue
        if err.file not in changed_names and (err.rule, err.file, err.line) in places:
            continue
        out.append(err)
    return out


def judge(
    folder: Path,
    before: Sequence[Error],
    after: Loaded,
    changed: Collection[Path],
    *,
    strict: bool,
) -> tuple[str, ...]:
    """Refuse a write that adds a blocking error; return the overdue findings it gives rise to.

    ``strict``: every error after the write counts, those already there included.
    """
    if strict:
        found = [Error.of(e) for e in after.errors]
    else:
        found = new_errors(before, after.errors, list(changed))
    pending = tuple(e.shown(folder) for e in found if not e.blocks)
    blocking = [e for e in found if e.blocks]
    if not blocking:
        return pending
    lines = "\n".join(f"  {e.shown(folder)}" for e in blocking)
    raise RuleViolation(
        f"拒绝写入：这样记账会产生 {len(blocking)} 个错误，账本未改动。\n{lines}",
        tuple((e.rule, in_chinese(e.message)) for e in blocking),
    )
