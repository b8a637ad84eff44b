"""HTML form fields generated from the pydantic inputs the CLI validates with.

A form is never written by hand: each field of the model (``record.money.SubsidyIn``,
``record.aid.AidIn``, ``ledger.models.Recipient`` …) becomes one input, with the model's Chinese
title, a widget chosen from its type (a date, an amount, a choice from a ``Literal``, a
checkbox), and "required" when the model has no default. Choices that the model leaves as free
text but the policy or the register knows (causes, referral services, the register's people)
are handed in by the caller. What the browser sends back is parsed by the same model, so a value
the CLI refuses is refused here with the same Chinese message, now next to its field.
"""

from __future__ import annotations

import datetime
import types
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal, TypeVar, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from jjn_ledger.errors import JjnError
from jjn_ledger.ledger.messages import error_text, field_title

Widget = Literal["text", "date", "money", "select", "checkbox", "month"]
Choices = Sequence[tuple[str, str]]  # (value sent, label shown)
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class FieldSpec:
    """One input of a form, as the template renders it."""

    name: str
    title: str
    widget: Widget
    required: bool
    choices: Choices = ()
    default: str = ""
    hint: str = ""
    maxlength: int | None = None


def _unwrap_optional(annotation: Any) -> tuple[Any, bool]:
    """``X | None`` → (X, True)."""
    if get_origin(annotation) in (types.UnionType, typing.Union):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return annotation, False


def _maxlength(info: FieldInfo) -> int | None:
    for item in info.metadata:
        value = getattr(item, "max_length", None)
        if isinstance(value, int):
            return value
    return None


def _widget(annotation: Any) -> tuple[Widget, Choices]:
    if get_origin(annotation) is Literal:
        return "select", [(str(a), str(a)) for a in get_args(annotation)]
    if annotation is bool:
        return "checkbox", ()
    if annotation is datetime.date:
        return "date", ()
    if annotation is Decimal:
        return "money", ()
    return "text", ()


def _default_text(value: Any) -> str:
    if value is None or value is False:
        return ""
    if value is True:
        return "on"
    return str(value)


def fields_of(
    model: type[BaseModel],
    *,
    choices: Mapping[str, Choices] | None = None,
    hints: Mapping[str, str] | None = None,
    defaults: Mapping[str, str] | None = None,
    hidden: Sequence[str] = (),
) -> list[FieldSpec]:
    """The form of ``model``: one ``FieldSpec`` per field, in the model's order."""
    out = []
    for name, info in model.model_fields.items():
        if name in hidden:
            continue
        annotation, _ = _unwrap_optional(info.annotation)
        widget, own_choices = _widget(annotation)
        given = (choices or {}).get(name)
        if given is not None and widget != "checkbox":
            widget, own_choices = "select", given
        default = _default_text(info.default) if not info.is_required() else ""
        out.append(
            FieldSpec(
                name=name,
                title=field_title(model, [name]),
                widget=widget,
                required=info.is_required() and widget != "checkbox",
                choices=tuple(own_choices),
                default=(defaults or {}).get(name, default),
                hint=(hints or {}).get(name, ""),
                maxlength=_maxlength(info),
            )
        )
    return out


def values_from(form: Mapping[str, str], specs: Sequence[FieldSpec]) -> dict[str, Any]:
    """What the browser sent, as the CLI would pass it: blank means "not given"."""
    values: dict[str, Any] = {}
    for spec in specs:
        raw = form.get(spec.name)
        if spec.widget == "checkbox":
            values[spec.name] = raw is not None and raw != ""
            continue
        text = (raw or "").strip()
        values[spec.name] = text or None
    return values


@dataclass
class Outcome:
    """A refused form: messages per field (by name) and for the form as a whole."""

    fields: dict[str, list[str]] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.fields or self.general)

    def add(self, name: str, text: str) -> None:
        if name:
            self.fields.setdefault(name, []).append(text)
        else:
            self.general.append(text)


def parse(model: type[M], values: Mapping[str, Any]) -> M | Outcome:
    """``model`` from the values, or each field's Chinese message (``record.money`` wording)."""
    given = {k: v for k, v in values.items() if v is not None}
    try:
        return model.model_validate(given)
    except ValidationError as exc:
        refused = Outcome()
        known = set(model.model_fields)
        for err in exc.errors():
            name = str(err["loc"][0]) if err["loc"] else ""
            title, text = field_title(model, err["loc"]), error_text(err)
            if name in known:
                refused.add(name, text)
            else:
                refused.add("", f"{title}：{text}" if title else text)
        return refused


def refusal(exc: JjnError) -> Outcome:
    """A refusal of the operation (a rule, an unknown person): shown above the form."""
    out = Outcome()
    out.add("", str(exc))
    return out
