"""safewrite: judged before it lands, all or nothing, safe under SIGKILL and concurrency."""

from __future__ import annotations

import datetime
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
from filelock import FileLock

from jjn_ledger.errors import RuleViolation
from jjn_ledger.ledger import cache as summary_cache
from jjn_ledger.ledger import journal
from jjn_ledger.ledger.chart import load_chart
from jjn_ledger.ledger.load import load
from jjn_ledger.write import render as writer
from jjn_ledger.write import safe as safewrite

ACC = load_chart().account

# A child process that appends donations to two month files in one write (a multi-file commit),
# or, with a count, makes that many separate writes (for the concurrency test).
CHILD = """
import datetime, sys
from pathlib import Path
from jjn_ledger.write import safe as safewrite
from jjn_ledger.write import render as writer
from jjn_ledger.ledger.chart import load_chart
acc = load_chart().account
folder, tag, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
def gift(day, n):
    donor = f"{tag}{n}"
    return writer.transaction(day, donor, "社会捐赠",
        [(acc("bank"), 100 + n), (acc("donation"), None)], {"donor": donor, "channel": "银行转账"})
if count == 0:
    safewrite.commit_entries(folder, [gift(datetime.date(2026, 11, 20), 1),
                                      gift(datetime.date(2026, 12, 3), 2),
                                      gift(datetime.date(2027, 1, 8), 3)])
else:
    for n in range(count):
        safewrite.commit_entries(folder, [gift(datetime.date(2026, 11, 20), n)])
"""


def gift(day: datetime.date, donor: str = "张三", channel: str = "银行转账", amount: int = 500):
    return writer.transaction(
        day,
        donor,
        "社会捐赠",
        [(ACC("bank"), amount), (ACC("donation"), None)],
        {"donor": donor, "channel": channel},
    )


def ledger_digest(digest, folder: Path) -> dict[str, str]:
    """The tree digest without the lock file, which is not part of the books."""
    return {k: v for k, v in digest(folder).items() if k != safewrite.LOCK}


def error_count(folder: Path) -> int:
    return len(load(folder).errors)


def run_child(folder: Path, tag: str, count: int, env: dict[str, str] | None = None):
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(folder), tag, str(count)],
        env={**os.environ, **(env or {})},
    )


def test_good_entry_lands_in_its_month_file(society_copy):
    folder = society_copy("taoyuan")
    result = safewrite.commit_entries(folder, [gift(datetime.date(2026, 11, 20))])
    month = folder.resolve() / "books" / "2026-11.beancount"
    assert result.files == [month] and result.entries == 1
    assert month.read_text("utf-8").rstrip().endswith("Income:4101-捐赠收入:02-社会捐赠")
    assert error_count(folder) == 0


def test_new_month_file_is_created_and_included(society_copy):
    folder = society_copy("taoyuan")
    safewrite.commit_entries(folder, [gift(datetime.date(2027, 1, 4))])
    assert (folder / "books" / "2027-01.beancount").is_file()
    assert any(
        getattr(e, "payee", None) == "张三" and e.date.year == 2027 for e in load(folder).entries
    )


def test_broken_entry_is_refused_and_nothing_changes(society_copy, digest):
    folder = society_copy("taoyuan")
    before = ledger_digest(digest, folder)
    bad = writer.transaction(
        datetime.date(2026, 11, 20),
        "张三",
        "捐赠",
        [("Assets:9999-不存在", 500), (ACC("donation"), None)],
        {"donor": "张三", "channel": "现金"},
    )
    with pytest.raises(RuleViolation) as caught:
        safewrite.commit_entries(folder, [bad])
    assert "账本未改动" in str(caught.value) and "books/2026-11.beancount:" in str(caught.value)
    assert ledger_digest(digest, folder) == before


def test_rule_violation_is_refused_with_the_rule_message(society_copy, digest):
    folder = society_copy("taoyuan")
    before = ledger_digest(digest, folder)
    with pytest.raises(RuleViolation) as caught:
        safewrite.commit_entries(folder, [gift(datetime.date(2026, 11, 20), channel="公开募捐")])
    assert "[R4 捐赠与募捐]" in str(caught.value)
    assert ledger_digest(digest, folder) == before


def test_existing_errors_do_not_block_unrelated_writes(society_copy):
    folder = society_copy("xihe")  # has its planted R7 error
    safewrite.commit_entries(folder, [gift(datetime.date(2026, 11, 20))])
    with pytest.raises(RuleViolation, match="R7"):
        safewrite.commit_entries(
            folder, [gift(datetime.date(2026, 11, 21))], allow_existing_errors=False
        )


