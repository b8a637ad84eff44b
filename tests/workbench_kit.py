"""Shared by the workbench tests: a new society as the README makes it, and a browser-like client.

``Desk`` drives the workbench's own Flask app through Werkzeug's test client — real files, the
real write path, no mocks — the way a browser would: it opens a form, takes the page's CSRF
token and nonce, and posts what a person typed.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cli_kit import ok
from ledger_kit import TEST_SECRET

from jjn_ledger.ledger import county_secret, layout
from jjn_ledger.serve import societies as listing
from jjn_ledger.serve.identity import User, sign_in_for_request
from jjn_ledger.serve.workbench import Desk as DeskInfo
from jjn_ledger.serve.workbench import create_app

SOCIETY_NEW = [
    "society", "new", "--county", "示例县", "--township", "仁和镇", "--village", "桃园村",
    "--registration", "登记", "--credit-code", "51349900MJB0000015", "--registered", "2026-03-02",
    "--officer", "社长=李建国:H01", "--officer", "出纳=李红:H03", "--officer", "会计=王芳:H04",
]  # fmt: skip
PERSON = {
    "key": "P001",
    "name": "王秀英",
    "id_number": "349900196503120024",
    "household": "H11",
    "hukou": "本村户籍",
    "status": "防止返贫监测对象",
}
# The README quick start as the workbench's forms take it (the CLI lines are in README.md).
QUICKSTART: list[tuple[str, dict[str, str]]] = [
    ("subsidy", {"amount": "10000", "document": "示财社〔2026〕9号",
                 "fund_line": "2080299 其他民政管理事务支出", "date": "2026-03-05"}),
    ("collective", {"amount": "10000", "date": "2026-03-06"}),
    ("donation", {"amount": "10000", "donor": "张三", "channel": "银行转账", "date": "2026-03-08"}),
    ("donation-in-kind", {"donor": "县慈善超市", "item": "大米", "quantity": "20 袋",
                          "value": "1200", "valuation": "发票金额", "date": "2026-03-08"}),
    ("person", PERSON),
    ("cash-draw", {"amount": "2000", "date": "2026-03-09"}),
    ("aid", {"person": "P001", "category": "应急救助", "amount": "800", "cause": "意外事故",
             "matter": "2026-03 车祸受伤", "accepted": "2026-03-09", "investigated": "2026-03-09",
             "approved": "2026-03-10", "paid": "2026-03-10"}),
    ("notice", {"month": "2026-03", "posted": "2026-04-03", "removed": "2026-04-10"}),
    ("filing", {"month": "2026-03", "filed": "2026-04-03"}),
    ("voucher-number", {"month": "2026-03"}),
    ("close", {"month": "2026-03"}),
]  # fmt: skip
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
_NONCE = re.compile(r'name="form_nonce" value="([^"]+)"')
_ATTRIBUTION = re.compile(r'^\s+recorded-by: ".*"\n', re.MULTILINE)
_SEAL_DIGEST = re.compile(r'(custom "jjn-seal" "\d{4}-\d{2}"\n\s+digest: )"[0-9a-f]+"')


def new_society(parent: Path, name: str = "桃园村") -> Path:
    """A society as the README makes it, in a county (``parent``) with the tests' fixed key, so
    two such societies register the same person under the same pseudonym."""
    folder = parent / name
    parent.mkdir(parents=True, exist_ok=True)
    if not county_secret.secret_path(parent).exists():
        county_secret.create(parent, TEST_SECRET)
    ok([*SOCIETY_NEW[:2], str(folder), *SOCIETY_NEW[2:]])
    return folder


def books(folder: Path) -> dict[str, str]:
    """The text of every ledger file, by name relative to the society folder."""
    return {str(p.relative_to(folder)): p.read_text("utf-8") for p in layout.ledger_files(folder)}


def without_attribution(text: str) -> str:
    """The books as the CLI writes them: no ``recorded-by`` lines; seal digests masked, since a
    seal's digest covers every metadata line of the month, ``recorded-by`` included."""
    return _SEAL_DIGEST.sub(r'\1"…"', _ATTRIBUTION.sub("", text))


def tree(folder: Path) -> dict[str, str]:
    """sha256 of every file of the books (not the lock, caches or git's own files)."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
        and p.name != ".jjn.lock"
        and ".jjn-cache" not in p.parts
        and ".git" not in p.parts
    }


@dataclass
class Desk:
    """The workbench of one society, driven like a browser."""

    folder: Path
    local: bool = True
    user: User | None = None
    roots: tuple[Path, ...] = ()
    client: Any = field(init=False)

    def __post_init__(self) -> None:
        found = listing.societies(self.folder)
        desks = [DeskInfo(self.folder.name, self.folder.resolve(), found[0].title, "/fava/")]
        sign_in: Callable[[], None] | None = None
        if not self.local:
            sign_in = lambda: sign_in_for_request(self.user)  # noqa: E731
        roots = self.roots or (self.folder,)
        app = create_app(desks, local=self.local, roots=roots, sign_in=sign_in)
        self.client = app.test_client()

    @property
    def key(self) -> str:
        return self.folder.name

    def get(self, path: str, **kw: Any) -> Any:
        return self.client.get(f"/{self.key}/{path}", **kw)

    def form(self, kind: str) -> tuple[str, str, str]:
        """The form page, its CSRF token and nonce."""
        page = self.get(f"record/{kind}")
        assert page.status_code == 200, page.get_data(as_text=True)[-500:]
        html = page.get_data(as_text=True)
        return html, _TOKEN.search(html).group(1), _NONCE.search(html).group(1)  # type: ignore[union-attr]

    def submit(self, kind: str, values: dict[str, str]) -> Any:
        _, token, nonce = self.form(kind)
        return self.post(f"record/{kind}", {"csrf_token": token, "form_nonce": nonce, **values})

    def post(self, path: str, data: dict[str, Any], **kw: Any) -> Any:
        return self.client.post(f"/{self.key}/{path}", data=data, **kw)

    def token(self) -> str:
        return _TOKEN.search(self.get("import").get_data(as_text=True)).group(1)  # type: ignore[union-attr]


def text_of(response: Any) -> str:
    """A page as a person reads it: tags dropped, entities decoded, blanks squeezed."""
    import html

    body = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return re.sub(r"\s+", " ", html.unescape(body))
