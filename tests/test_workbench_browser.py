"""The workbench in a real browser: ``jjn serve`` as a process, Debian's Chromium, Playwright.

The README's quick start is done entirely in the browser on a phone-sized window and must end with
``jjn check`` clean and books equal to the same steps done with the CLI (the README's own lines)
but for the ``recorded-by`` lines; three refusals are shown in the form with the rule's message
and leave the books byte-identical; an upload is previewed, confirmed, and confirmed again.
Screenshots go to ``tests/artifacts/workbench-*.png``.
"""

from __future__ import annotations

import html as entities
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from cli_kit import ok
from openpyxl import load_workbook
from test_fava_browser import ARGS, CHROMIUM
from test_readme_quickstart import quickstart_commands
from test_serve import TAOYUAN, running
from workbench_kit import QUICKSTART, books, new_society, tree, without_attribution

from jjn_ledger.ledger.idcodes import is_id_number_like
from jjn_ledger.serve.workbench.forms import fields_of
from jjn_ledger.serve.workbench.kinds import BY_KEY

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed"),
]

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


class Bench:
    """One browser tab on one society's workbench; remembers anything that went wrong."""

    def __init__(self, browser: Any, base: str, key: str, viewport: dict[str, int]) -> None:
        self.page = browser.new_page(viewport=viewport, locale="zh-CN", accept_downloads=True)
        self.root = f"{base}/workbench/{quote(key)}/"
        self.problems: list[str] = []
        # A refused form is a page answered 422 (or 409): expected for documents, never for the
        # stylesheet or icon, which the "response" hook checks; Chromium logs both on the console.
        self.page.on("console", self._console)
        self.page.on("response", self._response)
        self.page.on("requestfailed", self._failed)
        self.page.on(
            "request",
            lambda r: None if r.url.startswith(base) else self.problems.append(f"outside {r.url}"),
        )

    def _console(self, message: Any) -> None:
        if not message.text.startswith("Failed to load resource"):
            self.problems.append(message.text)

    def _response(self, response: Any) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            self.problems.append(f"{response.status} {response.url}")

    def _failed(self, request: Any) -> None:
        # A download ends its navigation, and moving on cancels the icon still loading: neither
        # is a failure of the page (a missing resource shows in ``_response``).
        if "/download?" not in request.url and request.failure != "net::ERR_ABORTED":
            self.problems.append(f"failed {request.url} {request.failure}")

    def open(self, kind: str) -> None:
        self.page.goto(self.root + f"record/{kind}")

    def fill(self, kind: str, values: dict[str, str]) -> None:
        widgets = {s.name: s.widget for s in fields_of(BY_KEY[kind].model)}
        for name, value in values.items():
            field = self.page.locator(f"#f-{name}")
            if widgets[name] == "checkbox":
                field.set_checked(bool(value))
            elif widgets[name] == "select" or field.evaluate("e => e.tagName") == "SELECT":
                field.select_option(value)
            else:
                field.fill(value)

    def record(self, kind: str, values: dict[str, str]) -> str:
        """Fill and send a form; returns what the page then says (the result or the refusal)."""
        self.open(kind)
        self.fill(kind, values)
        self.page.click("form.record button[type=submit]")
        self.page.wait_for_load_state()
        return self.page.inner_text("main")

    def shot(self, path: Path) -> None:
        self.page.screenshot(path=str(path), full_page=True)


def test_readme_quickstart_in_the_browser_equals_the_cli(browser, tmp_path, artifacts):
    web = new_society(tmp_path / "web")
    with running(web) as server:
        bench = Bench(browser, server.base, web.name, PHONE)
        bench.page.goto(f"{server.base}/workbench/")
        assert bench.page.title() == "出纳工作台"
        assert "示例县仁和镇桃园村" in bench.page.inner_text("header")
        bench.shot(artifacts / "workbench-home-phone.png")
        for kind, values in QUICKSTART:
            if kind == "notice":
                _download_notice(bench, tmp_path)
            said = bench.record(kind, values)
            assert "已记账" in said, (kind, said)
            if kind in ("aid", "close"):
                bench.shot(artifacts / f"workbench-{kind}-done-phone.png")
        bench.open("aid")
        bench.shot(artifacts / "workbench-aid-form-phone.png")
        width = bench.page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= PHONE["width"], "the aid form scrolls sideways on a phone"
        assert bench.problems == []
    checked = ok(["check", str(web)])
    assert "合规" in checked and "0 个有错误" in checked

    cli = new_society(tmp_path / "cli")
    steps = [
        a
        for a in quickstart_commands()
        if a[1] in ("record", "voucher", "close") or a[1:4] == ["society", "person", "add"]
    ]
    assert len(steps) == len(QUICKSTART)
    for args in steps:
        ok([str(cli) if a == "桃园村" else a for a in args[1:]])
    ok(["check", str(cli)])
    web_books, cli_books = books(web), books(cli)
    assert web_books.keys() == cli_books.keys()
    for name, text in web_books.items():
        assert without_attribution(text) == without_attribution(cli_books[name]), name
    assert web_books != cli_books  # the browser's entries say who recorded them
    assert 'recorded-by: "李红（本机出纳）"' in web_books["books/2026-03.beancount"]


