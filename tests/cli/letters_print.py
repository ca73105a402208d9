#!/usr/bin/python3
"""The letters as a payer gets them (test `cli.letters_print`; recovery-rules §13): the
letters of a small portfolio printed to PDF by headless Chromium, then read back with
poppler's pdfinfo and pdftotext.

    letters_print.py ARREARS [KEEP_DIR]

Checks one printed page per letter, and that each page names its payer, account, the
dates and amounts of its changed collections and the catch-up total, in the payer's words
(`2 February 2026`, `£1,064.34`). With KEEP_DIR the HTML and PDF are left there (to look at
a page: `pdftoppm -png -f 1 -l 1 letters.pdf page`). Exits 77 (skipped) with a message when
chromium or poppler-utils is not installed (scripts/setup installs both).
"""

import csv
import pathlib
import shutil
import subprocess
import sys
import tempfile

from clitest import failures, finish

# Four payers after the outage of recovery-rules §11 (notice Mon 12 Jan 2026): a monthly
# plan (the worked example), a weekly one (ten changed collections: the longest table), a
# fortnightly one and one paid off by other means (no_arrears: no letter).
ACCOUNTS = """account_id,amount,frequency,first_due,payer,address
W1,532.17,monthly,2025-04-01,Ann Smith,"1 High Street, Anytown AN1 1AA"
W2,10.00,weekly,2025-04-07,Bob O'Neill & Sons,"2 Low Road, Anytown AN2 2BB"
F3,88.40,fortnightly,2025-04-07,Chloé Brontë,"3 Mill Lane, Anytown AN3 3CC"
P4,25.00,monthly,2025-04-01,Dan Green,"4 Park Row, Anytown AN4 4DD"
"""
PAYMENTS = "account_id,date,amount\nP4,2026-01-10,50.00\n"
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def words(iso):
    y, m, d = (int(p) for p in iso.split("-"))
    return f"{d} {MONTHS[m - 1]} {y}"


def pounds(text):
    whole, pence = text.split(".")
    return f"£{int(whole):,}.{pence}"


def main():
    program = str(pathlib.Path(sys.argv[1]).resolve())
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    missing = [name for name, found in (("chromium", chromium), ("pdfinfo", shutil.which("pdfinfo")),
                                        ("pdftotext", shutil.which("pdftotext"))) if not found]
    if missing:
        print(f"SKIPPED: {', '.join(missing)} not installed (scripts/setup installs chromium and poppler-utils)")
        return 77
    keep = pathlib.Path(sys.argv[2]) if len(sys.argv) > 2 else None
    with tempfile.TemporaryDirectory(prefix="arrears-letters-") as tmp:
        folder = keep or pathlib.Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "accounts.csv").write_text(ACCOUNTS, encoding="utf-8")
        (folder / "payments.csv").write_text(PAYMENTS, encoding="utf-8")
        done = subprocess.run([program, "recover", "--accounts", "accounts.csv", "--payments", "payments.csv",
                               "--outage", "2025-11-24..2026-01-09", "--notice-date", "2026-01-12",
                               "--summary", "summary.csv", "--notices", "notices.csv", "--letters", "letters.html",
                               "--keep", "payer,address"], cwd=folder, capture_output=True, timeout=120)
        if done.returncode != 0:
            print(f"FAILED: arrears exit {done.returncode}: {done.stderr.decode()}")
            return 1
        with open(folder / "notices.csv", encoding="utf-8", newline="") as f:
            notices = list(csv.DictReader(f))
        profile = pathlib.Path(tempfile.mkdtemp(prefix="arrears-chromium-"))
        try:
            subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                            "--disable-background-networking", "--disable-component-update", "--disable-sync",
                            f"--user-data-dir={profile}", "--no-pdf-header-footer",
                            f"--print-to-pdf={folder / 'letters.pdf'}", (folder / "letters.html").as_uri()],
                           capture_output=True, timeout=180, check=True)
        finally:
            shutil.rmtree(profile, ignore_errors=True)
        info = subprocess.run(["pdfinfo", str(folder / "letters.pdf")], capture_output=True, text=True, check=True)
        pages = int(next(line.split()[-1] for line in info.stdout.splitlines() if line.startswith("Pages:")))
        if [n["account_id"] for n in notices] != ["W1", "W2", "F3"]:
            failures.append(f"notices for {[n['account_id'] for n in notices]}, expected W1, W2, F3")
        if pages != len(notices):
            failures.append(f"{pages} printed pages for {len(notices)} letters")
        for page, n in enumerate(notices, start=1):
            text = subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page),
                                   str(folder / "letters.pdf"), "-"], capture_output=True, text=True,
                                  check=True).stdout
            flat = " ".join(text.split())
            wanted = [n["payer"], n["account_id"], words(n["notice_date"]), words(n["first_changed"]),
                      words(n["last_changed"]), pounds(n["catch_up_total"]), pounds(n["regular_amount"])]
            wanted += [line.split(": ")[0] for line in n["schedule_text"].split("\n")]  # every changed date
            if n["resumes_on"]:
                wanted.append(words(n["resumes_on"]))
            for w in wanted:
                if w not in flat:
                    failures.append(f"page {page} ({n['account_id']}) lacks {w!r}")
    return finish(f"ok: {pages} pages, one per letter, each naming its payer, dates and amounts", most=None)


if __name__ == "__main__":
    sys.exit(main())
