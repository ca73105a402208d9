#!/usr/bin/python3
"""The letters as a payer gets them (test `cli.letters_print`; recovery-rules §13): the
letters of a small portfolio printed to PDF by headless Chromium, then read back with
poppler's pdfinfo and pdftotext.

    letters_print.py ARREARS [KEEP_DIR]

Checks that each letter starts a new printed page and takes at most two; that each names
its payer (in the address block, where a window envelope shows it: 15-30 mm from the
left, 45-60 mm from the top), the labelled Direct Debit reference, the account, the dates
and amounts of its missed and changed collections, any payment received and the catch-up
total, in the payer's words (`2 February 2026`, `£1,064.34`); that no letter shows
`£0.00`; that the body text is 12 point or larger (the height of its words); and that the
Direct Debit Guarantee given with --guarantee is printed. With KEEP_DIR the HTML and PDF are left there (to look at
a page: `pdftoppm -png -f 1 -l 1 letters.pdf page`). Exits 77 (skipped) with a message when
chromium or poppler-utils is not installed (scripts/setup installs both).
"""

import csv
import html
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

from clitest import failures, finish

# Four payers after the outage of recovery-rules §11 (notice Mon 12 Jan 2026): a monthly
# plan (the worked example), a weekly one (ten changed collections: the longest table), a
# fortnightly one and one paid off by other means (no_arrears: no letter).
# (T5: a Council Tax plan ending 1 Jan 2026, its catch-up after the end with no regular part:
# the letter says the Direct Debit stays in place.)
ACCOUNTS = """account_id,amount,frequency,first_due,end,name,address_line_1,address_line_2,postcode,reference
W1,532.17,monthly,2025-04-01,,Ann Smith,1 High Street,,AN1 1AA,DD-W1
W2,10.00,weekly,2025-04-07,,Bob O'Neill & Sons,2 Low Road,Anytown,AN2 2BB,DD-W2
F3,88.40,fortnightly,2025-04-07,,Chloé Brontë,3 Mill Lane,Anytown,AN3 3CC,DD-F3
P4,25.00,monthly,2025-04-01,,Dan Green,4 Park Row,Anytown,AN4 4DD,DD-P4
T5,171.00,monthly,2025-04-01,2026-01-01,Eve Black,5 Church Walk,Anytown,AN5 5EE,DD-T5
"""
PAYMENTS = "account_id,date,amount\nP4,2026-01-10,50.00\nW1,2026-01-07,100.00\n"
GUARANTEE = "<ul><li>This Guarantee is offered by all banks and building societies that accept Direct Debits</li></ul>"
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
        (folder / "guarantee.html").write_text(GUARANTEE, encoding="utf-8")
        done = subprocess.run([program, "recover", "--accounts", "accounts.csv", "--payments", "payments.csv",
                               "--outage", "2025-11-24..2026-01-09", "--notice-date", "2026-01-12",
                               "--summary", "summary.csv", "--notices", "notices.csv", "--letters", "letters.html",
                               "--guarantee", "guarantee.html",
                               "--keep", "name,address_line_1,address_line_2,postcode,reference"],
                              cwd=folder, capture_output=True, timeout=120)
        if done.returncode != 0:
            print(f"FAILED: arrears exit {done.returncode}: {done.stderr.decode()}")
            return 1
        if b"warning" in done.stderr:
            failures.append(f"a warning with --guarantee: {done.stderr.decode()}")
        with open(folder / "notices.csv", encoding="utf-8", newline="") as f:
            notices = list(csv.DictReader(f))
        pdf = folder / "letters.pdf"
        profile = pathlib.Path(tempfile.mkdtemp(prefix="arrears-chromium-"))
        try:
            subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                            "--disable-background-networking", "--disable-component-update", "--disable-sync",
                            f"--user-data-dir={profile}", "--no-pdf-header-footer",
                            f"--print-to-pdf={pdf}", (folder / "letters.html").as_uri()],
                           capture_output=True, timeout=180, check=True)
        finally:
            shutil.rmtree(profile, ignore_errors=True)
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
        pages = int(next(line.split()[-1] for line in info.stdout.splitlines() if line.startswith("Pages:")))
        if [n["account_id"] for n in notices] != ["W1", "W2", "F3", "T5"]:
            failures.append(f"notices for {[n['account_id'] for n in notices]}, expected W1, W2, F3, T5")
        texts = [" ".join(subprocess.run(["pdftotext", "-layout", "-f", str(p), "-l", str(p), str(pdf), "-"],
                                         capture_output=True, text=True, check=True).stdout.split())
                 for p in range(1, pages + 1)]
        # A letter starts on the page that gives its account number; the pages up to the next
        # start are its own.
        starts = [p for p, t in enumerate(texts) if "Your account number:" in t]
        if len(starts) != len(notices) or starts[:1] != [0]:
            failures.append(f"letters start on pages {[p + 1 for p in starts]} of {pages} for {len(notices)} letters")
        for k, (start, n) in enumerate(zip(starts, notices)):
            stop = starts[k + 1] if k + 1 < len(starts) else pages
            if stop - start > 2:
                failures.append(f"{n['account_id']}: {stop - start} pages")
            flat = " ".join(texts[start:stop])
            wanted = [n["name"], f"Your account number: {n['account_id']}", f"Direct Debit reference: {n['reference']}",
                      n["postcode"], words(n["notice_date"]), words(n["first_changed"]), words(n["last_changed"]),
                      pounds(n["catch_up_total"]), pounds(n["regular_amount"]), pounds(n["missed_amount"]),
                      "This Guarantee is offered by all banks"]
            wanted += [line.split(": ")[0] for line in n["schedule_text"].split("\n")]  # every changed date
            wanted += [line for line in n["missed_text"].split("\n")]  # every missed collection and amount
            if n["paid_amount"] != "0.00":
                wanted.append(f"You have since paid {pounds(n['paid_amount'])}")
            if n["resumes_on"]:
                wanted.append(words(n["resumes_on"]))
            else:
                wanted.append("Your Direct Debit stays in place for your next bill, so please do not cancel it.")
            for w in wanted:
                if w not in flat:
                    failures.append(f"pages {start + 1}-{stop} ({n['account_id']}) lack {w!r}")
            for bad in ("£0.00", "no further collections", "[The Direct Debit Guarantee goes here"):
                if bad in flat:
                    failures.append(f"pages {start + 1}-{stop} ({n['account_id']}) show {bad!r}")
            check_layout(pdf, start + 1, n)
        word_pages = check_word_template(program, chromium, folder)
        check_welsh(program, chromium, folder)
        check_replan(program, chromium, folder)
    return finish(f"ok: {pages} pages for {len(notices)} letters, each starting a page and naming its payer, "
                  f"dates and amounts; a Word template in Windows-1252: {word_pages} pages, £ printed", most=None)


