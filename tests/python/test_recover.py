"""arrears.recover: the worked example of recovery-rules §11 and the input and output forms."""

import datetime as dt
import io
import warnings
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

import arrears
from arrears import InputWarning
from conftest import feb_and_mar_2026


D = Decimal
T = pd.Timestamp
SCHEDULE_COLUMNS = ["account_id", "due_date", "collection_date", "regular_amount", "recovery_amount",
                    "total_amount", "arrears_after"]
SUMMARY_COLUMNS = ["account_id", "status", "missed_count", "missed_amount", "paid_amount", "arrears",
                   "instalments", "first_recovery_date", "last_recovery_date", "max_recovery", "warnings",
                   "message"]


def test_worked_example_nobody_pays_double_by_default(worked, westminster):
    # §11: 1 Dec 2025 and 2 Jan 2026 missed, A = 1064.34; E = Mon 26 Jan 2026; the eligible
    # collections to 31 Mar 2026 are Mon 2 Feb and Mon 2 Mar (the 1sts are Sundays): n = 2.
    # 532.17 on each would be over the ceiling 532.16 (no_double_payment, on by default for
    # spread), so m = 3: 106434 / 3 = 35478 on 2 Feb, 2 Mar and Wed 1 Apr 2026, extended.
    schedule, summary = arrears.recover([worked], **westminster)
    assert list(schedule.columns) == SCHEDULE_COLUMNS
    assert list(summary.columns) == SUMMARY_COLUMNS
    assert schedule["account_id"].tolist() == ["A-1001"] * 3
    assert schedule["collection_date"].tolist() == [T("2026-02-02"), T("2026-03-02"), T("2026-04-01")]
    assert schedule["regular_amount"].tolist() == [D("532.17")] * 3
    assert schedule["recovery_amount"].tolist() == [D("354.78")] * 3
    assert schedule["total_amount"].tolist() == [D("886.95")] * 3  # under twice 532.17
    assert schedule["arrears_after"].tolist() == [D("709.56"), D("354.78"), D("0.00")]
    row = summary.iloc[0]
    assert row["status"] == "extended"
    assert row["missed_count"] == 2
    assert row["missed_amount"] == D("1064.34")
    assert row["paid_amount"] == D("0.00")
    assert row["arrears"] == D("1064.34")
    assert row["instalments"] == 3
    assert row["first_recovery_date"] == T("2026-02-02")
    assert row["last_recovery_date"] == T("2026-04-01")
    assert row["max_recovery"] == D("354.78")
    assert row["warnings"] is None
    assert row["message"] == "recovery runs past the horizon 2026-03-31 to 2026-04-01"
    assert summary.attrs["earliest_change"] == dt.date(2026, 1, 26)
    assert summary.attrs["horizon"] == dt.date(2026, 3, 31)
    assert summary.attrs["extension_limit"] == dt.date(2027, 3, 31)
    assert summary.attrs["problems"] == []
    assert summary.attrs["double_payment_accounts"] == 0


def test_worked_example_without_the_promise_spreads_to_the_year_end(worked, westminster):
    # §11 with --allow-double-payment (no_double_payment=False): 532.17 on each of the two.
    schedule, summary = arrears.recover([worked], no_double_payment=False, **westminster)
    assert schedule["account_id"].tolist() == ["A-1001", "A-1001"]
    # 532.17 regular + 532.17 recovery = 1064.34 on each; 532.17 then 0.00 left after.
    assert schedule.drop(columns="account_id").to_dict("list") == feb_and_mar_2026("532.17", "532.17", "1064.34")
    row = summary.iloc[0]
    assert row["status"] == "ok"
    assert row["instalments"] == 2
    assert row["last_recovery_date"] == T("2026-03-02")
    assert row["max_recovery"] == D("532.17")
    assert row["warnings"] == "double_payment"  # a total of twice the regular amount
    assert row["message"] is None
    assert summary.attrs["double_payment_accounts"] == 1


