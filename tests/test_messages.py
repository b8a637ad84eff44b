"""No English from pydantic reaches a user: every model, fed bad values, is described in Chinese.

Each pydantic model jjn validates input with (command inputs, the books' profile directives,
register rows, the policy) is given wrong values for each of its fields; the description built by
``ledger.messages`` must never contain pydantic's own message text, and must name the field.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from pydantic import BaseModel, ValidationError

import jjn_ledger
from jjn_ledger.ledger.messages import describe

BAD_VALUES = (object(), "", "\x07", "NaN", "1e999", "2025-13-45", "1773964800", -1, [1], {"a": 1})


def _models() -> list[type[BaseModel]]:
    found: dict[str, type[BaseModel]] = {}
    names = [m.name for m in pkgutil.walk_packages(jjn_ledger.__path__, "jjn_ledger.")]
    names += ["jjn_ledger.importers.register_rows"]
    for name in names:
        if name.endswith("__main__"):
            continue
        module = importlib.import_module(name)
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, BaseModel) and obj.__module__ == name and obj.model_fields:
                found[f"{name}.{obj.__name__}"] = obj
    return [found[k] for k in sorted(found)]


MODELS = _models()


def test_the_models_are_found():
    names = {m.__name__ for m in MODELS}
    assert {"Recipient", "Decision", "Policy"} <= names
    assert len(MODELS) >= 15


@pytest.mark.parametrize("model", MODELS, ids=lambda m: f"{m.__module__}.{m.__name__}")
def test_every_bad_value_is_described_in_chinese(model):
    checked = 0
    for field in model.model_fields:
        for bad in BAD_VALUES:
            try:
                model.model_validate({field: bad})
            except ValidationError as exc:
                text = describe(exc, model)
                for err in exc.errors():
                    english = str(err["msg"])
                    assert english not in text, f"{model.__name__}.{field}={bad!r}: {text}"
                assert "Input should" not in text and "Value error" not in text
                checked += 1
    assert checked


def test_a_missing_value_and_an_unknown_field_are_named():
    from jjn_ledger.ledger.models import Decision

    with pytest.raises(ValidationError) as exc:
        Decision.model_validate({"bodyy": "会员大会"})
    text = describe(exc.value, Decision)
    assert "决议机关：必须填写" in text
    assert "不是可以填写的项目" in text
    with pytest.raises(ValidationError) as exc:
        Decision.model_validate({"body": "村委会", "number": "1", "date": "2025-01-01"})
    assert "“村委会”无效，应为：会员大会、理事会" in describe(exc.value, Decision)
