"""The sample county: exactly the planted violations, through every door (jjn, bean-check)."""

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from jjn_ledger.cli import app
from jjn_ledger.sample import SAMPLE, VIOLATIONS

runner = CliRunner()


def test_jjn_check_reports_exactly_the_planted_violations(sample_county):
    result = runner.invoke(app, ["check", str(sample_county), "--json"])
    assert result.exit_code == 1, result.output
    reports = {Path(r["folder"]).name: r for r in json.loads(result.output)}
    assert set(reports) == {s.slug for s in SAMPLE}
    for spec in SAMPLE:
        found = [e["rule"] for e in reports[spec.slug]["errors"]]
        expected = [VIOLATIONS[spec.violation]] if spec.violation else []
        if spec.slug == "liushu":
            # Compliant on its own; the county-level rule (R16) finds that it aided, in May, a
            # person 桃园村 had aided in January for the same matter (DOMAIN.md R16).
            expected = ["R16"]
        assert found == expected, (spec.slug, reports[spec.slug]["errors"])


def test_the_duplicate_across_villages_is_only_a_county_finding(sample_county):
    """Each society checked alone is compliant (bean-check agrees); the county sees R16."""
    alone = runner.invoke(app, ["check", str(sample_county / "liushu"), "--json"])
    assert alone.exit_code == 0, alone.output
    assert json.loads(alone.output)[0]["errors"] == []


def test_compliant_society_exits_zero_and_says_so(sample_county):
    result = runner.invoke(app, ["check", str(sample_county / "taoyuan")])
    assert result.exit_code == 0, result.output
    assert "合规" in result.output


def test_text_output_groups_by_rule_with_file_and_line(sample_county):
    result = runner.invoke(app, ["check", str(sample_county / "xihe")])
    assert result.exit_code == 1
    assert "R7：" in result.output
    assert "books/2025-01.beancount:" in result.output
    assert "依据：皖民社救函〔2024〕61号 二(四)" in result.output


def test_not_a_ledger_is_a_chinese_error(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "jjn_ledger", "check", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "找不到互助社账本" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_bean_check_prints_the_rule_at_the_offending_line(sample_county):
    bean_check = Path(sys.executable).parent / "bean-check"
    proc = subprocess.run(
        [str(bean_check), str(sample_county / "xihe" / "main.beancount")],
        capture_output=True,
        text=True,
        check=False,
        env={"BEANCOUNT_DISABLE_LOAD_CACHE": "1", "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 1
    first = (proc.stdout or proc.stderr).splitlines()[0]
    where, message = first.split(": ", 1)
    assert message.startswith("[R7 救助标准与频次]") and "1,200.00 元" in message
    filename, line = where.rsplit(":", 1)
    assert filename.endswith("xihe/books/2025-01.beancount")
    # the line named is the aid transaction itself
    text = Path(filename).read_text("utf-8").splitlines()[int(line) - 1]
    assert text.startswith("2025-01-") and "应急救助" in text


def test_sample_is_reproducible(tmp_path, sample_county, digest):
    """The committed sample is exactly what the generator writes."""
    subprocess.run([sys.executable, "-m", "jjn_ledger.sample", str(tmp_path)], check=True)
    for spec in SAMPLE:
        assert digest(tmp_path / spec.slug) == digest(sample_county / spec.slug), spec.slug
