#!/usr/bin/python3
"""Threads that cannot start (issue 25, point 1), through the `arrears` command line (test
`cli.thread_limits`).

    thread_limits.py ARREARS

Under a process limit (RLIMIT_NPROC, as `ulimit -u`, a JupyterHub `nproc` limit or a
container's pids.max make it) a run asked for 4 threads gets the threads it can: with none
at all but its own, one, or two more, in outage and in ledger mode, it exits as the run
without a limit does, with the same bytes in every output and no temporary file left.
Before the thread pool such a run aborted (std::terminate, exit 134, temporary files left).

The limit counts every process and thread of a user, and root ignores it, so each run is
made as a user id nobody else uses (setpriv, which needs root). Where that cannot be done
the test is skipped (exit 77), saying why.
"""

import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clitest import check, finish  # noqa: E402

UID = 54321  # (a user id no process of this machine runs as; only counted, never named)
ACCOUNTS = 40_000  # three blocks of 16,384 rows


def write_inputs(folder):
    with open(os.path.join(folder, "accounts.csv"), "w") as f:
        f.write("account_id,amount,frequency,first_due\n")
        for i in range(ACCOUNTS):
            # monthly rent on days 1 to 28 and weekly rent, amounts of 50.00 to 999.99
            if i % 3:
                f.write(f"A{i:06d},{50 + i % 950}.{i % 100:02d},monthly,2025-04-{1 + i % 28:02d}\n")
            else:
                f.write(f"A{i:06d},{50 + i % 950}.{i % 100:02d},weekly,2025-04-0{1 + i % 7}\n")
    with open(os.path.join(folder, "ledger.csv"), "w") as f:
        f.write("account_id,due_date,amount,status,reason\n")
        for i in range(0, ACCOUNTS + 50, 2):  # every other account, and 25 unknown ids
            f.write(f"A{i:06d},2025-12-0{1 + i % 5},{50 + i % 950}.{i % 100:02d},unpaid,{i % 10}\n")
    os.chmod(os.path.join(folder, "accounts.csv"), 0o644)
    os.chmod(os.path.join(folder, "ledger.csv"), 0o644)


def run(program, folder, mode, name, nproc=None):
    """Runs one recovery in `folder` (as UID under `nproc`, when given); returns its exit
    status, stderr and outputs."""
    args = [program, "recover", "--accounts", "accounts.csv", "--notice-date", "2026-01-12", "--threads", "4",
            "--schedule", f"{name}-schedule.csv", "--summary", f"{name}-summary.csv"]
    args += ["--outage", "2025-11-24..2026-01-09"] if mode == "outage" else ["--ledger", "ledger.csv"]
    if nproc is not None:
        args = ["setpriv", f"--reuid={UID}", f"--regid={UID}", "--clear-groups",
                "prlimit", f"--nproc={nproc}", "--", *args]
    done = subprocess.run(args, cwd=folder, capture_output=True, timeout=300)
    outputs = []
    for out in (f"{name}-schedule.csv", f"{name}-summary.csv"):
        path = os.path.join(folder, out)
        outputs.append(open(path, "rb").read() if os.path.exists(path) else None)
    return done.returncode, done.stderr, outputs


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    program = os.path.abspath(sys.argv[1])
    if os.geteuid() != 0 or not shutil.which("setpriv") or not shutil.which("prlimit"):
        print("SKIP thread_limits: needs root, setpriv and prlimit to run as a user of its own under RLIMIT_NPROC")
        return 77
    probe = subprocess.run(["setpriv", f"--reuid={UID}", f"--regid={UID}", "--clear-groups", "true"],
                           capture_output=True)
    if probe.returncode != 0:
        print(f"SKIP thread_limits: cannot run as user {UID} ({probe.stderr.decode().strip()})")
        return 77
    # The program itself must be reachable by that user (a build folder under /root is not).
    with tempfile.TemporaryDirectory(prefix="arrears-thread-limits-") as folder:
        os.chmod(folder, 0o777)
        copy = os.path.join(folder, "arrears")
        shutil.copy(program, copy)
        os.chmod(copy, 0o755)
        write_inputs(folder)
        for mode in ("outage", "ledger"):
            status, stderr, outputs = run(copy, folder, mode, f"{mode}-free")
            check(status in (0, 1) and None not in outputs, f"{mode} without a limit: exit {status}\n{stderr.decode()}")
            for nproc in (1, 2, 3):  # no thread but its own; one more; two more
                what = f"{mode} mode under --nproc={nproc}"
                got_status, got_stderr, got = run(copy, folder, mode, f"{mode}-{nproc}", nproc)
                check(got_status == status, f"{what}: exit {got_status}, expected {status}\n{got_stderr.decode()[-2000:]}")
                check(got == outputs, f"{what}: the outputs differ from the run without a limit")
                check(got_stderr == stderr, f"{what}: stderr differs from the run without a limit")
        left = sorted(p for p in os.listdir(folder) if p.endswith(".tmp"))
        check(not left, f"temporary files left: {left}")
    return finish("ok: runs under a process limit exit as without one, with the same outputs")


if __name__ == "__main__":
    sys.exit(main())
