"""`jjn report audit`: reproducible spot-check samples and the cross-society findings (R14, R16)."""

import math

import openpyxl
from test_report_kit import aid, cells, register, rows, transactions
from typer.testing import CliRunner

from jjn_ledger.cli import app
from jjn_ledger.ledger.idcodes import is_id_number_like
from jjn_ledger.sample import CROSS_SOCIETY_DUPLICATE, SAMPLE

runner = CliRunner()


def audit(tmp_path, county, year, *extra):
    out = tmp_path / f"audit-{year}-{'-'.join(extra) or 'plain'}.xlsx".replace("/", "_")
    result = runner.invoke(app, ["report", "audit", str(county), year, "-o", str(out), *extra])
    assert result.exit_code == 0, result.output
    return out


def sampled(path):
    return [r for r in rows(path, "抽查样本")[3:] if r[0]]


def test_sample_is_at_least_30_percent_per_society_and_reproducible(sample_county, tmp_path):
    first = audit(tmp_path, sample_county, "2025", "--seed", "7")
    (tmp_path / "again").mkdir()
    again = audit(tmp_path / "again", sample_county, "2025", "--seed", "7")
    other = audit(tmp_path, sample_county, "2025", "--seed", "8")
    picked = sampled(first)
    assert picked == sampled(again)
    assert picked != sampled(other)
    for spec in SAMPLE:
        year = [t for t in aid(transactions(sample_county / spec.slug)) if t.date.year == 2025]
        mine = [r for r in picked if spec.village in r[0]]
        assert len(mine) == math.ceil(len(year) * 3 / 10), spec.slug
        by_hand = {(t.date, t.meta["recipient"]) for t in year}
        assert {(r[1].date(), r[2]) for r in mine} <= by_hand


def test_audit_sheets_have_full_names_but_no_id_numbers(sample_county, tmp_path):
    out = audit(tmp_path, sample_county, "2025", "--seed", "1")
    values = [str(v) for _, v in cells(out)]
    assert not any(is_id_number_like(v) for v in values)
    names = {p["name"] for spec in SAMPLE for p in register(sample_county / spec.slug).values()}
    assert any(r[3] in names for r in sampled(out))


def test_the_planted_cross_society_duplicate_is_found_and_nothing_else(sample_county, tmp_path):
    (slug_a, key_a), (slug_b, key_b) = CROSS_SOCIETY_DUPLICATE
    same = register(sample_county / slug_a)[key_a]["id-number"]
    assert register(sample_county / slug_b)[key_b]["id-number"] == same
    out = audit(tmp_path, sample_county, "2025")
    dup = [r for r in rows(out, "重复救助")[3:] if r[0] and r[1]]
    # Two pairs, one row per payment: 桃园村's January 脑出血住院 and 柳树村's May one are the same
    # matter in one year (each treasurer put their own month in front of it, R16); 桃园村's
    # June payment has the same cause 28 days after 柳树村's (probable, for review).
    assert len(dup) == 4
    assert {(r[2]) for r in dup} == {key_a, key_b}
    names = {
        f"示例县{s.township}{s.village}“救急难”互助社" for s in SAMPLE if s.slug in (slug_a, slug_b)
    }
    assert {r[0] for r in dup} == names
    assert dup[0][-1] == dup[1][-1] == "同一事项"
    assert "同一原因" in dup[2][-1] and dup[2][-1] == dup[3][-1]
    for year in ("2024", "2026"):
        quiet = audit(tmp_path, sample_county, year)
        assert "未发现跨互助社重复救助。" in [v for _, v in cells(quiet)]


def test_supplementary_aid_outside_the_roster(sample_county, tmp_path):
    folder = sample_county / "hexie"
    people = register(folder)
    supp = [
        t
        for t in aid(transactions(folder))
        if t.date.year == 2025 and t.amount("Expenses:5101-业务活动成本:01-补充救助") > 0
    ]
    left_out = supp[0].meta["recipient"]
    roster = tmp_path / "roster.csv"
    lines = ["姓名,身份证号码,类别"]
    for spec in SAMPLE:
        for key, p in register(sample_county / spec.slug).items():
            if not (spec.slug == "hexie" and key == left_out):
                lines.append(f"{p['name']},{p['id-number']},低保")
    roster.write_text("\n".join(lines), "utf-8")
    out = audit(tmp_path, sample_county, "2025", "--roster", str(roster))
    listed = [r for r in rows(out, "名单外补充救助")[3:] if r[0] and r[1]]
    expected = [t for t in supp if t.meta["recipient"] == left_out]
    assert sorted((r[1].date(), r[2]) for r in listed) == sorted(
        (t.date, left_out) for t in expected
    )
    assert all(r[3] == people[left_out]["name"] for r in listed)
    assert not any(is_id_number_like(str(v)) for _, v in cells(out))


def test_roster_as_xlsx_with_ids_in_any_column(sample_county, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["序号", "户主", "公民身份号码"])
    for spec in SAMPLE:
        for i, p in enumerate(register(sample_county / spec.slug).values()):
            ws.append([i, p["name"], p["id-number"]])  # everyone is on it
    roster = tmp_path / "roster.xlsx"
    wb.save(roster)
    out = audit(tmp_path, sample_county, "2025", "--roster", str(roster))
    assert "全部补充救助对象均在名单内。" in [v for _, v in cells(out)]


def test_aid_to_an_officers_household_is_listed(sample_county, tmp_path):
    out = audit(tmp_path, sample_county, "2025")
    listed = [r for r in rows(out, "干部亲属救助")[3:] if r[0] and r[1]]
    planted = [
        t
        for t in aid(transactions(sample_county / "shuangqiao"))
        if t.date.year == 2025 and t.meta["recipient"] == "P002"
    ]
    assert len(listed) == len(planted) >= 1
    assert all("双桥村" in r[0] and r[2] == "P002" and r[-2].startswith("出纳") for r in listed)
    assert all(r[-1] == "未审查" for r in listed)


def test_unreadable_roster_is_a_chinese_error(sample_county, tmp_path):
    roster = tmp_path / "empty.csv"
    roster.write_text("姓名\n张三\n", "utf-8")
    result = runner.invoke(
        app, ["report", "audit", str(sample_county), "2025", "--roster", str(roster)]
    )
    assert result.exit_code != 0
    assert "没有找到有效的身份证号码" in str(result.exception)
