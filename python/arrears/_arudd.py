"""``arrears.read_arudd``: Bacs ARUDD reports (returned debits) into ledger rows, as
``arrears arudd`` makes them (recovery-rules §14)."""

from __future__ import annotations

import os
import warnings as _warnings
from typing import Any, Iterable, Optional, Union

import numpy as np
import pandas as pd

from . import _core, _exports, _frames, _values
from ._recovery import InputWarning
from ._types import DateLike, HolidayFile, Table

PathLike = Union[str, os.PathLike]


def read_arudd(path: Union[PathLike, Iterable[PathLike]], accounts: Table, *, reference_column: str = "reference",
               date_format: str = "YYYY-MM-DD", map: Optional[_exports.ColumnMap] = None,
               holidays: HolidayFile = None, closures: Iterable[DateLike] = ()) -> pd.DataFrame:
    """The ledger rows (``account_id, due_date, amount, status, reason``) of ARUDD reports.

    Each ReturnedDebitItem whose ``ref`` equals an account's `reference_column` (trimmed,
    ignoring case) becomes an ``unpaid`` row with its ``returnCode``, ``valueOf`` and the
    account's due date collected on the first England-and-Wales working day (with
    `holidays` and `closures`) after its ``originalProcessingDate``. `accounts` is read as
    ``recover`` reads it (`date_format`, `map`). Items that give no row (no account or
    several, a rejected account, no due date, a repeated account and due date) are left out
    with an ``InputWarning`` each; a file that is not an ARUDD report raises ``InputError``.
    The result can be passed to ``recover(..., ledger=...)``.
    """
    paths = [os.fspath(path)] if isinstance(path, (str, os.PathLike)) else [os.fspath(p) for p in path]
    official = _values.official_holidays(holidays)
    _exports.warn_stale_list(official, ["england-and-wales"], holidays, InputWarning)
    collection, _ = _core.run_calendars("england-and-wales", official, _values.date_list(closures, "closures"))
    accounts = _exports.apply_map(map, {"accounts": accounts})["accounts"]
    reference = _values.to_text(reference_column, "reference_column").strip(" \t")
    kinds = {**_frames.ACCOUNT_COLUMNS, reference: "text"}
    rows, problems = _core.read_arudd(paths, _frames.table(accounts, "accounts", kinds), reference,
                                      _values.to_text(date_format, "date_format"), collection)
    for problem in problems:
        _warnings.warn(f"skipped: {problem}", InputWarning, stacklevel=2)
    ids, days, pence, reasons = (list(c) for c in zip(*rows)) if rows else ([], [], [], [])
    return pd.DataFrame({
        "account_id": pd.Series(ids, dtype=object),
        "due_date": pd.to_datetime(np.asarray(days, dtype="int64"), unit="D"),
        "amount": pd.Series([_values.pence_to_decimal(p) for p in pence], dtype=object),
        "status": pd.Series(["unpaid"] * len(ids), dtype=object),
        "reason": pd.Series(reasons, dtype=object)})
