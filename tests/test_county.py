"""The county engine (`county.summarise`/`summaries`) and `jjn report county`."""

import datetime
import pickle
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import openpyxl
from test_report_kit import aid, balances, money, row_titled, rows, transactions
from typer.testing import CliRunner

from jjn_ledger.cli import app
from jjn_ledger.county import engine as county
from jjn_ledger.county.summary import SocietySummary
from jjn_ledger.sample import SAMPLE, VIOLATIONS

runner = CliRunner()
D = Decimal


def test_summary_of_one_society_by_hand(sample_county):
    folder = sample_county / "taoyuan"
    s = county.summarise(folder)
    txns = transactions(folder)
    paid = aid(txns)
    months = {}
    for t in paid:
        key = f"{t.date:%Y-%m}"
        count, amount = months.get(key, (0, D(0)))
        months[key] = (count + 1, amount + t.amount("Expenses:5101-"))
    assert s.aid == months
    assert s.first_aid == paid[0].date and s.last_aid == paid[-1].date
    asserted = balances(folder)
    last = max(day for day, _ in asserted)
    assert (
        s.balance
        == asserted[(last, "Assets:1001-现金")] + asserted[(last, "Assets:1002-银行存款:01-基本户")]
    )
    assert s.name == "示例县仁和镇桃园村“救急难”互助社"
    assert (s.registration, s.registered, s.founded) == ("登记", True, datetime.date(2024, 3, 15))
    assert s.seed_ok is True and s.errors == {} and s.township == "仁和镇"
    donated = -sum(
        (
            v
            for t in txns
            for a, v in t.postings
            if a.startswith("Income:4101-") and not a.endswith("01-村集体经济支持")
        ),
        D(0),
    )
    assert sum(s.donations.values(), D(0)) == donated
    assert all(s.notices.values()) and len(s.notices) == len(months)


def test_summaries_keep_folder_order_and_are_picklable(sample_county):
    ticks = []
    with ThreadPoolExecutor(2) as pool:
        threaded = county.summaries(
            sample_county, pool, lambda done, total: ticks.append(done), cache=False
        )
    assert [s.slug for s in threaded] == sorted(spec.slug for spec in SAMPLE)
    assert sorted(ticks) == list(range(1, len(SAMPLE) + 1))
    default = county.summaries(sample_county, cache=False)  # the process pool
    assert default == threaded
    assert pickle.loads(pickle.dumps(default)) == default


def test_summaries_flag_exactly_the_planted_violations(sample_county):
    for s in county.summaries(sample_county):
        spec = next(x for x in SAMPLE if x.slug == s.slug)
        expected = {VIOLATIONS[spec.violation]: 1} if spec.violation else {}
        assert s.errors == expected, s.slug
        assert s.seed_ok is (spec.violation != "seed_short"), s.slug
        assert s.registered is (spec.registration == "登记"), s.slug


def test_zombie_after_policy_months_without_activity():
    s = SocietySummary(
        folder="x",
        slug="x",
        name="x",
        founded=datetime.date(2024, 1, 10),
        active_months=("2024-02", "2024-05"),
        zombie_months=12,
    )
    assert s.idle_months(datetime.date(2025, 4, 30)) == 11
    assert not s.is_zombie(datetime.date(2025, 4, 30))
    assert s.is_zombie(datetime.date(2025, 5, 31))
    assert s.idle_months(datetime.date(2024, 4, 30)) == 2  # from February, not May
    never = SocietySummary(folder="y", slug="y", name="y", founded=datetime.date(2024, 1, 10))
    assert never.is_zombie(datetime.date(2025, 1, 31))


def county_book(tmp_path, month, folder, *extra):
    out = tmp_path / f"county-{month}-{len(extra)}.xlsx"
    result = runner.invoke(app, ["report", "county", folder, month, "-o", str(out), *extra])
    assert result.exit_code == 0, result.output
    return out


def _society_table(out):
    """Both society sheets joined by 序号: header → cell."""
    joined = {}
    for sheet in ("互助社情况", "救助与监督"):
        header = rows(out, sheet)[2]
        for r in rows(out, sheet)[3:]:
            if r[0] is not None:
                joined.setdefault(r[0], {}).update(dict(zip(header, r, strict=True)))
    return joined


