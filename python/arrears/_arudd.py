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

    Each ReturnedDebitItem whose payer's reference (its ``PayerAccount`` child's ``ref``, else
    its own ``ref``, which may carry a suffix such as ``X01234-4``) equals an account's
    `reference_column` (trimmed, ignoring case) becomes an ``unpaid`` row with its ``valueOf``
    and the account's due date collected on the first England-and-Wales working day (with
    `holidays` and `closures`) after its ``originalProcessingDate``. The reason is a
    one-character ``returnCode`` (``0``-``9``, ``A``, ``B``), else the one its
    ``returnDescription`` names (the reports Bacs sends carry four-digit codes: ``1012``
    ``INSTRUCTION CANCELLED`` is 1, ``0128`` ``REFER TO PAYER`` is 0; compared trimmed, any
    case, runs of spaces as one). The report's declared encoding (ISO-8859-1 in real files)
    is honoured; entities are never expanded. `accounts` is read as ``recover`` reads it
    (`date_format`, `map`). Items that give no row (no account or several, a rejected
    account, no reason, no due date, a repeated account and due date) are left out with an
    ``InputWarning`` each. The result can be passed to ``recover(..., ledger=...)``.

    Parameters
    ----------
    path : path or iterable of paths
        One ARUDD XML report, or several (read in order).
    accounts : DataFrame or list of dict
        The accounts, as for `recover`, with a `reference_column`.
    reference_column : str
        The accounts' column holding each payer's Direct Debit reference.
    date_format, map, holidays, closures
        As for `recover`.

    Returns
    -------
    DataFrame
        ``account_id`` (str), ``due_date`` (datetime64[ns]), ``amount`` (Decimal, pounds),
        ``status`` (always ``"unpaid"``), ``reason`` (the ARUDD reason code, str): one row
        per matched item, in the files' order.

    Raises
    ------
    InputError
        A file that cannot be read, is not readable XML in the encoding it declares, declares
        entities, or is not an ARUDD report (ADDACS and AUDDIS reports are read by
        `read_mandates`), or `accounts` without `reference_column`.

    Examples
    --------
    >>> import arrears, os, tempfile
    >>> report = ('<BACSDocument><Data><ARUDD><Advice><OriginatingAccountRecords><OriginatingAccountRecord>'
    ...           '<ReturnedDebitItem ref="RENT1" returnCode="0" originalProcessingDate="2025-11-28"'
    ...           ' valueOf="532.17"/></OriginatingAccountRecord></OriginatingAccountRecords></Advice>'
    ...           '</ARUDD></Data></BACSDocument>')
    >>> accounts = [{"account_id": "A-1001", "amount": "532.17", "frequency": "monthly",
    ...              "first_due": "2025-04-01", "reference": "RENT1"}]
    >>> with tempfile.TemporaryDirectory() as d:
    ...     path = os.path.join(d, "arudd.xml")
    ...     with open(path, "w") as f:
    ...         _ = f.write(report)
    ...     ledger = arrears.read_arudd(path, accounts)
    >>> ledger  # processed Fri 28 Nov 2025: collected, and due, Mon 1 Dec
      account_id   due_date  amount  status reason
    0     A-1001 2025-12-01  532.17  unpaid      0
    """
    paths = [os.fspath(path)] if isinstance(path, (str, os.PathLike)) else [os.fspath(p) for p in path]
    official = _values.official_holidays(holidays)
    _exports.warn_stale_list(official, ["england-and-wales"], holidays, InputWarning)
    collection, _ = _core.run_calendars("england-and-wales", official, _values.date_list(closures, "closures"))
    reference = _values.to_text(reference_column, "reference_column").strip(" \t")
    accounts = _exports.apply_map(map, {"accounts": accounts}, reads="accounts", also=[reference])["accounts"]
    kinds = {**_frames.ACCOUNT_COLUMNS, reference: "text"}
    rows, problems = _core.read_arudd(paths, _frames.table(accounts, "accounts", kinds, lazy=True), reference,
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
