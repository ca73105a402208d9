#!/usr/bin/python3
"""A plain Python reference for the benchmark: the recovery rules, as an analyst would write them.

    /usr/bin/python3 benchmarks/reference.py --accounts A.csv \
        --outage 2025-11-24..2026-01-09 --notice-date 2026-01-12 --schedule OUT.csv

This is the yardstick of issue 6: what a council finance team would otherwise run - `csv`,
`decimal.Decimal` and `datetime.date`, one account at a time, nothing clever. It follows
../shared/docs/recovery-rules.md with the command line's default options:

- outage mode: every collection whose collection date lies in the outage window is missed;
- England-and-Wales bank holidays (section 2), working days Monday-Friday;
- the notice period: 10 working days after the notice date (the 10th working day strictly
  after it), plus `--postal-days`;
- horizon H = the end of the financial year (starting 1 April) that holds the notice date;
  recovery never runs past X = the end of the following financial year;
- strategy `spread`, remainder `first`, `when_none` next-year, no cap, extension allowed;
- the residents' promise, on by default (section 8): `past_end continue` (a plan with an
  `end` goes on for recovery only, those collections with no regular amount and a row only
  when they carry recovery) and `no_double_payment` (each part at most the collection's
  regular amount less 1p, or twice the plan amount less 1p on a collection with no regular
  part; when a part is over, more instalments, up to X).

It writes the revised schedule CSV exactly as `arrears recover --schedule` does, so the two
files can be compared byte for byte, and a count of accounts by status to standard error.
Only well-formed account rows are expected (benchmarks/generate.py makes them): a bad row
stops the script with an error rather than being reported as `rejected`.
"""

import argparse
import csv
import datetime
import sys
from collections import Counter
from decimal import ROUND_DOWN, Decimal

ONE_DAY = datetime.timedelta(days=1)
PENNY = Decimal("0.01")

SCHEDULE_HEADER = ["account_id", "due_date", "collection_date", "regular_amount",
                   "recovery_amount", "total_amount", "arrears_after"]


# ---- England-and-Wales bank holidays (recovery-rules section 2) ------------------------

def easter_sunday(year):
    """Easter Sunday (the anonymous Gregorian algorithm)."""
    a = year % 19
    b = year // 100
    c = year % 100
    d = b // 4
    e = b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i = c // 4
    k = c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    day = (h + l - 7 * m + 114) % 31 + 1
    return datetime.date(year, month, day)


def first_monday(year, month):
    d = datetime.date(year, month, 1)
    while d.weekday() != 0:
        d += ONE_DAY
    return d


def last_monday(year, month):
    if month == 12:
        d = datetime.date(year, 12, 31)
    else:
        d = datetime.date(year, month + 1, 1) - ONE_DAY
    while d.weekday() != 0:
        d -= ONE_DAY
    return d


def bank_holidays(year):
    """The England-and-Wales bank holidays of one calendar year (weekdays only)."""
    days = set()

    # New Year's Day, or the Monday after if it falls at a weekend.
    new_year = datetime.date(year, 1, 1)
    while new_year.weekday() >= 5:
        new_year += ONE_DAY
    days.add(new_year)

    easter = easter_sunday(year)
    days.add(easter - 2 * ONE_DAY)  # Good Friday
    days.add(easter + ONE_DAY)      # Easter Monday

    # Early May: the first Monday in May (moved in 1995 and 2020).
    if year == 1995:
        days.add(datetime.date(1995, 5, 8))
    elif year == 2020:
        days.add(datetime.date(2020, 5, 8))
    else:
        days.add(first_monday(year, 5))

    # Spring: the last Monday in May (moved for the jubilees).
    if year == 2002:
        days.add(datetime.date(2002, 6, 4))
        days.add(datetime.date(2002, 6, 3))
    elif year == 2012:
        days.add(datetime.date(2012, 6, 4))
        days.add(datetime.date(2012, 6, 5))
    elif year == 2022:
        days.add(datetime.date(2022, 6, 2))
        days.add(datetime.date(2022, 6, 3))
    else:
        days.add(last_monday(year, 5))

    # Summer: the last Monday in August.
    days.add(last_monday(year, 8))

    # Christmas Day and Boxing Day, with substitutes.
    christmas = datetime.date(year, 12, 25)
    if christmas.weekday() == 5:    # Saturday: Mon 27 and Tue 28
        days.add(datetime.date(year, 12, 27))
        days.add(datetime.date(year, 12, 28))
    elif christmas.weekday() == 6:  # Sunday: Mon 26 and Tue 27
        days.add(datetime.date(year, 12, 26))
        days.add(datetime.date(year, 12, 27))
    elif christmas.weekday() == 4:  # Friday: Boxing Day on Saturday -> Mon 28
        days.add(christmas)
        days.add(datetime.date(year, 12, 28))
    else:
        days.add(christmas)
        days.add(datetime.date(year, 12, 26))

    # One-off days.
    one_offs = {
        1999: [datetime.date(1999, 12, 31)],  # millennium
        2011: [datetime.date(2011, 4, 29)],   # royal wedding
        2022: [datetime.date(2022, 9, 19)],   # state funeral
        2023: [datetime.date(2023, 5, 8)],    # coronation
    }
    for d in one_offs.get(year, []):
        days.add(d)
    return days