def print_pdf(chromium, html, pdf):
    profile = pathlib.Path(tempfile.mkdtemp(prefix="arrears-chromium-"))
    try:
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        f"--user-data-dir={profile}", "--no-pdf-header-footer",
                        f"--print-to-pdf={pdf}", html.as_uri()],
                       capture_output=True, timeout=180, check=True)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def check_welsh(program, chromium, folder):
    """--language cy: the printed letters give the dates with Welsh month names (W1's first
    changed collection, 2 Chwefror 2026; notice date 12 Ionawr 2026) and no English month."""
    done = subprocess.run([program, "recover", "--accounts", "accounts.csv", "--payments", "payments.csv",
                           "--outage", "2025-11-24..2026-01-09", "--notice-date", "2026-01-12",
                           "--letters", "cy.html", "--language", "cy", "--guarantee-cy", "guarantee.html",
                           "--keep", "name,address_line_1,address_line_2,postcode,reference"],
                          cwd=folder, capture_output=True, timeout=120)
    if done.returncode != 0:
        failures.append(f"--language cy: arrears exit {done.returncode}: {done.stderr.decode()}")
        return
    print_pdf(chromium, folder / "cy.html", folder / "cy.pdf")
    text = " ".join(subprocess.run(["pdftotext", "-f", "1", "-l", "2", str(folder / "cy.pdf"), "-"],
                                   capture_output=True, text=True, check=True).stdout.split())
    for w in ("Dyddiad: 12 Ionawr 2026", "2 Chwefror 2026", "2 Mawrth 2026", "1 Rhagfyr 2025", "Taliad ychwanegol",
              "Ann Smith", "Cyfeirnod Debyd Uniongyrchol: DD-W1"):
        if w not in text:
            failures.append(f"--language cy: the first letter lacks {w!r}")
    for month in MONTHS:
        if month in text:
            failures.append(f"--language cy: the first letter shows the English {month!r}")


