"""The audit pages' figures (``fava_ext.views``), checked without Flask against the sample county.

Expected numbers are computed here independently of jjn's code: by reading the sample's
``.beancount`` files as text (a transaction header, its metadata, its postings), so a wrong
figure on a page cannot be "confirmed" by the same code that produced it.
"""

from __future__ import annotations

import datetime
import re
import shutil
import textwrap
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pytest
from beancount import loader
from ledger_kit import HEADER

from jjn_ledger.fava_ext import views
from jjn_ledger.ledger import load as ledger
from jjn_ledger.ledger.calendar import Calendar
from jjn_ledger.ledger.idcodes import is_id_number_like

SUPP = "Expenses:5101-业务活动成本:01-补充救助"
EMERG = "Expenses:5101-业务活动成本:02-应急救助"
TODAY = datetime.date(2026, 11, 22)


# --- an independent reading of the sample's text -------------------------------------------


@dataclass
class Txn:
    date: datetime.date
    payee: str
    meta: dict[str, str] = field(default_factory=dict)
    postings: list[tuple[str, Decimal | None]] = field(default_factory=list)

    def amount_to(self, prefix: str) -> Decimal:
        return sum((a for acc, a in self.postings if acc.startswith(prefix) and a), Decimal(0))

    @property
    def received(self) -> Decimal:
        """The money of a receipt: the explicit amounts (the income leg is left blank)."""
        return sum((a for _, a in self.postings if a), Decimal(0))


HEAD = re.compile(r'^(\d{4}-\d{2}-\d{2}) [*!] "([^"]*)" "([^"]*)"')
META = re.compile(r'^  ([a-z][a-z-]*): "?([^"]*)"?$')
POSTING = re.compile(r"^  ([A-Z][^ ]+)(?:\s+(-?[\d.]+) CNY)?\s*$")
BALANCE = re.compile(r"^(\d{4}-\d{2}-\d{2}) balance (\S+)\s+(-?[\d.]+) CNY")


def read_txns(folder: Path) -> list[Txn]:
    out: list[Txn] = []
    current: Txn | None = None
    for path in sorted((folder / "books").glob("*.beancount")):
        for line in path.read_text("utf-8").splitlines():
            if m := HEAD.match(line):
                current = Txn(datetime.date.fromisoformat(m.group(1)), m.group(2))
                out.append(current)
            elif current is not None and (m := META.match(line)):
                current.meta[m.group(1)] = m.group(2)
            elif current is not None and (m := POSTING.match(line)):
                current.postings.append((m.group(1), Decimal(m.group(2)) if m.group(2) else None))
            elif not line.startswith("  "):
                current = None
    return out


def aid_txns(folder: Path) -> Iterator[Txn]:
    return (t for t in read_txns(folder) if t.amount_to(SUPP) or t.amount_to(EMERG))


def last_balances(folder: Path) -> dict[str, Decimal]:
    found: dict[str, tuple[datetime.date, Decimal]] = {}
    for path in sorted((folder / "books").glob("*.beancount")):
        for line in path.read_text("utf-8").splitlines():
            if m := BALANCE.match(line):
                day = datetime.date.fromisoformat(m.group(1))
                if m.group(2) not in found or found[m.group(2)][0] <= day:
                    found[m.group(2)] = (day, Decimal(m.group(3)))
    return {k: v for k, (_, v) in found.items()}


def registered(folder: Path) -> datetime.date:
    text = (folder / "society.beancount").read_text("utf-8")
    found = re.search(r"registered: (\d{4}-\d{2}-\d{2})", text)
    assert found
    return datetime.date.fromisoformat(found.group(1))


def register_names(folder: Path) -> dict[str, str]:
    text = (folder / "people.beancount").read_text("utf-8")
    return dict(re.findall(r'custom "jjn-recipient" "(P\d+)"\n  name: "([^"]+)"', text))