def test_worked_example_with_a_50_percent_cap_extends_to_june(worked, westminster):
    # §11: cap 50% of 532.17 = 266.08 (rounded down); over 4 two would carry 266.09, so m = 5:
    # 212.87 on 2 Feb, 2 Mar, 1 Apr, 1 May and 212.86 on 1 Jun 2026; status extended.
    schedule, summary = arrears.recover([worked], cap="50%", **westminster)
    assert schedule["collection_date"].tolist() == [T("2026-02-02"), T("2026-03-02"), T("2026-04-01"),
                                                    T("2026-05-01"), T("2026-06-01")]
    assert schedule["recovery_amount"].tolist() == [D("212.87")] * 4 + [D("212.86")]
    assert schedule["arrears_after"].tolist() == [D("851.47"), D("638.60"), D("425.73"), D("212.86"),
                                                  D("0.00")]
    row = summary.iloc[0]
    assert (row["status"], row["instalments"], row["max_recovery"]) == ("extended", 5, D("212.87"))
    assert row["last_recovery_date"] == T("2026-06-01")
    assert row["warnings"] is None
    assert row["message"] == "recovery runs past the horizon 2026-03-31 to 2026-06-01"


def test_pence_gives_the_same_numbers_as_int64(worked, westminster):
    schedule, summary = arrears.recover([worked], money="pence", cap="50%", **westminster)
    assert schedule["recovery_amount"].tolist() == [21287] * 4 + [21286]
    assert schedule["regular_amount"].dtype == np.int64
    assert str(summary["arrears"].dtype) == "Int64"
    assert summary.loc[0, "arrears"] == 106434
    assert summary.loc[0, "max_recovery"] == 21287
    decimal_schedule, _ = arrears.recover([worked], cap="50%", **westminster)
    for column in ["regular_amount", "recovery_amount", "total_amount", "arrears_after"]:
        assert [int(v * 100) for v in decimal_schedule[column]] == schedule[column].tolist()


def test_dtypes_and_missing_cells(worked, westminster):
    accounts = [worked, {**worked, "account_id": "B", "amount": "oops"}]
    with pytest.warns(InputWarning):
        schedule, summary = arrears.recover(accounts, **westminster)
    assert schedule["due_date"].dtype == "datetime64[ns]"
    assert schedule["collection_date"].dtype == "datetime64[ns]"
    assert str(summary["missed_count"].dtype) == "Int64"
    assert str(summary["instalments"].dtype) == "Int64"
    assert summary["first_recovery_date"].dtype == "datetime64[ns]"
    assert all(isinstance(v, Decimal) for v in schedule["total_amount"])
    rejected = summary.iloc[1]
    assert rejected["missed_count"] is pd.NA
    assert rejected["missed_amount"] is None
    assert pd.isna(rejected["first_recovery_date"])
    assert rejected["warnings"] is None


@pytest.mark.skipif(not pd.__version__.startswith("1."), reason="the block path is pandas 1.x only")
@pytest.mark.parametrize("money", ["decimal", "pence"])
def test_frames_built_from_blocks_equal_frames_built_by_concat(worked, westminster, monkeypatch, money):
    # _frames builds the result frames from blocks with pandas 1.x and with pd.concat
    # otherwise; both must give the same frames (here: two accounts, one rejected, so every
    # column has a value and a missing cell somewhere).
    from arrears import _frames
    accounts = [worked, {**worked, "account_id": "B", "amount": "oops"}]
    with pytest.warns(InputWarning):
        direct = arrears.recover(accounts, money=money, cap="50%", **westminster)
    monkeypatch.setattr(_frames, "_BLOCKS", False)
    with pytest.warns(InputWarning):
        concat = arrears.recover(accounts, money=money, cap="50%", **westminster)
    for a, b in zip(direct, concat):
        pd.testing.assert_frame_equal(a, b)
    schedule, summary = direct
    assert list(schedule.columns) == _frames.SCHEDULE_COLUMNS
    assert list(summary.columns) == _frames.SUMMARY_COLUMNS
    # 50% cap: 5 instalments of 212.87/212.86 (the test above), account B rejected.
    assert len(schedule) == 5 and summary["status"].tolist() == ["extended", "rejected"]


