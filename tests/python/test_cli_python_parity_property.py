"""Hypothesis: the command line and arrears.recover give identical schedules, summaries and
notices on random small portfolios (issue 17; recovery-rules §12 "What real exports hold").

Each example writes an accounts file the way councils' exports come: plans of every
frequency, some with an `end` or `skip`, spaces and tabs around cells, sometimes dates as
D/M/YYYY (`--date-format DD/MM/YYYY`), and sometimes saved in Windows-1252 (`--encoding
windows-1252`; pandas reads it with encoding="cp1252"). The command line (ARREARS_CLI, as in
test_cli_parity) and Python read the same bytes with the same options, outage, notice date and
promise options; every cell of the three tables must be the same text."""

import datetime as dt
import subprocess

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import arrears
from test_cli_parity import CLI, _maybe_warns, as_text, python_location

pytestmark = pytest.mark.skipif(not CLI, reason="the arrears command-line program was not built (set ARREARS_CLI)")

FREQUENCIES = ["weekly", "fortnightly", "four-weekly", "monthly"]
STEP = {"weekly": 7, "fortnightly": 14, "four-weekly": 28}
# Payer names with characters Windows-1252 has (é, £, €, ’) and HTML-like text.
NAMES = ["Ann Smith", "Zoë Brontë", "£ Holdings Ltd", "O’Neil €", "<b>Bold</b> & Co"]
PADS = ["", " ", "\t", "  \t "]


def money_text(pence):
    return f"{pence // 100}.{pence % 100:02d}"


@st.composite
def accounts(draw, index, dmy):
    frequency = draw(st.sampled_from(FREQUENCIES))
    first = draw(st.dates(dt.date(2024, 6, 1), dt.date(2026, 1, 31)))
    row = {"account_id": f"A-{index}", "name": draw(st.sampled_from(NAMES)),
           "amount": money_text(draw(st.integers(1, 200_000))), "frequency": frequency,
           "first_due": f"{first.day}/{first.month}/{first.year}" if dmy and draw(st.booleans()) else first.isoformat(),
           "end": "", "skip": ""}
    step = STEP.get(frequency, 30)
    if draw(st.integers(0, 3)) == 0:  # a plan that ends (Council Tax's ten instalments, or sooner)
        row["end"] = (first + dt.timedelta(days=step * draw(st.integers(1, 20)))).isoformat()
    if frequency != "monthly" and draw(st.integers(0, 3)) == 0:  # skipped due dates of the plan
        skips = sorted({first + dt.timedelta(days=step * k) for k in draw(st.lists(st.integers(1, 40), max_size=2))})
        row["skip"] = ";".join(d.isoformat() for d in skips)
    return row


@st.composite
def portfolios(draw):
    dmy = draw(st.booleans())
    rows = [draw(accounts(i, dmy)) for i in range(draw(st.integers(1, 5)))]
    start = draw(st.dates(dt.date(2025, 4, 1), dt.date(2026, 2, 28)))
    end = start + dt.timedelta(days=draw(st.integers(0, 60)))
    notice = end + dt.timedelta(days=draw(st.integers(1, 30)))
    strategy = draw(st.sampled_from(["spread", "spread", "single"]))
    cli = ["--outage", f"{start}..{end}", "--notice-date", str(notice)]
    py = {"outage": (start, end), "notice_date": notice}
    if dmy:
        cli += ["--date-format", "DD/MM/YYYY"]
        py["date_format"] = "DD/MM/YYYY"
    cli += ["--strategy", strategy]
    py["strategy"] = strategy
    remainder = draw(st.sampled_from(["first", "last", "whole-pounds"]))
    cli += ["--remainder", remainder]
    py["remainder"] = remainder
    if draw(st.booleans()):
        cli += ["--past-end", "continue"]
        py["past_end"] = "continue"
    if strategy == "spread":
        if draw(st.booleans()):
            cli += ["--no-double-payment"]
            py["no_double_payment"] = True
        if draw(st.booleans()):
            m = money_text(draw(st.integers(1, 5_000)))
            cli += ["--min-recovery", m]
            py["min_recovery"] = m
        if draw(st.booleans()):
            cap = draw(st.sampled_from(["50%", "100%", "25.00"]))
            cli += ["--cap", cap]
            py["cap"] = cap
    return rows, draw(st.lists(st.sampled_from(PADS), min_size=1, max_size=4)), \
        draw(st.booleans()), cli, py


def accounts_file(rows, pads):
    """The accounts CSV, each cell with a pad from `pads` (in turn) on both sides."""
    columns = list(rows[0])
    lines, k = [], 0
    for cells in [columns] + [[r[c] for c in columns] for r in rows]:
        padded = []
        for cell in cells:
            pad = pads[k % len(pads)]
            k += 1
            padded.append(f"{pad}{cell}{pad}")
        lines.append(",".join(padded))
    return "\n".join(lines) + "\n"


@settings(max_examples=25, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(portfolios())
def test_command_line_and_python_agree(tmp_path, case):
    rows, pads, windows, cli_args, options = case
    encoding = "cp1252" if windows else "utf-8"
    path = tmp_path / "accounts.csv"
    path.write_bytes(accounts_file(rows, pads).encode(encoding))
    outputs = {name: tmp_path / f"{name}.csv" for name in ("schedule", "summary", "notices")}
    done = subprocess.run(
        [CLI, "recover", "--accounts", str(path), *cli_args, "--encoding", "windows-1252" if windows else "utf-8",
         "--keep", "name", *[a for n, p in outputs.items() for a in (f"--{n}", str(p))]],
        capture_output=True, text=True, timeout=60)
    assert done.returncode in (0, 1), done.stderr
    read = lambda p, enc="utf-8": pd.read_csv(p, dtype=str, keep_default_na=False, encoding=enc)  # noqa: E731
    cli = [read(outputs[n]) for n in ("schedule", "summary", "notices")]

    with _maybe_warns(done.returncode):
        py = arrears.recover(read(path, encoding), notices=True, keep=["name"], **options)
    cli[1]["message"] = [python_location(m, "accounts", "accounts") for m in cli[1]["message"]]
    for ours, theirs in zip(py, cli):
        if len(theirs) == 0:  # (an empty table: the same columns; pandas types empty ones its own way)
            assert len(ours) == 0 and list(ours.columns) == list(theirs.columns)
        else:
            pd.testing.assert_frame_equal(as_text(ours), theirs)
