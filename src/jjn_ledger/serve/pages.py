"""The county server's own pages (login, refusals, unmasking, access log) and its headers.

Every response the server sends — its own pages and Fava's — carries the same security
headers: no framing by other sites (clickjacking), no MIME sniffing, referrers kept on this
site, and no caching of pages that hold personal data.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from werkzeug.datastructures import Headers
from werkzeug.wrappers import Response

SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'; form-action 'self'; base-uri 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def secure(headers: Headers, *, private: bool = True) -> None:
    """Add the security headers (and ``no-store`` for pages with personal data)."""
    for name, value in SECURITY_HEADERS.items():
        headers.setdefault(name, value)  # an app's own stricter policy (the workbench's) stays
    if private:
        headers["Cache-Control"] = "no-store"


@cache
def _env() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("jjn_ledger.serve", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(name: str, **context: Any) -> str:
    return str(_env().get_template(name).render(**context))


def page(name: str, status: int = 200, **context: Any) -> Response:
    response = Response(render(name, **context), status=status, mimetype="text/html")
    secure(response.headers)
    return response


def refusal(message: str, status: int = 403, *, signed_in: bool = True) -> Response:
    """A refusal in Chinese: the page says why, and shows nothing of the books."""
    titles = {
        401: "请先登录",
        403: "无权访问",
        404: "页面不存在",
        405: "不接受此请求",
        429: "请稍后再试",
    }
    return page(
        "message.html",
        status,
        title=titles.get(status, "无法完成请求"),
        message=message,
        signed_in=signed_in,
    )


def redirect(location: str) -> Response:
    response = Response("", status=303, headers={"Location": location})
    secure(response.headers)
    return response


def safe_next(target: str) -> str:
    """Only a path on this server may be a redirect target (no ``//evil``, no scheme)."""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target