def test_text_frame_as_read_by_read_csv_dtype_str(westminster):
    csv = ("account_id,amount,frequency,first_due,day,end,skip,convention,note\n"
           "A-1001,532.17,monthly,2025-04-01,,,,,rent\n"
           "W-1,\"£1,000.00\",weekly,2025-04-07,,,2026-02-02;2026-02-09,following,\n"
           "M-2,100,monthly,2025-04-30,last,2026-02-28,,,\n")
    frame = pd.read_csv(io.StringIO(csv), dtype=str)
    assert frame["day"].isna().sum() == 2  # NaN = an empty cell
    schedule, summary = arrears.recover(frame, **westminster)
    # A-1001: the §11 example, over three collections (nobody pays double).
    assert summary["status"].tolist() == ["extended", "ok", "ok"]
    weekly = schedule[schedule["account_id"] == "W-1"]
    # Skipped rent-free weeks are not collections. Rows run from N (Mon 12 Jan); recovery
    # from E (Mon 26 Jan) to 30 Mar: 26 Jan, 16 and 23 Feb, 2, 9, 16, 23 and 30 Mar (2 and
    # 9 Feb skipped) = 8 collections, 7000.00 / 8 = 875.00 each.
    assert T("2026-02-02") not in set(weekly["due_date"]) and T("2026-02-09") not in set(weekly["due_date"])
    assert weekly["collection_date"].min() == T("2026-01-12")
    assert weekly.loc[weekly["recovery_amount"] > 0, "recovery_amount"].tolist() == [D("875.00")] * 8
    # Outage 24 Nov 2025 - 9 Jan 2026: seven Mondays (24 Nov to 5 Jan), 7 x 1000.00.
    assert summary.loc[1, "missed_amount"] == D("7000.00")
    monthly = schedule[schedule["account_id"] == "M-2"]
    # Due on the last day: 31 Jan is a Saturday -> Mon 2 Feb (26 Jan onwards is eligible); 28 Feb
    # (Sat) -> Mon 2 Mar; the plan ends 28 Feb, and (past_end continue, the default) goes on
    # for recovery with Tue 31 Mar, no regular amount: n = 3, 20000 = 3 x 6666 + 2.
    assert monthly["collection_date"].tolist() == [T("2026-02-02"), T("2026-03-02"), T("2026-03-31")]
    assert monthly["regular_amount"].tolist() == [D("100.00"), D("100.00"), D("0.00")]
    assert monthly["recovery_amount"].tolist() == [D("66.67"), D("66.67"), D("66.66")]


def test_read_csv_without_dtype_str(westminster):
    # Numeric ids, a day column of floats with NaN, amounts as floats with two decimals.
    csv = "account_id,amount,frequency,first_due,day\n1001,532.17,monthly,2025-04-01,1\n1002,99.5,monthly,2025-04-01,\n"
    frame = pd.read_csv(io.StringIO(csv))
    assert frame["day"].dtype == np.float64 and frame["amount"].dtype == np.float64
    schedule, summary = arrears.recover(frame, **westminster)
    assert summary["account_id"].tolist() == ["1001", "1002"]
    assert summary["arrears"].tolist() == [D("1064.34"), D("199.00")]


def test_typed_cells(westminster):
    accounts = pd.DataFrame({
        "account_id": ["A", "B"],
        "amount": [D("532.17"), 532],  # an int is whole pounds
        "frequency": ["monthly", "monthly"],
        "first_due": pd.to_datetime(["2025-04-01", "2025-04-01"]),
        "skip": [None, [dt.date(2026, 3, 1)]],
    })
    schedule, summary = arrears.recover(accounts, **westminster)
    assert summary["arrears"].tolist() == [D("1064.34"), D("1064.00")]
    # B skips 1 Mar, so only 2 Feb is left before H; 1064.00 there is over the ceiling 531.99,
    # so m = ceil(1064.00 / 531.99) = 3: 2 Feb, 1 Apr, 1 May (106400 = 3 x 35466 + 2).
    b = schedule[schedule["account_id"] == "B"]
    assert b["recovery_amount"].tolist() == [D("354.67"), D("354.67"), D("354.66")]
    assert b["collection_date"].tolist() == [T("2026-02-02"), T("2026-04-01"), T("2026-05-01")]


def test_list_of_dicts_equals_data_frame(worked, westminster):
    rows = [worked, {"account_id": "F-1", "amount": "25.00", "frequency": "fortnightly",
                     "first_due": dt.date(2025, 4, 7)}]
    from_list = arrears.recover(rows, **westminster)
    from_frame = arrears.recover(pd.DataFrame(rows), **westminster)
    for a, b in zip(from_list, from_frame):
        pd.testing.assert_frame_equal(a, b)


