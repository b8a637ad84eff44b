"""Restricted money and closing: `fund` on aid, aid in goods, years in order, one 资金余额."""

import datetime
from decimal import Decimal

import pytest
from cli_kit import ok
from test_report_kit import money, rows, transactions

from jjn_ledger.county.engine import summarise
from jjn_ledger.ledger.society import open_society
from jjn_ledger.reports import closing
from jjn_ledger.reports.closing import CannotClose

D = Decimal


def _supplementary_person(folder):
    """A registered person on 低保 or 特困 (eligible for 补充救助)."""
    key = None
    for line in (folder / "people.beancount").read_text("utf-8").splitlines():
        if 'custom "jjn-recipient"' in line:
            key = line.rsplit('"', 2)[-2]
        elif key and line.strip() in ('status: "低保"', 'status: "特困"'):
            return key
    raise AssertionError("no 低保 person in the sample")


@pytest.fixture
def society(society_copy):
    """柳树村 (compliant) with a 1,000 定向捐赠 for 重大疾病 in November 2026."""
    folder = society_copy("liushu")
    ok(
        [
            "record",
            "donation",
            str(folder),
            "1000",
            "--donor",
            "爱心企业",
            "--channel",
            "银行转账",
            "--restricted",
            "--purpose",
            "重大疾病",
            "--date",
            "2026-11-24",
        ]
    )
    return folder


def _aid(folder, *extra):
    return ok(
        [
            "record",
            "aid",
            str(folder),
            "--person",
            _supplementary_person(folder),
            "--category",
            "补充救助",
            "--amount",
            "500",
            "--cause",
            "重大疾病",
            "--matter",
            "2026-11-重病住院",
            "--accepted",
            "2026-11-25",
            "--investigated",
            "2026-11-25",
            "--approved",
            "2026-11-25",
            "--paid",
            "2026-11-25",
            *extra,
        ]
    )


def _restricted(tmp_path, folder, month="2026-11"):
    out = tmp_path / "st.xlsx"
    ok(["report", "statements", str(folder), month, "-o", str(out)])
    (line,) = [r for r in rows(out, "资产负债表") if r[5] == 105]
    return money(line[7])


def test_aid_paid_from_a_restricted_gift_releases_it(society, tmp_path):
    before = _restricted(tmp_path, society)
    _aid(society, "--fund", "定向捐赠")
    text = (society / "books" / "2026-11.beancount").read_text("utf-8")
    assert 'fund: "定向捐赠"' in text
    assert _restricted(tmp_path, society) == before - D(500)


def test_without_fund_a_purpose_gift_is_not_released(society, tmp_path):
    """What the CLI did before `--fund` existed: the gift's restriction never moves."""
    before = _restricted(tmp_path, society)
    _aid(society)
    assert _restricted(tmp_path, society) == before


def test_an_unknown_fund_is_refused_in_chinese(society, digest):
    before = digest(society)
    result = (
        __import__("typer.testing")
        .testing.CliRunner()
        .invoke(
            __import__("jjn_ledger.cli").cli.app,
            [
                "record",
                "aid",
                str(society),
                "--person",
                _supplementary_person(society),
                "--category",
                "补充救助",
                "--amount",
                "500",
                "--cause",
                "重大疾病",
                "--matter",
                "2026-11-重病住院",
                "--accepted",
                "2026-11-25",
                "--investigated",
                "2026-11-25",
                "--approved",
                "2026-11-25",
                "--paid",
                "2026-11-25",
                "--fund",
                "低保资金",
            ],
        )
    )
    assert result.exit_code != 0
    assert "不是限定性资金" in str(result.exception) and "定向捐赠" in str(result.exception)
    assert digest(society) == before


