"""R11 reads the texts of a ledger file's entries only when the file's bytes may hold an ID number.

``idcodes.source_may_hold_id_number`` must never say "no" for a file from which Beancount parses a
string that R11 would flag: these tests load real files with the real loader, hold the byte
patterns against every code point of the running Python's Unicode tables, and compare the
prefilter with R11's own check on strings Beancount parsed from generated files.
"""

from __future__ import annotations

import sys
import textwrap
import unicodedata
from pathlib import Path

import pytest
from beancount import loader
from beancount.core import data
from beancount.parser import parser
from hypothesis import given, settings
from hypothesis import strategies as st
from ledger_kit import AID_WITH, HEADER, rules, with_plugins

from jjn_ledger.ledger.idcodes import (
    _DIGIT_LEADS,
    has_standalone_id_number,
    source_may_hold_id_number,
)

NUMBER = "349900196503120024"
FULL_WIDTH = "".join(chr(ord(c) + 0xFEE0) for c in NUMBER)  # ３４９９…, as typed on a Chinese IME


def load_month(tmp_path: Path, month: str) -> list[str]:
    """Errors of the test society whose April is the file ``books/2024-04.beancount``."""
    (tmp_path / "books").mkdir()
    (tmp_path / "books" / "2024-04.beancount").write_text(textwrap.dedent(month), "utf-8")
    main = tmp_path / "main.beancount"
    main.write_text(with_plugins(HEADER) + '\ninclude "books/2024-04.beancount"\n', "utf-8")
    _, errors, _ = loader.load_file(str(main))
    return [e.message for e in errors]


@pytest.mark.parametrize(
    ("memo", "posting"),
    [
        (f"（身份证 {NUMBER}）", ""),
        (f"（身份证 {FULL_WIDTH}）", ""),
        ("（身份证 349900 19650312 0024）", ""),
        ("（身份证 3499001965\\03120024）", ""),  # Beancount reads \\0 as 0
        ("", f'\n    memo: "身份证{NUMBER}"'),
    ],
    ids=["plain", "full-width", "grouped", "escaped", "posting-meta"],
)
def test_a_number_in_a_month_file_is_found(tmp_path: Path, memo: str, posting: str) -> None:
    errors = load_month(tmp_path, AID_WITH.format(memo=memo, posting=posting))
    assert rules(errors) == ["R11"] and "疑似身份证号码" in errors[0]
    assert NUMBER not in errors[0]


def test_a_number_in_an_event_is_found(tmp_path: Path) -> None:
    errors = load_month(tmp_path, f'2024-04-03 event "走访" "王秀英 身份证 {NUMBER}"\n')
    assert rules(errors) == ["R11"]


def test_a_clean_month_and_a_digest_are_not_findings(tmp_path: Path) -> None:
    digest = "5" + NUMBER + "e" * 45  # a digest with 18 digits in a row, not standing alone
    month = AID_WITH.format(memo="", posting="") + f'2024-04-30 note Assets:1001-现金 "{digest}"\n'
    assert load_month(tmp_path, month) == []


def test_every_character_nfkc_makes_a_digit_is_counted_as_digit_like() -> None:
    """The prefilter counts each byte of a character led by ``_DIGIT_LEADS`` as one digit: if a
    Python's Unicode tables gain a character that normalises to digits with another lead byte,
    or to more digits than it has bytes, this fails."""
    wrong = []
    for cp in range(0x80, sys.maxunicode + 1):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        char = chr(cp)
        digits = sum(c.isascii() and c.isdigit() for c in unicodedata.normalize("NFKC", char))
        raw = char.encode("utf-8")
        if digits and (raw[0] not in _DIGIT_LEADS or digits > len(raw)):
            wrong.append(f"U+{cp:04X}")
    assert wrong == []


def test_digits_from_fewer_characters_are_still_found(tmp_path: Path) -> None:
    """㉞ is "34": two digits from one character (three bytes)."""
    text = "㉞９９００１９６５０３１２００２４"
    assert has_standalone_id_number(text)
    assert source_may_hold_id_number(f'2024-04-03 note Assets:Cash "{text}"'.encode())


# Pieces of a Beancount string literal: digits of every kind (most pieces, so that runs as long as
# a number are common), the separators of a grouped number, escapes (``\\1`` is read as ``1``,
# ``\\n`` as a new line), letters, Chinese, full-width punctuation.
DIGIT = st.sampled_from("0123456789")
OTHER = st.sampled_from([*"０３¹①𝟗 -Xxa中：（", "\\1", "\\9", "\\n", "\\\\", '\\"', "\\ "])
PIECES = st.one_of(DIGIT, DIGIT, DIGIT, DIGIT, OTHER)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(PIECES, max_size=30).map("".join), min_size=1, max_size=3))
def test_the_prefilter_never_misses_what_r11_would_find(bodies: list[str]) -> None:
    text = "".join(f'2024-04-0{i + 1} note Assets:Cash "{body}"\n' for i, body in enumerate(bodies))
    entries, errors, _ = parser.parse_string(text)
    assert not errors
    flagged = any(has_standalone_id_number(e.comment) for e in entries if isinstance(e, data.Note))
    if flagged:
        assert source_may_hold_id_number(text.encode("utf-8"))


def test_ordinary_month_bytes_are_let_through() -> None:
    balance = "2024-04-30 balance Assets:1001-现金 1200.00 CNY\n"
    month = AID_WITH.format(memo="", posting="") + balance
    assert not source_may_hold_id_number(month.encode("utf-8"))
    assert source_may_hold_id_number(f'x "{FULL_WIDTH}"'.encode())


def test_an_entry_naming_another_file_as_its_own_is_still_read(tmp_path: Path) -> None:
    """A ledger may write ``filename:`` itself: pointing at a clean file must not hide a number,
    and pointing at a device must not make the rule read it (only loaded files are opened)."""
    clean = tmp_path / "books" / "2024-03.beancount"
    month = AID_WITH.format(memo=f"（身份证 {NUMBER}）", posting="").replace(
        '  recipient: "P001"', f'  filename: "{clean}"\n  recipient: "P001"'
    )
    (tmp_path / "books").mkdir()
    clean.write_text('2024-03-20 note Assets:1001-现金 "盘点"\n', "utf-8")
    (tmp_path / "books" / "2024-04.beancount").write_text(textwrap.dedent(month), "utf-8")
    (tmp_path / "books" / "2024-05.beancount").write_text(
        '2024-05-02 note Assets:1001-现金 "盘点"\n  filename: "/dev/zero"\n', "utf-8"
    )
    main = tmp_path / "main.beancount"
    main.write_text(with_plugins(HEADER) + '\ninclude "books/*.beancount"\n', "utf-8")
    _, errors, _ = loader.load_file(str(main))
    assert rules([e.message for e in errors]) == ["R11"]
