"""Every way recover() refuses its input, with the message it gives (as the command line's)."""

import datetime as dt
import io
from decimal import Decimal

import pandas as pd
import pytest

import arrears
from arrears import InputError

from conftest import WESTMINSTER, WORKED


def run(accounts=None, **options):
    kwargs = {**WESTMINSTER, **options}
    return arrears.recover([WORKED] if accounts is None else accounts, **kwargs)


def test_input_error_is_a_value_error():
    assert issubclass(InputError, ValueError)
    assert InputError.__module__ == "arrears"
    assert issubclass(arrears.InputWarning, UserWarning)


def test_bad_amount_text_names_row_column_and_text():
    frame = pd.read_csv(io.StringIO("account_id,first_due,frequency,amount\nA,2025-04-01,monthly,12.345\n"
                                    "B,2025-04-01,monthly,1.2.3\nC,2025-04-01,monthly,\n"), dtype=str)
    with pytest.warns(arrears.InputWarning):
        _, summary = run(frame)
    assert summary["message"].tolist() == [
        "accounts row 0, column 4 (amount): invalid amount '12.345': more than two decimal places",
        "accounts row 1, column 4 (amount): invalid amount '1.2.3': unexpected character",
        "accounts row 2, column 4 (amount): invalid amount '': empty amount",
    ]


def test_float_amount_with_three_decimals_rejects_its_row():
    # A float amount is read as its shortest repr, as a CSV file would hold it: 532.17 is
    # fine, 12.345 is rejected like the text '12.345', and the run goes on.
    frame = pd.DataFrame({"account_id": ["A", "B"], "amount": [532.17, 12.345], "frequency": ["monthly"] * 2,
                          "first_due": ["2025-04-01"] * 2})
    with pytest.warns(arrears.InputWarning):
        _, summary = run(frame)
    assert summary["status"].tolist() == ["extended", "rejected"]  # A: the §11 example, three collections
    assert summary.loc[1, "message"] == ("accounts row 1, column 2 (amount): invalid amount '12.345': "
                                         "more than two decimal places")
    # 0.1 + 0.2 is not 0.3 in binary: its repr shows it, and the row is refused.
    with pytest.warns(arrears.InputWarning):
        _, summary = run([{**WORKED, "amount": 0.1 + 0.2}])
    assert summary.loc[0, "message"] == ("accounts row 0, column 2 (amount): invalid amount '0.30000000000000004': "
                                         "more than two decimal places")
    # A payment row: reported and left out.
    with pytest.warns(arrears.InputWarning):
        _, summary = run(payments=[{"account_id": "A-1001", "date": "2026-01-05", "amount": 0.00001}])
    assert summary.attrs["problems"] == ["payments row 0, column 3 (amount): invalid amount '1e-05': "
                                         "unexpected character"]


@pytest.mark.parametrize("options, message", [
    ({"strategy": "x"}, "unknown strategy 'x' (expected spread or single)"),
    ({"remainder": "middle"}, "unknown remainder rule 'middle' (expected first, last or whole-pounds)"),
    ({"when_none": "never"}, "unknown when-none rule 'never' (expected next-year, single or review)"),
    ({"region": "wales"}, "unknown region 'wales' (expected england-and-wales, scotland or northern-ireland)"),
    ({"fy_start": "13-01"}, "invalid financial-year start '13-01': no such day in every year"),
    ({"cap": "50%", "strategy": "single"}, "a cap 50% cannot be used with strategy single"),
    ({"cap": "0.00"}, "cap 0.00 is below 0.01"),
    ({"cap": "lots"}, "invalid amount 'lots': no digits"),
    ({"cap": "50"}, None),  # a fixed cap of 50.00 is fine
    ({"cap": "1/2%"}, "invalid percentage '1/2%': expected digits such as 50% or 33.3%"),
    ({"notice_date": dt.date(2026, 1, 5)}, "notice date 2026-01-05 must be after the outage, which ends 2026-01-09"),
    ({"notice_date": dt.date(2026, 1, 9)}, "notice date 2026-01-09 must be after the outage, which ends 2026-01-09"),
    ({"outage": ("2026-01-09", "2025-11-24")}, "outage end 2025-11-24 is before its start 2026-01-09"),
    ({"until": "2026-01-01"}, "until 2026-01-01 is before the notice date 2026-01-12"),
    ({"notice_days": -1}, "notice days -1 must not be negative"),
    ({"outage": ("1990-01-01", "1990-02-01"), "notice_date": "1990-03-01"},
     "notice date 1990-03-01 is outside the years 1995-2099 that the calendars cover"),
    ({"until": "2101-01-01"}, "until 2101-01-01 is outside the years 1995-2099 that the calendars cover"),
    ({"notice_date": "2026-1-12"}, "notice_date: invalid date '2026-1-12': expected YYYY-MM-DD"),
    ({"notice_date": "2026-02-30"}, "notice_date: invalid date '2026-02-30': no such date"),
    ({"notice_date": pd.Timestamp("2026-01-12 10:00")}, "notice_date: 2026-01-12 10:00:00 has a time of day; expected a date"),
    ({"outage": "2025-11-24-2026-01-09"}, "outage: expected FROM..TO, got '2025-11-24-2026-01-09'"),
    ({"closures": ["2026-13-01"]}, "closures: invalid date '2026-13-01': no such date"),
    ({"money": "float"}, "unknown money form 'float' (expected decimal or pence)"),
    ({"threads": -1}, "threads -1 must not be negative"),
    ({"ledger": [{"account_id": "A-1001", "due_date": "2025-12-01", "amount": "1", "status": "unpaid",
                  "reason": "0"}]}, "give either outage (FROM, TO) or a ledger, not both"),
    ({"outage": None}, "give an outage (FROM, TO) or a ledger"),
])
def test_bad_options(options, message):
    if message is None:
        run(**options)
        return
    with pytest.raises(InputError) as caught:
        run(**options)
    assert str(caught.value) == message