def test_rejected_rows_keep_their_place(worked, westminster):
    rows = [worked,
            {**worked, "account_id": "B", "amount": "12.345"},
            {**worked, "account_id": "C", "frequency": "daily"},
            {**worked},  # a duplicate of row 0
            {**worked, "account_id": "D", "first_due": "2025-04-31"},
            {**worked, "account_id": "E"}]
    with pytest.warns(InputWarning, match=r"4 account\(s\) rejected"):
        schedule, summary = arrears.recover(rows, **westminster)
    assert summary["account_id"].tolist() == ["A-1001", "B", "C", "A-1001", "D", "E"]
    assert summary["status"].tolist() == ["extended", "rejected", "rejected", "rejected", "rejected", "extended"]
    # Rows are numbered from 0 (iloc); columns from 1, as in the command line's messages.
    assert summary["message"].tolist()[1:5] == [
        "accounts row 1, column 2 (amount): invalid amount '12.345': more than two decimal places",
        "accounts row 2, column 3 (frequency): unknown frequency 'daily' "
        "(expected weekly, fortnightly, four-weekly or monthly)",
        "accounts row 3, column 1 (account_id): duplicate account_id 'A-1001' (first on row 0)",
        "accounts row 4, column 4 (first_due): invalid date '2025-04-31': no such date",
    ]
    assert schedule["account_id"].unique().tolist() == ["A-1001", "E"]


def test_rows_are_named_by_index_label_or_position(worked, westminster):
    frame = pd.DataFrame([worked, {**worked, "account_id": "B", "amount": "x"},
                          {**worked, "account_id": "C", "amount": "y"}])
    # A filtered frame keeps its labels: the bad row is still "row 2" (df.loc[2]).
    with pytest.warns(InputWarning):
        _, summary = arrears.recover(frame[frame["account_id"] != "B"], **westminster)
    assert summary["message"].tolist()[1].startswith("accounts row 2, column 2 (amount): invalid amount 'y'")
    # Labels that are not non-negative integers: positions from 0.
    with pytest.warns(InputWarning):
        _, summary = arrears.recover(frame.set_index(pd.Index(["a", "b", "c"])), **westminster)
    assert summary["message"].tolist()[2].startswith("accounts row 2, column 2 (amount)")
    with pytest.warns(InputWarning):
        _, summary = arrears.recover(frame.set_index(pd.Index([10, -1, 30])), **westminster)
    assert summary["message"].tolist()[1].startswith("accounts row 1, column 2 (amount)")
    # A float amount's rejection names the row the same way.
    floats = pd.DataFrame({**{k: [v] for k, v in worked.items()}, "amount": [1.234]}, index=[41])
    with pytest.warns(InputWarning):
        _, summary = arrears.recover(floats, **westminster)
    assert summary.loc[0, "message"].startswith("accounts row 41, column 2 (amount): invalid amount '1.234'")


def test_plan_rules_reject_the_row(westminster):
    rows = [{"account_id": "W", "amount": "10", "frequency": "weekly", "first_due": "2025-04-07", "day": "3"},
            {"account_id": "X", "amount": "0", "frequency": "monthly", "first_due": "2025-04-01"},
            {"account_id": "Y", "amount": "10", "frequency": "monthly", "first_due": "2025-04-01",
             "skip": "2025-04-02"}]
    with pytest.warns(InputWarning):
        _, summary = arrears.recover(rows, **westminster)
    assert summary["message"].tolist() == [
        "accounts row 0, column 5 (day): day 3 is only for monthly plans, not weekly",
        "accounts row 1, column 2 (amount): amount '0' must be more than 0.00",
        "accounts row 2, column 6 (skip): skip date 2025-04-02 is not a due date of the plan",
    ]


