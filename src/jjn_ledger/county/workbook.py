"""The county workbook: every society on one row, and the monthly progress table (R14, R15).

Built only from ``county.SocietySummary`` values, never from entries, so it costs the same for
nine societies or nine thousand once the summaries are made.

Sheet 1 (互助社情况): registration, founding date, the seed fund by source and whether it meets
R2, money held, donations this year, aid this month and year to date, last activity, the zombie
flag (no aid or donation for ``oversight.zombie_months`` months before the month's end, 000
§三(三)), whether last month's aid was posted on time (R10) and the open rule problems; a totals
row.

Sheet 2 (进展情况表, R15, 000 §三(二)): one row per township and a county total; the columns are
data (``data/progress_columns.toml``, or a county's own file) so a county can match the template
its city asks for. Coverage (覆盖率) needs the number of villages per township, which no ledger
knows: the county lists them under ``[villages]`` in its file, and townships listed there get a
row even before their first society exists. ``notes`` print under the table (the targets).
"""

from __future__ import annotations

import datetime
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from openpyxl import Workbook
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from jjn_ledger.county.audit import AidCase, SocietyCases, cases_of
from jjn_ledger.county.engine import SocietySummary, by_township
from jjn_ledger.errors import JjnError
from jjn_ledger.ledger.funds import FUND_BALANCE
from jjn_ledger.ledger.idcodes import mask_name
from jjn_ledger.reports import xlsx
from jjn_ledger.reports.common import Period, month_end

ZERO = Decimal(0)


def previous_month(period: Period) -> str:
    first = period.start - datetime.timedelta(days=1)
    return f"{first:%Y-%m}"


def notice_text(row: SocietySummary, period: Period) -> str:
    """Whether last month's aid was posted on time, as the county reads it."""
    key = previous_month(period)
    if key not in row.notices:
        return "上月无救助"
    status = row.notices[key]
    return {True: "按期", False: "逾期或未公示", None: "尚未到期"}[status]


Figure = Callable[[SocietySummary, Period], Decimal | int | bool]

FIGURES: dict[str, Figure] = {
    "registered": lambda r, p: r.registered,
    "seed_ok": lambda r, p: r.seed_ok is True,
    "started_aid": lambda r, p: r.first_aid is not None and r.first_aid <= p.end,
    "zombie": lambda r, p: r.is_zombie(p.end),
    "notice_on_time": lambda r, p: notice_text(r, p) in ("按期", "上月无救助", "尚未到期"),
    "has_errors": lambda r, p: bool(r.errors),
    "aid_count_month": lambda r, p: r.aid_between(p.start, p.end)[0],
    "aid_amount_month": lambda r, p: r.aid_between(p.start, p.end)[1],
    "aid_count_ytd": lambda r, p: r.aid_between(p.year_start, p.end)[0],
    "aid_amount_ytd": lambda r, p: r.aid_between(p.year_start, p.end)[1],
    "aid_count_total": lambda r, p: r.aid_between(datetime.date(1900, 1, 1), p.end)[0],
    "aid_amount_total": lambda r, p: r.aid_between(datetime.date(1900, 1, 1), p.end)[1],
    "donations_month": lambda r, p: r.donations_between(p.start, p.end),
    "donations_ytd": lambda r, p: r.donations_between(p.year_start, p.end),
    "balance": lambda r, p: r.balance_at(p.end),
}


