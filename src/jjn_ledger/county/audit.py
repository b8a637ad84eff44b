"""Audit tools for the county (R14, R16): spot-check samples and cross-society findings.

Seeds: ``002_757f8b4b1c9ebbc3.txt`` §八 (县级民政部门……抽查比例不低于30%), §一 and
``004_124e94daaa3ff448.txt`` §二(二) (信息共享，避免重复救助、遗漏救助),
``000_5491b89b33d14de1.txt`` §三(三) (关系保、人情保).

* **Sample** — per society, a random sample of at least ``oversight.spot_check_ratio`` of the
  year's aid payments (rounded up; every payment when there are few). The draw is seeded by
  ``--seed``, the society's folder name and the year, so the same command gives the same sample
  on any machine, and adding a society does not change the others' samples. Auditors get full
  names (they visit the households) but never ID numbers in the sheet.
* **Duplicate aid across societies** (R16) — the pairs the county-level rule
  ``rules.r16_sharing`` finds (the same rule ``jjn check COUNTY`` runs): the same person
  (``profile.person_key``) aided by two societies for the same matter in the same year, or for
  the same cause within ``sharing.window_days``. Each pair is two rows.
* **Supplementary aid outside the government roster** (R16) — supplementary aid (补充救助) is for
  households on 低保/特困/临时救助; with ``--roster`` (a CSV or XLSX export from the civil-affairs
  system) every supplementary payment to a person not on it is listed. ID numbers are found
  anywhere in the file (any column), so a county's own export works unchanged, and are turned
  into pseudonyms with the county's key as they are read: the clear numbers never leave the
  roster file.
* **Aid to officers' households** (R14) — every payment to a recipient in an officer's
  household, with the review recorded on it, if any.

These are findings for people to look at, not ledger errors: each society's books can be right
on their own and still share a recipient with a neighbour's.
"""

from __future__ import annotations

import csv
import datetime
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import Workbook, load_workbook

from jjn_ledger.errors import JjnError
from jjn_ledger.ledger.idcodes import check_id_number, id_hash
from jjn_ledger.ledger.profile import person_key
from jjn_ledger.ledger.vocabulary import AidCategory
from jjn_ledger.reports import xlsx

if TYPE_CHECKING:
    from jjn_ledger.ledger.society import Society


@dataclass(frozen=True)
class AidCase:
    """One aid payment with what an auditor needs about the person (picklable)."""

    slug: str
    society: str
    date: datetime.date
    recipient: str
    name: str
    household: str | None
    status: str | None  # government-aid status in the register (低保 …)
    category: str
    cause: str
    matter: str
    amount: Decimal
    form: str
    officer: str | None  # "出纳李红" when the household is an officer's
    review: str | None
    person: str = ""  # ``profile.person_key`` of the recipient: how R16 matches people


@dataclass(frozen=True)
class SocietyCases:
    slug: str
    society: str
    spot_check_ratio: float
    cases: tuple[AidCase, ...]
    window_days: int = 90  # ``sharing.window_days`` of the society's policy (R16)


def cases_of(folder: Path, year: int | None) -> SocietyCases:
    """The aid payments of ``year`` (every year: None) in one society (runs in workers)."""
    from jjn_ledger.ledger.society import open_society

    return society_cases(open_society(folder), folder, year)


def society_cases(society: Society, folder: Path, year: int | None) -> SocietyCases:
    """The aid payments of ``year`` (every year: None) of an opened society."""
    from jjn_ledger.ledger.transactions import aid_payments
    from jjn_ledger.reports import accounts

    book = society.book
    officers = book.officer_households
    out = []
    for pay in aid_payments(society.loaded.entries, book.chart):
        if (year is not None and pay.date.year != year) or accounts.is_closing(pay.entry):
            continue
        person = book.recipients.get(pay.recipient or "")
        officer = officers.get(person.household) if person else None
        review = pay.get("review")
        out.append(
            AidCase(
                slug=folder.name,
                society=society.name,
                date=pay.date,
                recipient=pay.recipient or "",
                name=person.name if person else (pay.entry.payee or ""),
                household=person.household if person else None,
                status=person.status if person else None,
                category=pay.category,
                cause=pay.cause or "",
                matter=pay.matter or "",
                amount=pay.amount,
                form=pay.form,
                officer=f"{officer.role}{officer.name}" if officer else None,
                review=review if isinstance(review, str) else None,
                person=person_key(person) if person else "",
            )
        )
    policy = book.policy
    return SocietyCases(
        folder.name,
        society.name,
        policy.oversight.spot_check_ratio,
        tuple(out),
        policy.sharing.window_days,
    )


