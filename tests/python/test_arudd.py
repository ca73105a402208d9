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


def bank_accounts():
    return pd.read_csv(os.path.join(INPUTS, "bank-accounts.csv"), dtype=str, keep_default_na=False)


def test_a_report_as_bacs_sends_it():
    # The CLI case arudd_bacs_codes: ISO-8859-1, four-digit codes read by their description, the
    # payer's reference in PayerAccount (item refs carry a suffix); processed Wed 2026-01-14,
    # collected Thu 2026-01-15, each account's due date.
    with pytest.warns(arrears.InputWarning) as caught:
        ledger = arrears.read_arudd(os.path.join(INPUTS, "arudd-bacs-latin1.xml"), bank_accounts())
    assert ledger["account_id"].tolist() == ["CT-1", "CT-2", "CT-3", "CT-4", "CT-5", "CT-7"]
    # 1012 INSTRUCTION CANCELLED, 0128 "  refer   to payer ", 0273 "Refer To Payer", b, 4, ACCOUNT<tab>TRANSFERRED
    assert ledger["reason"].tolist() == ["1", "0", "0", "B", "4", "3"]
    assert ledger["amount"].tolist() == [Decimal(v) for v in ("65.00", "60.00", "100.00", "45.50", "80.00", "12.00")]
    assert set(ledger["due_date"].dt.strftime("%Y-%m-%d")) == {"2026-01-15"}
    # item 6 (1099 PAYMENT STOPPED BY PAYER) is left out; its payer's name decoded from ISO-8859-1
    assert len(caught) == 1
    assert "line 8, item 6 (ref 'CTAX0000006-2', payer's reference 'CTAX0000006', JOSÉ NÚÑEZ)" in str(caught[0].message)


def test_a_mandates_report_is_not_an_arudd_report_and_no_entity_is_expanded():
    with pytest.raises(arrears.InputError, match=r"addacs.xml: an ADDACS report .*`arrears mandates` reads it"):
        arrears.read_arudd(os.path.join(INPUTS, "addacs.xml"), bank_accounts())
    # xxe-secret.txt holds CT-1's reference: expanded, the entity would give CT-1 a row
    with pytest.raises(arrears.InputError, match="arudd-xxe.xml line 3: declares entities in a DTD"):
        arrears.read_arudd(os.path.join(INPUTS, "arudd-xxe.xml"), bank_accounts())
