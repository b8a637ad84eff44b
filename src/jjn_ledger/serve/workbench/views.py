"""The workbench's pages: a home per society, one form per kind, uploads, downloads.

Every page first settles who is asking (``access.writer_for``: 403 in Chinese for anybody but
the society's treasurer), every POST carries this session's CSRF token and a one-time nonce,
and every write goes through ``writes``/``uploads`` into ``write.safe`` under the society's
lock. After a write the browser is redirected (post/redirect/get), so reloading the page that
says "已记账" books nothing; the overdue findings the write gave rise to are shown there, as
the CLI prints them.
"""

from __future__ import annotations

import io
import secrets
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from werkzeug.wrappers import Response

from jjn_ledger.errors import JjnError, RuleViolation
from jjn_ledger.record.imports import FACTORIES
from jjn_ledger.serve.identity import current_user
from jjn_ledger.serve.workbench import access, attribution, uploads
from jjn_ledger.serve.workbench.facts import caps_hint, default_month, read_facts
from jjn_ledger.serve.workbench.forms import Outcome, fields_of, parse, refusal, values_from
from jjn_ledger.serve.workbench.kinds import BY_KEY, GROUPS, KINDS, Kind
from jjn_ledger.serve.workbench.state import Done, Workbench
from jjn_ledger.serve.workbench.writes import Written, summary

bp = Blueprint("workbench", __name__)


def state() -> Workbench:
    found = current_app.extensions["jjn_workbench"]
    assert isinstance(found, Workbench)
    return found


@bp.before_request
def _who() -> Response | None:
    """Settle the society and the person before any page runs; check the form's token."""
    key = (request.view_args or {}).get("key")
    if key is None:
        return None
    desk = state().desks.get(str(key))
    if desk is None:
        abort(404)
    facts = read_facts(desk.folder)
    try:
        local = state().local
        g.writer = access.writer_for(desk.scoped_as, desk.title, facts.treasurer, local=local)
    except access.Refused as exc:
        return Response(_page("forbidden.html", reason=exc.reason), 403)
    g.desk, g.facts = desk, facts
    if request.method == "POST":
        access.check_csrf()
    return None


def _page(template: str, **context: Any) -> str:
    return render_template(
        template,
        csrf=access.csrf_token(),
        csrf_field=access.CSRF_FIELD,
        nonce_field=access.NONCE_FIELD,
        groups=GROUPS,
        kinds=KINDS,
        desk=g.get("desk"),
        writer=g.get("writer"),
        **context,
    )


@bp.route("/")
def index() -> Response | str:
    """The societies this person may work on (on a laptop: straight to the one)."""
    desks = list(state().desks.values())
    if not state().local:
        user = current_user()
        desks = [d for d in desks if user is not None and access.can_write(user, d.scoped_as)]
        if not desks:
            return Response(_page("forbidden.html", reason="出纳工作台只对互助社出纳开放。"), 403)
    if len(desks) == 1:
        return redirect(url_for(".home", key=desks[0].key))
    return _page("index.html", desks=desks)


@bp.route("/<key>/")
def home(key: str) -> str:
    done = state().results.get(request.args.get("done", ""))
    return _home(done=done)


def _home(**context: Any) -> str:
    facts = g.facts
    caps, month = caps_hint(facts), default_month(facts)
    return _page("home.html", facts=facts, caps=caps, default_month=month, home=True, **context)


# --- the forms -----------------------------------------------------------------------------


def _kind(name: str) -> Kind:
    kind = BY_KEY.get(name)
    if kind is None:
        abort(404)
    return kind


def _specs(kind: Kind) -> list[Any]:
    facts = g.facts
    return fields_of(
        kind.model,
        choices=kind.choices(facts),
        hints=kind.hints(facts),
        defaults=kind.defaults(facts),
        hidden=tuple(kind.fixed),
    )


def _form(kind: Kind, values: dict[str, Any] | None, refused: Outcome | None, status: int) -> Any:
    specs = _specs(kind)
    shown = values if values is not None else {s.name: s.default for s in specs}
    page = _page(
        "form.html",
        kind=kind,
        specs=specs,
        values={k: "" if v is None else v for k, v in shown.items()},
        refused=refused or Outcome(),
        nonce=request.form.get(access.NONCE_FIELD) or access.new_nonce(),
    )
    return page, status


