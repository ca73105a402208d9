"""arrears.notify and arrears.notify_template: GOV.UK Notify's bulk letter upload (recovery-rules
§13 `--notify`), and the accounts column `language` (a bad cell rejects the account), on the
§11 plan (£532.17 monthly on the 1st; 1 Dec 2025 and 2 Jan 2026 missed, A = £1,064.34;
£354.78 catch-up on 2 Feb, 2 Mar and 1 Apr 2026; send_by 19 Jan 2026; resumes 1 May 2026)."""

import os
import pathlib
import warnings

import pandas as pd
import pytest

import arrears
from arrears import InputError, InputWarning

SOURCE = pathlib.Path(os.environ.get("ARREARS_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
CASES = SOURCE / "tests" / "cli" / "cases"
INPUTS = SOURCE / "tests" / "cli" / "inputs"
KEEP = ["name", "address_line_1", "address_line_2", "address_line_3", "address_line_4", "address_line_5",
        "address_line_6", "postcode", "reference", "tenancy_ref"]
RUN = {"outage": ("2025-11-24", "2026-01-09"), "notice_date": "2026-01-12"}


def read(name):
    return pd.read_csv(INPUTS / name, dtype=str, keep_default_na=False, skipinitialspace=True)


def test_the_upload_is_the_command_lines_byte_for_byte():
    # tests/cli/cases/notify_worked_example: N3-N6 are refused (2 lines; "75001"; "=HYPERLINK";
    # "No fixed abode"), each named in the warning; the rest are the CLI's rows.
    _, _, notices = arrears.recover(read("notify-accounts.csv"), notices=True, keep=KEEP, **RUN)
    with pytest.warns(InputWarning, match=r"4 notice\(s\) left out .*account N3: the address has 2 lines"):
        upload = arrears.notify(notices)
    expected = (CASES / "notify_worked_example" / "expected" / "notify.csv").read_text(encoding="utf-8")
    assert upload.to_csv(index=False, lineterminator="\n") == expected
    # N2's eight lines: the 6th and 7th joined into address_line_6, the postcode in the 7th.
    n2 = upload.set_index("account_id").loc["N2"]
    assert (n2["address_line_6"], n2["address_line_7"]) == ("Bigtown, Countyshire", "BG12 3CD")
    assert n2["tenancy_ref"] == "-"  # empty: Notify refuses an empty placeholder


def test_welsh_twins_and_the_split():
    _, _, notices = arrears.recover(read("notify-accounts.csv"), notices=True, keep=KEEP, **RUN)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InputWarning)
        parts = arrears.notify(notices, language="CY", max_rows=2)
    # N1, N2, N7 taken: tables of 2 and 1, in input order.
    assert [p["account_id"].tolist() for p in parts] == [["N1", "N2"], ["N7"]]
    n1 = parts[0].iloc[0]
    assert (n1["notice_date_cy"], n1["frequency_cy"], n1["first_changed_cy"]) == (
        "12 Ionawr 2026", "misol", "2 Chwefror 2026")
    assert n1["schedule_cy"].splitlines()[0] == "2 Chwefror 2026: £532.17 arferol + £354.78 ychwanegol = £886.95"
    assert n1["resume_text_cy"] == "O 1 Mai 2026 bydd eich casgliadau'n dychwelyd i'r swm arferol o £532.17."
    with pytest.raises(InputError, match="unknown language 'fr'"):
        arrears.notify(notices, language="fr")


def test_a_bad_language_cell_rejects_its_account():
    # tests/cli/inputs/language-accounts.csv with its own column name "Iaith" mapped; L4's "fr".
    with pytest.warns(InputWarning):
        _, summary = arrears.recover(read("language-accounts.csv"), map={"language": "Iaith"}, **RUN)
    l4 = summary.set_index("account_id").loc["L4"]
    assert l4["status"] == "rejected"
    # The column --map renamed is named as ours and as the table's own, as on the command line.
    assert l4["message"] == ("accounts row 3, column 10 (language, the file's Iaith): unknown language 'fr' "
                             "(expected en, cy or cy+en)")
    assert (summary["status"] == "extended").sum() == 3  # "", "CY" and "cy + en" are read


def test_the_notify_template():
    text = arrears.notify_template()
    assert text.splitlines()[0] == "The amounts we collect by Direct Debit are changing"
    for name in ("account_id", "reference", "missed_text", "schedule", "resume_text", "first_changed"):
        assert f"(({name}))" in text
    both = arrears.notify_template("cy+en")
    assert both.index("((schedule_cy))") < both.index("\n***\n") < both.index("((schedule))")
