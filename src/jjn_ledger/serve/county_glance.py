"""The county at a glance: one line per township, drawn on the server as SVG (no script).

For each township: its societies by status (合规 / 有问题 / 汇总中), how many have their seed
fund in place (R2), and the aid paid per month over the last twelve months of the books — the
three questions a county officer asks before opening any society. The drawing is a list of
plain shapes computed here (so its numbers are tested) and written out by ``county.html``.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from jjn_ledger.serve.county_table import CountyRow

COLOURS = {"合规": "#4a9d5b", "有问题": "#d9534f", "汇总中": "#bbbbbb"}
ROW = 34
TOP = 26
NAME_W = 110
STATUS_X, STATUS_W = 120, 300
SEED_X, SEED_W = 470, 140
AID_X, AID_W = 640, 300
WIDTH = AID_X + AID_W + 10


@dataclass(frozen=True)
class Shape:
    """One SVG element: a rect (with a tooltip) or a text."""

    kind: str  # "rect" / "text"
    x: float
    y: float
    w: float = 0.0
    h: float = 0.0
    fill: str = "#000"
    text: str = ""
    anchor: str = "start"


@dataclass(frozen=True)
class Township:
    name: str
    by_status: dict[str, int]
    seed_ok: int
    societies: int
    aid: list[tuple[str, Decimal]]  # (month, amount) for the chart's months


@dataclass(frozen=True)
class Glance:
    townships: list[Township]
    months: list[str]
    shapes: list[Shape]

    @property
    def height(self) -> int:
        return TOP + ROW * len(self.townships) + 24

    width: int = WIDTH


def last_months(rows: Sequence[CountyRow], count: int = 12) -> list[str]:
    """The last ``count`` months up to the latest month any summarised society has aid in."""
    months = [m for r in rows if r.summary for m in r.summary.aid]
    if not months:
        return []
    y, m = int(max(months)[:4]), int(max(months)[5:7])
    out = []
    for _ in range(count):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return out[::-1]


def townships(rows: Sequence[CountyRow], months: Sequence[str]) -> list[Township]:
    groups: dict[str, list[CountyRow]] = defaultdict(list)
    for row in rows:
        groups[row.township or "（汇总中）"].append(row)
    out = []
    for name in sorted(groups):
        members = groups[name]
        status = {s: sum(1 for r in members if r.status == s) for s in COLOURS}
        aid = [
            (
                m,
                sum(
                    (r.summary.aid.get(m, (0, Decimal(0)))[1] for r in members if r.summary),
                    Decimal(0),
                ),
            )
            for m in months
        ]
        seed = sum(1 for r in members if r.seed == "达标")
        out.append(Township(name, status, seed, len(members), aid))
    return out


def glance(rows: Sequence[CountyRow]) -> Glance:
    """The drawing for these rows (normally the whole county, or the filtered rows)."""
    months = last_months(rows)
    towns = townships(rows, months)
    most = max((t.societies for t in towns), default=1) or 1
    top_aid = max((a for t in towns for _, a in t.aid), default=Decimal(0))
    shapes = _headings(months)
    for i, town in enumerate(towns):
        y = TOP + i * ROW
        shapes.append(Shape("text", 0, y + 17, text=town.name))
        shapes += _status_bar(town, y, most)
        shapes += _seed_bar(town, y)
        shapes += _aid_bars(town, y, len(months), top_aid)
    return Glance(towns, months, shapes)


def _headings(months: Sequence[str]) -> list[Shape]:
    """The three columns' headings."""
    return [
        Shape("text", STATUS_X, 14, text="互助社（按状态）"),
        Shape("text", SEED_X, 14, text="启动资金到位（R2）"),
        Shape(
            "text",
            AID_X,
            14,
            text=f"每月救助金额（{months[0]} 至 {months[-1]}）" if months else "每月救助金额",
        ),
    ]


def _status_bar(town: Township, y: int, most: int) -> list[Shape]:
    """The township's societies by status, stacked, scaled to the largest township."""
    shapes = []
    x = float(STATUS_X)
    for status, count in town.by_status.items():
        if count:
            w = STATUS_W * count / most
            shapes.append(
                Shape(
                    "rect",
                    x,
                    y + 4,
                    w,
                    20,
                    COLOURS[status],
                    f"{town.name} {status}：{count} 个",
                )
            )
            x += w
    shapes.append(Shape("text", x + 6, y + 18, text=f"{town.societies} 个"))
    return shapes


def _seed_bar(town: Township, y: int) -> list[Shape]:
    """The share of the township's societies whose seed fund is in place (R2)."""
    ok_w = SEED_W * town.seed_ok / town.societies if town.societies else 0
    return [
        Shape("rect", SEED_X, y + 4, SEED_W, 20, "#eeeeee", f"{town.name} 共 {town.societies} 个"),
        Shape(
            "rect",
            SEED_X,
            y + 4,
            ok_w,
            20,
            "#4a90c2",
            f"{town.name} 启动资金达标 {town.seed_ok} 个",
        ),
        Shape("text", SEED_X + SEED_W + 6, y + 18, text=f"{town.seed_ok}/{town.societies}"),
    ]


def _aid_bars(town: Township, y: int, months: int, top_aid: Decimal) -> list[Shape]:
    """Aid paid per month, one bar a month, scaled to the largest month of any township."""
    bar = AID_W / max(months, 1)
    shapes = []
    for j, (month, amount) in enumerate(town.aid):
        h = float(amount / top_aid) * 26 if top_aid else 0.0
        shapes.append(
            Shape(
                "rect",
                AID_X + j * bar + 1,
                y + 28 - h,
                bar - 2,
                h,
                "#f0ad4e",
                f"{town.name} {month}：{amount:,.2f} 元",
            )
        )
    return shapes


def as_of(rows: Sequence[CountyRow]) -> datetime.date | None:
    dates = [r.summary.as_of for r in rows if r.summary and r.summary.as_of]
    return max(dates) if dates else None
