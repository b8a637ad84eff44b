"""出纳工作台: the treasurer records, imports and publishes from a browser.

A Flask app mounted by ``jjn serve`` at ``/workbench/`` beside the read-only Fava
(``serve.app``). Its forms are generated from the pydantic inputs of ``jjn record`` and friends
(``forms``, ``kinds``), and everything it writes goes through the same builders and the one
write path as the CLI (``writes``, ``uploads`` → ``write.safe``), so nothing the CLI refuses can
get in through the browser. Who may write is settled per request (``access``): on a laptop the
person at the keyboard is the society's treasurer; on the county server only that society's
signed-in 出纳. Pages are plain HTML forms with one stylesheet: no JavaScript, nothing fetched
from elsewhere, one column on a phone, two on a desktop.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from flask import Flask, Response, render_template

from jjn_ledger.errors import JjnError
from jjn_ledger.serve.workbench.facts import Desk
from jjn_ledger.serve.workbench.state import Workbench
from jjn_ledger.serve.workbench.uploads import MAX_BYTES

PREFIX = "/workbench"
COOKIE = "jjn_workbench"

__all__ = ["COOKIE", "PREFIX", "Desk", "Workbench", "create_app"]


def _errors(app: Flask) -> None:
    """Every failure a person can meet, in Chinese and on a page, never a traceback."""

    def page(title: str, reason: str, status: int) -> tuple[str, int]:
        return render_template("error.html", title=title, reason=reason, desk=None), status

    @app.errorhandler(403)
    def _forbidden(exc: Any) -> tuple[str, int]:
        reason = getattr(exc, "description", "") or "没有权限。"
        return page("没有权限", str(reason), 403)

    @app.errorhandler(404)
    def _missing(exc: Any) -> tuple[str, int]:
        return page("页面不存在", "没有这个互助社或这张表单。", 404)

    @app.errorhandler(405)
    def _method(exc: Any) -> tuple[str, int]:
        return page("请求方式不对", "请从工作台页面上的表单提交。", 405)

    @app.errorhandler(413)
    def _too_big(exc: Any) -> tuple[str, int]:
        limit = MAX_BYTES // (1024 * 1024)
        return page("文件太大", f"上传的文件超过 {limit} MB，请拆分后分别导入。账本未改动。", 413)

    @app.errorhandler(JjnError)
    def _refused(exc: JjnError) -> tuple[str, int]:
        return page("无法完成", str(exc), 422)


def create_app(
    desks: Sequence[Desk],
    *,
    local: bool,
    roots: Sequence[Path] = (),
    secret_key: bytes | None = None,
    sign_in: Callable[[], Response | None] | None = None,
) -> Flask:
    """The workbench for ``desks``.

    ``local``: a treasurer's laptop (no accounts; only this machine may connect). Otherwise the
    county server's login layer passes ``sign_in``, run before every request, which calls
    ``serve.identity.sign_in_for_request`` (or answers the request itself, e.g. a redirect to
    the login page); without it nobody may use the workbench.
    """
    from jjn_ledger.serve.workbench.views import bp

    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=secret_key or secrets.token_bytes(32),
        SESSION_COOKIE_NAME=COOKIE,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        MAX_CONTENT_LENGTH=MAX_BYTES,
    )
    app.extensions["jjn_workbench"] = Workbench(
        {d.key: d for d in desks}, local, tuple(Path(r).resolve() for r in roots)
    )
    if sign_in is not None:
        app.before_request(sign_in)

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; script-src 'none'; frame-ancestors 'none'; form-action 'self'",
        )
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    app.register_blueprint(bp)
    _errors(app)
    return app
