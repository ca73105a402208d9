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
import signal
import subprocess
import sys
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


@case()
def manifest_records_the_run(c):
    # Two accounts of the worked plan (2 missed collections each, recovered 2 Feb and 2 Mar:
    # 2 schedule rows each) and one rejected row; a payment of 10.00 on A-1.
    import hashlib
    import json
    c.accounts([f"A-1,{WORKED}", f"A-2,{WORKED}", "A-3,oops,monthly,2025-04-01"])
    c.write("payments.csv", "account_id,date,amount\nA-1,2026-01-05,10.00\n")
    args = ["recover", "--accounts", "accounts.csv", *OUTAGE, "--payments", "payments.csv",
            "--schedule", "schedule.csv", "--summary", "summary.csv", "--manifest", "run.json"]
    r = c.run(args[1:], exit=1, outputs=False)
    first = (c.folder / "run.json").read_bytes()
    m = json.loads(first)
    sha = lambda name: hashlib.sha256((c.folder / name).read_bytes()).hexdigest()  # noqa: E731
    check(m["arguments"] == args, f"arguments {m['arguments']}")
    check(m["inputs"] == [{"path": "accounts.csv", "sha256": sha("accounts.csv"), "rows": 3},
                          {"path": "payments.csv", "sha256": sha("payments.csv"), "rows": 1}], f"inputs {m['inputs']}")
    check(m["outputs"] == [{"path": "schedule.csv", "sha256": sha("schedule.csv"), "rows": 4},
                           {"path": "summary.csv", "sha256": sha("summary.csv"), "rows": 3}], f"outputs {m['outputs']}")
    check(m["statuses"] == {"ok": 2, "extended": 0, "no_arrears": 0, "in_credit": 0, "review": 0,
                            "cancelled": 0, "rejected": 1}, f"statuses {m['statuses']}")
    # Worked plan 100.00 monthly: 2 x 100.00 missed each = 400.00, less the 10.00 paid.
    check(m["arrears"] == "390.00" and m["scheduled"] == "390.00", f"totals {m['arrears']} {m['scheduled']}")
    check(list(m) == ["version", "arguments", "inputs", "outputs", "statuses", "arrears", "scheduled"], "keys")
    check("rejected" in r.stderr, r.stderr)
    c.run(args[1:], exit=1, outputs=False)
    check((c.folder / "run.json").read_bytes() == first, "the same run gave another manifest")
    # The manifest is an output: naming an input with it is a usage error too.
    c.run(["--accounts", "accounts.csv", *OUTAGE, "--manifest", "payments.csv", "--payments", "payments.csv"],
          exit=2, outputs=False)


@case()
def manifest_lists_every_output(c):
    # Every output of recover (apps/arrears/run_output.hpp: each describes itself, the
    # manifest last) in the order schedule, summary, workbook, notices, letters, collections,
    # each hashed as published. The worked example of §13 (tests/cli/cases/
    # notices_worked_example): W1 monthly 532.17 (rows 2 Feb, 2 Mar), W2 weekly 10.00 (the
    # 12 Mondays 12 Jan - 30 Mar, recovery 7.00 on the 10 from 26 Jan), CT1 review, NA1
    # no_arrears. Schedule 2 + 12 = 14 rows; summary 4; notices and letters 2 (W1, W2);
    # collections 2 + 10 = 12; workbook: schedule 14 + summary 4 + cash flow 4 (Jan, Feb, Mar
    # and the total; the blank row before it is not a record) + notices 2 + collections 12 +
    # run 25 (version, arguments, the input's path, sha256 and rows, notice date, first
    # changeable collection, H, 7 statuses x (accounts, arrears), arrears, scheduled,
    # reported rows) = 61.
    import hashlib
    import json
    c.write("accounts.csv", "account_id,amount,frequency,first_due,end,dd_reference\n"
            "W1,532.17,monthly,2025-04-01,,DD-0001\nW2,10.00,weekly,2025-04-07,,DD-0002\n"
            "CT1,150.00,monthly,2025-04-01,2026-01-01,DD-0003\nNA1,100.00,monthly,2026-01-15,,DD-0004\n")
    c.run(["--accounts", "accounts.csv", *OUTAGE, "--manifest", "run.json", "--collections", "c.csv",
           "--letters", "l.html", "--notices", "n.csv", "--workbook", "w.xlsx", "--summary", "m.csv",
           "--schedule", "s.csv", "--keep", "dd_reference"], exit=0, outputs=False)
    m = json.loads((c.folder / "run.json").read_bytes())
    sha = lambda name: hashlib.sha256((c.folder / name).read_bytes()).hexdigest()  # noqa: E731
    expected = [("s.csv", 14), ("m.csv", 4), ("w.xlsx", 61), ("n.csv", 2), ("l.html", 2), ("c.csv", 12)]
    check(m["outputs"] == [{"path": p, "sha256": sha(p), "rows": n} for p, n in expected], f"outputs {m['outputs']}")
    check(sorted(p.name for p in c.folder.iterdir()) == sorted(["accounts.csv", "run.json", *(p for p, _ in expected)]),
          f"files {sorted(p.name for p in c.folder.iterdir())}")


@case()
def manifest_to_standard_output_beside_the_default_schedule(c):
    # With no other output the schedule goes to standard output (§12), so --manifest - would
    # put a second output there.
    accounts_and_bytes(c)
    r = c.run(["--accounts", "accounts.csv", *OUTAGE, "--manifest", "-"], exit=2, outputs=False)
    check("--schedule and --manifest both name '-': give two files" in r.stderr, r.stderr)


@case()
def standard_output_under_another_name(c):
    # Here standard output is a pipe (the test reads it): /dev/stdout is the same pipe.
    accounts_and_bytes(c)
    r = c.run(["--accounts", "accounts.csv", *OUTAGE, "--schedule", "-", "--summary", "/dev/stdout"], exit=2,
              outputs=False)
    check("--schedule '-' and --summary '/dev/stdout' name the same file: give two files" in r.stderr, r.stderr)


@case()
def a_failed_write_names_its_own_file(c):
    # /dev/full refuses every write: the message names it, not the other output.
    big_portfolio(c, 20_000)  # a summary of about 2 MB: written while the run goes on
    r = c.run(["--accounts", "big.csv", *OUTAGE, "--schedule", "schedule.csv", "--summary", "/dev/full"], exit=2,
              outputs=False)
    check(r.stderr.startswith("arrears recover: /dev/full: ") and "No space left on device" in r.stderr, r.stderr)


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
