"""``arrears.read_mandates``: Bacs ADDACS and AUDDIS reports (what payers' banks did to Direct
Debit Instructions) into mandates rows, as ``arrears mandates`` makes them (recovery-rules §14
"Mandates")."""

from __future__ import annotations

import os
import warnings as _warnings
from typing import Iterable, Optional, Union

import numpy as np
import pandas as pd

from . import _core, _exports, _frames, _values
from ._recovery import InputWarning
from ._types import Table

PathLike = Union[str, os.PathLike]


def read_mandates(path: Union[PathLike, Iterable[PathLike]], accounts: Table, *, reference_column: str = "reference",
                  date_format: str = "YYYY-MM-DD", map: Optional[_exports.ColumnMap] = None) -> pd.DataFrame:
    """The mandate events (``account_id, effective_date, event, reason, new_sort_code,
    new_account_number``) of ADDACS and AUDDIS reports.

    Each ADDACS ``MessagingAdvice`` whose ``reference`` equals an account's `reference_column`
    (trimmed, ignoring case) becomes a row with the event of its ``reason-code``: ``0``, ``1``,
    ``2``, ``B`` ``cancelled``; ``3``, ``C`` ``transferred`` (with ``payer-new-sort-code`` and
    ``payer-new-account-number``, each empty when the advice lacks it: the old one stands);
    ``D`` ``disputed``; ``E`` ``amended``; ``R`` ``reinstated``. An AUDDIS rejection of an
    instruction is ``cancelled`` (on its ``effective-date``, else the report's date); AUDDIS
    acceptances give no rows. `accounts` is read as ``recover`` reads it (`date_format`,
    `map`). Advices that give no row (no account or several, a rejected account, a reason
    outside these, a date or new detail that cannot be read, the rejection of a whole AUDDIS
    file, a second advice for the same account, date and event saying something else) are
    left out with an ``InputWarning`` each; the same advice twice gives one row.

    Parameters
    ----------
    path : path or iterable of paths
        One ADDACS or AUDDIS XML report, or several (read in order).
    accounts : DataFrame or list of dict
        The accounts, as for `recover`, with a `reference_column`.
    reference_column : str
        The accounts' column holding each payer's Direct Debit reference.
    date_format, map
        As for `recover`.

    Returns
    -------
    DataFrame
        ``account_id`` (str), ``effective_date`` (datetime64[ns]), ``event`` (str),
        ``reason`` (the ADDACS or AUDDIS reason code, str), ``new_sort_code`` (six digits or
        ``""``), ``new_account_number`` (eight digits or ``""``): one row per advice that gave
        one, in the files' order.

    Raises
    ------
    InputError
        A file that cannot be read or is not an ADDACS or AUDDIS report (an ARUDD report is
        read by `read_arudd`), or `accounts` without `reference_column`.

    Examples
    --------
    >>> import arrears, os, tempfile
    >>> report = ('<BACSDocument><Data><MessagingAdvices><MessagingHeader advice-type="ADDACS"/>'
    ...           '<MessagingAdvice reference="RENT1" reason-code="3" effective-date="2025-12-03"'
    ...           ' payer-new-sort-code="20-00-00" payer-new-account-number="12345678"/>'
    ...           '</MessagingAdvices></Data></BACSDocument>')
    >>> accounts = [{"account_id": "A-1001", "amount": "532.17", "frequency": "monthly",
    ...              "first_due": "2025-04-01", "reference": "RENT1"}]
    >>> with tempfile.TemporaryDirectory() as d:
    ...     path = os.path.join(d, "addacs.xml")
    ...     with open(path, "w") as f:
    ...         _ = f.write(report)
    ...     mandates = arrears.read_mandates(path, accounts)
    >>> mandates[["account_id", "effective_date", "event", "reason", "new_sort_code"]]  # ADDACS 3: moved bank
      account_id effective_date        event reason new_sort_code
    0     A-1001     2025-12-03  transferred      3        200000
    """
    paths = [os.fspath(path)] if isinstance(path, (str, os.PathLike)) else [os.fspath(p) for p in path]
    accounts = _exports.apply_map(map, {"accounts": accounts})["accounts"]
    reference = _values.to_text(reference_column, "reference_column").strip(" \t")
    kinds = {**_frames.ACCOUNT_COLUMNS, reference: "text"}
    rows, problems = _core.read_mandates(paths, _frames.table(accounts, "accounts", kinds, lazy=True), reference,
                                         _values.to_text(date_format, "date_format"))
    for problem in problems:
        _warnings.warn(f"skipped: {problem}", InputWarning, stacklevel=2)
    columns = [list(c) for c in zip(*rows)] if rows else [[] for _ in range(6)]
    ids, days, events, reasons, sort_codes, account_numbers = columns
    return pd.DataFrame({
        "account_id": pd.Series(ids, dtype=object),
        "effective_date": pd.to_datetime(np.asarray(days, dtype="int64"), unit="D"),
        "event": pd.Series(events, dtype=object),
        "reason": pd.Series(reasons, dtype=object),
        "new_sort_code": pd.Series(sort_codes, dtype=object),
        "new_account_number": pd.Series(account_numbers, dtype=object)})
