"""Hostile arguments to every ``jjn`` command: never a traceback, never a damaged ledger.

Every leaf command of the real app is found by walking the command tree, so a new command is
fuzzed without anyone remembering to add it. Hypothesis draws each argument from valid-looking
values and hostile ones (control characters, bidi overrides, formula text, huge strings, bad
dates and amounts, path tricks kept inside the test's folder). Each run goes through the real
entry point ``cli.main`` against a fresh copy of a sample society, and must:

* exit 0, 1 or 2 — with no Python traceback and none of pydantic's or Python's English
  ("Input should", "Traceback", "Error:") in its output;
* on failure, say so in Chinese and leave every file of the society byte-for-byte unchanged
  (reports and ``check`` included: readers write nothing into the books);
* on success, leave books that Beancount still parses without new syntax errors.

Besides hostile values, the society itself is sometimes hostile: a planted journal that would
move a file from outside the society over a month's book, a month file saved in GBK, and
``--output`` pointed at the books' own files.

``serve`` is left out (it blocks by design; tests/test_serve.py covers it).
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
import typer.main
from conftest import SAMPLE_COUNTY, copy_county_key, tree_digest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jjn_ledger.cli import app, main
from jjn_ledger.rules.check import check_society

SOCIETY = "liushu"
SKIP = {"serve"}
CJK = re.compile(r"[\u4e00-\u9fff]")

VALID = [
    "100",
    "500.00",
    "2026-10-08",
    "2026-10",
    "2025",
    "2025-H1",
    "P001",
    "现金",
    "应急救助",
    "重大疾病",
    "2026-10-测试事项",
    "张三",
    "匿名",
    "银行转账",
    "本村户籍",
    "低保",
    "登记",
    "示例县",
    "仁和镇",
    "新村",
    "donations",
    "aid",
    "1",
]
HOSTILE = [
    "",
    " ",
    "-5",
    "0",
    "1e309",
    "NaN",
    "一百元",
    "9" * 400,
    "2025-13-45",
    "2025-02-30",
    '=HYPERLINK("http://x","点我")',
    "+cmd|' /C calc'!A0",
    "@SUM(1)",
    "a\x00b",
    "\x1b[31m红\x1b[0m",
    "张\u202e三",
    "行一\n行二",
    "'\"\\",
    "../evil",
    "a/../../b",
    "名字 有 空格",
    "x" * 300,
    "☃️🧧",
    "1773964800",
    "2099-01-01",
    "2026-03-20T10:00:00",
    "1970-01-01",
    "张\x07三",
    "99999",
    "65536",
    "inf",
]
ENGLISH = ("Input should", "Traceback", "Error:", "Extra inputs", "Datetimes provided")
PLANTED_JOURNAL = '{"moves":[["../victim.txt","books/2026-03.beancount"]]}'

# Free text never contains a slash or tilde: a hostile *path* must stay inside the test folder.
TEXT = st.sampled_from(VALID + HOSTILE) | st.text(
    st.characters(blacklist_characters="/~\\"), max_size=12
)


def leaf_commands() -> list[tuple[list[str], object]]:
    out = []

    def walk(cmd: object, path: list[str]) -> None:
        subs = getattr(cmd, "commands", None)
        if subs:
            for name, sub in subs.items():
                walk(sub, [*path, name])
        elif path[0] not in SKIP:
            out.append((path, cmd))

    walk(typer.main.get_command(app), [])
    return out


COMMANDS = leaf_commands()


def arguments(draw: st.DrawFn, cmd: object, society: Path, scratch: Path) -> list[str]:
    args: list[str] = []
    for param in cmd.params:  # type: ignore[attr-defined]
        name = param.name
        if param.param_type_name == "argument":
            if name in ("folder", "path"):
                # mostly the society; sometimes junk, which lands (relative) in the scratch folder
                args.append(str(society) if draw(st.integers(0, 4)) else draw(TEXT))
            elif name in ("file", "statement", "target"):
                args.append(str(scratch / f"in-{draw(st.sampled_from(['a.csv', 'b.xlsx', 'c']))}"))
            else:
                args.append(draw(TEXT))
            continue
        if not param.required and not draw(st.booleans()):
            continue
        flag = max(param.opts, key=len)
        if getattr(param, "is_flag", False):
            args.append(flag)
        elif name == "output" and draw(st.integers(0, 3)) == 0:
            books = ["main.beancount", "books/2026-04.beancount", "公示.xlsx", "people.beancount"]
            args += [flag, str(society / draw(st.sampled_from(books)))]
        elif name in ("output", "roster", "columns", "society"):
            args += [flag, str(scratch / f"out-{draw(st.sampled_from(['x.xlsx', 'y', 'z.csv']))}")]
        else:
            args += [flag, draw(TEXT)]
    return args


def write_scratch_inputs(scratch: Path) -> None:
    (scratch / "in-a.csv").write_bytes("交易日期,摘要\n2026-01-01,=1+1\n".encode("gbk"))
    (scratch / "in-b.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    (scratch / "in-c").write_bytes(b"\xff\xfe\x00garbage")


def hostile_books(draw: st.DrawFn, society: Path) -> None:
    """Sometimes a planted journal, sometimes a month file in GBK, usually neither."""
    kind = draw(st.sampled_from(["none", "none", "none", "journal", "gbk"]))
    if kind == "journal":
        (society / ".jjn-journal.json").write_text(PLANTED_JOURNAL, "utf-8")
    elif kind == "gbk":
        month = society / "books" / "2026-03.beancount"
        month.write_bytes(month.read_text("utf-8").encode("gbk"))


@pytest.mark.slow
@pytest.mark.parametrize(("path", "cmd"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
@settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_hostile_arguments(path, cmd, data, monkeypatch, capsys):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        society = root / "county" / SOCIETY
        shutil.copytree(SAMPLE_COUNTY / SOCIETY, society)
        scratch = root / "scratch"
        scratch.mkdir()
        write_scratch_inputs(scratch)
        (root / "county" / "victim.txt").write_text("not the books", "utf-8")
        hostile_books(data.draw, society)
        monkeypatch.chdir(scratch)
        args = [*path, *arguments(data.draw, cmd, society, scratch)]
        before = tree_digest(society)
        syntax_before = {p.message for p in check_society(society).errors if p.rule == "Beancount"}
        monkeypatch.setattr(sys, "argv", ["jjn", *args])
        with pytest.raises(SystemExit) as exit_info:
            main()
        out = capsys.readouterr()
        text = out.out + out.err
        code = exit_info.value.code
        assert code in (0, 1, 2), (args, code, text[-2000:])
        for english in ENGLISH:
            assert english not in text, (args, english, text[-2000:])
        assert (root / "county" / "victim.txt").read_text("utf-8") == "not the books"
        if code != 0:
            assert CJK.search(out.err + out.out), (args, text[-500:])
            assert tree_digest(society) == before, args
        else:
            after = {p.message for p in check_society(society).errors if p.rule == "Beancount"}
            assert after <= syntax_before, (args, after - syntax_before)


# --- the cases of the issue, each once, through the real entry point --------------------------

P = "{society}"
PERSON_P098 = [
    "society",
    "person",
    "add",
    P,
    "--key",
    "P098",
    "--name",
    "另一个名字",
    "--id-number",
    "349937195909110262",  # P001's number
    "--household",
    "H98",
    "--hukou",
    "本村户籍",
    "--status",
    "低保",
]
AID_2099 = [
    "record",
    "aid",
    P,
    "--person",
    "P001",
    "--category",
    "应急救助",
    "--amount",
    "500",
    "--cause",
    "意外事故",
    "--matter",
    "2099 事项",
    "--paid",
    "2099-01-01",
]
DONATE = ["record", "donation", P, "100", "--channel", "现金"]
KNOWN: list[tuple[str, list[str], str]] = [
    ("", ["report", "notice", P, "2026-03", "-o", f"{P}/main.beancount"], "不能写入"),
    ("", ["report", "notice", P, "2026-03", "-o", f"{P}/books/2026-04.beancount"], "不能写入"),
    ("", ["report", "statements", P, "2026-03", "-o", f"{P}/报表.xlsx"], "不能写入"),
    ("", ["import", "template", f"{P}/捐赠登记.xlsx", "--kind", "donations"], "不能写入"),
    ("", [*DONATE, "--donor", "张\x07三"], "控制字符"),
    ("", [*DONATE, "--donor", "张\u202e三"], "改变文字方向"),
    # bytes that are not UTF-8 reach argv as lone surrogates: quoted escaped, not a traceback
    ("", ["report", "close-books", P, "\udced"], "期间“\\udced”"),
    ("", [*DONATE, "--donor", "张三", "--date", "1773964800"], "YYYY-MM-DD"),
    ("", [*DONATE, "--donor", "张三", "--date", "2026-03-20T10:00:00"], "YYYY-MM-DD"),
    ("", ["record", "donation", P, "NaN", "--donor", "张三", "--channel", "现金"], "金额"),
    ("", AID_2099, "晚于今天"),
    ("", ["record", "notice", P, "2026-03", "--posted", "2026-03-01"], "月结束"),
    ("", ["record", "filing", P, "2026-03", "--filed", "2020-01-01"], "月结束"),
    ("", PERSON_P098, "同一人只能登记一次"),
    ("", ["serve", P, "--port", "99999"], "端口"),
    ("", ["serve", P, "--port", "0"], "端口"),
    ("", ["serve", P, "--port", "abc"], "应为整数"),
    ("journal", ["record", "cash-draw", P, "10", "--date", "2026-11-03"], "写入日志"),
    ("journal", ["check", P], "写入日志"),
    ("journal", ["report", "filing", P, "2026-03", "-o", "{scratch}/f.xlsx"], "写入日志"),
    # a county report goes on: the society that cannot be read is a row saying so
    ("journal", ["report", "county", "{county}", "2026-03", "-o", "{scratch}/c.xlsx"], "已生成"),
    ("gbk", ["check", P], "UTF-8"),
    ("gbk", ["record", "cash-draw", P, "10", "--date", "2026-03-05"], "UTF-8"),
]


@pytest.mark.parametrize(
    ("books", "args", "expected"), KNOWN, ids=[" ".join(a[:2]) for _, a, _ in KNOWN]
)
def test_known_hostile_cases(books, args, expected, tmp_path, monkeypatch, capsys):
    society = tmp_path / "county" / SOCIETY
    shutil.copytree(SAMPLE_COUNTY / SOCIETY, society)
    copy_county_key(tmp_path / "county")
    (tmp_path / "county" / "victim.txt").write_text("not the books", "utf-8")
    if books == "journal":
        (society / ".jjn-journal.json").write_text(PLANTED_JOURNAL, "utf-8")
    elif books == "gbk":
        month = society / "books" / "2026-03.beancount"
        month.write_bytes(month.read_text("utf-8").encode("gbk"))
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.chdir(scratch)
    argv = [a.format(society=society, scratch=scratch, county=tmp_path / "county") for a in args]
    before = tree_digest(society)
    monkeypatch.setattr(sys, "argv", ["jjn", *argv])
    with pytest.raises(SystemExit) as exit_info:
        main()
    out = capsys.readouterr()
    text = out.out + out.err
    assert (exit_info.value.code == 0) == (expected == "已生成"), text[-1500:]
    assert expected in text, text[-1500:]
    for english in ENGLISH:
        assert english not in text, (english, text[-1500:])
    assert tree_digest(society) == before
    assert (tmp_path / "county" / "victim.txt").read_text("utf-8") == "not the books"
