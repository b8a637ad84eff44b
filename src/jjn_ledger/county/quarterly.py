"""The county's quarterly progress note (季度工作进展情况), drafted from the county's figures.

Seed: ``000_5491b89b33d14de1.txt`` §三(二) 实行定期报告: "每季度次月2日前报送工作进展情况、问题
建议等（不超过500字）". County staff write this note by hand today from the monthly tables; this
drafts it from the same figures — the county workbook's ``FIGURES`` over the quarter, the
summaries of ``county.engine`` — so no number is computed a second way, and it stays within the
500 characters the province allows. The workbook's first sheet holds the note in one cell for
staff to edit; the second lists every figure the note quotes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from jjn_ledger.county.progress_table import FIGURES, Template, load_template
from jjn_ledger.county.summary import SocietySummary
from jjn_ledger.ledger.formats import money
from jjn_ledger.reports import xlsx
from jjn_ledger.reports.common import Period

LIMIT = 500  # characters, 000 §三(二)


@dataclass(frozen=True)
class Figures:
    """The quarter's figures for the whole county, each from the county workbook's definitions."""

    societies: int
    registered: int
    villages: int  # 0 when the county's template lists no villages
    seed_ok: int
    started_aid: int
    aid_count: int
    aid_amount: Decimal
    aid_count_ytd: int
    aid_amount_ytd: Decimal
    donations: Decimal
    timed: int  # payments with an application date in the quarter
    days: int  # their days from application to payment, summed
    with_errors: int
    zombies: int
    rules: tuple[tuple[str, int], ...]  # (rule id, societies with an open error of it)

    @property
    def coverage(self) -> Decimal | None:
        """Share of villages with a society (R15), or None without the county's village list."""
        return Decimal(self.societies) / self.villages if self.villages else None

    @property
    def average_days(self) -> Decimal | None:
        return (Decimal(self.days) / self.timed).quantize(Decimal("0.1")) if self.timed else None


def _sum(rows: Sequence[SocietySummary], period: Period, figure: str) -> Decimal:
    return sum(
        (
            Decimal(int(v) if isinstance(v, bool) else v)
            for v in (FIGURES[figure](r, period) for r in rows)
        ),
        Decimal(0),
    )


def figures(rows: Sequence[SocietySummary], period: Period, template: Template) -> Figures:
    """The county's figures for the quarter ``period``."""
    rules: Counter[str] = Counter()
    for r in rows:
        rules.update(r.errors.keys())
    timed = [r.aid_days_between(period.start, period.end) for r in rows]
    return Figures(
        societies=len(rows),
        registered=int(_sum(rows, period, "registered")),
        villages=sum(template.villages.values()),
        seed_ok=int(_sum(rows, period, "seed_ok")),
        started_aid=int(_sum(rows, period, "started_aid")),
        aid_count=int(_sum(rows, period, "aid_count_month")),
        aid_amount=_sum(rows, period, "aid_amount_month"),
        aid_count_ytd=int(_sum(rows, period, "aid_count_ytd")),
        aid_amount_ytd=_sum(rows, period, "aid_amount_ytd"),
        donations=_sum(rows, period, "donations_month"),
        timed=sum(n for _, n in timed),
        days=sum(d for d, _ in timed),
        with_errors=int(_sum(rows, period, "has_errors")),
        zombies=int(_sum(rows, period, "zombie")),
        rules=tuple(sorted(rules.items(), key=lambda kv: (-kv[1], kv[0]))),
    )


