"""The yearly evaluation (年度考评): each society scored from what its books show, ranked.

Seed: ``003_b8ec816644400867.txt`` §二 五 树立标杆引领: "每年底，各镇互助会联合会对本镇各'救急
难'互助会工作情况进行考评，推优荐能". The criteria and their weights are data
(``data/evaluation.toml``; a county passes its own), each measure a fact of the society's summary
(``county.summary``) or the rulebook's open findings — so a score is always explained by the same
numbers the county workbook and ``jjn check`` show. The workbook ranks the societies and gives,
for every point lost, the reason.
"""

from __future__ import annotations

import datetime
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Literal

from openpyxl import Workbook
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from jjn_ledger.county.summary import SocietySummary
from jjn_ledger.errors import JjnError
from jjn_ledger.ledger.messages import describe
from jjn_ledger.reports import xlsx

Measure = Literal[
    "seed_ok", "aid_given", "aid_timely", "notices_on_time", "filings", "assemblies",
    "no_problems", "active",
]  # fmt: skip


class Criterion(BaseModel):
    """One scored fact, as ``evaluation.toml`` defines it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(title="编号", min_length=1)
    title: str = Field(title="名称", min_length=1)
    weight: Decimal = Field(title="分值", ge=0, le=100)
    measure: Measure = Field(title="考评依据")
    per_problem: Decimal = Field(default=Decimal("0.2"), title="每个问题扣减", ge=0, le=1)


class Criteria(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    criterion: tuple[Criterion, ...] = Field(title="考评项目", min_length=1)


class BadCriteria(JjnError):
    def __init__(self, source: str, detail: str) -> None:
        super().__init__(f"考评标准 {source} 有误：{detail}")


def load_criteria(path: Path | None = None) -> tuple[Criterion, ...]:
    """The county's criteria file, or the packaged default."""
    source = str(path) if path else "jjn_ledger/data/evaluation.toml"
    try:
        if path is None:
            text = resources.files("jjn_ledger").joinpath("data/evaluation.toml").read_text("utf-8")
        else:
            text = path.read_text("utf-8")
        return Criteria.model_validate(tomllib.loads(text)).criterion
    except ValidationError as exc:
        raise BadCriteria(source, describe(exc, Criterion)) from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise BadCriteria(source, str(exc).splitlines()[0]) from None


Share = tuple[Decimal, str]  # (share of the weight earned, the reason in Chinese)
ONE, ZERO = Decimal(1), Decimal(0)


def _aid_months(r: SocietySummary, year: int) -> list[str]:
    return [m for m, (n, _) in r.aid.items() if m.startswith(f"{year}-") and n]


def _less(problems: int, per: Decimal, what: str) -> Share:
    if not problems:
        return ONE, f"无{what}"
    return max(ZERO, ONE - per * problems), f"{what} {problems} 个"


def _share(done: int, due: int, what: str) -> Share:
    if not due:
        return ONE, f"无需{what}"
    return Decimal(done) / due, f"{what} {done}/{due}"


def _seed(r: SocietySummary, c: Criterion, year: int) -> Share:
    if r.seed_ok:
        return ONE, "启动资金到位"
    short = "、".join(r.seed_shortfalls) or ("尚在筹集" if r.seed_ok is None else "未到位")
    return ZERO, f"启动资金未到位：{short}"


def _aid(r: SocietySummary, c: Criterion, year: int) -> Share:
    count, amount = r.aid_between(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    return (ONE if count else ZERO), f"全年救助 {count} 人次、{amount:,.2f} 元"


def _notices(r: SocietySummary, c: Criterion, year: int) -> Share:
    months = _aid_months(r, year)
    return _share(sum(1 for m in months if r.notices.get(m) is True), len(months), "按时公示月份")


def _filings(r: SocietySummary, c: Criterion, year: int) -> Share:
    months = _aid_months(r, year)
    return _share(sum(1 for m in months if m in r.filings), len(months), "已报备月份")


def _assemblies(r: SocietySummary, c: Criterion, year: int) -> Share:
    held = sum(1 for h in (f"{year}-H1", f"{year}-H2") if h in r.assemblies)
    return Decimal(held) / 2, f"召开会员大会 {held}/2 次"


def _active(r: SocietySummary, c: Criterion, year: int) -> Share:
    idle = r.idle_months(datetime.date(year, 12, 31))
    share = max(ZERO, ONE - Decimal(idle) / max(1, r.zombie_months))
    return share, f"年底已连续 {idle} 个月无活动" if idle else "年底仍在开展活动"


MEASURES: dict[str, Callable[[SocietySummary, Criterion, int], Share]] = {
    "seed_ok": _seed,
    "aid_given": _aid,
    "aid_timely": lambda r, c, y: _less(r.errors.get("R6", 0), c.per_problem, "R6 时限问题"),
    "notices_on_time": _notices,
    "filings": _filings,
    "assemblies": _assemblies,
    "no_problems": lambda r, c, y: _less(sum(r.errors.values()), c.per_problem, "未整改问题"),
    "active": _active,
}


@dataclass(frozen=True)
class Score:
    society: SocietySummary
    points: tuple[tuple[Criterion, Decimal, str], ...]  # (criterion, points earned, reason)

    @property
    def total(self) -> Decimal:
        return sum((p for _, p, _ in self.points), ZERO)


def score(r: SocietySummary, criteria: Sequence[Criterion], year: int) -> Score:
    points = []
    for c in criteria:
        share, reason = MEASURES[c.measure](r, c, year)
        points.append((c, (c.weight * share).quantize(Decimal("0.1")), reason))
    return Score(r, tuple(points))


def rank(rows: Sequence[SocietySummary], criteria: Sequence[Criterion], year: int) -> list[Score]:
    """Societies by score, highest first (ties by township and name, so the order is stable)."""
    scores = [score(r, criteria, year) for r in rows]
    return sorted(scores, key=lambda s: (-s.total, s.society.township or "", s.society.name))


def build(scores: Sequence[Score], year: int, county: str) -> Workbook:
    """The ranked workbook, with the reason for every point on the second sheet."""
    criteria = [c for c, _, _ in scores[0].points] if scores else []
    wb = xlsx.new_workbook()
    widths = [6, 10, 30, 8] + [max(8, len(c.title) * 1.4) for c in criteria]
    sheet = xlsx.add_sheet(wb, "年度考评", widths)
    sheet.title(
        f"{county}{year}年度“救急难”互助社工作考评",
        f"依据：各互助社账本；满分 {sum((c.weight for c in criteria), ZERO)} 分",
    )
    sheet.header(
        ("名次", "乡镇", "互助社", "总分", *(f"{c.title}（{c.weight}）" for c in criteria))
    )
    sheet.ws.row_dimensions[sheet.row].height = 45  # criterion titles wrap onto 2–3 lines
    for i, s in enumerate(scores, start=1):
        row = sheet.line(
            (i, s.society.township or "", s.society.name, s.total, *(p for _, p, _ in s.points))
        )
        for col in range(4, 5 + len(s.points)):
            sheet.ws.cell(row, col).number_format = "0.0"
    sheet.finish(landscape=True)
    why = xlsx.add_sheet(wb, "评分说明", [30, 22, 10, 40])
    why.title(f"{county}{year}年度考评评分说明")
    why.header(("互助社", "考评项目", "得分", "依据"))
    for s in scores:
        for c, p, reason in s.points:
            why.line((s.society.name, c.title, p, reason))
    why.finish()
    return wb
