"""`jjn report notice`: the monthly notice, checked against the ledger text read by hand."""

import io
import re
import shutil
from decimal import Decimal

import openpyxl
import pytest
from test_report_kit import aid, cells, in_month, money, register, row_titled, rows, transactions
from typer.testing import CliRunner

from jjn_ledger.cli import app
from jjn_ledger.ledger import layout
from jjn_ledger.ledger.idcodes import is_id_number_like
from jjn_ledger.ledger.society import open_society
from jjn_ledger.reports import notice
from jjn_ledger.reports.common import month_period

runner = CliRunner()


def hand_mask(name):
    """The masking rule restated: first character, one * per hidden one, last character."""
    return name[0] + "*" if len(name) == 2 else name[0] + "*" * (len(name) - 2) + name[-1]


def make(tmp_path, folder, month, *extra):
    out = tmp_path / f"notice-{folder.name}-{month}.xlsx"
    result = runner.invoke(app, ["report", "notice", str(folder), month, "-o", str(out), *extra])
    assert result.exit_code == 0, result.output
    assert "已生成" in result.output
    return out


def test_notice_lists_each_aid_payment_of_the_month_with_masked_names(sample_county, tmp_path):
    folder = sample_county / "taoyuan"
    out = make(tmp_path, folder, "2025-06")
    paid = in_month(aid(transactions(folder)), 2025, 6)
    people = register(folder)
    assert paid, "the sample has aid in June 2025"
    table = [r for r in rows(out, "救助公示") if isinstance(r[0], int)]
    assert len(table) == len(paid)
    expected = sorted(
        (
            t.date,
            hand_mask(people[t.meta["recipient"]]["name"]),
            t.meta["cause"],
            t.amount("Expenses:5101-"),
        )
        for t in paid
    )
    got = sorted((r[4].date(), r[1], r[3], money(r[5])) for r in table)
    assert got == expected
    total = row_titled(out, "救助公示", "合计")
    assert money(total[5]) == sum((t.amount("Expenses:5101-") for t in paid), Decimal(0))
    assert total[1] == f"{len(paid)} 人次"


def test_notice_shows_society_period_and_recorded_posting_dates(sample_county, tmp_path):
    folder = sample_county / "taoyuan"
    out = make(tmp_path, folder, "2025-03")
    book = (folder / "books" / "2025-04.beancount").read_text("utf-8")
    m = re.search(r'custom "jjn-notice" "2025-03"\n  posted: (\S+)\n  removed: (\S+)', book)
    assert m, "the sample records the notice"
    posted, removed = m[1].split("-"), m[2].split("-")
    texts = [v for _, v in cells(out) if isinstance(v, str)]
    assert any("示例县仁和镇桃园村“救急难”互助社2025年3月" in t for t in texts)
    assert any(
        f"{posted[0]}年{posted[1]}月{posted[2]}日 至 {removed[0]}年{removed[1]}月"
        f"{removed[2]}日（7 天）" in t
        for t in texts
    )
    assert any("单位：元" in t for t in texts)
    assert any("本互助社监事" in t for t in texts)


def test_contact_and_office_phone_only_when_given(sample_county, tmp_path):
    folder = sample_county / "hexie"
    texts = [v for _, v in cells(make(tmp_path, folder, "2025-05")) if isinstance(v, str)]
    assert not any(re.search(r"\d{3,4}-?\d{7,8}|1\d{10}", t) for t in texts)  # no phone
    out = make(
        tmp_path,
        folder,
        "2025-05",
        "--contact",
        "村务监督委员会主任",
        "--office-phone",
        "0550-1234567",
    )
    text = " ".join(str(v) for _, v in cells(out))
    assert "村务监督委员会主任" in text and "0550-1234567" in text


def test_no_notice_of_any_society_carries_an_id_number_or_a_full_name(sample_county):
    """Every month with aid of every sample society, every cell scanned."""
    checked = 0
    for folder in layout.society_folders(sample_county):
        people = register(folder)
        names = {p["name"] for p in people.values()}
        society = open_society(folder)
        months = sorted({f"{t.date:%Y-%m}" for t in aid(transactions(folder))})
        for month in months:
            buffer = io.BytesIO()
            notice.build(society, month_period(month)).save(buffer)
            wb = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
            for ws in wb.worksheets:
                for row in ws.iter_rows(values_only=True):
                    for value in row:
                        text = str(value)
                        assert not is_id_number_like(text), (folder.name, month, text)
                        assert not any(name in text for name in names), (folder.name, month)
            checked += 1
    assert checked > 200


def test_notice_prints_on_a4_fit_to_width_with_repeated_header(sample_county, tmp_path):
    out = make(tmp_path, sample_county / "taoyuan", "2025-03")
    ws = openpyxl.load_workbook(out)["救助公示"]
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$3:$3"
    assert ws.print_area


def test_a_name_that_looks_like_a_formula_is_neutralised(society_copy, tmp_path):
    folder = society_copy("taoyuan")
    people = register(folder)
    june = in_month(aid(transactions(folder)), 2025, 6)
    key = june[0].meta["recipient"]
    old = people[key]["name"]
    text = (folder / "people.beancount").read_text("utf-8")
    (folder / "people.beancount").write_text(
        text.replace(f'name: "{old}"', 'name: "=HYPERLINK(1)"'), "utf-8"
    )
    out = make(tmp_path, folder, "2025-06")
    masked = [v for _, v in cells(out) if isinstance(v, str) and "HYPERLINK" in v]
    assert masked == []  # masked, so not even the word survives
    ws = openpyxl.load_workbook(out)["救助公示"]
    for row in ws.iter_rows():
        for cell in row:
            assert cell.data_type != "f"
            if isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                pytest.fail(f"unneutralised text {cell.value!r}")
    assert any(isinstance(v, str) and v.startswith("'=") for _, v in cells(out))


def test_bad_month_and_missing_ledger_are_chinese_errors(tmp_path, sample_county):
    result = runner.invoke(app, ["report", "notice", str(sample_county / "taoyuan"), "2025-13"])
    assert result.exit_code != 0
    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(app, ["report", "notice", str(empty), "2025-03"])
    assert result.exit_code != 0
    shutil.rmtree(empty)
