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
