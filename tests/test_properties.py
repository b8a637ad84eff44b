"""Property tests: random treasurer operations, judged by the rules and by a restatement.

Hypothesis builds a sequence of operations (donations, petty-cash draws and returns, aid
payments) on top of the compliant test society, one operation a day. The ledger is loaded with
the real plugins; the expected verdict is computed here by a plain restatement of R5, R7, R9 and
R14 written from DOMAIN.md, not from the rule modules. The books must also always balance.
"""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import Decimal

from beancount import loader
from beancount.core import realization
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ledger_kit import HEADER, rules, with_plugins

START = datetime.date(2024, 4, 1)
CASH_AFTER_SEED = Decimal(3000)
CEILING = Decimal(5000)
CAPS = {"补充救助": Decimal(500), "应急救助": Decimal(1000)}
# Register of the test society: key -> (status fits supplementary?, officer household?)
PEOPLE = {"P001": ("低保", False), "P002": ("防止返贫监测对象", False), "P003": ("低保边缘", True)}
SUPPLEMENTARY_STATUSES = {"低保", "特困", "临时救助"}

amounts = st.integers(min_value=1, max_value=150).map(lambda n: Decimal(n * 10))
donation = st.tuples(st.just("donate"), amounts)
draw = st.tuples(st.just("draw"), amounts)
back = st.tuples(st.just("return"), amounts)
aid = st.tuples(
    st.just("aid"),
    st.sampled_from(sorted(PEOPLE)),
    st.sampled_from(sorted(CAPS)),
    amounts,
    st.sampled_from(["m1", "m2"]),
    st.sampled_from(["现金", "转账"]),
)
operations = st.lists(st.one_of(donation, draw, back, aid), min_size=1, max_size=25)


def ledger_text(ops: list[tuple]) -> str:
    parts = []
    for i, op in enumerate(ops):
        day = START + datetime.timedelta(days=i * 40)  # spans years: same matter, new year
        if op[0] == "donate":
            parts.append(f"""
{day} * "捐赠人" "社会捐赠"
  donor: "捐赠人{i}"
  channel: "现金"
  Assets:1001-现金   {op[1]} CNY
  Income:4101-捐赠收入:02-社会捐赠
""")
        elif op[0] in ("draw", "return"):
            sign = "" if op[0] == "draw" else "-"
            parts.append(f"""
{day} * "" "备用金"
  Assets:1001-现金   {sign}{op[1]} CNY
  Assets:1002-银行存款:01-基本户
""")
        else:
            _, person, category, amount, matter, form = op
            account = "01-补充救助" if category == "补充救助" else "02-应急救助"
            credit = "Assets:1001-现金" if form == "现金" else "Assets:1002-银行存款:01-基本户"
            parts.append(f"""
{day} * "某人" "{category}"
  recipient: "{person}"
  cause: "其他"
  matter: "{matter}"
  Expenses:5101-业务活动成本:{account}   {amount} CNY
  {credit}
""")
    return with_plugins(HEADER) + "".join(parts)


def expected_rules(ops: list[tuple]) -> Counter[str]:
    """The verdict restated from DOMAIN.md R5, R7, R9, R14."""
    out: Counter[str] = Counter()
    cash = CASH_AFTER_SEED
    times: Counter[tuple[str, str, int]] = Counter()
    for i, op in enumerate(ops):
        day = START + datetime.timedelta(days=i * 40)
        change = Decimal(0)
        if op[0] in ("donate", "draw"):
            change = op[1]
        elif op[0] == "return":
            change = -op[1]
        else:
            _, person, category, amount, matter, form = op
            status, officer_household = PEOPLE[person]
            if (status in SUPPLEMENTARY_STATUSES) != (category == "补充救助"):
                out["R5"] += 1
            if amount > CAPS[category]:
                out["R7"] += 1
            times[(person, matter, day.year)] += 1
            if times[(person, matter, day.year)] > 1:
                out["R7"] += 1
            if officer_household:
                out["R14"] += 1
            if form == "现金":
                change = -amount
        before, cash = cash, cash + change
        if cash < 0 <= before:
            out["R9"] += 1  # went negative: one finding per episode
        if cash > CEILING >= before:
            out["R9"] += 1  # went over the ceiling at the end of a day: one per episode
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations)
def test_rule_verdicts_equal_the_restatement(ops):
    text = ledger_text(ops)
    entries, errors, _ = loader.load_string(text)
    found = Counter(rules([e.message for e in errors]))
    assert found == expected_rules(ops), [e.message for e in errors]
    # Double entry holds whatever the treasurer did: every account tree sums to zero.
    root = realization.realize(entries)
    total = realization.compute_balance(root).reduce(lambda p: p.units)
    assert total.is_empty()


