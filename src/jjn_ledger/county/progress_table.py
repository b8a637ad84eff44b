"""The progress table (进展情况表, R15, 000 §三(二)): one row per township and a county total.

The columns are data (``data/progress_columns.toml``, or a county's own file) so a county can
match the template its city asks for; each summed column names one of ``FIGURES``, the figures
read off a ``SocietySummary`` for a period (the quarterly note sums the same ones). Coverage
(覆盖率) needs the number of villages per township, which no ledger knows: the county lists them
under ``[villages]`` in its file, or village by village in ``villages.toml`` in the county
folder, and townships listed there get a row even before their first society exists. ``notes``
print under the table (the targets). The county workbook (``county.workbook``) ends with this
sheet.
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
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from jjn_ledger.county.summary import SocietySummary, by_township
from jjn_ledger.errors import JjnError
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


def progress_sheet(
    wb: Workbook,
    rows: Sequence[SocietySummary],
    period: Period,
    county: str,
    spec: Template,
) -> None:
    """The progress table as a sheet of ``wb``: a row per township, the total, the notes."""
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


def _progress_line(
    sheet: xlsx.Sheet, values: list[object], cols: Sequence[Column], bold: bool = False
) -> None:
    row = sheet.line(values, bold=bold)
    for i, c in enumerate(cols, start=1):
        if c.format == "percent":
            sheet.ws.cell(row, i).number_format = "0.0%"
        elif c.format == "int":
            sheet.ws.cell(row, i).number_format = "0"
