"""How the rules compare what treasurers type: one normalisation for every text a rule matches.

Treasurers type on phones and in Excel: full-width digits (２０８２００１), ideographic spaces,
a space inside a fund's name ("临时 救助"), a month in front of a matter ("2025-01 脑出血住院").
A rule that compares raw strings is beaten by any of these, so every comparison a rule makes
against policy words (R3 fund names, R4 channels, R8b pay words) or between two records
(R7/R16 the same matter) goes through these functions.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

_SPACE = re.compile(r"\s+")
_DIGITS = re.compile(r"\d{5,}")
# A leading date or month a treasurer puts in front of a matter: 2025-01, 2025.1.3, 2025年1月3日,
# 2025/01, 202501 … followed by optional separators.
_LEADING_DATE = re.compile(
    r"^(?:\d{4}(?:[-./年]\d{1,2}(?:[-./月]\d{1,2}日?)?月?|\d{2}(?:\d{2})?)?)[\s\-_.:：,，、]*"
)
_PUNCT = re.compile(r"[\s\-_.:：,，、；;（）()【】\[\]“”\"'‘’《》<>]+")


@lru_cache(maxsize=8192)
def plain(text: str) -> str:
    """NFKC (full-width → half-width), no whitespace at all, letters in lower case.

    Cached: the rules compare the same few policy words and matters thousands of times a load.
    """
    return _SPACE.sub("", unicodedata.normalize("NFKC", text)).lower()


def contains_any(text: str, words: Iterable[str]) -> str | None:
    """The first of ``words`` found in ``text``, both normalised; None when none is."""
    body = plain(text)
    return next((w for w in words if w and plain(w) in body), None)


def codes_in(text: str) -> list[str]:
    """Budget codes (runs of 5 or more digits) in a text, after normalisation."""
    return _DIGITS.findall(plain(text))


def is_blank(value: object, placeholders: Iterable[str] = ()) -> bool:
    """No real value: missing, not text, empty, spaces only, or a placeholder such as "无"."""
    if not isinstance(value, str):
        return True
    body = plain(value)
    return not body or (bool(placeholders) and body in {plain(p) for p in placeholders})


def matter_key(text: str) -> str:
    """A matter as compared across records: normalised, without a leading date or month.

    "2025-01 脑出血住院" and "2025-05 脑出血住院" are one matter typed in two months (R7 "同一
    事项", R16 across societies); the year a matter belongs to is the payment's own date.
    """
    body = unicodedata.normalize("NFKC", text).strip()
    body = _LEADING_DATE.sub("", body, count=1)
    return _PUNCT.sub("", body).lower() or plain(text)