# --- the statements stay consistent --------------------------------------------------------

money_in = st.tuples(st.sampled_from(["subsidy", "restricted", "donation", "interest"]), amounts)
money_out = st.tuples(st.sampled_from(["aid-restricted", "aid", "fee"]), amounts)
statement_ops = st.lists(st.one_of(money_in, money_out), min_size=1, max_size=20)

OPEN_RESTRICTED = """
2024-03-15 open Income:4101-捐赠收入:03-定向捐赠 CNY
"""
LEGS = {
    "subsidy": (
        "Income:4401-政府补助收入:01-县级财政补助",
        'document: "示财社〔2024〕20号"\n  fund-line: "2080299 其他民政管理事务支出"',
    ),
    "restricted": (
        "Income:4101-捐赠收入:03-定向捐赠",
        'donor: "企业"\n  channel: "银行转账"\n  purpose: "重大疾病"',
    ),
    "donation": ("Income:4101-捐赠收入:02-社会捐赠", 'donor: "张三"\n  channel: "银行转账"'),
    "interest": ("Income:4901-其他收入:01-利息收入", ""),
}


def statement_text(ops: list[tuple]) -> str:
    parts = [OPEN_RESTRICTED]
    for i, (kind, amount) in enumerate(ops):
        day = START + datetime.timedelta(days=i * 9)
        if kind in LEGS:
            account, meta = LEGS[kind]
            meta = f"\n  {meta}" if meta else ""
            parts.append(f"""
{day} * "来款" "{kind}"{meta}
  Assets:1002-银行存款:01-基本户   {amount} CNY
  {account}
""")
        elif kind == "fee":
            parts.append(f"""
{day} * "银行" "手续费"
  Expenses:5201-管理费用:01-银行手续费   {min(amount, Decimal(50))} CNY
  Assets:1002-银行存款:01-基本户
""")
        else:
            fund = '\n  fund: "定向捐赠"' if kind == "aid-restricted" else ""
            parts.append(f"""
{day} * "王秀英" "补充救助"
  recipient: "P001"
  cause: "重大疾病"
  matter: "m{i}"{fund}
  Expenses:5101-业务活动成本:01-补充救助   {min(amount, Decimal(500))} CNY
  Assets:1002-银行存款:01-基本户
""")
    return HEADER.replace("{PLUGINS}", "") + "".join(parts)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(statement_ops)
def test_balance_sheet_balances_and_restricted_money_never_negative(ops):
    from pathlib import Path

    from jjn_ledger.ledger.load import Loaded
    from jjn_ledger.ledger.profile import read_book
    from jjn_ledger.ledger.society import Society
    from jjn_ledger.reports import accounts, statements

    entries, errors, options = loader.load_string(statement_text(ops))
    assert not errors, [e.message for e in errors]
    society = Society(Path("prop"), Loaded(Path("prop"), entries, [], options), read_book(entries))
    rel = accounts.releases(entries, society.book)
    restricted_in = Decimal(0)
    for i in range(len(ops) + 1):
        day = START + datetime.timedelta(days=i * 9)
        figures = statements.balance_figures(society, day, rel)
        # 行次 of the 资产负债表: 60 资产总计, 100 负债合计, 110 净资产合计, 105 限定性净资产
        assert figures[60] == figures[100] + figures[110], day
        assert figures[105] >= 0, day
        if i < len(ops) and ops[i][0] in ("subsidy", "restricted"):
            restricted_in += ops[i][1]
    # Restated: restricted money left = restricted money received (seed subsidy included)
    # less what was released by spending on its purpose, and never more than received.
    final = statements.balance_figures(society, START + datetime.timedelta(days=len(ops) * 9), rel)
    assert final[105] <= restricted_in + Decimal(10000)
