#!/usr/bin/python3
"""Generates the bundled example portfolio in this folder (see README.md here).

Deterministic: a fixed seed, no clock, no environment. Run it again and the files come out
byte for byte the same:

    /usr/bin/python3 examples/data/generate.py

Writes accounts.csv, payments.csv, ledger-accounts.csv and ledger.csv next to this script
(or into the folder given as the only argument: tests/cli compares the two).
Amounts are built in whole pence (integers) and formatted at the end: no floating point.
"""

import datetime as dt
import pathlib
import random
import sys

HERE = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parent)
SEED = 20251124  # the first day of the outage
D = dt.date

OUTAGE = (D(2025, 11, 24), D(2026, 1, 9))
LEDGER_FROM = D(2025, 10, 1)  # the ledger export starts here
LEDGER_TO = D(2026, 1, 9)

# England-and-Wales bank holidays 2024-2027 (recovery-rules section 2), only to decide here
# which collections the outage missed, so that some payments clear an account exactly.
HOLIDAYS = {
    D(2024, 1, 1), D(2024, 3, 29), D(2024, 4, 1), D(2024, 5, 6), D(2024, 5, 27), D(2024, 8, 26),
    D(2024, 12, 25), D(2024, 12, 26),
    D(2025, 1, 1), D(2025, 4, 18), D(2025, 4, 21), D(2025, 5, 5), D(2025, 5, 26), D(2025, 8, 25),
    D(2025, 12, 25), D(2025, 12, 26),
    D(2026, 1, 1), D(2026, 4, 3), D(2026, 4, 6), D(2026, 5, 4), D(2026, 5, 25), D(2026, 8, 31),
    D(2026, 12, 25), D(2026, 12, 28),
    D(2027, 1, 1),
}

# Rent-free weeks (Mondays): the two around Christmas 2025 and the last two of March 2026.
RENT_FREE_WEEKS = [D(2025, 12, 22), D(2025, 12, 29), D(2026, 3, 23), D(2026, 3, 30)]

STEP = {"weekly": 7, "fortnightly": 14, "four-weekly": 28}


def money(pence):
    sign = "-" if pence < 0 else ""
    pence = abs(pence)
    return f"{sign}{pence // 100}.{pence % 100:02d}"


def working(d):
    return d.weekday() < 5 and d not in HOLIDAYS


def following(d):
    while not working(d):
        d += dt.timedelta(days=1)
    return d


def month_day(year, month, day):
    """`day` (1-31 or 'last') in the month, clamped to the month's length."""
    nxt = D(year + (month == 12), month % 12 + 1, 1)
    last = (nxt - dt.timedelta(days=1)).day
    return D(year, month, last if day == "last" else min(day, last))


def due_dates(plan, lo, hi):
    """The plan's due dates in [lo, hi], skipped ones left out."""
    out = []
    first, end = plan["first_due"], plan.get("end")
    if plan["frequency"] in STEP:
        step = STEP[plan["frequency"]]
        d = first
        while d <= hi and (end is None or d <= end):
            if d >= lo:
                out.append(d)
            d += dt.timedelta(days=step)
    else:
        day = plan.get("day") or first.day
        y, m = first.year, first.month
        while True:
            d = month_day(y, m, day)
            if d > hi or (end is not None and d > end):
                break
            if d >= lo and d >= first:
                out.append(d)
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return [d for d in out if d not in plan.get("skip", [])]


def missed_in_outage(plan):
    """(count, pence) of the collections whose collection date lies in the outage."""
    lo, hi = OUTAGE
    dues = due_dates(plan, lo - dt.timedelta(days=10), hi)
    n = sum(1 for d in dues if lo <= following(d) <= hi)
    return n, n * plan["amount"]


def rent_free_skips(plan):
    """The plan's due dates that fall in a rent-free week."""
    skips = []
    for monday in RENT_FREE_WEEKS:
        skips += due_dates(plan, monday, monday + dt.timedelta(days=6))
    return skips


def random_date(rng, lo, hi):
    return lo + dt.timedelta(days=rng.randrange((hi - lo).days + 1))