def test_ledger_mode_with_payments_and_cancelled_instruction():
    accounts = [{"account_id": "L1", "amount": "100.00", "frequency": "monthly", "first_due": "2025-04-01"},
                {"account_id": "L2", "amount": "100.00", "frequency": "monthly", "first_due": "2025-04-01"},
                {"account_id": "L3", "amount": "100.00", "frequency": "monthly", "first_due": "2025-04-01"}]
    ledger = pd.DataFrame({
        "account_id": ["L1", "L1", "L1", "L2", "L3", "ZZ"],
        "due_date": ["2025-11-01", "2025-12-01", "2026-01-01", "2025-12-01", "2025-12-01", "2025-12-01"],
        "amount": ["100.00", "100.00", "100.00", "100.00", "100.00", "1.00"],
        "status": ["collected", "unpaid", "not_presented", "unpaid", "unpaid", "unpaid"],
        "reason": [np.nan, "0", np.nan, "B", "0", "0"],
    })
    payments = [{"account_id": "L1", "date": "2026-01-05", "amount": "50.00"},
                {"account_id": "L3", "date": "2026-01-05", "amount": "100.00"},
                {"account_id": "L1", "date": "2026-01-05", "amount": "ten"}]
    with pytest.warns(InputWarning, match=r"2 ledger/payments/mandates row\(s\) left out"):
        schedule, summary = arrears.recover(accounts, ledger=ledger, payments=payments,
                                            notice_date="2026-01-12")
    # L1: missed 1 Dec (unpaid, ARUDD 0) and 1 Jan (not presented) = 200.00, paid 50.00:
    # 150.00 -- but its payment 'ten' (payments row 2) names it, so (§5 "Nothing lost") its
    # figures are not trusted: review, no schedule.
    assert summary["status"].tolist() == ["review", "cancelled", "no_arrears"]
    assert summary["arrears"].tolist() == [D("150.00"), D("100.00"), D("0.00")]
    assert summary.loc[0, "missed_count"] == 2 and summary.loc[0, "paid_amount"] == D("50.00")
    assert summary.loc[0, "message"].startswith("payments row 2, column 3 (amount): invalid amount 'ten'")
    assert schedule.empty
    assert summary.loc[1, "message"] == "ARUDD B: account closed; the instruction can no longer be collected"
    assert summary.attrs["problems"] == [
        "ledger row 5, column 1 (account_id): unknown account_id 'ZZ'",
        "payments row 2, column 3 (amount): invalid amount 'ten': no digits",
    ]


def test_options_change_the_schedule(worked, westminster):
    # 3 working days' notice and 2 of post: E = 5 working days after Mon 12 Jan = Mon 19 Jan
    # (no earlier collection), still 2 Feb and 2 Mar; until 2026-02-28 leaves only 2 Feb
    # before H, where 1064.34 would pay double: 354.78 on 2 Feb, 2 Mar and 1 Apr.
    schedule, summary = arrears.recover([worked], notice_days=3, postal_days=2, until="2026-02-28",
                                        **westminster)
    assert summary.attrs["earliest_change"] == dt.date(2026, 1, 19)
    assert schedule["recovery_amount"].tolist() == [D("354.78")] * 3
    schedule, _ = arrears.recover([worked], notice_days=3, postal_days=2, until="2026-02-28",
                                  no_double_payment=False, **westminster)
    assert schedule["recovery_amount"].tolist() == [D("1064.34")]
    # single: everything on the first eligible collection.
    schedule, _ = arrears.recover([worked], strategy="single", **westminster)
    assert schedule["recovery_amount"].tolist() == [D("1064.34"), D("0.00")]
    # whole-pounds over 3 (over 2 the first, 532.34, pays double): 355.00 on the others, the
    # first takes 1064.34 - 710.00 = 354.34.
    schedule, _ = arrears.recover([worked], remainder="whole-pounds", **westminster)
    assert schedule["recovery_amount"].tolist() == [D("354.34"), D("355.00"), D("355.00")]
    # no_extend with a cap that needs June: review, no schedule.
    schedule, summary = arrears.recover([worked], cap="50%", extend=False, **westminster)
    assert schedule.empty and summary.loc[0, "status"] == "review"
    # A fixed cap of 300.00: 4 instalments of 266.09/266.09/266.08/266.08 to 1 May.
    schedule, _ = arrears.recover([worked], cap=D("300"), **westminster)
    assert schedule["recovery_amount"].tolist() == [D("266.09"), D("266.09"), D("266.08"), D("266.08")]


