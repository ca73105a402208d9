"""recovery-rules §13 --notify: at most 100,000 rows a file (GOV.UK Notify's limit), more in
FILE-2.csv, FILE-3.csv, ... each with the header, every file in the manifest.

Two runs, each a few seconds at most:
- the real limit: 100,001 accounts with a notice each (the §11 plan, all with a good address)
  give notify.csv with 100,000 rows and notify-2.csv with 1 (the last account);
- the split itself on a small input through the test hook ARREARS_TEST_NOTIFY_MAX_ROWS=2:
  7 accounts, 2 of them refused (fewer than three address lines), so 5 rows: 2 + 2 + 1 in
  notify.csv, notify-2.csv, notify-3.csv, in input order; a name without an extension
  (`upload`) gives `upload-2`; then at limit 3 (two parts) the notify-3.csv left from that run
  is refused (exit 2, nothing changed) until it is moved aside;
- payers of another language than the run's in a file of their own (notify-cy.csv), both files
  in the manifest.

Usage: notify_split.py ARREARS_BINARY
"""

import json
import os
import subprocess
import sys
import tempfile
import zipfile

from clitest import check, finish, rows

ARGS = ["--outage", "2025-11-24..2026-01-09", "--notice-date", "2026-01-12",
        "--keep", "name,address_line_1,postcode,reference"]


def accounts(path, n, refused=()):
    with open(path, "w", encoding="utf-8") as f:
        f.write("account_id,amount,frequency,first_due,name,address_line_1,postcode,reference\n")
        for k in range(1, n + 1):
            street = "" if k in refused else f"{k} High Street"
            f.write(f"A{k},532.17,monthly,2025-04-01,Payer {k},{street},AN1 1AA,DD-{k}\n")


def run(binary, folder, extra, env=None):
    e = dict(os.environ)
    e.pop("ARREARS_TEST_NOTIFY_MAX_ROWS", None)
    e.update(env or {})
    return subprocess.run([binary, "recover", "--accounts", os.path.join(folder, "accounts.csv")] + ARGS + extra,
                          capture_output=True, env=e, timeout=120)


