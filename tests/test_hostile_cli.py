"""Hostile arguments to every ``jjn`` command: never a traceback, never a damaged ledger.

Every leaf command of the real app is found by walking the command tree, so a new command is
fuzzed without anyone remembering to add it. Hypothesis draws each argument from valid-looking
values and hostile ones (control characters, bidi overrides, formula text, huge strings, bad
dates and amounts, path tricks kept inside the test's folder). Each run goes through the real
entry point ``cli.main`` against a fresh copy of a sample society, and must:

* exit 0, 1 or 2 — with no Python traceback in its output;
* on failure, say so in Chinese and leave every file of the society byte-for-byte unchanged;
* on success, leave books that Beancount still parses without new syntax errors.

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
from conftest import SAMPLE_COUNTY, tree_digest
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
]
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
        elif name in ("output", "roster", "columns", "society"):
            args += [flag, str(scratch / f"out-{draw(st.sampled_from(['x.xlsx', 'y', 'z.csv']))}")]
        else:
            args += [flag, draw(TEXT)]
    return args


def write_scratch_inputs(scratch: Path) -> None:
    (scratch / "in-a.csv").write_bytes("交易日期,摘要\n2026-01-01,=1+1\n".encode("gbk"))
    (scratch / "in-b.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    (scratch / "in-c").write_bytes(b"\xff\xfe\x00garbage")


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
        assert "Traceback" not in text, (args, text[-2000:])
        if code != 0:
            assert CJK.search(out.err + out.out), (args, text[-500:])
            if path[0] not in ("check", "report") or code == 2:
                assert tree_digest(society) == before, args
        else:
            after = {p.message for p in check_society(society).errors if p.rule == "Beancount"}
            assert after <= syntax_before, (args, after - syntax_before)