def test_when_none_after_the_year_end(worked):
    # Notice Fri 20 Mar 2026: E = Tue 7 Apr 2026 (after Good Friday and Easter Monday) is past
    # H = 31 Mar 2026, so n = 0; next-year uses the collections of 1 May 2026 .. 1 Mar 2027.
    outage = ("2025-11-24", "2026-01-09")
    _, summary = arrears.recover([worked], outage=outage, notice_date="2026-03-20")
    assert summary.loc[0, "status"] == "extended"
    assert summary.attrs["earliest_change"] == dt.date(2026, 4, 7)
    assert summary.loc[0, "instalments"] == 11
    assert summary.loc[0, "last_recovery_date"] == T("2027-03-01")
    schedule, summary = arrears.recover([worked], outage=outage, notice_date="2026-03-20", when_none="single")
    # All on 1 May would pay double: the ceiling 532.16 spreads it over 1 May, 1 Jun, 1 Jul (§8).
    assert summary.loc[0, "instalments"] == 3
    # §9: the schedule runs to max(H, last recovery): 1 Apr 2026 (before E, regular only) to 1 Jul.
    assert schedule["collection_date"].tolist() == [T("2026-04-01"), T("2026-05-01"), T("2026-06-01"),
                                                    T("2026-07-01")]
    assert schedule["recovery_amount"].tolist() == [D("0.00")] + [D("354.78")] * 3
    schedule, summary = arrears.recover([worked], outage=outage, notice_date="2026-03-20", when_none="single",
                                        no_double_payment=False)
    assert summary.loc[0, "instalments"] == 1
    assert schedule["recovery_amount"].tolist() == [D("0.00"), D("1064.34")]
    schedule, summary = arrears.recover([worked], outage=outage, notice_date="2026-03-20", when_none="review")
    assert schedule.empty and summary.loc[0, "status"] == "review"


def test_scotland_counts_notice_on_its_own_calendar(worked):
    # Notice Fri 28 Nov 2025 after an outage 1-20 Nov: England and Wales, 10 working days ->
    # Fri 12 Dec; Scotland loses Mon 1 Dec (St Andrew's Day substitute) -> Mon 15 Dec.
    kwargs = {"outage": ("2025-11-01", "2025-11-20"), "notice_date": "2025-11-28"}
    _, ew = arrears.recover([worked], **kwargs)
    _, scot = arrears.recover([worked], region="scotland", **kwargs)
    assert ew.attrs["earliest_change"] == dt.date(2025, 12, 12)
    assert scot.attrs["earliest_change"] == dt.date(2025, 12, 15)


def test_holidays_file_and_closures(worked, westminster, tmp_path):
    # An official list for 2026 that adds Tue 20 Jan 2026, and a closure on Mon 2 Feb 2026: E
    # moves a day later (Tue 27 Jan) and the 1 Feb collection moves to Tue 3 Feb.
    official = {"england-and-wales": {"division": "england-and-wales", "events": [
        {"title": "New Year's Day", "date": "2026-01-01", "notes": "", "bunting": True},
        {"title": "Made-up day", "date": "2026-01-20", "notes": "", "bunting": False},
        {"title": "Christmas Day", "date": "2026-12-25", "notes": "", "bunting": True}]}}
    with pytest.warns(arrears.InputWarning) as stale:
        schedule, summary = arrears.recover([worked], holidays=official, closures=["2026-02-02"], **westminster)
    # §2: the list lacks 6 of the rules' 2026 weekday holidays (Good Friday, Easter Monday,
    # early May, spring, summer, Boxing Day's Mon 28 Dec) and has one they lack (20 Jan).
    assert len(stale) == 7 and "the list has 2026-01-20 \"Made-up day\"" in str(stale[0].message)
    assert summary.attrs["earliest_change"] == dt.date(2026, 1, 27)
    assert schedule["collection_date"].tolist() == [T("2026-02-03"), T("2026-03-02"), T("2026-04-01")]
    # The same from a file; the rules' Good Friday is gone in 2026 (the file covers 2026).
    path = tmp_path / "bank-holidays.json"
    import json
    path.write_text(json.dumps(official))
    with pytest.warns(arrears.InputWarning) as stale:  # the same 7 differences as above (§2)
        calendar = arrears.Calendar(holidays=path)
    assert len(stale) == 7
    assert calendar.is_working_day("2026-04-03")
    assert not calendar.is_working_day("2026-01-20")


