"""Asking to see full names, and the log of who asked (DOMAIN.md, Privacy: who sees what).

``/unmask`` shows an officer the society's recipients by key and masked name, and asks which
one (or all) and why; the request goes into the access log *before* anything is shown, and
then grants this session the full names for ``sessions.GRANT`` seconds. ``/access-log`` is the
log as county staff read it, with the verdict of its hash chain.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Request, Response

from jjn_ledger.ledger.idcodes import mask_name
from jjn_ledger.serve import pages, redact, scope
from jjn_ledger.serve.access_log import AccessLog
from jjn_ledger.serve.auth import Signed, address
from jjn_ledger.serve.scope import Place
from jjn_ledger.serve.sessions import GRANT

MIN_REASON = 4
AUDIT = "extension/JjnAudit/"


class Unmasking:
    """The ``/unmask`` and ``/access-log`` pages of one county."""

    def __init__(
        self, places: Mapping[str, Place], names: redact.Names, log: AccessLog, county: str
    ) -> None:
        self.places = places
        self.names = names
        self.log = log
        self.county = county

    def page(self, request: Request, form: MultiDict[str, str], signed: Signed) -> Response:
        user = signed.user
        slug = (form if request.method == "POST" else request.args).get("society", "")
        place = self.places.get(slug)
        if place is None or not scope.visible(user, place):
            return pages.refusal("无权查看该互助社的账本。")
        if not scope.may_unmask(user):
            return pages.refusal("您的账号本就可以看到全名，无需申请。")
        people = self.names.of(place.folder)
        masked = [(k, mask_name(n)) for k, n in sorted(people.items())]
        if request.method != "POST":
            return self._form(place, masked, request.args, signed)
        reason = form.get("reason", "").strip()
        person = form.get("person", "*")
        chosen = [m for m in masked if person in ("*", m[0])]
        if len(reason) < MIN_REASON or not chosen:
            message = (
                f"请写明查看理由（至少 {MIN_REASON} 个字）。" if chosen else "没有这个救助对象。"
            )
            return self._form(place, masked, form, signed, message)
        who = (user.username, user.display_name, user.role.value)
        self.log.append(who, place.key, chosen, reason, address(request))
        signed.session.grant(place.key, {k for k, _ in chosen})
        target = form.get("next", "")
        if not target:
            target = f"{scope.FAVA}/{quote(place.slug)}/{AUDIT}?page=person&full=1"
            if person != "*":
                target += f"&key={quote(person)}"
        return pages.redirect(pages.safe_next(target))

    def _form(
        self,
        place: Place,
        masked: list[tuple[str, str]],
        args: Any,
        signed: Signed,
        message: str = "",
    ) -> Response:
        return pages.page(
            "unmask_partial.html" if args.get("partial") else "unmask.html",
            400 if message else 200,
            title="查看全名",
            society=place.slug,
            slug=place.slug,
            people=masked,
            selected=args.get("key", "") or args.get("person", ""),
            next=pages.safe_next(args.get("next", "")) if args.get("next") else "",
            csrf=signed.session.csrf,
            message=message,
            min_reason=MIN_REASON,
            minutes=GRANT // 60,
        )

    def log_page(self, signed: Signed) -> Response:
        if not scope.reads_access_log(signed.user):
            return pages.refusal("访问记录只对县民政局开放。")
        verdict = self.log.read()
        return pages.page(
            "access_log.html",
            title="访问记录",
            county=self.county,
            entries=verdict.entries,
            broken_at=verdict.broken_at,
        )
