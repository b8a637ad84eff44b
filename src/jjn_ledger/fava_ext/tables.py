"""Each audit tab as plain tables: the one model the XLSX export and the print view both render.

What an auditor takes away must be what they saw: the same rows, the same filters (Fava's bar
and the tab's own), names masked unless the screen showed them in full. So a tab is turned into
a ``Document`` (a title, the society, the period, and tables of cells) from the same ``views``
functions the screen uses, and ``export.workbook`` / the print template only lay it out.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from beancount.core import data

from jjn_ledger.fava_ext import views

Cell = str | int | Decimal | datetime.date | None
PAGE_TITLES = {"overview": "概览", "aid": "救助台账", "person": "一人一档", "notices": "公示日历"}


@dataclass(frozen=True)
class Table:
    """One table: its caption, header, rows, and an optional total line."""

    caption: str
    head: tuple[str, ...]
    rows: list[tuple[Cell, ...]]
    widths: tuple[float, ...]
    foot: tuple[Cell, ...] | None = None
    empty: str = "无记录。"
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Document:
    """A tab to take away: 互助社审计 · <tab>, for one society and period."""

    page: str
    society: str
    period: str
    masked: bool
    tables: list[Table] = field(default_factory=list)
    heading: str = ""  # a title of its own (the county table), else 互助社审计 · <tab>

    @property
    def title(self) -> str:
        return self.heading or f"互助社审计 · {PAGE_TITLES[self.page]}"

    @property
    def names_note(self) -> str:
        return "姓名已按公示规则遮盖" if self.masked else "显示全名（不含身份证号码）"


@dataclass(frozen=True)
class Request:
    """Everything a tab's document depends on (what the screen's URL says)."""

    page: str
    entries: Sequence[data.Directive]
    errors: Sequence[Any]
    options: dict[str, Any]
    today: datetime.date
    shown: views.Shown
    full: bool = False
    flt: views.AidFilter = field(default_factory=views.AidFilter)
    key: str = ""
    folder: Path | None = None


def cell_text(value: object) -> str:
    """A table cell as text (print view): money with two decimals, nothing as a dash."""
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return str(value)


def document(req: Request) -> Document:
    """The tab ``req.page`` as tables."""
    build = {"overview": _overview, "aid": _aid, "person": _person, "notices": _notices}
    page = req.page if req.page in build else "overview"
    society = str(req.options.get("title") or "")
    period, tables = build[page](req)
    return Document(page, society, period, not req.full, tables)


def _verdict_text(row: views.AidRow) -> tuple[Cell, ...]:
    cells = tuple(c.label + (f"：{c.text}" if c.text else "") for c in row.rules)
    others = "；".join(f"{v.rule} {v.label}：{v.message}" for v in row.others)
    return (*cells, others or "—", row.verdict)


def aid_table(rows: Sequence[views.AidRow], caption: str, with_person: bool = True) -> Table:
    """Register rows with the procedure dates and each aid rule's verdict."""
    rules = tuple(f"{r.id} {r.title}" for r in views.AID_RULES)
    who: tuple[str, ...] = ("编号", "救助对象") if with_person else ()
    head = ("发放日期", *who, "类别", "致困原因", "事项", "金额（元）", "形式", "来源")
    head += ("受理", "入户调查", "审批", "调查用时", "发放用时", *rules, "其他规则", "结论")
    out = []
    for r in rows:
        person: tuple[Cell, ...] = (r.key, r.name) if with_person else ()
        source = r.source + ("（先行救助）" if r.advance else "")
        dates = tuple(
            d if isinstance(d, datetime.date) else "—"
            for d in (r.accepted, r.investigated, r.approved)
        )
        out.append(
            (
                r.paid,
                *person,
                r.category,
                r.cause,
                r.matter,
                r.amount,
                r.form,
                source,
                *dates,
                r.investigate.label,
                r.pay.label,
                *_verdict_text(r),
            )
        )
    total = sum((r.amount for r in rows), Decimal(0))
    lead: tuple[Cell, ...] = ("合计", *(("", f"{len(rows)} 笔") if with_person else ()), "", "", "")
    foot = (*lead, total, *("",) * (len(head) - len(lead) - 1))
    widths = (11, *((7, 9) if with_person else ()), 9, 9, 20, 11, 6, 10, 11, 11, 11, 9, 9)
    widths += (14,) * len(rules) + (16, 8)
    return Table(caption, head, out, widths, foot, "没有符合筛选条件的救助记录。")


def _aid(req: Request) -> tuple[str, list[Table]]:
    reg = views.aid_register(req.entries, req.options, req.flt, full=req.full, shown=req.shown)
    flt = req.flt
    picked = [f"月份 {flt.month}" if flt.month else "", flt.category, flt.cause]
    note = "本页筛选：" + ("、".join(p for p in picked if p) or "无")
    table = aid_table(reg.rows, f"救助台账（{len(reg.rows)} 笔，{reg.bad} 笔不符合规则）")
    return reg.period, [Table(**{**table.__dict__, "notes": (note,)})]