def test_busy_lock_is_a_chinese_error(society_copy, monkeypatch, digest):
    folder = society_copy("taoyuan")
    monkeypatch.setattr(journal, "LOCK_TIMEOUT", 0.2)
    with FileLock(str(folder / safewrite.LOCK)):
        before = ledger_digest(digest, folder)
        with pytest.raises(safewrite.LedgerBusy, match="正在被另一个 jjn 命令写入"):
            safewrite.commit_entries(folder, [gift(datetime.date(2026, 11, 20))])
        assert ledger_digest(digest, folder) == before


def test_stray_temporary_files_are_removed_and_never_loaded(society_copy, digest):
    folder = society_copy("taoyuan")
    before = ledger_digest(digest, folder)
    stray = folder / "books" / ".jjn-2026-10.beancount-x.tmp"
    stray.write_text("this is not beancount", "utf-8")
    assert error_count(folder) == 0  # hidden, not *.beancount: the include glob skips it
    safewrite.recover(folder)
    assert ledger_digest(digest, folder) == before


def _reference_after(tmp_path: Path, source: Path, digest) -> dict[str, str]:
    """The books after the child's multi-file write, made without interruption."""
    ref = tmp_path / "reference"
    shutil.copytree(source, ref)
    assert run_child(ref, "捐赠人", 0).wait(60) == 0
    return ledger_digest(digest, ref)


@pytest.mark.slow
def test_sigkill_mid_write_leaves_before_or_after(society_copy, tmp_path, digest):
    source = society_copy("taoyuan")
    before = ledger_digest(digest, source)
    after = _reference_after(tmp_path, source, digest)
    assert after != before
    rng = random.Random(7)
    outcomes = set()
    for attempt in range(8):
        folder = tmp_path / f"try{attempt}"
        shutil.copytree(source, folder)
        child = run_child(folder, "捐赠人", 0, {safewrite.PAUSE_ENV: "0.4"})
        if attempt == 0:
            # Deterministic: wait for the journal, i.e. kill between two renames.
            deadline = time.monotonic() + 30
            while not (folder / safewrite.JOURNAL).exists() and time.monotonic() < deadline:
                time.sleep(0.005)
            assert (folder / safewrite.JOURNAL).exists()
            time.sleep(0.1)
        else:
            time.sleep(rng.uniform(0.0, 2.0))
        child.send_signal(signal.SIGKILL)
        child.wait(30)
        # Whatever the moment, the books load without new errors …
        assert error_count(folder) == 0, attempt
        if attempt == 0:  # killed between renames: some files new, some old, all loadable
            books = {k: v for k, v in digest(folder).items() if k.endswith(".beancount")}
            assert books not in (before, after)
        # … and after recovery (which every later write does first) they are before or after.
        safewrite.recover(folder)
        state = ledger_digest(digest, folder)
        assert state in (before, after), attempt
        outcomes.add("after" if state == after else "before")
    assert "after" in outcomes  # the journaled kill was rolled forward


@pytest.mark.slow
def test_two_concurrent_writers_both_land(society_copy):
    folder = society_copy("taoyuan")
    children = [run_child(folder, tag, 5) for tag in ("甲", "乙")]
    assert [c.wait(120) for c in children] == [0, 0]
    payees = [getattr(e, "payee", "") for e in load(folder).entries]
    for tag in ("甲", "乙"):
        mine = sorted(p for p in payees if p and p.startswith(tag))
        assert mine == [f"{tag}{n}" for n in range(5)]
    assert error_count(folder) == 0


def test_cached_verdict_is_not_used_after_a_hand_edit(society_copy):
    """The verdict kept after a write is keyed by the files' bytes: a hand edit means a fresh load.

    If a stale verdict were used, the error made by hand would look new and the next, valid,
    write would be refused.
    """
    folder = society_copy("liushu")
    entry = writer.transaction(
        datetime.date(2026, 11, 3),
        "张三",
        "社会捐赠",
        [
            ("Assets:1002-银行存款:01-基本户", Decimal(100)),
            ("Income:4101-捐赠收入:02-社会捐赠", None),
        ],
        {"donor": "张三", "channel": "银行转账"},
    )
    safewrite.commit_entries(folder, [entry])
    assert summary_cache.cache_file(folder, "verdict").is_file()
    month = folder / "books" / "2026-11.beancount"
    month.write_text(
        month.read_text("utf-8")
        + "\n"
        + writer.render([entry._replace(meta={**entry.meta, "channel": "众筹"})]),
        "utf-8",
    )  # an R4 error, by hand
    assert any("R4" in e.message for e in load(folder).errors)
    second = entry._replace(payee="李四", meta={**entry.meta, "donor": "李四"})
    safewrite.commit_entries(folder, [second])  # not blamed for the hand-made error


