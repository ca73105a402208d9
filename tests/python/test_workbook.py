"""The workbook of recovery-rules §12 (--workbook, arrears.write_workbook), opened with
openpyxl: the sheets, Excel dates, money as numbers with the £ format, a frozen header, and
the very rows of the CSV outputs."""

import csv
import datetime as dt
import os
import re
import stat
import subprocess
import time
import zipfile
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
        assert number_format == "dd/mm/yyyy"  # §12: dates show as dd/mm/yyyy
        return value.date().isoformat()
    if number_format == "£#,##0.00":
        return f"{Decimal(str(value)):.2f}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def sheet_rows(ws):
    return [[as_csv_text(c.value, c.number_format) for c in row] for row in ws.iter_rows()]


SHEETS = ["schedule", "summary", "cash flow", "notices", "collections", "run"]  # §12's order


def check_print_setup(book):
    """§12: every sheet prints on A4 landscape, one page wide (fitToWidth 1 is the default,
    which a file may leave out), the header row repeated on each page and frozen."""
    for ws in book.worksheets:
        setup = ws.page_setup
        assert setup.orientation == "landscape", ws.title
        assert str(setup.paperSize) == "9", ws.title  # Excel's code for A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert setup.fitToWidth in (None, 1) and setup.fitToHeight == 0, ws.title
        assert ws.print_title_rows in ("1:1", "$1:$1"), ws.title
        assert ws.freeze_panes == "A2", ws.title


def formula_cells(book):
    """The cells openpyxl reads as formulas (data type 'f'): there must be none."""
    return [(ws.title, c.coordinate) for ws in book.worksheets for row in ws.iter_rows() for c in row
            if c.data_type == "f"]


def run_cash_flow(book):
    return [[c.value for c in row] for row in book["cash flow"].iter_rows()]


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
    assert book.sheetnames == ["schedule", "summary", "cash flow", "run"]
    check_print_setup(book)
    for name in ("schedule", "summary"):
        with open(tmp_path / f"{name}.csv", newline="") as f:
            assert sheet_rows(book[name]) == list(csv.reader(f)), name
        assert book[name].freeze_panes == "A2"
    schedule = book["schedule"]
    assert schedule["B2"].value == dt.datetime(2026, 2, 1)  # an Excel date, not text
    assert schedule["D2"].value == 100.0 and schedule["D2"].number_format == "£#,##0.00"
    # Cash flow: nobody pays double, so 4 collections carry recovery in each of Feb, Mar and
    # Apr 2026: 3 x 66.67 + 354.78 = 554.79 in Feb and Mar, 3 x 66.66 + 354.78 = 554.76 in Apr,
    # 1,664.34 in all; regular 3 x 100.00 + 532.17 = 832.17 a month (2,496.51); total
    # 832.17 + 554.79 = 1,386.96 (Apr 1,386.93; 4,160.85 in all). April is after H, 31 March.
    assert run_cash_flow(book) == [
        ["month", "collections", "regular", "recovery", "total", "after_year_end"],
        ["2026-02", 4, 832.17, 554.79, 1386.96, None], ["2026-03", 4, 832.17, 554.79, 1386.96, None],
        ["2026-04", 4, 832.17, 554.76, 1386.93, "yes"], [None] * 6,
        ["total", 12, 2496.51, 1664.34, 4160.85, None]]
    assert all(c.number_format == "£#,##0.00" for c in book["cash flow"]["D"][1:4])
    # The chart: one, of regular (C) and recovery (D) over the three months (rows 2-4), not the total.
    [chart] = book["cash flow"]._charts
    refs = [s.val.numRef.f for s in chart.series]
    assert refs == ["'cash flow'!$C$2:$C$4", "'cash flow'!$D$2:$D$4"], refs
    categories = chart.series[0].cat.strRef or chart.series[0].cat.numRef
    assert categories.f == "'cash flow'!$A$2:$A$4"
    # The run sheet: what produced it, and H.
    run_rows = {r[0]: r[1] for r in ([c.value for c in row] for row in book["run"].iter_rows())}
    assert run_rows["version"] == arrears.__version__
    assert run_rows["year end (H)"] == dt.datetime(2026, 3, 31)
    assert run_rows["accounts extended"] == 4 and run_rows["arrears extended"] == 1664.34
    assert book["summary"].column_dimensions["L"].width > len("message")