def test_aid_in_donated_goods_releases_no_restriction(sample_county, tmp_path):
    """桃园村 2024: 300 of rice given out as aid must not release the county subsidy."""
    folder = sample_county / "taoyuan"
    society = open_society(folder)
    from jjn_ledger.reports import accounts

    rel = accounts.releases(society.loaded.entries, society.book)
    goods = [
        t
        for t in transactions(folder)
        if any(a.startswith("Assets:1201-") and v < 0 for a, v in t.postings)
        and t.amount("Expenses:5101-") > 0
    ]
    assert goods, "the sample pays aid in goods"
    goods_days = {t.date for t in goods}
    in_kind_release = [r for r in rel if r.date in goods_days]
    # a release on such a day may only come from another (money) payment the same day
    money_aid_days = {
        t.date
        for t in transactions(folder)
        if t.amount("Expenses:5101-") > 0
        and not any(a.startswith("Assets:1201-") for a, _ in t.postings)
    }
    assert all(r.date in money_aid_days for r in in_kind_release)


def test_years_close_in_order(society_copy):
    folder = society_copy("taoyuan")
    with pytest.raises(CannotClose, match="2024 年尚未结账"):
        closing.close_year(open_society(folder), 2025, today=datetime.date(2026, 1, 5))
    closing.close_year(open_society(folder), 2024, today=datetime.date(2026, 1, 5))
    closing.close_year(open_society(folder), 2025, today=datetime.date(2026, 1, 5))
    # After both years: 3102 is never left with a debit balance, and holds what the statement says.
    txns = transactions(folder)
    restricted = sum(
        (
            v
            for t in txns
            if t.date <= datetime.date(2025, 12, 31)
            for a, v in t.postings
            if a == "Equity:3102-限定性净资产"
        ),
        D(0),
    )
    assert restricted <= 0  # a credit balance (Beancount signs) or nothing


def test_one_fund_balance_in_filing_half_year_and_county(sample_county, tmp_path):
    folder = sample_county / "taoyuan"
    filing = tmp_path / "f.xlsx"
    half = tmp_path / "h.xlsx"
    ok(["report", "filing", str(folder), "2025-12", "-o", str(filing)])
    ok(["report", "half-year", str(folder), "2025-H2", "-o", str(half)])
    end = datetime.date(2025, 12, 31)
    expected = sum(
        (
            v
            for t in transactions(folder)
            if t.date <= end and "closing" not in t.meta
            for a, v in t.postings
            if a.startswith(("Assets:", "Liabilities:"))
        ),
        D(0),
    )

    def closing_of(path):
        found = [
            money(r[1])
            for ws in ("资金情况",)
            for r in rows(path, ws)
            if isinstance(r[0], str) and r[0].strip() == "期末资金余额"
        ]
        return found

    for path in (filing, half):
        sheets = __import__("openpyxl").load_workbook(path).sheetnames
        values = [
            money(r[1])
            for s in sheets
            for r in rows(path, s)
            if isinstance(r[0], str) and r[0].strip() == "期末资金余额"
        ]
        assert values and all(v == expected for v in values), (path.name, values, expected)
    assert summarise(folder).balance_at(end) == expected


def test_the_aid_register_carries_the_fund_into_the_books(society, tmp_path):
    """The blank register offers 资金来源; the importer writes it as the aid's `fund`."""
    import openpyxl

    template = tmp_path / "aid.xlsx"
    ok(["import", "template", str(template), "--kind", "aid"])
    wb = openpyxl.load_workbook(template)
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    assert "资金来源" in header
    values = {
        "日期": "2026-11-25",
        "对象编号": _supplementary_person(society),
        "救助类别": "补充救助",
        "金额": 500,
        "致困原因": "重大疾病",
        "救助事项": "2026-11-重病住院",
        "受理日期": "2026-11-25",
        "调查日期": "2026-11-25",
        "审批日期": "2026-11-25",
        "发放方式": "现金",
        "资金来源": "定向捐赠",
    }
    for col, name in enumerate(header, start=1):
        if name in values:
            ws.cell(2, col, values[name])
    wb.save(template)
    before = _restricted(tmp_path, society)
    ok(["import", "register", str(society), str(template)])
    assert 'fund: "定向捐赠"' in (society / "books" / "2026-11.beancount").read_text("utf-8")
    assert _restricted(tmp_path, society) == before - D(500)