@pytest.fixture(scope="module")
def taoyuan(request: pytest.FixtureRequest) -> tuple[Path, ledger.Loaded]:
    folder = Path(request.config.rootpath) / "ledgers" / "sample-county" / "taoyuan"
    return folder, ledger.load(folder)


# --- 概览 -------------------------------------------------------------------------------------


def test_seed_fund_matches_receipts_until_the_r2_deadline(taoyuan):
    folder, loaded = taoyuan
    deadline = registered(folder) + datetime.timedelta(days=90)
    expected: dict[str, Decimal] = defaultdict(Decimal)
    for t in read_txns(folder):
        if t.date > deadline:
            continue
        for account, amount in t.postings:
            if amount is None and account == "Income:4401-政府补助收入:01-县级财政补助":
                expected["subsidy"] += t.received
            elif amount is None and account == "Income:4101-捐赠收入:01-村集体经济支持":
                expected["collective"] += t.received
            elif amount is None and account in (
                "Income:4101-捐赠收入:02-社会捐赠",
                "Income:4101-捐赠收入:03-定向捐赠",  # R2 counts cash gifts, restricted or not
            ):
                expected["donation"] += t.received
    o = views.overview(loaded.entries, loaded.errors, loaded.options, TODAY)
    assert o.seed.until == deadline and o.seed.deadline_passed
    assert {b.key: b.amount for b in o.seed.bars} == dict(expected)
    assert o.seed.total == sum(expected.values())
    assert o.seed.total_min == Decimal(30000)
    assert o.seed.ok
    # the chart puts the 30,000 line inside the drawing, left of the total's bar end
    assert 0 < o.seed.pct(o.seed.total_min) < o.seed.pct(o.seed.total) <= 100


def test_short_seed_fund_is_shown_short(sample_county):
    loaded = ledger.load(sample_county / "qingshan")  # planted: collective 8,000
    o = views.overview(loaded.entries, loaded.errors, loaded.options, TODAY)
    bars = {b.key: b for b in o.seed.bars}
    assert bars["collective"].amount == Decimal(8000) and not bars["collective"].ok
    assert not o.seed.ok
    assert [g.rule for g in o.problems if g.errors] == ["R2"]


def test_balances_equal_the_last_balance_assertions(taoyuan):
    folder, loaded = taoyuan
    last = last_balances(folder)
    o = views.overview(loaded.entries, loaded.errors, loaded.options, TODAY)
    shown = {b.label: b.amount for b in o.balances}
    assert shown["银行存款"] == last["Assets:1002-银行存款:01-基本户"]
    assert shown["备用金（现金）"] == last["Assets:1001-现金"]


def test_restricted_money_received_released_left(taoyuan):
    folder, loaded = taoyuan
    txns = read_txns(folder)
    gift = sum(
        (t.received for t in txns if ("Income:4101-捐赠收入:03-定向捐赠", None) in t.postings),
        Decimal(0),
    )
    tagged = sum(
        (t.amount_to(SUPP) + t.amount_to(EMERG) for t in txns if t.meta.get("fund") == "定向捐赠"),
        Decimal(0),
    )
    assert gift == Decimal(5000) and tagged > gift  # the sample spends all of it, and more
    o = views.overview(loaded.entries, loaded.errors, loaded.options, TODAY)
    funds = {r.key: r for r in o.restricted}
    assert funds["donation_restricted"].received == gift
    assert funds["donation_restricted"].spent == gift  # released up to what it held
    assert funds["donation_restricted"].left == 0
    assert funds["county_subsidy"].received == Decimal(10000)
    assert 0 <= funds["county_subsidy"].left <= Decimal(10000)