def test_notice_must_follow_the_last_missed_collection_in_ledger_mode():
    ledger = [{"account_id": "A-1001", "due_date": "2026-01-01", "amount": "532.17", "status": "not_presented"}]
    with pytest.warns(arrears.InputWarning, match=r"1 account\(s\) rejected"):
        _, summary = arrears.recover([WORKED], ledger=ledger, notice_date="2026-01-02")
    # The engine rejects the account (not the run): 1 Jan is collected Fri 2 Jan.
    assert summary.loc[0, "status"] == "rejected"
    assert summary.loc[0, "message"] == ("accounts row 0: notice date 2026-01-02 must be after the last missed "
                                         "collection 2026-01-02")


def test_missing_required_column_stops_the_run():
    with pytest.raises(InputError, match=r"^accounts: missing required column 'first_due'$"):
        run([{"account_id": "A", "amount": "1", "frequency": "monthly"}])
    with pytest.raises(InputError, match=r"^payments: missing required column 'date'$"):
        run(payments=[{"account_id": "A-1001", "amount": "1"}])


def test_bad_ledger_rows_are_reported_not_raised():
    ledger = [{"account_id": "A-1001", "due_date": "2025-12-01", "amount": "532.17", "status": "unpaid"},
              {"account_id": "A-1001", "due_date": "1990-12-01", "amount": "532.17", "status": "collected"},
              {"account_id": "A-1001", "due_date": "2025-12-01", "amount": "-1", "status": "collected"},
              {"account_id": "A-1001", "due_date": "2025-12-01", "amount": "1", "status": "lost"}]
    with pytest.warns(arrears.InputWarning, match=r"4 ledger/payments/mandates row\(s\) left out"):
        _, summary = arrears.recover([WORKED], ledger=ledger, notice_date="2026-01-12")
    assert summary.attrs["problems"] == [
        "ledger row 0, column 4 (status): unpaid row needs an ARUDD reason code (0-9, A, B), got ''",
        "ledger row 1, column 2 (due_date): due_date 1990-12-01 is outside the years 1995-2099 that the "
        "calendars cover",
        "ledger row 2, column 3 (amount): amount '-1' is negative",
        "ledger row 3, column 4 (status): unknown status 'lost' (expected collected, unpaid or not_presented)",
    ]
    # §5: the rows name A-1001, an accepted account, so its figures are not trusted: review.
    assert summary.loc[0, "status"] == "review"
    assert summary.loc[0, "message"] == ("ledger row 0, column 4 (status): unpaid row needs an ARUDD reason code "
                                         "(0-9, A, B), got '': arrears not trusted (and 3 more)")
    assert [(r["line"], r["account_id"]) for r in summary.attrs["manifest"]["reported"]] == [
        (0, "A-1001"), (1, "A-1001"), (2, "A-1001"), (3, "A-1001")]


@pytest.mark.parametrize("options", [
    {"notice_days": "10"}, {"notice_days": 10.0}, {"extend": "no"}, {"strategy": None},
    {"notice_date": 20260112}, {"cap": [50]},
])
def test_wrong_types_are_type_errors(options):
    with pytest.raises(TypeError):
        run(**options)


def test_accounts_must_be_a_table():
    with pytest.raises(TypeError, match=r"accounts: expected a pandas.DataFrame or a list of dicts"):
        arrears.recover("accounts.csv", **WESTMINSTER)


def test_cap_as_decimal_and_int():
    # Worked example: 1064.34 at most 300.00 a collection -> 4 instalments (ceil(1064.34 / 300));
    # 106434 pence = 4 x 26608 + 2, the 2 extra pennies first.
    expected = [Decimal("266.09"), Decimal("266.09"), Decimal("266.08"), Decimal("266.08")]
    schedule, _ = run(cap=Decimal("300.00"))
    assert schedule["recovery_amount"].tolist() == expected
    schedule, _ = run(cap=300)
    assert schedule["recovery_amount"].tolist() == expected
