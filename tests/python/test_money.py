"""arrears.split and arrears.financial_year (recovery-rules §3, §8)."""

import datetime as dt
from decimal import Decimal as D

import pytest

import arrears


def test_split_first_and_last():
    # 106435p / 3 = 35478 r 1: the first (or last) part gets the extra penny.
    assert arrears.split("1064.35", 3) == [D("354.79"), D("354.78"), D("354.78")]
    assert arrears.split("1064.35", 3, "last") == [D("354.78"), D("354.78"), D("354.79")]
    assert arrears.split(D("0.02"), 3) == [D("0.01"), D("0.01"), D("0.00")]
    assert arrears.split(10, 4) == [D("2.50")] * 4  # an int is whole pounds


def test_split_whole_pounds():
    # Council Tax rule: 1234.56 / 10 = 123.456 -> 123.00 for nine, the first 1234.56 - 1107.00.
    assert arrears.split("1234.56", 10, "whole-pounds") == [D("127.56")] + [D("123.00")] * 9
    # Halves round up: 1005.00 / 2 = 502.50 -> 503.00, first 502.00.
    assert arrears.split("1005.00", 2, "whole-pounds") == [D("502.00"), D("503.00")]
    # 1.00 / 3 = 0.33 -> 0.00 for two, and the first takes all 1.00.
    assert arrears.split("1.00", 3, "whole-pounds") == [D("1.00"), D("0.00"), D("0.00")]
    # 2.00 / 3 = 0.67 -> 1.00 would leave the first 0.00, which is not negative: kept.
    assert arrears.split("2.00", 3, "whole-pounds") == [D("0.00"), D("1.00"), D("1.00")]
    # 2.00 / 4 = 0.50 -> 1.00 (halves up) would make the first -1.00: round down instead.
    assert arrears.split("2.00", 4, "whole-pounds") == [D("2.00"), D("0.00"), D("0.00"), D("0.00")]


def test_split_results_are_exact_decimals():
    parts = arrears.split("£1,000.00", 7)
    assert sum(parts) == D("1000.00")
    assert all(p.as_tuple().exponent == -2 for p in parts)


def test_split_errors():
    with pytest.raises(arrears.InputError, match=r"split needs at least one part, got 0"):
        arrears.split("10.00", 0)
    with pytest.raises(arrears.InputError, match=r"split needs a non-negative total, got -0.01"):
        arrears.split("-0.01", 2)
    with pytest.raises(arrears.InputError, match=r"amount: invalid amount '12.345': more than two decimal places"):
        arrears.split("12.345", 2)
    with pytest.raises(arrears.InputError, match=r"float 12.345 is not an amount with at most two decimal"):
        arrears.split(12.345, 2)
    with pytest.raises(arrears.InputError, match=r"unknown remainder rule 'middle'"):
        arrears.split("10.00", 2, "middle")
    assert arrears.split(12.5, 2) == [D("6.25"), D("6.25")]  # a float with two decimals is fine


def test_financial_year_labels():
    assert arrears.financial_year(dt.date(2025, 4, 1)) == arrears.FinancialYear(
        dt.date(2025, 4, 1), dt.date(2026, 3, 31), "2025/26")
    assert arrears.financial_year(dt.date(2025, 3, 31)).label == "2024/25"
    # The tax year starts 6 April.
    tax = arrears.financial_year("2025-04-05", start="04-06")
    assert (tax.start, tax.end, tax.label) == (dt.date(2024, 4, 6), dt.date(2025, 4, 5), "2024/25")
    assert arrears.financial_year("2025-04-06", start="04-06").label == "2025/26"
    assert arrears.financial_year("1999-06-01").label == "1999/00"
    assert arrears.financial_year("2025-06-01", start="01-01").label == "2025"


def test_financial_year_errors():
    with pytest.raises(arrears.InputError, match=r"invalid financial-year start '4-1': expected MM-DD"):
        arrears.financial_year("2025-04-01", start="4-1")
    with pytest.raises(arrears.InputError, match=r"invalid financial-year start '02-29': no such day in every year"):
        arrears.financial_year("2025-04-01", start="02-29")
