#!/usr/bin/python3
"""Same input, same output, byte for byte (recovery-rules §10), on a portfolio of several
blocks (test `cli.determinism`).

    determinism.py ARREARS DATA_DIR

The bundled portfolio (DATA_DIR = examples/data, 3,010 accounts with rejected rows and
reported payments) is copied six times over with distinct account_ids: 18,060 accounts,
more than one block of `arrears recover`'s streaming (16,384 rows as this is written), so
its buffers are reused and its blocks overlap.
The schedule, the summary and stderr must be identical:

- for two runs with the same --threads (run twice);
- for --threads 1, 2, 3 and 0 (every core);
- in JSON for --threads 1 and 2, and for the schedule on standard output;
- for the ledger variant (ledger-accounts.csv + ledger.csv, copied the same way).

cli.bundled_portfolio checks the numbers themselves (invariants, statuses, messages).
"""

import csv
import io
import pathlib
import subprocess
import sys
import tempfile

from clitest import check, finish

COPIES = 6


def copied(source, target, id_column="account_id"):
    """Writes `source` COPIES times over to `target`, account_ids suffixed #1, #2, ...
    (an empty account_id stays empty, so a row rejected for it still is). Returns the
    number of data rows written."""
    with open(source, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    k = header.index(id_column)
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(header)
    for copy in range(1, COPIES + 1):
        for row in body:
            if len(row) > k and row[k]:
                row = row[:k] + [f"{row[k]}#{copy}"] + row[k + 1:]
            w.writerow(row)
    target.write_text(out.getvalue(), encoding="utf-8")
    return COPIES * len(body)


def run(program, args, folder, tag, outputs=True):
    """(exit, stdout, stderr, schedule bytes, summary bytes) of one run."""
    fmt = "json" if "json" in args else "csv"
    schedule, summary = folder / f"schedule-{tag}.{fmt}", folder / f"summary-{tag}.{fmt}"
    argv = [program, "recover", *args]
    if outputs:
        argv += ["--schedule", str(schedule), "--summary", str(summary)]
    done = subprocess.run(argv, capture_output=True, stdin=subprocess.DEVNULL, timeout=600)
    read = lambda p: p.read_bytes() if p.exists() else None  # noqa: E731
    # stderr names the summary file ("... more rejected accounts: see FILE"): the same file
    # for every run as far as the comparison goes.
    stderr = done.stderr.replace(str(summary).encode(), b"{summary}")
    return done.returncode, done.stdout, stderr, read(schedule), read(summary)


def same(runs, label):
    """Every run equals the first; each is (tag, result)."""
    first_tag, first = runs[0]
    for tag, r in runs[1:]:
        for i, part in enumerate(("exit status", "stdout", "stderr", "schedule", "summary")):
            check(r[i] == first[i], f"{label}: {part} of run {tag} differs from run {first_tag}")


def main():
    program, data = sys.argv[1], pathlib.Path(sys.argv[2])
    with tempfile.TemporaryDirectory(prefix="arrears-determinism-") as tmp:
        folder = pathlib.Path(tmp)
        n = copied(data / "accounts.csv", folder / "accounts.csv")
        copied(data / "payments.csv", folder / "payments.csv")
        base = ["--accounts", str(folder / "accounts.csv"), "--payments", str(folder / "payments.csv"),
                "--outage", "2025-11-24..2026-01-09", "--notice-date", "2026-01-12"]

        runs = [(t, run(program, base + ["--threads", t.split("/")[0]], folder, t.replace("/", "-")))
                for t in ("1", "1/again", "2", "3", "0")]
        same(runs, "CSV")
        exit, _, stderr, schedule, summary = runs[0][1]
        check(exit == 1, f"exit {exit}, expected 1 (the bundled data has rejected rows)")
        rows = list(csv.DictReader(io.StringIO((summary or b"").decode("utf-8"))))
        check(len(rows) == n, f"{n} account rows in, {len(rows)} summary rows out")
        # 9 rejected a copy: the bundled portfolio's 10 planted rows less R-900008, whose
        # `Monthly` is read since issue 26 (§12).
        check(sum(r["status"] == "rejected" for r in rows) == 9 * COPIES, "rejected accounts")
        check(f"{n:,} accounts: ".encode() in stderr, "stderr counts every account")

        same([(t, run(program, base + ["--format", "json", "--threads", t], folder, "json" + t)) for t in ("1", "2")],
             "JSON")
        same([(t, run(program, base + ["--threads", t], folder, "stdout" + t, outputs=False)) for t in ("1", "4")],
             "schedule on stdout")
        check(runs[0][1][3] is not None, "no schedule written")

        copied(data / "ledger-accounts.csv", folder / "ledger-accounts.csv")
        copied(data / "ledger.csv", folder / "ledger.csv")
        ledger = ["--accounts", str(folder / "ledger-accounts.csv"), "--ledger", str(folder / "ledger.csv"),
                  "--notice-date", "2026-01-12"]
        same([(t, run(program, ledger + ["--threads", t.split("/")[0]], folder, "ledger" + t.replace("/", "-")))
              for t in ("1", "1/again", "2", "3")], "ledger")

    return finish(f"ok: {n:,} accounts, the same bytes for every run and thread count")


if __name__ == "__main__":
    sys.exit(main())
