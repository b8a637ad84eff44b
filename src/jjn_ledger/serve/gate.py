"""The gate in front of the county server: every request passes here before Fava or the overview.

In order, for each request: the server's own pages (``/login``, ``/logout``); who is asking
(a session, or — on a county served without accounts — the local operator, who gets the
officers' view); a CSRF check on every request that is not GET or HEAD; the unmasking and
access-log pages; then the scope check (``scope.route`` and ``scope.allowed``: 403 in Chinese,
never the page) and, for everyone but a society's own treasurer, the redaction of the response
(``redact``). Every response gets the security headers, and HTML pages a small bar with the
user, the unmasking link and the logout button.

The user is handed to the apps behind the gate in the WSGI environ (``identity.ENVIRON_KEY``);
Fava's ``before_request`` passes it on to ``identity.sign_in_for_request``.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Request, Response

from jjn_ledger.errors import JjnError
from jjn_ledger.ledger import layout
from jjn_ledger.serve import identity, network, pages, redact, scope
from jjn_ledger.serve.access_log import AccessLog
from jjn_ledger.serve.auth import Accounts, Signed
from jjn_ledger.serve.identity import Role, User
from jjn_ledger.serve.scope import Kind, Place, View
from jjn_ledger.serve.sessions import Session, Sessions
from jjn_ledger.serve.unmask import AUDIT, Unmasking
from jjn_ledger.serve.users import UsersFile, server_dir, session_key

WSGI = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
MAX_BODY = 12 << 20  # the workbench takes uploads of up to 10 MB
TEXTUAL = ("text/", "application/json", "application/javascript", "application/xml")


def local_operator(county: str) -> User:
    """Who is at the keyboard of a county served without accounts: the officers' view."""
    return User("local", "本机操作员（未登录）", Role.OFFICER, county)