def main():
    binary = sys.argv[1]
    with tempfile.TemporaryDirectory() as d:
        # The real limit: 100,001 notices.
        accounts(os.path.join(d, "accounts.csv"), 100001)
        out = os.path.join(d, "notify.csv")
        done = run(binary, d, ["--notify", out, "--summary", os.path.join(d, "summary.csv"),
                               "--manifest", os.path.join(d, "manifest.json")])
        check(done.returncode == 0, f"100,001 accounts: exit {done.returncode}: {done.stderr[-500:]!r}")
        first = rows(open(out, "rb").read())
        second = rows(open(os.path.join(d, "notify-2.csv"), "rb").read())
        check(len(first) == 100000, f"notify.csv holds {len(first)} rows, not 100,000")
        check(len(second) == 1 and second[0]["account_id"] == "A100001",
              f"notify-2.csv: {[r['account_id'] for r in second]}, not [A100001]")
        check(not os.path.exists(os.path.join(d, "notify-3.csv")), "a notify-3.csv was written")
        check(first[0]["address_line_1"] == "Payer 1" and first[0]["address_line_3"] == "AN1 1AA",
              f"first row's address: {first[0]['address_line_1']!r}, {first[0]['address_line_3']!r}")
        manifest = json.load(open(os.path.join(d, "manifest.json")))
        parts = [(o["path"], o["rows"]) for o in manifest["outputs"] if "notify" in o["path"]]
        check(parts == [(out, 100000), (os.path.join(d, "notify-2.csv"), 1)], f"manifest: {parts}")

    with tempfile.TemporaryDirectory() as d:
        # The split on a small input: limit 2, 7 accounts, A3 and A6 refused: 5 rows.
        accounts(os.path.join(d, "accounts.csv"), 7, refused=(3, 6))
        for name, parts in (("notify.csv", ["notify.csv", "notify-2.csv", "notify-3.csv"]),
                            ("upload", ["upload", "upload-2", "upload-3"])):
            done = run(binary, d, ["--notify", os.path.join(d, name), "--summary", os.path.join(d, "s.csv")],
                       {"ARREARS_TEST_NOTIFY_MAX_ROWS": "2"})
            check(done.returncode == 1, f"limit 2: exit {done.returncode} (two notices refused: 1)")
            check(done.stderr.count(b"is left out of the Notify file") == 2, f"stderr: {done.stderr[:400]!r}")
            got = [[r["account_id"] for r in rows(open(os.path.join(d, p), "rb").read())] for p in parts]
            check(got == [["A1", "A2"], ["A4", "A5"], ["A7"]], f"{name}: parts {got}")
            check(not os.path.exists(os.path.join(d, parts[0].replace(".csv", "") + "-4" +
                                                  (".csv" if name.endswith(".csv") else ""))), "a fourth part")
        # A smaller run after the bigger one (limit 3: notify.csv, notify-2.csv) would leave
        # notify-3.csv from before, which a finance officer could upload with this run's parts:
        # refused (exit 2), every file exactly as it was; once it is moved aside, the run works.
        before = {p: open(os.path.join(d, p), "rb").read() for p in ("notify.csv", "notify-2.csv", "notify-3.csv")}
        out = os.path.join(d, "notify.csv")
        done = run(binary, d, ["--notify", out, "--summary", os.path.join(d, "s3.csv")],
                   {"ARREARS_TEST_NOTIFY_MAX_ROWS": "3"})
        check(done.returncode == 2, f"stale notify-3.csv: exit {done.returncode}, not 2")
        check(f"--notify: '{os.path.join(d, 'notify-3.csv')}' is left from an earlier run".encode() in done.stderr,
              f"stale part message: {done.stderr[-400:]!r}")
        check(all(open(os.path.join(d, p), "rb").read() == b for p, b in before.items()), "a part changed")
        check(not os.path.exists(os.path.join(d, "s3.csv")), "the refused run wrote its summary")
        os.rename(os.path.join(d, "notify-3.csv"), os.path.join(d, "old-notify-3.txt"))
        done = run(binary, d, ["--notify", out, "--summary", os.path.join(d, "s3.csv")],
                   {"ARREARS_TEST_NOTIFY_MAX_ROWS": "3"})
        check(done.returncode == 1, f"after moving notify-3.csv aside: exit {done.returncode}, not 1")
        got = [[r["account_id"] for r in rows(open(os.path.join(d, p), "rb").read())]
               for p in ("notify.csv", "notify-2.csv")]
        check(got == [["A1", "A2", "A4"], ["A5", "A7"]], f"limit 3: parts {got}")
        check(not os.path.exists(os.path.join(d, "notify-3.csv")), "a third part at limit 3")
    with tempfile.TemporaryDirectory() as d:
        # One Notify file per language (Notify applies one template to an upload): A2's
        # `language` cy goes to notify-cy.csv, the rest to notify.csv (the run's en), both in
        # the manifest, the file asked for first.
        with open(os.path.join(d, "accounts.csv"), "w", encoding="utf-8") as f:
            f.write("account_id,amount,frequency,first_due,name,address_line_1,postcode,reference,language\n")
            for k, language in ((1, ""), (2, "cy"), (3, "en")):
                f.write(f"A{k},532.17,monthly,2025-04-01,Payer {k},{k} High Street,AN1 1AA,DD-{k},{language}\n")
        out = os.path.join(d, "notify.csv")
        done = run(binary, d, ["--notify", out, "--manifest", os.path.join(d, "manifest.json"),
                               "--notices", os.path.join(d, "notices.csv"), "--workbook", os.path.join(d, "w.xlsx")])
        check(done.returncode == 0, f"languages: exit {done.returncode}: {done.stderr[-400:]!r}")
        got = [[r["account_id"] for r in rows(open(os.path.join(d, p), "rb").read())]
               for p in ("notify.csv", "notify-cy.csv")]
        check(got == [["A1", "A3"], ["A2"]], f"languages: files {got}")
        manifest = json.load(open(os.path.join(d, "manifest.json")))
        files = [(o["path"], o["rows"]) for o in manifest["outputs"] if "notify" in o["path"]]
        check(files == [(out, 2), (os.path.join(d, "notify-cy.csv"), 1)], f"languages: manifest {files}")
        # §12/§13: the workbook's notices sheet has the notices file's Welsh columns too
        # (its cells are inline strings in the sheets' XML).
        with zipfile.ZipFile(os.path.join(d, "w.xlsx")) as z:
            sheets = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/"))
        for text in (">schedule_text_cy<", ">missed_text_cy<", ">language<", "2 Chwefror 2026: £532.17 arferol"):
            check(text in sheets, f"the workbook's notices sheet lacks {text!r}")
    return finish("ok: --notify splits at 100,000 rows (and at the test hook's 2), FILE-2.csv, FILE-3.csv; "
                  "a part left from a bigger run is refused")


if __name__ == "__main__":
    sys.exit(main())
