"""Shared pieces of the pytest suite of the `arrears` package.

CTest runs this suite with PYTHONPATH set to the package built in <build>/python; run by
hand, point PYTHONPATH there too (e.g. PYTHONPATH=build/default/python)."""

import datetime as dt
from decimal import Decimal

import pandas as pd
import pytest

import arrears

assert arrears.__file__  # fail early and clearly when the package is not on the path

# recovery-rules §11: the Westminster outage and the notice given after it.
WESTMINSTER = {"outage": (dt.date(2025, 11, 24), dt.date(2026, 1, 9)), "notice_date": dt.date(2026, 1, 12)}

# recovery-rules §11: £532.17 monthly, due on the 1st.
WORKED = {"account_id": "A-1001", "amount": "532.17", "frequency": "monthly", "first_due": "2025-04-01"}


def feb_and_mar_2026(regular, recovery, total):
    """The schedule (without account_id) of a plan due on the 1st whose arrears, 2 x `recovery`,
    are recovered at the §11 outage on its two collections left before 31 Mar 2026: due 1 Feb
    and 1 Mar, collected Mon 2 Feb and Mon 2 Mar (the 1sts are Sundays)."""
    return {
        "due_date": [pd.Timestamp("2026-02-01"), pd.Timestamp("2026-03-01")],
        "collection_date": [pd.Timestamp("2026-02-02"), pd.Timestamp("2026-03-02")],
        "regular_amount": [Decimal(regular)] * 2,
        "recovery_amount": [Decimal(recovery)] * 2,
        "total_amount": [Decimal(total)] * 2,
        "arrears_after": [Decimal(recovery), Decimal("0.00")],
    }


@pytest.fixture
def westminster():
    return dict(WESTMINSTER)


@pytest.fixture
def worked():
    return dict(WORKED)
