"""The audit record of a `recover` run, ``summary.attrs["manifest"]``: the same keys as the
command line's ``--manifest FILE.json`` (recovery-rules §12)."""

from __future__ import annotations

import datetime
import decimal
import hashlib
import os
from typing import Any, Dict, List, Optional

import numpy as np

from . import _core

# The seven statuses of §9, in that order.
STATUSES: List[str] = ["ok", "extended", "no_arrears", "in_credit", "review", "cancelled", "rejected"]
# The tables of `recover`, recorded as inputs rather than arguments, in the command line's order.
TABLES: List[str] = ["accounts", "ledger", "payments", "mandates"]
# Left out of the arguments: `threads` never changes the result, and so not the manifest.
LEFT_OUT: List[str] = [*TABLES, "threads"]


def _plain(value: Any) -> Any:
    """`value` as JSON can hold it: dates as ``YYYY-MM-DD``, Decimal as text, tuples as lists."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (np.integer, np.bool_)):
        return value.item()
    if isinstance(value, datetime.datetime):  # (pd.Timestamp too): a date at midnight
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v) for v in value]
    return repr(value)


def _sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _money_text(pence: int) -> str:
    """§1 money text: ``1234.56``."""
    sign = "-" if pence < 0 else ""
    return f"{sign}{abs(pence) // 100}.{abs(pence) % 100:02d}"


def manifest(keywords: Dict[str, Any], totals: Dict[str, Any],
             reported: Optional[List[Dict[str, Any]]] = None, tables: Optional[List[str]] = None,
             rows: Optional[Dict[str, int]] = None) -> Dict[str, Any]:
    """The record of a run given `keywords` (every argument of the call, by name) and its
    `totals` (``_core.recover``'s: accounts by status, arrears and scheduled pence). Inputs
    are the tables given, in `tables`' order (`recover`'s: `TABLES`): a table given as a
    frame or list has ``path`` and ``sha256`` null, one given as a file's path (`replan`)
    that path and its SHA-256, as ``--manifest`` has them; ``rows`` the row count (`rows`'
    for the table when given, else its length); then the holiday file when it is a path
    (its SHA-256, ``rows`` null). ``outputs`` is empty, as Python writes no files;
    ``reported`` the ledger and payments rows reported, each ``{file, line, account_id,
    problem}`` (``file`` the table's role, ``line`` its row)."""
    tables = TABLES if tables is None else tables
    rows = rows or {}
    inputs: List[Dict[str, Optional[Any]]] = []
    for t in tables:
        value = keywords.get(t)
        if value is None:
            continue
        count = rows[t] if t in rows else len(value)
        if isinstance(value, (str, os.PathLike)):
            inputs.append({"path": os.fspath(value), "sha256": _sha256(os.fspath(value)), "rows": count})
        else:
            inputs.append({"path": None, "sha256": None, "rows": count})
    holidays = keywords.get("holidays")
    if isinstance(holidays, (str, os.PathLike)):
        inputs.append({"path": os.fspath(holidays), "sha256": _sha256(os.fspath(holidays)), "rows": None})
    return {
        "version": _core.__version__,
        "arguments": {k: _plain(v) for k, v in keywords.items() if k not in [*tables, "threads"]},
        "inputs": inputs,
        "outputs": [],
        "statuses": {s: int(totals["statuses"][s]) for s in STATUSES},
        "arrears": _money_text(int(totals["arrears"])),
        "scheduled": _money_text(int(totals["scheduled"])),
        "reported": list(reported or []),
    }
