"""``arrears.bacs_file``: the Bacs Standard 18 file of a collection table (recovery-rules §14
"The bank's own format"), as ``arrears recover --bacs`` writes it, through the same code."""

from __future__ import annotations

import os
import re
import warnings as _warnings
from typing import Any, Iterable, Optional, Union

import numpy as np
import pandas as pd

from . import _core, _exports, _frames, _values
from ._types import DateLike, Table
from ._values import InputError

PathLike = Union[str, "os.PathLike[str]"]

# The accounts columns the Bacs file reads (after `map`): the payer's bank details.
BANK_COLUMNS = ["account_id", "sort_code", "account_number", "account_name", "name", "reference"]


def _event_name(value: Any) -> str:
    """§12 named values: letter case ignored, runs of spaces, hyphens and underscores alike."""
    return re.sub(r"[ \t_-]+", "", _values.to_text(value, "event")).lower()


def _transfers(mandates: Optional[Table]) -> list[tuple[str, int, str, str]]:
    """The `transferred` events of a mandates table (§14 "Mandates"), in its order:
    (account_id, effective day, new sort code, new account number)."""
    if mandates is None:
        return []
    rows = mandates.to_dict("records") if isinstance(mandates, pd.DataFrame) else list(mandates)
    out = []
    for n, row in enumerate(rows):
        row = {str(k).strip(" \t"): v for k, v in row.items()}
        if _event_name(row.get("event", "")) != "transferred":
            continue
        text = {k: "" if _values.is_missing(row.get(k)) else _values.to_text(row.get(k), k).strip(" \t")
                for k in ("account_id", "new_sort_code", "new_account_number")}
        out.append((text["account_id"], _values.to_days(row.get("effective_date"), f"mandates row {n}: effective_date"),
                    text["new_sort_code"], text["new_account_number"]))
    return out


