"""The county workbook: every society on one row, its cross-village duplicates, the progress table.

Built only from ``county.summary.SocietySummary`` values, never from entries, so it costs the
same for nine societies or nine thousand once the summaries are made.

The society sheets (R14, R15): 互助社情况 — registration, founding date, the seed fund by source
and whether it meets R2, money held, donations this year; 救助与监督 — aid this month and year
to date, last activity, the zombie flag (no aid or donation for ``oversight.zombie_months``
months before the month's end, 000 §三(三)), whether last month's aid was posted on time (R10)
and the open rule problems; each with a totals row.

跨村重复救助 (R16): the same person aided by two societies, names masked (``county.audit``).

进展情况表 (R15, 000 §三(二)): one row per township and a county total, its columns and
coverage defined by the county (``county.progress_table``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from jjn_ledger.county.audit import AidCase, SocietyCases, cases_of
from jjn_ledger.county.progress_table import Template, load_template, notice_text, progress_sheet
from jjn_ledger.county.summary import SocietySummary
from jjn_ledger.errors import JjnError
from jjn_ledger.ledger.funds import FUND_BALANCE
from jjn_ledger.ledger.idcodes import mask_name
from jjn_ledger.reports import xlsx
from jjn_ledger.reports.common import Period

ZERO = Decimal(0)


def _rule_titles() -> dict[str, str]:
    from jjn_ledger.rules import ALL

    return {m.RULE.id: m.RULE.title for m in ALL}


def _problems(row: SocietySummary) -> str:
    """Open problems as a county officer reads them: rule, its name, how many."""
    titles = _rule_titles()

    def named(rule: str) -> str:
        return f"{rule} {titles[rule]}" if rule in titles else rule

    parts = [f"{named(rule)}：{n} 个错误" for rule, n in sorted(row.errors.items())]
    parts += [f"{named(rule)}：{n} 个提示" for rule, n in sorted(row.warnings.items())]
    return "；".join(parts) or "无"


def seed_met(r: SocietySummary) -> str:
    """启动资金达标: R2's sums, and no R3 error — subsidy money from 低保/特困/临时救助 does not
    count towards the seed fund (000 §二(二)), so a society with such a receipt is not 达标."""
    if r.seed_ok is True and "R3" in r.errors:
        return "否（补助来源不合规）"
    return {True: "是", False: "否", None: "筹集中"}[r.seed_ok]


# Two sheets, each readable at ≥ 8 pt on landscape A4 (measured by the render test): money
# and the seed fund on the first, aid and oversight on the second; the society is named by its
# village (the county and township are in the title and the second column).
FUND_HEADERS = (
    ("序号", 4.5),
    ("乡镇（街道）", 10),
    ("互助社", 10),
    ("登记/备案", 9),
    ("成立日期", 11),
    ("县级财政补助", 11),
    ("村集体支持", 11),
    ("社会捐赠", 11),
    ("启动资金合计", 11),
    ("启动资金达标", 9),
    (FUND_BALANCE, 12),
    ("本年接受捐赠", 11),
)
AID_HEADERS = (
    ("序号", 4.5),
    ("乡镇（街道）", 10),
    ("互助社", 10),
    ("本月救助人次", 7),
    ("本月救助金额", 11),
    ("本年救助人次", 7),
    ("本年救助金额", 11),
    ("最近活动日期", 11.5),
    ("长期无活动", 9),
    ("上月救助公示", 9),
    ("存在问题", 34),
)
SOCIETY_HEADERS = tuple(h for h, _ in FUND_HEADERS) + tuple(h for h, _ in AID_HEADERS[3:])


def _last_activity(r: SocietySummary, period: Period) -> object:
    """The last day with aid or a donation, or its month where only the month is known."""
    if r.last_activity is not None and r.last_activity <= period.end:
        return r.last_activity
    month = r.last_active_month(period.end)
    if not month:
        return "无"
    year, mon = month.split("-")
    return f"{year}年{int(mon)}月"


def _short(r: SocietySummary) -> str:
    return r.village or r.name


def fund_line(i: int, r: SocietySummary, period: Period) -> list[object]:
    return [
        i,
        r.township or "",
        _short(r),
        r.registration or "未知",
        r.founded or "",
        r.seed.get("subsidy", ZERO),
        r.seed.get("collective", ZERO),
        r.seed.get("donation", ZERO),
        sum(r.seed.values(), ZERO),
        seed_met(r),
        r.balance_at(period.end),
        r.donations_between(period.year_start, period.end),
    ]


def aid_line(i: int, r: SocietySummary, period: Period) -> list[object]:
    month = r.aid_between(period.start, period.end)
    year = r.aid_between(period.year_start, period.end)
    return [
        i,
        r.township or "",
        _short(r),
        month[0],
        month[1],
        year[0],
        year[1],
        _last_activity(r, period),
        f"是（{r.idle_months(period.end)} 个月）" if r.is_zombie(period.end) else "否",
        notice_text(r, period),
        _problems(r),
    ]


def society_line(i: int, r: SocietySummary, period: Period) -> list[object]:
    """Both sheets' cells of one society, in SOCIETY_HEADERS order."""
    return fund_line(i, r, period) + aid_line(i, r, period)[3:]


