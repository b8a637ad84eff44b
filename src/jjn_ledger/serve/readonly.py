"""A refused write says why, in Chinese: the audit server is read-only.

Fava started ``read_only`` answers every request other than GET with a bare 401, which its
pages show as "HTTP 401". An auditor who clicks 保存 in the editor, or drags a document onto a
page, deserves to be told that this server only shows the books and where they are written. Fava's
pages read a JSON ``{"error": …}`` body of a failed request and show its message, so that is
what a refused write answers (same status, so nothing that relies on it changes).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask
    from werkzeug.exceptions import HTTPException
    from werkzeug.wrappers import Response

READ_ONLY = (
    "本服务器只读：财政、民政、审计人员在这里只能查看账本，不能修改。"
    "记账请由互助社出纳在出纳工作台或用 jjn 命令办理（每次写入都会先按规则检查）。"
)


def explain_refusals(app: Flask) -> None:
    """Answer Fava's refusal of a non-GET request with the Chinese explanation."""
    from flask import jsonify, request

    @app.errorhandler(401)
    def _read_only(error: HTTPException) -> Response | HTTPException:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return error  # not a refused write (a login layer may use 401 too)
        response = jsonify(error=READ_ONLY)
        response.status_code = 401
        return response
