"""The summary cache: same numbers as a cold run, and never stale.

A cached verdict is wrong the moment the books, the rules or the policy change; each of those
must change the key and force a reload of exactly the society concerned.
"""

import os
import shutil
from pathlib import Path

import pytest

from jjn_ledger.county.engine import summarise
from jjn_ledger.county.summary import SocietySummary
from jjn_ledger.ledger import cache as summary_cache
from jjn_ledger.ledger import layout
from jjn_ledger.ledger.cache import cached_map, serial


@pytest.fixture(autouse=True)
def default_cache_place(monkeypatch, tmp_path):
    """The cache in its default place: the user's cache directory (here, one in tmp_path)."""
    monkeypatch.delenv(summary_cache.CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))


@pytest.fixture
def county(tmp_path, sample_county):
    root = tmp_path / "county"
    for slug in ("taoyuan", "xihe", "liushu"):
        shutil.copytree(sample_county / slug, root / slug)
    return root


def run(root: Path):
    folders = list(layout.society_folders(root))
    return cached_map(folders, summarise, serial, SocietySummary)


def test_warm_equals_cold_and_loads_nothing(county):
    cold, loaded = run(county)
    assert loaded == 3
    warm, loaded = run(county)
    assert loaded == 0
    assert warm == cold
    assert [s.slug for s in warm] == ["liushu", "taoyuan", "xihe"]


def test_ledger_edit_reloads_only_that_society(county):
    run(county)
    month = sorted((county / "xihe" / "books").glob("*.beancount"))[-1]
    month.write_text(month.read_text("utf-8") + "\n; 复核\n", "utf-8")
    _, loaded = run(county)
    assert loaded == 1


def test_policy_change_in_plugin_config_reloads(county):
    before, _ = run(county)
    main = county / "taoyuan" / layout.MAIN
    text = main.read_text("utf-8").replace(
        f'plugin "{layout.PLUGIN}"',
        f"plugin \"{layout.PLUGIN}\" \"{{'aid': {{'emergency_cap': 800}}}}\"",
    )
    main.write_text(text, "utf-8")
    after, loaded = run(county)
    assert loaded == 1
    taoyuan = {s.slug: s for s in after}["taoyuan"]
    assert taoyuan.errors.get("R7", 0) > {s.slug: s for s in before}["taoyuan"].errors.get("R7", 0)


def test_rule_code_change_changes_every_key(county, tmp_path, monkeypatch):
    code = tmp_path / "code"
    (code / "rules").mkdir(parents=True)
    rule = code / "rules" / "r07.py"
    rule.write_text("CAP = 1000\n")
    monkeypatch.setattr(summary_cache, "_package_roots", lambda: [code])
    summary_cache.code_version.cache_clear()
    run(county)
    assert run(county)[1] == 0
    rule.write_text("CAP = 1500\n")
    summary_cache.code_version.cache_clear()
    assert run(county)[1] == 3
    summary_cache.code_version.cache_clear()


def test_policy_default_file_is_part_of_the_code_version():
    roots = summary_cache._package_roots()
    files = {p.name for r in roots for p in r.rglob("*.toml")}
    assert {"policy.toml", "chart.toml"} <= files


def test_corrupt_cache_file_is_rebuilt_not_trusted(county):
    cold, _ = run(county)
    for f in summary_cache.cache_root().glob("*.json"):
        f.write_text('["x", {"not": "a summary"}]')
    again, loaded = run(county)
    assert loaded == 3 and again == cold


def test_paper_named_in_another_encoding_is_keyed_not_a_crash(county):
    """A paper copied from a Windows zip keeps its GBK name: bytes that are not UTF-8. The
    county report keyed every society by its papers' names and stopped with a traceback."""
    folder = county / "liushu" / "documents" / "P001"
    folder.mkdir(parents=True, exist_ok=True)
    before = summary_cache.ledger_key(county / "liushu")
    (folder / os.fsdecode("身份证复印件".encode("gbk") + b".jpg")).write_bytes(b"x")
    assert summary_cache.ledger_key(county / "liushu") != before
    _, loaded = run(county)
    assert loaded == 3