def test_aid_per_month_by_category(taoyuan):
    folder, loaded = taoyuan
    expected: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    count = 0
    for t in aid_txns(folder):
        count += 1
        expected[(f"{t.date:%Y-%m}", "补充救助")] += t.amount_to(SUPP)
        expected[(f"{t.date:%Y-%m}", "应急救助")] += t.amount_to(EMERG)
    o = views.overview(loaded.entries, loaded.errors, loaded.options, TODAY)
    assert o.aid_count == count
    assert o.aid_total == sum(expected.values())
    shown = {(m.month, c): a for m in o.aid.months for c, a in m.amounts.items()}
    assert {k: v for k, v in shown.items() if v} == {k: v for k, v in expected.items() if v}
    months = [m.month for m in o.aid.months]
    assert months == sorted(months) and len(months) == len(set(months))  # every month, in order
    tallest = max(range(len(months)), key=lambda i: o.aid.months[i].total)
    heights = [h for _, _, h, _ in o.aid.segments(tallest)]
    assert sum(heights) == pytest.approx(o.aid.height - 20, abs=0.1)  # the tallest fills it


def test_problems_grouped_by_rule_point_at_the_entry(sample_county):
    folder = sample_county / "xihe"  # planted: emergency aid of 1,200 over the 1,000 cap
    loaded = ledger.load(folder)
    o = views.overview(loaded.entries, loaded.errors, loaded.options, TODAY)
    groups = {g.rule: g for g in o.problems}
    assert groups["R7"].errors == 1
    row = groups["R7"].rows[0]
    over = [t for t in aid_txns(folder) if t.amount_to(EMERG) == Decimal(1200)]
    assert len(over) == 1
    assert row.entry is not None and row.entry.date == over[0].date
    text = Path(row.problem.file).read_text("utf-8").splitlines()
    assert text[row.problem.line - 1].startswith(f"{over[0].date} *")


def test_compliant_society_has_no_errors(taoyuan):
    _, loaded = taoyuan
    o = views.overview(loaded.entries, loaded.errors, loaded.options, TODAY)
    assert all(g.errors == 0 for g in o.problems)


# --- 救助台账 ---------------------------------------------------------------------------------


def test_register_lists_every_payment_masked(taoyuan):
    folder, loaded = taoyuan
    names = register_names(folder)
    reg = views.aid_register(loaded.entries, loaded.options, views.AidFilter())
    expected = list(aid_txns(folder))
    assert len(reg.rows) == len(expected)
    assert reg.total == sum((t.amount_to(SUPP) + t.amount_to(EMERG) for t in expected), Decimal(0))
    for row in reg.rows:
        full = names[row.key]
        assert row.name != full or len(full) == 1
        assert row.name[0] == full[0] and "*" in row.name
        assert row.verdict == "符合"  # the sample keeps every deadline
        assert row.investigate.used is not None and row.investigate.used <= 1
    full_reg = views.aid_register(loaded.entries, loaded.options, views.AidFilter(), full=True)
    assert {r.name for r in full_reg.rows} <= set(names.values())
    assert not any(is_id_number_like(r.name) for r in full_reg.rows)


def test_register_filters(taoyuan):
    folder, loaded = taoyuan
    txns = list(aid_txns(folder))
    month = f"{txns[5].date:%Y-%m}"
    in_month = [t for t in txns if f"{t.date:%Y-%m}" == month]
    reg = views.aid_register(loaded.entries, loaded.options, views.AidFilter(month=month))
    assert len(reg.rows) == len(in_month)
    assert month in reg.months
    illness = [t for t in txns if t.meta["cause"] == "重大疾病"]
    reg = views.aid_register(loaded.entries, loaded.options, views.AidFilter(cause="重大疾病"))
    assert len(reg.rows) == len(illness)
    emergency = [t for t in txns if t.amount_to(EMERG)]
    flt = views.AidFilter(category="应急救助", cause="重大疾病")
    reg = views.aid_register(loaded.entries, loaded.options, flt)
    assert len(reg.rows) == len([t for t in emergency if t.meta["cause"] == "重大疾病"])
    assert all(r.category == "应急救助" and r.cause == "重大疾病" for r in reg.rows)


def _load(doc: str) -> ledger.Loaded:
    text = HEADER.replace("{PLUGINS}", 'plugin "jjn_ledger.plugins.rules"')
    entries, errors, options = loader.load_string(text + textwrap.dedent(doc))
    return ledger.Loaded(Path("<test>"), entries, errors, options)


