"""Welsh from Python as on the command line (recovery-rules §13 "Welsh"): `recover(...,
language=)` and the accounts column `language` give the notices the command line's `_cy`
columns and each payer's `language`; `letters` picks each payer's bundled letter from it and
`notify` carries it, byte for byte the command line's golden files.

Every account is the §11 plan (£532.17 monthly on the 1st; 1 Dec 2025 and 2 Jan 2026 missed,
A = £1,064.34; £354.78 catch-up on 2 Feb, 2 Mar and 1 Apr 2026; send_by 19 Jan 2026; resumes
1 May 2026 at £532.17)."""

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
RUN = {"outage": ("2025-11-24", "2026-01-09"), "notice_date": "2026-01-12"}
KEEP = ["name", "address_line_1", "address_line_2", "postcode", "reference"]


def read(name):
    return pd.read_csv(INPUTS / name, dtype=str, keep_default_na=False, skipinitialspace=True)


def expected(case, name):
    return (CASES / case / "expected" / name).read_text(encoding="utf-8")


def csv_text(frame):
    return frame.to_csv(index=False, lineterminator="\n")


def language_column_run():
    # tests/cli/cases/notify_language_column: L1 "" (the run's en), L2 "CY", L3 "cy + en", L4
    # "fr" (rejected), the column the export's own "Iaith".
    with pytest.warns(InputWarning, match="1 account"):
        return arrears.recover(read("language-accounts.csv"), map={"language": "Iaith"}, notices=True, keep=KEEP,
                               **RUN)


def test_the_language_column_gives_the_command_lines_notices():
    _, _, notices = language_column_run()
    assert list(notices.columns[-3:]) == ["schedule_text_cy", "missed_text_cy", "language"]
    assert notices["language"].tolist() == ["en", "cy", "cy+en"]
    assert notices.loc[0, "missed_text_cy"] == "1 Rhagfyr 2025: £532.17\n2 Ionawr 2026: £532.17"
    assert csv_text(notices) == expected("notify_language_column", "notices.csv")


def test_letters_follow_each_payers_language_as_the_command_line():
    _, _, notices = language_column_run()
    with pytest.warns(InputWarning, match="not ready to send"):  # no guarantee_cy: L2's and L3's
        html = arrears.letters(notices, guarantee=INPUTS / "guarantee.html")
    assert html == expected("notify_language_column", "letters.html")
    # L1 English (its own lang), L2 Welsh, L3 Welsh then English.
    assert html.count('<section class="letter" lang="en-GB">') == 1
    assert html.count('<section class="letter" lang="cy">') == 2


def test_notify_carries_the_language_and_splits_as_the_command_line():
    _, _, notices = language_column_run()
    upload = arrears.notify(notices)
    assert upload.columns[upload.columns.get_loc("resume_text_cy") + 1] == "language"
    by_language = {language: rows for language, rows in upload.groupby("language", sort=False)}
    # The command line's FILE.csv (the run's en), FILE-cy.csv and FILE-cy+en.csv.
    for language, name in (("en", "notify.csv"), ("cy", "notify-cy.csv"), ("cy+en", "notify-cy+en.csv")):
        assert csv_text(by_language[language]) == expected("notify_language_column", name)


def test_recover_language_cy_as_the_command_lines_language_cy():
    # tests/cli/cases/notify_language_cy: --language cy, no column; W1 keeps its own "en".
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _, _, notices = arrears.recover(read("notify-language-cy.csv"), language="CY", notices=True, keep=KEEP,
                                        **RUN)
    assert notices["language"].tolist() == ["cy", "en"]
    assert csv_text(notices) == expected("notify_language_cy", "notices.csv")
    upload = arrears.notify(notices, language="cy")
    assert csv_text(upload[upload["language"] == "cy"]) == expected("notify_language_cy", "notify.csv")
    assert csv_text(upload[upload["language"] == "en"]) == expected("notify_language_cy", "notify-en.csv")
    html = arrears.letters(notices, guarantee=INPUTS / "guarantee.html", language="cy",
                           guarantee_cy=INPUTS / "guarantee-cy.html")
    assert html == expected("notify_language_cy", "letters.html")
    # The page is Welsh; the English payer's letter says its own language.
    assert '<html lang="cy">' in html and '<section class="letter" lang="en-GB">' in html


def test_english_runs_are_unchanged_and_a_bad_language_is_named():
    _, _, notices = arrears.recover(read("notify-language-cy.csv").drop(columns="language"), notices=True,
                                    keep=KEEP, **RUN)
    assert "language" not in notices.columns and "schedule_text_cy" not in notices.columns
    with pytest.raises(InputError, match="unknown language 'fr' \\(expected en, cy or cy\\+en\\)"):
        arrears.recover(read("language-accounts.csv"), language="fr", notices=True, **RUN)


def test_a_template_with_welsh_asked_for():
    # §13: with a council's own template --language picks no letter; its _cy placeholders are
    # Welsh and its plain ones English, whatever the payer's language.
    _, _, notices = arrears.recover(read("notify-language-cy.csv"), language="cy", notices=True, keep=KEEP, **RUN)
    html = arrears.letters(notices, "<html><body><p>{first_changed_cy} / {first_changed}</p></body></html>",
                           language="cy")
    assert html.count("<p>2 Chwefror 2026 / 2 February 2026</p>") == 2