def test_threads_do_not_change_the_result(westminster):
    rows = [{"account_id": f"A{i}", "amount": f"{100 + i}.{i % 100:02d}",
             "frequency": ["weekly", "fortnightly", "four-weekly", "monthly"][i % 4],
             "first_due": f"2025-04-{1 + i % 28:02d}"} for i in range(1500)]
    one = arrears.recover(rows, threads=1, **westminster)
    many = arrears.recover(rows, threads=4, **westminster)
    every = arrears.recover(rows, **westminster)
    for a, b, c in zip(one, many, every):
        pd.testing.assert_frame_equal(a, b)
        pd.testing.assert_frame_equal(a, c)


def test_empty_portfolio(westminster):
    frame = pd.DataFrame(columns=["account_id", "amount", "frequency", "first_due"])
    schedule, summary = arrears.recover(frame, **westminster)
    assert list(schedule.columns) == SCHEDULE_COLUMNS and schedule.empty
    assert list(summary.columns) == SUMMARY_COLUMNS and summary.empty
    assert schedule["collection_date"].dtype == "datetime64[ns]"
    schedule, summary = arrears.recover([], **westminster)  # an empty list of dicts
    assert list(summary.columns) == SUMMARY_COLUMNS and schedule.empty and summary.empty


def test_no_warning_for_a_clean_run(worked, westminster):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        arrears.recover([worked], **westminster)


def test_dates_in_any_form(worked):
    forms = [("2025-11-24", "2026-01-09", "2026-01-12"),
             (dt.date(2025, 11, 24), dt.date(2026, 1, 9), dt.date(2026, 1, 12)),
             (T("2025-11-24"), T("2026-01-09"), T("2026-01-12")),
             (np.datetime64("2025-11-24"), np.datetime64("2026-01-09"), np.datetime64("2026-01-12"))]
    results = [arrears.recover([worked], outage=(a, b), notice_date=n)[0] for a, b, n in forms]
    results.append(arrears.recover([worked], outage="2025-11-24..2026-01-09", notice_date="2026-01-12")[0])
    for r in results[1:]:
        pd.testing.assert_frame_equal(results[0], r)


def test_ledger_problems_with_repeated_index_labels_keep_the_rows_order():
    # A ledger made by pd.concat without ignore_index repeats its index labels, and messages
    # name rows by label (§12); rows with the same label are reported in the frame's order,
    # not the order of the held ids' table (the review of the ledger's id table).
    accounts = [{"account_id": "L1", "amount": "100.00", "frequency": "monthly", "first_due": "2025-04-01"}]
    part = {"due_date": "2025-12-01", "amount": "100.00", "status": "unpaid", "reason": "0"}
    ledger = pd.concat([pd.DataFrame([{**part, "account_id": i}]) for i in ["ZZ3", "ZZ1", "L1", "ZZ2", "ZZ0"]])
    assert ledger.index.tolist() == [0, 0, 0, 0, 0]
    with pytest.warns(InputWarning, match=r"4 ledger/payments/mandates row\(s\) left out"):
        _, summary = arrears.recover(accounts, ledger=ledger, notice_date="2026-01-12")
    assert summary.attrs["problems"] == [
        f"ledger row 0, column {ledger.columns.get_loc('account_id') + 1} (account_id): unknown account_id '{i}'"
        for i in ["ZZ3", "ZZ1", "ZZ2", "ZZ0"]]


def test_a_slice_of_an_export_gives_no_pandas_warning():
    # Issue 26: a pandas SettingWithCopyWarning reached analysts from recover. A frame filtered
    # from the export (the bundled portfolio's rent accounts, a slice pandas marks as a copy)
    # and its payments, with notices: every warning but the InputWarnings for the planted bad
    # rows is an error here.
    import pathlib
    data = pathlib.Path(__file__).resolve().parents[2] / "examples" / "data"
    read = dict(dtype=str, keep_default_na=False, skipinitialspace=True)
    accounts = pd.read_csv(data / "accounts.csv", **read)
    rent = accounts[accounts["service"] == "rent"]
    payments = pd.read_csv(data / "payments.csv", **read)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warnings.simplefilter("ignore", InputWarning)
        schedule, summary, notices = arrears.recover(rent, payments=payments, outage=("2025-11-24", "2026-01-09"),
                                                     notice_date="2026-01-12", notices=True, keep=["name"])
        arrears.collections(schedule, rent, keep=["reference"])
    # Every rent row comes out (recovery-rules §12: nothing lost), in its order.
    assert list(summary["account_id"]) == list(rent["account_id"])
    assert len(notices) > 0 and "name" in notices.columns
