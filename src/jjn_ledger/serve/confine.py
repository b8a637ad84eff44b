"""A served society shows only the files of its own folder.

A county server serves hundreds of societies to people who may see one of them, and Beancount
and Fava read whatever a ledger names: an ``include`` of another society's register puts that
society's recipients on this one's pages; a ``document`` directive, a ``statement`` link or
a ``fava-option "import-dirs"`` naming any file lets Fava's ``document/`` page send it — the
county's key or another society's books. Books reach the server as their treasurer wrote
them (a text editor, a git push), so this is checked on every request, not when the books are
written: a request about a society whose books loaded a file from outside its folder is
refused with a Chinese message naming the file, and a file asked for by name (``filename``,
or the file a ``statement`` link points at) must lie inside the folder too. Paths are compared
after resolving symbolic links, so a link inside the folder to a file outside is outside.
"""

from __future__ import annotations

import os
from typing import Any

from flask import Flask, Response, abort, g, request

from jjn_ledger.errors import printable
from jjn_ledger.ledger import layout

NAMED_FILE = "filename"  # the query argument of Fava's document, source and import pages


def confine(app: Flask) -> None:
    """Refuse, on ``app`` (a Fava app), every request that would read outside the society."""

    @app.before_request
    def _inside_the_society() -> Response | None:
        ledger = getattr(g, "ledger", None)
        if ledger is None:
            return None
        main = ledger.beancount_file_path
        folder = os.path.realpath(os.path.dirname(main))
        outside = layout.foreign_files(main, ledger.options.get("include", ()))
        if outside:
            message = (
                f"该互助社的账本引用了本社文件夹之外的文件（{printable(outside[0])}），"
                f"服务器不予显示：请把 include 改为本社文件夹内的文件"
            )
            return Response(message, status=403, mimetype="text/plain")
        named = _named_file(ledger)
        if named is not None and not layout.inside(named, folder):
            abort(404)  # as Fava answers for a file that is not one of the ledger's documents
        return None


def _named_file(ledger: Any) -> str | None:
    """The file this request asks for by name, if any."""
    if request.endpoint == "statement":
        try:
            path = ledger.statement_path(
                request.args.get("entry_hash", ""), request.args.get("key", "")
            )
        except Exception:  # Fava answers the bad link itself
            return None
        return str(path)
    return request.args.get(NAMED_FILE) or None
