"""The county's anchor register catches what digests inside the books cannot.

Each tamper case of the issue is played on a copy of the sample county, after 桃园村 filed and
closed 2026-03 (its notice was anchored when the sample was made): each one leaves the books
self-consistent — every digest inside them recomputed with jjn's own functions, so the rules'
own-book checks pass — and is caught by comparing the books with the county's register.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from cli_kit import ok
from typer.testing import CliRunner

from jjn_ledger.cli import app
from jjn_ledger.ledger import disclosures as published
from jjn_ledger.ledger import seals as closing
from jjn_ledger.ledger.chart import load_chart
from jjn_ledger.ledger.load import load

runner = CliRunner()
MONTH = "2026-03"
AID = '2026-03-02 * "黄长" "应急救助：脑出血住院"'
ANCHOR_WORDS = ("县锚定登记簿不符", "账本中已没有这条")


@pytest.fixture
def county(sample_county: Path, tmp_path: Path) -> Path:
    target = tmp_path / "示例县"
    shutil.copytree(sample_county, target)
    society = target / "taoyuan"
    out = ok(["record", "filing", str(society), MONTH, "--filed", "2026-04-03"])
    assert "已登记到县锚定登记簿" in out
    assert "核验码" in ok(["close", str(society), MONTH])
    assert errors(society) == []
    return target


def errors(society: Path) -> list[str]:
    result = runner.invoke(app, ["check", str(society), "--json"])
    return [e["message"] for r in json.loads(result.output) for e in r["errors"]]


def anchored_errors(society: Path) -> list[str]:
    return [m for m in errors(society) if any(w in m for w in ANCHOR_WORDS)]


def without_register(county: Path) -> None:
    (county / ".jjn-county" / "anchors.jsonl").unlink()


# ---- the forger's tools: edits, and jjn's own digests recomputed ----------------------------


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


def lower_aid(society: Path, by: int = 500) -> None:
    """The 800-yuan aid of 2026-03 booked as 300, and every later cash count raised to match."""
    month = society / "books" / f"{MONTH}.beancount"
    text = month.read_text("utf-8")
    start = text.index(AID)
    end = text.index("800.00 CNY", start)
    month.write_text(text[:end] + "300.00 CNY" + text[end + len("800.00 CNY") :], "utf-8")
    for path in sorted((society / "books").glob("*.beancount")):
        if path.stem <= MONTH:
            continue
        lines = path.read_text("utf-8").split("\n")
        for i, line in enumerate(lines):
            m = re.match(r"^(\S+ balance Assets:1001-现金\s+)([\d.]+)( CNY)$", line)
            if m:
                lines[i] = f"{m[1]}{float(m[2]) + by:.2f}{m[3]}"
        path.write_text("\n".join(lines), "utf-8")


def _set_meta(path: Path, header: str, key: str, value: str) -> None:
    text = path.read_text("utf-8")
    at = text.index(header)
    m = re.compile(rf"^  {key}: .*$", re.MULTILINE).search(text, at)
    assert m is not None
    path.write_text(text[: m.start()] + f"  {key}: {value}" + text[m.end() :], "utf-8")


def directive_file(society: Path, kind: str, month: str = MONTH) -> tuple[Path, str]:
    for path in [society / "society.beancount", *sorted((society / "books").glob("*"))]:
        text = path.read_text("utf-8")
        for header in re.findall(rf'^\S+ custom "{kind}" "{month}"$', text, re.M):
            return path, header
    raise AssertionError(kind)


def recompute(society: Path, *kinds: str, months: tuple[str, ...] = (MONTH,)) -> None:
    """Rewrite the digests of ``kinds`` so the books agree with themselves again."""
    for month in months:
        entries = load(society).entries
        chart = load_chart()
        stamp = published.notice_stamp(entries, chart, month)
        new = {
            "jjn-seal": closing.month_digest(entries, month),
            "jjn-notice": str(stamp["digest"]),
            "jjn-filing": published.filing_digest(entries, month),
        }
        for kind in kinds:
            path, header = directive_file(society, kind, month)
            _set_meta(path, header, "digest", f'"{new[kind]}"')
            if kind == "jjn-notice":
                _set_meta(path, header, "total", f"{stamp['total']:.2f}")


def delete(society: Path, kind: str) -> None:
    path, header = directive_file(society, kind)
    text = path.read_text("utf-8")
    start = text.index(header)
    end = text.find("\n\n", start)
    path.write_text(text[:start] + (text[end + 2 :] if end != -1 else ""), "utf-8")


# ---- the cases of the issue -----------------------------------------------------------------


def case_edit_with_seal_recomputed(s: Path) -> None:
    edit(s / "books" / f"{MONTH}.beancount", "应急救助：脑出血住院", "应急救助：车祸受伤")
    recompute(s, "jjn-seal")


def case_seal_deleted_plus_edit(s: Path) -> None:
    delete(s, "jjn-seal")
    edit(s / "books" / f"{MONTH}.beancount", 'source: "主动发现"', 'source: "申请"')


def case_filing_deleted_plus_amount_edit(s: Path) -> None:
    delete(s, "jjn-filing")
    delete(s, "jjn-seal")
    lower_aid(s)
    recompute(s, "jjn-notice")


def case_notice_deleted(s: Path) -> None:
    delete(s, "jjn-notice")


def case_full_forgery(s: Path) -> None:
    lower_aid(s)
    recompute(s, "jjn-notice", "jjn-filing", "jjn-seal")


def rename(s: Path) -> None:
    """黄长 (P012) becomes 张长: the notices printed 黄*, the books would now print 张*."""
    edit(s / "people.beancount", 'name: "黄长"', 'name: "张长"')
    for path in (s / "books").glob("*.beancount"):
        path.write_text(path.read_text("utf-8").replace('* "黄长" "', '* "张长" "'), "utf-8")


def case_recipient_renamed_after_the_notice(s: Path) -> None:
    aided = sorted(
        {
            m
            for p in (s / "books").glob("*")
            for m in re.findall(r"(\d{4}-\d\d)-\d\d \* \"黄长\"", p.read_text("utf-8"))
        }
    )
    rename(s)
    recompute(s, "jjn-notice", months=tuple(aided))
    recompute(s, "jjn-seal", "jjn-filing")


CASES = [
    case_edit_with_seal_recomputed,
    case_seal_deleted_plus_edit,
    case_filing_deleted_plus_amount_edit,
    case_notice_deleted,
    case_full_forgery,
    case_recipient_renamed_after_the_notice,
]


@pytest.mark.parametrize("tamper", CASES, ids=lambda f: f.__name__.removeprefix("case_"))
def test_each_tampering_passes_the_books_own_checks_and_is_caught_by_the_register(county, tamper):
    society = county / "taoyuan"
    tamper(society)
    found = anchored_errors(society)
    assert found, errors(society)
    assert all("[R10 " in m or "[R17 " in m for m in found)
    # The books agree with themselves: without the county's register nothing is seen.
    without_register(county)
    left = errors(society)
    own = [m for m in left if "公示报备后不得改动" in m or "结账锁定" in m]
    if tamper is case_notice_deleted:
        own = [m for m in own if "公示" not in m]  # a missing notice is R10's overdue finding
    assert own == [], left


def test_bean_check_and_jjn_check_agree_on_a_full_forgery(county):
    society = county / "taoyuan"
    case_full_forgery(society)
    bean_check = Path(sys.executable).parent / "bean-check"
    proc = subprocess.run(
        [str(bean_check), str(society / "main.beancount")],
        capture_output=True,
        text=True,
        check=False,
        env={"BEANCOUNT_DISABLE_LOAD_CACHE": "1", "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 1
    shown = proc.stdout + proc.stderr
    for message in anchored_errors(society):
        assert message in shown


def test_the_printed_code_verifies_until_the_books_change(county, tmp_path):
    society = county / "taoyuan"
    out = tmp_path / "filing.xlsx"
    ok(["report", "filing", str(society), MONTH, "-o", str(out)])
    texts = [str(c.value) for ws in openpyxl.load_workbook(out) for r in ws.iter_rows() for c in r]
    code = re.search(r"报备核验码：([0-9A-F-]{19})", "\n".join(texts))[1]  # type: ignore[index]
    wb = openpyxl.load_workbook(out)
    qr = wb["核验码"]
    assert sum(1 for r in qr.iter_rows() for c in r if c.fill.fgColor.rgb == "00000000") > 100
    said = ok(["verify", str(society), MONTH, code.lower()])
    assert "核验通过" in said and "县锚定登记簿" in said
    case_full_forgery(society)
    result = runner.invoke(app, ["verify", str(society), MONTH, code])
    assert result.exit_code == 1 and "核验未通过" in result.output


def test_the_notice_workbook_carries_its_code(county, tmp_path):
    society = county / "taoyuan"
    out = tmp_path / "notice.xlsx"
    ok(["report", "notice", str(society), MONTH, "-o", str(out)])
    texts = [str(c.value) for ws in openpyxl.load_workbook(out) for r in ws.iter_rows() for c in r]
    code = re.search(r"公示核验码：([0-9A-F-]{19})", "\n".join(texts))[1]  # type: ignore[index]
    assert "核验通过" in ok(["verify", str(society), MONTH, code])


# ---- the register itself --------------------------------------------------------------------


def test_an_edited_or_deleted_register_line_breaks_the_chain(county):
    path = county / ".jjn-county" / "anchors.jsonl"
    lines = path.read_text("utf-8").splitlines()
    edited = json.loads(lines[5])
    edited["digest"] = "0" * 64
    path.write_text("\n".join([*lines[:5], json.dumps(edited), *lines[6:]]) + "\n", "utf-8")
    result = runner.invoke(app, ["check", str(county), "--json"])
    reports = {r["title"]: r for r in json.loads(result.output)}
    assert "第 6 行的内容与其摘要不符" in reports["县锚定登记簿"]["errors"][0]["message"]
    path.write_text("\n".join([*lines[:5], *lines[6:]]) + "\n", "utf-8")
    result = runner.invoke(app, ["check", str(county), "--json"])
    reports = {r["title"]: r for r in json.loads(result.output)}
    assert "接不上" in reports["县锚定登记簿"]["errors"][0]["message"]
    assert result.exit_code == 1


def test_county_anchor_takes_new_digests_and_refuses_contradicting_ones(county):
    society = county / "taoyuan"
    ok(["reopen", str(society), MONTH, "--reason", "更正 3 月 2 日救助对象的致困原因"])
    edit(society / "books" / f"{MONTH}.beancount", "应急救助：脑出血住院", "应急救助：脑梗住院")
    ok(["close", str(society), MONTH])
    assert anchored_errors(society) == []  # reopened and closed again, both anchored
    # A hand-made seal of an already sealed month is refused, never anchored.
    edit(society / "books" / f"{MONTH}.beancount", "应急救助：脑梗住院", "应急救助：骨折")
    recompute(society, "jjn-seal")
    result = runner.invoke(app, ["county", "anchor", str(county)])
    assert result.exit_code == 1 and "拒绝登记" in result.output and "另一次结账" in result.output
    assert anchored_errors(society)


def test_unanchored_stamps_are_warnings_until_the_county_anchors_them(county):
    society = county / "hexie"
    (county / ".jjn-county" / "anchors.jsonl").write_text("", "utf-8")  # a county starting now
    result = runner.invoke(app, ["check", str(society), "--json"])
    warnings = [w["message"] for r in json.loads(result.output) for w in r["warnings"]]
    assert any("尚未登记到县锚定登记簿" in w for w in warnings)
    out = ok(["county", "anchor", str(county)])
    assert "拒绝 0 条" in out and "登记簿末条摘要" in out
    result = runner.invoke(app, ["check", str(society), "--json"])
    warnings = [w["message"] for r in json.loads(result.output) for w in r["warnings"]]
    assert not any("尚未登记到县锚定登记簿" in w for w in warnings)


def test_a_rename_after_the_notice_is_caught_even_without_the_register(county):
    society = county / "taoyuan"
    without_register(county)
    rename(society)
    found = [m for m in errors(society) if "公示报备后不得改动" in m]
    assert any(f"{MONTH} 的公示" in m and "姓名" in m for m in found), found
