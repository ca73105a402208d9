#!/usr/bin/python3
"""Times `arrears.recover(..., money="pence")` on an accounts CSV (used by run.sh).

    PYTHONPATH=build/default/python /usr/bin/python3 benchmarks/time_python.py \
        --accounts A.csv --outage 2025-11-24..2026-01-09 --notice-date 2026-01-12 \
        [--money pence|decimal] [--threads 0] [--again] [--check-schedule CLI_SCHEDULE.csv]

`--money` is the money form of the result (default `pence`; `decimal` is the package's own
default, `decimal.Decimal` cells).

Prints one `key=value` line per figure on standard output:

- `read_s`: reading the CSV with `pandas.read_csv(dtype=str, keep_default_na=False)`, as the
  package's README shows - not part of `recover_s`;
- `recover_s`: the `arrears.recover` call alone (wall clock, `time.perf_counter`);
- with `--again`: `again_s`, the same call made a second time in the process after the first
  result is dropped: the program's own time, without most of the cost of first touching the
  result's memory (the maxrss below is then the larger of the two calls');
- `rows`: schedule rows; `accounts`: summary rows;
- `maxrss_kib`: the process's peak resident set size (the pandas frames, the interpreter
  and the result included);
- with `--check-schedule`: `same_as_cli=yes|no`, the schedule written as the command line
  writes it and compared with that file's text (meant for small portfolios).
"""

import argparse
import resource
import sys
import time


def schedule_csv(schedule):
    """The schedule DataFrame (money in pence) as the command line's CSV text."""
    def money(pence):
        sign = "-" if pence < 0 else ""
        pence = abs(int(pence))
        return f"{sign}{pence // 100}.{pence % 100:02d}"

    cols = ["account_id", "due_date", "collection_date", "regular_amount", "recovery_amount",
            "total_amount", "arrears_after"]
    lines = [",".join(cols)]
    due = schedule["due_date"].dt.strftime("%Y-%m-%d")
    taken = schedule["collection_date"].dt.strftime("%Y-%m-%d")
    for row in zip(schedule["account_id"], due, taken, schedule["regular_amount"],
                   schedule["recovery_amount"], schedule["total_amount"], schedule["arrears_after"]):
        lines.append(",".join([row[0], row[1], row[2]] + [money(v) for v in row[3:]]))
    return "\n".join(lines) + "\n"


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--accounts", required=True)
    p.add_argument("--outage", required=True)
    p.add_argument("--notice-date", required=True)
    p.add_argument("--money", choices=["pence", "decimal"], default="pence")
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--check-schedule")
    p.add_argument("--again", action="store_true",
                   help="call recover a second time in the process and print again_s")
    a = p.parse_args(argv)
    if a.check_schedule and a.money != "pence":
        p.error("--check-schedule compares the schedule in pence: drop --money decimal")

    t0 = time.perf_counter()
    import pandas as pd
    import arrears
    t_import = time.perf_counter() - t0

    t0 = time.perf_counter()
    accounts = pd.read_csv(a.accounts, dtype=str, keep_default_na=False)
    t_read = time.perf_counter() - t0

    t0 = time.perf_counter()
    schedule, summary = arrears.recover(accounts, outage=a.outage, notice_date=a.notice_date,
                                        money=a.money, threads=a.threads)
    t_recover = time.perf_counter() - t0
    t_again = None
    if a.again:
        # The same call again in the same process, once the first result is gone: the
        # memory it is given back was touched by the first call (see benchmarks/README.md).
        del schedule, summary
        t0 = time.perf_counter()
        schedule, summary = arrears.recover(accounts, outage=a.outage, notice_date=a.notice_date,
                                            money=a.money, threads=a.threads)
        t_again = time.perf_counter() - t0

    print(f"import_s={t_import:.3f}")
    print(f"read_s={t_read:.3f}")
    print(f"recover_s={t_recover:.3f}")
    if t_again is not None:
        print(f"again_s={t_again:.3f}")
    print(f"accounts={len(summary)}")
    print(f"rows={len(schedule)}")
    print(f"maxrss_kib={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}")
    if a.check_schedule:
        with open(a.check_schedule, encoding="utf-8") as f:
            same = f.read() == schedule_csv(schedule)
        print(f"same_as_cli={'yes' if same else 'no'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