LATE = """
2025-03-10 * "王秀英" "补充救助：尿毒症透析"
  recipient: "P001"
  cause: "重大疾病"
  matter: "2025-03-尿毒症透析"
  accepted: 2025-03-03
  investigated: 2025-03-06
  approved: 2025-03-07
  Expenses:5101-业务活动成本:01-补充救助   300.00 CNY
  Assets:1001-现金
2025-04-03 custom "jjn-notice" "2025-03"
  posted: 2025-04-03
  removed: 2025-04-10
"""


def test_late_investigation_is_flagged_by_r6():
    loaded = _load(LATE)
    reg = views.aid_register(loaded.entries, loaded.options, views.AidFilter())
    (row,) = reg.rows
    assert row.investigate.used == 3 and row.investigate.over
    assert row.pay.used == 1 and not row.pay.over  # Friday → Monday
    assert row.verdict == "不符合" and row.late and reg.late == 1
    assert "入户调查" in row.r6[0]


def test_year_without_calendar_says_so_instead_of_crashing():
    doc = LATE.replace("2025-03", "2027-03").replace("2025-04", "2027-04")
    loaded = _load(doc)
    (row,) = views.aid_register(loaded.entries, loaded.options, views.AidFilter()).rows
    assert row.investigate.label == views.NO_CALENDAR
    assert row.verdict == views.NO_CALENDAR
    (month,) = views.notices(loaded.entries, loaded.options)
    assert month.status == views.NO_CALENDAR and month.deadline is None
    # with the county's override for 2027 the same rows are judged
    cal = Calendar(years={2027})
    (row,) = views.aid_register(
        loaded.entries, loaded.options, views.AidFilter(), calendar=cal
    ).rows
    assert row.investigate.used == 2 and row.verdict == "不符合"  # 2027-03-06 is a Saturday


# --- 一人一档 ---------------------------------------------------------------------------------


def test_person_file_aid_referrals_and_papers(sample_county, society_copy):
    folder = society_copy("taoyuan")
    paper = folder / "documents" / "P005" / "申请表-2025.pdf"
    shutil.rmtree(paper.parent, ignore_errors=True)  # an empty file to start (the sample keeps one)
    paper.parent.mkdir(parents=True)
    paper.write_bytes(b"%PDF-1.4\n")
    loaded = ledger.load(folder)
    mine = [t for t in aid_txns(folder) if t.meta["recipient"] == "P005"]
    pf = views.person_file(loaded.entries, loaded.options, "P005", folder=folder)
    assert pf is not None
    assert len(pf.aid) == len(mine)
    assert pf.aid_total == sum((t.amount_to(SUPP) + t.amount_to(EMERG) for t in mine), Decimal(0))
    assert pf.name == "潘*"  # masked; the register says 潘淑
    assert (
        views.person_file(loaded.entries, loaded.options, "P005", folder=folder, full=True).name
        == register_names(folder)["P005"]
    )
    papers = {p.kind: p for p in pf.documents or []}
    assert papers["申请表"].present and papers["申请表"].files == ("申请表-2025.pdf",)
    assert not all(p.present for p in papers.values())
    assert views.person_file(loaded.entries, loaded.options, "P999") is None


def test_people_index_counts(taoyuan):
    folder, loaded = taoyuan
    names = register_names(folder)
    lines = views.people(loaded.entries, loaded.options)
    assert [p.key for p in lines] == list(names)
    per: dict[str, int] = defaultdict(int)
    for t in aid_txns(folder):
        per[t.meta["recipient"]] += 1
    assert {p.key: p.aid_count for p in lines} == {k: per.get(k, 0) for k in names}


# --- 公示日历 ---------------------------------------------------------------------------------


