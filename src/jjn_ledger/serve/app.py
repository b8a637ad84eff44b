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

import signal
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jjn_ledger.errors import JjnError
from jjn_ledger.ledger import layout
from jjn_ledger.serve import background, fava_pool, scope
from jjn_ledger.serve.background import SummaryCache
from jjn_ledger.serve.network import CannotListen, check_port, is_loopback
from jjn_ledger.serve.societies import FAVA_PREFIX, ServedSociety, county_name, societies

if TYPE_CHECKING:
    from flask import Flask

LANGUAGE = "zh_CN"


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

    from jjn_ledger.serve.confine import confine
    from jjn_ledger.serve.identity import sign_in_for_request, user_of
    from jjn_ledger.serve.readonly import explain_refusals

    app = create_app(
        [str(m) for m in mains], load=load, read_only=True, poll_watcher=len(mains) > 1
    )
    explain_refusals(app)
    confine(app)  # a society's pages read nothing outside its folder

    @app.before_request
    def _chinese() -> None:
        sign_in_for_request(user_of(request.environ))  # the gate's user, if there is a gate
        ledger = getattr(g, "ledger", None)
        if ledger is not None and not ledger.fava_options.language:
            ledger.fava_options.language = LANGUAGE

    return app


# --- the county overview ------------------------------------------------------------------


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
    from jjn_ledger.ledger.load import require_utf8_name

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
            require_utf8_name(folder)  # Fava would fail inside Beancount with an English 500
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
    previous = signal.signal(signal.SIGTERM, _interrupt)  # systemd stops a service by SIGTERM
    try:
        server.start()
    except KeyboardInterrupt:
        server.stop()
    except OSError as exc:
        raise CannotListen(p.host, p.port) from exc
    finally:
        signal.signal(signal.SIGTERM, previous)
        background.stop_all()  # busy summary workers must not keep a stopped server alive
    echo("已停止。")


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
