"""Pydantic's validation errors, said in Chinese: one translator for every place input is judged.

What a treasurer types (``jjn record …``), what a register row holds, what a ``custom``
directive in the books says and what a county writes in the plugin configuration all pass a
pydantic model first. Pydantic words its errors in English ("Input should be a valid integer");
nobody who keeps these books should read that. Every message is built here from the error's
*type* and context — never from pydantic's own text — with the field's Chinese title from the
model (``Field(title=…)``) or from the shared titles below.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

# Titles of fields whose models carry no Chinese title of their own (the shared ``models``,
# the policy). Keys are field names as pydantic reports them (underscore or hyphen).
FIELD_TITLES: Mapping[str, str] = {
    "key": "编号",
    "name": "姓名",
    "id_number": "身份证号码",
    "household": "户号",
    "hukou": "户籍",
    "status": "类别",
    "role": "职务",
    "county": "县（市、区）",
    "township": "乡镇（街道）",
    "village": "村（社区）",
    "registration": "登记方式",
    "credit_code": "统一社会信用代码",
    "registered": "登记日期",
    "custodian": "资金代管",
    "number": "文号",
    "date": "日期",
    "body": "决议机关",
    "supplementary_cap": "补充救助标准",
    "emergency_cap": "应急救助标准",
    "times_per_matter": "同一事项救助次数",
    "recipient": "救助对象",
    "service": "转介服务",
    "public_fundraising": "公开募捐资格",
    "founded": "成立日期",
}

_DATE = "日期格式应为 YYYY-MM-DD，例如 2025-03-10"
_MESSAGES: Mapping[str, str] = {
    "missing": "必须填写",
    "extra_forbidden": "不是可以填写的项目",
    "frozen_field": "不能修改",
    "none_required": "应当留空",
    "greater_than": "应大于 {gt}",
    "greater_than_equal": "不能小于 {ge}",
    "less_than": "应小于 {lt}",
    "less_than_equal": "不能大于 {le}",
    "multiple_of": "应为 {multiple_of} 的倍数",
    "finite_number": "应为有限的数字",
    "too_short": "至少需要 {min_length} 项",
    "too_long": "最多 {max_length} 项",
    "string_type": "应为文字",
    "string_unicode": "文字编码无效",
    "string_too_short": "不能为空",
    "string_too_long": "过长（最多 {max_length} 个字）",
    "string_pattern_mismatch": "格式不对",
    "string_not_ascii": "只能用英文字母、数字和符号",
    "bool_type": "应为“是”或“否”",
    "bool_parsing": "应为“是”或“否”",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_parsing_size": "数字过大",
    "int_from_float": "应为整数，不能有小数",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "decimal_type": "应为数字金额，例如 800 或 800.50",
    "decimal_parsing": "应为数字金额，例如 800 或 800.50",
    "decimal_max_digits": "数字过大",
    "decimal_max_places": "最多保留两位小数（分）",
    "decimal_whole_digits": "数字过大",
    "date_type": _DATE,
    "date_parsing": _DATE,
    "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": "只填日期，不填时间：" + _DATE,
    "date_past": "应为过去的日期",
    "date_future": "应为将来的日期",
    "datetime_type": "日期时间格式不对",
    "datetime_parsing": "日期时间格式不对",
    "dict_type": "应为一组“名称 = 值”",
    "list_type": "应为一组值",
    "tuple_type": "应为一组值",
    "set_type": "应为一组值",
    "model_type": "应为一组“名称 = 值”",
    "model_attributes_type": "应为一组“名称 = 值”",
}


def field_title(model: type[BaseModel] | None, loc: Sequence[str | int]) -> str:
    """The Chinese name of the field an error is about (``""`` for the whole input)."""
    names = [str(x) for x in loc if not isinstance(x, int) and x != "__root__"]
    if not names:
        return ""
    if model is not None:
        field = model.model_fields.get(names[0])
        if field is not None and field.title:
            return field.title
        for name, info in model.model_fields.items():  # reported by alias (hyphenated keys)
            if info.alias == names[0] and info.title:
                return info.title
            if info.alias == names[0]:
                names[0] = name
    return FIELD_TITLES.get(names[-1].replace("-", "_"), "、".join(names))


def _shown(value: object) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:40] + "…"


def error_text(err: Mapping[str, Any]) -> str:
    """One error's message in Chinese, from its type and context (never pydantic's words)."""
    kind = str(err.get("type", ""))
    ctx = err.get("ctx") or {}
    if kind in ("value_error", "assertion_error"):
        error = ctx.get("error")
        return str(error) if error is not None else "取值无效"
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", ""))
        choices = re.findall(r"'((?:[^'\\]|\\.)*)'", expected) or [expected]
        return f"“{_shown(err.get('input'))}”无效，应为：{'、'.join(choices)}"
    template = _MESSAGES.get(kind)
    if template is None:
        return f"“{_shown(err.get('input'))}”无效"
    try:
        return template.format(**ctx)
    except (KeyError, IndexError, ValueError):
        return template


def describe(exc: ValidationError, model: type[BaseModel] | None = None) -> str:
    """Each bad field's Chinese title and what is wrong with it, joined for one message."""
    parts = []
    for err in exc.errors():
        title = field_title(model, err["loc"])
        text = error_text(err)
        parts.append(f"{title}：{text}" if title else text)
    return "；".join(parts)
