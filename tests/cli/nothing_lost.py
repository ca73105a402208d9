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
from hostile import OUTAGE, WORKED, case, check, read_rows  # noqa: E402

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
    check(list(m) == ["version", "arguments", "inputs", "outputs", "statuses", "arrears", "scheduled", "reported"],
          "keys")
    check(m["reported"] == [], f"reported {m['reported']}")  # (its row is the golden reported_payment_review's)
    check("rejected" in r.stderr, r.stderr)
    c.run(args[1:], exit=1, outputs=False)
    check((c.folder / "run.json").read_bytes() == first, "the same run gave another manifest")
    # The manifest is an output: naming an input with it is a usage error too.
    c.run(["--accounts", "accounts.csv", *OUTAGE, "--manifest", "payments.csv", "--payments", "payments.csv"],
          exit=2, outputs=False)


@case()
def manifest_lists_the_mandates_and_guards_them(c):
    # --mandates (recovery-rules §14) is an input like --payments: the manifest lists it after
    # the accounts with its SHA-256 and 2 rows, and an output naming it is a usage error.
    # A-1's mandate is cancelled (ADDACS 1), A-2's cancelled then reinstated: A-1 cancelled
    # (its 200.00 reported, not scheduled), A-2 ok (the worked plan: 200.00 scheduled).
    import hashlib
    import json
    c.accounts([f"A-1,{WORKED}", f"A-2,{WORKED}"])
    c.write("mandates.csv", "account_id,effective_date,event,reason\nA-1,2026-01-05,cancelled,1\n"
            "A-2,2026-01-05,reinstated,R\nA-2,2026-01-02,cancelled,B\n")
    before = (c.folder / "mandates.csv").read_bytes()
    c.run(["--accounts", "accounts.csv", *OUTAGE, "--mandates", "mandates.csv", "--summary", "summary.csv",
           "--manifest", "run.json"], exit=0, outputs=False)
    m = json.loads((c.folder / "run.json").read_bytes())
    sha = lambda name: hashlib.sha256((c.folder / name).read_bytes()).hexdigest()  # noqa: E731
    check(m["inputs"] == [{"path": "accounts.csv", "sha256": sha("accounts.csv"), "rows": 2},
                          {"path": "mandates.csv", "sha256": sha("mandates.csv"), "rows": 3}], f"inputs {m['inputs']}")
    check(m["statuses"]["cancelled"] == 1 and m["statuses"]["ok"] == 1, f"statuses {m['statuses']}")
    check(m["arrears"] == "400.00" and m["scheduled"] == "200.00", f"totals {m['arrears']} {m['scheduled']}")
    r = c.run(["--accounts", "accounts.csv", *OUTAGE, "--mandates", "mandates.csv", "--summary", "mandates.csv"],
              exit=2, outputs=False)
    check("--summary 'mandates.csv' is the input file of --mandates 'mandates.csv'" in r.stderr, r.stderr)
    check((c.folder / "mandates.csv").read_bytes() == before, "the mandates file changed")