INPUTS = pathlib.Path(__file__).resolve().parent / "inputs"


def check_replan(program, chromium, folder):
    """`arrears replan --letters` (recovery-rules §13, §15; issue 30), printed: one letter of
    each kind, read back as a payer reads it. The golden cases replan_letters and
    replan_letters_in_credit give the figures: A-1001 revised (the 2 Feb £886.95 came back
    unpaid; £709.56 of catch-up was still planned; now £1,596.51 over 2 Mar-1 Jun); A-1002
    catch_up_stops (paid £709.56; no credit); the in-credit payer (paid £1,000.00: £290.44 in
    credit). Each starts a page, has its address where a window envelope shows it, 12 point
    text, the Guarantee, the check-it-is-genuine words, and never "£0.00"."""
    keep = "name,address_line_1,address_line_2,postcode,reference"
    runs = {
        "replan.html": ["--accounts", "replan-letters-accounts.csv", "--plan", "replan-plan.csv", "--plan-summary",
                        "replan-plan-summary.csv", "--ledger", "replan-ledger.csv", "--payments", "replan-payments.csv"],
        "credit.html": ["--accounts", "replan-letters-worked.csv", "--plan", "replan-worked-plan.csv",
                        "--plan-summary", "replan-worked-plan-summary.csv", "--ledger", "replan-collected-ledger.csv",
                        "--payments", "replan-credit-payments.csv"]}
    wanted = {
        "replan.html": [
            ["Ms A Example", "Direct Debit reference: DD-A1001", "Your revised Direct Debit collections",
             "this collection came back unpaid", "2 February 2026: £886.95", "£709.56 was still to be collected",
             "there is now £1,596.51 to pay", "2 March 2026 £532.17 £399.13 £931.30",
             "1 June 2026 £532.17 £399.12 £931.29", "From 1 July 2026", "Is this letter really from us?",
             "The Direct Debit Guarantee"],
            ["Mr B Example", "Direct Debit reference: DD-A1002", "Your Direct Debit catch-up payments are stopping",
             "You have since paid £709.56", "we will stop collecting it", "2 March 2026 £532.17 – £532.17",
             "After these, we collect your regular amount of £532.17", "Is this letter really from us?"]],
        "credit.html": [
            ["Ms A Example", "Your Direct Debit catch-up payments are stopping", "You have since paid £1,000.00",
             "Your account is now £290.44 in credit", "2 March 2026 £532.17 – £532.17",
             "Is this letter really from us?"]]}
    for html_name, args in runs.items():
        done = subprocess.run([program, "replan", *args, "--since", "2026-01-12", "--notice-date", "2026-02-16",
                               "--keep", keep, "--guarantee", str(folder / "guarantee.html"),
                               "--letters", str(folder / html_name)],
                              cwd=INPUTS, capture_output=True, timeout=120)
        if done.returncode != 0:
            failures.append(f"replan {html_name}: arrears exit {done.returncode}: {done.stderr.decode()}")
            continue
        pdf = folder / html_name.replace(".html", ".pdf")
        print_pdf(chromium, folder / html_name, pdf)
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
        if "A4" not in info:
            failures.append(f"replan {html_name}: not A4")
        texts = [" ".join(subprocess.run(["pdftotext", "-f", str(p), "-l", str(p), str(pdf), "-"],
                                         capture_output=True, text=True, check=True).stdout.split())
                 for p in range(1, pages + 1)]
        starts = [i for i, t in enumerate(texts) if "Your account number:" in t]
        if len(starts) != len(wanted[html_name]):
            failures.append(f"replan {html_name}: {len(starts)} letters start a page, expected "
                            f"{len(wanted[html_name])}")
            continue
        for k, start in enumerate(starts):
            stop = starts[k + 1] if k + 1 < len(starts) else pages
            flat = " ".join(texts[start:stop])
            for w in wanted[html_name][k]:
                if w not in flat:
                    failures.append(f"replan {html_name} letter {k + 1} lacks {w!r}")
            for bad in ("£0.00", "[The Direct Debit Guarantee goes here"):
                if bad in flat:
                    failures.append(f"replan {html_name} letter {k + 1} shows {bad!r}")
            name = wanted[html_name][k][0]
            check_layout(pdf, start + 1, {"name": name, "account_id": f"{html_name} letter {k + 1}"}, body="wrote")


