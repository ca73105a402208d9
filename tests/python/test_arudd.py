"""arrears.read_arudd (recovery-rules §14), as `arrears arudd` (tests/cli/cases/arudd_*)."""

import os
from decimal import Decimal

import pandas as pd
import pytest

import arrears

SOURCE = os.environ.get("ARREARS_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
INPUTS = os.path.join(SOURCE, "tests", "cli", "inputs")


def accounts():
    return pd.read_csv(os.path.join(INPUTS, "arudd-accounts.csv"), dtype=str, keep_default_na=False)


def test_the_example_report():
    # Both items were originally processed on Fri 2025-11-28, so collected Mon 2025-12-01:
    # A-1 (ref RENT0001001) and A-2 (` rent0001002 `: trimmed, case ignored), both due on the 1st.
    ledger = arrears.read_arudd(os.path.join(INPUTS, "arudd-example.xml"), accounts())
    assert ledger["account_id"].tolist() == ["A-1", "A-2"]
    assert ledger["due_date"].dt.strftime("%Y-%m-%d").tolist() == ["2025-12-01", "2025-12-01"]
    assert ledger["amount"].tolist() == [Decimal("532.17"), Decimal("410.00")]
    assert ledger["status"].tolist() == ["unpaid", "unpaid"]
    assert ledger["reason"].tolist() == ["0", "B"]


def test_items_left_out_warn_each():
    # See the CLI case arudd_reported: 5 of arudd-problems.xml's 6 items give no row; the
    # 6th (processed Fri 2025-12-12, collected Mon 2025-12-15) is A-4's due date 2025-12-15.
    paths = [os.path.join(INPUTS, "arudd-example.xml"), os.path.join(INPUTS, "arudd-problems.xml")]
    with pytest.warns(arrears.InputWarning) as caught:
        ledger = arrears.read_arudd(paths, accounts())
    assert len(caught) == 5
    assert "item 2 (ref 'NOPE'): no account has this reference" in str(caught[1].message)
    assert ledger["account_id"].tolist() == ["A-1", "A-2", "A-4"]
    assert ledger.loc[2, "due_date"] == pd.Timestamp("2025-12-15")


def test_not_a_report_and_no_reference_column():
    with pytest.raises(arrears.InputError, match="not a Bacs ARUDD report"):
        arrears.read_arudd(os.path.join(INPUTS, "not-arudd.xml"), accounts())
    with pytest.raises(arrears.InputError, match="no reference column 'reference'"):
        arrears.read_arudd(os.path.join(INPUTS, "arudd-example.xml"), accounts().drop(columns="reference"))