@case()
def manifest_lists_every_output(c):
    # Every output of recover (apps/arrears/run_output.hpp: each describes itself, the
    # manifest last) in the order schedule, summary, workbook, notices, letters, Notify,
    # collections, each hashed as published. The worked example of §13 (tests/cli/cases/
    # notices_worked_example): W1 monthly 532.17 (rows 2 Feb, 2 Mar), W2 weekly 10.00 (the
    # 12 Mondays 12 Jan - 30 Mar, recovery 7.00 on the 10 from 26 Jan), CT1 review, NA1
    # no_arrears. Schedule 2 + 12 = 14 rows; summary 4; notices, letters and the Notify
    # upload 2 (W1, W2: name, address_line_1 and postcode are three lines);
    # collections 2 + 10 = 12; workbook: schedule 14 + summary 4 + cash flow 4 (Jan, Feb, Mar
    # and the total; the blank row before it is not a record) + notices 2 + collections 12 +
    # run 26 (version, arguments, the input's path, sha256 and rows, notice date, first
    # changeable collection, H, 7 statuses x (accounts, arrears), arrears, scheduled,
    # reported rows, collections left out of the bank files) = 62.
    import hashlib
    import json
    c.write("accounts.csv", "account_id,amount,frequency,first_due,end,dd_reference,name,address_line_1,postcode\n"
            "W1,532.17,monthly,2025-04-01,,DD-0001,A,1 Road,AN1 1AA\n"
            "W2,10.00,weekly,2025-04-07,,DD-0002,B,2 Road,AN1 1AB\n"
            "CT1,150.00,monthly,2025-04-01,2026-01-01,DD-0003,C,3 Road,AN1 1AC\n"
            "NA1,100.00,monthly,2026-01-15,,DD-0004,D,4 Road,AN1 1AD\n")
    c.run(["--accounts", "accounts.csv", *OUTAGE, "--manifest", "run.json", "--collections", "c.csv",
           "--letters", "l.html", "--notices", "n.csv", "--workbook", "w.xlsx", "--summary", "m.csv",
           "--schedule", "s.csv", "--keep", "dd_reference,name,address_line_1,postcode", "--notify", "u.csv"],
          exit=0, outputs=False)
    m = json.loads((c.folder / "run.json").read_bytes())
    sha = lambda name: hashlib.sha256((c.folder / name).read_bytes()).hexdigest()  # noqa: E731
    expected = [("s.csv", 14), ("m.csv", 4), ("w.xlsx", 62), ("n.csv", 2), ("l.html", 2), ("u.csv", 2),
                ("c.csv", 12)]
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
    argv = [c.program, "recover", "--accounts", "big.csv", *OUTAGE, "--schedule", "schedule.csv",
            "--summary", "summary.csv", "--threads", "1"]
    for delay in (0.3, 0.15, 0.05, 0.01):
        # Written again at each try: a try whose run finished before the signal replaced them
        # (on a quiet machine 400,000 accounts take a few tenths of a second).
        c.write("schedule.csv", "old schedule\n")
        c.write("summary.csv", "old summary\n")
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
            left = leftovers(c.folder)
            check(left == [], f"files of the run left behind: {left}")
            name = signal.Signals(sig).name
            err = p.stderr.read().decode()
            if p.returncode == 0 or err.endswith(" after every output was in place\n"):
                # Too late: the signal came as the outputs were published (it waits for them)
                # or after. The run's new outputs stand whole; try again, sooner.
                check(p.returncode in (0, -sig), f"exit {p.returncode}: {err}")
                check((c.folder / "schedule.csv").read_text().startswith("account_id,"), "the new schedule")
                continue
            check(p.returncode == -sig, f"exit {p.returncode}, expected death by signal {sig}")
            check(err.startswith(f"arrears recover: stopped by {name}") and err.endswith(": every output is as it "
                                                                                       "was\n"), err)
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


# ---- issue 25: nothing lost, for real --------------------------------------------------

def leftovers(folder):
    """The files a run keeps beside its outputs while it runs (temporary, lock, kept-aside)."""
    return sorted(p.name for p in folder.iterdir() if ".arrears-" in p.name or p.name.endswith(".arrears.lock"))


@case()
def a_killed_runs_temporary_files_are_swept(c):
    # kill -9 leaves `.NAME.arrears-PID-ID.tmp`; the next run into NAME holds NAME's lock, so
    # no live run owns such a file: it is removed. Under the naming before issue 25,
    # `.NAME.arrears-PID.tmp`, a PID no process has is gone too (4194304 is above pid_max's
    # largest value, 2^22, so none has it). Another output's leftovers are its own run's to sweep.
    accounts_and_bytes(c)
    for name in (".schedule.csv.arrears-77-0123456789abcdef.tmp", ".schedule.csv.arrears-4194305.tmp",
                 ".schedule.csv.arrears-1-fedcba9876543210.old.tmp", ".other.csv.arrears-77-0123456789abcdef.tmp"):
        c.write(name, "left by a killed run\n" * 1000)
    c.run(["--accounts", "accounts.csv", *OUTAGE, "--schedule", "schedule.csv"], exit=0, outputs=False)
    check(leftovers(c.folder) == [".other.csv.arrears-77-0123456789abcdef.tmp"], f"left: {leftovers(c.folder)}")
    check(len(read_rows(c.folder / "schedule.csv")) == 4, "the schedule")


