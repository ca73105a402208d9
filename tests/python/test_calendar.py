"""arrears.Calendar against literal dates (recovery-rules §2)."""

import datetime as dt

import pandas as pd
import pytest

import arrears

d = dt.date


def test_england_and_wales_2026():
    # §2: New Year's Day; Good Friday and Easter Monday (Easter Sunday 5 Apr 2026); early May;
    # spring; summer; Christmas Day (Fri) and Boxing Day (Sat 26 -> Mon 28).
    assert arrears.Calendar().holidays(2026) == [d(2026, 1, 1), d(2026, 4, 3), d(2026, 4, 6), d(2026, 5, 4),
                                                 d(2026, 5, 25), d(2026, 8, 31), d(2026, 12, 25),
                                                 d(2026, 12, 28)]


def test_scotland_2025_st_andrews_substitute():
    # §2: St Andrew's Day 30 Nov 2025 is a Sunday, so Monday 1 December.
    scotland = arrears.Calendar("scotland")
    assert scotland.holiday_name(d(2025, 12, 1)) == "St Andrew's Day"
    assert not scotland.is_working_day(d(2025, 12, 1))
    assert arrears.Calendar().is_working_day(d(2025, 12, 1))
    # Scotland: 1 and 2 January, first Monday of August, no Easter Monday.
    assert scotland.holidays(2025) == [d(2025, 1, 1), d(2025, 1, 2), d(2025, 4, 18), d(2025, 5, 5),
                                       d(2025, 5, 26), d(2025, 8, 4), d(2025, 12, 1), d(2025, 12, 25),
                                       d(2025, 12, 26)]
    # 2026-06-15 is a Scotland-only one-off.
    assert scotland.is_holiday("2026-06-15") and not arrears.Calendar().is_holiday("2026-06-15")


def test_northern_ireland():
    # St Patrick's Day Tue 17 Mar 2026; Battle of the Boyne Sun 12 Jul 2026 -> Mon 13 Jul.
    ni = arrears.Calendar("northern-ireland")
    assert ni.holiday_name("2026-03-17") == "St Patrick's Day"
    assert ni.is_holiday("2026-07-13") and not ni.is_holiday("2026-07-12")


def test_add_working_days():
    ew = arrears.Calendar()
    # §11: 10 working days after Mon 12 Jan 2026 is Mon 26 Jan 2026.
    assert ew.add_working_days(d(2026, 1, 12), 10) == d(2026, 1, 26)
    # §2: the day itself never counts, working day or not: 1 working day after Sat 3 Jan is Mon 5.
    assert ew.add_working_days(d(2026, 1, 3), 1) == d(2026, 1, 5)
    assert ew.add_working_days(d(2026, 1, 12), 0) == d(2026, 1, 12)
    # Over Easter 2026: Thu 2 Apr + 1 = Tue 7 Apr.
    assert ew.add_working_days("2026-04-02", 1) == d(2026, 4, 7)


def test_adjust_conventions():
    ew = arrears.Calendar()
    # Sat 31 Jan 2026: following -> Mon 2 Feb; preceding -> Fri 30 Jan; modified-following
    # stays in January -> Fri 30 Jan; none -> itself.
    assert ew.adjust(d(2026, 1, 31)) == d(2026, 2, 2)
    assert ew.adjust(d(2026, 1, 31), "preceding") == d(2026, 1, 30)
    assert ew.adjust(d(2026, 1, 31), "modified-following") == d(2026, 1, 30)
    assert ew.adjust(d(2026, 1, 31), "none") == d(2026, 1, 31)
    assert ew.adjust(d(2026, 1, 1)) == d(2026, 1, 2)  # New Year's Day
    with pytest.raises(arrears.InputError, match=r"unknown convention 'next'"):
        ew.adjust(d(2026, 1, 31), "next")


def test_closures_and_names():
    c = arrears.Calendar(closures=["2026-02-02", d(2026, 1, 30)])
    assert c.closures == (d(2026, 1, 30), d(2026, 2, 2))
    assert not c.is_working_day("2026-02-02") and not c.is_holiday("2026-02-02")
    assert c.adjust("2026-01-31") == d(2026, 2, 3)
    assert c.holiday_name("2026-02-02") is None
    assert arrears.Calendar().holiday_name(d(2026, 12, 28)) == "Boxing Day"
    assert arrears.Calendar().working_days_between("2026-01-12", "2026-01-26") == 11
    assert repr(c) == "Calendar('england-and-wales', closures=2 dates)"


def test_dates_as_timestamps_and_text():
    ew = arrears.Calendar()
    assert ew.is_working_day(pd.Timestamp("2026-01-26"))
    assert ew.is_working_day("2026-01-26")
    assert ew.is_working_day(dt.datetime(2026, 1, 26))


def test_calendar_errors():
    with pytest.raises(arrears.InputError, match=r"unknown region 'wales'"):
        arrears.Calendar("wales")
    with pytest.raises(arrears.InputError, match=r"date 1900-01-01 is outside the calendar's range"):
        arrears.Calendar().is_working_day(d(1900, 1, 1))
    with pytest.raises(arrears.InputError, match=r"year 1990 is outside 1995-2099"):
        arrears.Calendar().holidays(1990)
    with pytest.raises(arrears.InputError, match=r"working days must not be negative, got -1"):
        arrears.Calendar().add_working_days("2026-01-12", -1)
    with pytest.raises(arrears.InputError, match=r"day: invalid date '2026-02-30': no such date"):
        arrears.Calendar().is_working_day("2026-02-30")
    with pytest.raises(arrears.InputError, match=r"has a time of day"):
        arrears.Calendar().is_working_day(pd.Timestamp("2026-01-26 09:30"))
    with pytest.raises(TypeError):
        arrears.Calendar().is_working_day(20260126)
    with pytest.raises(arrears.InputError) as caught:
        arrears.Calendar(holidays="/nonexistent/bank-holidays.json")
    assert str(caught.value) == "/nonexistent/bank-holidays.json: cannot open: No such file or directory"
    with pytest.raises(arrears.InputError, match=r"^/tmp: is a folder, not a file$"):
        arrears.Calendar(holidays="/tmp")