@bp.route("/<key>/record/<name>", methods=["GET", "POST"])
def record(key: str, name: str) -> Any:
    kind = _kind(name)
    if request.method == "GET":
        return _form(kind, None, None, 200)
    specs = _specs(kind)
    values = {**values_from(request.form, specs), **kind.fixed}
    parsed = parse(kind.model, values)
    if isinstance(parsed, Outcome):
        return _form(kind, values, parsed, 422)
    nonce = request.form.get(access.NONCE_FIELD, "")
    wb = state()
    with wb.lock(key):
        if not nonce or wb.nonces.used(nonce):
            already = refusal(JjnError("这张表单已经提交过，没有重复记账。请返回工作台查看结果。"))
            return _form(kind, values, already, 409)
        try:
            written = kind.write(g.desk.folder, g.writer, parsed)
        except RuleViolation as exc:
            return _form(kind, values, rule_refusal(kind, exc), 422)
        except JjnError as exc:
            return _form(kind, values, refusal(exc), 422)
        wb.nonces.spend(nonce)
        return _after_write(summary(kind.title, parsed), written)


def rule_refusal(kind: Kind, exc: RuleViolation) -> Outcome:
    """The rule's message next to the field it is about (R7 by the amount), and at the top."""
    out = Outcome(general=[str(exc).splitlines()[0]])
    for rule, message in exc.found:
        out.general.append(message)
        if kind.rule_fields.get(rule):
            out.add(kind.rule_fields[rule], message)
    return out


def _after_write(what: str, written: Written) -> Response:
    """Commit to git where there is one, remember the result, and redirect to it."""
    wb = state()
    message = f"{what}（{g.writer.name}，出纳工作台）"
    warning = attribution.commit(g.desk.folder, written.files, g.writer, message, wb.roots)
    token = secrets.token_urlsafe(12)
    files = [wb.short(g.desk.folder, p) for p in written.files]
    wb.remember(token, Done(what, files, written.entries, written.pending, warning))
    return redirect(url_for(".home", key=g.desk.key, done=token), code=303)


# --- uploads -------------------------------------------------------------------------------


@bp.route("/<key>/import", methods=["GET", "POST"])
def upload(key: str) -> Any:
    """GET: the upload form. POST: keep the file and show what importing it would book."""
    if request.method == "GET":
        return _page("import.html", kinds_of_file=FACTORIES, refused=None)
    kind = request.form.get("kind", "")
    try:
        token = request.form.get("token", "")
        if not token:
            sent = request.files.get("file")
            if sent is None or not sent.filename:
                raise JjnError("请选择要上传的文件")
            token = uploads.store(state().uploads, key, sent.filename, sent.read())
        skip = request.form.get("skip_unknown") == "on"
        shown = uploads.preview(state().uploads, key, g.desk.folder, g.writer, kind, token, skip)
    except JjnError as exc:
        page = _page("import.html", kinds_of_file=FACTORIES, refused=str(exc))
        return page, 422
    return _page("preview.html", preview=shown, refused=None)


@bp.route("/<key>/import/confirm", methods=["POST"])
def confirm(key: str) -> Any:
    form = request.form
    kind, token = form.get("kind", ""), form.get("token", "")
    skip = form.get("skip_unknown") == "on"
    wb = state()
    with wb.lock(key):
        try:
            written = uploads.confirm(
                wb.uploads, key, g.desk.folder, g.writer, kind, token, skip, form.get("digest", "")
            )
        except (uploads.PreviewChanged, RuleViolation) as exc:
            again = uploads.preview(wb.uploads, key, g.desk.folder, g.writer, kind, token, skip)
            return _page("preview.html", preview=again, refused=str(exc)), 422
        except JjnError as exc:
            page = _page("import.html", kinds_of_file=FACTORIES, refused=str(exc))
            return page, 409
        name = uploads.stored(wb.uploads, key, token).name
        return _after_write(f"导入{FACTORIES[kind][0]} {name}", written)


# --- downloads -----------------------------------------------------------------------------

REPORTS = {
    "notice": "救助公示",
    "filing": "月度报备",
    "vouchers": "记账凭证",
    "statements": "会计报表",
}


@bp.route("/<key>/download")
def download(key: str) -> Any:
    """A month's workbook, built as ``jjn report`` builds it, straight to the browser."""
    from jjn_ledger.serve.workbench.reports import workbook

    report, month = request.args.get("report", ""), request.args.get("month", "")
    if report not in REPORTS:
        abort(404)
    try:
        content = workbook(g.desk.folder, report, month, request.args.get("posted") or None)
    except JjnError as exc:
        return _home(done=None, refused=str(exc)), 422
    name = f"{g.facts.short_name}-{REPORTS[report]}-{month}.xlsx"
    return send_file(
        io.BytesIO(content),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        as_attachment=True,
        download_name=name,
    )
