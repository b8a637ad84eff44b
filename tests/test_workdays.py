"""Working days with 调休 and the local override (jjn_ledger.ledger.calendar).

The 2025 and 2026 facts below are the State Council schedules as carried by chinesecalendar
1.11; ``test_default_calendar_agrees_with_chinesecalendar`` checks every day of 2024-2026
against the package itself.
"""

from __future__ import annotations

import pickle
from datetime import date, datetime, timedelta
from importlib import resources
from pathlib import Path

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from jjn_ledger.ledger.calendar import Calendar, CalendarMissing, default_calendar

CAL = default_calendar()

OVERRIDE_2027 = """\
# 2027 年节假日安排（测试用，日期为虚构）
[[years]]
year = 2027
holidays = [
    2027-01-01, 2027-01-02, 2027-01-03,
    2027-02-05, 2027-02-06, 2027-02-07, 2027-02-08, 2027-02-09,
    2027-02-10, 2027-02-11, 2027-02-12, 2027-02-13,
]
workdays = [2027-02-14]  # 调休上班（周日）
"""


def days(start: date, end: date) -> list[date]:
    return [start + timedelta(n) for n in range((end - start).days + 1)]


# ---- the default calendar: chinesecalendar's data -----------------------------------------


def test_default_calendar_agrees_with_chinesecalendar() -> None:
    for day in days(date(2024, 1, 1), date(2026, 12, 31)):
        assert CAL.is_workday(day) == chinese_calendar.is_workday(day), day


def test_national_day_2025_is_a_holiday() -> None:
    for day in days(date(2025, 10, 1), date(2025, 10, 8)):
        assert not CAL.is_workday(day), day
    assert CAL.is_workday(date(2025, 10, 9))


def test_make_up_working_days_2025() -> None:
    assert date(2025, 9, 28).weekday() == 6  # Sunday
    assert date(2025, 10, 11).weekday() == 5  # Saturday
    assert CAL.is_workday(date(2025, 9, 28))
    assert CAL.is_workday(date(2025, 10, 11))
    assert not CAL.is_workday(date(2025, 10, 12))  # the Sunday after stays a rest day


def test_new_year_2026() -> None:
    assert not CAL.is_workday(date(2026, 1, 1))
    assert not CAL.is_workday(date(2026, 1, 2))  # Friday
    assert CAL.is_workday(date(2026, 1, 4))  # Sunday, 调休上班


def test_ordinary_week() -> None:
    week = days(date(2025, 3, 3), date(2025, 3, 9))
    assert [CAL.is_workday(day) for day in week] == [True] * 5 + [False] * 2


def test_datetime_counts_as_its_day() -> None:
    assert not CAL.is_workday(datetime(2025, 10, 1, 9, 30))
    assert CAL.add_workdays(datetime(2025, 9, 30, 17, 0), 1) == date(2025, 10, 9)
    assert type(CAL.add_workdays(datetime(2025, 9, 30, 17, 0), 1)) is date


def test_default_calendar_is_shared() -> None:
    assert default_calendar() is default_calendar()
    assert default_calendar() == Calendar()


# ---- add_workdays, nth_workday_of_month, workdays_between ----------------------------------


def test_add_workdays_across_a_weekend() -> None:
    assert CAL.add_workdays(date(2025, 3, 7), 1) == date(2025, 3, 10)  # Friday → Monday
    assert CAL.add_workdays(date(2025, 3, 8), 1) == date(2025, 3, 10)  # Saturday → Monday


def test_add_workdays_across_national_day() -> None:
    assert CAL.add_workdays(date(2025, 9, 30), 1) == date(2025, 10, 9)
    assert CAL.add_workdays(date(2025, 9, 30), 3) == date(2025, 10, 11)  # a make-up Saturday


def test_add_workdays_onto_a_make_up_sunday() -> None:
    assert CAL.add_workdays(date(2025, 9, 26), 1) == date(2025, 9, 28)


def test_add_workdays_across_spring_festival_2026() -> None:
    assert CAL.add_workdays(date(2026, 2, 13), 1) == date(2026, 2, 14)  # Saturday, 调休
    assert CAL.add_workdays(date(2026, 2, 14), 1) == date(2026, 2, 24)


def test_add_zero_workdays() -> None:
    assert CAL.add_workdays(date(2025, 10, 9), 0) == date(2025, 10, 9)
    assert CAL.add_workdays(date(2025, 10, 3), 0) == date(2025, 10, 9)
    assert CAL.add_workdays(date(2025, 9, 28), 0) == date(2025, 9, 28)


