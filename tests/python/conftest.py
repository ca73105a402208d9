"""Shared pieces of the pytest suite of the `arrears` package.

CTest runs this suite with PYTHONPATH set to the package built in <build>/python; run by
hand, point PYTHONPATH there too (e.g. PYTHONPATH=build/default/python)."""

import datetime as dt

import pytest

import arrears

assert arrears.__file__  # fail early and clearly when the package is not on the path

# recovery-rules §11: the Westminster outage and the notice given after it.
WESTMINSTER = {"outage": (dt.date(2025, 11, 24), dt.date(2026, 1, 9)), "notice_date": dt.date(2026, 1, 12)}

# recovery-rules §11: £532.17 monthly, due on the 1st.
WORKED = {"account_id": "A-1001", "amount": "532.17", "frequency": "monthly", "first_due": "2025-04-01"}


@pytest.fixture
def westminster():
    return dict(WESTMINSTER)


@pytest.fixture
def worked():
    return dict(WORKED)
