"""Hostile input through arrears.recover, as tests/cli/hostile.py does for the command line.

DataFrames and lists of dicts holding NUL characters, text that is not valid UTF-8 (lone
surrogates, bytes), megabyte fields, thousands of skip dates, no rows, only bad rows, and
dates far outside 1995-2099. Each must give a clear message (InputError for a bad option,
a `rejected` row or a problem naming row, column and text for a bad cell), and every
account in gives one summary row out, in order."""

import datetime as dt
import warnings

import numpy as np
import pandas as pd
import pytest

import arrears
from arrears import InputError

from conftest import WESTMINSTER

D = dt.date


def account(account_id, **fields):
    # 100.00 monthly on the 1st: at the §11 outage, 200.00 missed; nobody pays double (the
    # default), so 66.67, 66.67, 66.66 on 2 Feb, 2 Mar and 1 Apr 2026: status extended.
    return {"account_id": account_id, "amount": "100.00", "frequency": "monthly", "first_due": "2025-04-01",
            **fields}


def run(accounts, **options):
    """recover() with the Westminster outage; returns (schedule, summary, warning texts) and
    checks that every account in gave one summary row out, in order."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        schedule, summary = arrears.recover(accounts, **{**WESTMINSTER, **options})
    rows = accounts.to_dict("records") if isinstance(accounts, pd.DataFrame) else accounts
    assert len(summary) == len(rows)
    return schedule, summary, [str(w.message) for w in caught if issubclass(w.category, arrears.InputWarning)]


def both_forms(rows):
    """The same rows as a list of dicts and as a DataFrame."""
    return [rows, pd.DataFrame(rows)]


def outcome(summary, account_id):
    """A summary row without its account_id, for comparing two accounts."""
    row = summary.set_index("account_id").loc[account_id]
    return tuple("" if pd.isna(v) else str(v) for v in row)


# ---- NUL characters ----------------------------------------------------------------------

@pytest.mark.parametrize("form", [0, 1])
def test_nul_in_an_account_id_is_kept(form):
    # A Python str may hold NUL; an account_id is opaque text, so it is kept as it is.
    schedule, summary, _ = run(both_forms([account("A\x00B"), account("C")])[form])
    assert summary["account_id"].tolist() == ["A\x00B", "C"]
    assert summary["status"].tolist() == ["extended", "extended"]
    assert schedule["account_id"].tolist() == ["A\x00B"] * 3 + ["C"] * 3


def test_nul_in_an_amount_rejects_the_row_and_shows_the_text():
    _, summary, warned = run([account("A", amount="1\x0000"), account("B")])
    assert summary["status"].tolist() == ["rejected", "extended"]
    assert summary.loc[0, "message"] == "accounts row 0, column 2 (amount): invalid amount '1\x0000': unexpected character"
    assert warned and warned[0].startswith("1 account(s) rejected")


# Messages quote the text as it was; the NUL must not end them (what() is a C string, so
# the package passes InputError::message() on instead).
def test_nul_in_a_frequency_keeps_the_whole_message():
    _, summary, _ = run([account("A", frequency="monthly\x00"), account("B")])
    assert summary["status"].tolist() == ["rejected", "extended"]
    assert summary.loc[0, "message"] == ("accounts row 0, column 3 (frequency): unknown frequency 'monthly\x00' "
                                         "(expected weekly, fortnightly, four-weekly or monthly)")


def test_nul_in_an_option_keeps_the_whole_message():
    with pytest.raises(InputError) as caught:
        run([account("A")], strategy="spread\x00")
    assert str(caught.value) == "unknown strategy 'spread\x00' (expected spread or single)"


# ---- text that is not UTF-8 ---------------------------------------------------------------

# A str with a lone surrogate (how Python keeps bytes that were not UTF-8, e.g. read with
# errors='surrogateescape') has no UTF-8 form: like the command line's invalid UTF-8, it
# rejects just its row (or is a problem in a ledger or payments), naming row and column.
@pytest.mark.parametrize("form", [0, 1])
def test_a_lone_surrogate_in_a_cell_rejects_only_that_row(form):
    _, summary, _ = run(both_forms([account("A\udcff"), account("B", amount="1\udc800.00"), account("C")])[form])
    assert summary["status"].tolist() == ["rejected", "rejected", "extended"]
    # 'A\udcff': the surrogate is character 2; '1\udc800.00': character 2 as well.
    assert summary.loc[0, "message"] == ("accounts row 0, column 1 (account_id): not valid Unicode text (lone "
                                         "surrogate U+DCFF at character 2); decode the data with its real encoding")
    assert summary.loc[1, "message"] == ("accounts row 1, column 2 (amount): not valid Unicode text (lone "
                                         "surrogate U+DC80 at character 2); decode the data with its real encoding")


def test_a_lone_surrogate_in_a_payment_is_a_problem_not_an_exception():
    _, summary, _ = run([account("A")], payments=[{"account_id": "A", "date": "2026-01-05", "amount": "1\udcff"},
                                                  {"account_id": "A", "date": "2026-01-05", "amount": "5.00"}])
    assert summary.loc[0, "paid_amount"] == 5
    assert summary.attrs["problems"] == ["payments row 0, column 3 (amount): not valid Unicode text (lone "
                                         "surrogate U+DCFF at character 2); decode the data with its real encoding"]


def test_a_lone_surrogate_in_an_unknown_column_name_is_ignored():
    _, summary, _ = run([account("A", **{"n\udcffote": "x"})])
    assert summary["status"].tolist() == ["extended"]


def test_a_lone_surrogate_in_an_option_is_an_input_error():
    with pytest.raises(InputError) as caught:
        run([account("A")], strategy="spr\udcffead")
    assert str(caught.value) == ("strategy: 'spr\\udcffead' is not valid Unicode text "
                                 "(lone surrogate U+DCFF at character 4)")


def test_a_lone_surrogate_in_an_unread_column_is_never_looked_at():
    _, summary, _ = run([account("A", note="\udcff"), account("B")])
    assert summary["status"].tolist() == ["extended", "extended"]


def test_bytes_cells_are_text_like_any_other():
    # bytes are not decoded: b'12.00' is the text "b'12.00'", not an amount.
    _, summary, _ = run([account("A", amount=b"12.00"), account("B")])
    assert summary["status"].tolist() == ["rejected", "extended"]
    assert summary.loc[0, "message"] == "accounts row 0, column 2 (amount): invalid amount 'b'12.00'': no digits"


# ---- megabyte fields -----------------------------------------------------------------------

@pytest.mark.parametrize("form", [0, 1])
def test_megabyte_fields(form):
    big_id, big_amount = "I" * 1_000_000, "1" * 1_000_000
    rows = [account(big_id, note="x" * 10_000_000), account("B", amount=big_amount, note=""), account("C", note="")]
    schedule, summary, _ = run(both_forms(rows)[form])
    assert summary["account_id"].tolist() == [big_id, "B", "C"]
    assert summary["status"].tolist() == ["extended", "rejected", "extended"]
    assert summary.loc[1, "message"].startswith("accounts row 1, column 2 (amount): invalid amount '1111")
    assert schedule["account_id"].tolist() == [big_id] * 3 + ["C"] * 3


# ---- thousands of skip dates ---------------------------------------------------------------

FIRST = D(2000, 1, 3)  # a Monday
WEEKLY = [FIRST + dt.timedelta(weeks=k) for k in range(5200)]
SKIPS = [d for d in WEEKLY if not D(2025, 11, 1) <= d <= D(2026, 3, 31)]  # 5,178 dates


def weekly(account_id, skip):
    return {"account_id": account_id, "amount": "100.00", "frequency": "weekly", "first_due": FIRST, "skip": skip}


def test_thousands_of_skip_dates_in_every_form():
    # None of the 5,178 skip dates is in the outage or the recovery: every form gives the
    # summary of the plan without them. Skipping every due date leaves nothing to miss.
    forms = {"list": SKIPS, "text": ";".join(d.isoformat() for d in SKIPS), "set": set(SKIPS),
             "tuple": tuple(SKIPS), "datetime64": np.array(SKIPS, dtype="datetime64[D]"),
             "timestamps": [pd.Timestamp(d) for d in SKIPS], "doubled": SKIPS + SKIPS}
    rows = [weekly(name, skip) for name, skip in forms.items()] + [weekly("none", ""), weekly("all", WEEKLY)]
    _, summary, warned = run(rows)
    assert warned == []
    for name in forms:
        assert outcome(summary, name) == outcome(summary, "none"), name
    assert summary.set_index("account_id").loc["none", "missed_count"] == 7
    assert summary.set_index("account_id").loc["all", "status"] == "no_arrears"


def test_thousands_of_skip_dates_one_wrong():
    rows = [weekly("B-1", SKIPS[:3000] + [D(2025, 12, 2)] + SKIPS[3000:]),
            weekly("B-2", ";".join(d.isoformat() for d in SKIPS) + ";2025-13-01"),
            weekly("G-1", SKIPS + [D(2100, 1, 4)])]  # a Monday, 5,218 weeks on: still a due date
    _, summary, _ = run(pd.DataFrame(rows))
    assert summary["status"].tolist() == ["rejected", "rejected", "ok"]
    assert summary["message"].tolist()[:2] == [
        "accounts row 0, column 5 (skip): skip date 2025-12-02 is not a due date of the plan",
        "accounts row 1, column 5 (skip): invalid date '2025-13-01': no such date"]


# ---- no rows, only bad rows ----------------------------------------------------------------

def test_tables_without_rows():
    acc = [account("A")]
    assert run(acc, payments=[])[1]["status"].tolist() == ["extended"]
    assert run(acc, payments=pd.DataFrame(columns=["account_id", "date", "amount"]))[1]["status"].tolist() == ["extended"]
    no_ledger = {"outage": None, "ledger": pd.DataFrame(columns=["account_id", "due_date", "amount", "status"])}
    assert run(acc, **no_ledger)[1]["status"].tolist() == ["no_arrears"]
    assert run(acc, outage=None, ledger=[])[1]["status"].tolist() == ["no_arrears"]


@pytest.mark.parametrize("accounts", [pd.DataFrame(), pd.DataFrame(index=range(3)), [{}], [{}, {}]],
                         ids=["no-columns", "rows-without-columns", "one-empty-dict", "two-empty-dicts"])
def test_a_table_without_the_required_columns_is_an_input_error(accounts):
    with pytest.raises(InputError, match=r"^accounts: missing required column 'account_id'$"):
        arrears.recover(accounts, **WESTMINSTER)


def test_only_bad_account_rows():
    kinds = [{"amount": "0"}, {"frequency": "yearly"}, {"account_id": ""}, {"first_due": None},
             {"first_due": "2025-02-30"}, {"amount": float("nan")}]
    rows = [{**account(f"B-{i}"), **kinds[i % len(kinds)]} for i in range(6000)]
    schedule, summary, warned = run(pd.DataFrame(rows), money="pence")
    assert (summary["status"] == "rejected").all()
    assert summary["message"].tolist()[:6] == [
        "accounts row 0, column 2 (amount): amount '0' must be more than 0.00",
        "accounts row 1, column 3 (frequency): unknown frequency 'yearly' (expected weekly, fortnightly, four-weekly "
        "or monthly)",
        "accounts row 2, column 1 (account_id): account_id is empty",
        "accounts row 3, column 4 (first_due): first_due is empty",
        "accounts row 4, column 4 (first_due): invalid date '2025-02-30': no such date",
        "accounts row 5, column 2 (amount): invalid amount '': empty amount"]
    assert summary["account_id"].tolist()[:3] == ["B-0", "B-1", None]
    assert schedule.empty and schedule["recovery_amount"].dtype == "int64"
    assert len(warned) == 1 and warned[0].startswith("6000 account(s) rejected") and warned[0].endswith("and 5997 more")


def test_only_bad_payments_rows():
    payments = [{"account_id": "A", "date": "x", "amount": "1"}, {"account_id": "Z", "date": "2026-01-05", "amount": "1"},
                {"account_id": "A", "date": "2026-01-05", "amount": "1.001"}, {"account_id": "A", "date": None}]
    _, summary, warned = run([account("A")], payments=payments)
    assert summary.attrs["problems"] == [
        "payments row 0, column 2 (date): invalid date 'x': expected YYYY-MM-DD",
        "payments row 1, column 1 (account_id): unknown account_id 'Z'",
        "payments row 2, column 3 (amount): invalid amount '1.001': more than two decimal places",
        "payments row 3, column 2 (date): date is empty"]
    assert summary["status"].tolist() == ["review"]  # §5: its bad rows name A (not trusted)
    assert summary.loc[0, "paid_amount"] == 0
    assert warned[0].startswith("4 ledger/payments/mandates row(s) left out")


# ---- dates outside 1995-2099 ----------------------------------------------------------------

def test_old_and_far_future_first_due():
    # §4: first_due may lie long ago. An old plan gives the summary of a 2025 plan with the
    # same due dates (1 Jan 0001 and 7 Apr 2025 are Mondays); plans from 2080 on miss nothing.
    rows = [account("OLD-1", first_due=D(1, 1, 1), frequency="weekly"),
            account("NEW-1", first_due=D(2025, 4, 7), frequency="weekly"),
            account("OLD-2", first_due=pd.Timestamp("1700-01-01")), account("OLD-3", first_due="0000-01-01"),
            account("NEW-2", first_due="2025-04-01"),
            account("FUT-1", first_due=D(2080, 4, 1)), account("FUT-2", first_due="2100-01-01"),
            account("FUT-3", first_due=D(9999, 12, 31), frequency="four-weekly")]
    _, summary, warned = run(rows)
    assert warned == []
    assert outcome(summary, "OLD-1") == outcome(summary, "NEW-1")
    assert outcome(summary, "OLD-2") == outcome(summary, "OLD-3") == outcome(summary, "NEW-2")
    assert summary["status"].tolist()[-3:] == ["no_arrears"] * 3


def test_ledger_and_payment_dates_outside_the_calendars():
    outside = "is outside the years 1995-2099 that the calendars cover"
    ledger = [{"account_id": "A", "due_date": D(2025, 12, 1), "amount": "100.00", "status": "not_presented"},
              {"account_id": "A", "due_date": D(1, 1, 1), "amount": "1", "status": "collected"},
              {"account_id": "A", "due_date": "2100-01-01", "amount": "1", "status": "unpaid", "reason": "0"},
              {"account_id": "A", "due_date": pd.Timestamp("2262-04-11"), "amount": "1", "status": "collected"}]
    payments = pd.DataFrame({"account_id": ["A", "A"], "date": [D(1994, 12, 31), D(9999, 12, 31)], "amount": ["1", "1"]})
    _, summary, _ = run([account("A")], outage=None, ledger=ledger, payments=payments)
    assert summary.attrs["problems"] == [
        f"ledger row 1, column 2 (due_date): due_date 0001-01-01 {outside}",
        f"ledger row 2, column 2 (due_date): due_date 2100-01-01 {outside}",
        f"ledger row 3, column 2 (due_date): due_date 2262-04-11 {outside}",
        f"payments row 0, column 2 (date): date 1994-12-31 {outside}",
        f"payments row 1, column 2 (date): date 9999-12-31 {outside}"]
    assert summary.loc[0, "status"] == "review" and summary.loc[0, "missed_amount"] == 100  # §5: reported rows of A


@pytest.mark.parametrize("options, message", [
    ({"outage": (D(1, 1, 1), D(2026, 1, 9))}, "outage start 0001-01-01"),
    ({"outage": ("2025-11-24", "2100-01-01"), "notice_date": "2100-01-04"}, "notice date 2100-01-04"),
    ({"outage": ("2099-12-01", "2100-01-01"), "notice_date": "2099-12-31"}, "outage end 2100-01-01"),
    ({"notice_date": D(9999, 12, 31)}, "notice date 9999-12-31"),
    ({"closures": ["2026-01-13", D(1900, 1, 1)]}, "closure date 1900-01-01"),
    ({"until": pd.Timestamp("2262-04-11")}, "until 2262-04-11"),
])
def test_option_dates_outside_the_calendars(options, message):
    with pytest.raises(InputError) as caught:
        run([account("A")], **options)
    assert str(caught.value) == f"{message} is outside the years 1995-2099 that the calendars cover"


def test_a_plan_starting_in_2080_with_a_missed_2025_collection():
    # No collection from E (26 Jan 2026) to X (31 Mar 2027): review. With until 2099-12-31,
    # the weekly collections from Tue 2 Apr 2080 to Tue 29 Dec 2099 carry it.
    plan = [{"account_id": "F", "amount": "100.00", "frequency": "weekly", "first_due": "2080-04-02"}]
    ledger = [{"account_id": "F", "due_date": "2025-12-01", "amount": "100.00", "status": "not_presented"}]
    _, summary, _ = run(plan, outage=None, ledger=ledger)
    assert summary.loc[0, "status"] == "review"
    assert summary.loc[0, "message"] == "no collection between 2026-01-26 and 2027-03-31 can carry the recovery"
    schedule, summary, _ = run(plan, outage=None, ledger=ledger, until="2099-12-31", money="pence")
    weeks = (D(2099, 12, 29) - D(2080, 4, 2)).days // 7 + 1
    assert summary.loc[0, "status"] == "ok" and summary.loc[0, "instalments"] == weeks
    assert schedule["recovery_amount"].sum() == 10000
    assert schedule["collection_date"].iloc[[0, -1]].tolist() == [pd.Timestamp("2080-04-02"),
                                                                   pd.Timestamp("2099-12-29")]