@case()
def every_replaced_output_is_removed(c):
    # Each existing output is kept aside while the outputs are renamed into place, then
    # removed, several at once (one thread each): after the run every output holds the new
    # run's content (2 accounts: the worked example's 2 schedule rows each, one summary row
    # each) and no previous file, lock or temporary file is left.
    accounts_and_bytes(c)
    for name in ("schedule.csv", "summary.csv", "collections.csv"):
        c.write(name, "old\n" * 1000)
    c.run(["--accounts", "accounts.csv", *OUTAGE, "--schedule", "schedule.csv", "--summary", "summary.csv",
           "--collections", "collections.csv"], exit=0, outputs=False)
    check(leftovers(c.folder) == [], f"left: {leftovers(c.folder)}")
    check(len(read_rows(c.folder / "schedule.csv")) == 4, "the schedule")
    check(len(read_rows(c.folder / "summary.csv")) == 2, "the summary")
    check("old" not in (c.folder / "collections.csv").read_text(), "the collection file")


@case()
def a_lock_held_by_another_run(c):
    # One run at a time into an output (§12): while another process holds the output's lock
    # (here this test, with flock as arrears takes it), the run is a usage error naming the
    # output, and writes nothing; once it is released the run goes ahead and removes the lock.
    import fcntl
    accounts_and_bytes(c)
    c.write("summary.csv", "old summary\n")
    lock = c.folder / ".summary.csv.arrears.lock"
    with open(lock, "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        r = c.run(["--accounts", "accounts.csv", *OUTAGE, "--schedule", "schedule.csv", "--summary", "summary.csv"],
                  exit=2, outputs=False)
        check("--summary 'summary.csv': another arrears run is writing it now (it holds '.summary.csv.arrears.lock'); "
              "run again when that run has finished" in r.stderr, r.stderr)
        check((c.folder / "summary.csv").read_text() == "old summary\n", "the summary changed")
        check(not (c.folder / "schedule.csv").exists(), "the schedule was written")
    c.run(["--accounts", "accounts.csv", *OUTAGE, "--schedule", "schedule.csv", "--summary", "summary.csv"], exit=0,
          outputs=False)
    check(leftovers(c.folder) == [], f"left: {leftovers(c.folder)}")


@case()
def a_file_in_the_way_is_named(c):
    # Something that is not a lock file where the output's lock goes (here a folder): the
    # run is a usage error naming it, not "File exists" without a name.
    accounts_and_bytes(c)
    os.mkdir(c.folder / ".schedule.csv.arrears.lock")
    r = c.run(["--accounts", "accounts.csv", *OUTAGE, "--schedule", "schedule.csv"], exit=2, outputs=False)
    check(r.stderr == "arrears recover: --schedule 'schedule.csv': the lock file '.schedule.csv.arrears.lock' in . "
                      "is in the way: Is a directory (remove it if no arrears run is writing 'schedule.csv')\n",
          r.stderr)