class Column(BaseModel):
    """One column of the progress table, as ``progress_columns.toml`` defines it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    header: str
    agg: Literal["key", "count", "sum", "ratio", "villages"]
    figure: str | None = None
    numerator: str | None = None
    denominator: str | None = None
    format: Literal["int", "money", "percent"] = "int"

    @model_validator(mode="after")
    def _complete(self) -> Column:
        if self.agg == "sum" and self.figure not in FIGURES:
            known = "、".join(FIGURES)
            raise ValueError(f"列“{self.header}”的 figure 应为以下之一：{known}")
        if self.agg == "ratio" and not (self.numerator and self.denominator):
            raise ValueError(f"列“{self.header}”是比率，须写 numerator 和 denominator")
        return self


class BadColumns(JjnError):
    def __init__(self, source: str, detail: str) -> None:
        super().__init__(f"进展情况表列定义 {source} 有误：{detail}")


@dataclass(frozen=True)
class Template:
    """The progress table as a county defines it: columns, villages per township, notes."""

    columns: tuple[Column, ...]
    villages: dict[str, int]  # township → number of villages (社区) in it, for coverage
    notes: tuple[str, ...]


def load_template(path: Path | None = None) -> Template:
    """The progress table's template: a county's file, or the packaged default."""
    source = str(path) if path else "jjn_ledger/data/progress_columns.toml"
    try:
        if path is None:
            text = resources.files("jjn_ledger").joinpath("data/progress_columns.toml")
            raw = tomllib.loads(text.read_text("utf-8"))
        else:
            raw = tomllib.loads(path.read_text("utf-8"))
        columns = tuple(Column.model_validate(c) for c in raw.get("column", []))
        villages = {str(k): int(v) for k, v in raw.get("villages", {}).items()}
        notes = tuple(str(n) for n in raw.get("notes", []))
    except (
        OSError,
        tomllib.TOMLDecodeError,
        ValidationError,
        ValueError,
        TypeError,
        AttributeError,
    ) as exc:
        raise BadColumns(source, str(exc).splitlines()[0]) from None
    ids = {c.id for c in columns}
    for c in columns:
        if c.agg == "ratio" and not {c.numerator, c.denominator} <= ids:
            raise BadColumns(source, f"列“{c.header}”引用了不存在的列")
        if c.agg == "villages" and not villages:
            raise BadColumns(source, f"列“{c.header}”需要 [villages] 表（各乡镇的村、社区数）")
    if not columns:
        raise BadColumns(source, "没有任何 [[column]]")
    return Template(columns, villages, notes)


VILLAGES_FILE = "villages.toml"


def read_village_list(folder: Path) -> dict[str, tuple[str, ...]] | None:
    """The county's list of villages (社区) per township, ``villages.toml`` in the county folder::

        [townships]
        "仁和镇" = ["桃园村", "西河村", "东岗村"]

    None when the county has not listed them (coverage cannot then be computed)."""
    path = folder / VILLAGES_FILE
    if not path.is_file():
        return None
    try:
        raw = tomllib.loads(path.read_text("utf-8"))
        towns = raw["townships"]
        return {str(k): tuple(str(v) for v in vs) for k, vs in towns.items()}
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, AttributeError) as exc:
        raise BadColumns(str(path), f"村（社区）名单格式不对：{exc}") from None


def with_village_list(
    template: Template,
    folder: Path,
    rows: Sequence[SocietySummary] = (),
    add_columns: bool = True,
) -> Template:
    """The template with coverage (R15, 000 §三(二)) from the county's village list.

    Village counts come from ``villages.toml`` unless the template lists its own; the two
    coverage columns are added when the template has none; villages without a society yet are
    named in a note, so the county sees where coverage is missing, not just the rate. A county's
    own column file (``add_columns=False``) keeps exactly the columns it chose."""
    listed = read_village_list(folder)
    if listed is None:
        if any(c.agg == "villages" for c in template.columns) and template.villages:
            return template
        note = f"覆盖率：县文件夹中没有 {VILLAGES_FILE}（各乡镇村、社区名单），无法计算。"
        return Template(template.columns, template.villages, (*template.notes, note))
    villages = template.villages or {town: len(vs) for town, vs in listed.items()}
    columns = template.columns
    if add_columns and not any(c.agg == "villages" for c in columns):
        count = next((c.id for c in columns if c.agg == "count"), None)
        columns = (*columns, Column(id="villages", header="村（社区）数（个）", agg="villages"))
        if count:
            columns = (
                *columns,
                Column(
                    id="coverage",
                    header="覆盖率",
                    agg="ratio",
                    numerator=count,
                    denominator="villages",
                    format="percent",
                ),
            )
    have = {(r.township, r.village) for r in rows}
    missing = [
        f"{town}{v}" for town, vs in sorted(listed.items()) for v in vs if (town, v) not in have
    ]
    notes = template.notes
    if missing:
        notes = (*notes, "尚未成立互助社的村（社区）：" + "、".join(missing))
    return Template(columns, villages, notes)


def _number(value: Decimal | int | bool) -> Decimal:
    return Decimal(int(value)) if isinstance(value, bool) else Decimal(value)


def progress_row(
    name: str,
    rows: Sequence[SocietySummary],
    period: Period,
    columns: Sequence[Column],
    villages: int = 0,
) -> list[object]:
    values: dict[str, Decimal] = {}
    out: list[object] = []
    for c in columns:
        if c.agg == "key":
            out.append(name)
            continue
        if c.agg == "villages":
            values[c.id] = Decimal(villages)
        elif c.agg == "count":
            values[c.id] = Decimal(len(rows))
        elif c.agg == "sum":
            figure = FIGURES[c.figure or ""]
            values[c.id] = sum((_number(figure(r, period)) for r in rows), ZERO)
        else:
            den = values.get(c.denominator or "", ZERO)
            values[c.id] = values.get(c.numerator or "", ZERO) / den if den else ZERO
        value = values[c.id]
        out.append(
            value if c.format == "money" else float(value) if c.format == "percent" else int(value)
        )
    return out


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

    from jjn_ledger.county.engine import map_societies

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

    spec = template or load_template()
    cols = spec.columns
    progress = xlsx.add_sheet(
        wb,
        "进展情况表",
        [10.0 if c.agg == "key" else max(8.5, min(len(c.header) * 1.2, 13.0)) for c in cols],
    )
    progress.title(
        f"{county}完善村（社区）“救急难”互助社运作机制进展情况表",
        f"填报期间：{period.label}（截至 {month_end(period.end.year, period.end.month)}）",
    )
    progress.header([c.header for c in cols])
    groups = by_township(rows)
    for name in sorted(set(groups) | set(spec.villages)):
        line = progress_row(name, groups.get(name, []), period, cols, spec.villages.get(name, 0))
        _progress_line(progress, line, cols)
    total = progress_row("合计", rows, period, cols, sum(spec.villages.values()))
    _progress_line(progress, total, cols, bold=True)
    for note in spec.notes:
        progress.note(note)
    progress.finish(landscape=True)
    return wb


def _progress_line(
    sheet: xlsx.Sheet, values: list[object], cols: Sequence[Column], bold: bool = False
) -> None:
    row = sheet.line(values, bold=bold)
    for i, c in enumerate(cols, start=1):
        if c.format == "percent":
            sheet.ws.cell(row, i).number_format = "0.0%"
        elif c.format == "int":
            sheet.ws.cell(row, i).number_format = "0"
