"""A cache of per-society summaries that cannot go stale.

County reports and the Fava county view need one small summary per society. Reloading 300
ledgers takes seconds; reading 300 cached summaries takes milliseconds. A cached summary is used
only when its key matches, and the key covers everything a verdict depends on:

* the bytes of every file of the society's books (``layout.ledger_files``), and the profile's
  plugin config with them (it is in ``main.beancount``);
* the code and data of jjn itself (every ``.py`` and ``.toml`` of the package and the plugins):
  a changed rule or a changed policy default means a new key;
* today's date, because some verdicts depend on it (a seed-fund or notice deadline passing).

Summaries are stored as JSON under ``<county>/.jjn-cache/`` and read back through a pydantic
``TypeAdapter`` (not pickle: a county folder may be shared, and unpickling a planted file would
run code). A corrupt, unreadable or mismatched cache file is ignored and rebuilt, never trusted.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor
from functools import cache
from pathlib import Path
from typing import TypeVar

from pydantic import TypeAdapter, ValidationError

from jjn_ledger import layout

CACHE_DIR = ".jjn-cache"
T = TypeVar("T")


def _package_roots() -> list[Path]:
    import jjn_ledger
    import jjn_ledger.importers
    import jjn_ledger.plugins

    return [
        Path(p)
        for mod in (jjn_ledger, jjn_ledger.plugins, jjn_ledger.importers)
        for p in mod.__path__
    ]


@cache
def code_version() -> str:
    """A digest of jjn's own code and data files: rules, policy defaults, chart, engine."""
    digest = hashlib.sha256()
    for root in _package_roots():
        for path in sorted(root.rglob("*")):
            if path.suffix in {".py", ".toml"} and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def ledger_key(
    folder: Path, today: datetime.date | None = None, files: Sequence[Path] | None = None
) -> str:
    """The cache key of one society: its files, jjn's code, and the day."""
    digest = hashlib.sha256()
    digest.update(code_version().encode())
    digest.update(str(today or datetime.date.today()).encode())
    for path in layout.ledger_files(folder) if files is None else files:
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def _cache_file(root: Path, folder: Path) -> Path:
    name = hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:24]
    return root / CACHE_DIR / f"{name}.json"


def _read(path: Path, key: str, adapter: TypeAdapter[tuple[str, T]]) -> T | None:
    try:
        stored_key, value = adapter.validate_json(path.read_bytes())
    except (OSError, ValidationError, ValueError):
        return None
    return value if stored_key == key else None


def _write(path: Path, key: str, value: T, adapter: TypeAdapter[tuple[str, T]]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(adapter.dump_json((key, value)))
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only county folder still gets its report, just not cached


def cached_map(
    root: Path,
    folders: Sequence[Path],
    compute: Callable[[Path], T],
    run: Callable[[Callable[[Path], T], Sequence[Path]], Iterable[T]],
    kind: type[T],
) -> tuple[list[T], int]:
    """``compute`` each folder, reusing cached results whose key still matches.

    ``run(compute, misses)`` maps the misses (in order), e.g. over a process pool; it is called
    only with the folders that need loading. Returns the results in folder order and the
    number of folders that were loaded. ``kind`` is the result type, stored as JSON.
    """
    adapter: TypeAdapter[tuple[str, T]] = TypeAdapter(tuple[str, kind])  # type: ignore[valid-type]
    keys = [ledger_key(f) for f in folders]
    results: list[T | None] = []
    misses: list[int] = []
    for i, (folder, key) in enumerate(zip(folders, keys, strict=True)):
        hit = _read(_cache_file(root, folder), key, adapter)
        results.append(hit)
        if hit is None:
            misses.append(i)
    if misses:
        computed = list(run(compute, [folders[i] for i in misses]))
        for i, value in zip(misses, computed, strict=True):
            results[i] = value
            _write(_cache_file(root, folders[i]), keys[i], value, adapter)
    return [r for r in results if r is not None], len(misses)


def serial(compute: Callable[[Path], T], folders: Sequence[Path]) -> Iterable[T]:
    return [compute(f) for f in folders]


def pooled(executor: Executor) -> Callable[[Callable[[Path], T], Sequence[Path]], Iterable[T]]:
    def run(compute: Callable[[Path], T], folders: Sequence[Path]) -> Iterable[T]:
        return list(executor.map(compute, folders, chunksize=max(1, len(folders) // 64)))

    return run
