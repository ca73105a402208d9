#!/usr/bin/python3
"""The month-two ledger of the benchmark (issue 30): collections of the plan of record that came back.

    /usr/bin/python3 benchmarks/returns.py PLAN.csv N OUT.csv [--from 2026-01-12] [--to 2026-02-15]

PLAN.csv is a schedule `arrears recover` wrote (the plan of record: account_id, due_date,
collection_date, ..., total_amount). Among the accounts with a collection dated FROM..TO (both
included; the defaults are the benchmark's first notice date N1 and the day before its month-two
notice date N2 = 16 Feb 2026), N accounts spread evenly over the file have their first such
collection returned: one `unpaid` ledger row with ARUDD reason 0 at its due date and total amount
(account_id,due_date,amount,status,reason), as `arrears arudd` would turn a returned debit into
a ledger row. Rows come in the plan's order. Fewer than N such accounts: every one of them.

The same plan and N always give the same file (no clock, no randomness; standard library only).
"""

import argparse
import csv
import sys


def main():
    p = argparse.ArgumentParser(description="Write the month-two ledger of returned collections.")
    p.add_argument("plan", help="the plan of record: a schedule CSV of arrears recover")
    p.add_argument("n", type=int, help="number of returned collections")
    p.add_argument("out", help="output ledger CSV")
    p.add_argument("--from", dest="first", default="2026-01-12", help="first collection date (default 2026-01-12)")
    p.add_argument("--to", dest="last", default="2026-02-15", help="last collection date (default 2026-02-15)")
    a = p.parse_args()
    # ISO dates compare as text. The first collection in the window of each account, in order.
    first = {}
    with open(a.plan, newline="", encoding="utf-8") as f:
        rows = csv.reader(f)
        header = next(rows)
        at = {name: header.index(name) for name in ("account_id", "due_date", "collection_date", "total_amount")}
        for row in rows:
            when = row[at["collection_date"]]
            if a.first <= when <= a.last:
                first.setdefault(row[at["account_id"]], (row[at["due_date"]], row[at["total_amount"]]))
    eligible = list(first.items())  # dicts keep the plan's order
    n = min(a.n, len(eligible))
    with open(a.out, "w", newline="", encoding="utf-8") as f:
        f.write("account_id,due_date,amount,status,reason\n")
        for k in range(n):  # spread evenly: the k-th of n at k * len / n
            account, (due, amount) = eligible[k * len(eligible) // n]
            f.write(f"{account},{due},{amount},unpaid,0\n")
    print(f"{n} returned collections of {len(eligible)} accounts collected {a.first}..{a.last}", file=sys.stderr)


if __name__ == "__main__":
    main()
