"""Start Fava for auditors: one society, or a whole county behind a small overview page.

``jjn serve`` is how finance, civil-affairs and audit staff look at the books (DOMAIN.md,
"Who uses the ledger"), so Fava is always started ``read_only`` (every non-GET request is
refused) and on the loopback address unless the operator names another host. Fava has no
login; a county folder is served behind ``serve.gate`` (accounts, scopes, redaction, the
access log) and nginx for HTTPS (docs/deployment.md).

A county folder is served by one process holding two WSGI apps (werkzeug's
``DispatcherMiddleware``): ``/`` is the county pages (``serve.overview``), ``/fava/`` is one Fava
holding every society's ledger. The overview never waits for Fava: it only needs each society's
title and, when ``jjn_ledger.county.engine`` is installed, its summaries. Plain Fava loads all its
ledgers on the first request (about 25 s for 300 societies, measured); here Fava's registry is a
``serve.fava_pool.LedgerPool``, which loads a society's ledger when it is first asked for and
keeps only the most recently used few (``--keep``).
"""

from __future__ import annotations

import ipaddress
import os
import re
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from jjn_ledger.errors import JjnError, NotALedger
from jjn_ledger.ledger import layout
from jjn_ledger.serve import fava_pool, scope

if TYPE_CHECKING:
    from flask import Flask

FAVA_PREFIX = "/fava"
LANGUAGE = "zh_CN"
AUDIT_PAGE = f"extension/{layout.FAVA_EXTENSION_CLASS}/"

_COUNTY = re.compile(r'^\s+county:\s+"([^"]+)"', re.MULTILINE)
_TITLE = re.compile(r'^option\s+"title"\s+"((?:[^"\\]|\\.)*)"', re.MULTILINE)


def is_loopback(host: str) -> bool:
    """Whether ``host`` only accepts connections from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def exposure_warning(host: str) -> str | None:
    """The Chinese warning printed when Fava listens beyond this machine, or None."""
    if is_loopback(host):
        return None
    return (
        f"警告：正在监听 {host}，同一网络中的任何人都能连到本服务。互助社账本没有登录功能，"
        "只应在 127.0.0.1 上运行；县服务器须开设账号（jjn users add），并按 docs/deployment.md "
        "用 nginx 提供 HTTPS 后再对局域网提供。"
    )


class CannotListen(JjnError):
    """The address is taken (another ``jjn serve`` or Fava) or not this machine's."""

    def __init__(self, host: str, port: int) -> None:
        super().__init__(
            f"无法在 {host}:{port} 上启动：端口已被占用或地址不属于本机，请用 --port 换一个端口"
        )


# --- which ledgers, under which slugs ------------------------------------------------------


@dataclass(frozen=True)
class ServedSociety:
    """One society's ledger as the server presents it."""

    folder: Path
    title: str
    slug: str  # Fava's slug for the ledger (its URL segment)

    @property
    def main(self) -> Path:
        return (self.folder / layout.MAIN).resolve()

    def url(self, page: str = AUDIT_PAGE, prefix: str = FAVA_PREFIX) -> str:
        return f"{prefix}/{quote(self.slug)}/{page}"


def read_title(main: Path) -> str:
    """The ``option "title"`` of a main file, read as text: no need to load the ledger."""
    found = _TITLE.search(main.read_text("utf-8", errors="replace"))
    return found.group(1).replace('\\"', '"') if found else ""


def county_name(path: Path, found: Sequence[ServedSociety]) -> str:
    """The county the societies' profiles name, when they agree; else the folder's name."""
    names = set()
    for society in found:
        profile = society.folder / layout.SOCIETY
        text = profile.read_text("utf-8", errors="replace") if profile.is_file() else ""
        names.update(_COUNTY.findall(text) or [""])
    return names.pop() if len(names) == 1 and "" not in names else path.resolve().name


def fava_slug(title: str, path: Path, taken: Iterable[str]) -> str:
    """The slug Fava gives a ledger (``fava.application._slug`` and ``next_key``)."""
    from fava.util import next_key, slugify

    base = slugify(title) or slugify(str(path))
    return next_key(base, dict.fromkeys(taken))


