#!/usr/bin/python3
"""Deterministic benchmark portfolio: a council's rent and Council Tax Direct Debits.

    /usr/bin/python3 benchmarks/generate.py N OUT.csv [--seed S] [--ledger LEDGER.csv] [--bank]

Writes N accounts to OUT.csv with the columns of recovery-rules section 12:

    account_id,amount,frequency,first_due,day,end,skip,convention

and, with --bank, the payers' bank details of section 14 after them (the columns before them
byte for byte as without it: the details come from a random stream of their own):

    name,account_name,sort_code,account_number,reference

(`account_name` mostly empty, so `name` is used; some names accented or longer than 18
characters; sort codes written `12-34-56` or `123456`, a few account numbers of seven digits;
about one account in 2,000 with a detail Bacs cannot take: no sort code, a five-digit sort
code, or a reference of five characters.)

and, with --ledger, the ledger of ledger mode (account_id,due_date,amount,status,reason):
two rows an account at the plan amount, one `not_presented` and one `unpaid` with ARUDD
reason 0, on the first two due dates of the plan in the outage 24 Nov 2025 - 9 Jan 2026
(the nearest earlier due dates when it has fewer there; both rows on one date when the
plan has only one). A plan with no due date by the outage's end (it starts later) missed
nothing: its two rows are `collected` rows on its first due date, so every account still has
two rows (2,000,000 for 1,000,000 accounts) and none is rejected. All the first rows come
first, then all the second rows, so the ledger is not in the accounts' order. The accounts file
is the same with or without --ledger.

The same N and seed always give the same file, byte for byte (no clock, no environment;
only the standard library). The mix, roughly:

- 52% monthly rent: due on days 1-28, some on 29, 30, 31 or `last` (the day sometimes given
  in `day`, sometimes left to the day of `first_due`, sometimes a `day` after an odd
  `first_due`); a few tenancies start after the outage or end early in 2026; 1% have a
  payment holiday (`skip`) in February and March 2026, so their recovery runs into 2026/27.
- 22% weekly, 7% fortnightly, 5% four-weekly rent, mostly on Mondays (rent weeks start on
  Monday), some on other weekdays; about a third of them with rent-free weeks in `skip`
  (Christmas 2025 and the end of March 2026 - only dates that really are due dates of the
  plan).
- 14% Council Tax: monthly, 10 instalments April 2025 - January 2026 (with `end`) or 12
  instalments April 2025 - March 2026 (with or without `end`).
- About 3% of the rows name a `convention` other than the default (`preceding`,
  `modified-following`, `none`), a few more spell out `following`.

Amounts are drawn as whole pence (integers) and written as `532.17`: no floating point.
Ids are unique (`B0000001`, ...), in input order.
"""

import argparse
import datetime as dt
import random
import sys

import reference  # benchmarks/reference.py: the plan's due dates

D = dt.date
DEFAULT_SEED = 20260112  # the notice date of the benchmark scenario

STEP = {"weekly": 7, "fortnightly": 14, "four-weekly": 28}
# Rent-free weeks (Mondays): the two around Christmas 2025 and the last two of March 2026.
RENT_FREE = [D(2025, 12, 22), D(2025, 12, 29), D(2026, 3, 23), D(2026, 3, 30)]
NEW_TENANCY_FROM = D(2025, 10, 1)


def money(pence):
    return f"{pence // 100}.{pence % 100:02d}"


def month_end(year, month):
    nxt = D(year + (month == 12), month % 12 + 1, 1)
    return (nxt - dt.timedelta(days=1)).day


