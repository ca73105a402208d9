"""Threads that cannot start (issue 25, point 1) in Python: under a process limit (a
JupyterHub `nproc` limit, a container's pids.max) `arrears.recover(threads=4)` gets the
threads it can and gives the frames it gives without a limit; the analyst's interpreter never
aborts. Before the thread pool it did (std::terminate).

The limit (RLIMIT_NPROC) counts every process and thread of a user and root ignores it, so
each call runs in a child interpreter as a user id nobody else uses (setpriv, which needs
root); skipped where that cannot be done."""

import os
import pathlib
import shutil
import subprocess
import sys

import pytest

import arrears

SOURCE = pathlib.Path(os.environ.get("ARREARS_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
DATA = SOURCE / "examples" / "data"
UID = 54321  # (a user id no process of this machine runs as)

# The child: the bundled ledger portfolio four times over (1,200 accounts, several chunks),
# recovered on 4 threads; prints the frames as CSV text.
CHILD = r"""
import sys, warnings
import pandas as pd
import arrears
data = sys.argv[1]
def copies(name):
    frame = pd.read_csv(f"{data}/{name}", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    parts = []
    for k in range(1, 5):
        part = frame.copy()
        part["account_id"] = [f"{a}#{k}" if a else a for a in part["account_id"]]
        parts.append(part)
    return pd.concat(parts, ignore_index=True)
with warnings.catch_warnings(record=True):
    warnings.simplefilter("always")
    schedule, summary = arrears.recover(copies("ledger-accounts.csv"), ledger=copies("ledger.csv"),
                                        notice_date="2026-01-12", threads=4)
sys.stdout.write(schedule.to_csv(index=False) + summary.to_csv(index=False))
"""


def can_limit():
    if os.geteuid() != 0 or not shutil.which("setpriv") or not shutil.which("prlimit"):
        return False
    probe = subprocess.run(["setpriv", f"--reuid={UID}", f"--regid={UID}", "--clear-groups", "true"],
                           capture_output=True)
    return probe.returncode == 0


pytestmark = [
    pytest.mark.skipif(bool(os.environ.get("ARREARS_SANITIZED")),
                       reason="process limits are checked in the plain pass only (LeakSanitizer needs a thread)"),
    pytest.mark.skipif(not (DATA / "ledger.csv").is_file(), reason="examples/data/ledger.csv is absent"),
    pytest.mark.skipif(not can_limit(), reason="needs root, setpriv and prlimit to run as a user of its own"),
]


def child(nproc=None):
    package = pathlib.Path(arrears.__file__).resolve().parents[1]
    env = dict(os.environ, PYTHONPATH=str(package), PYTHONDONTWRITEBYTECODE="1",
               # (numpy's BLAS starts threads of its own at import unless told not to)
               OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    args = [sys.executable, "-c", CHILD, str(DATA)]
    if nproc is not None:
        args = ["setpriv", f"--reuid={UID}", f"--regid={UID}", "--clear-groups", "prlimit", f"--nproc={nproc}",
                "--", *args]
    return subprocess.run(args, capture_output=True, env=env, cwd="/", timeout=300)


@pytest.mark.parametrize("nproc", [1, 2, 3])
def test_recover_under_a_process_limit_gives_the_same_frames(nproc):
    free = child()
    assert free.returncode == 0, free.stderr.decode()
    limited = child(nproc)  # 1: no thread but the interpreter's own; 2 and 3: one or two more
    assert limited.returncode == 0, limited.stderr.decode()[-2000:]
    assert limited.stdout == free.stdout
