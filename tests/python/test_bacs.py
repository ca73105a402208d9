"""The Bacs Standard 18 file (recovery-rules §14 "The bank's own format"): ``arrears.bacs_file``
against the command line's golden files, mandates' transfers, ``submitted``, its errors; and
the command line's file for the bundled portfolio read back by a parser written here (not the
writer's code), checked against its collection file record by record."""

import csv
import datetime as dt
import hashlib
import json
import os
import pathlib
import re
import subprocess
import warnings

import pandas as pd
import pytest

import arrears

SOURCE = pathlib.Path(os.environ.get("ARREARS_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
CLI = os.environ.get("ARREARS_CLI", "")
INPUTS = SOURCE / "tests" / "cli" / "inputs"
CASES = SOURCE / "tests" / "cli" / "cases"
COUNCIL = dict(sun="123456", originator_sort_code="11-22-33", originator_account="44556677",
               originator_name="Anytown Council")
OUTAGE = dict(outage=("2025-11-24", "2026-01-09"), notice_date="2026-01-12")
# The golden Bacs cases run without the residents' promise (--allow-double-payment --past-end
# stop): their hand-checked amounts are the plain worked example's.
NO_PROMISE = dict(no_double_payment=False, past_end="stop")
needs_cli = pytest.mark.skipif(not CLI or not pathlib.Path(CLI).is_file(),
                               reason="the arrears command-line program was not built (set ARREARS_CLI)")


def read_csv(path):
    return pd.read_csv(path, dtype=str, keep_default_na=False, skipinitialspace=True)


def bacs(collections, accounts, **kw):
    """bacs_file's bytes and its warnings' texts."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = arrears.bacs_file(collections, accounts, **{**COUNCIL, "bacs_date": "2026-01-12", **kw})
    assert all(issubclass(w.category, arrears.InputWarning) for w in caught)
    return data, [str(w.message) for w in caught]


def reported_lines(case):
    """The lines of a golden case's stderr before the run's summary (its reported rows)."""
    lines = (CASES / case / "expected" / "stderr").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.startswith(("bacs:", "submitted:"))]


def worked_collections(accounts="bacs-accounts.csv"):
    acc = read_csv(INPUTS / accounts)
    schedule, _ = arrears.recover(acc, **OUTAGE, **NO_PROMISE)
    return acc, arrears.collections(schedule, acc)


# ---- the same bytes and reports as `recover --bacs` ---------------------------------------

def test_bacs_file_gives_the_command_lines_golden_bytes():
    # tests/cli/cases/bacs_worked_example: every field checked by hand there.
    acc, collections = worked_collections()
    data, problems = bacs(collections, acc, serial="000101")
    assert data == (CASES / "bacs_worked_example" / "expected" / "bacs.txt").read_bytes()
    assert problems == reported_lines("bacs_worked_example") + [
        "bacs: 20 collection(s) processed after 2026-02-12 left for a later run",
        "bacs: 1 account name(s) cut to 18 characters"]
    again, _ = bacs(collections, acc, serial="000101")
    assert again == data  # the same run, the same bytes


def test_amounts_read_back_as_text_or_floats():
    # A collections frame read back from collections.csv: as text ("17.00") it gives the same
    # bytes as the frame itself; as pandas' default floats (17.0) it is refused, never
    # written as 17 pence (money is exact: integer pence into the 11-digit field, §14).
    acc, collections = worked_collections()
    data, _ = bacs(collections, acc, serial="000101")
    as_text = collections.assign(amount=[str(v) for v in collections["amount"]])
    assert bacs(as_text, acc, serial="000101")[0] == data
    as_float = collections.assign(amount=[float(v) for v in collections["amount"]])
    with pytest.raises(arrears.InputError, match=r"^amount: money as floating-point numbers is not exact"):
        bacs(as_float, acc, serial="000101")


def test_submitted_bacs_file_as_the_command_line(monkeypatch):
    # tests/cli/cases/bacs_submitted_bacs: the run repeated by mistake submits nothing twice.
    acc, collections = worked_collections()
    monkeypatch.chdir(INPUTS)  # the file named as the command line names it
    data, problems = bacs(collections, acc, serial="000102", submitted=["bacs-january.txt"])
    assert data == (CASES / "bacs_submitted_bacs" / "expected" / "bacs.txt").read_bytes()
    assert problems[:10] == reported_lines("bacs_submitted_bacs")


def test_submitted_collection_file_in_csv_and_json():
    acc, collections = worked_collections()
    # bacs-submitted.csv: W2 17.00 on 26 Jan (the same), W1 1000.00 on 2 Feb (a conflict).
    _, problems = bacs(collections, acc, serial="000102", submitted=str(INPUTS / "bacs-submitted.csv"))
    submitted = [p for p in problems if p.startswith("submitted:")]
    assert submitted == [
        "submitted: account W1's collection of £1,064.34 on 2026-02-02 conflicts with "
        f"{INPUTS / 'bacs-submitted.csv'} line 3: recall the earlier debit of £1,000.00 on 2026-02-02 first; "
        "left out of this run's bank files",
        f"submitted: account W2's collection of £17.00 on 2026-01-26 is already in {INPUTS / 'bacs-submitted.csv'} "
        "line 2: left out of this run's bank files"]


def test_submitted_json_collection_file(tmp_path):
    acc, collections = worked_collections()
    earlier = tmp_path / "january.json"
    earlier.write_text(json.dumps([{"account_id": "W1", "collection_date": "2026-02-02", "amount": "1064.34"}]))
    data, problems = bacs(collections, acc, serial="000102", submitted=[earlier])
    assert problems[0] == (f"submitted: account W1's collection of £1,064.34 on 2026-02-02 is already in {earlier} "
                           "row 1: left out of this run's bank files")
    # W1's debit (106434p, reference ANYT-0001) is gone: the 30 Jan contra is W2's 1700p alone.
    text = data.decode()
    assert "ANYT-0001" not in text
    assert "1122334455667709911223344556677    00000001700ANYTOWN COUNCIL   CONTRA            ANYTOWN COUNCIL    26030" in text


# ---- mandates: the latest ADDACS transfer -------------------------------------------------

def test_the_latest_transfer_gives_the_sort_code_and_account_number():
    acc, collections = worked_collections()
    mandates = pd.DataFrame({
        "account_id": ["W1", "W1", "W3", "W2"],
        "effective_date": ["2026-01-08", "2026-01-05", "2026-01-05", "2026-01-05"],
        "event": ["Transferred", "TRANSFERRED", "transferred", "disputed"],
        "reason": ["3", "C", "3", "D"],
        "new_sort_code": ["40-11-62", "20-00-00", "30-99-88", ""],
        "new_account_number": ["", "55554444", "66667777", ""]})
    data, problems = bacs(collections, acc, serial="000101", mandates=mandates)
    lines = data.decode().split("\r\n")
    # W1: the 8 Jan transfer's sort code (latest), the 5 Jan one's account number (the later
    # one lacks it); W3's bad 12-34-5 replaced by its transfer's: its collection is now in.
    assert lines[6].startswith("4011625555444401711223344556677    00000106434")
    assert any(line.startswith("3099886666777701711223344556677    00000020000") for line in lines)
    assert not any("account W3" in p for p in problems)


# ---- errors ------------------------------------------------------------------------------

@pytest.mark.parametrize("keyword, value, message", [
    ("sun", "12345", "sun: Service User Number '12345' is not six digits"),
    ("originator_sort_code", "11-22", "originator_sort_code: sort code '11-22' is not six digits"),
    ("originator_account", "123", "originator_account: account number '123' is not eight digits"),
    ("originator_name", "Anytown Borough Council", "originator_name: name 'Anytown Borough Council' is 23 characters"),
    ("serial", "000000", "serial: serial '000000' is all zeros"),
])
def test_originator_details_refused_naming_the_keyword(keyword, value, message):
    acc, collections = worked_collections()
    with pytest.raises(arrears.InputError, match=message.replace("(", r"\(")):
        arrears.bacs_file(collections, acc, **{**COUNCIL, "serial": "000101", "bacs_date": "2026-01-12",
                                               keyword: value})


def test_accounts_without_bank_columns_refused():
    accounts = [dict(account_id="W1", amount="532.17", frequency="monthly", first_due="2025-04-01")]
    schedule, _ = arrears.recover(accounts, **OUTAGE)
    with pytest.raises(arrears.InputError, match="accounts has no column sort_code, account_number, "
                                                 r"account_name \(or name\), reference"):
        arrears.bacs_file(arrears.collections(schedule, accounts), accounts, **COUNCIL, serial="000101",
                          bacs_date="2026-01-12")


def test_a_submitted_file_that_is_no_bank_file_refused():
    acc, collections = worked_collections()
    with pytest.raises(arrears.InputError, match="neither a Standard 18 file"):
        arrears.bacs_file(collections, acc, **COUNCIL, serial="000101", bacs_date="2026-01-12",
                          submitted=[INPUTS / "worked.csv"])


def test_mapped_columns_from_the_collections_attrs():
    # bacs-mapped.csv names the columns its own way (tests/cli/cases/bacs_submitted_csv).
    mapping = {"account_id": "Ref", "amount": "DD Amount", "frequency": "Frequency", "first_due": "Start",
               "convention": "Convention", "name": "Payer", "account_name": "Holder", "sort_code": "Sort Code",
               "account_number": "Account No", "reference": "DD Reference"}
    acc = read_csv(INPUTS / "bacs-mapped.csv")
    schedule, _ = arrears.recover(acc, **OUTAGE, **NO_PROMISE, map=mapping)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # S1's Sunday collections
        collections = arrears.collections(schedule, acc)
    data, _ = bacs(collections, acc, serial="000103", submitted=[INPUTS / "bacs-submitted.csv"])
    assert data == (CASES / "bacs_submitted_csv" / "expected" / "bacs.txt").read_bytes()


# ---- the command line's file read back independently --------------------------------------

def yyddd(day):
    """` YYDDD` of a date."""
    return f" {day.year % 100:02d}{day.timetuple().tm_yday:03d}"


def parse_standard18(data):
    """Labels and records of a Standard 18 file, by the positions of recovery-rules §14."""
    assert data.endswith(b"\r\n")
    lines = data.decode("ascii").split("\r\n")[:-1]
    labels, records = [], []
    for line in lines:
        if line[:4] in ("VOL1", "HDR1", "HDR2", "UHL1", "EOF1", "EOF2", "UTL1"):
            assert len(line) == 80, line
            labels.append(line)
            continue
        assert len(line) == 106, line
        records.append({"sort_code": line[0:6], "account": line[6:14], "type": line[14], "code": line[15:17],
                        "amount": int(line[35:46]), "reference": line[64:82].rstrip(), "name": line[82:100],
                        "day": line[100:106], "user": line[17:31], "free": line[31:35]})
    return labels, records


def bank_columns(accounts):
    """Deterministic bank details for the bundled portfolio's accounts: a sort code and an
    account number from the id's digest, the reference RENT-<id>, and some names accented
    or long."""
    out = accounts.copy()
    digest = [hashlib.sha256(a.encode()).hexdigest() for a in out["account_id"]]
    out["sort_code"] = [f"{int(h[:6], 16) % 1000000:06d}" for h in digest]
    out["account_number"] = [f"{int(h[6:14], 16) % 100000000:08d}" for h in digest]
    out["reference"] = ["RENT-" + a for a in out["account_id"]]
    names = ["Siân Ní Bhriain-O'Connell", "Zoë Brontë", "Gwŷn ap Llwyd", "Ann Smith"]
    out["account_name"] = [names[i % 4] for i in range(len(out))]
    return out


@needs_cli
def test_the_bundled_portfolios_bacs_file_against_its_collection_file(tmp_path):
    accounts = bank_columns(read_csv(SOURCE / "examples" / "data" / "accounts.csv"))
    accounts_path = tmp_path / "accounts.csv"
    accounts.to_csv(accounts_path, index=False)
    out = {name: tmp_path / name for name in ("collections.csv", "bacs.txt", "manifest.json")}
    done = subprocess.run(
        [CLI, "recover", "--accounts", str(accounts_path), "--outage", "2025-11-24..2026-01-09",
         "--notice-date", "2026-01-12", "--collections", str(out["collections.csv"]), "--bacs", str(out["bacs.txt"]),
         "--sun", "123456", "--originator-sort-code", "11-22-33", "--originator-account", "44556677",
         "--originator-name", "Anytown Council", "--bacs-serial", "000101", "--manifest", str(out["manifest.json"])],
        capture_output=True, check=False, text=True)
    assert done.returncode in (0, 1), done.stderr
    data = out["bacs.txt"].read_bytes()
    labels, records = parse_standard18(data)
    # The collection file's rows processed after 12 Jan 2026 and by 12 Feb (31 days): each one
    # a debit, in the collection file's order; the rest of its rows later (or reported).
    with open(out["collections.csv"], newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    first, last = dt.date(2026, 1, 12), dt.date(2026, 2, 12)
    reported = {re.match(r"bacs: account (\S+?)('s| is)", line).group(1) for line in done.stderr.splitlines()
                if line.startswith("bacs: account")}
    expected = [r for r in rows if first < dt.date.fromisoformat(r["processing_date"]) <= last
                and r["account_id"] not in reported]
    later = [r for r in rows if dt.date.fromisoformat(r["processing_date"]) > last]
    debits = [r for r in records if r["code"] == "17"]
    assert len(debits) == len(expected) > 1000
    for rec, row in zip(debits, expected):
        assert rec["reference"] == "RENT-" + row["account_id"].upper()
        assert rec["amount"] == int(row["amount"].replace(".", ""))  # pence, from the text
        assert rec["day"] == yyddd(dt.date.fromisoformat(row["processing_date"]))
        assert rec["user"] == "11223344556677" and rec["free"] == "    " and rec["type"] == "0"
    # A contra after each day's debits, holding their total; UTL1 the file's totals and counts.
    day_total, days, seen_days = 0, 0, []
    for prev, rec in zip([None] + records, records):
        if rec["code"] == "99":
            assert rec["amount"] == day_total and rec["day"] == prev["day"] and rec["reference"] == "CONTRA"
            day_total, days = 0, days + 1
            seen_days.append(rec["day"])
        else:
            assert prev is None or prev["code"] == "99" or prev["day"] == rec["day"]
            day_total += rec["amount"]
    assert records[-1]["code"] == "99"
    assert seen_days == sorted(set(seen_days))  # each processing day once, ascending
    total = sum(r["amount"] for r in debits)
    utl = labels[-1]
    assert (int(utl[4:17]), int(utl[17:30]), int(utl[30:37]), int(utl[37:44])) == (total, total, len(debits), days)
    # Names: upper case in the Bacs character set, cut to 18.
    assert {r["name"] for r in debits} <= {"SIAN NI BHRIAIN-O ", "ZOE BRONTE        ", "GWYN AP LLWYD     ",
                                            "ANN SMITH         "}
    assert f"  {len(later):,} collections processed after 2026-02-12 left for a later run" in done.stderr
    # The manifest lists the file: its SHA-256 and its data records (debits and contras).
    manifest = json.loads(out["manifest.json"].read_text())
    entry = next(e for e in manifest["outputs"] if e["path"] == str(out["bacs.txt"]))
    assert entry["sha256"] == hashlib.sha256(data).hexdigest()
    assert entry["rows"] == len(records)
    # Python, given the same collections and accounts, writes the same bytes.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the portfolio's rejected rows and Sunday collections
        python_collections = arrears.collections(arrears.recover(accounts, **OUTAGE)[0], accounts)
        assert arrears.bacs_file(python_collections, accounts, **COUNCIL, serial="000101",
                                 bacs_date="2026-01-12") == data
