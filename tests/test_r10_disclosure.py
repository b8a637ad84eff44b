"""R10 monthly disclosure: notice by the 5th working day of the next month, up 7 days.

000 §二(三): 每月第5个工作日前 — "X前" includes X here (DOMAIN.md R10: the same text's "每月2日
前" and "9月底前" include the day named). Dates worked out by hand from the State Council's 2025
schedule: April 2025 starts Tue 1, Wed 2, Thu 3, then 清明 (Fri 4 – Sun 6), so its working days
are 1, 2, 3, 7, 8 — the 5th is April 8, the last day a notice for March may go up; April 9 is late.
"""

import datetime
import textwrap

from beancount import loader
from ledger_kit import HEADER, PLUGINS, rules, with_plugins
from ledger_kit import errors_of as _errors_of

from jjn_ledger.ledger import layout
from jjn_ledger.ledger.profile import read_book
from jjn_ledger.rules import base as rulebook
from jjn_ledger.rules import r10_disclosure

MARCH_AID = """
2025-03-14 * "王秀英" "补充救助"
  recipient: "P001"
  cause: "重大疾病"
  matter: "2025-尿毒症"
  source: "申请"
  accepted: 2025-03-13
  investigated: 2025-03-13
  approved: 2025-03-14
  Expenses:5101-业务活动成本:01-补充救助   300.00 CNY
  Assets:1001-现金
"""

LATER = """
2025-05-06 * "开户银行" "活期存款利息"
  Assets:1002-银行存款:01-基本户   3.00 CNY
  Income:4901-其他收入:01-利息收入
"""


WITH_R10 = (*PLUGINS, "r10_disclosure")


def errors_of(doc):
    """Errors with every rule the other rule tests use, and R10."""
    return _errors_of(doc, plugins=WITH_R10)


def text_of(doc):
    return with_plugins(HEADER + doc, plugins=WITH_R10)


def notice(posted, removed=None, month="2025-03"):
    text = f'\n{posted} custom "jjn-notice" "{month}"\n  posted: {posted}\n'
    if removed:
        text += f"  removed: {removed}\n"
    return text


def r10(messages):
    return [m for m in messages if m.startswith("[R10 ")]


def test_notice_posted_on_the_4th_working_day_for_7_days_passes():
    assert r10(errors_of(MARCH_AID + notice("2025-04-07", "2025-04-14") + LATER)) == []


def test_notice_on_the_5th_working_day_is_in_time():
    assert r10(errors_of(MARCH_AID + notice("2025-04-08", "2025-04-15") + LATER)) == []


def test_notice_the_day_after_the_5th_working_day_is_late():
    errs = r10(errors_of(MARCH_AID + notice("2025-04-09", "2025-04-16") + LATER))
    assert len(errs) == 1
    assert "2025年3月" in errs[0] and "2025-04-09" in errs[0] and "晚于期限" in errs[0]
    assert "最迟应在 2025-04-08" in errs[0]


def test_notice_up_6_days_is_short_and_7_is_enough():
    errs = r10(errors_of(MARCH_AID + notice("2025-04-03", "2025-04-09") + LATER))
    assert len(errs) == 1 and "只张贴了 6 天" in errs[0]
    assert r10(errors_of(MARCH_AID + notice("2025-04-03", "2025-04-10") + LATER)) == []


def test_missing_notice_is_an_error_once_the_books_pass_the_deadline():
    errs = errors_of(MARCH_AID + LATER)
    assert rules(errs) == ["R10"]
    assert "未记录公示" in errs[0] and "2025-04-08" in errs[0]


def test_missing_notice_error_sits_at_the_months_last_aid_payment():
    text = text_of(MARCH_AID + LATER)
    _, errors, _ = loader.load_string(text)
    (err,) = [e for e in errors if e.message.startswith("[R10 ")]
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith("2025-03-14 *"))
    assert err.source["lineno"] == line


def test_missing_notice_before_the_deadline_is_not_yet_an_error():
    """The books end on April 8 (the last day to post): nothing is due yet."""
    early = """
2025-04-08 * "开户银行" "活期存款利息"
  Assets:1002-银行存款:01-基本户   3.00 CNY
  Income:4901-其他收入:01-利息收入
"""
    assert r10(errors_of(MARCH_AID + early)) == []


def test_a_month_without_aid_needs_no_notice():
    assert r10(errors_of(LATER)) == []


def test_notice_without_removed_date_is_taken_as_still_up():
    assert r10(errors_of(MARCH_AID + notice("2025-04-03") + LATER)) == []


def test_year_without_calendar_data_is_a_warning_naming_the_year_not_a_crash():
    """December 2026 aid: its deadline is in January 2027, for which there is no calendar."""
    december = MARCH_AID.replace("2025-03-1", "2026-12-1").replace("2025-尿毒症", "2026-尿毒症")
    later = LATER.replace("2025-05-06", "2027-02-01")
    entries, errors, _ = loader.load_string(text_of(december + later))
    assert r10([e.message for e in errors]) == []  # not an error
    book = read_book(entries)
    findings = [f for f in rulebook.run([r10_disclosure], entries, book)]
    assert len(findings) == 1
    assert findings[0].rule.severity == "warning"
    assert "2027" in findings[0].message and "2026年12月" in findings[0].message


def test_statuses_report_on_time_per_month():
    entries, _, _ = loader.load_string(
        text_of(MARCH_AID + notice("2025-04-03", "2025-04-10") + LATER)
    )
    (status,) = r10_disclosure.statuses(entries, read_book(entries))
    assert status.month == (2025, 3)
    assert status.deadline == datetime.date(2025, 4, 8)
    assert status.on_time is True


def test_sample_county_posts_every_month_on_time(sample_county):
    """The generator records each month's notice; none is late, short or missing."""
    from jjn_ledger.ledger.load import load

    for folder in layout.society_folders(sample_county):
        loaded = load(folder)
        assert r10([e.message for e in loaded.errors]) == [], folder.name
        statuses = r10_disclosure.statuses(loaded.entries, read_book(loaded.entries))
        assert statuses and all(s.on_time for s in statuses), folder.name


def test_a_notice_recorded_twice_or_taken_down_before_it_went_up_fails():
    """What ``jjn record notice`` refuses is judged on the books as well (preventive)."""
    twice = r10(errors_of(MARCH_AID + notice("2025-04-03", "2025-04-10") * 2 + LATER))
    assert len(twice) == 1 and "重复登记" in twice[0]
    backwards = r10(errors_of(MARCH_AID + notice("2025-04-03", "2025-04-01") + LATER))
    assert any("撤下日期 2025-04-01 不能早于张贴日期 2025-04-03" in m for m in backwards)
    assert rulebook.blocks_writes(twice[0])


def test_the_ledgers_today_is_its_newest_entry_but_never_a_fava_option():
    """A ``fava-option`` is dated when it was written, not an event of the books; the newest
    of the other entries is the ledger's today, in whatever order the entries come."""
    entries, errors, _ = loader.load_string(
        textwrap.dedent(
            """
            2025-03-01 open Assets:1001-现金
            2025-03-10 note Assets:1001-现金 "盘点"
            2025-06-01 custom "fava-option" "language" "zh"
            """
        )
    )
    assert not errors
    assert r10_disclosure.latest_date(entries) == datetime.date(2025, 3, 10)
    assert r10_disclosure.latest_date(list(reversed(entries))) == datetime.date(2025, 3, 10)
    assert r10_disclosure.latest_date(entries[:2]) == datetime.date(2025, 3, 10)
    assert r10_disclosure.latest_date(entries[2:]) is None
    assert r10_disclosure.latest_date([]) is None
