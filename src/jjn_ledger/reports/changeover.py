"""新旧制度衔接: from the 2004 standard to the 2024 one, at 2025-12-31 → 2026-01-01.

财会〔2025〕6号 has a society draw up a 科目余额表 at 2025-12-31 and open its 2026 books from it,
mapping each old account to a new one. ``jjn report changeover`` does exactly that:

1. refuses while a year up to 2025 is open (years close in order, ``reports.closing``): after
   closing, income and expense accounts are zero and only 资产、负债、净资产 carry over;
2. writes the 科目余额表 (期初余额, 本年借方, 本年贷方, 期末余额 per account, the closing entries
   included, because this is the ledger's own trial balance) with the new account beside each
   old one, and a 新旧科目对照 sheet;
3. through ``write.safe.commit_to_file`` (checked by the rules, refused on a new error, books
   unchanged on failure) writes on 2026-01-01, into ``society.beancount`` beside the profile
   (where every writing command reads the society's chart from): an ``open`` for the new
   counterpart of every account the society opened, one ``新旧制度衔接`` transaction moving
   each balance whose account changes, and the record
   ``custom "jjn-changeover" "2026"`` (from, mapping) that tells the books their chart from then on.

The mapping is data (``chart.toml`` ``[changeover.2026]``), so a county that receives the
official chart corrects a pair without a release. Old accounts stay open: books that were
already kept in 2026 under the old codes still load, and every statement places their postings
by ``ledger.chart.code_under`` (2025's 5201 管理费用 is 2026's 5301 管理费用).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from beancount.core import data
from openpyxl import Workbook

from jjn_ledger.errors import JjnError
from jjn_ledger.ledger.chart import changeover_map, code_under, official_accounts
from jjn_ledger.ledger.society import Society
from jjn_ledger.reports import xlsx
from jjn_ledger.reports.closing import open_years_before
from jjn_ledger.write import render as writer

CHANGEOVER = "jjn-changeover"
TO = "2026"
ZERO = Decimal(0)


class CannotChangeOver(JjnError):
    """The changeover cannot be written (already done, or a year is still open)."""


@dataclass(frozen=True)
class TrialLine:
    """One line of the 科目余额表 (Beancount signs: debit positive)."""

    account: str
    opening: Decimal
    debit: Decimal
    credit: Decimal
    closing: Decimal
    new_account: str


def new_account(account: str, standard: str = TO) -> str:
    """The account under ``standard``: its code mapped, its name the new chart's."""
    parts = account.split(":")
    if len(parts) < 2 or "-" not in parts[1]:
        return account
    code = code_under(account, standard)
    names = {a.code: a.name for a in official_accounts(standard)}
    old_code, old_name = parts[1].split("-", 1)
    if code == old_code and names.get(code, old_name) == old_name:
        return account
    return ":".join([parts[0], f"{code}-{names.get(code, old_name)}", *parts[2:]])


def trial_balance(entries: Sequence[data.Directive], last_day: datetime.date) -> list[TrialLine]:
    """Every account with a posting up to ``last_day``: the year's movements and balances."""
    start = datetime.date(last_day.year, 1, 1)
    opening: dict[str, Decimal] = defaultdict(Decimal)
    debit: dict[str, Decimal] = defaultdict(Decimal)
    credit: dict[str, Decimal] = defaultdict(Decimal)
    for e in entries:
        if not isinstance(e, data.Transaction) or e.date > last_day:
            continue
        for p in e.postings:
            if p.units is None or p.units.number is None:
                continue
            if e.date < start:
                opening[p.account] += p.units.number
            elif p.units.number > 0:
                debit[p.account] += p.units.number
            else:
                credit[p.account] -= p.units.number
    accounts = sorted(set(opening) | set(debit) | set(credit))
    return [
        TrialLine(
            a, opening[a], debit[a], credit[a], opening[a] + debit[a] - credit[a], new_account(a)
        )
        for a in accounts
    ]


def done(entries: Sequence[data.Directive]) -> bool:
    return any(isinstance(e, data.Custom) and e.type == CHANGEOVER for e in entries)