def collect(folder: Path, year: int, **options: object) -> list[SocietyCases]:
    from jjn_ledger.county.parallel import map_societies

    return map_societies(partial(cases_of, year=year), folder, **options)  # type: ignore[arg-type]


def sample(group: SocietyCases, seed: int, year: int) -> list[AidCase]:
    """At least ``spot_check_ratio`` of the year's payments, drawn reproducibly."""
    if not group.cases:
        return []
    ratio = Decimal(str(group.spot_check_ratio))
    size = min(len(group.cases), math.ceil(len(group.cases) * ratio))
    rng = random.Random(f"{seed}:{group.slug}:{year}")
    return sorted(rng.sample(list(group.cases), size), key=lambda c: (c.date, c.recipient))


def duplicates(groups: Sequence[SocietyCases]) -> list[tuple[AidCase, AidCase, str]]:
    """Pairs of payments to one person by two societies, as rule R16 judges them."""
    from jjn_ledger.rules import r16_sharing

    window = groups[0].window_days if groups else 90
    cases = [c for g in groups for c in g.cases]
    out = []
    for a, b, kind in r16_sharing.pairs(cases, window):
        if kind is r16_sharing.RULE:
            out.append((a, b, "同一事项"))
        else:
            out.append((a, b, f"同一原因且相隔 {abs((b.date - a.date).days)} 天（疑似）"))
    return out


class BadRoster(JjnError):
    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(f"低保/特困名单 {path} 无法读取：{detail}")


def read_roster(path: Path, secret: bytes) -> set[str]:
    """The pseudonym (``idcodes.id_hash`` with the county's ``secret``) of every valid ID number
    found in any cell of a CSV or XLSX roster."""
    cells: list[str] = []
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            wb = load_workbook(path, read_only=True, data_only=True)
            for ws in wb.worksheets:
                for row in ws.iter_rows(values_only=True):
                    cells += [str(v) for v in row if v is not None]
        else:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                for row in csv.reader(handle):
                    cells += row
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise BadRoster(path, str(exc)) from None
    ids = set()
    for cell in cells:
        try:
            ids.add(id_hash(check_id_number(cell), secret))
        except (ValueError, TypeError):
            continue
    if not ids:
        raise BadRoster(path, "文件中没有找到有效的身份证号码")
    return ids


HEAD = ("互助社", "日期", "编号", "姓名", "救助类别", "救助原因", "事项", "金额", "方式")


def _case_cells(c: AidCase) -> list[object]:
    return [c.society, c.date, c.recipient, c.name, c.category, c.cause, c.matter, c.amount, c.form]


WIDTHS = [28, 11, 7, 9, 9, 9, 22, 10, 6]


def build(
    groups: Sequence[SocietyCases],
    year: int,
    seed: int,
    county: str,
    roster: set[str] | None = None,
) -> Workbook:
    wb = xlsx.new_workbook()
    picked = {g.slug: sample(g, seed, year) for g in groups}
    _sample_sheet(wb, groups, picked, year, seed, county)
    _ratio_sheet(wb, groups, picked, year, county)
    _duplicates_sheet(wb, groups, year, county)
    _roster_sheet(wb, groups, year, county, roster)
    _officers_sheet(wb, groups, year, county)
    return wb