@pytest.mark.skipif(not CLI, reason="the command line was not built (ARREARS_CLI)")
def test_run_sheet_counts_what_the_bank_files_left_out(tmp_path):
    # §12 `run`, §14 (issue 28): the golden case bacs_worked_example with --workbook. Its
    # `case` gives the hand check: W3-W7's 2 Feb collections (one each) and W8's three are left
    # out of the Bacs file for their bank details: 5 + 3 = 8 collections, in 6 reported lines;
    # the file holds 4 debits of 1,115.34 and cuts 1 account name.
    case = os.path.join(SOURCE, "tests", "cli", "cases", "bacs_worked_example")
    run = subprocess.run([CLI, "recover", "--accounts", os.path.join(INPUTS, "bacs-accounts.csv"),
                          "--allow-double-payment", "--past-end", "stop", "--outage", "2025-11-24..2026-01-09",
                          "--notice-date", "2026-01-12", "--bacs", str(tmp_path / "bacs.txt"), "--sun", "123456",
                          "--originator-sort-code", "11-22-33", "--originator-account", "44556677",
                          "--originator-name", "Anytown Council", "--bacs-serial", "000101",
                          "--workbook", str(tmp_path / "run.xlsx")], capture_output=True, text=True, cwd=case)
    assert run.returncode == 1, run.stderr  # reported collections
    rows = [[c.value for c in row] for row in openpyxl.load_workbook(tmp_path / "run.xlsx")["run"].iter_rows()]
    items = {r[0]: r[1] for r in rows}
    assert items["collections left out of the bank files"] == 8
    said = [r[1] for r in rows if r[0] == "output"]  # the standard error's lines of the Bacs file
    assert len(said) == 2 and said[0].startswith("bacs file ") and "4 debits, 1,115.34" in said[0]
    assert said[1].endswith("1 account name cut to 18 characters")
    reported = [r[1] for r in rows if r[0] == "reported"]
    assert len(reported) == 6 and all(line.startswith("bacs: account W") for line in reported)
    assert reported[-1].startswith("bacs: account W8's 3 collections, £51.00 from 2026-01-26")


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
    # regular 100.00 + 150.00 = 250.00 a month.
    assert sheet_rows(book["cash flow"])[1:] == [
        ["2026-02", "2", "250.00", "166.67", "416.67", ""], ["2026-03", "2", "250.00", "166.67", "416.67", ""],
        ["2026-04", "2", "250.00", "166.66", "416.66", "yes"], [""] * 6, ["total", "6", "750.00", "500.00", "1250.00", ""]]


def test_write_workbook_from_the_frames(tmp_path):
    schedule, summary = arrears.recover(WORKED, **OUTAGE)
    arrears.write_workbook(tmp_path / "run.xlsx", schedule, summary)
    book = openpyxl.load_workbook(tmp_path / "run.xlsx")
    assert book.sheetnames == ["schedule", "summary", "cash flow", "run"]
    check_print_setup(book)
    assert sheet_rows(book["schedule"]) == [
        ["account_id", "due_date", "collection_date", "regular_amount", "recovery_amount", "total_amount",
         "arrears_after"],
        ["A-1001", "2026-02-01", "2026-02-02", "532.17", "354.78", "886.95", "709.56"],
        ["A-1001", "2026-03-01", "2026-03-02", "532.17", "354.78", "886.95", "354.78"],
        ["A-1001", "2026-04-01", "2026-04-01", "532.17", "354.78", "886.95", "0.00"]]
    assert sheet_rows(book["summary"])[1] == ["A-1001", "extended", "2", "1064.34", "0.00", "1064.34", "3",
                                             "2026-02-02", "2026-04-01", "354.78", "",
                                             "recovery runs past the horizon 2026-03-31 to 2026-04-01"]
    # 532.17 + 354.78 = 886.95 a month; April is after H (31 March 2026, summary.attrs["horizon"]).
    assert sheet_rows(book["cash flow"])[1:] == [
        ["2026-02", "1", "532.17", "354.78", "886.95", ""], ["2026-03", "1", "532.17", "354.78", "886.95", ""],
        ["2026-04", "1", "532.17", "354.78", "886.95", "yes"], [""] * 6,
        ["total", "3", "1596.51", "1064.34", "2660.85", ""]]
    [chart] = book["cash flow"]._charts
    assert [s.val.numRef.f for s in chart.series] == ["'cash flow'!$C$2:$C$4", "'cash flow'!$D$2:$D$4"]


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