def societies(path: Path) -> list[ServedSociety]:
    """The societies at or below ``path``, in the order Fava is given them."""
    out: list[ServedSociety] = []
    for folder in layout.society_folders(path):
        main = (folder / layout.MAIN).resolve()
        title = read_title(main) or folder.name
        out.append(ServedSociety(folder, title, fava_slug(title, main, (s.slug for s in out))))
    if not out:
        raise NotALedger(str(path))
    return out


# --- Fava ----------------------------------------------------------------------------------


def fava_app(mains: Sequence[Path], *, load: bool = True) -> Flask:
    """Fava over ``mains``, read-only, in Chinese even for a ledger that does not ask for it.

    With more than one ledger Fava's polling watcher is used: the default one starts an
    inotify watcher thread per ledger, and a county of 300 ran out of inotify instances
    ("Too many open files", measured). The polling one only looks at a ledger's files when
    that ledger is requested.
    """
    from fava.application import create_app
    from flask import g, request

    from jjn_ledger.serve.identity import sign_in_for_request, user_of
    from jjn_ledger.serve.readonly import explain_refusals

    app = create_app(
        [str(m) for m in mains], load=load, read_only=True, poll_watcher=len(mains) > 1
    )
    explain_refusals(app)

    @app.before_request
    def _chinese() -> None:
        sign_in_for_request(user_of(request.environ))  # the gate's user, if there is a gate
        ledger = getattr(g, "ledger", None)
        if ledger is not None and not ledger.fava_options.language:
            ledger.fava_options.language = LANGUAGE

    return app


# --- the county overview -------------------------------------------------------------------


