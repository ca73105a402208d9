"""`arrears recover --help` (issue 26): grouped by purpose in the option table's order, and
wrapped between words to the terminal's width ($COLUMNS when standard output is a pipe)."""

import os
import re
import subprocess

import pytest

CLI = os.environ.get("ARREARS_CLI", "")
pytestmark = pytest.mark.skipif(not CLI, reason="the command line was not built (ARREARS_CLI)")


def help_text(columns):
    run = subprocess.run([CLI, "recover", "--help"], capture_output=True, text=True,
                         env={**os.environ, "COLUMNS": str(columns)})
    assert run.returncode == 0, run.stderr
    return run.stdout


def test_recover_help_is_grouped_by_purpose():
    text = help_text(120)
    headings = [line[:-1] for line in text.splitlines() if re.fullmatch(r"[A-Z][A-Za-z ]+:", line)]
    # The option table's groups (include/arrears/option_table.hpp), in order, after CLI11's own.
    assert headings == ["Options", "Inputs", "The notice", "The recovery", "The promise", "Notices and letters",
                        "Bank files", "Outputs"], headings
    sections = dict(re.findall(r"^([A-Z][A-Za-z ]+):\n((?:(?: .*)?\n)*)", text, re.M))
    # The promise's three options together (they were scattered).
    for option in ("--past-end", "--no-double-payment", "--allow-double-payment", "--min-recovery"):
        assert option in sections["The promise"], option
    for option in ("--accounts", "--ledger", "--payments", "--encoding", "--map"):
        assert option in sections["Inputs"], option
    for option in ("--notices", "--raw-csv", "--letters", "--keep", "--language", "--notify"):
        assert option in sections["Notices and letters"], option
    assert "--collections" in sections["Bank files"]
    for option in ("--schedule", "--summary", "--workbook", "--manifest"):
        assert option in sections["Outputs"], option


@pytest.mark.parametrize("columns", [120, 80, 60])
def test_recover_help_wraps_between_words(columns):
    text = help_text(columns)
    options_part = text.split("\n\nExample")[0]  # the footer is laid out by hand (80 columns)
    long_lines = [line for line in options_part.splitlines() if len(line) > columns]
    # Only a line whose option name alone is wider may run over (none here).
    assert long_lines == [], long_lines
    # No word is cut: every word of --raw-csv's description is whole in the text.
    joined = " ".join(options_part.split())
    assert ("Write the --notices CSV's text exactly; by default a cell beginning with = + - @ or a tab gets "
            "a ' before it") in joined
