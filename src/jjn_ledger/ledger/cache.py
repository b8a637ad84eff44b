"""A cache of per-society summaries that cannot go stale.

County reports and the Fava county view need one small summary per society. Reloading 300
ledgers takes seconds; reading 300 cached summaries takes milliseconds. A cached summary is used
only when its key matches, and the key covers everything a verdict depends on:

* the bytes of every file of the society's books (``layout.ledger_files``), and the profile's
  plugin config with them (it is in ``main.beancount``);
* the code and data of jjn itself (every ``.py`` and ``.toml`` of the package and the plugins):
  a changed rule or a changed policy default means a new key;
* not the day: the few verdicts that depend on it (a seed-fund or investigation deadline
  passing, ``ledger.clock``) make a cached value say until when it holds, and a value past that
  day is not ``fresh`` — so a county report a month later still reads its summaries, and only
  a society whose deadline fell in between is loaded again;
* the county's files the rules read: its working-day schedule, and this society's lines of the
  county's anchor register (``ledger.anchors``: R10 and R17 compare the books with them).

Summaries are stored as JSON under the user's cache directory (``$XDG_CACHE_HOME/jjn-ledger``,
else ``~/.cache/jjn-ledger``; ``JJN_CACHE_DIR`` or ``jjn serve --cache-dir`` to choose), never
inside the books: a read-only server writes nothing into what it serves. They are read back
through a pydantic ``TypeAdapter`` (not pickle: a county folder may be shared, and unpickling
a planted file would run code). A corrupt, unreadable or mismatched cache file is ignored and
rebuilt, never trusted.
"""

from __future__ import annotations

import gc
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError

from jjn_ledger.ledger import anchors, layout
from jjn_ledger.ledger import calendar as workdays

CACHE_DIR = ".jjn-cache"
CACHE_ENV = "JJN_CACHE_DIR"
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
    """A digest of jjn's own code and data files: rules, policy defaults, chart, engine.

    Every jjn process computes it once (every write keys its verdict with it), so the files are
    listed with ``os.walk``, which took half the time of ``Path.rglob``.
    """
    digest = hashlib.sha256()
    for root in _package_roots():
        paths = []
        for below, folders, files in os.walk(root):
            folders[:] = [f for f in folders if f != "__pycache__"]
            paths += [os.path.join(below, f) for f in files if f.endswith((".py", ".toml"))]
        for path in sorted(paths):
            digest.update(os.fsencode(os.path.relpath(path, root)))
            with open(path, "rb") as fh:
                digest.update(fh.read())
    return digest.hexdigest()


def ledger_key(folder: Path, files: Sequence[Path] | None = None) -> str:
    """The cache key of one society: its files and jjn's code — content only, never the day.

    By default the files are the books (``layout.ledger_files``) and the names of the papers
    under ``documents/`` (the 一人一档 checks read which papers there are, nothing else).
    """
    digest = hashlib.sha256()
    digest.update(code_version().encode())
    base = os.fspath(folder)
    if files is None:
        names = layout.ledger_names(base)
    else:
        names = [str(path.relative_to(folder)) for path in files]
    for name in names:
        digest.update(os.fsencode(name))
        digest.update(b"\0")
        with open(os.path.join(base, name), "rb") as fh:
            digest.update(fh.read())
        digest.update(b"\0")
    for override in workdays.calendar_files(folder):  # the county's working-day schedule
        digest.update(override.read_bytes())
    digest.update(anchors.fingerprint(folder))  # what the county anchored of this society
    if files is None:
        digest.update(_papers(os.path.join(base, "documents")))
    return digest.hexdigest()


def _papers(documents: str) -> bytes:
    """The path below ``documents/`` of every paper, in a stable order.

    Names only, as the 一人一档 checks read them (``reports.dossier.papers``): a society keeps
    a few hundred papers, and a stat of each was most of a province roll-up's time.
    """
    out: list[str] = []
    pending = [""]
    while pending:
        below = pending.pop()
        try:
            with os.scandir(os.path.join(documents, below)) as found:
                entries = list(found)
        except OSError:  # no documents folder, or not readable: nothing to key
            continue
        for entry in entries:
            name = f"{below}/{entry.name}" if below else entry.name
            if entry.is_dir(follow_symlinks=False):
                pending.append(name)
            elif entry.is_file():
                out.append(name)
    # names as the file system holds them: one that is not UTF-8 (a GBK name from a Windows
    # zip) is bytes Python carries as surrogates, and only ``fsencode`` turns it back
    return os.fsencode("\n".join(sorted(out)))