NOTICES = """
2025-03-10 * "王秀英" "补充救助：尿毒症透析"
  recipient: "P001"
  cause: "重大疾病"
  matter: "2025-03-尿毒症透析"
  accepted: 2025-03-07
  investigated: 2025-03-07
  approved: 2025-03-10
  Expenses:5101-业务活动成本:01-补充救助   300.00 CNY
  Assets:1001-现金
2025-04-10 * "王秀英" "补充救助：尿毒症透析"
  recipient: "P001"
  cause: "重大疾病"
  matter: "2025-04-尿毒症透析"
  accepted: 2025-04-09
  investigated: 2025-04-09
  approved: 2025-04-10
  Expenses:5101-业务活动成本:01-补充救助   200.00 CNY
  Assets:1001-现金
2025-05-12 * "王秀英" "补充救助：尿毒症透析"
  recipient: "P001"
  cause: "重大疾病"
  matter: "2025-05-尿毒症透析"
  accepted: 2025-05-09
  investigated: 2025-05-09
  approved: 2025-05-12
  Expenses:5101-业务活动成本:01-补充救助   100.00 CNY
  Assets:1001-现金
2025-06-10 * "王秀英" "补充救助：尿毒症透析"
  recipient: "P001"
  cause: "重大疾病"
  matter: "2025-06-尿毒症透析"
  accepted: 2025-06-09
  investigated: 2025-06-09
  approved: 2025-06-10
  Expenses:5101-业务活动成本:01-补充救助   100.00 CNY
  Assets:1001-现金
2025-04-03 custom "jjn-notice" "2025-03"
  posted: 2025-04-03
  removed: 2025-04-10
2025-05-13 custom "jjn-notice" "2025-04"
  posted: 2025-05-13
  removed: 2025-05-20
2025-06-03 custom "jjn-notice" "2025-05"
  posted: 2025-06-03
  removed: 2025-06-06
2025-08-01 * "" "从银行提取备用金"
  Assets:1001-现金   100.00 CNY
  Assets:1002-银行存款:01-基本户
"""


def test_notice_calendar_on_time_late_short_missing():
    loaded = _load(NOTICES)
    months = {n.month: n for n in views.notices(loaded.entries, loaded.options)}
    assert list(months) == ["2025-06", "2025-05", "2025-04", "2025-03"]  # newest first
    # April 2025: 1, 2, 3, (Qingming 4-6), 7, 8 — the notice must go up by the 8th ("X前"
    # includes X); May's 5th working day is the 12th, so a notice on the 13th is late
    assert months["2025-03"].deadline == datetime.date(2025, 4, 8)
    assert months["2025-03"].status == "按时" and months["2025-03"].days_up == 7
    assert months["2025-04"].status == "迟延" and months["2025-04"].bad
    assert months["2025-05"].status == "张贴不足" and months["2025-05"].days_up == 3
    assert months["2025-06"].status == "未公示" and months["2025-06"].posted is None
    assert months["2025-06"].aid_total == Decimal(100)
    assert all(months[m].problem for m in ("2025-04", "2025-05", "2025-06"))


def test_sample_notices(taoyuan):
    folder, loaded = taoyuan
    aid_months = {f"{t.date:%Y-%m}" for t in aid_txns(folder)}
    months = views.notices(loaded.entries, loaded.options)
    assert {n.month for n in months if n.aid_count} == aid_months


def test_closing_entries_do_not_change_the_figures(taoyuan):
    from jjn_ledger.ledger.society import open_society
    from jjn_ledger.reports import closing

    folder, loaded = taoyuan
    year_end = closing.build_entries(open_society(folder), 2025)
    assert year_end  # income, expenses and the release of 2025 moved to net assets
    closed = sorted([*loaded.entries, *year_end], key=lambda e: (e.date, type(e).__name__))
    before = views.overview(loaded.entries, loaded.errors, loaded.options, TODAY)
    after = views.overview(closed, loaded.errors, loaded.options, TODAY)
    assert (after.aid_count, after.aid_total) == (before.aid_count, before.aid_total)
    assert after.restricted == before.restricted
    assert after.seed == before.seed
    flt = views.AidFilter()
    assert len(views.aid_register(closed, loaded.options, flt).rows) == before.aid_count
