"""pydantic's validation errors in Chinese, for every place a model's verdict reaches a person.

pydantic writes "Input should be '会员大会' or '理事会'"; a treasurer reading ``jjn check`` or a
Fava error page must read 应为：会员大会、理事会. Every error type pydantic can raise for the
models of this project is worded here; an unknown type falls back to a Chinese sentence with the
value typed, so English never reaches a reader. The field is named as it is written in the
ledger (``emergency-cap``) with its Chinese title where there is one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

_PLAIN = {
    "missing": "必须填写",
    "string_too_short": "不能为空",
    "string_too_long": "过长",
    "string_pattern_mismatch": "格式不对",
    "string_type": "应为文字（加引号）",
    "decimal_max_places": "最多保留两位小数（分）",
    "decimal_max_digits": "金额过大",
    "decimal_parsing": "应为数字金额，例如 800 或 800.50",
    "decimal_type": "应为数字金额，例如 800 或 800.50",
    "date_parsing": "日期格式应为 YYYY-MM-DD，例如 2025-03-10（不加引号）",
    "date_from_datetime_parsing": "日期格式应为 YYYY-MM-DD，例如 2025-03-10（不加引号）",
    "date_type": "日期格式应为 YYYY-MM-DD，例如 2025-03-10（不加引号）",
    "bool_parsing": "应为 TRUE 或 FALSE",
    "bool_type": "应为 TRUE 或 FALSE",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "extra_forbidden": "不是可用的字段（多余或拼写有误）",
    "dict_type": "应为字典",
    "list_type": "应为列表",
    "tuple_type": "应为列表",
    "frozen_instance": "不能修改",
}

_BOUNDS = {
    "greater_than": "应大于 {gt}",
    "greater_than_equal": "应不小于 {ge}",
    "less_than": "应小于 {lt}",
    "less_than_equal": "应不大于 {le}",
}

# Chinese titles of the fields of the ledger's models (``models``, ``policy``).
TITLES = {
    "key": "编号",
    "name": "姓名或名称",
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
    "public_fundraising": "公开募捐资格",
    "widen_hukou": "扩大救助范围",
    "standard": "会计制度版本",
    "number": "决议文号",
    "date": "日期",
    "body": "决议机构",
    "supplementary_cap": "补充救助上限",
    "emergency_cap": "应急救助上限",
    "times_per_matter": "同一事项每年救助次数",
    "recipient": "救助对象编号",
    "service": "转介服务",
}


def _choices(expected: object) -> str:
    return str(expected).replace("'", "").replace(" or ", "、").replace(", ", "、")


def error_text(err: Mapping[str, Any]) -> str:
    """What is wrong, in Chinese, for one entry of ``ValidationError.errors()``."""
    kind = str(err.get("type", ""))
    ctx = err.get("ctx") or {}
    if kind == "value_error":
        return str(err.get("msg", "")).removeprefix("Value error, ")
    if kind in ("literal_error", "enum"):
        return f"“{err.get('input', '')}”无效，应为：{_choices(ctx.get('expected', ''))}"
    if kind in _BOUNDS:
        return _BOUNDS[kind].format(**{k: str(v) for k, v in ctx.items()})
    if kind in _PLAIN:
        return _PLAIN[kind]
    return f"“{err.get('input', '')}”无效"


def field_name(loc: tuple[Any, ...], titles: Mapping[str, str] = TITLES) -> str:
    """``emergency-cap（应急救助上限）``: the key as written in the ledger, and its title."""
    parts = [str(x) for x in loc if x != "__root__"]
    if not parts:
        return ""
    key = parts[0]
    written = ".".join(parts).replace("_", "-")
    title = titles.get(key)
    return f"{written}（{title}）" if title else written


def describe(exc: ValidationError, titles: Mapping[str, str] = TITLES) -> str:
    """Every error of ``exc`` as ``字段：问题``, joined with "；"."""
    parts = []
    for err in exc.errors():
        where = field_name(tuple(err["loc"]), titles)
        text = error_text(err)
        parts.append(f"{where}：{text}" if where else text)
    return "；".join(parts)
