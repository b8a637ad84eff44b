"""``jjn serve`` for real: the command started as a process, Fava answering over HTTP on 127.0.0.1.

Nothing is mocked: each server is ``python -m jjn_ledger serve …`` on a free loopback port, and
the checks are plain HTTP requests (urllib), the kernel's socket table (/proc/net/tcp) and, for
the password in front of it, a real nginx running the config printed in docs/deployment.md.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

import pytest
from test_fava_views import EMERG, SUPP, aid_txns

from jjn_ledger.serve import background, network
from jjn_ledger.serve import societies as listing

ROOT = Path(__file__).resolve().parent.parent
COUNTY = ROOT / "ledgers" / "sample-county"
TAOYUAN = COUNTY / "taoyuan"
AUDIT = "extension/JjnAudit/"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    proc: subprocess.Popen[str]
    port: int

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@contextmanager
def running(
    path: Path, *extra: str, timeout: float = 60, env: dict[str, str] | None = None
) -> Iterator[Server]:
    """``jjn serve path`` on a free port, stopped (Ctrl+C) afterwards; ``env`` adds variables."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "jjn_ledger", "serve", str(path), "--port", str(port), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "BEANCOUNT_DISABLE_LOAD_CACHE": "1", **(env or {})},
    )
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                out, err = proc.communicate()
                pytest.fail(f"jjn serve exited {proc.returncode}: {out}{err}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("jjn serve did not start listening")
                time.sleep(0.1)
        yield Server(proc, port)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@dataclass
class Reply:
    status: int
    url: str
    text: str
    seconds: float


def fetch(url: str, method: str = "GET", data: bytes | None = None, auth: str = "") -> Reply:
    request = urllib.request.Request(url, data=data, method=method)
    if auth:
        request.add_header("Authorization", "Basic " + base64.b64encode(auth.encode()).decode())
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            body = response.read().decode("utf-8")
            return Reply(response.status, response.url, body, time.perf_counter() - started)
    except urllib.error.HTTPError as exc:
        body = exc.read().decode("utf-8", "replace")
        return Reply(exc.code, url, body, time.perf_counter() - started)


def slug_of(folder: Path) -> str:
    (society,) = listing.societies(folder)
    return society.slug


def listening_addresses(port: int) -> set[str]:
    """The local addresses the kernel shows in LISTEN state on ``port`` (IPv4 and IPv6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            address, hex_port = fields[1].rsplit(":", 1)
            if int(hex_port, 16) == port and fields[3] == "0A":
                found.add(address)
    return found


def text_of(html: str) -> str:
    html = re.sub(r"<(style|script)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def yuan(value: Decimal) -> str:
    return f"{value:,.2f}"


@pytest.fixture(scope="module")
def society() -> Iterator[Server]:
    with running(TAOYUAN) as server:
        yield server


@pytest.fixture(scope="module")
def county() -> Iterator[Server]:
    with running(COUNTY) as server:
        yield server


# --- one society -----------------------------------------------------------------------------


def test_root_opens_the_audit_pages(society):
    reply = fetch(society.base + "/")
    assert reply.status == 200
    assert reply.url.endswith(f"/{quote(slug_of(TAOYUAN))}/{AUDIT}")
    assert "互助社审计" in reply.text


def test_every_page_answers_in_chinese_with_the_right_figures(society):
    page = f"{society.base}/{quote(slug_of(TAOYUAN))}/{AUDIT}"
    txns = list(aid_txns(TAOYUAN))
    total = sum((t.amount_to(SUPP) + t.amount_to(EMERG) for t in txns), Decimal(0))

    overview = fetch(page)
    assert overview.status == 200
    text = text_of(overview.text)
    assert "启动资金（R2）" in text and "限定性资金（R3b）" in text and "每月救助金额" in text
    assert f"共 {len(txns)} 笔，合计 {yuan(total)} 元" in text
    assert "<svg" in overview.text and 'src="http' not in overview.text  # no CDN, no script

    register = fetch(page + "?page=aid")
    assert register.status == 200
    assert f"共 {len(txns)} 笔，合计 {yuan(total)} 元" in text_of(register.text)
    month = f"{txns[0].date:%Y-%m}"
    in_month = [t for t in txns if f"{t.date:%Y-%m}" == month]
    filtered = fetch(page + f"?page=aid&month={month}")
    assert f'id="jjn-aid-count">{len(in_month)}<' in filtered.text

    key = txns[0].meta["recipient"]
    mine = [t for t in txns if t.meta["recipient"] == key]
    person = fetch(page + f"?page=person&key={key}")
    assert person.status == 200
    assert f'id="jjn-person-count">{len(mine)}<' in person.text
    assert "档案材料（R11）" in person.text

    people = fetch(page + "?page=person")
    assert "救助对象名册" in people.text

    notices = fetch(page + "?page=notices")
    assert notices.status == 200
    assert "最迟张贴日期（含）" in notices.text and "各月公示均符合要求" in notices.text


def test_names_are_masked_unless_asked(society):
    page = f"{society.base}/{quote(slug_of(TAOYUAN))}/{AUDIT}?page=aid"
    masked, full = fetch(page).text, fetch(page + "&full=1").text
    people = (TAOYUAN / "people.beancount").read_text("utf-8")
    names = re.findall(r'name: "([^"]+)"', people)
    assert not any(f">{n}<" in masked for n in names)
    assert any(f">{n}<" in full for n in names)
    register = json.loads((TAOYUAN.parent / ".jjn-county" / "ids" / "taoyuan.json").read_text())
    ids = [p["id-number"] for p in register["people"].values()]
    assert ids and not any(i in masked + full + people for i in ids)  # never an ID number


def test_read_only_refuses_writes(society, digest):
    before = digest(TAOYUAN)
    base = f"{society.base}/{quote(slug_of(TAOYUAN))}"
    body = b'{"file_path": "x", "source": "", "sha256sum": ""}'
    for method, path in (
        ("PUT", "/api/source"),
        ("POST", "/api/source"),
        ("PUT", "/api/add_entries"),
        ("DELETE", "/api/document"),
        ("POST", f"/{AUDIT}"),
    ):
        reply = fetch(base + path, method, body)
        assert reply.status == 401, (method, path, reply.status)
    assert digest(TAOYUAN) == before


def test_listens_on_loopback_only(society):
    assert listening_addresses(society.port) == {"0100007F"}  # 127.0.0.1, nothing else


def test_a_society_page_loads_fast(society):
    page = f"{society.base}/{quote(slug_of(TAOYUAN))}/{AUDIT}"
    fetch(page)  # warm
    seconds = min(fetch(page).seconds for _ in range(3))
    assert seconds < 2.0


# --- a county --------------------------------------------------------------------------------


def test_county_overview_lists_every_society_at_once(county):
    reply = fetch(county.base + "/")
    assert reply.status == 200 and reply.seconds < 2.0
    assert "示例县" in reply.text
    found = listing.societies(COUNTY)
    assert len(found) == 9
    for society in found:
        assert f'href="/fava/{quote(society.slug)}/{AUDIT}"' in reply.text
        assert society.title in reply.text


def test_county_overview_figures_once_summarised(county):
    deadline = time.monotonic() + 120
    while True:
        reply = fetch(county.base + "/")
        if "summary-progress" not in reply.text:
            break
        assert time.monotonic() < deadline, "summaries never finished"
        time.sleep(0.5)
    rows = {
        m.group(1): text_of(m.group(2))
        for m in re.finditer(r'<tr data-slug="([^"]+)"[^>]*>(.*?)</tr>', reply.text, re.S)
    }
    assert len(rows) == 9
    taoyuan = rows[slug_of(TAOYUAN)]
    txns = list(aid_txns(TAOYUAN))
    total = sum((t.amount_to(SUPP) + t.amount_to(EMERG) for t in txns), Decimal(0))
    assert f"{len(txns)} 人次 / {yuan(total)} 元" in taoyuan
    assert taoyuan.rstrip().endswith("按时 无 台账 · 公示 · 日记账 · 错误")  # no rule problems
    assert "不足" in rows[slug_of(COUNTY / "qingshan")]  # planted: short seed fund
    assert "R7 救助标准与频次：1 个错误" in rows[slug_of(COUNTY / "xihe")]  # planted: over the cap


def test_county_links_reach_each_societys_fava(county):
    for society in listing.societies(COUNTY)[:3]:
        reply = fetch(county.base + society.url())
        assert reply.status == 200
        assert "互助社审计" in reply.text
    xihe = listing.societies(COUNTY / "xihe")[0]
    reply = fetch(county.base + xihe.url())
    assert "R7：1 个错误" in text_of(reply.text)


def test_county_is_read_only_too(county):
    # the gate refuses any write without the page's CSRF token, before Fava's own 401
    assert fetch(county.base + "/", "POST", b"x").status == 403
    slug = quote(slug_of(TAOYUAN))
    assert fetch(f"{county.base}/fava/{slug}/api/source", "PUT", b"{}").status == 403
    assert listening_addresses(county.port) == {"0100007F"}


# --- the command line ------------------------------------------------------------------------


def test_other_host_prints_a_warning():
    with running(TAOYUAN, "--host", "0.0.0.0") as server:
        assert listening_addresses(server.port) == {"00000000"}
        server.proc.send_signal(signal.SIGINT)
        _, err = server.proc.communicate(timeout=60)
    assert "警告：正在监听 0.0.0.0" in err
    assert network.exposure_warning("127.0.0.1") is None
    assert network.exposure_warning("localhost") is None
    assert network.exposure_warning("::1") is None
    assert network.exposure_warning("192.168.1.20")


def children_of(pid: int) -> set[int]:
    done = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False)
    return {int(n) for n in done.stdout.split()}


def is_running(pid: int) -> bool:
    """Alive and not a zombie (an orphan's zombie waits here for an init that never reaps)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


def test_ctrl_c_stops_a_county_server_while_its_workers_load_books(tmp_path):
    """A cold cache: the summary workers are busy loading books when Ctrl-C comes."""
    env = {"JJN_CACHE_DIR": str(tmp_path / "cache")}
    with running(COUNTY, env=env) as server:
        deadline = time.monotonic() + 60
        while not (workers := children_of(server.proc.pid)):
            assert time.monotonic() < deadline, "no background workers started"
            time.sleep(0.05)
        server.proc.send_signal(signal.SIGINT)
        out, err = server.proc.communicate(timeout=30)
    assert server.proc.returncode == 0, err
    assert "已停止" in out
    assert "Traceback" not in err
    deadline = time.monotonic() + 10  # a worker may still be on its way out
    while (alive := [w for w in workers if is_running(w)]) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive, f"worker processes outlived the server: {alive}"


def test_not_a_ledger(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "jjn_ledger", "serve", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "找不到互助社账本" in done.stderr


def test_port_in_use(society):
    done = subprocess.run(
        [sys.executable, "-m", "jjn_ledger", "serve", str(TAOYUAN), "--port", str(society.port)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "端口已被占用" in done.stderr


# --- the pieces, without a server --------------------------------------------------------------


def test_summary_cache_recomputes_only_changed_books(tmp_path):
    from jjn_ledger.serve.overview import county_rows

    for slug in ("taoyuan", "xihe"):
        shutil.copytree(COUNTY / slug, tmp_path / slug)
    calls: list[str] = []

    def summarise(folder: Path) -> str:
        calls.append(folder.name)
        return f"summary of {folder.name}"

    found = listing.societies(tmp_path)
    cache = background.SummaryCache([s.folder for s in found], summarise)
    assert [r.ready for r in county_rows(found, cache)] == [False, False]
    cache.refresh()
    assert sorted(calls) == ["taoyuan", "xihe"] and cache.stale() == []
    month = sorted((tmp_path / "xihe" / "books").glob("*.beancount"))[-1]
    month.write_text(month.read_text("utf-8") + "\n", "utf-8")
    assert [f.name for f in cache.stale()] == ["xihe"]
    cache.refresh()
    assert calls[2:] == ["xihe"]
    assert cache.get(tmp_path / "xihe") == "summary of xihe"


def test_slugs_match_favas_for_equal_titles(tmp_path):
    from fava.application import create_app

    for name in ("a", "b"):
        shutil.copytree(TAOYUAN, tmp_path / name)
    found = listing.societies(tmp_path)
    app = create_app([str(s.main) for s in found], load=True, read_only=True)
    assert [s.slug for s in found] == list(app.config["LEDGERS"].ledgers_by_slug)
    assert found[1].slug == found[0].slug + "-2"
    assert listing.county_name(tmp_path, found) == "示例县"