@case()
def mode_and_owner_of_an_output_are_kept(c):
    # An output restricted to its owner (0600: notices and letters carry names and addresses)
    # stays 0600 after the next run; as root, one owned by another user stays that user's.
    # A new output gets the umask's mode (0644 under umask 022).
    import stat
    accounts_and_bytes(c)
    for name in ("schedule.csv", "summary.csv"):
        c.write(name, "old\n")
        os.chmod(c.folder / name, 0o600)
    root = os.geteuid() == 0
    if root:
        os.chown(c.folder / "summary.csv", 65534, 65534)  # nobody:nogroup (Debian's numbers)
    old = os.umask(0o022)
    try:
        c.run(["--accounts", "accounts.csv", *OUTAGE, "--schedule", "schedule.csv", "--summary", "summary.csv",
               "--manifest", "run.json"], exit=0, outputs=False)
    finally:
        os.umask(old)
    for name in ("schedule.csv", "summary.csv"):
        st = os.stat(c.folder / name)
        check(stat.S_IMODE(st.st_mode) == 0o600, f"{name}: mode {oct(stat.S_IMODE(st.st_mode))}, expected 0o600")
    if root:
        st = os.stat(c.folder / "summary.csv")
        check((st.st_uid, st.st_gid) == (65534, 65534), f"summary.csv owner {st.st_uid}:{st.st_gid}")
    else:
        print("SKIP mode_and_owner_of_an_output_are_kept (owner): not root, cannot chown")
    check(stat.S_IMODE(os.stat(c.folder / "run.json").st_mode) == 0o644, "a new output's mode")


@case()
def the_same_run_gives_the_same_workbook(c):
    # §12: the same run gives the same manifest, --workbook included: the workbook's creation
    # time is the notice date (2026-01-12T00:00:00Z), not the clock's, so two runs a second
    # apart give the same bytes.
    import json
    import zipfile
    accounts_and_bytes(c)
    args = ["--accounts", "accounts.csv", *OUTAGE, "--workbook", "w.xlsx", "--summary", "m.csv", "--manifest", "run.json"]
    c.run(args, exit=0, outputs=False)
    first, manifest = (c.folder / "w.xlsx").read_bytes(), (c.folder / "run.json").read_bytes()
    time.sleep(1.1)
    c.run(args, exit=0, outputs=False)
    check((c.folder / "w.xlsx").read_bytes() == first, "two identical runs gave two workbooks")
    check((c.folder / "run.json").read_bytes() == manifest, "two identical runs gave two manifests")
    core = zipfile.ZipFile(c.folder / "w.xlsx").read("docProps/core.xml").decode()
    check("<dcterms:created xsi:type=\"dcterms:W3CDTF\">2026-01-12T00:00:00Z</dcterms:created>" in core, core)
    check([o["path"] for o in json.loads(manifest)["outputs"]] == ["m.csv", "w.xlsx"], "manifest")


def sheet_cells(path, sheet):
    """The text of every string cell of `sheet` (sheetN.xml) of the workbook at `path`."""
    import html
    import re
    import zipfile
    z = zipfile.ZipFile(path)
    names = [html.unescape(t) for t in re.findall(r"<t[^>]*>(.*?)</t>", z.read("xl/sharedStrings.xml").decode(), re.S)] \
        if "xl/sharedStrings.xml" in z.namelist() else []
    xml = z.read(f"xl/worksheets/{sheet}.xml").decode()
    cells = []
    for attrs, body in re.findall(r"<c ([^>]*)>(.*?)</c>", xml, re.S):
        kind = (re.search(r't="(\w+)"', attrs) or [None, None])[1]
        v = re.search(r"<v>(.*?)</v>", body)
        if kind == "s" and v:
            cells.append(names[int(v.group(1))])
        elif kind == "inlineStr":
            cells.append(html.unescape(re.search(r"<t[^>]*>(.*?)</t>", body, re.S).group(1)))
    return cells


