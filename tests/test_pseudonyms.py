"""No clear ID number in any served society folder: the books keep a county-keyed pseudonym.

DOMAIN.md, "Privacy": matching a person across societies (R16) needs no clear number; the books
carry ``id-hash`` (HMAC-SHA256 under the county's key), ``id-masked`` and ``id-check``, and the
clear number lives in the county's register outside every society folder.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import re
import stat
from pathlib import Path

import pytest
from cli_kit import fails, ok
from hypothesis import given
from hypothesis import strategies as st
from ledger_kit import AID_WITH, HEADER, errors_of, rules
from typer.testing import CliRunner

from jjn_ledger.cli import app
from jjn_ledger.ledger import county_secret
from jjn_ledger.ledger.idcodes import (
    ID_VALID,
    check_id_number,
    id_hash,
    id_verdict,
    is_id_number_like,
    key_id,
    make_id_number,
    mask_id_number,
)
from jjn_ledger.sample import SAMPLE

runner = CliRunner()
KEY = hashlib.sha256(b"a county").digest()
OTHER = hashlib.sha256(b"another county").digest()
STANDARD_ID = "11010519491231002X"
# An ID number standing alone: not part of a longer run of letters and digits (a hex digest).
_STANDALONE = re.compile(
    r"(?<![0-9A-Za-z])[0-9]{6}[ -]?[0-9]{8}[ -]?[0-9]{3}[0-9Xx](?![0-9A-Za-z])", re.ASCII
)


def clear_numbers(county: Path) -> set[str]:
    """Every clear number the county's registers hold."""
    out = set()
    for path in (county / ".jjn-county" / "ids").glob("*.json"):
        out |= {p["id-number"] for p in json.loads(path.read_text("utf-8"))["people"].values()}
    return out


def leaks(folder: Path, known: set[str]) -> list[str]:
    """Files under ``folder`` holding an ID number: a known one anywhere, or one standing alone."""
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        text = path.read_bytes().decode("utf-8", errors="replace")
        if _STANDALONE.search(text) or any(number in text for number in known):
            found.append(str(path))
    return found


# ---- the bar: every file of every served society folder ------------------------------------


def test_no_file_of_any_sample_society_holds_an_id_number(sample_county):
    known = clear_numbers(sample_county)
    assert len(known) == sum(s.recipients for s in SAMPLE) - 1  # the planted twin is one person
    for spec in SAMPLE:
        assert leaks(sample_county / spec.slug, known) == [], spec.slug
    people = (sample_county / "taoyuan" / "people.beancount").read_text("utf-8")
    assert people.count("id-hash:") == people.count('custom "jjn-recipient"') == 12


def test_a_fresh_society_written_by_jjn_holds_no_id_number(tmp_path):
    county, folder = tmp_path / "县", tmp_path / "县" / "桃园村"
    county.mkdir()
    ok(["county", "init", str(county)])
    ok(
        [
            "society", "new", str(folder), "--county", "示例县", "--township", "仁和镇",
            "--village", "桃园村", "--registration", "登记", "--credit-code",
            "51349900MJB0000015", "--registered", "2026-03-02", "--officer", "出纳=李红:H03",
        ]
    )  # fmt: skip
    numbers = ["349900196503120024", "34990019900615004X", STANDARD_ID]
    for i, number in enumerate(numbers, start=1):
        ok(
            [
                "society", "person", "add", str(folder), "--key", f"P00{i}", "--name", f"王秀{i}",
                "--id-number", number.lower(), "--household", f"H1{i}", "--hukou", "本村户籍",
                "--status", "低保", "--date", "2026-03-03",
            ]
        )  # fmt: skip
    ok(["record", "cash-draw", str(folder), "2000", "--date", "2026-03-09"])
    ok(
        [
            "record", "aid", str(folder), "--person", "P001", "--category", "补充救助",
            "--amount", "400", "--cause", "重大疾病", "--matter", "2026-03 住院",
            "--accepted", "2026-03-09", "--investigated", "2026-03-09", "--approved", "2026-03-10",
            "--paid", "2026-03-10",
        ]
    )  # fmt: skip
    assert leaks(folder, set(numbers)) == []
    assert clear_numbers(county) == set(numbers)
    register = county / ".jjn-county" / "ids" / "桃园村.json"
    secret = county / ".jjn-county" / "secret.key"
    for private in (register, secret):
        assert stat.S_IMODE(private.stat().st_mode) == 0o600, private
    assert stat.S_IMODE(secret.parent.stat().st_mode) == 0o700
    checked = json.loads(runner.invoke(app, ["check", str(folder), "--json"]).output)
    assert [e["rule"] for e in checked[0]["errors"]] == ["R2"]  # no seed fund yet: nothing else


def test_county_init_never_replaces_a_key(tmp_path):
    ok(["county", "init", str(tmp_path)])
    key = county_secret.read(tmp_path)
    assert "未改动" in ok(["county", "init", str(tmp_path)])
    assert county_secret.read(tmp_path) == key
    with pytest.raises(Exception, match="已存在"):
        county_secret.create(tmp_path)


