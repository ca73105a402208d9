"""arrears.read_mandates (recovery-rules §14 "Mandates"), as `arrears mandates`
(tests/cli/cases/mandates_*)."""

import os

import pandas as pd
import pytest

import arrears

SOURCE = os.environ.get("ARREARS_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
INPUTS = os.path.join(SOURCE, "tests", "cli", "inputs")


def accounts():
    return pd.read_csv(os.path.join(INPUTS, "bank-accounts.csv"), dtype=str, keep_default_na=False)


def test_every_addacs_reason_code():
    # The CLI case mandates_addacs: one advice per ADDACS reason, effective 2026-01-20; six more
    # advices are left out with a warning each (a conflicting repeat, reason X, a rejected
    # account, no account, a bad sort code, a bad date); the identical repeat of advice 1 is not.
    with pytest.warns(arrears.InputWarning) as caught:
        mandates = arrears.read_mandates(os.path.join(INPUTS, "addacs.xml"), accounts())
    assert list(mandates.columns) == ["account_id", "effective_date", "event", "reason", "new_sort_code",
                                      "new_account_number"]
    assert mandates["account_id"].tolist() == ["CT-1", "CT-2", "CT-3", "CT-4", "CT-5", "CT-6", "CT-7", "CT-8", "CT-10"]
    assert mandates["reason"].tolist() == ["0", "1", "2", "3", "B", "C", "D", "E", "R"]
    assert mandates["event"].tolist() == ["cancelled", "cancelled", "cancelled", "transferred", "cancelled",
                                          "transferred", "disputed", "amended", "reinstated"]
    assert set(mandates["effective_date"]) == {pd.Timestamp("2026-01-20")}
    # 3: 20-00-00 and 1234567 (seven digits); C: a sort code only, the account number kept (empty)
    assert mandates.loc[3, ["new_sort_code", "new_account_number"]].tolist() == ["200000", "01234567"]
    assert mandates.loc[5, ["new_sort_code", "new_account_number"]].tolist() == ["309634", ""]
    assert mandates.loc[0, ["new_sort_code", "new_account_number"]].tolist() == ["", ""]
    assert len(caught) == 6
    assert "line 19, advice 12 (reference 'CTAX0000008', H IMAGINARY): reason-code 'X'" in str(caught[1].message)


def test_auddis_rejections_and_acceptances():
    # The CLI case mandates_auddis: the acceptances give nothing; two rejected instructions are
    # cancelled (CT-5 on the report's date, CT-6 on its own); the rejection of a whole file warns.
    paths = [os.path.join(INPUTS, "auddis-accepted.xml"), os.path.join(INPUTS, "auddis-rejected.xml")]
    with pytest.warns(arrears.InputWarning, match="rejects a whole file .*30264") as caught:
        mandates = arrears.read_mandates(paths, accounts())
    assert len(caught) == 1
    assert mandates["account_id"].tolist() == ["CT-5", "CT-6"]
    assert mandates["effective_date"].dt.strftime("%Y-%m-%d").tolist() == ["2026-01-21", "2026-01-19"]
    assert mandates["event"].tolist() == ["cancelled", "cancelled"]
    assert mandates["reason"].tolist() == ["5", "F"]


def test_no_rows_gives_the_columns():
    mandates = arrears.read_mandates(os.path.join(INPUTS, "auddis-accepted.xml"), accounts())
    assert mandates.empty
    assert list(mandates.columns) == ["account_id", "effective_date", "event", "reason", "new_sort_code",
                                      "new_account_number"]
    assert str(mandates["effective_date"].dtype) == "datetime64[ns]"


def test_the_wrong_kind_of_report_and_a_missing_reference_column():
    with pytest.raises(arrears.InputError, match=r"an ARUDD report \(returned debits\), not an ADDACS or AUDDIS "
                                                 r"report: `arrears arudd` reads it"):
        arrears.read_mandates(os.path.join(INPUTS, "arudd-bacs-latin1.xml"), accounts())
    with pytest.raises(arrears.InputError, match="not a Bacs ADDACS or AUDDIS report"):
        arrears.read_mandates(os.path.join(INPUTS, "not-arudd.xml"), accounts())
    with pytest.raises(arrears.InputError, match="no reference column 'reference'"):
        arrears.read_mandates(os.path.join(INPUTS, "addacs.xml"), accounts().drop(columns="reference"))


def test_map_and_reference_column():
    # The reference read from another column through map=, as --map does
    # (the rejection of a whole file in that report warns, as in test_auddis_rejections_and_acceptances)
    renamed = accounts().rename(columns={"reference": "DD Ref"})
    with pytest.warns(arrears.InputWarning, match="rejects a whole file"):
        mandates = arrears.read_mandates(os.path.join(INPUTS, "auddis-rejected.xml"), renamed,
                                         map={"reference": "DD Ref"})
    assert mandates["account_id"].tolist() == ["CT-5", "CT-6"]
    renamed = accounts().rename(columns={"reference": "ddref"})
    with pytest.warns(arrears.InputWarning, match="rejects a whole file"):
        mandates = arrears.read_mandates(os.path.join(INPUTS, "auddis-rejected.xml"), renamed,
                                         reference_column="ddref")
    assert mandates["account_id"].tolist() == ["CT-5", "CT-6"]


def read_inputs(name):
    return pd.read_csv(os.path.join(INPUTS, name), dtype=str, keep_default_na=False)


def test_recover_with_mandates_as_the_command_line():
    # The CLI case recover_mandates (its `case` gives the hand check): bank-accounts.csv,
    # monthly on the 15th, one collection missed (Mon 15 Dec 2025) each; two left (Mon 16 Feb,
    # Mon 16 Mar 2026). CT-1 cancelled (ADDACS 1), CT-2 disputed -> review, CT-3, CT-6 and
    # CT-10 reinstated last (by date, then file order) -> ok; CT-9's accounts row is rejected;
    # CT-7's and CT-8's mandates rows cannot be read, so their arrears are not trusted: review (§5).
    with pytest.warns(arrears.InputWarning):
        schedule, summary = arrears.recover(read_inputs("bank-accounts.csv"), outage=("2025-11-24", "2026-01-09"),
                                            notice_date="2026-01-12", mandates=read_inputs("recover-mandates.csv"))
    status = dict(zip(summary["account_id"], summary["status"]))
    assert status == {"CT-1": "cancelled", "CT-2": "review", "CT-3": "ok", "CT-4": "ok", "CT-5": "ok",
                      "CT-6": "ok", "CT-7": "review", "CT-8": "review", "CT-9": "rejected", "CT-10": "ok"}
    ct1 = summary[summary["account_id"] == "CT-1"].iloc[0]
    assert str(ct1["arrears"]) == "65.00"  # the 15 Dec collection, reported though not scheduled
    assert "mandate cancelled on 2026-01-05 (reason 1: instruction cancelled by payer)" in ct1["message"]
    assert "CT-1" not in set(schedule["account_id"]) and "CT-2" not in set(schedule["account_id"])
    # CT-6: 72.25 over the two collections from E (Thu 15 Jan is before it: 0.00), the odd
    # penny first (remainder first).
    ct6 = schedule[schedule["account_id"] == "CT-6"]
    assert [str(v) for v in ct6["recovery_amount"]] == ["0.00", "36.13", "36.12"]
    # The rows the command line lists on standard error: lines 12 (event moved), 13 (NOPE),
    # 14 (CT-9, rejected) and 15 (reason '12'), in the same words.
    problems = summary.attrs["problems"]
    assert len(problems) == 4
    assert "unknown event 'moved'" in problems[0]
    assert "reason '12' is not a Bacs reason code (one character)" in " ".join(problems)
    # The manifest counts the mandates as the fourth table: 14 rows.
    assert summary.attrs["manifest"]["inputs"][-1] == {"path": None, "sha256": None, "rows": 14}
    # The same summary as the command line's (tests/cli/cases/recover_mandates/expected).
    expected = pd.read_csv(os.path.join(SOURCE, "tests", "cli", "cases", "recover_mandates", "expected",
                                        "summary.csv"), dtype=str, keep_default_na=False)
    # (but the messages that name a row, as Python does: CT-9's accounts row 8, CT-7's and
    # CT-8's mandates rows 10 and 13 where the file's lines are 12 and 15)
    assert summary["status"].tolist() == expected["status"].tolist()
    assert summary.loc[summary["account_id"] == "CT-7", "message"].item().startswith(
        "mandates row 10, column 3 (event): unknown event 'moved'")
    kept = (~expected["account_id"].isin(["CT-7", "CT-8", "CT-9"])).to_numpy()
    assert summary["message"].fillna("")[kept].tolist() == expected["message"][kept].tolist()
    assert ["" if v is None else str(v) for v in summary["max_recovery"]] == expected["max_recovery"].tolist()


def test_read_mandates_feeds_recover():
    # The ADDACS report of mandates_addacs (advices effective 2026-01-20), read and handed to
    # recover as mandates=: reasons 0, 1, 2, B cancel (CT-1, CT-2, CT-3, CT-5); D puts CT-7 in
    # review; 3 and C transfer (CT-4, CT-6), E amends (CT-8), R reinstates (CT-10): those stand.
    with pytest.warns(arrears.InputWarning):
        mandates = arrears.read_mandates(os.path.join(INPUTS, "addacs.xml"), accounts())
    with pytest.warns(arrears.InputWarning, match="rejected"):  # CT-9's bad amount
        _, summary = arrears.recover(accounts(), outage=("2025-11-24", "2026-01-09"), notice_date="2026-01-12",
                                     mandates=mandates)
    status = dict(zip(summary["account_id"], summary["status"]))
    assert status == {"CT-1": "cancelled", "CT-2": "cancelled", "CT-3": "cancelled", "CT-4": "ok",
                      "CT-5": "cancelled", "CT-6": "ok", "CT-7": "review", "CT-8": "ok", "CT-9": "rejected",
                      "CT-10": "ok"}
    assert summary.attrs["problems"] == []


def test_mandates_rows_that_cannot_be_read():
    accounts = [{"account_id": "A", "amount": "100.00", "frequency": "monthly", "first_due": "2025-04-01"}]
    mandates = [{"account_id": "A", "effective_date": "2026-01-05", "event": "cancelled", "reason": "1",
                 "new_sort_code": "200000"},
                {"account_id": "A", "effective_date": "2026-01-06", "event": "transferred", "reason": "3",
                 "new_sort_code": "2000"}]
    with pytest.warns(arrears.InputWarning, match="mandates row"):
        _, summary = arrears.recover(accounts, outage=("2025-11-24", "2026-01-09"), notice_date="2026-01-12",
                                     mandates=mandates)
    assert summary.attrs["problems"] == [
        "mandates row 0, column 5 (new_sort_code): new_sort_code '200000' on a 'cancelled' row: only a transferred "
        "row gives new details",
        "mandates row 1, column 5 (new_sort_code): new_sort_code '2000' is not a sort code (six digits)"]
    # neither row was read, and both name A: its arrears are not trusted, so A is in review
    # (§5), the message naming the first row
    assert summary.loc[0, "status"] == "review"
    assert summary.loc[0, "message"].startswith("mandates row 0, column 5 (new_sort_code)")
    with pytest.raises(arrears.InputError, match="mandates: missing required column 'event'"):
        arrears.recover(accounts, outage=("2025-11-24", "2026-01-09"), notice_date="2026-01-12",
                        mandates=[{"account_id": "A", "effective_date": "2026-01-05"}])
