#!/usr/bin/python3
"""The workbook as finance staff print it (test `cli.workbook_print`; recovery-rules §12, issue
26): the command line's `--workbook` (and, given PYTHON_DIR, `arrears.write_workbook`'s) for a
small portfolio, printed to PDF by LibreOffice (`soffice --headless --convert-to pdf`, Debian's
libreoffice-calc-nogui) and read back with poppler's pdfinfo and pdftotext.

    workbook_print.py ARREARS [PYTHON_DIR [KEEP_DIR]]

Checks, for each workbook: every page is A4 landscape (841.89 x 595.28 points, within a
point); the sheets print in §12's order (the footer names each page's sheet: schedule,
summary, cash flow, notices, collections, run); the schedule fills several pages and each
starts with the whole header row (repeated on each page, and one page wide: a sheet two pages
wide would print its right-hand columns on pages without `account_id`), its last column's
values on the same page as its first; the cash flow page shows the chart's title; the text of
the summary and the run sheet (long messages and arguments) is at least 6 points tall (before
long text wrapped in its cell, a message 80 characters wide printed the summary at 4 points)
and a notice's lines in one cell (missed_text) print as lines.
LibreOffice runs with a profile of its own in a temporary folder, so parallel runs do not
clash. With KEEP_DIR the workbooks and PDFs are left there (to look at a page: `pdftoppm -png
-r 60 -f 1 -l 1 cli.pdf page`). Exits 77 (skipped) when soffice or poppler-utils is missing
(scripts/setup installs libreoffice-calc-nogui and poppler-utils).
"""

import collections
import itertools
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

from clitest import check, failures, finish

# Nine weekly payers after the outage of recovery-rules §11 (notice Mon 12 Jan 2026): 11
# schedule rows each (12 Jan to 23 Mar 2026), 99 rows, and M1's 3, more than one printed page
# of the schedule. X10's amount has three decimals: rejected, with a message of about 90
# characters (it wraps in its cell). M1's name begins with `=` (text, never a formula, §12).
ACCOUNTS = ["account_id,amount,frequency,first_due,end,name,address_line_1,postcode,reference"]
for i in range(1, 10):
    ACCOUNTS.append(f'W{i},{10 * i}.00,weekly,2025-04-07,,"Payer {i}, Esq",{i} High Street,AN{i} 1AA,RENT{i:07d}')
ACCOUNTS.append('X10,10.005,weekly,2025-04-07,,Payer 10,10 High Street,AN10 1AA,RENT0000010')
ACCOUNTS.append('M1,532.17,monthly,2025-04-01,,"=HYPERLINK(""http://example.invalid"")",1 Low Road,AN1 2BB,RENT0000011')
ACCOUNTS = "\n".join(ACCOUNTS) + "\n"
SHEETS = ["schedule", "summary", "cash flow", "notices", "collections", "run"]
A4_LANDSCAPE = (841.89, 595.28)
SCHEDULE_HEADER = ["account_id", "due_date", "collection_date", "regular_amount", "recovery_amount", "total_amount",
                   "arrears_after"]
SMALLEST_POINTS = 6.0


def page_sizes(pdf):
    """Each page's (width, height) in points, from `pdfinfo -f 1 -l N`."""
    pages = int(re.search(r"^Pages:\s+(\d+)$", subprocess.run(["pdfinfo", pdf], capture_output=True, text=True,
                                                               check=True).stdout, re.M).group(1))
    out = subprocess.run(["pdfinfo", "-f", "1", "-l", str(pages), pdf], capture_output=True, text=True,
                         check=True).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", out, re.M)]


def page_text(pdf, page):
    return subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), pdf, "-"], capture_output=True,
                          text=True, check=True).stdout


