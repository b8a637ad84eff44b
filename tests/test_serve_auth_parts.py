"""The county server's parts without a server: redaction, scopes, sessions, throttle, logs.

Each piece is tested on the sample county's own files and real values; the HTTP and browser
tests (``test_serve_auth*.py``) show the pieces working together.
"""

from __future__ import annotations

import json
import re
import stat
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from test_serve import COUNTY

from jjn_ledger.serve import redact, scope
from jjn_ledger.serve import societies as listing
from jjn_ledger.serve.access_log import AccessLog
from jjn_ledger.serve.identity import Role, User
from jjn_ledger.serve.pages import safe_next
from jjn_ledger.serve.sessions import Sessions, Throttle
from jjn_ledger.serve.users import UsersError, UsersFile

TAOYUAN = COUNTY / "taoyuan"


def test_recipients_are_read_from_the_books():
    people = redact.recipients(TAOYUAN)
    text = (TAOYUAN / "people.beancount").read_text("utf-8")
    assert len(people) == text.count('"jjn-recipient"') == 12
    assert people["P001"] == re.search(r'"P001"\n  name: "([^"]+)"', text).group(1)


def test_names_are_masked_in_every_encoding():
    masker = redact.Masker(["陈明", "刘海燕"])
    body = (
        '<td>陈明</td> {"payee":"\\u9648\\u660e"} href="?p=%E9%99%88%E6%98%8E" '
        "%e5%88%98%e6%b5%b7%e7%87%95 刘海燕住院"
    ).encode()
    out = masker(body).decode()
    assert "陈明" not in out and "\\u9648\\u660e" not in out and "%E9%99%88%E6%98%8E" not in out
    assert "<td>陈*</td>" in out and '"\\u9648*"' in out and f"p={quote('陈*')}" in out
    assert "刘*燕住院" in out and "%e5%88%98%e6%b5%b7%e7%87%95" not in out


def test_longer_names_are_masked_before_the_names_inside_them():
    assert redact.Masker(["王芳", "王芳芳"])("王芳芳 王芳".encode()).decode() == "王*芳 王*"


def test_id_numbers_are_masked_by_their_shape():
    body = b'"349985199805284267" 34998519980528426X 1796154659071647507 a349985199805284267'
    out = redact.mask_id_numbers(body).decode()
    assert '"3499**********4267"' in out and "3499**********426X" in out
    assert "1796154659071647507" in out  # 19 digits: a timestamp, not an ID number
    assert "a349985199805284267" in out  # part of a longer token


def test_kept_persons_show_in_full(tmp_path: Path):
    names = redact.Names()
    people = names.of(TAOYUAN)
    kept = names.masker(TAOYUAN, {"P001"})
    out = kept(" ".join(people.values()).encode()).decode()
    assert people["P001"] in out and people["P002"] not in out
    assert names.masker(TAOYUAN, {"P001"}) is kept  # compiled once


def test_routes_are_classified():
    cases = {
        "/": scope.Kind.OVERVIEW,
        "/fava/": scope.Kind.FAVA_INDEX,
        "/fava/static/app.js": scope.Kind.STATIC,
        "/fava/jump": scope.Kind.JUMP,
        "/fava/x/extension/JjnAudit/": scope.Kind.PAGE,
        "/fava/x/api/journal": scope.Kind.PAGE,
        "/fava/x/api/context": scope.Kind.PAGE,
        "/fava/x/api/source_slice": scope.Kind.PAGE,
        "/fava/x/api/source": scope.Kind.RAW,
        "/fava/x/editor/": scope.Kind.RAW,
        "/fava/x/download-journal/": scope.Kind.RAW,
        "/fava/x/document/": scope.Kind.RAW,
        "/fava/x/api/documents": scope.Kind.RAW,
        "/fava/x/api/query": scope.Kind.QUERY,
        "/fava/x/download-query/query_result.csv": scope.Kind.QUERY,
        "/fava/x/api/payee_transaction": scope.Kind.QUERY,
        "/workbench/taoyuan/": scope.Kind.WORKBENCH,
        "/robots.txt": scope.Kind.UNKNOWN,
    }
    for path, kind in cases.items():
        assert scope.route(path).kind is kind, path
    assert scope.route("/fava/%E7%A4%BA/journal/").slug == "示"