def fingerprint(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """Name, size and mtime of every file of a society's books: changes when they change."""
    out = []
    for f in layout.ledger_files(folder):
        st = f.stat()
        out.append((f.name, st.st_size, st.st_mtime_ns))
    return tuple(out)


class SummaryCache:
    """``county.summarise`` results per society, recomputed only for books that changed.

    The overview page must answer at once, however many societies there are, so it never
    waits for summaries: ``refresh_soon`` recomputes stale ones in a background thread (a
    process pool when several are stale) and the page shows what is ready.
    """

    def __init__(
        self,
        folders: Sequence[Path],
        summarise: Callable[[Path], Any] | None = None,
        workers: int | None = None,
    ) -> None:
        self.folders = list(folders)
        self._summarise = summarise
        self._workers = workers
        self._done: dict[Path, tuple[tuple[tuple[str, int, int], ...], Any]] = {}
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._checked = -float("inf")
        self.failed: dict[Path, str] = {}

    def get(self, folder: Path) -> Any | None:
        found = self._done.get(folder)
        return found[1] if found else None

    def stale(self) -> list[Path]:
        return [
            f for f in self.folders if f not in self._done or self._done[f][0] != fingerprint(f)
        ]

    @property
    def busy(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def refresh(self) -> None:
        """Recompute the stale summaries now (blocking)."""
        todo = {f: fingerprint(f) for f in self.stale()}
        if not todo:
            return
        summarise = self._summarise or _county_summarise()
        folders = list(todo)
        if len(folders) == 1 or self._summarise is not None:
            for f in folders:
                self._keep(f, todo[f], self._one(summarise, f))
        else:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor, as_completed

            # spawn, not fork: this process runs server threads, which fork does not copy safely
            ctx = multiprocessing.get_context("spawn")
            # niced, so a society page asked for meanwhile is not slowed down by the summaries
            with ProcessPoolExecutor(
                self._workers, mp_context=ctx, initializer=os.nice, initargs=(10,)
            ) as pool:
                futures = {pool.submit(summarise, f): f for f in folders}
                for fut in as_completed(futures):  # each shows on the page as it arrives
                    self._keep(futures[fut], todo[futures[fut]], self._result(futures[fut], fut))

    def _keep(self, folder: Path, key: tuple[tuple[str, int, int], ...], result: Any) -> None:
        if result is not None:
            with self._lock:
                self._done[folder] = (key, result)

    def _one(self, summarise: Callable[[Path], Any], folder: Path) -> Any | None:
        try:
            return summarise(folder)
        except Exception as exc:  # one broken ledger must not hide the others
            self.failed[folder] = str(exc)
            return None

    def _result(self, folder: Path, future: Any) -> Any | None:
        try:
            return future.result()
        except Exception as exc:
            self.failed[folder] = str(exc)
            return None

    def check_soon(self, every: float = 10.0) -> None:
        """Look for changed books at most every ``every`` seconds, refreshing in the background.

        Checking stats every file of every society (10,000 files for 300 societies, about
        0.2 s here), so a page reload does not pay for it each time.
        """
        now = time.monotonic()
        if now - self._checked < every or self.busy:
            return
        self._checked = now
        if self.stale():
            self.refresh_soon()

    def refresh_soon(self) -> None:
        """Start a background refresh unless one is running."""
        with self._lock:
            if self.busy:
                return
            self._thread = threading.Thread(target=self.refresh, daemon=True)
            self._thread.start()

    def wait(self, timeout: float | None = None) -> None:
        thread = self._thread
        if thread is not None:
            thread.join(timeout)


def _county_summarise() -> Callable[[Path], Any]:
    """Summaries through the on-disk cache, so a restarted server is warm at once."""
    from jjn_ledger.county import engine as county

    return county.summarise_cached


def county_app(
    path: Path, found: Sequence[ServedSociety], keep: int = fava_pool.DEFAULT_CAPACITY
) -> tuple[Any, Flask, SummaryCache]:
    """``/`` the county pages, ``/fava/…`` read-only Fava (≤ ``keep`` ledgers loaded), the
    workbench, all behind the gate.

    The gate (``serve.gate``) signs users in when the county has a users file, and otherwise
    serves the officers' view (names masked, no ID numbers, no raw source, no workbench).
    """
    from werkzeug.middleware.dispatcher import DispatcherMiddleware

    from jjn_ledger.serve.gate import protect
    from jjn_ledger.serve.overview import link_back, overview_app
    from jjn_ledger.serve.workbench import PREFIX

    fava = fava_app([s.main for s in found], load=False)
    fava_pool.install(fava, [(s.slug, s.title, s.main) for s in found], keep)
    link_back(fava)
    cache = SummaryCache([s.folder for s in found])
    county = county_name(path, found)
    places = scope.places(path, [(s.slug, s.folder) for s in found], county)
    root = overview_app(path, found, fava, cache, places)
    desks = workbench_app(
        path, found, local=False, fava_prefix=FAVA_PREFIX, sign_in=_sign_in_from_gate
    )
    inner = DispatcherMiddleware(root, {FAVA_PREFIX: fava.wsgi_app, PREFIX: desks})
    return protect(inner, path, places, county), fava, cache


def _sign_in_from_gate() -> None:
    """The workbench's ``sign_in``: the user the gate signed in for this request."""
    from flask import request

    from jjn_ledger.serve.identity import sign_in_for_request, user_of

    sign_in_for_request(user_of(request.environ))


def workbench_app(
    path: Path,
    found: Sequence[ServedSociety],
    *,
    local: bool,
    fava_prefix: str,
    sign_in: Callable[[], Any] | None = None,
) -> Flask:
    """The treasurer's workbench (``serve.workbench``) for the societies served.

    A society's URL segment is its folder's name (its path below ``path`` where two folders share
    a name); the scope its treasurer's account names is its folder below ``path`` (the folder's
    name when ``path`` is the society). ``local``: a treasurer's laptop, where the person at the
    keyboard is the treasurer and no login exists.
    """
    from jjn_ledger.serve.workbench import Desk, create_app

    root = path.resolve()
    names = [s.folder.name for s in found]
    desks = []
    for society, name in zip(found, names, strict=True):
        folder = society.folder.resolve()
        below = folder.relative_to(root).parts if folder != root else (folder.name,)
        key = "-".join(below) if names.count(name) > 1 else name
        url = society.url(prefix=fava_prefix)
        desks.append(Desk(key, folder, society.title, url, "/".join(below)))
    return create_app(desks, local=local, roots=[path], sign_in=sign_in)


# --- reading under the books' lock ---------------------------------------------------------


def reading_books(
    app: Callable[..., Any], found: Sequence[ServedSociety], prefix: str | None
) -> Callable[..., Any]:
    """Each request reads its society's books under their shared lock (``ledger.journal``).

    Fava reloads a ledger inside the request that notices a change, so holding the lock for
    the request means Fava never loads half of a multi-file write, and a write killed half-way
    is completed before Fava looks. ``prefix`` is where Fava is mounted (county) or None (one
    society: every request is about it).
    """
    from werkzeug.wrappers import Response

    from jjn_ledger.ledger import journal

    by_slug: dict[str, Path] = {s.slug: s.folder for s in found}

    def society_of(path: str) -> Path | None:
        if prefix is None:
            return found[0].folder
        if not path.startswith(f"{prefix}/"):
            return None
        return by_slug.get(path[len(prefix) + 1 :].split("/", 1)[0])

    def wrapped(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        raw = str(environ.get("PATH_INFO", ""))  # PEP 3333: the UTF-8 bytes, read as latin-1
        folder = society_of(raw.encode("latin-1", "replace").decode("utf-8", "replace"))
        if folder is None:
            return app(environ, start_response)  # type: ignore[no-any-return]
        try:
            with journal.reading(folder):
                return list(app(environ, start_response))
        except JjnError as exc:
            refused = Response(str(exc), status=503, mimetype="text/plain")
            return refused(environ, start_response)

    return wrapped


# --- the server ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """What ``jjn serve`` will run: the WSGI app, where it listens, and what it says."""

    app: Any
    host: str
    port: int
    url: str
    societies: list[ServedSociety]
    fava: Flask
    cache: SummaryCache | None = None  # the county overview's summaries

    @property
    def county(self) -> bool:
        return self.cache is not None


def plan(
    path: Path, host: str = "127.0.0.1", port: int = 5000, keep: int = fava_pool.DEFAULT_CAPACITY
) -> Plan:
    """Build the app for a society folder or a county folder, without starting it."""
    from jjn_ledger.ledger import journal

    check_port(port)
    found = societies(path)
    for society in found:  # Fava's first load must not see half of a killed write
        journal.settle(society.folder)
    county = not (path / layout.MAIN).is_file()
    shown = "127.0.0.1" if host == "localhost" else host
    base = f"http://{shown}:{port}"
    if county:
        app, fava, cache = county_app(path, found, keep)
        return Plan(
            reading_books(app, found, FAVA_PREFIX), shown, port, f"{base}/", found, fava, cache
        )
    from werkzeug.middleware.dispatcher import DispatcherMiddleware

    from jjn_ledger.serve.workbench import PREFIX

    fava = fava_app([found[0].main])
    desks = workbench_app(path, found, local=is_loopback(host), fava_prefix="")
    # Fava's requests read under the books' lock; the workbench writes through the safe path,
    # which takes the lock itself.
    app = DispatcherMiddleware(reading_books(fava, found, None), {PREFIX: desks})
    return Plan(app, shown, port, f"{base}{found[0].url(prefix='')}", found, fava)


class BadPort(JjnError):
    def __init__(self, port: int) -> None:
        super().__init__(f"端口 {port} 无效：请用 --port 指定 1 到 65535 之间的端口，例如 5000")


def check_port(port: int) -> None:
    """A port the server can listen on and print: 0 (any free port) would print ``:0/``."""
    if not 1 <= port <= 65535:
        raise BadPort(port)


def serve(p: Plan, echo: Callable[[str], None] = print) -> None:
    """Run the plan with Fava's own production server (cheroot) until interrupted."""
    from cheroot.wsgi import Server

    if p.cache is not None:
        p.cache.refresh_soon()
        echo(f"县级总览：{p.url}（{len(p.societies)} 个互助社；Fava 在 {FAVA_PREFIX}/ 下，只读）")
    else:
        echo(f"{p.societies[0].title}：{p.url}（只读）")
        echo(f"出纳工作台（记账、导入、公示、结账）：http://{p.host}:{p.port}/workbench/")
    echo("按 Ctrl+C 停止。")
    server = Server((p.host, p.port), p.app)
    try:
        server.start()
    except KeyboardInterrupt:
        server.stop()
    except OSError as exc:
        raise CannotListen(p.host, p.port) from exc