def word_heights(pdf, page):
    """The heights in points of the words on `page` (pdftotext -bbox)."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), pdf, "-"], capture_output=True,
                         text=True, check=True).stdout
    return [float(y2) - float(y1) for y1, y2 in re.findall(r'<word [^>]*yMin="([\d.]+)"[^>]*yMax="([\d.]+)"', out)]


def check_pdf(label, pdf):
    sizes = page_sizes(pdf)
    check(len(sizes) >= 8, f"{label}: {len(sizes)} pages; expected 2 or more of the schedule, 1 or more of the rest")
    for n, (w, h) in enumerate(sizes, 1):
        check(abs(w - A4_LANDSCAPE[0]) < 1 and abs(h - A4_LANDSCAPE[1]) < 1,
              f"{label}: page {n} is {w} x {h} points, not A4 landscape {A4_LANDSCAPE}")
    texts = [page_text(pdf, n) for n in range(1, len(sizes) + 1)]
    # The footer's left part is the sheet's name, the right "page N of M".
    sheet_of = []
    for n, text in enumerate(texts, 1):
        footer = [line for line in text.splitlines() if re.search(r"page \d+ of \d+\s*$", line)]
        check(len(footer) == 1 and footer[0].strip().startswith(tuple(SHEETS)),
              f"{label}: page {n} has no footer naming its sheet: {footer}")
        name = re.sub(r"\s+page \d+ of \d+\s*$", "", footer[0]).strip() if footer else "?"
        check(footer and footer[0].rstrip().endswith(f"page {n} of {len(sizes)}"),
              f"{label}: page {n}'s footer says {footer}")
        sheet_of.append(name)
    order = [name for name, _ in itertools.groupby(sheet_of)]
    check(order == SHEETS, f"{label}: sheets printed in the order {order}, expected {SHEETS}")
    counts = collections.Counter(sheet_of)
    # 110 schedule rows (10 weekly payers, 11 each: 12 Jan to 23 Mar 2026 less the rent-free
    # weeks none of them has, W10 none, M1 3 rows): more than one A4 landscape page holds.
    check(counts["schedule"] >= 2, f"{label}: the schedule printed on {counts['schedule']} page(s)")
    for n, (name, text) in enumerate(zip(sheet_of, texts), 1):
        lines = [line for line in text.splitlines() if line.strip()]
        if name == "schedule":
            head = lines[0].split() if lines else []
            check(head == SCHEDULE_HEADER, f"{label}: schedule page {n} starts with {head}, not the header row")
            rows = [line.split() for line in lines[1:-1]]
            check(rows and all(len(r) == len(SCHEDULE_HEADER) and r[-1].startswith("£") for r in rows),
                  f"{label}: schedule page {n} has rows without their last column: {rows[:3]}")
        if name in ("summary", "run"):
            small = [h for h in word_heights(pdf, n) if h < SMALLEST_POINTS]
            check(not small, f"{label}: {name} page {n} prints {len(small)} words under {SMALLEST_POINTS} points "
                             f"(smallest {min(small, default=0):.1f}): too small to read")
        if name == "cash flow":
            check("Cash in by month of collection" in text, f"{label}: the cash flow page shows no chart title")
    summary = "\n".join(t for t, s in zip(texts, sheet_of) if s == "summary")
    # X10's message, wrapped in its cell: its end is printed (not cut off at the page's edge).
    check("X10" in summary and "rejected" in summary and "more than" in summary
          and "decimal places" in summary,
          f"{label}: the summary does not show X10's whole message")
    notices = "\n".join(t for t, s in zip(texts, sheet_of) if s == "notices")
    check("=HYPERLINK" in notices and "example.invalid" in notices, f"{label}: M1's name is not printed as its text")
    # A cell of several lines prints them as lines: W1's missed_text, a line per missed
    # collection (24 November 2025 to 5 January 2026, £10.00 each), each on a line of its own.
    for day in ("24 November 2025: £10.00", "1 December 2025: £10.00", "5 January 2026: £10.00"):
        check(any(line.strip().endswith(day) or f"  {day}" in line or line.strip().startswith(day)
                  for line in notices.splitlines()), f"{label}: the notices do not print '{day}' on a line")


def main():
    program = str(pathlib.Path(sys.argv[1]).resolve())
    python_dir = pathlib.Path(sys.argv[2]).resolve() if len(sys.argv) > 2 and sys.argv[2] else None
    keep = pathlib.Path(sys.argv[3]) if len(sys.argv) > 3 else None
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    missing = [name for name, found in (("soffice", soffice), ("pdfinfo", shutil.which("pdfinfo")),
                                        ("pdftotext", shutil.which("pdftotext"))) if not found]
    if missing:
        print(f"SKIPPED: {', '.join(missing)} not installed (scripts/setup installs libreoffice-calc-nogui and "
              "poppler-utils)")
        return 77
    with tempfile.TemporaryDirectory(prefix="arrears-workbook-print-") as tmp:
        tmp = pathlib.Path(tmp)
        folder = keep or tmp / "out"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "accounts.csv").write_text(ACCOUNTS, encoding="utf-8")
        done = subprocess.run([program, "recover", "--accounts", "accounts.csv", "--outage", "2025-11-24..2026-01-09",
                               "--notice-date", "2026-01-12", "--keep", "name,address_line_1,postcode,reference",
                               "--notices", "notices.csv", "--collections", "collections.csv",
                               "--workbook", "cli.xlsx", "--manifest", "manifest.json"],
                              cwd=folder, capture_output=True, text=True, timeout=120)
        check(done.returncode == 1, f"arrears exit {done.returncode} (expected 1: X10 rejected): {done.stderr}")
        books = ["cli.xlsx"]
        if python_dir is not None:
            script = (
                "import arrears, pandas as pd\n"
                "keep = ['name', 'address_line_1', 'postcode', 'reference']\n"
                "a = pd.read_csv('accounts.csv', dtype=str, keep_default_na=False)\n"
                "s, u, n = arrears.recover(a, outage=('2025-11-24', '2026-01-09'), notice_date='2026-01-12',\n"
                "                          notices=True, keep=keep)\n"
                "arrears.write_workbook('python.xlsx', s, u, n, arrears.collections(s, a, keep=keep))\n")
            env = dict(os.environ, PYTHONPATH=str(python_dir))
            done = subprocess.run(["/usr/bin/python3", "-c", script], cwd=folder, env=env, capture_output=True,
                                  text=True, timeout=120)
            check(done.returncode == 0, f"python exit {done.returncode}: {done.stderr}")
            books.append("python.xlsx")
        # A profile of its own (a file: URL), so parallel runs and the user's LibreOffice do not clash.
        profile = (tmp / "profile").as_uri()
        env = dict(os.environ, HOME=str(tmp / "home"))
        done = subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                               "--convert-to", "pdf", "--outdir", str(folder), *books],
                              cwd=folder, env=env, capture_output=True, text=True, timeout=240)
        for book in books:
            pdf = folder / (pathlib.Path(book).stem + ".pdf")
            if not pdf.exists():
                check(False, f"soffice made no {pdf.name} (exit {done.returncode}): {done.stdout} {done.stderr}")
                continue
            check_pdf(book, str(pdf))
    return finish(f"ok: {', '.join(books)} print on A4 landscape, one page wide, header repeated, "
                  f"sheets in §12's order")


if __name__ == "__main__":
    sys.exit(main())
