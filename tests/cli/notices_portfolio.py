#!/usr/bin/python3
"""Notices, letters and the collection file on a portfolio of several blocks (test
`cli.notices_portfolio`; recovery-rules §13, §14).

    notices_portfolio.py ARREARS DATA_DIR

The bundled portfolio copied six times over (18,060 accounts, as in determinism.py), with
`--keep service`. Checks:

- the notices, letters and collection file are the same bytes for --threads 1, 2 and 3, in
  CSV and JSON;
- a notice exists for every `ok`/`extended` account of the summary and for no other, in
  input order, and there is one letter per notice;
- the collection file has one row per schedule row that carries recovery, sorted by
  collection date then input order, with the same amounts;
- every send_by is on or after the notice date and every processing_date/input_by lies
  before its collection date.
"""

import pathlib
import subprocess
import sys
import tempfile

from clitest import check, finish, rows
from determinism import copied



def run(program, base, folder, tag, fmt):
    names = {"summary": f"summary-{tag}.{fmt}", "schedule": f"schedule-{tag}.{fmt}",
             "notices": f"notices-{tag}.{fmt}", "collections": f"collections-{tag}.{fmt}",
             "letters": f"letters-{tag}.html"}
    argv = [program, "recover", *base, "--format", fmt, "--keep", "service"]
    for option, name in names.items():
        argv += [f"--{option}", str(folder / name)]
    done = subprocess.run(argv, capture_output=True, stdin=subprocess.DEVNULL, timeout=600)
    check(done.returncode == 1, f"{tag}: exit {done.returncode}, expected 1 (rejected rows); {done.stderr[:300]!r}")
    return {k: (folder / v).read_bytes() for k, v in names.items()}


def main():
    program, data = sys.argv[1], pathlib.Path(sys.argv[2])
    with tempfile.TemporaryDirectory(prefix="arrears-notices-") as tmp:
        folder = pathlib.Path(tmp)
        copied(data / "accounts.csv", folder / "accounts.csv")
        copied(data / "payments.csv", folder / "payments.csv")
        base = ["--accounts", str(folder / "accounts.csv"), "--payments", str(folder / "payments.csv"),
                "--outage", "2025-11-24..2026-01-09", "--notice-date", "2026-01-12"]
        for fmt in ("csv", "json"):
            runs = {t: run(program, base + ["--threads", t], folder, f"{fmt}{t}", fmt) for t in ("1", "2", "3")}
            for t in ("2", "3"):
                for k in ("notices", "collections", "letters"):
                    check(runs[t][k] == runs["1"][k], f"{fmt}: {k} of --threads {t} differs from --threads 1")
        out = run(program, base + ["--threads", "2"], folder, "check", "csv")
        summary, schedule = rows(out["summary"]), rows(out["schedule"])
        notices, collections = rows(out["notices"]), rows(out["collections"])

        scheduled = [r["account_id"] for r in summary if r["status"] in ("ok", "extended")]
        check(len(scheduled) > 10000, f"only {len(scheduled)} scheduled accounts: the data reaches too little")
        check([n["account_id"] for n in notices] == scheduled,
              "notices are not exactly the ok/extended accounts in input order")
        letters = out["letters"].count(b'<section class="letter" lang="en-GB">')
        check(letters == len(notices), "not one letter per notice")
        service = {r["account_id"]: r["service"] for r in rows((folder / "accounts.csv").read_bytes())}
        check(all(n["service"] == service[n["account_id"]] for n in notices), "a kept service cell differs")
        check(all(n["send_by"] >= "2026-01-12" for n in notices), "a send_by before the notice date")

        order = {}  # input position of each account (a rejected duplicate comes later: first wins)
        for i, r in enumerate(summary):
            order.setdefault(r["account_id"], i)
        expected = sorted(((r["collection_date"], order[r["account_id"]], r["account_id"], r["total_amount"],
                            r["regular_amount"], r["recovery_amount"])
                           for r in schedule if r["recovery_amount"] != "0.00"), key=lambda x: (x[0], x[1]))
        got = [(c["collection_date"], order[c["account_id"]], c["account_id"], c["amount"], c["regular_amount"],
                c["recovery_amount"]) for c in collections]
        check(got == expected, "the collection file is not the schedule's recovery rows by date then input order")
        check(all(c["input_by"] < c["processing_date"] < c["collection_date"] for c in collections),
              "a processing or input day not before its collection")

    return finish(f"ok: {len(notices):,} notices and letters, {len(collections):,} collection rows, same bytes for 1-3 threads")


if __name__ == "__main__":
    sys.exit(main())