def _download_notice(bench: Bench, tmp_path: Path) -> None:
    """Print the notice from the home page: the workbook the village board gets."""
    page = bench.page
    page.goto(bench.root)
    page.select_option("#d-report", "notice")
    page.select_option("#d-month", "2026-03")
    page.fill("#d-posted", "2026-04-03")
    with page.expect_download() as info:
        page.click("form.download button")
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert path.name == "桃园村-救助公示-2026-03.xlsx"
    cells = [str(c.value) for row in load_workbook(path).active.iter_rows() for c in row if c.value]
    assert any("王*英" in c for c in cells) and not any(is_id_number_like(c) for c in cells)


def _id_number(body: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(d) * w for d, w in zip(body, weights, strict=True))
    return body + "10X98765432"[total % 11]


def test_rule_refusals_are_shown_in_the_form_and_change_nothing(browser, tmp_path, artifacts):
    folder = tmp_path / "taoyuan"
    shutil.copytree(TAOYUAN, folder)
    relative = {"person": "P099", "name": "郭小红", "id_number": _id_number("34990020100305002"),
                "household": "H03", "hukou": "本村户籍", "status": "防止返贫监测对象"}  # fmt: skip
    aid = {"category": "应急救助", "cause": "意外事故", "accepted": "2026-11-19",
           "investigated": "2026-11-19", "approved": "2026-11-20", "paid": "2026-11-20",
           "form": "转账"}  # fmt: skip
    with running(folder) as server:
        desk = Bench(browser, server.base, folder.name, DESKTOP)
        before = tree(folder)
        over = {**aid, "person": "P002", "amount": "1600", "matter": "2026-11 车祸"}
        said = desk.record("aid", over)
        assert "未记账" in said and "[R7 救助标准与频次]" in said and "1,500.00" in said
        assert desk.page.input_value("#f-amount") == "1600"  # what was typed is kept
        assert "R7" in desk.page.inner_text(".field.money.bad .error")
        desk.shot(artifacts / "workbench-refused-cap-desktop.png")
        assert tree(folder) == before

        phone = Bench(browser, server.base, folder.name, PHONE)
        subsidy = {"amount": "10000", "document": "示财社〔2026〕31号",
                   "fund_line": "2082001 临时救助支出", "date": "2026-11-20"}  # fmt: skip
        said = phone.record("subsidy", subsidy)
        assert "未记账" in said and "[R3 补助资金来源]" in said and "临时救助" in said
        assert phone.page.input_value("#f-fund_line") == "2082001 临时救助支出"
        phone.shot(artifacts / "workbench-refused-subsidy-phone.png")
        assert tree(folder) == before

        registered = {k if k != "person" else "key": v for k, v in relative.items()}
        assert "已记账" in desk.record("person", {**registered, "date": "2026-11-19"})
        desk.open("aid")
        assert "P099 郭小红（与出纳郭国同户）" in desk.page.inner_text("#f-person")
        before = tree(folder)
        kin = {**aid, "person": "P099", "amount": "500", "matter": "2026-11 火灾"}
        said = desk.record("aid", kin)
        assert "未记账" in said and "[R14 关系保人情保]" in said and "郭国" in said
        desk.shot(artifacts / "workbench-refused-officer-household-desktop.png")
        assert tree(folder) == before
        desk.page.goto(desk.root)
        desk.shot(artifacts / "workbench-home-desktop.png")
        assert desk.problems == [] and phone.problems == []


def test_upload_preview_confirm_and_confirm_again(browser, tmp_path, artifacts):
    folder = new_society(tmp_path)
    statement = Path(__file__).parent / "data" / "import" / "statement.csv"
    with running(folder) as server:
        bench = Bench(browser, server.base, folder.name, PHONE)
        page = bench.page
        page.goto(bench.root + "import")
        page.select_option("#f-kind", "bank")
        page.set_input_files("#f-file", str(statement))
        page.click("form.record button[type=submit]")
        shown = page.inner_text("main")
        assert "无法识别的行" in shown and "第 9 行（statement.csv:9）" in shown
        assert page.locator("form.confirm").count() == 0
        page.click("text=跳过无法识别的行，重新预览")
        bench.shot(artifacts / "workbench-import-preview-phone.png")
        previewed = entities.unescape(page.inner_html("pre.ledger"))
        count = int(re.search(r"(\d+) 条将记账", page.inner_text("main")).group(1))  # type: ignore[union-attr]
        before = folder / "books" / "2026-12.beancount"
        old = before.read_text("utf-8") if before.exists() else ""
        fields = {
            name: page.input_value(f"form.confirm input[name={name}]")
            for name in ("csrf_token", "kind", "token", "digest", "skip_unknown")
        }
        page.click("form.confirm button")
        assert f"（{count} 条）" in page.inner_text("#done")
        booked = (folder / "books" / "2026-12.beancount").read_text("utf-8")
        assert booked.removeprefix(old).strip("\n") == previewed.strip("\n")
        after = tree(folder)
        # The same confirm sent again from this session (a double click, a resent form) …
        again = page.request.post(bench.root + "import/confirm", form=fields)
        assert again.status == 409 and "都已导入过" in again.text()
        # … and the same file uploaded and previewed again.
        page.goto(bench.root + "import")
        page.select_option("#f-kind", "bank")
        page.set_input_files("#f-file", str(statement))
        page.click("form.record button[type=submit]")
        page.click("text=跳过无法识别的行，重新预览")
        assert "0 条将记账" in page.inner_text("main") and page.locator("form.confirm").count() == 0
        bench.shot(artifacts / "workbench-import-again-phone.png")
        assert tree(folder) == after
        assert bench.problems == []