def cache_root() -> Path:
    """jjn's cache folder: ``JJN_CACHE_DIR``, else the user's cache directory (XDG).

    Never a folder of the books: a county served read-only, or checked from a USB stick, gets
    nothing written into it.
    """
    root = os.environ.get(CACHE_ENV)
    if root:
        return Path(root)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "jjn-ledger"


def use_cache_dir(path: Path) -> None:
    """Put every cache of this process (and of the worker processes it spawns) under ``path``."""
    os.environ[CACHE_ENV] = str(Path(path).resolve())


def cache_file(folder: Path, kind: str = "summary") -> Path:
    """Where a society's cached ``kind`` (a summary, the write verdict) is kept."""
    folder = folder.resolve()
    name = hashlib.sha256(os.fsencode(folder)).hexdigest()[:16]
    suffix = "" if kind == "summary" else f"-{kind}"
    return cache_root() / f"{folder.name}-{name}{suffix}.json"


_ADAPTERS: dict[type, TypeAdapter[Any]] = {}


def _adapter(kind: type[T]) -> TypeAdapter[tuple[str, T]]:
    """Built once per kind and process: each is a schema generation (2–3 ms), and a server
    reads and stores summaries all day."""
    adapter = _ADAPTERS.get(kind)
    if adapter is None:
        adapter = _ADAPTERS[kind] = TypeAdapter(tuple[str, kind])  # type: ignore[valid-type]
    return adapter


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


def _always(_: object) -> bool:
    return True


def store(folder: Path, value: T, kind: type[T]) -> None:
    """Keep ``value`` as the society's cached result for its books as they are now.

    The write path calls this (through ``county.engine.leave_summary``) right after a write,
    having just loaded the books, so the next roll-up does not load them again.
    """
    _write(cache_file(folder), ledger_key(folder), value, _adapter(kind))


def cached(
    folder: Path,
    compute: Callable[[Path], T],
    kind: type[T],
    keep: Callable[[T], bool] = _always,
    fresh: Callable[[T], bool] = _always,
) -> T:
    """``compute(folder)``, or its cached result if the society has not changed.

    A module-level ``partial`` of this is what a process pool runs per society. A cached value
    that is not ``fresh`` (a deadline in it has passed since) is computed again.
    """
    adapter = _adapter(kind)
    key = ledger_key(folder)
    hit = _read(cache_file(folder), key, adapter)
    if hit is not None and fresh(hit):
        return hit
    value = compute(folder)
    if keep(value):
        _write(cache_file(folder), key, value, adapter)
    return value


def cached_map(
    folders: Sequence[Path],
    compute: Callable[[Path], T],
    run: Callable[[Callable[[Path], T], Sequence[Path]], Iterable[T]],
    kind: type[T],
    keep: Callable[[T], bool] = _always,
    fresh: Callable[[T], bool] = _always,
) -> tuple[list[T], int]:
    """``compute`` each folder, reusing cached results whose key still matches.

    Keys are computed here (reading every file once, no parsing); ``run(compute, misses)`` maps
    only the folders that must be loaded, e.g. over a process pool, in order. Results for which
    ``keep`` is false (a society that could not be read) are not cached. Returns the results in
    folder order and how many folders were loaded.
    """
    adapter = _adapter(kind)
    with _collector_paused():
        keys = [ledger_key(f) for f in folders]
        results: list[T | None] = [
            _read(cache_file(f), k, adapter) for f, k in zip(folders, keys, strict=True)
        ]
    results = [r if r is not None and fresh(r) else None for r in results]
    misses = [i for i, r in enumerate(results) if r is None]
    if misses:
        computed = list(run(compute, [folders[i] for i in misses]))
        for i, value in zip(misses, computed, strict=True):
            results[i] = value
            if keep(value):
                _write(cache_file(folders[i]), keys[i], value, adapter)
    return [r for r in results if r is not None], len(misses)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while thousands of long-lived summaries are read.

    Every full collection walks every object alive, and the summaries read so far are all
    alive: a province of 18,000 spent 120 s reading its summaries with the collector running,
    43 s without it (measured). Reading makes no cycles worth collecting meanwhile.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def serial(compute: Callable[[Path], T], folders: Sequence[Path]) -> Iterable[T]:
    return [compute(f) for f in folders]