def test_county_workbook_flags_exactly_the_planted_problems(sample_county, tmp_path):
    from jjn_ledger.rules import ALL

    titles = {m.RULE.id: m.RULE.title for m in ALL}
    out = county_book(tmp_path, "2026-10", str(sample_county), "--workers", "2")
    joined = _society_table(out)
    table = [v for k, v in joined.items() if isinstance(k, int)]
    assert len(table) == len(SAMPLE)
    for spec in SAMPLE:
        (row,) = [r for r in table if spec.village == r["互助社"]]
        rule = VIOLATIONS.get(spec.violation)
        expected = f"{rule} {titles[rule]}：1 个错误" if spec.violation else "无"
        if spec.registration == "备案":  # 000 §二(一): warned to register as a 社会团体
            warned = f"R1 {titles['R1']}：1 个提示"
            expected = warned if expected == "无" else f"{expected}；{warned}"
        assert row["存在问题"] == expected, spec.slug
        if spec.violation == "seed_short":
            assert row["启动资金达标"] == "否"
        elif rule == "R3":  # part of its subsidy came from 临时救助支出: not counted
            assert row["启动资金达标"] == "否（补助来源不合规）"
        else:
            assert row["启动资金达标"] == "是", spec.slug
        assert row["登记/备案"] == spec.registration
        assert row["长期无活动"] == "否"
        assert row["上月救助公示"] in ("按期", "上月无救助")
        assert "（月）" not in str(row["最近活动日期"])
    total = joined["合计"]
    october = []
    for spec in SAMPLE:
        october += [
            t
            for t in aid(transactions(sample_county / spec.slug))
            if (t.date.year, t.date.month) == (2026, 10)
        ]
    assert total["本月救助人次"] == len(october)
    assert money(total["本月救助金额"]) == sum((t.amount("Expenses:5101-") for t in october), D(0))
    assert total["存在问题"] == f"有错误 {len(VIOLATIONS)} 个"


def test_progress_table_follows_the_column_file(sample_county, tmp_path):
    out = county_book(tmp_path, "2026-10", str(sample_county))
    sheet = rows(out, "进展情况表")
    assert sheet[2][:3] == ("乡镇（街道）", "已成立互助社（个）", "已登记为社会团体（个）")
    total = row_titled(out, "进展情况表", "合计")
    assert total[1:4] == (
        len(SAMPLE),
        sum(s.registration == "登记" for s in SAMPLE),
        sum(s.registration == "登记" for s in SAMPLE) / len(SAMPLE),
    )
    towns = [r for r in sheet[3:] if r[0] and r[0] != "合计" and r[1] is not None]
    assert sorted(r[0] for r in towns) == sorted({s.township for s in SAMPLE})
    assert sum(r[1] for r in towns) == len(SAMPLE)

    mine = tmp_path / "columns.toml"
    mine.write_text(
        '[[column]]\nid = "t"\nheader = "乡镇"\nagg = "key"\n\n'
        '[[column]]\nid = "n"\nheader = "互助社数"\nagg = "count"\n\n'
        '[[column]]\nid = "a"\nheader = "本年救助人次"\nagg = "sum"\nfigure = "aid_count_ytd"\n',
        "utf-8",
    )
    custom = county_book(tmp_path, "2026-10", str(sample_county), "--columns", str(mine))
    sheet = rows(custom, "进展情况表")
    assert sheet[2] == ("乡镇", "互助社数", "本年救助人次")
    year = sum(
        1
        for spec in SAMPLE
        for t in aid(transactions(sample_county / spec.slug))
        if t.date.year == 2026 and t.date <= datetime.date(2026, 10, 31)
    )
    assert row_titled(custom, "进展情况表", "合计")[2] == year


def test_county_workbook_prints_on_a4(sample_county, tmp_path):
    out = county_book(tmp_path, "2025-06", str(sample_county))
    for ws in openpyxl.load_workbook(out).worksheets:
        assert int(ws.page_setup.paperSize) == 9
        assert ws.page_setup.orientation == "landscape"
        assert ws.print_title_rows and ws.print_area


def test_bad_column_file_and_bad_month_are_chinese_errors(sample_county, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[column]]\nid = "x"\nheader = "x"\nagg = "sum"\nfigure = "nope"\n', "utf-8")
    for args in (["2025-06", "--columns", str(bad)], ["2025-6x"]):
        proc = subprocess.run(
            [sys.executable, "-m", "jjn_ledger", "report", "county", str(sample_county), *args],
            capture_output=True,
            text=True,
            check=False,
        )
        assert proc.returncode == 2, proc.stderr
        assert proc.stderr.startswith("错误：") and "Traceback" not in proc.stderr