HOLIDAYS = set()
for _year in range(1995, 2100):
    HOLIDAYS |= bank_holidays(_year)


def is_working_day(d):
    return d.weekday() < 5 and d not in HOLIDAYS


def following(d):
    while not is_working_day(d):
        d += ONE_DAY
    return d


def preceding(d):
    while not is_working_day(d):
        d -= ONE_DAY
    return d


def collection_date(due, convention):
    """The working day a due date is collected on (section 2's conventions)."""
    if convention in ("", "following"):
        return following(due)
    if convention == "preceding":
        return preceding(due)
    if convention == "modified-following":
        d = following(due)
        if d.month != due.month:
            d = preceding(due)
        return d
    if convention == "none":
        return due
    raise ValueError(f"unknown convention {convention!r}")


def add_working_days(d, n):
    """The n-th working day strictly after d."""
    while n > 0:
        d += ONE_DAY
        if is_working_day(d):
            n -= 1
    return d


def financial_year_end(d):
    """The last day of the financial year (starting 1 April) that holds d."""
    if d >= datetime.date(d.year, 4, 1):
        return datetime.date(d.year + 1, 3, 31)
    return datetime.date(d.year, 3, 31)


# ---- plans (section 4) ---------------------------------------------------------------------

STEP_DAYS = {"weekly": 7, "fortnightly": 14, "four-weekly": 28}


def parse_date(text):
    return datetime.date.fromisoformat(text)


def day_in_month(year, month, day):
    """`day` (1-31 or 'last') in the given month, clamped to the month's length."""
    if month == 12:
        month_end = 31
    else:
        month_end = (datetime.date(year, month + 1, 1) - ONE_DAY).day
    if day == "last":
        return datetime.date(year, month, month_end)
    return datetime.date(year, month, min(day, month_end))