def monthly_rent(rng, out):
    """Monthly rent: amount, first_due, day, end."""
    amount = rng.randrange(25_000, 140_000)  # 250.00 - 1399.99
    r = rng.random()
    if r < 0.70:
        day = rng.randint(1, 28)
    elif r < 0.78:
        day = 29
    elif r < 0.85:
        day = 30
    elif r < 0.93:
        day = 31
    else:
        day = "last"
    # When the tenancy (or mandate) started.
    r = rng.random()
    if r < 0.05:  # a new tenancy, after the outage or just before it
        year, month = 2025, rng.choice((10, 11, 12))
        if rng.random() < 0.5:
            year, month = 2026, rng.choice((1, 2, 3))
    else:  # an old mandate, 1999 - 2025
        year, month = rng.randint(1999, 2025), rng.randint(1, 12)
        if year == 2025 and month > 9:
            month = 4
    last = month_end(year, month)
    r = rng.random()
    if day == "last":
        first_due = D(year, month, last)
        day_text = "last"
    elif r < 0.55:
        # `day` left to the day of first_due (so 29-31 only in months that have it).
        first_due = D(year, month, min(day, last))
        day_text = "" if first_due.day == day else str(day)
    elif r < 0.9:
        first_due = D(year, month, min(day, last))
        day_text = str(day)
    else:
        # The mandate was set up mid-month; the first collection is the next due day.
        first_due = D(year, month, rng.randint(1, last))
        day_text = str(day)
    end = ""
    if rng.random() < 0.04:  # the tenancy ends in 2026
        end_month = rng.randint(1, 9)
        end_date = D(2026, end_month, min(day if day != "last" else 31, month_end(2026, end_month)))
        if end_date >= first_due:
            end = end_date.isoformat()
    skip = ""
    if not end and first_due < D(2026, 2, 1) and rng.random() < 0.01:
        # An agreed payment holiday in February and March 2026: nothing is collected before
        # the horizon, so the recovery runs into 2026/27 (status extended).
        skip = ";".join(d.isoformat() for d in (month_day(2026, 2, day), month_day(2026, 3, day)))
    out.extend((money(amount), "monthly", first_due.isoformat(), day_text, end, skip))


def month_day(year, month, day):
    """`day` (1-31 or 'last') in the month, clamped to the month's length."""
    return D(year, month, month_end(year, month) if day == "last" else min(day, month_end(year, month)))


def periodic_rent(rng, frequency, out):
    """Weekly, fortnightly or four-weekly rent: amount, first_due, day (empty), end, skip."""
    step = STEP[frequency]
    weekly = rng.randrange(6_000, 32_000)  # 60.00 - 319.99 a week
    amount = weekly * step // 7
    weekday = 0 if rng.random() < 0.8 else rng.randint(1, 4)  # Monday, or another weekday
    if rng.random() < 0.05:
        first_due = NEW_TENANCY_FROM + dt.timedelta(days=rng.randint(0, 170))
    else:
        first_due = D(rng.randint(2000, 2025), 1, 1) + dt.timedelta(days=rng.randint(0, 270))
    first_due += dt.timedelta(days=(weekday - first_due.weekday()) % 7)
    end = ""
    if rng.random() < 0.04:
        end_date = first_due + dt.timedelta(days=step * rng.randint(1, 2000))
        if D(2025, 11, 1) <= end_date <= D(2026, 12, 31):
            end = end_date.isoformat()
    skip = ""
    if weekday == 0 and rng.random() < 0.35:
        end_date = D.fromisoformat(end) if end else None
        skip = ";".join(
            d.isoformat() for d in RENT_FREE
            if d >= first_due and (d - first_due).days % step == 0
            and (end_date is None or d <= end_date))
    out.extend((money(amount), frequency, first_due.isoformat(), "", end, skip))


def council_tax(rng, out):
    """Council Tax 2025/26: 10 instalments April-January, or 12 April-March."""
    amount = rng.randrange(8_000, 42_000)
    if rng.random() < 0.6:
        amount -= amount % 100  # the whole-pound instalments after the first
    day = rng.choice((1, 1, 1, 5, 10, 15, 15, 20, 25, 28))
    first_due = D(2025, 4, day)
    r = rng.random()
    if r < 0.7:
        end = D(2026, 1, day).isoformat()
    elif r < 0.85:
        end = D(2026, 3, day).isoformat()
    else:
        end = ""  # 12 a year, renewed every April
    day_text = str(day) if rng.random() < 0.3 else ""
    out.extend((money(amount), "monthly", first_due.isoformat(), day_text, end, ""))


def convention(rng):
    r = rng.random()
    if r < 0.95:
        return ""
    if r < 0.97:
        return "following"
    if r < 0.98:
        return "preceding"
    if r < 0.99:
        return "modified-following"
    return "none"


OUTAGE_FROM, OUTAGE_TO = D(2025, 11, 24), D(2026, 1, 9)


def ledger_dates(row):
    """The due dates of the ledger rows of an accounts row (see the module's docstring)."""
    fields = dict(zip(("account_id", "amount", "frequency", "first_due", "day", "end", "skip"), row))
    plan = reference.read_plan(fields)
    dates = reference.due_dates(plan, OUTAGE_FROM, OUTAGE_TO)[:2]
    if len(dates) < 2:
        # A plan that starts late or ends early in the outage: its due dates before it.
        earlier = [d for d in reference.due_dates(plan, plan["first_due"], OUTAGE_TO) if d not in dates]
        dates = sorted(earlier[-(2 - len(dates)):] + dates) if earlier else dates
    if not dates:  # nothing due by the outage's end: nothing missed
        return plan["first_due"], plan["first_due"], True
    return dates[0], dates[-1], False


