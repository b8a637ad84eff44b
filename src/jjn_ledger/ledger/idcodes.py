"""Identity codes: resident ID numbers, unified social credit codes, and masking names.

Every recipient of aid is identified by a resident ID number (GB 11643-1999) and every
registered society by its unified social credit code (GB 32100-2015). Both carry a check
character precisely so that a mistyped digit is caught at entry, before it reaches the books or
the county's duplicate-aid check (R16) — so the checks here are strict and run on every import.

The same data must never reach a public notice (DOMAIN.md, "Privacy"): ``mask_name`` shortens
names for the monthly notice, and ``is_id_number_like`` lets report writers and tests scan their
output for an ID number that slipped through. For the same reason no error message here repeats
the value it rejects: messages end up in logs, terminals and ``bean-check`` output.

The books themselves hold no clear ID number (DOMAIN.md, "Privacy"): a recipient carries
``id_hash`` — a keyed hash (HMAC-SHA256 with the county's secret, ``ledger.county_secret``) of the
normalised number, which matches the same person in every society of the county (R16) and
reveals nothing to whoever reads a ledger file, since the ID space is small enough to try every
number against a plain hash but not against a keyed one — ``mask_id_number``
(``3499**********0024``) for the eye, and ``id_verdict``, the GB 11643 check's outcome.

Everything here is pure: no I/O, no clock, no global state.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import re
import unicodedata

__all__ = [
    "ID_NUMBER_LENGTH",
    "ID_VALID",
    "check_credit_code",
    "check_id_number",
    "has_standalone_id_number",
    "id_hash",
    "id_verdict",
    "is_id_number_like",
    "key_id",
    "make_credit_code",
    "make_id_number",
    "mask_id_number",
    "mask_name",
    "normalise_id_text",
    "source_may_hold_id_number",
]

# GB 11643-1999: ISO 7064 MOD 11-2 weights for the first 17 digits, and the check character
# indexed by the weighted sum modulo 11.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARS = "10X98765432"

# GB 32100-2015: 31 characters (the digits and upper-case letters without I, O, Z, S, V, which
# are too easily confused with 1, 0, 2, 5, U) and the weights 3**i mod 31 for positions 1-17.
_CREDIT_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

ID_NUMBER_LENGTH = 18  # GB 11643-1999
_CREDIT_CODE_LENGTH = 18  # GB 32100-2015
_FIRST_GENERATION_HINT = "（15 位的第一代身份证号码须先升位为 18 位）"

# A run of 17 digits and a digit or X, written straight or grouped 6-8-4 (address code, birth
# date, sequence + check) with a space or hyphen, as people copy them off ID cards and forms.
_ID_LIKE = re.compile(r"[0-9]{6}[ -]?[0-9]{8}[ -]?[0-9]{3}[0-9Xx]", re.ASCII)
# The same, standing alone: not part of a longer run of letters and digits such as a digest.
_ID_ALONE = re.compile(rf"(?<![0-9A-Za-z]){_ID_LIKE.pattern}(?![0-9A-Za-z])", re.ASCII)


def _normalise(value: object, what: str) -> str:
    """Return *value* as half-width text without surrounding blanks, or raise.

    Sheets typed on Chinese input methods often hold full-width digits and letters
    ("１１０１…", "ｘ"); NFKC turns them into ASCII so they are checked, not rejected. A number
    instead of text usually means Excel has stored the code as a number, which silently turns
    the last digits of an 18-digit code into zeros, so the message says how to avoid that.
    """
    if not isinstance(value, str):
        raise TypeError(
            f"{what}应为文本，实为 {type(value).__name__}："
            "在 Excel 中请先把该列设为“文本”格式再录入，否则 18 位号码的末几位会变成 0"
        )
    return unicodedata.normalize("NFKC", value).strip().upper()


def _require_length(value: str, what: str, expected: int, hint: str = "") -> None:
    """Raise unless *value* has exactly *expected* characters."""
    if len(value) != expected:
        raise ValueError(f"{what}应为 {expected} 位，实为 {len(value)} 位{hint}")


def _id_check_char(prefix17: str) -> str:
    """The GB 11643-1999 check character of 17 ASCII digits (no validation here)."""
    total = sum(int(c) * w for c, w in zip(prefix17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK_CHARS[total % 11]


def _check_id_body(body: str) -> None:
    """Check the 17 leading characters of a normalised ID number: digits and a real birth date.

    The birth date is checked before the check character on purpose: a date that does not exist
    is a more specific finding, and reporting only "the check character should be X" would invite
    someone to "fix" the last character of a number whose date is wrong.
    """
    if not (body.isascii() and body.isdigit()):
        raise ValueError("身份证号码前 17 位必须全部是数字")
    try:
        datetime.date(int(body[6:10]), int(body[10:12]), int(body[12:14]))
    except ValueError:
        raise ValueError("身份证号码第 7–14 位的出生日期不是有效日期") from None


def check_id_number(value: str) -> str:
    """Validate a mainland resident ID number (GB 11643-1999) and return it normalised.

    Normalising means: full-width characters to half-width, surrounding blanks removed and a
    lower-case check character ``x`` written as ``X``, so the same person is always stored under
    the same string and the duplicate-aid check (R16) can compare IDs as plain text.

    The address code (positions 1-6) is not checked against the list of administrative
    divisions: that list changes every year and residents keep the code of the county that
    issued their card.

    Raises ``ValueError`` with a Chinese message that says what is wrong but, deliberately, not
    the number itself.
    """
    normalised = _normalise(value, "身份证号码")
    _require_length(normalised, "身份证号码", ID_NUMBER_LENGTH, _FIRST_GENERATION_HINT)
    _check_id_body(normalised[:17])
    if normalised[17] not in "0123456789X":
        raise ValueError("身份证号码第 18 位（校验位）必须是数字或 X")
    expected = _id_check_char(normalised[:17])
    if normalised[17] != expected:
        raise ValueError(f"身份证号码校验位错误：应为 {expected}，实为 {normalised[17]}")
    return normalised


def make_id_number(prefix17: str) -> str:
    """Append the check character to 17 digits, giving an ID number that ``check_id_number``
    accepts.

    The sample-ledger generator uses it for fake recipients. Since a fake number with a correct
    check character may belong to a real person, prefer an address code that is not a real
    county (for example ``999999``) for sample data.

    Raises ``ValueError`` (Chinese message) unless *prefix17* is 17 digits with a real birth
    date in positions 7-14.
    """
    prefix = _normalise(prefix17, "身份证号码前 17 位")
    _require_length(prefix, "身份证号码前 17 位", 17)
    _check_id_body(prefix)
    return prefix + _id_check_char(prefix)


def _credit_check_char(prefix17: str) -> str:
    """The GB 32100-2015 check character of 17 characters of the charset (no validation)."""
    total = sum(
        _CREDIT_CHARSET.index(c) * w for c, w in zip(prefix17, _CREDIT_WEIGHTS, strict=True)
    )
    return _CREDIT_CHARSET[(31 - total % 31) % 31]


def _check_credit_chars(value: str) -> None:
    """Raise unless every character of a normalised credit code is in the GB 32100 charset."""
    for position, char in enumerate(value, start=1):
        if char not in _CREDIT_CHARSET:
            raise ValueError(
                f"统一社会信用代码第 {position} 位含有不允许的字符“{char}”："
                "只能使用数字和除 I、O、Z、S、V 以外的大写英文字母"
            )


def check_credit_code(value: str) -> str:
    """Validate a unified social credit code (GB 32100-2015) and return it normalised.

    Normalising (half-width, no surrounding blanks, upper case) lets the society's profile and
    county lists compare codes as plain text. Only the charset and the final check character
    are checked; the embedded organisation code's own check (GB 11714) is not, because codes
    issued to 社会团体 are checked by the registration authority and the standard's check
    character already catches single typing errors.

    Raises ``ValueError`` with a Chinese message on failure.
    """
    normalised = _normalise(value, "统一社会信用代码")
    _require_length(normalised, "统一社会信用代码", _CREDIT_CODE_LENGTH)
    _check_credit_chars(normalised)
    expected = _credit_check_char(normalised[:17])
    if normalised[17] != expected:
        raise ValueError(f"统一社会信用代码校验位错误：应为 {expected}，实为 {normalised[17]}")
    return normalised


def make_credit_code(prefix17: str) -> str:
    """Append the check character to 17 charset characters, giving a code that
    ``check_credit_code`` accepts (used for sample societies).

    Raises ``ValueError`` (Chinese message) unless *prefix17* is 17 characters of the charset.
    """
    prefix = _normalise(prefix17, "统一社会信用代码前 17 位")
    _require_length(prefix, "统一社会信用代码前 17 位", 17)
    _check_credit_chars(prefix)
    return prefix + _credit_check_char(prefix)


def mask_name(name: str) -> str:
    """Mask a name for the public monthly notice (R10): keep the first and last character.

    "张三" → "张*", "张三丰" → "张*丰", "欧阳娜娜" → "欧**娜", "王" → "*". Keeping the surname
    lets villagers recognise that aid went to a real household without publishing who exactly;
    one ``*`` per hidden character keeps the notice's columns the same width as the names. The
    same rule applies to names in other scripts. Surrounding blanks are dropped first so they
    are not counted as characters; an empty name stays empty.
    """
    stripped = name.strip()
    if len(stripped) <= 1:
        return "*" * len(stripped)
    if len(stripped) == 2:
        return stripped[0] + "*"
    return stripped[0] + "*" * (len(stripped) - 2) + stripped[-1]


def is_id_number_like(text: str) -> bool:
    """Whether *text* contains anything that looks like an 18-character ID number.

    Meant for scanning generated output (notices, reports, logs) for leaks, so it errs on the
    side of reporting: the check character is not verified (a mistyped number is still
    personal data), the run need not stand alone (it may be glued to other digits), full-width
    digits count, and the 6-8-4 grouping with spaces or hyphens counts too.
    """
    return _ID_LIKE.search(unicodedata.normalize("NFKC", text)) is not None


def has_standalone_id_number(text: str) -> bool:
    """Whether *text* holds an ID-number-like run standing on its own (see ``is_id_number_like``).

    For scanning the books, which legitimately hold long hex digests (seals, notices): a run of
    18 digits inside a 64-character digest is not someone's number, one between Chinese words or
    quotes is.
    """
    return _ID_ALONE.search(unicodedata.normalize("NFKC", text)) is not None


# A string Beancount parses from a file holds an ID-like run only if the file's bytes hold eight
# "digit-like" bytes in a row: an ASCII digit; a backslash (Beancount drops it from ``\1``); or
# any byte of a character that NFKC may turn into digits (full-width ０-９, superscripts, circled
# numbers …): those all start with one of ``_DIGIT_LEADS`` and yield no more digits than they
# have bytes, so counting every byte of every character with such a lead byte (and every
# continuation byte) over-counts, never under-counts. tests/test_id_prefilter.py holds this
# against every code point of the running Python's Unicode tables.
_DIGIT_LEADS = b"\xc2\xe2\xe3\xef\xf0"
_DIGIT_LIKE = b"0123456789\\" + _DIGIT_LEADS + bytes(range(0x80, 0xC0))
_AS_ZERO = bytes.maketrans(_DIGIT_LIKE, b"0" * len(_DIGIT_LIKE))
_EIGHT = b"0" * 8  # the birth date: eight digits in a row in every ID-like run
_MARGIN = 48  # bytes around a run: the rest of a match (7 characters before, 5 after, escaped)


def source_may_hold_id_number(raw: bytes) -> bool:
    """Whether a Beancount file (its bytes) may hold a string with an ID-like run in it.

    False only when no string parsed from the file can: so a rule that reads every text of the
    books for ID numbers (R11) may skip the entries of a file for which this is False, which is
    nearly every file. One ``translate`` of the bytes finds the few runs of eight digit-like
    bytes (a digest has some; Chinese text between full-width punctuation, rarely); only around
    those is the text decoded and looked at as R11 would.
    """
    zeros = raw.translate(_AS_ZERO)
    start = zeros.find(_EIGHT)
    while start >= 0:
        end = start + len(_EIGHT)
        while zeros.startswith(_EIGHT, end):
            end += len(_EIGHT)
        while end < len(zeros) and zeros[end] == 0x30:
            end += 1
        window = raw[max(0, start - _MARGIN) : end + _MARGIN].decode("utf-8", "ignore")
        if _ID_LIKE.search(unicodedata.normalize("NFKC", window.replace("\\", ""))):
            return True
        start = zeros.find(_EIGHT, end)
    return False


# --- pseudonyms: what the books keep instead of the number ---------------------------------

ID_VALID = "通过"  # the check verdict of a number that passes GB 11643
_HASH_CONTEXT = b"jjn-id-v1\0"  # domain separation: this key hashes ID numbers, nothing else
_KEY_ID_CONTEXT = b"jjn-key-id-v1"
_HASH_BYTES = 16  # 128 bits: no collision among a province's residents, short enough to read


def _base32(raw: bytes) -> str:
    """Lower-case base32 without padding: letters and the digits 2-7 only.

    Hex would do, but a 64-character hex digest holds a run of 18 decimal digits now and then,
    and such a run is indistinguishable from an ID number to every leak scanner (our tests',
    and the county's). Base32 never has more than a few digits in a row.
    """
    return base64.b32encode(raw).decode("ascii").rstrip("=").lower()


def normalise_id_text(value: str) -> str:
    """The form an ID number is hashed in: half-width, upper-case, no surrounding blanks.

    Applied to numbers that fail the check too (when old books are migrated), so a mistyped
    number is still kept under one stable pseudonym until it is corrected.
    """
    return unicodedata.normalize("NFKC", value).strip().upper()


def key_id(secret: bytes) -> str:
    """A short public name of a county secret (4 characters), written in front of every hash.

    Two societies whose hashes were made with different secrets can never match; the key id
    makes that visible (``jjn check`` of a county) instead of silently missing duplicates.
    """
    return _base32(hmac.new(secret, _KEY_ID_CONTEXT, hashlib.sha256).digest())[:4]


def id_hash(number: str, secret: bytes) -> str:
    """The keyed pseudonym of an ID number: ``"<key id>:<26 base32 characters>"``."""
    mac = hmac.new(secret, _HASH_CONTEXT + normalise_id_text(number).encode(), hashlib.sha256)
    return f"{key_id(secret)}:{_base32(mac.digest()[:_HASH_BYTES])}"


def mask_id_number(number: str) -> str:
    """The number as an officer may see it: first 4 and last 4 characters, ``*`` between.

    ``349900196503120024`` → ``3499**********0024``. The first four name the province and
    prefecture (no one person), the last four are what a clerk reads back to a resident to
    confirm a card. Anything shorter than 12 characters is masked whole.
    """
    text = normalise_id_text(number)
    if len(text) < 12:
        return "*" * len(text)
    return text[:4] + "*" * (len(text) - 8) + text[-4:]


def id_verdict(number: str) -> str:
    """``ID_VALID`` when the number passes GB 11643, else the check's Chinese message.

    Kept with the pseudonym so that a number mistyped in old books stays a visible R11
    finding after the clear number has left the books; the message never repeats the number.
    """
    try:
        check_id_number(number)
    except (ValueError, TypeError) as exc:
        return str(exc)
    return ID_VALID
