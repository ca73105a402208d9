#!/usr/bin/python3
"""Nothing is lost (recovery-rules §12, issue 17), through the `arrears` command line
(test `cli.nothing_lost`).

    nothing_lost.py ARREARS [CASE...]

- An output that names an input — the same path, or the same file through a symbolic or a
  hard link — is a usage error: exit 2, one message naming both options, nothing written,
  and the input byte for byte as it was. So are two outputs naming one file, and `-` for
  more than one output.
- SIGTERM or SIGINT during a long run leaves every earlier output as it was and no
  temporary file behind.
- A full disk (a 1 MiB tmpfs, where this test may mount one) is exit 2 naming the file,
  with the earlier outputs intact and no temporary file; skipped, saying so, where it cannot
  mount one.
"""

import os
import pathlib
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hostile  # noqa: E402  (the same Case harness: exit status, nothing written on exit 2)
from hostile import OUTAGE, WORKED, case, check  # noqa: E402

HOSTILE_CASES = len(hostile.CASES)  # registered by importing hostile; this file's follow


def accounts_and_bytes(c):
    c.accounts([f"A-1,{WORKED}", f"A-2,{WORKED}"])
    return (c.folder / "accounts.csv").read_bytes()


@case()
def schedule_over_the_accounts_file(c):
    before = accounts_and_bytes(c)
    r = c.run(["--accounts", "accounts.csv", *OUTAGE, "--schedule", "accounts.csv"], exit=2, outputs=False)
    check("--schedule 'accounts.csv' is the input file of --accounts 'accounts.csv'" in r.stderr, r.stderr)
    check((c.folder / "accounts.csv").read_bytes() == before, "the accounts file changed")


@case()
def summary_through_a_symbolic_link_to_the_ledger(c):
    accounts_and_bytes(c)
    ledger = c.write("ledger.csv", "account_id,due_date,amount,status,reason\nA-1,2025-12-01,100.00,unpaid,0\n")
    before = (c.folder / ledger).read_bytes()
    os.symlink("ledger.csv", c.folder / "report.csv")
    r = c.run(["--accounts", "accounts.csv", "--ledger", "ledger.csv", "--notice-date", "2026-01-12",
               "--summary", "report.csv"], exit=2, outputs=False)
    check("--summary 'report.csv' is the input file of --ledger 'ledger.csv'" in r.stderr, r.stderr)
    check((c.folder / ledger).read_bytes() == before, "the ledger changed")


@case()
def schedule_through_a_hard_link_to_the_payments(c):
    accounts_and_bytes(c)
    c.write("payments.csv", "account_id,date,amount\nA-1,2026-01-05,10.00\n")
    before = (c.folder / "payments.csv").read_bytes()
    os.link(c.folder / "payments.csv", c.folder / "out.csv")
    r = c.run(["--accounts", "accounts.csv", *OUTAGE, "--payments", "payments.csv", "--schedule", "out.csv"],
              exit=2, outputs=False)
    check("--schedule 'out.csv' is the input file of --payments 'payments.csv'" in r.stderr, r.stderr)
    check((c.folder / "payments.csv").read_bytes() == before, "the payments file changed")


@case()
def the_same_path_spelled_another_way(c):
    before = accounts_and_bytes(c)
    r = c.run(["--accounts", "accounts.csv", *OUTAGE, "--summary", str(c.folder / "accounts.csv")], exit=2,
              outputs=False)
    check("is the input file of --accounts" in r.stderr, r.stderr)
    check((c.folder / "accounts.csv").read_bytes() == before, "the accounts file changed")


@case()
def two_outputs_naming_one_file(c):
    accounts_and_bytes(c)
    r = c.run(["--accounts", "accounts.csv", *OUTAGE, "--schedule", "out.csv", "--summary", "./out.csv"],
              exit=2, outputs=False)
    check("--schedule 'out.csv' and --summary './out.csv' name the same file: give two files" in r.stderr, r.stderr)


@case()
def standard_output_for_two_outputs(c):
    accounts_and_bytes(c)
    r = c.run(["--accounts", "accounts.csv", *OUTAGE, "--schedule", "-", "--summary", "-"], exit=2, outputs=False)
    check("--schedule and --summary both name '-': give two files" in r.stderr, r.stderr)


def big_portfolio(c, n=400_000):
    rows = "".join(f"B-{i},{WORKED}\n" for i in range(n))
    c.write("big.csv", hostile.ACCOUNTS_HEADER + "\n" + rows)


def stopped_by(c, sig):
    big_portfolio(c)
    c.write("schedule.csv", "old schedule\n")
    c.write("summary.csv", "old summary\n")
    argv = [c.program, "recover", "--accounts", "big.csv", *OUTAGE, "--schedule", "schedule.csv",
            "--summary", "summary.csv", "--threads", "1"]
    for delay in (0.3, 0.15, 0.05):
        p = subprocess.Popen(argv, cwd=c.folder, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
        # Wait until a temporary file exists, so the signal lands while the outputs are written.
        deadline = time.time() + 20
        while time.time() < deadline and not any(p.name.endswith(".tmp") for p in c.folder.iterdir()):
            if p.poll() is not None:
                break
            time.sleep(0.01)
        time.sleep(delay)
        if p.poll() is None:
            p.send_signal(sig)
            p.wait(timeout=60)
            check(p.returncode == -sig, f"exit {p.returncode}, expected death by signal {sig}")
            leftovers = sorted(q.name for q in c.folder.iterdir() if q.name.endswith(".tmp"))
            check(leftovers == [], f"temporary files left behind: {leftovers}")
            check((c.folder / "schedule.csv").read_text() == "old schedule\n", "the old schedule changed")
            check((c.folder / "summary.csv").read_text() == "old summary\n", "the old summary changed")
            return
        p.wait()
    raise hostile.Failed("the run finished before it could be stopped; make the portfolio bigger")


@case()
def sigterm_during_a_long_run(c):
    stopped_by(c, signal.SIGTERM)


@case()
def sigint_during_a_long_run(c):
    stopped_by(c, signal.SIGINT)


@case()
def a_full_disk(c):
    mount = c.folder / "small"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        print(f"SKIP a_full_disk: cannot mount a 1 MiB tmpfs here ({done.stderr.decode().strip() or 'not root'})")
        return
    try:
        big_portfolio(c, 40_000)  # about 4 MiB of schedule: more than the tmpfs holds
        (mount / "schedule.csv").write_text("old schedule\n")
        (mount / "summary.csv").write_text("old summary\n")
        r = c.run(["--accounts", "big.csv", *OUTAGE, "--schedule", str(mount / "schedule.csv"),
                   "--summary", str(mount / "summary.csv")], exit=2, outputs=False)
        check("schedule.csv" in r.stderr and "No space left on device" in r.stderr, r.stderr)
        check(sorted(p.name for p in mount.iterdir()) == ["schedule.csv", "summary.csv"],
              f"left in the full folder: {sorted(p.name for p in mount.iterdir())}")
        check((mount / "schedule.csv").read_text() == "old schedule\n", "the old schedule changed")
        check((mount / "summary.csv").read_text() == "old summary\n", "the old summary changed")
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True)


if __name__ == "__main__":
    del hostile.CASES[:HOSTILE_CASES]  # only this file's cases
    sys.exit(hostile.main())
