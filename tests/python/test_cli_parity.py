"""The Python package and the `arrears` command line agree on the bundled portfolio.

Runs the built command-line program (its path comes from CTest's ARREARS_CLI) over
examples/data and compares every value with arrears.recover on the same files read by
pandas. Skipped when the program or the data is absent (e.g. a build without examples)."""

import csv
import os
import pathlib
import re
import subprocess
from decimal import Decimal

import pandas as pd
import pytest

import arrears

SOURCE = pathlib.Path(os.environ.get("ARREARS_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
DATA = SOURCE / "examples" / "data"
CLI = os.environ.get("ARREARS_CLI", "")

pytestmark = [
    pytest.mark.skipif(not CLI or not pathlib.Path(CLI).is_file(),
                       reason="the arrears command-line program was not built (set ARREARS_CLI)"),
    pytest.mark.skipif(not (DATA / "accounts.csv").is_file(), reason="examples/data/accounts.csv is absent"),
]

WESTMINSTER = (["--outage", "2025-11-24..2026-01-09", "--notice-date", "2026-01-12"],
               {"outage": ("2025-11-24", "2026-01-09"), "notice_date": "2026-01-12"})


def read_text(path):
    """A CSV exactly as the command line reads it: every cell text, nothing turned into NaN."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def as_text(frame):
    """The frame's values as the command line writes them (money 1234.56, dates YYYY-MM-DD, empty '')."""
    out = {}
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_datetime64_any_dtype(values):
            out[column] = values.dt.strftime("%Y-%m-%d").fillna("").tolist()
        else:
            out[column] = ["" if v is None or v is pd.NA else str(v) for v in values.astype(object)]
    return pd.DataFrame(out, columns=frame.columns)


def python_location(message, file, source):
    """The command line's `<dir>/<file>.csv line N` is the DataFrame's `<source> row N-2`
    (the header is line 1, and read_csv's default index counts data rows from 0)."""
    message = re.sub(r"^\S*?" + re.escape(file) + r"(?:\.csv)? line (\d+)",  # (§5 review messages: "payments line N")
                     lambda m: f"{source} row {int(m.group(1)) - 2}", message)
    return re.sub(r"\(first on line (\d+)\)", lambda m: f"(first on row {int(m.group(1)) - 2})", message)


def cli_problems(stderr):
    """The ledger and payment rows the command line reported on standard error, as Python words them."""
    problems = []
    for line in stderr.splitlines():
        if line.startswith("skipped: "):
            text = line[len("skipped: "):]
            for file, source in (("payments", "payments"), ("ledger", "ledger")):
                text = python_location(text, file, source)
            problems.append(text)
    return problems


def run_cli(args, tmp_path):
    schedule, summary = tmp_path / "schedule.csv", tmp_path / "summary.csv"
    done = subprocess.run([CLI, "recover", *args, "--schedule", str(schedule), "--summary", str(summary)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode in (0, 1), done.stderr
    return read_text(schedule), read_text(summary), done


SCENARIOS = {
    "westminster": WESTMINSTER,
    "cap-50%": (WESTMINSTER[0] + ["--cap", "50%"], {**WESTMINSTER[1], "cap": "50%"}),
    "single": (WESTMINSTER[0] + ["--strategy", "single"], {**WESTMINSTER[1], "strategy": "single"}),
    "scotland-no-extend": (WESTMINSTER[0] + ["--region", "scotland", "--no-extend", "--cap", "100.00",
                                             "--remainder", "whole-pounds"],
                           {**WESTMINSTER[1], "region": "scotland", "extend": False, "cap": "100.00",
                            "remainder": "whole-pounds"}),
    "promise": (WESTMINSTER[0] + ["--past-end", "continue", "--no-double-payment", "--min-recovery", "5.00"],
                {**WESTMINSTER[1], "past_end": "continue", "no_double_payment": True, "min_recovery": "5.00"}),
}


def cli_double_payment_accounts(stderr):
    """The count of the standard-error line "N accounts pay double in some collection"."""
    if "\nno account pays double\n" in stderr:
        return 0
    return int(re.search(r"^([\d,]+) accounts? pays? double in some collection$", stderr, re.M)[1].replace(",", ""))


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_same_schedule_and_summary_as_the_command_line(name, tmp_path):
    cli_args, options = SCENARIOS[name]
    cli_args = ["--accounts", str(DATA / "accounts.csv"), *cli_args]
    if (DATA / "payments.csv").is_file():
        cli_args += ["--payments", str(DATA / "payments.csv")]
        options = {**options, "payments": read_text(DATA / "payments.csv")}
    cli_schedule, cli_summary, done = run_cli(cli_args, tmp_path)

    with _maybe_warns(done.returncode):
        schedule, summary = arrears.recover(read_text(DATA / "accounts.csv"), **options)
    cli_summary["message"] = [python_location(python_location(python_location(m, "accounts", "accounts"), "payments", "payments"), "ledger", "ledger") for m in cli_summary["message"]]
    pd.testing.assert_frame_equal(as_text(schedule), cli_schedule)
    pd.testing.assert_frame_equal(as_text(summary), cli_summary)
    assert len(summary) == len(read_text(DATA / "accounts.csv"))
    assert summary.attrs["problems"] == cli_problems(done.stderr)
    assert summary.attrs["double_payment_accounts"] == cli_double_payment_accounts(done.stderr)


# The accounts files of the golden cases of §16's decision columns and §4's first_amount
# (tests/cli/inputs; each case's hand check is in tests/cli/cases/<name>/case), among them
# every refused combination and bad cell (decision-rejects.csv).
DECISION_INPUTS = sorted(p.name for p in (SOURCE / "tests" / "cli" / "inputs").glob("decision-*.csv")) + [
    "first-amount.csv", "first-amount-new.csv"]


@pytest.mark.parametrize("name", DECISION_INPUTS)
@pytest.mark.parametrize("skip_weeks", ["rest", "recover"])
def test_decision_columns_as_the_command_line(name, skip_weeks, tmp_path):
    """Each account's own options (§16) and first_amount (§4) give the same schedule,
    summary and messages from the DataFrame as from the file (copied to accounts.csv so that
    the command line's 'accounts.csv line N' and Python's 'accounts row N-2' name one row)."""
    accounts = tmp_path / "accounts.csv"
    accounts.write_bytes((SOURCE / "tests" / "cli" / "inputs" / name).read_bytes())
    cli_schedule, cli_summary, done = run_cli(["--accounts", str(accounts), *WESTMINSTER[0], "--skip-weeks",
                                               skip_weeks], tmp_path)
    with _maybe_warns(done.returncode):
        schedule, summary = arrears.recover(read_text(accounts), **WESTMINSTER[1], skip_weeks=skip_weeks)
    cli_summary["message"] = [python_location(m, "accounts", "accounts") for m in cli_summary["message"]]
    if len(cli_schedule):
        pd.testing.assert_frame_equal(as_text(schedule), cli_schedule)
    else:  # (first-amount-new.csv: no schedule rows; an empty frame's dtypes say nothing)
        assert len(schedule) == 0 and list(schedule.columns) == list(cli_schedule.columns)
    pd.testing.assert_frame_equal(as_text(summary), cli_summary)
    assert len(summary) == len(read_text(accounts))


@pytest.mark.skipif(not (DATA / "ledger.csv").is_file(), reason="examples/data/ledger.csv is absent")
def test_ledger_mode_matches_the_command_line(tmp_path):
    # The ledger's accounts are ledger-accounts.csv where the bundle has one.
    accounts = DATA / "ledger-accounts.csv"
    if not accounts.is_file():
        accounts = DATA / "accounts.csv"
    cli_schedule, cli_summary, done = run_cli(
        ["--accounts", str(accounts), "--ledger", str(DATA / "ledger.csv"), "--notice-date", "2026-01-12"],
        tmp_path)
    with _maybe_warns(done.returncode):
        schedule, summary = arrears.recover(read_text(accounts), ledger=read_text(DATA / "ledger.csv"),
                                            notice_date="2026-01-12")
    cli_summary["message"] = [python_location(python_location(python_location(m, accounts.stem, "accounts"), "payments", "payments"), "ledger", "ledger") for m in cli_summary["message"]]
    pd.testing.assert_frame_equal(as_text(schedule), cli_schedule)
    pd.testing.assert_frame_equal(as_text(summary), cli_summary)
    assert summary.attrs["problems"] == cli_problems(done.stderr)


def test_money_text_round_trips():
    # What as_text relies on: str(Decimal) is the command line's money text.
    assert [str(v) for v in arrears.split("0.01", 2)] == ["0.01", "0.00"]
    assert str(Decimal("-0.01")) == "-0.01"


def test_holidays_match_the_command_line():
    done = subprocess.run([CLI, "holidays", "--region", "scotland", "--year", "2025", "--to-year", "2026"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    rows = [r for r in csv.reader(done.stdout.splitlines()) if r and r != ["date", "name"]]
    calendar = arrears.Calendar("scotland")
    expected = [[d.isoformat(), calendar.holiday_name(d)] for y in (2025, 2026) for d in calendar.holidays(y)]
    assert rows == expected


class _maybe_warns:
    """InputWarning is expected exactly when the command line exits 1 (rows rejected or reported)."""

    def __init__(self, returncode):
        self.expect = returncode == 1
        self._ctx = pytest.warns(arrears.InputWarning) if self.expect else None

    def __enter__(self):
        if self._ctx is not None:
            return self._ctx.__enter__()
        import warnings
        self._catch = warnings.catch_warnings()
        self._catch.__enter__()
        warnings.simplefilter("error", arrears.InputWarning)
        return None

    def __exit__(self, *exc):
        if self._ctx is not None:
            return self._ctx.__exit__(*exc)
        return self._catch.__exit__(*exc)


def test_letter_template_prints_the_bundled_letter():
    # The council's editable copy comes from the program, so it is the bundled letter to the byte.
    done = subprocess.run([CLI, "letter-template"], capture_output=True, check=False)
    assert (done.returncode, done.stderr) == (0, b"")
    assert done.stdout.decode("utf-8") == arrears._core.bundled_letter()
    for language in ("cy", "cy+en"):
        done = subprocess.run([CLI, "letter-template", "--language", language], capture_output=True, check=False)
        assert (done.returncode, done.stderr) == (0, b"")
        assert done.stdout.decode("utf-8") == arrears._core.bundled_letter(language)