def build_entries(society: Society) -> tuple[list[TrialLine], list[data.Directive]]:
    """The 科目余额表 and the 2026-01-01 entries, or a Chinese error saying why not."""
    entries = society.loaded.entries
    old, mapping = changeover_map(TO)
    last_day = datetime.date(int(TO) - 1, 12, 31)
    if done(entries):
        raise CannotChangeOver("已完成新旧会计制度衔接，不能重复执行")
    open_years = open_years_before(entries, int(TO))
    if open_years:
        years = "、".join(str(y) for y in open_years)
        raise CannotChangeOver(
            f"{years} 年尚未结账：须先按年度顺序年末结转（jjn report close-books），"
            "再按科目余额表衔接新制度"
        )
    lines = trial_balance(entries, last_day)
    first = last_day + datetime.timedelta(days=1)
    opened = [e.account for e in entries if isinstance(e, data.Open)]
    known = set(opened)
    out: list[data.Directive] = []
    # every account the society opened gets its new counterpart, used or not, so that what
    # the treasurer records from 2026 on (into the new chart) has an open account
    for account in [*opened, *(ln.account for ln in lines)]:
        target = new_account(account)
        if target != account and target not in known:
            out.append(writer.open_account(first, target))
            known.add(target)
    moves = [ln for ln in lines if ln.new_account != ln.account and ln.closing]
    if moves:
        postings: list[tuple[str, Decimal | None]] = []
        for ln in moves:
            postings += [(ln.account, -ln.closing), (ln.new_account, ln.closing)]
        out.append(
            writer.transaction(
                first, "新旧制度衔接", "按科目余额表转入新科目", postings, {"changeover": TO}
            )
        )
    pairs = "；".join(f"{k}→{v}" for k, v in sorted(mapping.items()))
    out.append(writer.custom(first, CHANGEOVER, [TO], {"from": old, "mapping": pairs or "（无）"}))
    return lines, out


def workbook(society: Society, lines: Sequence[TrialLine]) -> Workbook:
    """科目余额表 at 2025-12-31 with the new account beside each line, and the code mapping."""
    old, mapping = changeover_map(TO)
    wb = xlsx.new_workbook()
    sheet = xlsx.add_sheet(wb, "科目余额表", [34, 13, 13, 13, 13, 34])
    sheet.title(
        "科目余额表",
        f"编制单位：{society.name}",
        f"截至 {int(TO) - 1}年12月31日（新旧会计制度衔接用）    单位：元    借方为正、贷方为负",
    )
    sheet.header(
        ("会计科目", "年初余额", "本年借方", "本年贷方", "期末余额", "衔接后科目（2026年起）")
    )
    for ln in lines:
        new = "同左" if ln.new_account == ln.account else ln.new_account.split(":", 1)[1]
        sheet.line((ln.account.split(":", 1)[1], ln.opening, ln.debit, ln.credit, ln.closing, new))
    total = sum((ln.closing for ln in lines), ZERO)
    sheet.line(("合计（借贷平衡时为 0）", "", "", "", total, ""), bold=True)
    sheet.note(
        "注：2026 年起执行财会〔2024〕25号；新科目编码依据二手资料，尚未与官方文本核对，"
        "待县级财政部门确认（chart.toml 中 verified = false）。"
    )
    sheet.finish(landscape=True)
    pairs = xlsx.add_sheet(wb, "新旧科目对照", [14, 22, 14, 22, 10])
    pairs.title("新旧科目对照", f"原制度 {old} → 新制度 {TO}")
    pairs.header(("原科目编码", "原科目名称", "新科目编码", "新科目名称", "已核实"))
    names_old = {a.code: a.name for a in official_accounts(old)}
    new_accounts = {a.code: a for a in official_accounts(TO)}
    for code, name in sorted(names_old.items()):
        target = mapping.get(code, code)
        acc = new_accounts.get(target)
        pairs.line(
            (
                code,
                name,
                target,
                acc.name if acc else "（新制度无此科目）",
                "是" if acc and acc.verified else "否",
            )
        )
    pairs.finish()
    return wb


def change_over(
    society: Society, dry_run: bool = False
) -> tuple[list[TrialLine], list[data.Directive]]:
    """Build, check and (unless ``dry_run``) write the changeover through the safe path."""
    lines, entries = build_entries(society)
    if not dry_run:
        from jjn_ledger.ledger import layout
        from jjn_ledger.write.safe import commit_to_file  # imported late, as closing does

        folder = Path(society.folder)
        commit_to_file(folder, folder / layout.SOCIETY, entries)
    return lines, entries
