"""The county overview's table: one row per society, filtered, sorted and paged for hundreds.

Pure functions over the rows the server holds (``CountyRow``: a society and, once summarised,
its ``county.summary.SocietySummary``), so the page, the Excel export and the print view show the
same societies in the same order for the same query, and each piece is tested without a server.
The query is plain GET parameters (``township``, ``rule``, ``status``, ``q``, ``sort``,
``order``, ``page``, ``per``): every view is a link an auditor can keep or send.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from jjn_ledger.fava_ext.verdicts import rule_titles

ZERO = Decimal(0)
STATUSES = ("有问题", "合规", "汇总中")
PER_PAGE = (25, 50, 100, 0)  # 0: all on one page
SORTS = {
    "": "序号",
    "name": "互助社",
    "township": "乡镇",
    "balance": "货币资金",
    "aid": "累计救助金额",
    "last": "最近救助",
    "problems": "问题数",
}


@dataclass(frozen=True)
class RuleCount:
    rule: str
    title: str
    errors: int
    warnings: int

    @property
    def text(self) -> str:
        parts = [f"{self.errors} 个错误"] if self.errors else []
        parts += [f"{self.warnings} 个提示"] if self.warnings else []
        return f"{self.rule} {self.title}：{'，'.join(parts)}"


@dataclass(frozen=True)
class CountyRow:
    """One society on the county page; ``summary`` is None until it has been summarised."""

    index: int  # position in folder order, from 1
    slug: str
    title: str
    url: str  # the society's audit page
    months: str  # 账期, known without loading the books
    summary: Any | None = None
    failed: str | None = None

    @property
    def ready(self) -> bool:
        return self.summary is not None

    @property
    def township(self) -> str:
        return str(getattr(self.summary, "township", None) or "")

    @property
    def errors(self) -> int:
        return sum(self.summary.errors.values()) if self.summary else 0

    @property
    def warnings(self) -> int:
        return sum(self.summary.warnings.values()) if self.summary else 0

    @property
    def status(self) -> str:
        if self.summary is None:
            return "汇总中"
        return "有问题" if self.errors else "合规"

    @property
    def rules(self) -> list[RuleCount]:
        """Each rule with open problems, named, in rule order."""
        if self.summary is None:
            return []
        titles = rule_titles()
        ids = set(self.summary.errors) | set(self.summary.warnings)
        return [
            RuleCount(
                r,
                titles.get(r, "账本读取" if r == "读取" else "账本格式"),
                self.summary.errors.get(r, 0),
                self.summary.warnings.get(r, 0),
            )
            for r in sorted(ids, key=rule_order)
        ]

    @property
    def balance(self) -> Decimal:
        return self.summary.balance if self.summary else ZERO

    @property
    def aid(self) -> tuple[int, Decimal]:
        if self.summary is None:
            return 0, ZERO
        values = list(self.summary.aid.values())
        return sum(n for n, _ in values), sum((a for _, a in values), ZERO)

    @property
    def seed(self) -> str:
        if self.summary is None:
            return "…"
        return {True: "达标", False: "不足", None: "未到期限"}[self.summary.seed_ok]

    @property
    def notices_late(self) -> int:
        return sum(1 for ok in self.summary.notices.values() if ok is False) if self.summary else 0

    @property
    def last_aid(self) -> datetime.date | None:
        return self.summary.last_aid if self.summary else None

    @property
    def registration(self) -> str:
        return str(getattr(self.summary, "registration", None) or "")


def rule_order(rule: str) -> tuple[int, str]:
    digits = "".join(c for c in rule if c.isdigit())
    return (int(digits) if digits else 999, rule)


@dataclass(frozen=True)
class Query:
    """What the auditor asked the table for (all strings empty: every society, folder order)."""

    township: str = ""
    rule: str = ""
    status: str = ""
    q: str = ""
    sort: str = ""
    order: str = "asc"
    page: int = 1
    per: int = 50

    @classmethod
    def of(cls, args: Mapping[str, str]) -> Query:
        def number(name: str, default: int) -> int:
            try:
                return max(0, int(args.get(name, default)))
            except (TypeError, ValueError):
                return default

        per = number("per", 50)
        return cls(
            township=args.get("township", ""),
            rule=args.get("rule", ""),
            status=args.get("status", "") if args.get("status", "") in STATUSES else "",
            q=args.get("q", "").strip(),
            sort=args.get("sort", "") if args.get("sort", "") in SORTS else "",
            order="desc" if args.get("order") == "desc" else "asc",
            page=max(1, number("page", 1)),
            per=per if per in PER_PAGE else 50,
        )

    def keep(self, row: CountyRow) -> bool:
        if self.township and row.township != self.township:
            return False
        if self.status and row.status != self.status:
            return False
        if self.rule and self.rule not in {r.rule for r in row.rules}:
            return False
        return not self.q or self.q in row.title

    def args(self, **change: object) -> dict[str, str]:
        """This query as GET parameters (defaults left out), with ``change`` applied."""
        picked = replace(self, **change)  # type: ignore[arg-type]
        out = {
            "township": picked.township,
            "rule": picked.rule,
            "status": picked.status,
            "q": picked.q,
            "sort": picked.sort,
            "order": picked.order if picked.order != "asc" else "",
            "page": str(picked.page) if picked.page != 1 else "",
            "per": str(picked.per) if picked.per != 50 else "",
        }
        return {k: v for k, v in out.items() if v}

    @property
    def narrowed(self) -> bool:
        return bool(self.township or self.rule or self.status or self.q)


def _sort_key(name: str) -> Any:
    keys: dict[str, Any] = {
        "": lambda r: r.index,
        "name": lambda r: r.title,
        "township": lambda r: (r.township, r.index),
        "balance": lambda r: (r.balance, r.index),
        "aid": lambda r: (r.aid[1], r.index),
        "last": lambda r: (r.last_aid or datetime.date.min, r.index),
        "problems": lambda r: (r.errors, r.warnings, r.index),
    }
    return keys[name]


@dataclass(frozen=True)
class Totals:
    societies: int
    ready: int
    with_problems: int
    seed_ok: int
    balance: Decimal
    aid_count: int
    aid_amount: Decimal
    errors: int
    warnings: int


def totals(rows: Sequence[CountyRow]) -> Totals:
    return Totals(
        societies=len(rows),
        ready=sum(1 for r in rows if r.ready),
        with_problems=sum(1 for r in rows if r.errors),
        seed_ok=sum(1 for r in rows if r.seed == "达标"),
        balance=sum((r.balance for r in rows), ZERO),
        aid_count=sum(r.aid[0] for r in rows),
        aid_amount=sum((r.aid[1] for r in rows), ZERO),
        errors=sum(r.errors for r in rows),
        warnings=sum(r.warnings for r in rows),
    )


@dataclass(frozen=True)
class Selection:
    """The rows a query keeps (all of them, for totals and export) and the page shown."""

    query: Query
    kept: list[CountyRow]
    page_rows: list[CountyRow]
    pages: int
    totals: Totals
    townships: list[str] = field(default_factory=list)
    rules: list[tuple[str, str]] = field(default_factory=list)  # (id, title) with problems


def select(rows: Sequence[CountyRow], query: Query) -> Selection:
    """Filter, sort and page the rows; the choices of each filter come from all rows."""
    kept = sorted(
        (r for r in rows if query.keep(r)),
        key=_sort_key(query.sort),
        reverse=query.order == "desc",
    )
    per = query.per or max(len(kept), 1)
    pages = max(1, math.ceil(len(kept) / per))
    page = min(query.page, pages)
    shown = kept[(page - 1) * per : page * per]
    found: dict[str, str] = {}
    for row in rows:
        for r in row.rules:
            found.setdefault(r.rule, r.title)
    return Selection(
        query=replace(query, page=page),
        kept=kept,
        page_rows=shown,
        pages=pages,
        totals=totals(kept),
        townships=sorted({r.township for r in rows if r.township}),
        rules=[(k, found[k]) for k in sorted(found, key=rule_order)],
    )