def _sample_sheet(
    wb: Workbook,
    groups: Sequence[SocietyCases],
    picked: dict[str, list[AidCase]],
    year: int,
    seed: int,
    county: str,
) -> None:
    """The sample drawn, society by society, with columns for the auditor's findings."""
    sheet = xlsx.add_sheet(wb, "抽查样本", [*WIDTHS, 14, 8])
    sheet.title(
        f"{county}{year}年互助社救助案例抽查表",
        f"随机种子 {seed}（同一种子重复生成结果相同）    不含身份证号码    单位：元",
    )
    sheet.header((*HEAD, "核查结果", "核查人"))
    for group in groups:
        for case in picked[group.slug]:
            sheet.line([*_case_cells(case), "", ""])
    sheet.finish(landscape=True)


def _ratio_sheet(
    wb: Workbook,
    groups: Sequence[SocietyCases],
    picked: dict[str, list[AidCase]],
    year: int,
    county: str,
) -> None:
    """How much of each society's year was sampled, against the required ratio."""
    stats = xlsx.add_sheet(wb, "抽查统计", [30, 12, 12, 12])
    stats.title(f"{county}{year}年抽查比例", "抽查比例不低于规定比例（皖民社救字〔2022〕46号 八）")
    stats.header(("互助社", "全年救助（人次）", "抽查（人次）", "抽查比例"))
    for group in groups:
        n, k = len(group.cases), len(picked[group.slug])
        row = stats.line((group.society, n, k, k / n if n else 0.0))
        stats.ws.cell(row, 4).number_format = "0.0%"
    stats.finish()


def _duplicates_sheet(wb: Workbook, groups: Sequence[SocietyCases], year: int, county: str) -> None:
    """R16: each pair of payments to one person by two societies, as two rows."""
    dup = xlsx.add_sheet(wb, "重复救助", [*WIDTHS, 20])
    dup.title(
        f"{county}{year}年跨互助社重复救助线索（R16）",
        f"同一人、同一年度同一事项，或同一原因相隔 {groups[0].window_days if groups else 90} "
        "天以内",
    )
    dup.header((*HEAD, "判断依据"))
    found = duplicates(groups)
    for a, b, why in found:
        dup.line([*_case_cells(a), why])
        dup.line([*_case_cells(b), why])
    if not found:
        dup.note("未发现跨互助社重复救助。")
    dup.finish(landscape=True)


def _roster_sheet(
    wb: Workbook,
    groups: Sequence[SocietyCases],
    year: int,
    county: str,
    roster: set[str] | None,
) -> None:
    """R16: supplementary aid to people not on the government roster (when one was given)."""
    off = xlsx.add_sheet(wb, "名单外补充救助", WIDTHS)
    off.title(
        f"{county}{year}年不在低保/特困名单内的补充救助（R16）",
        "补充救助对象应为已纳入低保、特困、临时救助的家庭或个人",
    )
    off.header(HEAD)
    if roster is None:
        off.note("未导入低保/特困名单（--roster），未核对。")
    else:
        outside = [
            c
            for g in groups
            for c in g.cases
            if c.category == AidCategory.SUPPLEMENTARY and c.person not in roster
        ]
        for case in outside:
            off.line(_case_cells(case))
        if not outside:
            off.note("全部补充救助对象均在名单内。")
    off.finish(landscape=True)


def _officers_sheet(wb: Workbook, groups: Sequence[SocietyCases], year: int, county: str) -> None:
    """R14: aid to an officer's household, with the review recorded on it."""
    rel = xlsx.add_sheet(wb, "干部亲属救助", [*WIDTHS, 14, 24])
    rel.title(
        f"{county}{year}年互助社负责人同户人员获得救助情况（R14）",
        "关系保、人情保须经村务监督委员会审查",
    )
    rel.header((*HEAD, "同户负责人", "审查意见"))
    related = [c for g in groups for c in g.cases if c.officer]
    for case in related:
        rel.line([*_case_cells(case), case.officer or "", case.review or "未审查"])
    if not related:
        rel.note("未发现。")
    rel.finish(landscape=True)