@case()
def a_cell_longer_than_excel_takes(c):
    # One bad row holding a 40,000-character amount: without --workbook that row is rejected
    # (exit 1) and the run goes on; with it, the same (Excel takes 32,767 characters a cell).
    # The message quotes the first 100 characters of the cell and says how long it is. An
    # account_id of 40,000 characters is a good account: the CSV keeps it whole, the workbook
    # cuts it to 32,767 characters ending "… [cut: 40,000 characters]".
    long_id = "L" * 40_000
    c.accounts([f"A-1,{WORKED}", "A-2," + "9" * 40_000 + ",monthly,2025-04-01", f"{long_id},{WORKED}"])
    r = c.run(["--accounts", "accounts.csv", *OUTAGE, "--workbook", "w.xlsx"], exit=1, accounts=3)
    summary = r.summary()
    check([s["status"] for s in summary] == ["ok", "rejected", "ok"], f"statuses {[s['status'] for s in summary]}")
    start = "accounts.csv line 3, column 2 (amount): invalid amount '" + "9" * 100 + "\u2026' (40,000 characters): "
    check(summary[1]["message"].startswith(start), summary[1]["message"][:400])
    check(len(summary[1]["message"]) < 400, f"a message of {len(summary[1]['message'])} characters")
    check(summary[2]["account_id"] == long_id, "the CSV summary cut the long account_id")
    cells = sheet_cells(c.folder / "w.xlsx", "sheet2")  # summary
    cut = [v for v in cells if v.startswith("LLLL")]
    check(len(cut) == 1 and len(cut[0]) == 32_767 and cut[0].endswith("L\u2026 [cut: 40,000 characters]"),
          f"cut cell: {[len(v) for v in cut]} {cut[0][-40:] if cut else ''}")
    check(summary[1]["message"] in cells, "the summary sheet lacks the rejection message")


@case()
def a_misspelt_map_name(c):
    # §12 --map OURS=THEIRS: OURS is a column arrears reads. `edn` is none (a Council Tax plan
    # whose `end` was not read would be collected past its end): a usage error naming the
    # nearest name, before anything is read or written.
    accounts_and_bytes(c)
    r = c.run(["--accounts", "accounts.csv", *OUTAGE, "--map", "edn=End Date"], exit=2)
    check(r.stderr.startswith("arrears recover: --map edn=End Date: arrears reads no column 'edn' (did you mean "
                              "'end'?); OURS is one of: account_id, amount, frequency, first_due, day, end,"), r.stderr)
    # One of arrears' names, however the file spells it: the run goes ahead.
    c.accounts([f"A-1,{WORKED},"], header=hostile.ACCOUNTS_HEADER + ",End Date")
    c.run(["--accounts", "accounts.csv", *OUTAGE, "--map", "end=End Date"], exit=0, accounts=1)


@case()
def a_kept_column_that_is_a_placeholder(c):
    # §13: in letters a kept column is the placeholder of its name with every character but
    # letters, digits and _ made _: `first changed` would be {first_changed} (the letter would
    # print the payer's cell where the date of the first changed collection belongs) and
    # `schedule-table` {schedule_table} (the table the Direct Debit Guarantee requires).
    c.accounts([f"A-1,{WORKED},x,y,z,w"],
               header=hostile.ACCOUNTS_HEADER + ",first changed,schedule-table,Post Code,Post-Code")
    clash = "of the letters, which is already the output's"
    for keep, words in (("first changed", f"column 'first changed' would be the placeholder {{first_changed}} {clash} "
                                          "'first_changed'; rename the column in the accounts file"),
                        ("schedule-table", f"column 'schedule-table' would be the placeholder {{schedule_table}} "
                                           f"{clash} 'schedule_table'; rename the column in the accounts file"),
                        ("Post Code,Post-Code", "columns 'Post Code' and 'Post-Code' would both be the placeholder "
                                                "{Post_Code} of the letters; keep one of them")):
        r = c.run(["--accounts", "accounts.csv", *OUTAGE, "--keep", keep, "--letters", "l.html"], exit=2,
                  outputs=False)
        check(r.stderr == f"arrears recover: --keep '{keep}': {words}\n", r.stderr)


