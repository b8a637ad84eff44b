"""Beancount's own error messages, in Chinese for the people who read them.

A treasurer whose cash count does not match sees Beancount's "Balance failed for …"; jjn shows
the common ones in Chinese (the original English follows in brackets, so a developer can still
search for it). Rule messages are already Chinese and pass through unchanged.
"""

from __future__ import annotations

import re

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"Balance failed for '([^']+)': expected (\S+ \S+) != accumulated (\S+ \S+) "
            r"\((\S+) (too much|too little)\)"
        ),
        "余额核对不符：{0} 应为 {1}，账上累计为 {2}（{word} {3}）",
    ),
    (re.compile(r"Transaction does not balance: (.*)"), "借贷不平衡：{0}"),
    (re.compile(r"Invalid reference to unknown account '([^']+)'"), "使用了未开设的科目：{0}"),
    (
        re.compile(r"Invalid reference to inactive account '([^']+)'"),
        "使用了已关闭或尚未开设的科目：{0}",
    ),
    (re.compile(r"Duplicate open directive for (.*)"), "科目重复开设：{0}"),
    (
        re.compile(r"Duplicate balance assertion with different amounts"),
        "同一天对同一科目有两个不同的余额核对",
    ),
    (re.compile(r"Invalid currency (\S+) for account '([^']+)'"), "科目 {1} 不能使用币种 {0}"),
    (re.compile(r'File glob "([^"]+)" does not match any files'), "找不到包含的账本文件：{0}"),
)


def in_chinese(message: str) -> str:
    """The Chinese form of a known Beancount message, else the message as it is."""
    first, _, rest = message.partition("\n")
    for pattern, template in _PATTERNS:
        m = pattern.search(first)
        if m:
            groups = m.groups()
            last = groups[-1] if groups else ""
            word = {"too much": "多", "too little": "少"}.get(last or "", "")
            text = template.format(*groups, word=word)
            return f"{text}（Beancount：{first}）" + (f"\n{rest}" if rest else "")
    return message
