"""summary.attrs["manifest"]: the run's audit record, with the keys of the command line's
--manifest (recovery-rules §12), worked by hand on the example of §11."""

import datetime as dt
import json
import pathlib
import warnings

import pandas as pd

import arrears

DATA = pathlib.Path(__file__).resolve().parents[1] / "data"
OUTAGE = {"outage": ("2025-11-24", "2026-01-09"), "notice_date": "2026-01-12"}
# Two accounts of the worked plan at 100.00 monthly on the 1st: each misses Mon 1 Dec 2025
# and Fri 2 Jan 2026 (§11), 200.00 each, so arrears 400.00, all of it recovered without
# paying double (66.67, 66.67, 66.66 on 2 Feb, 2 Mar and 1 Apr 2026 each): two accounts
# `extended`, scheduled 400.00.
PAIR = pd.DataFrame({"account_id": ["W1", "W2"], "amount": ["100.00", "100.00"],
                     "frequency": ["monthly", "monthly"], "first_due": ["2025-04-01", "2025-04-01"]})


def test_manifest_of_the_worked_example():
    _, summary = arrears.recover(PAIR, **OUTAGE)
    m = summary.attrs["manifest"]
    assert list(m) == ["version", "arguments", "inputs", "outputs", "statuses", "arrears", "scheduled", "reported"]
    assert m["version"] == arrears.__version__
    assert m["inputs"] == [{"path": None, "sha256": None, "rows": 2}]
    assert m["outputs"] == []
    assert m["statuses"] == {"ok": 0, "extended": 2, "no_arrears": 0, "in_credit": 0, "review": 0,
                             "cancelled": 0, "rejected": 0}
    assert (m["arrears"], m["scheduled"]) == ("400.00", "400.00")
    # The keywords as given (dates as YYYY-MM-DD), the defaults with them.
    a = m["arguments"]
    assert (a["outage"], a["notice_date"], a["notice_days"], a["strategy"]) == (
        ["2025-11-24", "2026-01-09"], "2026-01-12", 10, "spread")
    assert "accounts" not in a and "threads" not in a
    json.dumps(m)  # JSON can hold it, as the command line's file


def test_manifest_counts_every_status_and_every_input(tmp_path):
    # W1 as above (200.00, extended); NA1 starts after the outage (no_arrears); CT1 is §11's
    # Council Tax plan, 300.00 missed, collected in Feb and Mar with the default past_end
    # continue (ok); X1 has a bad amount (rejected). arrears: 200.00 + 300.00 = 500.00, all
    # scheduled.
    accounts = [{"account_id": "W1", "amount": "100.00", "frequency": "monthly", "first_due": "2025-04-01"},
                {"account_id": "NA1", "amount": "100.00", "frequency": "monthly", "first_due": "2026-01-15"},
                {"account_id": "CT1", "amount": "150.00", "frequency": "monthly", "first_due": "2025-04-01",
                 "end": "2026-01-01"},
                {"account_id": "X1", "amount": "ten", "frequency": "monthly", "first_due": "2025-04-01"}]
    payments = [{"account_id": "W1", "date": "2026-01-12", "amount": "0.00"}]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", arrears.InputWarning)
        _, summary = arrears.recover(accounts, payments=payments, holidays=DATA / "bank-holidays.json",
                                     notice_date=dt.date(2026, 1, 12), outage=OUTAGE["outage"], money="pence")
    m = summary.attrs["manifest"]
    # `sha256sum tests/data/bank-holidays.json`
    assert m["inputs"] == [
        {"path": None, "sha256": None, "rows": 4}, {"path": None, "sha256": None, "rows": 1},
        {"path": str(DATA / "bank-holidays.json"),
         "sha256": "af3e8a4cff959a5445ab6f51404ff50fae07598d2a2e753704cc24af6ec66288", "rows": None}]
    assert m["statuses"] == {"ok": 1, "extended": 1, "no_arrears": 1, "in_credit": 0, "review": 0,
                             "cancelled": 0, "rejected": 1}
    assert (m["arrears"], m["scheduled"]) == ("500.00", "500.00")
    assert m["arguments"]["notice_date"] == "2026-01-12" and m["arguments"]["money"] == "pence"
