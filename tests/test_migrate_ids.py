"""``jjn society migrate-ids``: old books with clear ID numbers become the pseudonymous books.

The sample county is turned back into what books looked like before pseudonyms (each
``jjn-recipient`` with ``id-number``, no register of clear numbers), and a month with register
entries is sealed. Migrating must give back exactly the committed sample's registers, lose no
number, keep every rule verdict (the old books' only extra findings are the clear numbers
themselves), keep the seal, match every person as the clear numbers did, and do nothing the
second time.
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
from pathlib import Path

import pytest
from cli_kit import ok
from typer.testing import CliRunner

from jjn_ledger.cli import app
from jjn_ledger.sample import CROSS_SOCIETY_DUPLICATE, SAMPLE

runner = CliRunner()
_PSEUDONYM = re.compile(
    r'^  id-hash: "[^"]+"\n  id-masked: "[^"]+"\n  id-check: "[^"]+"\n', re.MULTILINE
)


def unmigrate(county: Path) -> None:
    """Put the clear numbers back into the books and drop the county's register of them."""
    ids = county / ".jjn-county" / "ids"
    for spec in SAMPLE:
        clear = json.loads((ids / f"{spec.slug}.json").read_text("utf-8"))["people"]
        people = county / spec.slug / "people.beancount"
        parts = re.split(r'(custom "jjn-recipient" "[^"]+"\n)', people.read_text("utf-8"))
        out = [parts[0]]
        for header, body in zip(parts[1::2], parts[2::2], strict=True):
            key = re.search(r'"jjn-recipient" "([^"]+)"', header)[1]  # type: ignore[index]
            number = clear[key]["id-number"]
            out += [header, _PSEUDONYM.sub(f'  id-number: "{number}"\n', body, count=1)]
        people.write_text("".join(out), "utf-8")
    shutil.rmtree(ids)


def verdicts(path: Path) -> dict[str, list[tuple[str, str]]]:
    result = runner.invoke(app, ["check", str(path), "--json"])
    return {
        Path(r["folder"]).name: sorted(
            (e["rule"], e["message"]) for e in r["errors"] if "明文身份证号码" not in e["message"]
        )
        for r in json.loads(result.output)
    }


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".jjn-cache" not in p.parts and p.name != ".jjn.lock"
    }


@pytest.fixture
def legacy(sample_county: Path, tmp_path: Path) -> Path:
    county = tmp_path / "county"
    shutil.copytree(sample_county, county)
    unmigrate(county)
    return county


def test_migration_restores_the_pseudonymous_books_and_loses_nothing(legacy, sample_county):
    assert 'id-number: "' in (legacy / "taoyuan" / "people.beancount").read_text("utf-8")
    # A month holding register entries is closed before the migration: it must stay sealed.
    ok(["close", str(legacy / "taoyuan"), "2024-03"])
    before = verdicts(legacy)
    old = runner.invoke(app, ["check", str(legacy / "taoyuan"), "--json"]).output
    assert old.count("明文身份证号码") == 12

    out = ok(["society", "migrate-ids", str(legacy)])
    assert f"共改写 {sum(s.recipients for s in SAMPLE)} 条" in out
    for spec in SAMPLE:
        mine = legacy / spec.slug / "people.beancount"
        assert mine.read_bytes() == (sample_county / spec.slug / "people.beancount").read_bytes()
        assert json.loads((legacy / ".jjn-county" / "ids" / f"{spec.slug}.json").read_text()) == (
            json.loads((sample_county / ".jjn-county" / "ids" / f"{spec.slug}.json").read_text())
        )
    assert verdicts(legacy) == before  # R17 included: the sealed 2024-03 still matches its seal

    snapshot = tree(legacy)
    assert "共改写 0 条" in ok(["society", "migrate-ids", str(legacy)])  # idempotent
    assert tree(legacy) == snapshot


def test_every_person_is_matched_as_the_clear_numbers_matched(legacy):
    clear = {}
    for spec in SAMPLE:
        text = (legacy / spec.slug / "people.beancount").read_text("utf-8")
        for key, number in re.findall(
            r'"jjn-recipient" "([^"]+)"\n(?:  .*\n)*?  id-number: "([^"]+)"', text
        ):
            clear[(spec.slug, key)] = number
    ok(["society", "migrate-ids", str(legacy)])
    hashed = {}
    for spec in SAMPLE:
        text = (legacy / spec.slug / "people.beancount").read_text("utf-8")
        for key, value in re.findall(
            r'"jjn-recipient" "([^"]+)"\n(?:  .*\n)*?  id-hash: "([^"]+)"', text
        ):
            hashed[(spec.slug, key)] = value
    assert set(hashed) == set(clear) and len(clear) == sum(s.recipients for s in SAMPLE)
    for a, b in itertools.combinations(clear, 2):
        assert (clear[a] == clear[b]) == (hashed[a] == hashed[b]), (a, b)
    assert hashed[CROSS_SOCIETY_DUPLICATE[0]] == hashed[CROSS_SOCIETY_DUPLICATE[1]]