@case()
def a_manifest_path_that_is_not_utf8(c):
    # The manifest is JSON text (UTF-8): a path in another encoding cannot be written in it, so
    # it is a usage error before the run (not a library's error after the whole run).
    accounts_and_bytes(c)
    argv = [c.program.encode(), b"recover", b"--accounts", b"accounts.csv", *(a.encode() for a in OUTAGE),
            b"--schedule", b"s.csv", b"--manifest", b"run-\xa3.json"]
    done = subprocess.run(argv, cwd=c.folder, stdin=subprocess.DEVNULL, capture_output=True, timeout=60)
    err = done.stderr.decode("utf-8", "replace")
    check(done.returncode == 2, f"exit {done.returncode}: {err}")
    number = argv.index(b"run-\xa3.json")  # argv[0] is the program: the index is the argument's number
    check(err == f"arrears recover: --manifest records the arguments as UTF-8 text, and argument {number} "
                 "('run-\\xA3.json') is not UTF-8 (byte 5); rename the file or give another name\n", err)
    check(number == 14, "argv")  # (the probes' OUTAGE is 7 arguments)
    check(sorted(p.name for p in c.folder.iterdir()) == ["accounts.csv"], f"{sorted(os.listdir(c.folder))}")


@case()
def whole_file_inputs_have_a_size_limit(c):
    # A holiday file, a letter template, a bank file sent before (--submitted) and an ARUDD
    # report are read whole: one far larger than such a file can be is refused before it is
    # read (a sparse file: no disk used).
    accounts_and_bytes(c)
    for option, name, limit, what in (("--holidays", "h.json", 16 << 20, "a GOV.UK holiday file"),
                                      ("--letter-template", "t.html", 16 << 20, "a letter template")):
        with open(c.folder / name, "wb") as f:
            f.truncate(10 << 30)  # 10 GiB
        extra = ["--letters", "l.html"] if option == "--letter-template" else []
        r = c.run(["--accounts", "accounts.csv", *OUTAGE, option, name, *extra], exit=2)
        check(r.stderr == f"arrears recover: {option}: {name}: too big for {what}: 10,737,418,240 bytes (10.0 GiB), "
                          f"the most it can be is {limit:,} bytes (16.0 MiB); is it the right file?\n", r.stderr)
        os.remove(c.folder / name)
    with open(c.folder / "sent.txt", "wb") as f:
        f.truncate(10 << 30)
    r = c.run(["--accounts", "accounts.csv", *OUTAGE, "--collections", "c.csv", "--submitted", "sent.txt"], exit=2)
    check(r.stderr == "arrears recover: --submitted: sent.txt: too big for a bank file: 10,737,418,240 bytes "
                      "(10.0 GiB), the most it can be is 268,435,456 bytes (256.0 MiB); is it the right file?\n",
          r.stderr)
    os.remove(c.folder / "sent.txt")
    with open(c.folder / "r.xml", "wb") as f:
        f.truncate(10 << 30)
    done = subprocess.run([c.program, "arudd", "r.xml", "--accounts", "accounts.csv"], cwd=c.folder,
                          capture_output=True, timeout=60)
    check(done.returncode == 2 and done.stderr.decode() ==
          "arrears arudd: r.xml: too big for a Bacs ARUDD report: 10,737,418,240 bytes (10.0 GiB), the most it can be "
          "is 268,435,456 bytes (256.0 MiB); is it the right file?\n", done.stderr.decode())


@case()
def a_target_made_a_folder_during_the_run(c):
    # §12: every target is checked before the first is replaced. summary.csv becomes a
    # folder while the run works: the run exits 2 saying so, and the schedule, which came
    # first and could have been replaced, is as it was.
    big_portfolio(c, 200_000)
    c.write("schedule.csv", "old schedule\n")
    c.write("summary.csv", "old summary\n")
    p = start(c, ["--accounts", "big.csv", *OUTAGE, "--schedule", "schedule.csv", "--summary", "summary.csv"],
              "summary.csv")
    os.remove(c.folder / "summary.csv")
    os.mkdir(c.folder / "summary.csv")
    out, err = p.communicate(timeout=300)
    check(p.returncode == 2, f"exit {p.returncode}: {err.decode()}")
    check(err.decode() == "arrears recover: --summary 'summary.csv': is a folder, not a file: no output was "
                          "changed\n", err.decode())
    check((c.folder / "schedule.csv").read_text() == "old schedule\n", "the schedule was replaced")
    check(leftovers(c.folder) == [], f"left: {leftovers(c.folder)}")