def check_word_template(program, chromium, folder):
    """A Word "Web Page, Filtered" template (inputs/letter-word-1252.htm: charset=windows-1252,
    a typed £, Word's named @page) gives letters that print £ (not Â£), one per page."""
    template = pathlib.Path(__file__).parent / "inputs" / "letter-word-1252.htm"
    done = subprocess.run([program, "recover", "--accounts", "accounts.csv", "--payments", "payments.csv",
                           "--outage", "2025-11-24..2026-01-09", "--notice-date", "2026-01-12",
                           "--letters", "word.html", "--letter-template", str(template),
                           "--guarantee", "guarantee.html",
                           "--keep", "name,address_line_1,address_line_2,postcode"],
                          cwd=folder, capture_output=True, timeout=120)
    if done.returncode != 0:
        failures.append(f"Word template: arrears exit {done.returncode}: {done.stderr.decode()}")
        return 0
    pdf = folder / "word.pdf"
    profile = pathlib.Path(tempfile.mkdtemp(prefix="arrears-chromium-"))
    try:
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        f"--user-data-dir={profile}", "--no-pdf-header-footer",
                        f"--print-to-pdf={pdf}", (folder / "word.html").as_uri()],
                       capture_output=True, timeout=180, check=True)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = int(next(line.split()[-1] for line in info.stdout.splitlines() if line.startswith("Pages:")))
    names = ["Ann Smith", "Bob O'Neill & Sons", "Chloé Brontë", "Eve Black"]  # the letters, in order
    if pages != len(names):
        failures.append(f"Word template: {pages} pages for {len(names)} letters")
    for page in range(1, min(pages, len(names)) + 1):
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        for w in (names[page - 1], "There is no £ charge", "“catch-up”"):
            if w not in text:
                failures.append(f"Word template page {page} lacks {w!r}")
        if "Â" in text:
            failures.append(f"Word template page {page} shows 'Â' (UTF-8 read as Windows-1252)")
    return pages


MM = 72 / 25.4  # points in a millimetre


def check_layout(pdf, page, n, body="Because"):
    """The address where a window envelope shows it, and 12 point body text (a word's box is
    about 1.15 times the font size high: 11 point text gives boxes under 13 points)."""
    boxes = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox", str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout
    found = {}
    for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', boxes):
        found.setdefault(html.unescape(m.group(4)), (float(m.group(1)), float(m.group(2)), float(m.group(3))))
    first = n["name"].split()[0]
    if first not in found:
        failures.append(f"page {page} ({n['account_id']}): no word {first!r}")
    else:
        x, top, _ = found[first]
        if not (15 * MM <= x <= 30 * MM and 45 * MM <= top <= 60 * MM):
            failures.append(f"page {page} ({n['account_id']}): the address starts {x / MM:.0f} mm from the left, "
                            f"{top / MM:.0f} mm from the top (a window envelope shows 15-30, 45-60)")
    if body not in found:  # "Because of a problem with our systems" (replan: "We wrote ..."): body text
        failures.append(f"page {page} ({n['account_id']}): no word {body!r}")
    else:
        x, top, bottom = found[body]
        if bottom - top < 13.4:
            failures.append(f"page {page}: body text {(bottom - top) / 1.16:.1f} pt, under 12 pt")


if __name__ == "__main__":
    sys.exit(main())
