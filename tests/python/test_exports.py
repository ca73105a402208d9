"""recovery-rules §12 "What real exports hold" and §2's stale-list warning, in Python: the
same cell-reading rule, UK dates and column maps as the command line (tests/cli/cases
cells_trimmed, excel_bom_crlf_blank_rows, export_northgate, holidays_stale_list_*)."""

import io
import os
import warnings
from decimal import Decimal

import pandas as pd
import pytest

import arrears

SOURCE = os.environ.get("ARREARS_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
INPUTS = os.path.join(SOURCE, "tests", "cli", "inputs")
# §11's outage and notice: 1 Dec 2025 and Fri 2 Jan 2026 (1 Jan a holiday) are missed;
# E = Mon 26 Jan 2026, so 2 Feb and 2 Mar 2026 carry the recovery.
OUTAGE = {"outage": ("2025-11-24", "2026-01-09"), "notice_date": "2026-01-12"}


def read(source, **kw):
    """As the README says to read an export: every cell text, no NaN (CSV text or a path)."""
    return pd.read_csv(source if os.path.exists(source) else io.StringIO(source), dtype=str,
                       keep_default_na=False, **kw)


def test_spaces_around_cells_quoted_or_not():
    # The three rows: ` 100.00` unquoted, `" 100.00"` quoted, `100.00 ` and
    # ` 2025-04-01`. pd.read_csv keeps those spaces; the package trims them as the CLI does.
    accounts = read("account_id,amount,frequency,first_due\n"
                    "A-1002, 100.00,monthly,2025-04-01\n"
                    'A-1003," 100.00",monthly,2025-04-01\n'
                    "A-1004,100.00 ,monthly, 2025-04-01\n")
    assert accounts.loc[1, "amount"] == " 100.00"  # really given with its space
    schedule, summary = arrears.recover(accounts, **OUTAGE)
    assert summary["status"].tolist() == ["extended"] * 3
    # 2 missed collections of 100.00 each (1 Dec, 2 Jan) = 200.00 arrears per account, over
    # 2 Feb, 2 Mar and 1 Apr 2026 without paying double: 66.67, 66.67, 66.66.
    assert summary["arrears"].tolist() == [Decimal("200.00")] * 3
    assert schedule["recovery_amount"].tolist() == [Decimal("66.67"), Decimal("66.67"), Decimal("66.66")] * 3


def test_space_inside_an_amount_says_so():
    # The real reason, not "no digits".
    accounts = [{"account_id": "S-1", "amount": "1 00.00", "frequency": "monthly", "first_due": "2025-04-01"}]
    with pytest.warns(arrears.InputWarning):
        _, summary = arrears.recover(accounts, **OUTAGE)
    assert summary.loc[0, "message"] == ("accounts row 0, column 2 (amount): invalid amount '1 00.00': "
                                         "a space or tab inside the amount")


def test_blank_rows_are_skipped_and_header_cells_trimmed():
    # Excel's trailing ",,,," rows (and one in between) give no account and no warning; a
    # header cell ` account_id ` is account_id. Row numbers keep counting the blank ones.
    accounts = read(" account_id ,amount,frequency,first_due,payer\n"
                    "X-1,100.00,monthly,2025-04-01,Ms A\n,,,,\n"
                    "X-2,oops,monthly,2025-04-01,Mr B\n,,,,\n,,,,\n")
    with pytest.warns(arrears.InputWarning) as caught:
        _, summary = arrears.recover(accounts, **OUTAGE)
    assert summary["account_id"].tolist() == ["X-1", "X-2"]
    assert summary["status"].tolist() == ["extended", "rejected"]
    # X-2 is the frame's row 2 (row 1 is the blank one): its number is kept.
    assert summary.loc[1, "message"].startswith("accounts row 2, column 2 (amount)")
    assert len(caught) == 1


def test_northgate_like_export_with_date_format_and_map():
    # The CLI case export_northgate: Windows-1252 (pandas decodes it), UK dates, their column
    # names, trailing blank rows. NG-001 100.00 and NG-002 150.00 from 1 April 2025: arrears
    # 200.00 and 300.00 (2 missed each), recovered on 2 Feb, 2 Mar and 1 Apr 2026 (nobody
    # pays double).
    accounts = read(os.path.join(INPUTS, "northgate.csv"), encoding="windows-1252")
    schedule, summary = arrears.recover(
        accounts, date_format="DD/MM/YYYY",
        map={"account_id": "tag_ref", "amount": "DD Amount", "frequency": "Frequency", "first_due": "Start"},
        **OUTAGE)
    assert summary["account_id"].tolist() == ["NG-001", "NG-002"]
    assert summary["arrears"].tolist() == [Decimal("200.00"), Decimal("300.00")]
    assert schedule["collection_date"].dt.strftime("%Y-%m-%d").tolist() == ["2026-02-02", "2026-03-02",
                                                                             "2026-04-01"] * 2


def test_map_errors_are_the_command_lines():
    accounts = [{"account_id": "A-1", "amount": "1.00", "frequency": "monthly", "first_due": "2025-04-01"}]
    with pytest.raises(arrears.InputError, match="no input file has a column 'tag_ref'"):
        arrears.recover(accounts, map={"account_id": "tag_ref"}, **OUTAGE)
    both = [{"tag_ref": "A-1", "ref": "A-1", "amount": "1.00", "frequency": "monthly", "first_due": "2025-04-01"}]
    with pytest.raises(arrears.InputError, match="columns 'tag_ref' and 'ref' are both mapped to 'account_id'"):
        arrears.recover(both, map={"account_id": ["tag_ref", "ref"]}, **OUTAGE)
    with pytest.raises(arrears.InputError, match="one column 'ref' cannot be read as both 'account_id' and 'amount'"):
        arrears.recover(both, map={"account_id": "ref", "amount": "ref"}, **OUTAGE)


def test_map_of_a_column_nobody_reads_is_an_error():
    # §12 (issue 25 point 9): OURS is a column arrears reads. A Council Tax plan of 10 monthly
    # 100.00 from 2025-04-01 that ended on 2026-01-01 (`End Date`): `edn` misspelt for `end`
    # would leave the end unread and collect past it. The error names the nearest name,
    # exactly as --map's (cases/usage_map_unknown_ours).
    accounts = [{"account_id": "CT-1", "amount": "100.00", "frequency": "monthly", "first_due": "2025-04-01",
                 "End Date": "2026-01-01"}]
    with pytest.raises(arrears.InputError,
                       match=r"^--map edn=End Date: arrears reads no column 'edn' \(did you mean 'end'\?\); "
                             r"OURS is one of: account_id, amount, frequency, first_due, day, end, skip, "
                             r"convention, language, first_amount, until, hold_until, review, strategy, cap, past_end, "
                             r"skip_weeks, no_double_payment, min_recovery, sort_code, account_number, account_name, "
                             r"name, reference, due_date, status, reason, date, effective_date, event, new_sort_code, "
                             r"new_account_number$"):
        arrears.recover(accounts, map={"edn": "End Date"}, **OUTAGE)
    # Spelt right, the run reads the end.
    _, summary = arrears.recover(accounts, map={"end": "End Date"}, **OUTAGE)
    assert summary["account_id"].tolist() == ["CT-1"]
    # A column keep= copies by name may be mapped; read_arudd accepts its reference column.
    arrears.recover([{**accounts[0], "Payer Name": "J Smith"}], map={"payer": "Payer Name"}, keep=["payer"],
                    **OUTAGE)
    with pytest.raises(arrears.InputError, match=r"^--map due_date=Due: arrears reads no column 'due_date'"):
        arrears.read_arudd([], accounts, map={"due_date": "Due"})


def test_map_chain_reads_each_column_once_whatever_the_order():
    # --map account_id=tag_ref --map tag_ref=old_ref: account_id from tag_ref, and
    # tag_ref (unused by recover) from old_ref; the order of the dict does not matter.
    rows = [{"tag_ref": "A-1", "old_ref": "Z-9", "amount": "1.00", "frequency": "monthly",
             "first_due": "2025-04-01"}]
    # (tag_ref is kept, keep=: a column nobody reads or keeps may not be mapped, §12.)
    for column_map in ({"account_id": "tag_ref", "tag_ref": "old_ref"},
                       {"tag_ref": "old_ref", "account_id": "tag_ref"}):
        _, summary = arrears.recover(rows, map=column_map, keep=["tag_ref"], **OUTAGE)
        assert summary["account_id"].tolist() == ["A-1"]


def test_uk_date_without_the_option_names_it():
    accounts = [{"account_id": "D-1", "amount": "1.00", "frequency": "monthly", "first_due": "01/04/2025"}]
    with pytest.warns(arrears.InputWarning):
        _, summary = arrears.recover(accounts, **OUTAGE)
    assert summary.loc[0, "message"].endswith("(--date-format DD/MM/YYYY reads day/month/year)")


def test_stale_holiday_list_warns_for_scotland_only():
    # The GOV.UK list as published in August 2025 lacks Scotland's Mon 15 June 2026 (§2).
    path = os.path.join(INPUTS, "govuk-2025-08.json")
    accounts = [{"account_id": "A-1001", "amount": "532.17", "frequency": "monthly", "first_due": "2025-04-01"}]
    with pytest.warns(arrears.InputWarning) as caught:
        arrears.recover(accounts, region="scotland", holidays=path, **OUTAGE)
    assert [str(w.message) for w in caught] == [
        f"{path}, scotland: the list lacks 2026-06-15 \"Bank holiday\", a holiday the rules have "
        "(proclaimed after the list was saved?); the run uses the list"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the default region's division matches the rules
        arrears.recover(accounts, holidays=path, **OUTAGE)


def test_the_cli_excel_file_reads_the_same():
    # tests/cli/inputs/excel-trailing-blank.csv (the CLI case excel_bom_crlf_blank_rows): a
    # UTF-8 BOM, CRLF, ` account_id `, `\t"150.00" ` and three `,,,,` rows. As there: no
    # warning (nothing rejected), one summary row per account, X-1 200.00 and X-2 300.00.
    # (Splitting is pandas' job: skipinitialspace skips spaces, not a tab, before an opening
    # quote, so the file is given here with a space where the CLI's has the tab.)
    with open(os.path.join(INPUTS, "excel-trailing-blank.csv"), "rb") as f:
        data = f.read().replace(b'\t"150.00"', b' "150.00"')
    accounts = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, skipinitialspace=True)
    assert accounts.columns[0] == "account_id "  # pandas drops the BOM and the leading space; the rest is ours
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _, summary = arrears.recover(accounts, **OUTAGE)
    assert summary["account_id"].tolist() == ["X-1", "X-2"]
    assert summary["arrears"].tolist() == [Decimal("200.00"), Decimal("300.00")]


def test_calendar_warns_for_its_region():
    # As `arrears holidays --region scotland --holidays ...`: the August 2025 list lacks 15 June 2026.
    path = os.path.join(INPUTS, "govuk-2025-08.json")
    with pytest.warns(arrears.InputWarning, match="scotland: the list lacks 2026-06-15"):
        calendar = arrears.Calendar("scotland", holidays=path)
    assert calendar.is_working_day("2026-06-15")  # the list is used


def test_padded_account_id_is_trimmed_in_every_frame():
    # §12: " A-1 " is "A-1", as the command line writes it (found by the parity property).
    # The worked plan at 100.00: 200.00 missed, so a schedule and a notice too.
    accounts = [{"account_id": " \tA-1 ", "amount": "100.00", "frequency": "monthly", "first_due": "2025-04-01"}]
    schedule, summary, notices = arrears.recover(accounts, notices=True, **OUTAGE)
    assert summary["account_id"].tolist() == ["A-1"]
    assert schedule["account_id"].tolist() == ["A-1"] * 3  # 2 Feb, 2 Mar and 1 Apr 2026
    assert notices["account_id"].tolist() == ["A-1"]