def test_add_negative_workdays_is_refused() -> None:
    with pytest.raises(ValueError, match="不能为负数"):
        CAL.add_workdays(date(2025, 10, 9), -1)


def test_nth_workday_of_month() -> None:
    assert CAL.nth_workday_of_month(2025, 10, 1) == date(2025, 10, 9)
    # 9 Thu, 10 Fri, 11 Sat (调休), 13 Mon, 14 Tue
    assert CAL.nth_workday_of_month(2025, 10, 5) == date(2025, 10, 14)
    # 1-3 January holiday, 4 January a make-up Sunday
    assert CAL.nth_workday_of_month(2026, 1, 1) == date(2026, 1, 4)
    assert CAL.nth_workday_of_month(2026, 1, 5) == date(2026, 1, 8)
    assert CAL.nth_workday_of_month(2025, 3, 5) == date(2025, 3, 7)


def test_month_without_that_many_workdays() -> None:
    workdays_in_october = len(chinese_calendar.get_workdays(date(2025, 10, 1), date(2025, 10, 31)))
    assert workdays_in_october == 18
    assert CAL.nth_workday_of_month(2025, 10, 18) == date(2025, 10, 31)
    with pytest.raises(ValueError, match="2025 年 10 月只有 18 个工作日"):
        CAL.nth_workday_of_month(2025, 10, 19)


@pytest.mark.parametrize(("month", "n"), [(0, 1), (13, 1), (5, 0)])
def test_nth_workday_of_month_bad_arguments(month: int, n: int) -> None:
    with pytest.raises(ValueError):
        CAL.nth_workday_of_month(2025, month, n)


def test_workdays_between() -> None:
    assert CAL.workdays_between(date(2025, 9, 30), date(2025, 10, 9)) == 1
    assert CAL.workdays_between(date(2025, 9, 30), date(2025, 10, 8)) == 0
    assert CAL.workdays_between(date(2025, 10, 9), date(2025, 10, 9)) == 0
    assert CAL.workdays_between(date(2025, 10, 1), date(2025, 10, 31)) == 18
    assert CAL.workdays_between(date(2025, 10, 9), date(2025, 9, 30)) == -1


# ---- years without data ---------------------------------------------------------------------


@pytest.mark.parametrize("year", [2027, 2030, 2003])
def test_year_without_data_raises_calendar_missing(year: int) -> None:
    with pytest.raises(CalendarMissing) as caught:
        CAL.is_workday(date(year, 3, 1))
    assert caught.value.year == year
    assert isinstance(caught.value, ValueError)
    assert f"缺少 {year} 年的节假日安排数据" in str(caught.value)


def test_counting_into_2027_names_2027() -> None:
    for call in (
        lambda: CAL.add_workdays(date(2026, 12, 30), 5),
        lambda: CAL.workdays_between(date(2026, 12, 1), date(2027, 1, 10)),
        lambda: CAL.nth_workday_of_month(2027, 1, 5),
    ):
        with pytest.raises(CalendarMissing, match="2027 年") as caught:
            call()
        assert caught.value.year == 2027


def test_calendar_missing_survives_pickling() -> None:
    error = pickle.loads(pickle.dumps(CalendarMissing(2027)))
    assert error.year == 2027
    assert str(error) == str(CalendarMissing(2027))


# ---- the local override --------------------------------------------------------------------


@pytest.fixture
def override_file(tmp_path: Path) -> Path:
    path = tmp_path / "workdays_override.toml"
    path.write_text(OVERRIDE_2027, encoding="utf-8")
    return path


def test_override_file_makes_2027_work(override_file: Path) -> None:
    cal = Calendar.from_toml(override_file)
    assert cal.years == {2027}
    assert not cal.is_workday(date(2027, 1, 1))
    assert cal.is_workday(date(2027, 1, 4))  # an ordinary Monday
    assert not cal.is_workday(date(2027, 1, 9))  # an ordinary Saturday
    assert not cal.is_workday(date(2027, 2, 13))  # Saturday inside the holiday
    assert cal.is_workday(date(2027, 2, 14))  # Sunday, 调休上班
    # counting runs from chinesecalendar's 2026 into the override's 2027
    assert cal.add_workdays(date(2026, 12, 31), 1) == date(2027, 1, 4)
    assert cal.nth_workday_of_month(2027, 2, 5) == date(2027, 2, 14)
    assert cal.is_workday(date(2025, 9, 28))  # years not overridden are unchanged
    with pytest.raises(CalendarMissing) as caught:
        cal.is_workday(date(2028, 1, 3))
    assert caught.value.year == 2028


