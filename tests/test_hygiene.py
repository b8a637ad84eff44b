"""Input hygiene at the one boundary (``ledger.hygiene``), through the real commands.

Each case was accepted with exit 0 before (issue "Nothing lost, nothing crashes"): a BEL in a
donor's name, a Unix timestamp as a date, a date in 2099, a notice "posted" before its month
ended, a filing dated 2020, one ID number under two keys, pydantic's English. Each must now be a
Chinese refusal with the books byte-identical; text already in the books must still print.
"""

from __future__ import annotations

import datetime

import pytest
from cli_kit import fails, ok
from openpyxl import load_workbook

from jjn_ledger.ledger import hygiene
from jjn_ledger.rules.check import check_society

DONATE = ["donation", "100", "--channel", "现金"]


@pytest.fixture
def liushu(society_copy):
    return society_copy("liushu")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([*DONATE, "--donor", "张\x07三"], "控制字符"),
        ([*DONATE, "--donor", "张\u202e三"], "改变文字方向"),
        ([*DONATE, "--donor", "张三", "--date", "1773964800"], "日期格式应为 YYYY-MM-DD"),
        ([*DONATE, "--donor", "张三", "--date", "2026-03-20T10:00"], "日期格式应为 YYYY-MM-DD"),
        ([*DONATE, "--donor", "张三", "--date", "2099-01-01"], "晚于今天"),
        ([*DONATE, "--donor", "张三", "--date", "1970-01-01"], "不像是真实的日期"),
        (["donation", "NaN", "--donor", "张三", "--channel", "现金"], "应为有限的数字"),
        (["donation", "1e309", "--donor", "张三", "--channel", "现金"], "金额"),
        (["notice", "2026-03", "--posted", "2026-03-01"], "早于 2026-03 月结束"),
        (["filing", "2026-03", "--filed", "2020-01-01"], "早于 2026-03 月结束"),
        (
            [
                "aid",
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
            ],
            "晚于今天",
        ),
    ],
)
def test_hostile_input_is_refused_in_chinese(liushu, digest, args, expected):
    before = digest(liushu)
    message = fails(["record", args[0], str(liushu), *args[1:]])
    assert expected in message, message
    for english in ("Input should", "Traceback", "Error:", "valid", "permitted"):
        assert english not in message
    assert digest(liushu) == before


def test_a_person_name_with_a_control_character_is_refused(liushu, digest):
    before = digest(liushu)
    message = fails(
        [
            "society",
            "person",
            "add",
            str(liushu),
            "--key",
            "P099",
            "--name",
            "王\x1b秀英",
            "--id-number",
            "349900196503120024",
            "--household",
            "H99",
            "--hukou",
            "本村户籍",
            "--status",
            "低保",
        ]
    )
    assert "控制字符" in message and digest(liushu) == before


def person(folder, key: str, name: str, id_number: str) -> list[str]:
    return [
        "society",
        "person",
        "add",
        str(folder),
        "--key",
        key,
        "--name",
        name,
        "--id-number",
        id_number,
        "--household",
        "H98",
        "--hukou",
        "本村户籍",
        "--status",
        "低保",
    ]


def test_one_id_number_is_one_person(liushu, digest):
    before = digest(liushu)
    message = fails(person(liushu, "P098", "另一个名字", "349937195909110262"))  # P001's
    assert "已登记为救助对象 P001" in message
    assert "349937195909110262" not in message  # never repeat an ID number
    assert digest(liushu) == before


def test_a_second_key_for_the_same_id_written_by_hand_is_an_r11_error(liushu):
    people = liushu / "people.beancount"
    people.write_text(
        people.read_text("utf-8")
        + '\n2024-06-01 custom "jjn-recipient" "P098"\n  name: "另一个名字"\n'
        '  id-number: "349937195909110262"\n  household: "H98"\n  hukou: "本村户籍"\n'
        '  status: "低保"\n',
        "utf-8",
    )
    errors = check_society(liushu).errors
    assert any(p.rule == "R11" and "与已登记的 P001 相同" in p.message for p in errors)


def test_reports_print_text_already_in_the_books(liushu, tmp_path):
    """A BEL and a bidi override typed into the books by hand: the month still prints."""
    month = liushu / "books" / "2026-03.beancount"
    text = month.read_text("utf-8")
    payee = next(ln.split('"')[1] for ln in text.splitlines() if ' * "' in ln)
    month.write_text(text.replace(f'"{payee}"', f'"{payee}\x07\u202e"', 1), "utf-8")
    ok(["voucher", "number", str(liushu), "2026-03"])
    for report in ("statements", "vouchers", "filing", "notice"):
        out = tmp_path / f"{report}.xlsx"
        ok(["report", report, str(liushu), "2026-03", "-o", str(out)])
        cells = [
            str(c)
            for ws in load_workbook(out).worksheets
            for row in ws.iter_rows(values_only=True)
            for c in row
            if c
        ]
        assert not any("\x07" in c for c in cells)
        assert any(payee in c for c in cells) or report == "notice"  # masked there


def test_dates_are_judged_against_the_clock(monkeypatch):
    monkeypatch.setattr(hygiene, "clock", lambda: datetime.date(2026, 3, 31))
    assert hygiene.date_problem("2026-03-31") is None
    assert "晚于今天" in (hygiene.date_problem("2026-04-01") or "")
    assert hygiene.date_problem(datetime.date(2026, 3, 1)) is None
    assert hygiene.date_problem(1773964800) is not None


def test_a_hidden_character_in_an_imported_statement_is_reported_with_file_and_line(
    society_copy, digest, tmp_path
):
    from test_importers_cli import _statement_after, jjn

    folder = society_copy("taoyuan")
    path = _statement_after(folder, tmp_path)
    raw = path.read_bytes().decode("gbk").replace("周建国", "周\x07建国", 1)
    path.write_bytes(raw.encode("gbk"))
    before = digest(folder)
    code, out = jjn("import", "bank", folder, path)
    assert code != 0
    assert "statement.csv 第 3 行" in out and "控制字符" in out
    assert digest(folder) == before
