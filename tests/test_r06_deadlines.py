"""R6 procedure deadlines on the mainland calendar (调休 included), 先行救助, missing years."""

from __future__ import annotations

import datetime

from beancount import loader

from jjn_ledger.ledger.profile import read_book
from jjn_ledger.rules import r06_deadlines

HEADER = """
option "operating_currency" "CNY"
plugin "jjn_ledger.plugins.r06_deadlines"
2024-01-01 open Assets:1001-现金 CNY
2024-01-01 open Expenses:5101-业务活动成本:01-补充救助 CNY
"""


def aid(paid: str, **dates: str) -> str:
    meta = "".join(f"\n  {k.replace('_', '-')}: {v}" for k, v in dates.items())
    return f"""
{paid} * "王秀英" "补充救助：尿毒症"
  recipient: "P001"
  matter: "尿毒症-{paid}"{meta}
  Expenses:5101-业务活动成本:01-补充救助   300.00 CNY
  Assets:1001-现金
"""


def errors(*docs: str) -> list[str]:
    _, errs, _ = loader.load_string(HEADER + "".join(docs))
    return [e.message for e in errs]


def on_time(paid: str, accepted: str, investigated: str, approved: str) -> str:
    return aid(paid, accepted=accepted, investigated=investigated, approved=approved)


def test_friday_to_monday_is_one_working_day():
    # 2025-03-07 is a Friday; 2025-03-10 a Monday.
    assert errors(on_time("2025-03-11", "2025-03-07", "2025-03-10", "2025-03-10")) == []


def test_late_investigation_names_the_count_and_the_limit():
    errs = errors(on_time("2025-03-07", "2025-03-03", "2025-03-06", "2025-03-07"))
    assert len(errs) == 1
    assert errs[0].startswith("[R6 办理时限]")
    assert "第 3 个工作日才入户调查" in errs[0] and "1 个工作日内" in errs[0]


def test_national_day_holidays_do_not_count():
    # Approved on the last working day before 国庆 2025 (10-01..10-08 are rest days).
    assert errors(on_time("2025-10-09", "2025-09-29", "2025-09-30", "2025-09-30")) == []
    late = errors(on_time("2025-10-10", "2025-09-29", "2025-09-30", "2025-09-30"))
    assert len(late) == 1 and "第 2 个工作日才发放" in late[0]


def test_make_up_saturday_is_a_working_day():
    # Saturday 2025-10-11 is a 调休 working day: paying then is within 1 day of Friday's approval.
    assert errors(on_time("2025-10-11", "2025-10-10", "2025-10-10", "2025-10-10")) == []
    # A plain Saturday would not have counted, so Monday would still be on time.
    assert errors(on_time("2025-03-10", "2025-03-07", "2025-03-07", "2025-03-07")) == []


def test_missing_dates_and_wrong_order_are_errors():
    errs = errors(aid("2025-03-10", accepted="2025-03-07"))
    assert len(errs) == 1 and "investigated" in errs[0] and "approved" in errs[0]
    errs = errors(on_time("2025-03-10", "2025-03-07", "2025-03-11", "2025-03-10"))
    assert len(errs) == 1 and "办理顺序有误" in errs[0]


def test_a_date_written_as_text_is_named():
    errs = errors(on_time("2025-03-10", '"2025-03-07"', "2025-03-07", "2025-03-10"))
    assert any("受理日期（accepted）应写成日期" in e for e in errs)


def test_advance_aid_needs_a_later_investigation():
    paid_first = aid("2025-03-10", accepted="2025-03-10", advance="TRUE")
    errs = errors(paid_first)
    assert len(errs) == 1 and "先行救助" in errs[0] and "2025-03-17 前" in errs[0]
    done = """
2025-03-12 custom "jjn-investigation" "P001"
  matter: "尿毒症-2025-03-10"
  opinion: "情况属实"
"""
    assert errors(paid_first, done) == []
    too_late = done.replace("2025-03-12", "2025-03-20")
    errs = errors(paid_first, too_late)
    assert len(errs) == 1 and "晚于补记期限 2025-03-17" in errs[0]


def test_advance_aid_is_silent_until_its_window_closes():
    entries, _, _ = loader.load_string(HEADER + aid("2025-03-10", advance="TRUE"))
    book = read_book(entries)
    findings = list(r06_deadlines.check(entries, book, today=datetime.date(2025, 3, 14)))
    assert findings == []


def test_a_year_without_calendar_data_is_a_warning_naming_the_year():
    # Steps a day apart need the calendar (the same day is 0 working days in any year).
    doc = on_time("2027-03-10", "2027-03-08", "2027-03-09", "2027-03-10")
    doc += on_time("2027-04-13", "2027-04-09", "2027-04-12", "2027-04-12")
    assert errors(doc) == []  # not an error, and no crash
    entries, _, _ = loader.load_string(HEADER + doc)
    findings = list(r06_deadlines.check(entries, read_book(entries)))
    assert len(findings) == 1  # once per year, not once per payment
    assert findings[0].rule.severity == "warning"
    assert "2027 年" in findings[0].message and "workdays" in findings[0].message