def test_override_built_in_code() -> None:
    cal = Calendar(holidays={date(2027, 1, 1)}, workdays={date(2027, 2, 14)}, years={2027})
    assert isinstance(cal.holidays, frozenset)
    assert hash(cal) == hash(
        Calendar(
            holidays=frozenset({date(2027, 1, 1)}),
            workdays=frozenset({date(2027, 2, 14)}),
            years=frozenset({2027}),
        )
    )
    assert not cal.is_workday(date(2027, 1, 1))
    assert cal.is_workday(date(2027, 2, 14))


def test_listed_dates_win_in_any_year() -> None:
    # A notice may move a day in the year before the one it is about.
    cal = Calendar(workdays={date(2026, 12, 26)}, years={2027})
    assert date(2026, 12, 26).weekday() == 5
    assert cal.is_workday(date(2026, 12, 26))
    assert not CAL.is_workday(date(2026, 12, 26))


def test_override_may_replace_a_year_chinesecalendar_has() -> None:
    cal = Calendar(years={2025})
    assert cal.is_workday(date(2025, 10, 1))  # no holidays listed: a plain Wednesday
    assert not cal.is_workday(date(2025, 9, 28))  # no make-up days listed: a plain Sunday


def test_same_day_cannot_be_holiday_and_workday() -> None:
    with pytest.raises(ValueError, match="既是节假日又是调休上班日：2027-02-14"):
        Calendar(holidays={date(2027, 2, 14)}, workdays={date(2027, 2, 14)}, years={2027})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[years]]\nyear = 2027\nholidays = ["2027-01-01"]\n', "不加引号"),
        ("[[years]]\nyear = 2027\nholidays = [2027-01-01T08:00:00]\n", "不带时间"),
        ("[[years]]\nyear = 2027\nholiday = [2027-01-01]\n", "不认识的项 holiday"),
        ("[[years]]\nholidays = [2027-01-01]\n", "缺少 year"),
        ("[[years]]\nyear = 2027\n[[years]]\nyear = 2027\n", "2027 年重复出现"),
        ("year = 2027\n", "不认识的项 year"),
        (
            "[[years]]\nyear = 2027\nholidays = [2027-01-01]\nworkdays = [2027-01-01]\n",
            "既是节假日又是调休上班日",
        ),
        ("[[years]\nyear = 2027\n", "不是有效的 TOML"),
    ],
)
def test_bad_override_files(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=message) as caught:
        Calendar.from_toml(path)
    assert str(path) in str(caught.value)


def test_shipped_example_adds_nothing_as_it_is() -> None:
    example = resources.files("jjn_ledger") / "data" / "workdays_override.example.toml"
    with resources.as_file(example) as path:
        assert Calendar.from_toml(path) == Calendar()
    assert "虚构" in example.read_text(encoding="utf-8")


def test_shipped_example_block_is_a_valid_override(tmp_path: Path) -> None:
    text = (resources.files("jjn_ledger") / "data" / "workdays_override.example.toml").read_text(
        encoding="utf-8"
    )
    block = text.split("示例开始")[1].split("# ---- 示例结束")[0].splitlines()[1:]
    assert all(line.startswith("# ") for line in block)
    path = tmp_path / "uncommented.toml"
    path.write_text("\n".join(line[2:] for line in block), encoding="utf-8")
    cal = Calendar.from_toml(path)
    assert cal.years == {2027}
    for day in cal.workdays:
        assert day.weekday() >= 5, day  # make-up days fall on weekends
    assert cal.add_workdays(date(2027, 9, 30), 1) == date(2027, 10, 8)


# ---- property: add_workdays and workdays_between are inverses ------------------------------


# Ends early in December 2026 so that ten working days never run into 2027, which has no data.
@given(
    day=st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 1)),
    n=st.integers(min_value=0, max_value=10),
)
def test_add_workdays_lands_on_a_workday_n_workdays_later(day: date, n: int) -> None:
    result = CAL.add_workdays(day, n)
    assert result >= day
    assert CAL.is_workday(result)
    if n > 0:
        assert CAL.workdays_between(day, result) == n
        assert CAL.workdays_between(day, result - timedelta(days=1)) == n - 1


def test_add_workdays_refuses_a_fractional_count() -> None:
    with pytest.raises(TypeError):
        CAL.add_workdays(date(2025, 10, 9), 1.5)  # type: ignore[arg-type]
