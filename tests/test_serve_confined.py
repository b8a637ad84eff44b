"""A served society shows only the files of its own folder (``serve/confine.py``).

Books reach the county server as their treasurer wrote them; Beancount and Fava read whatever
they name. Real Fava over the real WSGI app, on copies of the sample county.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import SAMPLE_COUNTY
from werkzeug.test import Client

from jjn_ledger.serve import app as serving


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text("utf-8") + text, "utf-8")


@pytest.fixture
def county(tmp_path: Path) -> Path:
    root = tmp_path / "county"
    for slug in ("liushu", "xihe"):
        shutil.copytree(SAMPLE_COUNTY / slug, root / slug)
    return root


def pages(root: Path) -> tuple[Client, dict[str, str]]:
    served = serving.plan(root)
    urls = {s.folder.name: s.url(prefix=serving.FAVA_PREFIX) for s in served.societies}
    return Client(served.app), urls


def test_books_that_include_another_societys_file_are_not_shown(county):
    append(county / "liushu" / "main.beancount", '\ninclude "../xihe/people.beancount"\n')
    client, urls = pages(county)
    reply = client.get(urls["liushu"])
    assert reply.status_code == 403
    text = reply.get_data(as_text=True)
    assert "本社文件夹之外的文件" in text and "xihe/people.beancount" in text
    assert client.get(urls["xihe"]).status_code == 200  # the other society is untouched


def test_a_document_outside_the_folder_is_not_sent(tmp_path):
    society = tmp_path / "liushu"
    shutil.copytree(SAMPLE_COUNTY / "liushu", society)
    secret = tmp_path / "county-key.txt"
    secret.write_text("the county's key", "utf-8")
    inside = society / "documents" / "bank-statement.pdf"
    inside.write_bytes(b"%PDF-1.4 statement")
    link = society / "documents" / "looks-inside.txt"
    link.symlink_to(secret)
    month = sorted((society / "books").glob("*.beancount"))[-1]
    for path in (secret, inside, link):
        append(month, f'\n2026-10-31 document Assets:1002-银行存款 "{path}"\n')
    served = serving.plan(society)
    client = Client(served.app)
    base = served.societies[0].url(prefix="", page="document/")

    def fetch(path: Path) -> tuple[int, bytes]:
        reply = client.get(f"{base}?filename={quote(str(path))}")
        return reply.status_code, reply.get_data()

    assert fetch(inside) == (200, b"%PDF-1.4 statement")
    assert fetch(secret)[0] == 404
    assert fetch(link)[0] == 404  # a link inside the folder to a file outside is outside


def test_every_reader_reports_a_file_from_outside_the_folder(county):
    """The same books in ``jjn check`` and Beancount's own loader: one error, from the plugin."""
    from jjn_ledger.ledger.load import load
    from jjn_ledger.rules.check import check_society

    append(county / "liushu" / "main.beancount", '\ninclude "../xihe/people.beancount"\n')
    found = [p for p in check_society(county / "liushu").errors if "本社文件夹之外" in p.message]
    assert len(found) == 1 and "xihe/people.beancount" in found[0].message
    assert found[0].rule == "配置"
    errors = [e.message for e in load(county / "liushu").errors if "本社文件夹之外" in e.message]
    assert len(errors) == 1
    assert not [p for p in check_society(county / "xihe").errors if "本社文件夹之外" in p.message]