# --- the journal is data from disk: validated, kept inside the society folder ----------------


def test_planted_journal_moving_a_file_from_outside_is_refused(society_copy, digest, tmp_path):
    folder = society_copy("taoyuan")
    victim = folder.parent / "victim.txt"
    victim.write_text("not the books", "utf-8")
    (folder / safewrite.JOURNAL).write_text(
        '{"moves":[["../victim.txt","books/2026-03.beancount"]]}', "utf-8"
    )
    before = ledger_digest(digest, folder)
    with pytest.raises(journal.BadJournal, match="不在互助社账本文件夹之内") as caught:
        safewrite.commit_entries(folder, [gift(datetime.date(2026, 11, 20))])
    assert ".jjn-journal.json" in str(caught.value) and "删除该文件" in str(caught.value)
    assert ledger_digest(digest, folder) == before
    assert victim.read_text("utf-8") == "not the books"


@pytest.mark.parametrize(
    "body",
    [
        "{not json",
        '{"moves": "x"}',
        '{"moves": [], "extra": 1}',
        '{"moves":[["books/.jjn-2026-03.beancount-x.tmp","../../etc/passwd.beancount"]]}',
        '{"moves":[["books/other.txt","books/2026-03.beancount"]]}',
        '{"moves":[["books/.jjn-2026-03.beancount-x.tmp","books/2026-03.txt"]]}',
    ],
)
def test_malformed_journal_is_a_chinese_error_and_nothing_moves(society_copy, digest, body):
    folder = society_copy("taoyuan")
    (folder / safewrite.JOURNAL).write_text(body, "utf-8")
    before = ledger_digest(digest, folder)
    with pytest.raises(journal.BadJournal, match="写入日志"):
        safewrite.commit_entries(folder, [gift(datetime.date(2026, 11, 20))])
    assert ledger_digest(digest, folder) == before


def test_file_modes_are_kept(society_copy):
    folder = society_copy("taoyuan")
    month = folder / "books" / "2026-11.beancount"
    safewrite.commit_entries(folder, [gift(datetime.date(2026, 11, 20))])
    for mode in (0o644, 0o640):
        month.chmod(mode)
        safewrite.commit_entries(folder, [gift(datetime.date(2026, 11, 21))])
        assert oct(month.stat().st_mode & 0o777) == oct(mode)
    new = folder / "books" / "2027-02.beancount"
    old_mask = os.umask(0o022)
    try:
        safewrite.commit_entries(folder, [gift(datetime.date(2027, 2, 2))])
    finally:
        os.umask(old_mask)
    assert oct(new.stat().st_mode & 0o777) == oct(0o644)


def test_books_without_the_plugin_line_take_no_writes(society_copy, digest):
    folder = society_copy("taoyuan")
    main = folder / "main.beancount"
    main.write_text(
        "\n".join(ln for ln in main.read_text("utf-8").splitlines() if "plugin" not in ln), "utf-8"
    )
    before = ledger_digest(digest, folder)
    with pytest.raises(RuleViolation, match="没有启用 jjn 规则插件"):
        safewrite.commit_entries(folder, [gift(datetime.date(2026, 11, 20))])
    assert ledger_digest(digest, folder) == before


def test_a_book_in_gbk_is_a_chinese_error(society_copy, digest):
    folder = society_copy("taoyuan")
    month = folder / "books" / "2026-03.beancount"
    month.write_bytes(month.read_text("utf-8").encode("gbk"))
    before = ledger_digest(digest, folder)
    with pytest.raises(safewrite.NotUtf8, match="不是 UTF-8 编码"):
        safewrite.commit_entries(folder, [gift(datetime.date(2026, 3, 20))])
    assert ledger_digest(digest, folder) == before


def test_a_reader_waits_for_a_writer_and_never_reads_between(society_copy):
    """``journal.reading`` holds the lock shared: a writer holding it excludes the reader."""
    folder = society_copy("taoyuan")
    safewrite.commit_entries(folder, [gift(datetime.date(2026, 11, 20))])  # creates the lock
    with journal.writing(folder):
        probe = subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from pathlib import Path; from jjn_ledger.ledger import journal;"
                "journal.LOCK_TIMEOUT = 0.3\n"
                "try:\n with journal.reading(Path(sys.argv[1])): print('read')\n"
                "except journal.LedgerBusy: print('busy')",
                str(folder),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    assert probe.stdout.strip() == "busy"
    with journal.reading(folder):
        pass  # and once the writer is done, reading goes ahead