def _person(req: Request) -> tuple[str, list[Table]]:
    if req.key:
        pf = views.person_file(
            req.entries, req.options, req.key, folder=req.folder, full=req.full, shown=req.shown
        )
        if pf is not None:
            return pf.period, _person_file(pf)
    lines = views.people(req.entries, req.options, full=req.full, shown=req.shown)
    head = ("编号", "姓名", "救助身份", "救助次数", "救助金额（元）", "转介服务")
    rows: list[tuple[Cell, ...]] = [
        (p.key, p.name, p.status, p.aid_count, p.aid_total, p.referrals) for p in lines
    ]
    period = views.Shown().describe(None, None) if not req.shown.active else _period(req)
    return period, [Table("救助对象名册", head, rows, (8, 10, 16, 10, 14, 10))]


def _period(req: Request) -> str:
    return req.shown.describe(*views.span_of(views.without_closing(req.entries)))


def _person_file(pf: views.PersonFile) -> list[Table]:
    about = Table(
        f"{pf.name}（{pf.key}）",
        ("户号", "户籍", "救助身份", "建档日期"),
        [(pf.household, pf.hukou, pf.status, pf.registered)],
        (10, 22, 16, 12),
        notes=("身份证号码等敏感信息不在此表，请查看原始档案。",),
    )
    aid = aid_table(pf.aid, f"已获救助（{len(pf.aid)} 笔）", with_person=False)
    refs = Table("转介服务", ("日期", "服务"), [(d, s) for d, s in pf.referrals], (12, 30))
    tables = [about, aid, refs]
    if pf.documents is not None:
        papers: list[tuple[Cell, ...]] = [
            (p.kind, "已归档" if p.present else "缺失", "、".join(p.files) or "—")
            for p in pf.documents
        ]
        missing = sum(1 for p in pf.documents if not p.present)
        caption = f"档案材料（R11）：应有 {len(papers)} 类，" + (
            f"缺少 {missing} 类" if missing else "齐全"
        )
        tables.append(Table(caption, ("材料", "状态", "文件"), papers, (16, 10, 40)))
    return tables


def _notices(req: Request) -> tuple[str, list[Table]]:
    months = views.notices(req.entries, req.options, shown=req.shown)
    head: tuple[str, ...] = (
        "公示月份",
        "救助笔数",
        "救助金额（元）",
        "最迟张贴日期（含）",
        "张贴日期",
        "撤下日期",
    )
    head += ("张贴天数", "状态", "问题（R10）")
    rows: list[tuple[Cell, ...]] = [
        (
            n.month,
            n.aid_count,
            n.aid_total,
            n.deadline,
            n.posted,
            n.removed,
            n.days_up,
            n.status,
            n.problem or "",
        )
        for n in months
    ]
    widths = (10, 9, 13, 13, 12, 12, 9, 10, 40)
    return _period(req), [
        Table("公示日历（R10）", head, rows, widths, empty="尚无救助，无需公示。")
    ]


def _overview(req: Request) -> tuple[str, list[Table]]:
    o = views.overview(req.entries, req.errors, req.options, req.today, shown=req.shown)
    s = o.seed
    seed = Table(
        f"启动资金（R2）：截至 {s.until}，{'达标' if s.ok else '不足'}",
        ("来源", "到账（元）", "下限（元）", "结论"),
        [(b.label, b.amount, b.minimum, "达标" if b.ok else "不足") for b in s.bars],
        (20, 14, 14, 8),
        foot=("合计", s.total, s.total_min, "达标" if s.ok else "不足"),
    )
    money = Table(
        f"资金余额（截至 {o.until or '—'}）",
        tuple(b.label for b in o.balances),
        [tuple(b.amount for b in o.balances)],
        (16,) * len(o.balances),
    )
    restricted = Table(
        "限定性资金（R3b）",
        ("资金", "收到（元）", "已按用途使用（元）", "结余（元）"),
        [(r.label, r.received, r.spent, r.left) for r in o.restricted],
        (20, 14, 18, 14),
    )
    months = Table(
        f"每月救助（{o.aid_count} 笔）",
        ("月份", *views.CATEGORIES, "合计（元）"),
        [
            (m.month, *(m.amounts.get(c, Decimal(0)) for c in views.CATEGORIES), m.total)
            for m in o.aid.months
        ],
        (10, 14, 14, 14),
        foot=("合计", *("",) * len(views.CATEGORIES), o.aid_total),
        empty="尚无救助记录。",
    )
    problems = Table(
        "待处理问题（按规则）",
        ("规则", "类别", "问题", "位置"),
        [
            (g.rule, "错误" if r.problem.severity == "error" else "提示", r.problem.message, _at(r))
            for g in o.problems
            for r in g.rows
        ],
        (8, 6, 70, 26),
        empty="未发现问题：账本符合已检查的全部规则。",
        notes=(f"另有 {o.hidden_problems} 个问题不在所选范围内。",) if o.hidden_problems else (),
    )
    return o.period, [seed, money, restricted, months, problems]


def _at(row: views.ProblemRow) -> str:
    if not row.problem.file:
        return ""
    return f"{Path(row.problem.file).parent.name}/{Path(row.problem.file).name}:{row.problem.line}"