class Gate:
    """WSGI middleware: authentication, scope, CSRF, unmasking, redaction, headers."""

    def __init__(
        self,
        inner: WSGI,
        found: Sequence[Place],
        log: AccessLog,
        accounts: Accounts | None,
        county: str,
    ) -> None:
        self.inner = inner
        self.places = {p.slug: p for p in found}
        self.order = list(found)
        self.log = log
        self.accounts = accounts
        self.county = county
        self.names = redact.Names()
        self.unmasking = Unmasking(self.places, self.names, log, county)
        self._local = Signed(local_operator(county), Sessions().start("local", ""))

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if _content_length(environ) > MAX_BODY:
            _drain(environ)  # so the client reads the answer instead of a reset connection
            too_big = pages.refusal("提交的内容太大（上限 12 MB）。", 413)
            return too_big(environ, start_response)
        form = _buffer_form(environ)
        request = Request(environ)
        response = self._answer(environ, request, form)
        if isinstance(response, Response):
            return response(environ, start_response)
        return response(start_response)

    # --- the order of checks -----------------------------------------------------------

    def _answer(self, environ: dict[str, Any], request: Request, form: MultiDict[str, str]) -> Any:
        signed = self.accounts.identify(request) if self.accounts is not None else self._local
        early = self._account_pages(request, form, signed) or self._refuse(request, form, signed)
        if early is not None or signed is None:
            return early
        environ[identity.ENVIRON_KEY] = signed.user
        environ[identity.CSRF_KEY] = signed.session.csrf
        if request.path == "/unmask":
            return self.unmasking.page(request, form, signed)
        if request.path == "/access-log":
            return self.unmasking.log_page(signed)
        return self._scoped(environ, request, signed)

    def _account_pages(
        self, request: Request, form: MultiDict[str, str], signed: Signed | None
    ) -> Response | None:
        """``/login`` and ``/logout`` (only when the county has accounts)."""
        accounts = self.accounts
        if accounts is None or request.path not in ("/login", "/logout"):
            return None
        if request.path == "/login":
            if request.method == "POST":
                return accounts.login(request, form)
            return accounts.login_page(request)
        if request.method != "POST" or (signed and not accounts.csrf_ok(request, form, signed)):
            return pages.refusal("退出须通过页面上的“退出登录”按钮。", 403)
        return accounts.logout(signed)

    @staticmethod
    def _refuse(
        request: Request, form: MultiDict[str, str], signed: Signed | None
    ) -> Response | None:
        """Not signed in: to the login page (pages) or 401 (API); a write without CSRF: 403."""
        reading = request.method in ("GET", "HEAD")
        if signed is None and reading and "/api/" not in request.path:
            return pages.redirect("/login?" + urlencode({"next": request.full_path.rstrip("?")}))
        if signed is None:
            return pages.refusal("请先登录。", 401, signed_in=False)
        if not reading and not Accounts.csrf_ok(request, form, signed):
            return pages.refusal("请求缺少有效的安全令牌（CSRF），已拒绝。请从页面上重新提交。")
        return None

    def _scoped(self, environ: dict[str, Any], request: Request, signed: Signed) -> Any:
        user = signed.user
        where = scope.route(request.path)
        if where.kind not in (Kind.PAGE, Kind.RAW, Kind.QUERY):
            return self._not_a_society(environ, where.kind, signed)
        place = self.places.get(where.slug)
        refused = self._society_refusal(request, user, place, where.kind)
        if refused is not None or place is None:
            return refused
        if (
            scope.view(user) is View.MASKED
            and request.args.get("full") == "1"
            and not signed.session.granted(place.key)
        ):
            return self._ask_reason(request, place)
        return self._pass(environ, self._masker(user, signed.session, place), signed)

    def _not_a_society(self, environ: dict[str, Any], kind: Kind, signed: Signed) -> Any:
        """Requests not of one society: static files, Fava's root, the workbench, the rest."""
        user = signed.user
        if kind is Kind.STATIC:
            return self._pass(environ, None, signed)
        if kind is Kind.FAVA_INDEX:
            return self._first_society(user)
        if kind is Kind.WORKBENCH:
            # The workbench lists full names and writes: the society's treasurer only (it
            # checks which society itself, against the same User).
            if user.role is not Role.TREASURER:
                return pages.refusal("出纳工作台只对本社出纳开放。")
            return self._pass(environ, None, signed, bar=False)
        return self._pass(environ, self._county_masker(user), signed)  # overview, jump, other

    def _first_society(self, user: User) -> Response:
        """``/fava/``: Fava would open its first ledger; open the user's first instead."""
        mine = [p for p in self.order if scope.visible(user, p)]
        if not mine:
            return pages.refusal("您的账号没有可查看的互助社。")
        return pages.redirect(f"{scope.FAVA}/{quote(mine[0].slug)}/{AUDIT}")

    @staticmethod
    def _society_refusal(
        request: Request, user: User, place: Place | None, kind: Kind
    ) -> Response | None:
        """Why ``user`` may not make this request of ``place``, as a 403/404 page; or None."""
        if place is None:
            return pages.refusal("没有这个互助社。", 404)
        if not scope.visible(user, place):
            return pages.refusal(f"您的账号（{user.display_name}）无权查看该互助社的账本。")
        if not scope.allowed(user, place, kind):
            if kind is Kind.QUERY:
                return pages.refusal("自由查询和按姓名查找只对本社出纳开放；请用审计页面的筛选。")
            return pages.refusal("账本原文（编辑器、源文件、账本下载、附件）只对本社出纳开放。")
        if scope.view(user) is not View.FULL and request.args.get("filter"):
            # A text or metadata filter is an oracle: its hit counts spell out a name or an
            # ID number one guess at a time, whatever the answer's redaction.
            return pages.refusal(
                "按文本或元数据筛选只对本社出纳开放；可按时间、科目筛选，或用审计页面的筛选。"
            )
        return None

    @staticmethod
    def _ask_reason(request: Request, place: Place) -> Response:
        """Full names were asked for without a logged reason: to the unmasking form first."""
        # Fava's own links load pages as fragments (partial=true); come back to the page
        back = [(k, v) for k, v in request.args.items(multi=True) if k != "partial"]
        query = {"society": place.slug, "next": request.path + "?" + urlencode(back)}
        if request.args.get("key"):
            query["key"] = request.args["key"]
        if request.args.get("partial"):
            query["partial"] = "true"  # Fava's router: answer with a fragment too
        return pages.redirect("/unmask?" + urlencode(query))

    # --- redaction ---------------------------------------------------------------------

    def _masker(
        self, user: User, session: Session, place: Place
    ) -> Callable[[bytes], bytes] | None:
        shown = scope.view(user)
        if shown is View.FULL:
            return None
        if shown is View.NAMES:
            return redact.mask_id_numbers
        names = self.names.masker(place.folder, session.granted(place.key))
        return lambda body: names(redact.mask_id_numbers(body))

    def _county_masker(self, user: User) -> Callable[[bytes], bytes] | None:
        """For pages not of one society (the overview): names of every society the user sees."""
        shown = scope.view(user)
        if shown is View.FULL:
            return None
        if shown is View.NAMES:
            return redact.mask_id_numbers
        maskers = [self.names.masker(p.folder) for p in self.order if scope.visible(user, p)]

        def mask(body: bytes) -> bytes:
            body = redact.mask_id_numbers(body)
            for m in maskers:
                body = m(body)
            return body

        return mask

    def _pass(
        self,
        environ: dict[str, Any],
        mask: Callable[[bytes], bytes] | None,
        signed: Signed,
        *,
        bar: bool = True,
    ) -> Callable[[Callable[..., Any]], Iterable[bytes]]:
        """Run the app behind the gate; buffer, redact and mark up its answer."""
        status, headers, body = _run(self.inner, environ)
        kept = [(name, value) for name, value in headers if name.lower() != "content-length"]
        response = Response(body, status=status, headers=kept)
        kind = response.mimetype or ""
        static = scope.route(Request(environ).path).kind is Kind.STATIC
        if mask is not None and not static:
            if response.headers.get("Content-Encoding"):
                response = pages.refusal("无法对压缩的响应做脱敏处理，已拒绝。", 500)
            elif kind.startswith(TEXTUAL):
                response.set_data(mask(response.get_data()))
            elif body and _masked_export(environ):
                pass  # the audit tab's own XLSX, built masked as the masked page shows it
            elif body:
                response = pages.refusal("该类下载无法脱敏，只对本社出纳开放。")
        if bar and kind == "text/html" and not static:
            response.set_data(self._with_bar(response.get_data(), signed, environ))
        pages.secure(response.headers, private=not static)

        def answer(start_response: Callable[..., Any]) -> Iterable[bytes]:
            return response(environ, start_response)

        return answer

    def _with_bar(self, body: bytes, signed: Signed, environ: dict[str, Any]) -> bytes:
        where = scope.route(Request(environ).path)
        unmask = ""
        if scope.may_unmask(signed.user) and where.slug in self.places:
            unmask = "/unmask?" + urlencode({"society": where.slug})
        bar = pages.render(
            "bar.html",
            user=signed.user,
            unmask=unmask,
            log=scope.reads_access_log(signed.user),
            csrf=signed.session.csrf if self.accounts is not None else "",
        ).encode("utf-8")
        at = body.rfind(b"</body>")
        return body[:at] + bar + body[at:] if at >= 0 else body