def start(c, args, last):
    """Starts `arrears recover ARGS` and returns once the temporary file of its output `last`
    (the last one made) exists: every output is open, the work under way."""
    p = subprocess.Popen([c.program, "recover", *args], cwd=c.folder, stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 60
    prefix = f".{last}.arrears-"
    while time.time() < deadline and not any(q.name.startswith(prefix) and q.name.endswith(".tmp")
                                              for q in c.folder.iterdir()):
        if p.poll() is not None:
            raise hostile.Failed(f"the run ended before it could be caught: {p.stderr.read().decode()}")
        time.sleep(0.005)
    return p


@case()
def sigusr1_during_a_long_run(c):
    stopped_by(c, signal.SIGUSR1)


@case()
def sigalrm_during_a_long_run(c):
    stopped_by(c, signal.SIGALRM)


@case()
def sighup_during_a_long_run(c):
    stopped_by(c, signal.SIGHUP)


@case()
def sigpipe_from_head(c):
    # `arrears recover ... | head -1`: head exits after one line, the next write to the pipe
    # raises SIGPIPE. The run dies of it as of SIGTERM: no file of its own left, the summary
    # as it was, and a line on standard error saying what stopped it.
    big_portfolio(c, 200_000)
    c.write("summary.csv", "old summary\n")
    p = subprocess.Popen(f"'{c.program}' recover --accounts big.csv {' '.join(OUTAGE)} --schedule - "
                         "--summary summary.csv 2>err.txt | head -1 >/dev/null; echo ${PIPESTATUS[0]} >status.txt",
                         shell=True, executable="/bin/bash", cwd=c.folder)
    p.wait(timeout=300)
    status = (c.folder / "status.txt").read_text().strip()
    err = (c.folder / "err.txt").read_text()
    check(status == str(128 + signal.SIGPIPE), f"exit status {status}, expected {128 + signal.SIGPIPE} (SIGPIPE)")
    check(err == "arrears recover: stopped by SIGPIPE (a pipe it wrote to was closed): every output is as it "
                 "was\n", err)
    check((c.folder / "summary.csv").read_text() == "old summary\n", "the summary changed")
    check(leftovers(c.folder) == [], f"left: {leftovers(c.folder)}")


@case()
def sigxfsz_from_a_file_size_limit(c):
    # ulimit -f: a write past the limit raises SIGXFSZ. A run whose schedule would be larger
    # than 1 MiB is stopped as by SIGTERM, leaving the old outputs and nothing else.
    import resource
    big_portfolio(c, 40_000)  # about 4 MiB of schedule
    c.write("schedule.csv", "old schedule\n")

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 20, 1 << 20))
    done = subprocess.run([c.program, "recover", "--accounts", "big.csv", *OUTAGE, "--schedule", "schedule.csv"],
                          cwd=c.folder, capture_output=True, preexec_fn=limit, timeout=300)
    err = done.stderr.decode()
    check(done.returncode == -signal.SIGXFSZ, f"exit {done.returncode}: {err}")
    check(err == "arrears recover: stopped by SIGXFSZ (the file size limit, ulimit -f): every output is as it "
                 "was\n", err)
    check((c.folder / "schedule.csv").read_text() == "old schedule\n", "the schedule changed")
    check(leftovers(c.folder) == [], f"left: {leftovers(c.folder)}")


if __name__ == "__main__":
    del hostile.CASES[:HOSTILE_CASES]  # only this file's cases
    sys.exit(hostile.main())