def due_dates(plan, start, stop, past_end=False):
    """The plan's due dates in [start, stop], skipped ones left out; with `past_end`, those
    after its end too (recovery's past_end continue)."""
    first = plan["first_due"]
    if not past_end and plan["end"] is not None and plan["end"] < stop:
        stop = plan["end"]
    if start < first:
        start = first
    dates = []
    if plan["frequency"] in STEP_DAYS:
        step = STEP_DAYS[plan["frequency"]]
        # Jump to the first due date on or after `start`.
        periods = -(-(start - first).days // step)
        d = first + datetime.timedelta(days=periods * step)
        while d <= stop:
            dates.append(d)
            d += datetime.timedelta(days=step)
    else:
        year, month = start.year, start.month
        while True:
            d = day_in_month(year, month, plan["day"])
            if d > stop:
                break
            if d >= start:
                dates.append(d)
            month += 1
            if month == 13:
                year, month = year + 1, 1
    return [d for d in dates if d not in plan["skip"]]


def collections(plan, start, stop, past_end=False):
    """(due date, collection date) of every collection dated in [start, stop], in order."""
    margin = datetime.timedelta(days=10)  # a convention moves a date by a few days at most
    out = []
    for due in due_dates(plan, start - margin, stop + margin, past_end):
        taken = collection_date(due, plan["convention"])
        if start <= taken <= stop:
            out.append((due, taken))
    out.sort(key=lambda c: c[1])
    return out


def read_plan(row):
    frequency = row["frequency"]
    if frequency not in STEP_DAYS and frequency != "monthly":
        raise ValueError(f"account {row['account_id']}: unknown frequency {frequency!r}")
    plan = {
        "amount": Decimal(row["amount"]),
        "frequency": frequency,
        "first_due": parse_date(row["first_due"]),
        "end": parse_date(row["end"]) if row.get("end") else None,
        "skip": set(),
        "convention": row.get("convention") or "",
    }
    day = row.get("day") or ""
    if frequency == "monthly":
        if day == "":
            plan["day"] = plan["first_due"].day
        elif day == "last":
            plan["day"] = "last"
        else:
            plan["day"] = int(day)
    elif day:
        raise ValueError(f"account {row['account_id']}: day {day} on a {frequency} plan")
    for text in (row.get("skip") or "").split(";"):
        if text:
            d = parse_date(text)
            plan["skip"].add(d)
            # A skip date must be one of the plan's due dates.
            if d not in due_dates(dict(plan, skip=set()), d, d):
                raise ValueError(f"account {row['account_id']}: skip date {d} is not a due date")
    return plan


# ---- recovery (sections 5-9) -------------------------------------------------------------

def money(amount):
    return f"{amount:.2f}"


def after_end(plan, due):
    return plan["end"] is not None and due > plan["end"]


def split(arrears, m):
    """Remainder `first`: each gets A / m to the penny (rounded down), the first few a penny more."""
    base = (arrears / m).quantize(PENNY, rounding=ROUND_DOWN)
    extra_pennies = int((arrears - base * m) / PENNY)
    return [base + PENNY if i < extra_pennies else base for i in range(m)]


def recover(account_id, plan, outage_from, outage_to, notice, earliest, horizon, limit):
    """Returns (status, schedule rows) for one account."""
    # Section 5: collections dated in the outage were missed, at the plan amount.
    missed = collections(plan, outage_from, outage_to)
    arrears = plan["amount"] * len(missed)
    if arrears == 0:
        return "no_arrears", []

    # Sections 6-8: collections from the notice date to the extension limit (going on after
    # the plan's end: past_end continue); from E they are eligible to carry recovery.
    upcoming = collections(plan, notice, limit, past_end=True)
    eligible = [c for c in upcoming if c[1] >= earliest]
    if not eligible:
        return "review", []
    within_year = [c for c in eligible if c[1] <= horizon]
    m = len(within_year) or len(eligible)  # when_none next-year: on into the next financial year

    # No double payment: a part is at most the regular amount less 1p, or twice it less 1p
    # on a collection after the plan's end (no regular part).
    def ceiling(collection):
        return plan["amount"] * (2 if after_end(plan, collection[0]) else 1) - PENNY

    def keeps(k):
        return all(part <= ceiling(c) for part, c in zip(split(arrears, k), eligible))

    if not keeps(m):
        # More instalments (the next eligible collections), the fewest that keep the ceiling;
        # else fewer; else a person decides.
        found = next((k for k in range(m + 1, len(eligible) + 1) if keeps(k)), None)
        if found is None:
            found = next((k for k in range(m - 1, 0, -1) if keeps(k)), None)
        if found is None:
            return "review", []
        m = found

    first = upcoming.index(eligible[0])
    recovery = [Decimal("0.00")] * len(upcoming)
    for i, part in enumerate(split(arrears, m)):
        recovery[first + i] = part

    # A zero-penny instalment (arrears of fewer pence than instalments) is no recovery.
    last_recovery = max(upcoming[i][1] for i in range(len(upcoming)) if recovery[i] > 0)
    status = "extended" if last_recovery > horizon else "ok"

    # Section 9: every collection from the notice date to max(H, last recovery date); one
    # after the plan's end only when it carries recovery, with regular amount 0.00.
    rows = []
    left = arrears
    for i, (due, taken) in enumerate(upcoming):
        if taken > max(horizon, last_recovery):
            break
        continued = after_end(plan, due)
        if continued and recovery[i] == 0:
            continue
        regular = Decimal("0.00") if continued else plan["amount"]
        left -= recovery[i]
        rows.append([account_id, due.isoformat(), taken.isoformat(), money(regular),
                     money(recovery[i]), money(regular + recovery[i]), money(left)])
    return status, rows


def main(argv=None):
    p = argparse.ArgumentParser(description="Plain Python reference of `arrears recover` (outage mode).")
    p.add_argument("--accounts", required=True)
    p.add_argument("--outage", required=True, help="FROM..TO")
    p.add_argument("--notice-date", required=True)
    p.add_argument("--notice-days", type=int, default=10)
    p.add_argument("--postal-days", type=int, default=0)
    p.add_argument("--schedule", required=True)
    a = p.parse_args(argv)

    outage_from, outage_to = (parse_date(t) for t in a.outage.split(".."))
    notice = parse_date(a.notice_date)
    earliest = add_working_days(notice, a.notice_days + a.postal_days)
    horizon = financial_year_end(notice)
    limit = financial_year_end(horizon + ONE_DAY)

    statuses = Counter()
    with open(a.accounts, newline="", encoding="utf-8-sig") as fin, \
            open(a.schedule, "w", newline="", encoding="utf-8") as fout:
        writer = csv.writer(fout, lineterminator="\n")
        writer.writerow(SCHEDULE_HEADER)
        for row in csv.DictReader(fin):
            plan = read_plan(row)
            status, rows = recover(row["account_id"], plan, outage_from, outage_to,
                                   notice, earliest, horizon, limit)
            statuses[status] += 1
            writer.writerows(rows)

    print(", ".join(f"{k}: {v}" for k, v in sorted(statuses.items())), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
