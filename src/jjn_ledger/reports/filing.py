"""The monthly filing to the township (R10) and the half-year report to the member assembly (R13).

Seeds: ``000_5491b89b33d14de1.txt`` §二(三) (将上月开展救助情况报送给乡镇（街道）备案) and
``001_05e126a812a7c5c1.txt`` §四(二) (每半年召开一次会员大会，公布资金使用和救助情况).

Both are the same figures over a different span, so one builder serves both:

* 资金情况 — fund at the start (assets less liabilities), money in by income account, money out
  by expense account, fund at the end, the restricted part, and the cash/bank/goods it is held in;
* 救助情况 — count (人次), people (人数) and amount by category and cause;
* 救助明细 — each payment: full name for the township, masked (张*兰) for the member assembly,
  never an ID number, and the *cause category* (重大疾病/意外事故/其他), never the diagnosis or
  the matter text ("2025-03-白血病住院"): DOMAIN.md, "Privacy", gives both readers the category
  only (a design choice under 个人信息保护法, health data being sensitive personal information);
* 启动资金 — the seed fund by source against the rule (``rules.r02_seed_fund``);
* 存在问题 — the open rule problems of the books (``checking.problems_of``): what ``jjn check``
  says, errors and warnings — with every aid matter and narration detail replaced by its cause
  category (and, for the half-year, every recipient's name masked), since rule messages quote
  them (``Redaction``);
* 分月情况 — for the half-year, the months side by side.

Closing entries are left out, as in the statements (``reports.accounts``). The filing prints
its verification code (``reports.verification``) for the township to check with ``jjn verify``.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook

from jjn_ledger.ledger import disclosures as published
from jjn_ledger.ledger.funds import fund_balance
from jjn_ledger.ledger.idcodes import mask_name
from jjn_ledger.ledger.society import Society
from jjn_ledger.ledger.transactions import AidPayment, aid_payments
from jjn_ledger.ledger.vocabulary import AidCategory
from jjn_ledger.reports import accounts, verification, xlsx
from jjn_ledger.reports.accounts import ZERO
from jjn_ledger.reports.common import Period, month_end
from jjn_ledger.rules import r02_seed_fund
from jjn_ledger.rules.check import problems_of

_DAY = datetime.timedelta(days=1)


def _short(account: str) -> str:
    """``Income:4101-捐赠收入:02-社会捐赠`` → ``捐赠收入—社会捐赠``."""
    parts = [p.split("-", 1)[-1] for p in account.split(":")[1:]]
    return "—".join(parts)


def fund_status(
    society: Society, start: datetime.date, end: datetime.date
) -> list[tuple[str, Decimal | None]]:
    """(row title, amount) of the fund section; None marks a heading row."""
    entries = society.loaded.entries
    book = society.book
    before = accounts.sums(entries, None, start - _DAY)
    after = accounts.sums(entries, None, end)
    flows = accounts.sums(entries, start, end)

    opening, closing = fund_balance(before), fund_balance(after)
    rows: list[tuple[str, Decimal | None]] = [("期初资金余额", opening), ("本期收入：", None)]
    income = {a: -v for a, v in sorted(flows.items()) if a.startswith("Income:") and v}
    expense = {a: v for a, v in sorted(flows.items()) if a.startswith("Expenses:") and v}
    rows += [(f"    {_short(a)}", v) for a, v in income.items()]
    total_in = sum(income.values(), ZERO)
    total_out = sum(expense.values(), ZERO)
    rows += [("    收入合计", total_in), ("本期支出：", None)]
    rows += [(f"    {_short(a)}", v) for a, v in expense.items()]
    rows += [("    支出合计", total_out)]
    other = closing - opening - total_in + total_out
    if other:
        rows.append(("其他变动（期初调整等）", other))
    rows.append(("期末资金余额", closing))
    held = {a: v for a, v in sorted(after.items()) if a.startswith("Assets:") and v}
    rows.append(("其中：", None))
    rows += [(f"    {_short(a)}", v) for a, v in held.items()]
    net = accounts.net_assets(entries, book, end)
    rows.append(("    限定性资金（定向捐赠、财政补助尚未使用部分）", net.restricted))
    return rows


def aid_table(
    society: Society, start: datetime.date, end: datetime.date
) -> list[tuple[str, str, int, int, Decimal]]:
    """(category, cause, 人次, 人数, amount) per category and cause, in policy order."""
    count: dict[tuple[str, str], int] = defaultdict(int)
    people: dict[tuple[str, str], set[str]] = defaultdict(set)
    amount: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for pay in aid_payments(society.loaded.entries, society.book.chart):
        if not start <= pay.date <= end or accounts.is_closing(pay.entry):
            continue
        key = (pay.category, pay.cause or "其他")
        count[key] += 1
        people[key].add(pay.recipient or pay.entry.payee or "")
        amount[key] += pay.amount
    causes = list(society.book.policy.aid.causes)
    order = {c: i for i, c in enumerate(causes)}
    keys = sorted(
        count, key=lambda k: (k[0] != AidCategory.SUPPLEMENTARY, order.get(k[1], len(order)), k[1])
    )
    return [(c, r, count[(c, r)], len(people[(c, r)]), amount[(c, r)]) for c, r in keys]


class Redaction:
    """Free text (rule messages) as a report's reader may see it.

    Every aid payment's matter and the detail of its narration ("应急救助：白血病住院") become its
    cause category; with ``mask``, every recipient's full name becomes its masked form. Longest
    first, so "白血病住院（再次）" is not left half-replaced by "白血病住院".
    """

    def __init__(self, society: Society, mask: bool) -> None:
        swaps: dict[str, str] = {}
        for pay in aid_payments(society.loaded.entries, society.book.chart):
            category = pay.cause or "其他"
            for text in (pay.matter, _detail(pay)):
                if text and len(text) > 1:
                    swaps[text] = f"（{category}）"
            payee = pay.entry.payee or ""
            if mask and len(payee) > 1:
                swaps[payee] = mask_name(payee)
        if mask:
            for person in society.book.recipients.values():
                if len(person.name) > 1:
                    swaps[person.name] = mask_name(person.name)
        self._swaps = sorted(swaps.items(), key=lambda kv: -len(kv[0]))

    def __call__(self, text: str) -> str:
        for old, new in self._swaps:
            text = text.replace(old, new)
        return text


def _detail(pay: AidPayment) -> str:
    """The part of an aid narration after its category: "应急救助：车祸受伤" → "车祸受伤"."""
    narration = pay.entry.narration or ""
    return narration.split("：", 1)[1] if "：" in narration else ""


def _fund_sheet(
    wb: Workbook, society: Society, period: Period, title: str, filing: bool = False
) -> None:
    sheet = xlsx.add_sheet(wb, "资金情况", [46, 18])
    sheet.title(
        title, f"报送单位：{society.name}", xlsx.period_text(period.start, period.end), "单位：元"
    )
    sheet.header(("项目", "金额"))
    for name, value in fund_status(society, period.start, period.end):
        bold = value is None or name in ("期初资金余额", "期末资金余额") or "合计" in name
        sheet.line((name, "" if value is None else value), bold=bold)
    if filing:
        month = f"{period.start:%Y-%m}"
        digest = published.filing_digest(society.loaded.entries, month)
        sheet.blank()
        verification.add_code(wb, sheet, "filing", society, month, digest)
    sheet.finish()


def _aid_sheet(wb: Workbook, society: Society, period: Period, title: str) -> None:
    rows = aid_table(society, period.start, period.end)
    sheet = xlsx.add_sheet(wb, "救助情况", [14, 14, 10, 10, 16])
    sheet.title(
        title, f"报送单位：{society.name}", xlsx.period_text(period.start, period.end), "单位：元"
    )
    sheet.header(("救助类别", "救助原因", "人次", "人数", "金额"))
    for row in rows:
        sheet.line(row)
    people = {
        (p.recipient or p.entry.payee or "")
        for p in aid_payments(society.loaded.entries, society.book.chart)
        if period.contains(p.date) and not accounts.is_closing(p.entry)
    }
    sheet.line(
        ("合计", "", sum(r[2] for r in rows), len(people), sum((r[4] for r in rows), ZERO)),
        bold=True,
    )
    if not rows:
        sheet.note("本期未发放救助。")
    sheet.finish()


def _detail_sheet(wb: Workbook, society: Society, period: Period, mask: bool) -> None:
    sheet = xlsx.add_sheet(wb, "救助明细", [12, 8, 10, 10, 12, 12, 8])
    hidden = "姓名部分隐去，" if mask else ""
    sheet.title(
        "救助明细",
        f"报送单位：{society.name}",
        xlsx.period_text(period.start, period.end),
        f"单位：元（{hidden}救助原因只列类别，不含身份证号码、病情等个人敏感信息）",
    )
    sheet.header(("日期", "编号", "姓名", "救助类别", "救助原因", "金额", "方式"))
    names = {key: person.name for key, person in society.book.recipients.items()}
    for pay in aid_payments(society.loaded.entries, society.book.chart):
        if not period.contains(pay.date) or accounts.is_closing(pay.entry):
            continue
        name = published.published_name(pay, names)
        sheet.line(
            (
                pay.date,
                pay.recipient or "",
                mask_name(name) if mask else name,
                pay.category,
                pay.cause or "其他",
                pay.amount,
                pay.form,
            )
        )
    sheet.finish(landscape=True)


def _seed_sheet(wb: Workbook, society: Society) -> None:
    book = society.book
    sheet = xlsx.add_sheet(wb, "启动资金", [26, 16, 16, 30])
    deadline = book.seed_deadline
    sheet.title(
        "启动资金到位情况",
        f"互助社：{society.name}",
        f"截止日期：{deadline or '（未登记基本信息）'}（登记日后 "
        f"{book.policy.seed_fund.grace_days} 天）    单位：元",
    )
    sheet.header(("来源", "已到位", "应不少于", "说明"))
    if deadline is None:
        sheet.note("账本中没有互助社基本信息（jjn-society），无法判断启动资金。")
        sheet.finish()
        return
    sums = r02_seed_fund.seed_sums(society.loaded.entries, book, deadline)
    sf = book.policy.seed_fund
    sheet.line(("县级财政一次性补助", sums["subsidy"], sf.county_subsidy_min, ""))
    if sf.mode == "strict":
        sheet.line(("村级集体经济支持", sums["collective"], sf.collective_min, ""))
        sheet.line(("社会捐赠", sums["donation"], sf.donation_min, "不含实物捐赠"))
    else:
        sheet.line(
            (
                "村级集体经济支持与社会捐赠等",
                sums["collective"] + sums["donation"],
                sf.pooled_min,
                "统筹保障",
            )
        )
    sheet.line(("合计", sum(sums.values(), ZERO), sf.total_min, ""), bold=True)
    problems = r02_seed_fund.shortfalls(sums, book)
    sheet.note("结论：" + ("启动资金已按规定到位。" if not problems else "；".join(problems)))
    sheet.finish()


def _problem_sheet(wb: Workbook, society: Society, redact: Redaction) -> None:
    problems = problems_of(society.loaded)
    sheet = xlsx.add_sheet(wb, "存在问题", [8, 8, 30, 70])
    sheet.title(
        "账本检查发现的问题",
        f"互助社：{society.name}",
        f"共 {sum(p.severity == 'error' for p in problems)} 个错误、"
        f"{sum(p.severity == 'warning' for p in problems)} 个提示（与 jjn check 一致）",
    )
    sheet.header(("规则", "类别", "位置", "说明"))
    for p in problems:
        where = f"{Path(p.file).name}:{p.line}" if p.file else ""
        kind = "错误" if p.severity == "error" else "提示"
        sheet.line((p.rule, kind, where, redact(p.message)))
    if not problems:
        sheet.note("未发现问题。")
    sheet.finish(landscape=True)


def _months_sheet(wb: Workbook, society: Society, period: Period) -> None:
    sheet = xlsx.add_sheet(wb, "分月情况", [12, 14, 14, 10, 14, 16])
    sheet.title("分月资金与救助情况", f"互助社：{society.name}", f"{period.label}    单位：元")
    sheet.header(("月份", "收入", "支出", "救助人次", "救助金额", "月末资金余额"))
    entries = society.loaded.entries
    year, month = period.start.year, period.start.month
    while datetime.date(year, month, 1) <= period.end:
        first, last = datetime.date(year, month, 1), month_end(year, month)
        flows = accounts.sums(entries, first, last)
        income = -sum((v for a, v in flows.items() if a.startswith("Income:")), ZERO)
        expense = sum((v for a, v in flows.items() if a.startswith("Expenses:")), ZERO)
        aid = aid_table(society, first, last)
        held = accounts.sums(entries, None, last)
        fund = fund_balance(held)
        sheet.line(
            (
                f"{year}年{month}月",
                income,
                expense,
                sum(r[2] for r in aid),
                sum((r[4] for r in aid), ZERO),
                fund,
            )
        )
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    sheet.finish()


def build(society: Society, period: Period, half_year: bool = False) -> Workbook:
    """The filing (one month) or the half-year report (six months) of one society."""
    if half_year:
        title = f"{society.name}{period.label}资金使用和救助情况报告"
    else:
        title = f"{society.name}{period.label}救助情况报备表"
    wb = xlsx.new_workbook()
    _fund_sheet(wb, society, period, title, filing=not half_year)
    _aid_sheet(wb, society, period, title)
    if half_year:
        _months_sheet(wb, society, period)
    _detail_sheet(wb, society, period, mask=half_year)
    _seed_sheet(wb, society)
    _problem_sheet(wb, society, Redaction(society, mask=half_year))
    if "核验码" in wb.sheetnames:  # the QR sheet goes last, after the tables
        wb.move_sheet("核验码", offset=len(wb.sheetnames) - 1 - wb.sheetnames.index("核验码"))
    return wb