def next_weekday(d, weekday):
    return d + dt.timedelta(days=(weekday - d.weekday()) % 7)


def make_rent(rng, account_id):
    weekly = rng.randrange(8500, 19001)  # pence: £85-£190 a week
    r = rng.random()
    plan = {"id": account_id, "service": "rent"}
    if r < 0.42:
        plan["frequency"] = "monthly"
        plan["amount"] = weekly * 52 // 12  # a month of a 52-week year, rounded down to the penny
        day = rng.choices([1, 5, 7, 10, 15, 20, 25, 28, 29, 30, 31, "last"],
                          weights=[30, 6, 6, 8, 10, 6, 6, 8, 4, 4, 4, 8])[0]
        # Tenancies started in the last few years; a monthly mandate's first due date is a due date.
        start = random_date(rng, D(2019, 4, 1), D(2025, 10, 31))
        if rng.random() < 0.03:  # a tenancy starting after the outage: nothing missed
            start = random_date(rng, D(2026, 1, 12), D(2026, 2, 20))
        first = month_day(start.year, start.month, day)
        if first < start:
            first = month_day(start.year + (start.month == 12), start.month % 12 + 1, day)
        plan["first_due"] = first
        if day == "last" or day > 28 or rng.random() < 0.3:
            plan["day"] = day  # said explicitly when the first due date's day would not say it
        if rng.random() < 0.05:
            plan["convention"] = rng.choice(["preceding", "modified-following"])
        if rng.random() < 0.02 and first < D(2025, 11, 1):  # a tenancy ending this spring
            plan["end"] = month_day(2026, rng.choice([2, 3, 4]), day)
    else:
        plan["frequency"] = rng.choices(["weekly", "fortnightly", "four-weekly"], weights=[60, 22, 18])[0]
        plan["amount"] = weekly * STEP[plan["frequency"]] // 7
        weekday = 0 if rng.random() < 0.8 else 4  # rent weeks start on Monday; some pay on Fridays
        start = random_date(rng, D(2018, 1, 1), D(2025, 10, 31))
        plan["first_due"] = next_weekday(start, weekday)
        if rng.random() < 0.85:  # most landlords have the rent-free weeks
            plan["skip"] = rent_free_skips(plan)
    return plan


def make_council_tax(rng, account_id):
    annual = rng.randrange(1300, 3601) * 100  # whole pounds a year
    twelve = rng.random() < 0.3  # 12 instalments on request, else the default 10
    day = rng.choices([1, 15, 25, 28], weights=[50, 25, 10, 15])[0]
    plan = {
        "id": account_id,
        "service": "council_tax",
        "frequency": "monthly",
        "amount": annual // (12 if twelve else 10) // 100 * 100,  # whole pounds per instalment
        "first_due": D(2025, 4, day),
        "end": D(2026, 3, day) if twelve else D(2026, 1, day),
    }
    return plan


def field(text):
    text = str(text)
    if any(c in text for c in ',"\n\r') or text != text.strip():
        return '"' + text.replace('"', '""') + '"'
    return text


def write_csv(name, header, rows, quote_every=0):
    lines = [",".join(header)]
    for i, row in enumerate(rows):
        if quote_every and i % quote_every == quote_every - 1:
            # Some exports quote every field: RFC 4180 allows it.
            lines.append(",".join('"' + str(c).replace('"', '""') + '"' for c in row))
        else:
            lines.append(",".join(field(c) for c in row))
    (HERE / name).write_text("\n".join(lines) + "\n", encoding="utf-8", newline="")


ACCOUNT_HEADER = ["account_id", "service", "amount", "frequency", "first_due", "day", "end", "skip", "convention"]
# The payer's details, after the plan's columns: what --keep copies into the notices and
# letters, and what --bacs and `arrears arudd` read (README: notices, letters, Bacs, ARUDD).
PAYER_HEADER = ["name", "address_line_1", "address_line_2", "postcode", "reference", "sort_code", "account_number"]

