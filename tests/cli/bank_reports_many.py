"""`arrears arudd` and `arrears mandates` on 40,000 items each (issue 25 point 10: the ARUDD
reader was quadratic in the items, 40,000 took 75 s). Linear, each command takes well under a
second here; the test is registered with a timeout (tests/cli/CMakeLists.txt) that a quadratic
reader cannot meet. Besides the time, it checks every row and the reported items' lines, so a
fast wrong answer fails too.

Usage: bank_reports_many.py ARREARS_BINARY [N]
"""

import os
import subprocess
import sys
import tempfile

import clitest
from clitest import check

N = int(sys.argv[2]) if len(sys.argv) > 2 else 40_000
REPEATS = 1_000  # the last items repeat the first ones: reported, no row


def main():
    binary = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory() as d:
        accounts = os.path.join(d, "accounts.csv")
        with open(accounts, "w", encoding="utf-8") as f:
            f.write("account_id,amount,frequency,first_due,reference\n")
            for i in range(N):
                f.write(f"A-{i},10.00,monthly,2025-04-01,REF{i:08d}\n")

        # ARUDD: item k (1-based) is on line k + 2 and names account k-1; processed Fri
        # 2025-11-28, so collected (and due) Mon 2025-12-01 (§14). The last REPEATS name
        # accounts 0.. again: "an earlier item gave ... already".
        arudd = os.path.join(d, "arudd.xml")
        with open(arudd, "w", encoding="utf-8") as f:
            f.write('<?xml version="1.0" encoding="UTF-8"?>\n<BACSDocument><Data><ARUDD><Advice>'
                    "<OriginatingAccountRecords><OriginatingAccountRecord>\n")
            for k in range(N + REPEATS):
                i = k if k < N else k - N
                f.write(f'<ReturnedDebitItem ref="REF{i:08d}-4" returnCode="0273" returnDescription=" refer  to payer"'
                        f' originalProcessingDate="2025-11-28" valueOf="10.00"><PayerAccount ref="REF{i:08d}"/>'
                        "</ReturnedDebitItem>\n")
            f.write("</OriginatingAccountRecord></OriginatingAccountRecords></Advice></ARUDD></Data></BACSDocument>\n")
        run = subprocess.run([binary, "arudd", "arudd.xml", "--accounts", "accounts.csv"], cwd=d, capture_output=True,
                             timeout=600)
        check(run.returncode == 1, f"arudd: exit {run.returncode}, not 1")
        rows = clitest.rows(run.stdout)
        check(len(rows) == N, f"arudd: {len(rows)} rows, not {N}")
        check(all(r["account_id"] == f"A-{i}" and r["due_date"] == "2025-12-01" and r["reason"] == "0"
                  for i, r in enumerate(rows)), "arudd: a row is not account i, due 2025-12-01, reason 0")
        lines = run.stderr.decode().splitlines()
        check(len(lines) == REPEATS, f"arudd: {len(lines)} items reported, not {REPEATS}")
        # the first repeat: item N+1 on line N+3, an earlier item (item 1, line 3) gave A-0
        check(bool(lines) and lines[0].startswith(f"skipped: arudd.xml line {N + 3}, item {N + 1} ")
              and "an earlier item (arudd.xml line 3, item 1" in lines[0], f"arudd: first report {lines[:1]}")

        # ADDACS: advice k (1-based) on line k + 3 cancels account k-1 (reason 1); the repeats
        # are the same advice again: one row each, nothing reported (§14).
        addacs = os.path.join(d, "addacs.xml")
        with open(addacs, "w", encoding="utf-8") as f:
            f.write('<?xml version="1.0" encoding="UTF-8"?>\n<BACSDocument><Data><MessagingAdvices>\n'
                    '<MessagingHeader advice-type="ADDACS" report-generation-date="2025-12-02"/>\n')
            for k in range(N + REPEATS):
                i = k if k < N else k - N
                f.write(f'<MessagingAdvice record-type="A" effective-date="2025-12-01" reference="REF{i:08d}"'
                        f' payer-name="PAYER {i}" reason-code="1"/>\n')
            f.write("</MessagingAdvices></Data></BACSDocument>\n")
        run = subprocess.run([binary, "mandates", "addacs.xml", "--accounts", "accounts.csv"], cwd=d, capture_output=True,
                             timeout=600)
        check(run.returncode == 0, f"mandates: exit {run.returncode}, not 0: {run.stderr[:300]!r}")
        rows = clitest.rows(run.stdout)
        check(len(rows) == N, f"mandates: {len(rows)} rows, not {N}")
        check(all(r["account_id"] == f"A-{i}" and r["effective_date"] == "2025-12-01" and r["event"] == "cancelled"
                  and r["reason"] == "1" for i, r in enumerate(rows)), "mandates: a row is not account i cancelled")
    return clitest.finish(f"ok: {N} ARUDD items and {N} ADDACS advices (and {REPEATS} repeats of each)")


if __name__ == "__main__":
    sys.exit(main())