def _fund_totals(rows: Sequence[SocietySummary], period: Period) -> list[object]:
    def money(fn: Callable[[SocietySummary], Decimal]) -> Decimal:
        return sum((fn(r) for r in rows), ZERO)

    return [
        "合计",
        "",
        f"{len(rows)} 个",
        f"登记 {sum(r.registered for r in rows)} 个",
        "",
        money(lambda r: r.seed.get("subsidy", ZERO)),
        money(lambda r: r.seed.get("collective", ZERO)),
        money(lambda r: r.seed.get("donation", ZERO)),
        money(lambda r: sum(r.seed.values(), ZERO)),
        f"达标 {sum(seed_met(r) == '是' for r in rows)} 个",
        money(lambda r: r.balance_at(period.end)),
        money(lambda r: r.donations_between(period.year_start, period.end)),
    ]


def _aid_totals(rows: Sequence[SocietySummary], period: Period) -> list[object]:
    month = [r.aid_between(period.start, period.end) for r in rows]
    year = [r.aid_between(period.year_start, period.end) for r in rows]
    late = sum(notice_text(r, period) == "逾期或未公示" for r in rows)
    return [
        "合计",
        "",
        f"{len(rows)} 个",
        sum(c for c, _ in month),
        sum((a for _, a in month), ZERO),
        sum(c for c, _ in year),
        sum((a for _, a in year), ZERO),
        "",
        f"{sum(r.is_zombie(period.end) for r in rows)} 个",
        f"逾期 {late} 个",
        f"有错误 {sum(bool(r.errors) for r in rows)} 个",
    ]


def _society_sheets(
    wb: Workbook, rows: Sequence[SocietySummary], period: Period, county: str
) -> None:
    when = f"{period.label}（截至 {period.end:%Y年%m月%d日}）"
    for name, title, headers, line, totals in (
        ("互助社情况", "资金情况汇总表", FUND_HEADERS, fund_line, _fund_totals),
        ("救助与监督", "救助与监督情况汇总表", AID_HEADERS, aid_line, _aid_totals),
    ):
        sheet = xlsx.add_sheet(wb, name, [w for _, w in headers])
        sheet.title(f"{county}村（社区）“救急难”互助社{title}", f"{when}    单位：元、人次")
        sheet.header([h for h, _ in headers])
        for i, r in enumerate(rows, start=1):
            sheet.line(line(i, r, period))
        sheet.line(totals(rows, period), bold=True)
        sheet.finish(landscape=True)


def _cases_or_none(folder: Path, year: int) -> SocietyCases | None:
    """One society's aid cases for R16, or None when its books cannot be read (the society
    sheets already say so for that society); module-level, for the process pool."""
    try:
        return cases_of(folder, year)
    except JjnError:
        return None


def duplicate_cases(folder: Path, year: int, executor: Any = None) -> list[SocietyCases]:
    """The cases R16 compares, from every society whose books can be read."""
    from functools import partial

    from jjn_ledger.county.parallel import map_societies

    found = map_societies(partial(_cases_or_none, year=year), folder, executor)
    return [c for c in found if c is not None]


def _duplicates_sheet(
    wb: Workbook,
    pairs: Sequence[tuple[AidCase, AidCase, str]],
    year: int,
    villages: dict[str, str],
    window_days: int,
) -> None:
    """R16 in the county workbook: the same person aided by two societies (004 §二(二)).

    County staff read names masked and no ID number (who-sees-what); the pair is matched on
    the ID number inside ``county.audit``, never printed."""
    sheet = xlsx.add_sheet(wb, "跨村重复救助", [10, 11, 8, 9, 9, 22, 10, 20])
    sheet.title(
        f"{year}年跨村（社区）重复救助线索（R16）",
        "同一人（身份证号相同）同年在两个互助社获救助：同一事项，或同一原因且相隔不超过 "
        f"{window_days} 天。姓名部分隐去，不含身份证号码。单位：元",
    )
    sheet.header(
        ("互助社", "发放日期", "对象编号", "姓名", "致困原因", "救助事项", "金额", "判断依据")
    )
    for a, b, why in pairs:
        for case in (a, b):
            sheet.line(
                (
                    villages.get(case.slug, case.society),
                    case.date,
                    case.recipient,
                    mask_name(case.name),
                    case.cause,
                    case.matter,
                    case.amount,
                    why,
                )
            )
    if not pairs:
        sheet.note("未发现跨村重复救助。")
    sheet.finish(landscape=True)


def build(
    rows: Sequence[SocietySummary],
    period: Period,
    county: str,
    template: Template | None = None,
    duplicates: Sequence[tuple[AidCase, AidCase, str]] | None = None,
    window_days: int = 90,
) -> Workbook:
    wb = xlsx.new_workbook()
    _society_sheets(wb, rows, period, county)
    if duplicates is not None:
        villages = {r.slug: r.village or r.name for r in rows}
        _duplicates_sheet(wb, duplicates, period.end.year, villages, window_days)
    progress_sheet(wb, rows, period, county, template or load_template())
    return wb
