"""The nginx block of docs/deployment.md, run for real: HTTPS in front of the county server.

A self-signed certificate made with openssl, nginx (Debian's) on two loopback ports with the
documented block, ``jjn serve`` with accounts behind it. Plain HTTP is redirected to HTTPS; a
login over HTTPS gets a ``Secure`` session cookie and the overview; the address nginx passes
on (``X-Real-IP``) is the one the access log records; nginx itself refuses a PUT.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from serve_auth_kit import Client, county_with_accounts
from test_serve import ROOT, Server, free_port

from jjn_ledger.serve import societies as listing
from jjn_ledger.serve.auth import COOKIE

pytestmark = pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")


def nginx_block() -> str:
    doc = (ROOT / "docs" / "deployment.md").read_text("utf-8")
    (block,) = re.findall(r"```nginx\n(.*?)```", doc, re.S)
    return block


def certificate(folder: Path) -> tuple[Path, Path]:
    crt, key = folder / "jjn.crt", folder / "jjn.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", str(key), "-out", str(crt), "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        capture_output=True, check=True,
    )  # fmt: skip
    return crt, key


def config(tmp: Path, block: str, http: int, https: int, upstream: int) -> Path:
    crt, key = certificate(tmp)
    block = block.replace("listen 192.168.10.20:80;", f"listen 127.0.0.1:{http};")
    block = block.replace("listen 192.168.10.20:443 ssl;", f"listen 127.0.0.1:{https} ssl;")
    block = block.replace("/etc/nginx/tls/jjn.crt", str(crt))
    block = block.replace("/etc/nginx/tls/jjn.key", str(key))
    block = re.sub(r"access_log [^;]+;", f"access_log {tmp}/access.log;", block)
    block = block.replace("http://127.0.0.1:5000", f"http://127.0.0.1:{upstream}")
    for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp / name).mkdir()
    conf = tmp / "nginx.conf"
    conf.write_text(
        f"""
daemon off;
master_process on;
worker_processes 1;
{"user root;" if os.geteuid() == 0 else ""}
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 64; }}
http {{
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
{block}
}}
"""
    )
    return conf


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Path]]:
    server_dir = tmp_path_factory.mktemp("server")
    with county_with_accounts(server_dir) as server:
        yield server, server_dir


def test_nginx_config_from_the_docs(county, tmp_path):
    server, server_dir = county
    http, https = free_port(), free_port()
    conf = config(tmp_path, nginx_block(), http, https, server.port)
    check = subprocess.run(["nginx", "-t", "-p", str(tmp_path), "-c", str(conf)],
                           capture_output=True, text=True, check=False)  # fmt: skip
    assert check.returncode == 0, check.stderr
    nginx = subprocess.Popen(["nginx", "-p", str(tmp_path), "-c", str(conf)])
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", https), timeout=0.5):
                    break
            except OSError:
                assert time.monotonic() < deadline, (tmp_path / "error.log").read_text()
                time.sleep(0.1)
        plain = Client(f"http://127.0.0.1:{http}").get("/")
        assert plain.status == 301 and plain.location.startswith("https://")

        tls = ssl.create_default_context(cafile=str(tmp_path / "jjn.crt"))
        client = Client(f"https://127.0.0.1:{https}", tls=tls)
        assert client.get("/").location.startswith("/login")
        answer = client.login("shenji")
        assert answer.status == 303
        cookie = answer.headers.get("Set-Cookie", "")
        assert cookie.startswith(COOKIE) and "Secure" in cookie and "HttpOnly" in cookie
        overview = client.get("/")
        assert overview.status == 200 and "互助社账本总览" in overview.text
        assert "Strict-Transport-Security" in overview.headers

        (taoyuan,) = listing.societies(ROOT / "ledgers" / "sample-county" / "taoyuan")
        slug = quote(taoyuan.slug)
        token = client.token(f"/unmask?society={slug}")
        done = client.post("/unmask", {"csrf_token": token, "society": taoyuan.slug,
                                       "person": "P001", "reason": "经代理的查看"})  # fmt: skip
        assert done.status == 303
        last = json.loads((server_dir / "access.log").read_text("utf-8").splitlines()[-1])
        assert last["address"] == "127.0.0.1" and last["reason"] == "经代理的查看"

        write = client.send("PUT", f"/fava/{slug}/api/source", b"{}", {})
        assert write.status == 403 and "nginx" in write.text  # refused before the server
        assert "password" not in (tmp_path / "access.log").read_text()
    finally:
        nginx.send_signal(signal.SIGQUIT)
        try:
            nginx.wait(10)
        except subprocess.TimeoutExpired:
            nginx.kill()
            nginx.wait()