def test_an_unreadable_society_is_a_row_not_a_crash(sample_county, tmp_path, monkeypatch):
    import shutil

    shutil.copytree(sample_county / "xihe", tmp_path / "xihe")
    shutil.copytree(sample_county / "hexie", tmp_path / "hexie")
    real = county.summarise

    def flaky(folder):
        if folder.name == "hexie":
            raise OSError("磁盘读取失败")
        return real(folder)

    monkeypatch.setattr(county, "summarise", flaky)
    with ThreadPoolExecutor(2) as pool:
        found = county.summaries(tmp_path, pool)
    assert [r.slug for r in found] == ["hexie", "xihe"]
    assert found[1].errors == {"R7": 1}
    assert found[0].errors == {"读取": 1}
    assert "磁盘读取失败" in found[0].messages[0][2]


def test_coverage_from_the_countys_village_counts(sample_county, tmp_path):
    mine = tmp_path / "coverage.toml"
    mine.write_text(
        'notes = ["目标：9月底前覆盖率100%"]\n\n'
        '[villages]\n"仁和镇" = 8\n"青山乡" = 3\n"城关街道" = 4\n"新村镇" = 5\n\n'
        '[[column]]\nid = "t"\nheader = "乡镇"\nagg = "key"\n\n'
        '[[column]]\nid = "n"\nheader = "已成立"\nagg = "count"\n\n'
        '[[column]]\nid = "v"\nheader = "村数"\nagg = "villages"\n\n'
        '[[column]]\nid = "c"\nheader = "覆盖率"\nagg = "ratio"\nnumerator = "n"\n'
        'denominator = "v"\nformat = "percent"\n',
        "utf-8",
    )
    out = county_book(tmp_path, "2026-10", str(sample_county), "--columns", str(mine))
    table = {r[0]: r for r in rows(out, "进展情况表")[3:] if r[0] and r[1] is not None}
    towns = {s.township for s in SAMPLE}
    for town, villages in (("仁和镇", 8), ("青山乡", 3), ("城关街道", 4)):
        n = sum(s.township == town for s in SAMPLE)
        assert table[town][1:4] == (n, villages, n / villages)
    assert table["新村镇"][1:4] == (0, 5, 0)  # listed, nothing set up yet
    assert table["合计"][1:4] == (len(SAMPLE), 20, len(SAMPLE) / 20)
    assert "新村镇" not in towns
    assert any(r[0] == "目标：9月底前覆盖率100%" for r in rows(out, "进展情况表"))


def test_cache_reuses_unchanged_societies_and_redoes_changed_ones(
    sample_county, tmp_path, monkeypatch
):
    import shutil

    monkeypatch.delenv("JJN_CACHE_DIR", raising=False)  # the default place: the user's cache
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    county_dir = tmp_path / "county"
    for slug in ("xihe", "hexie"):
        shutil.copytree(sample_county / slug, county_dir / slug)
    with ThreadPoolExecutor(2) as pool:
        first = county.summaries(county_dir, pool)
    assert len(list((tmp_path / "xdg" / "jjn-ledger").glob("*.json"))) == 2
    assert not list(county_dir.rglob(".jjn-cache"))  # nothing written into the books

    calls = []
    real = county.summarise_or_report

    def counting(folder):
        calls.append(folder.name)
        return real(folder)

    monkeypatch.setattr(county, "summarise_or_report", counting)
    with ThreadPoolExecutor(2) as pool:
        again = county.summaries(county_dir, pool)
    assert again == first and calls == []

    month = county_dir / "hexie" / "books" / "2026-10.beancount"
    month.write_text(
        month.read_text("utf-8")
        + """
2026-10-30 * "匿名" "社会捐赠"
  donor: "匿名"
  channel: "银行转账"
  Assets:1002-银行存款:01-基本户   100.00 CNY
  Income:4101-捐赠收入:02-社会捐赠
""",
        "utf-8",
    )
    with ThreadPoolExecutor(2) as pool:
        changed = county.summaries(county_dir, pool)
    assert calls == ["hexie"]
    assert changed[0].donations["2026-10"] == first[0].donations["2026-10"] + 100
    assert changed[1] == first[1]
    with ThreadPoolExecutor(2) as pool:
        cold = county.summaries(county_dir, pool, cache=False)
    assert cold == changed  # the cache gives exactly what a cold run gives
