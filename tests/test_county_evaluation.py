"""The yearly evaluation (003 §二 五): scores from the books, weights from data."""

from __future__ import annotations

import shutil

from cli_kit import fails, ok
from openpyxl import load_workbook

from jjn_ledger.county import engine, evaluation

PLANTED = {"xihe", "qingshan", "dongang"}  # societies the sample builds with broken rules


def test_planted_problems_rank_below_a_compliant_society(sample_county):
    rows = engine.summaries(sample_county, cache=False)
    scores = evaluation.rank(rows, evaluation.load_criteria(), 2025)
    order = [s.society.slug for s in scores]
    assert order.index("taoyuan") < min(order.index(p) for p in PLANTED)
    worst = scores[-1]
    reasons = [r for _, p, r in worst.points if p < _.weight]
    assert reasons  # every lost point has its reason


def criteria_file(path, seed: int, assemblies: int):
    path.write_text(
        f'[[criterion]]\nid = "s"\ntitle = "启动资金"\nweight = {seed}\nmeasure = "seed_ok"\n'
        f'[[criterion]]\nid = "a"\ntitle = "会员大会"\nweight = {assemblies}\n'
        'measure = "assemblies"\n',
        "utf-8",
    )
    return path


def test_changing_a_weight_changes_the_order(sample_county, tmp_path):
    county = tmp_path / "county"
    for slug in ("taoyuan", "qingshan"):
        shutil.copytree(sample_county / slug, county / slug)
    # qingshan's seed fund is short, but it held both of 2025's member assemblies (R13)
    for half, day in (("2025-H1", "2025-07-08"), ("2025-H2", "2026-01-09")):
        ok(["record", "assembly", str(county / "qingshan"), "--half", half, "--date", day])
    rows = engine.summaries(county, cache=False)
    seed_first = evaluation.load_criteria(criteria_file(tmp_path / "a.toml", 20, 5))
    meetings_first = evaluation.load_criteria(criteria_file(tmp_path / "b.toml", 5, 20))
    by_seed = [s.society.slug for s in evaluation.rank(rows, seed_first, 2025)]
    by_meetings = [s.society.slug for s in evaluation.rank(rows, meetings_first, 2025)]
    assert by_seed == ["taoyuan", "qingshan"]
    assert by_meetings == ["qingshan", "taoyuan"]


def test_the_workbook_and_bad_criteria(sample_county, tmp_path):
    out = tmp_path / "eval.xlsx"
    said = ok(["report", "evaluation", str(sample_county), "2025", "-o", str(out)])
    assert "分" in said
    wb = load_workbook(out)
    assert {"年度考评", "评分说明"} <= set(wb.sheetnames)
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[[criterion]]\nid = "x"\ntitle = "x"\nweight = 500\nmeasure = "moon"\n', "utf-8"
    )
    message = fails(["report", "evaluation", str(sample_county), "2025", "--criteria", str(bad)])
    assert "考评标准" in message and "Input should" not in message