def test_scopes_per_role():
    served = [(s.slug, s.folder) for s in listing.societies(COUNTY)]
    found = scope.places(COUNTY, served, "示例县")
    by_key = {p.key: p for p in found}
    assert by_key["taoyuan"].township == "仁和镇"
    treasurer = User("t", "t", Role.TREASURER, "taoyuan")
    township = User("w", "w", Role.TOWNSHIP, "仁和镇")
    officer = User("o", "o", Role.OFFICER, "青山乡")
    county = User("c", "c", Role.COUNTY, "示例县")
    assert [p.key for p in found if scope.visible(treasurer, p)] == ["taoyuan"]
    assert {p.key for p in found if scope.visible(township, p)} == {
        "dongang", "shuangqiao", "taoyuan", "xihe",
    }  # fmt: skip
    assert {p.key for p in found if scope.visible(officer, p)} == {"liushu", "nanshan", "qingshan"}
    assert all(scope.visible(county, p) for p in found)
    assert scope.allowed(treasurer, by_key["taoyuan"], scope.Kind.RAW)
    assert not scope.allowed(county, by_key["taoyuan"], scope.Kind.RAW)
    assert not scope.allowed(township, by_key["taoyuan"], scope.Kind.QUERY)
    assert scope.valid_scopes(found, Role.TOWNSHIP) == {"仁和镇", "城关街道", "青山乡"}


def test_sessions_expire_and_end():
    sessions = Sessions(idle=0.2, lifetime=10)
    live = sessions.start("u", "stamp")
    assert sessions.get(live.sid) is live
    sessions.end(live.sid)
    assert sessions.get(live.sid) is None
    idle = sessions.start("u", "stamp")
    time.sleep(0.3)
    assert sessions.get(idle.sid) is None
    short = Sessions(idle=10, lifetime=0.2)
    kept = short.start("u", "stamp")
    time.sleep(0.3)
    assert short.get(kept.sid) is None


def test_grants_run_out():
    session = Sessions().start("u", "s")
    session.grant("taoyuan", {"P001"})
    assert session.granted("taoyuan") == {"P001"}
    assert session.granted("xihe") == set()
    assert session.granted("taoyuan", now=time.time() + 31 * 60) == set()


def test_throttle_locks_and_lets_go():
    throttle = Throttle(window=60, lockout=0.3)
    assert not any(throttle.fail("user:x", 3) for _ in range(2))
    assert throttle.fail("user:x", 3)
    assert throttle.locked_for("user:x") > 0 and throttle.locked_for("user:y") == 0
    time.sleep(0.35)
    assert throttle.locked_for("user:x") == 0


def test_access_log_is_a_chain(tmp_path: Path):
    log = AccessLog(tmp_path)
    who = ("shenji", "县审计局 李四", "审计")
    log.append(who, "taoyuan", [("P001", "陈*")], "核查", "10.0.0.1")
    log.append(who, "xihe", [("P002", "曾*")], "抽查", "10.0.0.1")
    assert stat.S_IMODE(log.path.stat().st_mode) == 0o600
    verdict = log.read()
    assert [e.reason for e in verdict.entries] == ["核查", "抽查"] and verdict.broken_at is None
    lines = log.path.read_text("utf-8").splitlines()
    first = json.loads(lines[0])
    first["reason"] = "例行"  # an edit after the fact
    log.path.write_text(
        json.dumps(first, ensure_ascii=False, sort_keys=True) + "\n" + lines[1] + "\n"
    )
    assert log.read().broken_at == 2
    log.path.write_text(lines[1] + "\n")  # the first line deleted
    assert log.read().broken_at == 1


def test_redirect_targets_stay_on_the_server():
    assert safe_next("/fava/x/") == "/fava/x/"
    for bad in ("//evil.example/", "https://evil.example/", "\\\\evil", "/\\evil", ""):
        assert safe_next(bad) == "/"


def test_users_file_refuses_and_keeps_nothing_half_written(tmp_path: Path):
    users = UsersFile(tmp_path / "srv")
    users.add("shenji", "县审计局 李四", Role.OFFICER, "示例县", "long-enough-password")
    before = users.path.read_bytes()
    for args in (
        ("shenji", "某人", Role.OFFICER, "示例县", "long-enough-password"),
        ("x", "某人", Role.OFFICER, "示例县", "long-enough-password"),
        ("ok-name", " ", Role.OFFICER, "示例县", "long-enough-password"),
        ("ok-name", "某人", Role.OFFICER, "示例县", "short"),
    ):
        with pytest.raises(UsersError):
            users.add(*args)
    with pytest.raises(UsersError, match="没有这个用户"):
        users.remove("nobody")
    assert users.path.read_bytes() == before
    assert sorted(p.name for p in users.path.parent.iterdir()) == ["users.json"]
    users.path.write_text("{not json")
    with pytest.raises(UsersError, match="用户文件损坏"):
        users.accounts()