def test_a_damaged_key_is_a_chinese_error(tmp_path):
    ok(["county", "init", str(tmp_path)])
    (tmp_path / ".jjn-county" / "secret.key").write_text("not hex\n")
    with pytest.raises(county_secret.BadSecret, match="已损坏"):
        county_secret.read(tmp_path)


# ---- the keyed hash -------------------------------------------------------------------------


def test_the_hash_is_keyed_stable_and_normalised():
    assert id_hash(STANDARD_ID, KEY) == id_hash(STANDARD_ID.lower(), KEY)
    assert id_hash(STANDARD_ID, KEY) == id_hash("１１０１０５１９４９１２３１００２ｘ ", KEY)
    assert id_hash(STANDARD_ID, KEY) != id_hash(STANDARD_ID, OTHER)
    assert id_hash(STANDARD_ID, KEY).startswith(key_id(KEY) + ":")
    assert key_id(KEY) != key_id(OTHER)
    # Not the plain hash anyone could compute for every plausible number.
    plain = hashlib.sha256(STANDARD_ID.encode()).hexdigest()
    assert id_hash(STANDARD_ID, KEY).split(":")[1] not in plain


@given(st.dates(datetime.date(1900, 1, 1), datetime.date(2025, 12, 31)), st.integers(0, 999))
def test_a_hash_never_looks_like_an_id_number(born, seq):
    number = make_id_number(f"349900{born:%Y%m%d}{seq:03d}")
    assert not is_id_number_like(id_hash(number, KEY))
    assert not is_id_number_like(mask_id_number(number))


def test_masked_form_and_verdict():
    assert mask_id_number("349900196503120024") == "3499**********0024"
    assert id_verdict("349900196503120024") == ID_VALID
    assert "校验位" in id_verdict("349900196503120025")
    assert "349900196503120025" not in id_verdict("349900196503120025")
    check_id_number(STANDARD_ID)


# ---- the books: old clear numbers are findings ----------------------------------------------


def test_a_clear_number_left_in_the_books_is_an_r11_error():
    legacy = HEADER.replace(
        '  id-hash: "sk56:sxc22qzdu73sw2yiwjxb4jsnj4"\n  id-masked: "3499**********0024"\n'
        '  id-check: "通过"\n',
        '  id-number: "349900196503120024"\n',
    )
    assert legacy != HEADER
    errors = errors_of("", header=legacy)
    assert rules(errors) == ["R11"]
    assert "明文身份证号码" in errors[0] and "migrate-ids" in errors[0]
    assert "349900196503120024" not in errors[0]


def test_a_register_entry_without_pseudonym_is_an_r11_error():
    bare = HEADER.replace('  id-hash: "sk56:sxc22qzdu73sw2yiwjxb4jsnj4"\n', "")
    errors = errors_of("", header=bare)
    assert rules(errors) == ["R11"] and "id-hash" in errors[0]


def test_person_add_refuses_a_folder_without_a_county_key(tmp_path):
    message = fails(["society", "person", "add", str(tmp_path / "nope"), "--key", "P1",
                     "--name", "王", "--id-number", STANDARD_ID, "--household", "H1",
                     "--hukou", "本村户籍", "--status", "低保"])  # fmt: skip
    assert "main.beancount" in message or "县级密钥" in message
    assert os.listdir(tmp_path) == []


def test_an_id_number_typed_into_a_memo_is_an_r11_error():
    errors = errors_of(AID_WITH.format(memo="（身份证 349900196503120024）", posting=""))
    assert rules(errors) == ["R11"] and "疑似身份证号码" in errors[0]
    assert "349900196503120024" not in errors[0]
    # A digest holding a run of 18 digits is not a number typed in.
    digest = "123456789012345678" + "a" * 46
    assert errors_of(f'2024-04-02 note Assets:1001-现金 "digest {digest}"\n') == []


def test_fava_over_a_sample_society_serves_no_id_number(sample_county):
    """Fava's own pages and APIs (source, journal, query, editor, the audit pages) over the
    sample's books: no clear number anywhere, because the books hold none."""
    from urllib.parse import quote

    from jjn_ledger.serve import app as serving

    folder = sample_county / "taoyuan"
    app = serving.fava_app([(folder / "main.beancount").resolve()])
    slug = app.config["LEDGERS"].first_slug()
    client = app.test_client()
    known = clear_numbers(sample_county)
    people = quote(str((folder / "people.beancount").resolve()))
    query = quote("SELECT date, type, meta FROM #entries")
    urls = [
        "/",
        "/journal/",
        "/editor/",
        f"/api/source?filename={people}",
        f"/api/query?query_string={query}",
        "/extension/JjnAudit/",
        "/extension/JjnAudit/?page=person&full=1",
        "/extension/JjnAudit/?page=aid&full=1",
    ]
    served = 0
    for url in urls:
        response = client.get(f"/{slug}{url}", follow_redirects=True)
        body = response.get_data(as_text=True)
        served += response.status_code == 200
        assert not any(number in body for number in known), url
        assert not _STANDALONE.search(body), url
    assert served == len(urls)