FIRST = ["Ann", "Bob", "Chloé", "Dafydd", "Eve", "Fatima", "George", "Hannah", "Imran", "Joan", "Kofi", "Lucy",
         "Mohammed", "Niamh", "Owen", "Priya", "Rhys", "Siân", "Tomasz", "Una", "Wei", "Yusuf", "Zoe"]
LAST = ["Smith", "Jones", "O'Neill", "Patel", "Williams", "Brown", "Nowak", "Evans", "Khan", "Taylor", "Ní Bhriain",
        "Davies", "Ahmed", "Wilson", "Thomas", "Roberts", "Hughes", "Okafor", "Walker", "Wright"]
STREETS = ["High Street", "Mill Lane", "Church Walk", "Park Row", "Station Road", "Victoria Road", "The Crescent",
           "Orchard Close", "Bridge Street", "Queen's Avenue"]
TOWNS = ["Anytown", "Anytown", "Anytown", "Newtown", "Oldbury Green"]


def payer_details(account_id, number):
    """Made-up payer details for one account, from its own generator (seeded by the account's
    number), so the plans and payments above draw the same numbers as before they existed.
    The reference is the service's four letters and the number (RENT0100001, CTAX0500001)."""
    rng = random.Random(SEED * 1_000_003 + number)
    town = rng.choice(TOWNS)
    return [
        f"{rng.choice(['Mr', 'Ms', 'Mrs', 'Mx', 'Dr'])} {rng.choice(FIRST)} {rng.choice(LAST)}",
        f"{rng.randrange(1, 200)} {rng.choice(STREETS)}",
        town,
        f"AN{rng.randrange(1, 10)} {rng.randrange(1, 10)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
        f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}",
        ("CTAX" if account_id.startswith("C") else "RENT") + f"{number:07d}",
        f"{rng.randrange(10, 99)}-{rng.randrange(10, 99)}-{rng.randrange(10, 99)}",
        f"{rng.randrange(10_000_000, 100_000_000)}",
    ]


def with_payer(row):
    """An accounts row with its payer's details after it (the number from its account_id)."""
    return row + payer_details(row[0], int(row[0].split("-")[1]))


def account_row(plan):
    return [
        plan["id"],
        plan["service"],
        money(plan["amount"]),
        plan["frequency"],
        plan["first_due"].isoformat(),
        plan.get("day", ""),
        plan["end"].isoformat() if plan.get("end") else "",
        ";".join(d.isoformat() for d in plan.get("skip", [])),
        plan.get("convention", ""),
    ]


# Rows that are wrong on purpose, so the rejected path shows: (row, why).
BAD_ACCOUNTS = [
    (["R-900001", "rent", "412.345", "monthly", "2024-06-01", "", "", "", ""], "three decimal places"),
    (["R-900002", "rent", "118.50", "quarterly", "2023-04-03", "", "", "", ""], "unknown frequency"),
    (["R-900003", "rent", "£1,2345.00", "monthly", "2022-09-01", "", "", "", ""], "misplaced thousands separator"),
    (["R-900004", "rent", "131.20", "weekly", "2025-02-30", "", "", "", ""], "no such date"),
    (["R-900005", "rent", "127.00", "weekly", "2024-04-01", "1", "", "", ""], "day on a weekly plan"),
    (["R-900006", "rent", "127.00", "weekly", "2024-04-01", "", "", "2025-12-23", ""], "skip not a due date"),
    (["C-900007", "council_tax", "0.00", "monthly", "2025-04-01", "", "2026-01-01", "", ""], "zero amount"),
    (["R-900008", "rent", "560.00", "Monthly", "2024-05-01", "", "", "", ""], "frequency is case sensitive"),
]  # and R-900009 below: an end before its first due date