def test_write_workbook_gives_the_same_bytes_twice(tmp_path):
    # Issue 25 point 8: the same frames make the same file, so a manifest of it does not
    # change. openpyxl dates the document and each part of the zip with the clock; they are
    # the run's notice date (12 Jan 2026) at midnight instead, as the command line's are.
    schedule, summary = arrears.recover(WORKED, **OUTAGE)
    arrears.write_workbook(tmp_path / "a.xlsx", schedule, summary)
    time.sleep(2.1)  # (a zip entry's time has two-second steps: the clock would move it)
    (tmp_path / "b.xlsx").write_bytes(b"old")
    os.chmod(tmp_path / "b.xlsx", 0o600)  # an operator's restricted file keeps its mode
    arrears.write_workbook(tmp_path / "b.xlsx", schedule, summary)
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    assert stat.S_IMODE(os.stat(tmp_path / "b.xlsx").st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx", "b.xlsx"]  # nothing left behind
    with zipfile.ZipFile(tmp_path / "a.xlsx") as z:
        assert {i.date_time for i in z.infolist()} == {(2026, 1, 12, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
        assert re.search(r"<dcterms:created [^>]*>2026-01-12T00:00:00Z</dcterms:created>", core), core
        assert re.search(r"<dcterms:modified [^>]*>2026-01-12T00:00:00Z</dcterms:modified>", core), core


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
    # (libxlsxwriter makes the sheets in §12's order first; a continuation follows them.)
    assert book.sheetnames == ["schedule", "summary", "cash flow", "run", "schedule (2)"]
    assert book["schedule"].max_row == 1_048_576  # the header and 1,048,575 rows
    header, first = [[c.value for c in row] for row in book["schedule (2)"].iter_rows(max_row=2)]
    assert header[0] == "account_id" and first[0].startswith("B-")


# A portfolio whose text begins as formulas do (OWASP "CSV Injection"): the ids and the kept
# `name` column. §11's plan each: 1 Dec and 2 Jan missed, 354.78 recovered on 2 Feb, 2 Mar and
# 1 Apr 2026 (nobody pays double), so each is a notice and three collections.
HOSTILE = [("=1+1", '=HYPERLINK("http://attacker.example/","Click for refund")'),
           ("+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0"),
           ("-2+3", "\tTabbed"), ("@A1", "Plain Name")]


def hostile_accounts(path):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["account_id", "amount", "frequency", "first_due", "name"])
        for account_id, name in HOSTILE:
            w.writerow([account_id, "532.17", "monthly", "2025-04-01", name])


@pytest.mark.skipif(not CLI, reason="the command line was not built (ARREARS_CLI)")
def test_cli_workbook_every_sheet_and_no_formula(tmp_path):
    hostile_accounts(tmp_path / "accounts.csv")
    run = subprocess.run([CLI, "recover", "--accounts", "accounts.csv", "--outage", "2025-11-24..2026-01-09",
                          "--notice-date", "2026-01-12", "--notices", "n.csv", "--collections", "c.csv",
                          "--keep", "name", "--workbook", "run.xlsx"], cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    book = openpyxl.load_workbook(tmp_path / "run.xlsx")
    assert book.sheetnames == SHEETS
    assert formula_cells(book) == []
    check_print_setup(book)
    # The text exactly as given (no apostrophe: the workbook writes text cells).
    assert [r[0].value for r in book["summary"].iter_rows(min_row=2)] == [i for i, _ in HOSTILE]
    notices = [[c.value for c in row] for row in book["notices"].iter_rows()]
    assert notices[0][:3] == ["account_id", "name", "notice_date"]
    # (§12: spaces and tabs around a cell of the CSV file are not part of it: "\tTabbed" is read "Tabbed".)
    assert [r[:2] for r in notices[1:]] == [[i, n.strip()] for i, n in HOSTILE]
    # catch_up_total 1,064.34 each (the two missed 532.17), a money cell.
    total = notices[0].index("catch_up_total") + 1
    assert [book["notices"].cell(row=r, column=total).value for r in range(2, 6)] == [1064.34] * 4
    assert book["notices"].cell(row=2, column=total).number_format == "£#,##0.00"
    # Collections: 3 per account (2 Feb, 2 Mar, 1 Apr), by date then input order, as c.csv.
    with open(tmp_path / "c.csv", newline="") as f:
        assert sheet_rows(book["collections"]) == [
            [cell[1:] if cell[:1] == "'" and i < 2 else cell for i, cell in enumerate(row)] for row in csv.reader(f)]
    coll = [[c.value for c in row] for row in book["collections"].iter_rows()]
    # (recovery_amount 354.78, then action collect and previous_amount empty: §14, recover)
    assert len(coll) == 13 and coll[1][2] == dt.datetime(2026, 2, 2) and coll[1][-3:] == [354.78, "collect", None]
    # The run sheet: the arguments, the input with its rows and SHA-256, the arrears by status.
    import hashlib
    run_rows = [[c.value for c in row] for row in book["run"].iter_rows()]
    assert run_rows[0] == ["item", "value"]
    items = {r[0]: r[1] for r in run_rows}
    assert items["input"] == "accounts.csv" and items["  rows"] == 4
    assert items["  sha256"] == hashlib.sha256((tmp_path / "accounts.csv").read_bytes()).hexdigest()
    assert items["accounts extended"] == 4 and items["arrears extended"] == 4257.36  # 4 x 1,064.34
    assert items["arrears review"] == 0 and items["scheduled"] == 4257.36


def test_write_workbook_every_sheet_and_no_formula(tmp_path):
    accounts = [{"account_id": i, "amount": "532.17", "frequency": "monthly", "first_due": "2025-04-01",
                 "name": n} for i, n in HOSTILE]
    schedule, summary, notices = arrears.recover(accounts, notices=True, keep=["name"], **OUTAGE)
    collections = arrears.collections(schedule, accounts, keep=["name"])
    arrears.write_workbook(tmp_path / "run.xlsx", schedule, summary, notices, collections)
    book = openpyxl.load_workbook(tmp_path / "run.xlsx")
    assert book.sheetnames == SHEETS
    assert formula_cells(book) == []
    check_print_setup(book)
    assert book["schedule"]["A2"].value == "=1+1" and book["schedule"]["A2"].data_type == "s"
    assert book["notices"]["B2"].value == HOSTILE[0][1]
    assert book["schedule"]["B2"].number_format == "dd/mm/yyyy"
    items = {r[0].value: r[1].value for r in book["run"].iter_rows()}
    assert items["year end (H)"] == dt.datetime(2026, 3, 31)
    assert items["accounts extended"] == 4 and items["arrears extended"] == 4257.36  # 4 x 1,064.34


def test_write_workbook_without_a_run_record(tmp_path):
    # A summary not made by recover (no attrs): the run sheet says so; after_year_end is empty.
    schedule, summary = arrears.recover(WORKED, **OUTAGE)
    summary.attrs.clear()
    arrears.write_workbook(tmp_path / "run.xlsx", schedule, summary)
    book = openpyxl.load_workbook(tmp_path / "run.xlsx")
    assert book["run"]["A2"].value == "run" and book["run"]["B2"].value.startswith("not recorded")
    assert [r[5].value for r in book["cash flow"].iter_rows(min_row=2)] == [None] * 5


@pytest.mark.skipif(not CLI, reason="the command line was not built (ARREARS_CLI)")
def test_cli_replan_workbook_holds_the_csv_rows(tmp_path):
    # §12 --workbook of `arrears replan` (§15, issue 30): the golden case replan_notices' run
    # (five accounts: A-1001 revised, A-1002 catch_up_stops, A-1003 cancelled, A-1004 review,
    # A-1005 on course) with the kept name and reference. Each sheet holds the very rows of
    # replan's own CSV files (its summary with shortfall and changed, the changed accounts'
    # notices, its collection file with action and previous_amount and the kept columns),
    # never a formula; the run sheet counts "2 accounts changed, 1 on course" and the total
    # shortfall 1,064.34 (the summary's shortfall column: A-1001 886.95 + A-1002 -709.56 +
    # A-1003 886.95 + A-1005 0.00, as the golden case's standard error; A-1004, kept from the
    # plan of record in review, not counted).
    out = {n: str(tmp_path / f"{n}.csv") for n in ("schedule", "summary", "notices", "collections")}
    run = subprocess.run(
        [CLI, "replan", "--accounts", "replan-letters-accounts.csv", "--plan", "replan-plan.csv",
         "--plan-summary", "replan-plan-summary.csv", "--since", "2026-01-12", "--ledger", "replan-ledger.csv",
         "--payments", "replan-payments.csv", "--notice-date", "2026-02-16", "--keep", "name,reference",
         "--raw-csv", *[a for n, p in out.items() for a in (f"--{n}", p)],
         "--workbook", str(tmp_path / "run.xlsx")], cwd=INPUTS, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "2 accounts changed, 1 on course; total shortfall 1,064.34" in run.stderr
    book = openpyxl.load_workbook(tmp_path / "run.xlsx")
    assert book.sheetnames == SHEETS
    check_print_setup(book)
    assert formula_cells(book) == []
    for name in ("schedule", "summary", "notices", "collections"):
        with open(out[name], newline="", encoding="utf-8") as f:
            assert sheet_rows(book[name]) == list(csv.reader(f)), name
    summary = sheet_rows(book["summary"])
    assert summary[0][-2:] == ["shortfall", "changed"]
    assert [r[-1] for r in summary[1:]] == ["yes", "yes", "", "", "no"]
    collections = sheet_rows(book["collections"])
    assert collections[0][:3] == ["account_id", "name", "reference"]  # --keep (issue 30 point 4)
    assert collections[1][:3] == ["A-1001", "Ms A Example", "DD-A1001"]
    run_rows = {r[0]: r[1] for r in ([c.value for c in row] for row in book["run"].iter_rows())}
    assert run_rows["accounts changed"] == 2 and run_rows["accounts on course"] == 1
    assert run_rows["total shortfall"] == 1064.34


@pytest.mark.skipif(not CLI, reason="the command line was not built (ARREARS_CLI)")
@pytest.mark.parametrize("option", ["--notify", "--letters", "--workbook"])
def test_cli_replan_output_naming_the_accounts_file_is_refused(tmp_path, option):
    # §12 "Nothing is lost", issue 30: replan's new outputs are among its checked outputs, so
    # one naming the accounts file is a usage error (exit 2) naming both options, and the
    # file is byte for byte as it was (a review once found `replan --notify accounts.csv`
    # had emptied it), with nothing else written.
    for name in ("replan-accounts.csv", "replan-plan.csv", "replan-plan-summary.csv", "replan-ledger.csv"):
        (tmp_path / name).write_bytes(open(os.path.join(INPUTS, name), "rb").read())
    before = (tmp_path / "replan-accounts.csv").read_bytes()
    listed = sorted(p.name for p in tmp_path.iterdir())
    run = subprocess.run(
        [CLI, "replan", "--accounts", "replan-accounts.csv", "--plan", "replan-plan.csv",
         "--plan-summary", "replan-plan-summary.csv", "--since", "2026-01-12", "--ledger", "replan-ledger.csv",
         "--notice-date", "2026-02-16", "--notices", "notices.csv", option, "replan-accounts.csv"],
        cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 2, run.stderr
    assert (f"{option} 'replan-accounts.csv' is the input file of --accounts 'replan-accounts.csv'"
            in run.stderr), run.stderr
    assert (tmp_path / "replan-accounts.csv").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == listed