def _sentences(county: str, period: Period, f: Figures) -> list[tuple[bool, str]]:
    """(needed, sentence) in the note's order; optional ones go first when space runs out."""
    coverage = f"，覆盖 {f.coverage:.1%} 的村（社区）" if f.coverage is not None else ""
    speed = f"，从受理到发放平均 {f.average_days} 天" if f.average_days is not None else ""
    out = [
        (True, f"{county}{period.label}“救急难”互助社工作进展情况。"),
        (
            True,
            f"一、基本情况。全县已建立互助社 {f.societies} 个{coverage}，其中登记为社会团体 "
            f"{f.registered} 个；启动资金到位 {f.seed_ok} 个，已开展救助 {f.started_aid} 个。",
        ),
        (
            True,
            f"本季度救助 {f.aid_count} 人次、{money(f.aid_amount)} 元{speed}；本年累计救助 "
            f"{f.aid_count_ytd} 人次、{money(f.aid_amount_ytd)} 元；本季度接收社会捐赠 "
            f"{money(f.donations)} 元。",
        ),
    ]
    problems = [f"{f.with_errors} 个互助社账目存在未整改问题"] if f.with_errors else []
    if f.rules:
        top = "、".join(f"{rule} {n} 个" for rule, n in f.rules[:4])
        problems[0] += f"（{top}）"
    if f.zombies:
        problems.append(f"{f.zombies} 个互助社长期无活动")
    if f.societies - f.seed_ok:
        problems.append(f"{f.societies - f.seed_ok} 个互助社启动资金未到位")
    out.append(
        (True, "二、存在问题。" + ("；".join(problems) if problems else "未发现突出问题") + "。")
    )
    advice = []
    if f.with_errors:
        advice.append("对照规则逐项整改，整改情况纳入年度考评")
    if f.zombies:
        advice.append("对长期无活动的互助社督促开展工作，确无条件的依法注销")
    if f.societies - f.seed_ok:
        advice.append("督促补足启动资金，不得使用低保、特困、临时救助资金")
    advice.append("继续动员社会力量捐赠，按月公示救助情况，接受群众监督")
    out.append((False, "三、下一步建议。" + "；".join(advice) + "。"))
    return out


def note(county: str, period: Period, f: Figures) -> str:
    """The note, at most ``LIMIT`` characters: optional sentences dropped first if needed."""
    sentences = _sentences(county, period, f)
    text = "".join(s for _, s in sentences)
    if len(text) > LIMIT:
        text = "".join(s for needed, s in sentences if needed)
    return text[:LIMIT]


def table(f: Figures) -> list[tuple[str, object]]:
    """Every figure the note quotes, as (指标, 数值) rows."""
    rows: list[tuple[str, object]] = [
        ("互助社总数（个）", f.societies),
        ("登记为社会团体（个）", f.registered),
        ("启动资金到位（个）", f.seed_ok),
        ("已开展救助（个）", f.started_aid),
        ("本季度救助人次", f.aid_count),
        ("本季度救助金额（元）", f.aid_amount),
        ("本年累计救助人次", f.aid_count_ytd),
        ("本年累计救助金额（元）", f.aid_amount_ytd),
        ("本季度接收社会捐赠（元）", f.donations),
        ("有未整改问题的互助社（个）", f.with_errors),
        ("长期无活动的互助社（个）", f.zombies),
    ]
    if f.coverage is not None:
        rows.insert(1, ("村（社区）覆盖率", f"{f.coverage:.1%}"))
    if f.average_days is not None:
        rows.append(("从受理到发放平均天数", f"{f.average_days}"))
    rows += [(f"问题：{rule}（个互助社）", n) for rule, n in f.rules]
    return rows


def build(
    rows: Sequence[SocietySummary], period: Period, county: str, template: Template | None = None
) -> tuple[Workbook, str]:
    """The quarterly workbook (note + figures) and the note itself."""
    f = figures(rows, period, template or load_template())
    text = note(county, period, f)
    wb = xlsx.new_workbook()
    sheet = xlsx.add_sheet(wb, "季度进展", [84])
    sheet.title(
        f"{county}{period.label}工作进展情况", f"（{len(text)} 字，不超过 {LIMIT} 字；可直接修改）"
    )
    sheet.row += 1
    cell = sheet.ws.cell(sheet.row, 1, xlsx.safe_text(text))
    cell.font = Font(name=xlsx.FONT, size=12)
    cell.alignment = Alignment(vertical="top", wrap_text=True)
    sheet.ws.row_dimensions[sheet.row].height = 12 * 1.6 * (len(text) // 40 + 2)
    sheet.finish()
    data = xlsx.add_sheet(wb, "主要数据", [36, 20])
    data.title(f"{county}{period.label}主要数据", "数据来源：各互助社账本（与县级汇总表同一口径）")
    data.header(("指标", "数值"))
    for label, value in table(f):
        data.line((label, value))
    data.finish()
    return wb, text