def _buffer_form(environ: dict[str, Any]) -> MultiDict[str, str]:
    """The form of a POST, read without taking the body from the app behind the gate."""
    if environ.get("REQUEST_METHOD", "GET") in ("GET", "HEAD"):
        return MultiDict()
    length = _content_length(environ)
    body = environ["wsgi.input"].read(length) if length else b""
    copy = dict(environ, **{"wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(len(body))})
    form = Request(copy).form
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))
    return MultiDict(form)


def _content_length(environ: dict[str, Any]) -> int:
    try:
        return max(int(environ.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def _drain(environ: dict[str, Any], limit: int = 2 * MAX_BODY) -> None:
    """Read and drop an oversized body (up to ``limit``; nginx stops larger ones first)."""
    left = min(_content_length(environ), limit)
    while left > 0:
        chunk = environ["wsgi.input"].read(min(left, 65536))
        if not chunk:
            break
        left -= len(chunk)


def _run(app: WSGI, environ: dict[str, Any]) -> tuple[str, list[tuple[str, str]], bytes]:
    """Call a WSGI app and collect its whole answer."""
    captured: dict[str, Any] = {}
    chunks: list[bytes] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        captured["status"], captured["headers"] = status, headers
        return chunks.append

    result = app(environ, start_response)
    try:
        chunks.extend(result)
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()
    return captured["status"], captured["headers"], b"".join(chunks)


def protect(inner: WSGI, county: Path, found: Sequence[Place], county_name: str) -> Gate:
    """The gate for a county folder: with accounts if its users file exists, else local view."""
    folder = server_dir(county)
    users = UsersFile(folder)
    accounts = None
    if users.exists:
        accounts = Accounts(users, session_key(folder), county_name)
    return Gate(inner, found, AccessLog(folder), accounts, county_name)


class NoAccounts(JjnError):
    """A county without accounts asked to listen beyond this machine."""

    def __init__(self, county: Path) -> None:
        super().__init__(
            f"{county} 还没有账号：县服务器对局域网提供前须先开设账号（jjn users add），"
            "并按 docs/deployment.md 用 nginx 提供 HTTPS。账本未对外提供。"
        )


def accounts_note(path: Path, host: str) -> str | None:
    """What ``jjn serve`` says about accounts for a county folder (None for one society).

    A county without accounts is served to this machine only, in the officers' view; asked
    to listen on another address it refuses rather than show the books to the network.
    """
    if (path / layout.MAIN).is_file():
        return None
    users = UsersFile(server_dir(path))
    if users.exists:
        return f"账号登录已启用：{len(users.accounts())} 个账号（{users.path}）。"
    if not network.is_loopback(host):
        raise NoAccounts(path)
    return "尚未开设账号：按审计人员视图提供（姓名遮挡、不显示身份证号、不开放账本原文）。"


EXPORTS = "/extension/JjnAudit/export"  # the audit tabs' XLSX export (fava_ext)


def _masked_export(environ: dict[str, Any]) -> bool:
    """An audit tab's XLSX asked for in its masked form: jjn builds it masked, names and IDs.

    A binary answer cannot be redacted here, so only this one kind passes, and only without
    ``full`` (an export with full names is for the society's own treasurer).
    """
    request = Request(environ)
    return EXPORTS in request.path and "full" not in request.args
