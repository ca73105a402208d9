"""Same input, same result (recovery-rules §10): recover() on the bundled portfolio gives
identical frames, attrs and warnings for threads=1 and threads=2, and when run twice.
(The package hands threads 512 accounts at a time, so the portfolios here are bigger.)"""

import os
import pathlib
import warnings

import pandas as pd
import pytest

import arrears

SOURCE = pathlib.Path(os.environ.get("ARREARS_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
DATA = SOURCE / "examples" / "data"

pytestmark = pytest.mark.skipif(not (DATA / "accounts.csv").is_file(), reason="examples/data/accounts.csv is absent")


def read_text(name):
    return pd.read_csv(DATA / name, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def recover(threads, **options):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        schedule, summary = arrears.recover(threads=threads, **options)
    return schedule, summary, [str(w.message) for w in caught]


def assert_identical(a, b):
    for x, y in zip(a[:2], b[:2]):
        pd.testing.assert_frame_equal(x, y, check_exact=True)
        assert x.attrs == y.attrs
        assert x.to_csv(index=False) == y.to_csv(index=False)  # the same text, byte for byte
    assert a[2] == b[2]


@pytest.mark.parametrize("money", ["decimal", "pence"])
def test_threads_and_repeats_give_identical_frames(money):
    options = {"accounts": read_text("accounts.csv"), "payments": read_text("payments.csv"),
               "outage": ("2025-11-24", "2026-01-09"), "notice_date": "2026-01-12", "money": money}
    one = recover(1, **options)
    # 9 rejected: the 10 planted rows less R-900008, whose `Monthly` is read since issue 26 (§12).
    assert len(one[1]) == 3010 and (one[1]["status"] == "rejected").sum() == 9 and len(one[0]) > 10_000
    assert len(one[2]) == 2  # rejected accounts, skipped payments rows
    for threads in (2, 2, 1):
        assert_identical(one, recover(threads, **options))


def copies(frame, n):
    """`frame` n times over, account_ids suffixed #1, #2, ... (empty ones stay empty)."""
    parts = []
    for k in range(1, n + 1):
        part = frame.copy()
        part["account_id"] = [f"{a}#{k}" if a else a for a in part["account_id"]]
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def test_ledger_mode_threads_and_repeats_give_identical_frames():
    # The ledger variant's 300 accounts, 4 times over: 1,200, three chunks of 512, so both threads work.
    options = {"accounts": copies(read_text("ledger-accounts.csv"), 4), "ledger": copies(read_text("ledger.csv"), 4),
               "notice_date": "2026-01-12"}
    one = recover(1, **options)
    assert len(one[1]) == 1200 and (one[1]["status"] == "cancelled").sum() == 12
    for threads in (2, 2):
        assert_identical(one, recover(threads, **options))