def write_ledger(path, ledger):
    """Writes (account_id, amount, first date, second date, collected) as not_presented rows,
    then unpaid ones (both `collected` when the account missed nothing)."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("account_id,due_date,amount,status,reason\n")
        for status, k, reason in (("not_presented", 2, ""), ("unpaid", 3, "0")):
            lines = []
            for rec in ledger:
                row_status, row_reason = ("collected", "") if rec[4] else (status, reason)
                lines.append(f"{rec[0]},{rec[k].isoformat()},{rec[1]},{row_status},{row_reason}\n")
                if len(lines) >= 65536:
                    f.write("".join(lines))
                    lines.clear()
            f.write("".join(lines))


FIRST = ["Ann", "Bob", "Carol", "Dafydd", "Siân", "Zoë", "Seán", "Gwŷn", "Łukasz", "Renée", "Mohammed", "Priya"]
LAST = ["Smith", "Jones", "Williams", "Ní Bhriain", "O'Connell", "Brontë", "ap Llwyd", "Nowak", "Khan",
        "Fitzgerald-Montgomery", "Patel", "Evans"]


def bank_details(rng, account_id):
    """The payer's bank details of one account (section 14): name, account_name, sort_code,
    account_number, reference."""
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    holder = f"Mr & Mrs {name}" if rng.random() < 0.1 else ""  # the account holder, when not the payer
    sort_code = f"{rng.randrange(1_000_000):06d}"
    if rng.random() < 0.5:
        sort_code = f"{sort_code[:2]}-{sort_code[2:4]}-{sort_code[4:]}"
    account = f"{rng.randrange(10_000_000, 100_000_000):08d}"
    if rng.random() < 0.05:
        account = account[1:]  # Excel dropped a leading zero: seven digits, left-padded again
    reference = f"RENT-{account_id}"
    bad = rng.random()
    if bad < 0.0002:
        sort_code = ""
    elif bad < 0.0004:
        sort_code = sort_code.replace("-", "")[:5]
    elif bad < 0.0005:
        reference = reference[:5]
    return [name, holder, sort_code, account, reference]


def generate(n, path, seed=DEFAULT_SEED, ledger_path=None, bank=False):
    rng = random.Random(seed)
    bank_rng = random.Random(seed + 14)  # its own stream: the other columns are unchanged
    ledger = [] if ledger_path else None
    header = "account_id,amount,frequency,first_due,day,end,skip,convention"
    if bank:
        header += ",name,account_name,sort_code,account_number,reference"
    with open(path, "w", encoding="utf-8", newline="") as f:
        lines = [header + "\n"]
        for i in range(1, n + 1):
            row = [f"B{i:07d}"]
            r = rng.random()
            if r < 0.52:
                monthly_rent(rng, row)
            elif r < 0.74:
                periodic_rent(rng, "weekly", row)
            elif r < 0.81:
                periodic_rent(rng, "fortnightly", row)
            elif r < 0.86:
                periodic_rent(rng, "four-weekly", row)
            else:
                council_tax(rng, row)
            row.append(convention(rng))
            if ledger is not None:
                ledger.append((row[0], row[1]) + ledger_dates(row))
            if bank:
                row.extend(f'"{c}"' if "," in c else c for c in bank_details(bank_rng, row[0]))
            lines.append(",".join(row) + "\n")
            if len(lines) >= 65536:
                f.write("".join(lines))
                lines.clear()
        f.write("".join(lines))
    if ledger is not None:
        write_ledger(ledger_path, ledger)


def main(argv=None):
    p = argparse.ArgumentParser(description="Write a deterministic benchmark accounts.csv.")
    p.add_argument("n", type=int, help="number of accounts")
    p.add_argument("out", help="output CSV file")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    p.add_argument("--ledger", metavar="LEDGER.csv",
                   help="also write a ledger for ledger mode: two missed collections an account")
    p.add_argument("--bank", action="store_true",
                   help="add the payers' bank details (name, account_name, sort_code, account_number, reference)")
    a = p.parse_args(argv)
    if a.n < 0:
        p.error("N must not be negative")
    generate(a.n, a.out, a.seed, a.ledger, a.bank)
    return 0


if __name__ == "__main__":
    sys.exit(main())
