"""The workbook of recovery-rules §12 (--workbook, arrears.write_workbook), opened with
openpyxl: the sheets, Excel dates, money as numbers with the £ format, a frozen header, and
the very rows of the CSV outputs."""

import csv
import datetime as dt
import os
import subprocess
from decimal import Decimal

import pytest

import arrears

openpyxl = pytest.importorskip("openpyxl")

SOURCE = os.environ.get("ARREARS_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
INPUTS = os.path.join(SOURCE, "tests", "cli", "inputs")
CLI = os.environ.get("ARREARS_CLI", "")
# §11: 532.17 monthly; 1 Dec 2025 and 2 Jan 2026 missed; 532.17 recovery on 2 Feb and 2 Mar.
WORKED = [{"account_id": "A-1001", "amount": "532.17", "frequency": "monthly", "first_due": "2025-04-01"}]
OUTAGE = {"outage": ("2025-11-24", "2026-01-09"), "notice_date": "2026-01-12"}


def as_csv_text(value, number_format):
    """A workbook cell as the CSV output writes it."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        assert number_format == "yyyy-mm-dd"
        return value.date().isoformat()
    if number_format == "£#,##0.00":
        return f"{Decimal(str(value)):.2f}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def sheet_rows(ws):
    return [[as_csv_text(c.value, c.number_format) for c in row] for row in ws.iter_rows()]


@pytest.mark.skipif(not CLI, reason="the command line was not built (ARREARS_CLI)")
def test_cli_workbook_holds_the_csv_rows(tmp_path):
    # The worked example (§11) next to the spaced cells: 4 accounts.
    accounts = tmp_path / "accounts.csv"
    with open(os.path.join(INPUTS, "spaced-cells.csv")) as f:
        accounts.write_text(f.read() + "A-1001,532.17,monthly,2025-04-01\n")
    run = subprocess.run([CLI, "recover", "--accounts", str(accounts), "--outage", "2025-11-24..2026-01-09",
                          "--notice-date", "2026-01-12", "--schedule", str(tmp_path / "schedule.csv"),
                          "--summary", str(tmp_path / "summary.csv"), "--workbook", str(tmp_path / "run.xlsx")],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    book = openpyxl.load_workbook(tmp_path / "run.xlsx")
    assert book.sheetnames == ["schedule", "summary", "cash flow"]
    for name in ("schedule", "summary"):
        with open(tmp_path / f"{name}.csv", newline="") as f:
            assert sheet_rows(book[name]) == list(csv.reader(f)), name
        assert book[name].freeze_panes == "A2"
    schedule = book["schedule"]
    assert schedule["B2"].value == dt.datetime(2026, 2, 1)  # an Excel date, not text
    assert schedule["D2"].value == 100.0 and schedule["D2"].number_format == "£#,##0.00"
    # Cash flow: nobody pays double, so 4 collections carry recovery in each of Feb, Mar and
    # Apr 2026: 3 x 66.67 + 354.78 = 554.79 in Feb and Mar, 3 x 66.66 + 354.78 = 554.76 in Apr,
    # 1,664.34 in all.
    assert [[c.value for c in row] for row in book["cash flow"].iter_rows()] == [
        ["month", "collections", "recovery"], ["2026-02", 4, 554.79], ["2026-03", 4, 554.79],
        ["2026-04", 4, 554.76], ["total", 12, 1664.34]]
    assert book["summary"].column_dimensions["L"].width > len("message")


@pytest.mark.skipif(not CLI, reason="the command line was not built (ARREARS_CLI)")
def test_readme_northgate_command_gives_a_workbook(tmp_path):
    # README "Councils' own exports": one command from a Northgate-like export (Windows-1252,
    # their column names, UK dates, trailing ",,,," rows) to a workbook, nothing else written.
    # NG-001 100.00 and NG-002 150.00 monthly from 1 April 2025: §11's outage misses 1 Dec and
    # 2 Jan, so 100.00 and 150.00 are recovered on 2 Feb and 2 Mar 2026 (250.00 a month).
    run = subprocess.run([CLI, "recover", "--accounts", "northgate.csv", "--encoding", "windows-1252",
                          "--date-format", "DD/MM/YYYY", "--map", "account_id=tag_ref", "--map", "amount=DD Amount",
                          "--map", "frequency=Frequency", "--map", "first_due=Start",
                          "--outage", "2025-11-24..2026-01-09", "--notice-date", "2026-01-12",
                          "--workbook", str(tmp_path / "recovery.xlsx")], cwd=INPUTS, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout == ""  # --workbook is an output: the schedule does not go to stdout
    book = openpyxl.load_workbook(tmp_path / "recovery.xlsx")
    assert [r[0] for r in sheet_rows(book["summary"])] == ["account_id", "NG-001", "NG-002"]
    # (66.67 + 100.00 in Feb and Mar, 66.66 + 100.00 in Apr: nobody pays double.)
    assert sheet_rows(book["cash flow"])[1:] == [["2026-02", "2", "166.67"], ["2026-03", "2", "166.67"],
                                                 ["2026-04", "2", "166.66"], ["total", "6", "500.00"]]


def test_write_workbook_from_the_frames(tmp_path):
    schedule, summary = arrears.recover(WORKED, **OUTAGE)
    arrears.write_workbook(tmp_path / "run.xlsx", schedule, summary)
    book = openpyxl.load_workbook(tmp_path / "run.xlsx")
    assert book.sheetnames == ["schedule", "summary", "cash flow"]
    assert sheet_rows(book["schedule"]) == [
        ["account_id", "due_date", "collection_date", "regular_amount", "recovery_amount", "total_amount",
         "arrears_after"],
        ["A-1001", "2026-02-01", "2026-02-02", "532.17", "354.78", "886.95", "709.56"],
        ["A-1001", "2026-03-01", "2026-03-02", "532.17", "354.78", "886.95", "354.78"],
        ["A-1001", "2026-04-01", "2026-04-01", "532.17", "354.78", "886.95", "0.00"]]
    assert sheet_rows(book["summary"])[1] == ["A-1001", "extended", "2", "1064.34", "0.00", "1064.34", "3",
                                             "2026-02-02", "2026-04-01", "354.78", "",
                                             "recovery runs past the horizon 2026-03-31 to 2026-04-01"]
    assert sheet_rows(book["cash flow"])[1:] == [["2026-02", "1", "354.78"], ["2026-03", "1", "354.78"],
                                                 ["2026-04", "1", "354.78"], ["total", "3", "1064.34"]]


def test_write_workbook_cuts_a_cell_longer_than_excel_takes(tmp_path):
    # Excel holds 32,767 characters a cell (issue 25 point 8): an account_id of 40,000 is a
    # good account (the frames keep it whole) and its cells are cut to 32,767 characters, the
    # last 26 of them the mark "… [cut: 40,000 characters]", as the command line cuts them.
    long_id = "A" * 40_000
    schedule, summary = arrears.recover([{**WORKED[0], "account_id": long_id}], **OUTAGE)
    assert summary["account_id"].tolist() == [long_id]
    arrears.write_workbook(tmp_path / "run.xlsx", schedule, summary)
    book = openpyxl.load_workbook(tmp_path / "run.xlsx")
    mark = "\u2026 [cut: 40,000 characters]"
    cut = "A" * (32_767 - len(mark)) + mark
    assert len(mark) == 26 and len(cut) == 32_767
    assert [book["schedule"]["A2"].value, book["schedule"]["A3"].value, book["summary"]["A2"].value] == [cut] * 3


def test_write_workbook_continues_a_full_sheet(tmp_path):
    # With 1 data row a sheet (instead of 1,048,575) the 3 schedule rows take three sheets.
    schedule, summary = arrears.recover(WORKED, money="pence", **OUTAGE)
    arrears.write_workbook(tmp_path / "run.xlsx", schedule, summary, rows_per_sheet=1)
    book = openpyxl.load_workbook(tmp_path / "run.xlsx")
    assert book.sheetnames[:3] == ["schedule", "schedule (2)", "schedule (3)"]
    assert sheet_rows(book["schedule (2)"])[1][6] == "354.78"  # the second row: arrears_after 354.78
    assert sheet_rows(book["schedule (3)"])[1][6] == "0.00"  # the third: 0.00


@pytest.mark.skipif(not CLI, reason="the command line was not built (ARREARS_CLI)")
def test_cli_schedule_over_a_sheet_continues_on_schedule_2(tmp_path):
    # 280 weekly plans of 10.00 from Mon 7 Apr 2025 recovered to --until 2099-12-31: every
    # Monday from the notice to the end of 2099 is a schedule row, 3,858 per account (the
    # stderr cash-flow total counts the 1,080,240 collections carrying recovery), which is
    # more than a sheet's 1,048,575 data rows: the rest continue on `schedule (2)`.
    accounts = tmp_path / "weekly.csv"
    accounts.write_text("account_id,amount,frequency,first_due\n" +
                        "".join(f"B-{i:04},10.00,weekly,2025-04-07\n" for i in range(280)))
    run = subprocess.run([CLI, "recover", "--accounts", str(accounts), "--outage", "2025-11-24..2026-01-09",
                          "--notice-date", "2026-01-12", "--until", "2099-12-31", "--threads", "2",
                          "--workbook", str(tmp_path / "big.xlsx")], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    book = openpyxl.load_workbook(tmp_path / "big.xlsx", read_only=True)
    assert book.sheetnames == ["schedule", "summary", "schedule (2)", "cash flow"]
    assert book["schedule"].max_row == 1_048_576  # the header and 1,048,575 rows
    header, first = [[c.value for c in row] for row in book["schedule (2)"].iter_rows(max_row=2)]
    assert header[0] == "account_id" and first[0].startswith("B-")