def bacs_file(collections: pd.DataFrame, accounts: Table, *, sun: str, originator_sort_code: str,
              originator_account: str, originator_name: str, serial: str, bacs_date: DateLike,
              mandates: Optional[Table] = None, submitted: Union[PathLike, Iterable[PathLike]] = (),
              map: Optional[_exports.ColumnMap] = None) -> bytes:
    """The Bacs Standard 18 file of a collection table, as ``arrears recover --bacs`` writes it.

    One multi-day file (recovery-rules §14): the collections whose processing day is after
    `bacs_date` and at most 31 days after it, by collection date then account, each
    processing day's standard records (transaction code 17) followed by its contra, and the
    trailer's totals; records end with CR LF; money is integer pence in the 11-digit field.
    The payer's details come from the accounts columns ``sort_code`` (six digits, ``-`` and
    spaces ignored), ``account_number`` (eight digits, seven left-padded with 0),
    ``account_name`` (or, where empty, ``name``) and ``reference`` (6-18 Bacs characters,
    never changed but trimmed and upper-cased); names are upper-cased in the Bacs character
    set, accents removed, and cut to 18 characters.

    Parameters
    ----------
    collections : DataFrame
        From `arrears.collections` (``account_id``, ``collection_date``, ``processing_date``,
        ``amount`` as Decimal or pence); its ``attrs`` give the run's collection calendar.
    accounts : DataFrame or list of dict
        The accounts with their bank details (``map`` renames an export's own columns).
    sun : str
        The Service User Number: six digits.
    originator_sort_code, originator_account : str
        The council's account the collections are credited to (each day's contra).
    originator_name : str
        The council's name: 1-18 Bacs characters after the mapping (never cut).
    serial : str
        The submission serial: six letters or digits, not all zeros (Bacs refuses a serial
        it has seen within three months).
    bacs_date : date-like
        The day the file is made for submission.
    mandates : DataFrame or list of dict, optional
        Mandate events (``account_id, effective_date, event, new_sort_code,
        new_account_number``, as ``arrears mandates`` writes them): the latest
        ``transferred`` event's new sort code and account number replace the account's.
    submitted : path or iterable of paths
        Bank files already sent (earlier Standard 18 files; collection files in CSV or
        JSON): a collection they hold is left out, with a warning, and one they hold with
        another amount is a conflict ("recall the earlier debit ... first").
    map : dict, optional
        As for `recover` (default: the one `collections` kept in its ``attrs``).

    Returns
    -------
    bytes
        The file, ASCII, CR LF line ends.

    Raises
    ------
    InputError
        An originator's detail Bacs cannot take (naming its keyword), accounts without the
        bank columns, or a `submitted` file that is no bank file.

    Warns
    -----
    InputWarning
        Each collection left out: already submitted, a conflict, bank details Bacs cannot
        take (with the reason), processed on or before `bacs_date`; and how many are left for
        a later run (processed more than 31 days after `bacs_date`) and how many account
        names were cut.

    Examples
    --------
    >>> import arrears
    >>> accounts = [dict(account_id="W1", amount="532.17", frequency="monthly", first_due="2025-04-01",
    ...                  name="Ann Smith", sort_code="12-34-56", account_number="1234567", reference="ANYT-0001")]
    >>> schedule, _ = arrears.recover(accounts, outage=("2025-11-24", "2026-01-09"), notice_date="2026-01-12")
    >>> collections = arrears.collections(schedule, accounts)
    >>> data = arrears.bacs_file(collections.iloc[:1], accounts, sun="123456", originator_sort_code="11-22-33",
    ...                          originator_account="44556677", originator_name="Anytown Council",
    ...                          serial="000101", bacs_date="2026-01-12")
    >>> print(data.decode().splitlines()[4])  # 2 Feb: 532.17 + 354.78 (nobody pays double, §8)
    1234560123456701711223344556677    00000088695ANYTOWN COUNCIL   ANYT-0001         ANN SMITH          26030
    """
    from ._recovery import InputWarning

    used = collections.attrs.get("collection_calendar", {})
    calendar = _core.run_calendars("england-and-wales", _values.official_holidays(used.get("holidays")),
                                   list(used.get("closures", [])))[0]
    column_map = map if map is not None else collections.attrs.get("map")
    accounts = _exports.apply_map(column_map, {"accounts": accounts})["accounts"]
    missing = [c for c in ("account_id", "collection_date", "processing_date", "amount") if c not in collections]
    if missing:
        raise InputError(f"collections has no column {missing[0]} (give the table of arrears.collections)")
    days = lambda column: (collections[column].to_numpy(dtype="datetime64[D]")  # noqa: E731
                           .astype(np.int64).tolist())
    rows = list(zip(collections["account_id"].astype(str).tolist(), days("collection_date"), days("processing_date"),
                    _frames.pence_of(collections["amount"]).tolist()))
    paths = [os.fspath(submitted)] if isinstance(submitted, (str, os.PathLike)) else [os.fspath(p) for p in submitted]
    data, problems, later, cut, _ = _core.bacs_file(
        rows, _frames.table(accounts, "accounts", {c: "text" for c in BANK_COLUMNS}, lazy=True),
        _values.to_text(sun, "sun"), _values.to_text(originator_sort_code, "originator_sort_code"),
        _values.to_text(originator_account, "originator_account"),
        _values.to_text(originator_name, "originator_name"), _values.to_text(serial, "serial"),
        _values.to_days(bacs_date, "bacs_date"), _transfers(mandates), paths, calendar)
    for problem in problems:
        _warnings.warn(problem, InputWarning, stacklevel=2)
    if later:
        last = _values.from_days(_values.to_days(bacs_date, "bacs_date") + 31)
        _warnings.warn(f"bacs: {later} collection(s) processed after {last} left for a later run", InputWarning,
                       stacklevel=2)
    if cut:
        _warnings.warn(f"bacs: {cut} account name(s) cut to 18 characters", InputWarning, stacklevel=2)
    return bytes(data)
