"""`jjn report filing` (R10) and `jjn report half-year` (R13) against the ledger text."""

import datetime
from collections import Counter
from decimal import Decimal

import openpyxl
from test_report_kit import aid, cells, money, row_titled, rows, transactions
from typer.testing import CliRunner

from jjn_ledger.cli import app
from jjn_ledger.ledger.idcodes import is_id_number_like

runner = CliRunner()
D = Decimal


def report(tmp_path, kind, folder, period):
    out = tmp_path / f"{kind}-{folder.name}-{period}.xlsx"
    result = runner.invoke(app, ["report", kind, str(folder), period, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_monthly_filing_fund_and_aid_by_hand(sample_county, tmp_path):
    folder = sample_county / "dongang"
    out = report(tmp_path, "filing", folder, "2025-09")
    txns = transactions(folder)
    start, end = datetime.date(2025, 9, 1), datetime.date(2025, 9, 30)
    span = [t for t in txns if start <= t.date <= end]

    def held(until):
        return sum(
            (
                v
                for t in txns
                if t.date <= until
                for a, v in t.postings
                if a.startswith(("Assets:", "Liabilities:"))
            ),
            D(0),
        )

    opening = row_titled(out, "资金情况", "期初资金余额")[1]
    assert money(opening) == held(start - datetime.timedelta(1))
    assert money(row_titled(out, "资金情况", "期末资金余额")[1]) == held(end)
    income = -sum((v for t in span for a, v in t.postings if a.startswith("Income:")), D(0))
    assert money(row_titled(out, "资金情况", "收入合计")[1]) == income
    spent = sum((v for t in span for a, v in t.postings if a.startswith("Expenses:")), D(0))
    assert money(row_titled(out, "资金情况", "支出合计")[1]) == spent

    paid = [t for t in aid(txns) if start <= t.date <= end]
    total = row_titled(out, "救助情况", "合计")
    assert total[2] == len(paid)
    assert total[3] == len({t.meta["recipient"] for t in paid})
    assert money(total[4]) == sum((t.amount("Expenses:5101-") for t in paid), D(0))
    by_cause = Counter(t.meta["cause"] for t in paid)
    table = [r for r in rows(out, "救助情况") if r[0] in ("补充救助", "应急救助")]
    got = Counter()
    for r in table:
        got[r[1]] += r[2]
    assert got == by_cause
    detail = [r for r in rows(out, "救助明细") if isinstance(r[1], str) and r[1].startswith("P")]
    assert sorted(r[1] for r in detail) == sorted(t.meta["recipient"] for t in paid)


def test_filing_lists_open_problems_and_seed_fund(sample_county, tmp_path):
    out = report(tmp_path, "filing", sample_county / "qingshan", "2025-03")
    problems = [r for r in rows(out, "存在问题") if r[0] and str(r[0]).startswith("R")]
    assert [(r[0], r[1]) for r in problems] == [("R2", "错误")]
    collective = row_titled(out, "启动资金", "村级集体经济支持")
    assert (money(collective[1]), money(collective[2])) == (D(8000), D(10000))
    verdict = [v for _, v in cells(out) if isinstance(v, str) and v.startswith("结论：")]
    assert verdict and "8,000.00 元" in verdict[0]

    clean = report(tmp_path, "filing", sample_county / "liushu", "2025-03")
    assert "未发现问题。" in [v for _, v in cells(clean)]
    assert any(isinstance(v, str) and "已按规定到位" in v for _, v in cells(clean))


def test_filing_never_carries_an_id_number(sample_county, tmp_path):
    out = report(tmp_path, "filing", sample_county / "shuangqiao", "2025-01")
    assert not any(is_id_number_like(str(v)) for _, v in cells(out))


def test_half_year_is_six_months_of_the_same_figures(sample_county, tmp_path):
    folder = sample_county / "xihe"
    out = report(tmp_path, "half-year", folder, "2025-H2")
    txns = aid(transactions(folder))
    paid = [t for t in txns if datetime.date(2025, 7, 1) <= t.date <= datetime.date(2025, 12, 31)]
    total = row_titled(out, "救助情况", "合计")
    assert total[2] == len(paid)
    assert money(total[4]) == sum((t.amount("Expenses:5101-") for t in paid), D(0))
    months = [
        r
        for r in rows(out, "分月情况")
        if isinstance(r[0], str) and "年" in r[0] and r[0].endswith("月")
    ]
    assert [r[0] for r in months] == [f"2025年{m}月" for m in range(7, 13)]
    for r in months:
        m = int(r[0][5:-1])
        in_month = [t for t in paid if t.date.month == m]
        assert r[3] == len(in_month)
        assert money(r[4]) == sum((t.amount("Expenses:5101-") for t in in_month), D(0))
    title = rows(out, "资金情况")[0][0]
    assert title == "示例县仁和镇西河村“救急难”互助社2025年下半年资金使用和救助情况报告"


def test_filing_sheets_print_on_a4(sample_county, tmp_path):
    out = report(tmp_path, "filing", sample_county / "hexie", "2025-05")
    for ws in openpyxl.load_workbook(out).worksheets:
        assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.fitToWidth == 1
        assert ws.print_title_rows and ws.print_area


def test_bad_half_year_is_a_chinese_error(sample_county):
    result = runner.invoke(app, ["report", "half-year", str(sample_county / "xihe"), "2025-H3"])
    assert result.exit_code != 0


def _diagnoses(folder):
    """Every cause detail the books hold: the sample's illnesses, accidents and hardships, and
    each aid's own matter text."""
    from jjn_ledger.sample import ACCIDENT, ILLNESS, OTHER

    return {*ILLNESS, *ACCIDENT, *OTHER} | {t.meta["matter"] for t in aid(transactions(folder))}


def test_filing_and_half_year_show_cause_categories_never_diagnoses(sample_county, tmp_path):
    # 南山村: its R7 finding quotes the matter ("2025-02-恶性肿瘤化疗") in the problem sheet.
    folder = sample_county / "nanshan"
    details = _diagnoses(folder)
    for kind, period in (("filing", "2025-02"), ("half-year", "2025-H1")):
        out = report(tmp_path, kind, folder, period)
        texts = [str(v) for _, v in cells(out)]
        assert not [t for t in texts for d in details if d in t], kind
        causes = {r[4] for r in rows(out, "救助明细") if str(r[1]).startswith("P")}
        assert causes and causes <= {"重大疾病", "意外事故", "其他"}
        problems = [r[3] for r in rows(out, "存在问题") if r[0] == "R7"]
        assert problems and "（重大疾病）" in problems[0], problems


def test_half_year_masks_every_name_the_filing_shows_in_full(sample_county, tmp_path):
    from test_report_kit import register

    folder = sample_county / "shuangqiao"
    names = {p["name"] for p in register(folder).values()}
    filing = report(tmp_path, "filing", folder, "2025-01")
    half = report(tmp_path, "half-year", folder, "2025-H1")
    assert names & {str(v) for _, v in cells(filing)}  # the township sees full names
    texts = [str(v) for _, v in cells(half)]
    assert not [t for t in texts for n in names if n in t]
    shown = [r[2] for r in rows(half, "救助明细") if str(r[1]).startswith("P")]
    assert shown and all("*" in n for n in shown)