def main():
    rng = random.Random(SEED)
    plans = []
    for i in range(3000):
        if rng.random() < 0.7:
            plans.append(make_rent(rng, f"R-{100001 + i}"))
        else:
            plans.append(make_council_tax(rng, f"C-{500001 + i}"))

    rows = [with_payer(account_row(p)) for p in plans]
    # The bad rows, a duplicate account_id and a short row, spread through the file.
    for k, (row, _why) in enumerate(BAD_ACCOUNTS):
        rows.insert(150 + k * 353, with_payer(row))
    dup = with_payer(account_row(plans[1000]))
    dup[2] = "999.99"
    rows.insert(2400, dup)
    # (No short or broken-quote rows here: pandas would read them differently, and the Python
    # parity test reads these files with pandas. tests/cli covers those CSV-level rejections.)
    rows.insert(2750, with_payer(["R-900009", "rent", "410.00", "monthly", "2025-05-01", "", "2025-04-30", "", ""]))
    write_csv("accounts.csv", ACCOUNT_HEADER + PAYER_HEADER, rows, quote_every=97)
    write_arudd("ARUDD-report.xml", plans)

    # Payments by other means (card, cash, transfer) during and after the outage.
    pay_rows = []
    for p in plans:
        n, missed = missed_in_outage(p)
        if missed == 0:
            continue
        r = rng.random()
        when = lambda: random_date(rng, D(2025, 12, 1), D(2026, 1, 9)).isoformat()
        if r < 0.03:  # paid exactly what was missed, in one go: no arrears
            pay_rows.append([p["id"], when(), money(missed)])
        elif r < 0.04:  # paid more than was missed: in credit
            pay_rows.append([p["id"], when(), money(missed + rng.randrange(500, 5001))])
        elif r < 0.12:  # paid part of it, once or twice
            for _ in range(rng.choice([1, 1, 2])):
                pay_rows.append([p["id"], when(), money(rng.randrange(1000, max(1001, missed // 2)))])
    pay_rows.sort(key=lambda row: (row[1], row[0]))
    pay_rows.insert(37, ["R-999999", "2025-12-15", "50.00"])    # unknown account
    pay_rows.insert(81, [plans[5]["id"], "2025-12-16", "twenty"])  # bad amount
    pay_rows.insert(120, [plans[6]["id"], "16/12/2025", "20.00"])  # not YYYY-MM-DD
    write_csv("payments.csv", ["account_id", "date", "amount", "method"],
              [r + [rng.choice(["card", "cash", "transfer"])] if len(r) == 3 else r for r in pay_rows])

    # The ledger variant: 300 of the accounts and their Direct Debit ledger from October.
    ledger_plans = [p for p in plans[:600] if p["first_due"] <= D(2025, 9, 1)][:300]
    write_csv("ledger-accounts.csv", ACCOUNT_HEADER, [account_row(p) for p in ledger_plans])
    ledger = []
    cancelled = {ledger_plans[i]["id"]: code for i, code in ((17, "1"), (88, "B"), (203, "1"))}
    refer = {ledger_plans[i]["id"] for i in (5, 41, 120, 150, 260)}
    for p in ledger_plans:
        dues = due_dates(p, LEDGER_FROM, LEDGER_TO)
        pre = [d for d in dues if following(d) < OUTAGE[0]]
        for d in dues:
            status, reason = "collected", ""
            if OUTAGE[0] <= following(d) <= OUTAGE[1]:
                status = "not_presented"
            elif following(d) > OUTAGE[1]:
                continue  # not yet due when the ledger was exported
            elif p["id"] in cancelled and pre and d == pre[-1]:
                status, reason = "unpaid", cancelled[p["id"]]  # the payer's instruction is gone
            elif p["id"] in refer and pre and d == pre[-1]:
                status, reason = "unpaid", "0"  # refer to payer: missed, may be recovered
            ledger.append([p["id"], d.isoformat(), money(p["amount"]), status, reason])
    ledger.insert(400, [ledger_plans[3]["id"], "2025-11-03", money(ledger_plans[3]["amount"]), "bounced", ""])
    ledger.insert(900, [ledger_plans[9]["id"], "2025-11-10", money(ledger_plans[9]["amount"]), "unpaid", ""])
    ledger.insert(1500, ["R-999998", "2025-12-01", "400.00", "not_presented", ""])
    write_csv("ledger.csv", ["account_id", "due_date", "amount", "status", "reason"], ledger)


def write_arudd(name, plans):
    """A sample ARUDD report (Bacs' returned debits) for accounts of accounts.csv, in the layout
    of a real one (tests/cli/cases/arudd_bacs_codes): declared ISO-8859-1, four-digit return
    codes with their descriptions, the payer's reference in PayerAccount. The debits are the
    collections of Monday 3 November 2025 (processed Friday 31 October) of the first six rent
    accounts paid monthly on the 1st since before then, returned unpaid: two "refer to payer"
    (reason 0: recovered), one instruction cancelled (1: cancelled), one account closed (B), one
    advance notice disputed (4: review), and one for no account of the file (reported)."""
    picked = [p for p in plans if p["service"] == "rent" and p["frequency"] == "monthly" and p["first_due"].day == 1
              and p.get("day") in (None, 1) and not p.get("convention") and not p.get("end")
              and p["first_due"] <= D(2025, 10, 1)][:5]
    codes = [("0128", "REFER TO PAYER"), ("0273", "REFER TO PAYER"), ("1012", "INSTRUCTION CANCELLED"),
             ("1014", "NO ACCOUNT"), ("4", "ADVANCE NOTICE DISPUTED")]
    items = []
    total = 0
    for p, (code, why) in zip(picked, codes):
        number = int(p["id"].split("-")[1])
        details = payer_details(p["id"], number)
        payer = details[0].split(" ", 1)[1].upper()
        items.append((details[4] + "-3", code, why, p["amount"], details[6], details[4], payer, details[5]))
        total += p["amount"]
    items.append(("RENT0999999-3", "0128", "REFER TO PAYER", 25000, "12345678", "RENT0999999", "A N OTHER", "10-20-30"))
    total += 25000
    code = {"1014": "B"}  # "NO ACCOUNT" is not in recovery-rules §14's table: the one-character code says it
    lines = ['<?xml version="1.0" encoding="ISO-8859-1"?>',
             "<!-- A made-up sample ARUDD report for examples/data/accounts.csv (made by generate.py) -->",
             '<BACSDocument xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
             'xsi:noNamespaceSchemaLocation="newbacs-advices.xsd"><Data><ARUDD>'
             '<Header reportType="REFT1234" adviceNumber="000" currentProcessingDate="2025-11-05"></Header>'
             '<AddresseeInformation name="ANYTOWN COUNCIL"></AddresseeInformation>'
             '<ServiceLicenseInformation userName="ANYTOWN COUNCIL" userNumber="123456"></ServiceLicenseInformation>'
             '<Advice><OriginatingAccountRecords><OriginatingAccountRecord>'
             '<OriginatingAccount name="ANYTOWN COUNCIL" number="44556677" sortCode="11-22-33" type="0" '
             'bankName="SOME BANK" branchName="ANYTOWN"></OriginatingAccount>']
    for ref, rc, why, pence, number, payer_ref, payer, sort_code in items:
        attrs = f'returnCode="{code[rc]}" ' if rc in code else f'returnCode="{rc}" '
        lines.append(f'<ReturnedDebitItem ref="{ref}" transCode="17" {attrs}returnDescription="{why}" '
                     f'originalProcessingDate="2025-10-31" valueOf="{money(pence)}" currency="GBP">'
                     f'<PayerAccount number="{number}" ref="{payer_ref}" name="{payer}" sortCode="{sort_code}" '
                     f'bankName="A BANK" branchName="A BRANCH"></PayerAccount></ReturnedDebitItem>')
    lines.append(f'<Totals numberOf="{len(items)}" valueOf="{money(total)}" currency="GBP"></Totals>'
                 "</OriginatingAccountRecord></OriginatingAccountRecords></Advice></ARUDD></Data>"
                 "<SignatureMethod>Vanilla</SignatureMethod><Signature></Signature></BACSDocument>")
    (HERE / name).write_bytes(("\r\n".join(lines) + "\r\n").encode("iso-8859-1"))


if __name__ == "__main__":
    main()
