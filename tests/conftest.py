"""Shared fixtures: the committed sample county, and throwaway copies of it to write into."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_COUNTY = ROOT / "ledgers" / "sample-county"
ARTIFACTS = ROOT / "tests" / "artifacts"

# Beancount's pickle cache ignores plugin code changes: never let a test read a stale verdict.
os.environ["BEANCOUNT_DISABLE_LOAD_CACHE"] = "1"
# jjn's county summary cache goes to a scratch folder, never into the committed sample county.
os.environ.setdefault("JJN_CACHE_DIR", tempfile.mkdtemp(prefix="jjn-test-cache-"))
# The county server's accounts and access log likewise (a test that needs its own sets it).
os.environ.setdefault("JJN_SERVER_DIR", tempfile.mkdtemp(prefix="jjn-test-server-"))


@pytest.fixture
def sample_county() -> Path:
    return SAMPLE_COUNTY


@pytest.fixture
def society_copy(tmp_path: Path) -> Callable[[str], Path]:
    """Copy one sample society (by slug) into tmp_path and return its folder."""

    def copy(slug: str) -> Path:
        target = tmp_path / slug
        shutil.copytree(SAMPLE_COUNTY / slug, target)
        return target

    return copy


def tree_digest(folder: Path) -> dict[str, str]:
    """sha256 of every file below ``folder``: compare before/after to prove nothing changed.

    The lock file (``.jjn.lock``, empty, created by the first write) and jjn's caches
    (``.jjn-cache/``) are not part of the books.
    """
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".jjn.lock" and ".jjn-cache" not in p.parts
    }


@pytest.fixture
def digest() -> Callable[[Path], dict[str, str]]:
    return tree_digest


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
