"""Scalars across the boundary: dates as day numbers, money as pence.

Dates cross as whole days since 1970-01-01 and money as whole pence (``int``), so no
binary floating point ever touches an amount: a ``float`` is only looked at through its
shortest ``repr`` and then read as text, like any other amount.
"""

from __future__ import annotations

import datetime as _dt
import decimal
import os
from collections.abc import Iterable, Mapping
from typing import Any, Optional, Tuple

import numpy as np
import pandas as pd

from . import _core

InputError = _core.InputError


class InputWarning(UserWarning):
    """Input rows that were reported and left out while the run went on.

    The command line reports these on standard error and exits with status 1: ledger,
    payment or mandate rows that are malformed or name no known account, and account rows
    that were rejected (their summary row says why)."""

_EPOCH_ORDINAL = _dt.date(1970, 1, 1).toordinal()
#: Enough digits for any int64 of pence, whatever the caller's decimal context says.
DECIMAL_CONTEXT = decimal.Context(prec=40)
_MIDNIGHT = _dt.time(0)


def is_missing(value: Any) -> bool:
    """None, NaN, NaT and pd.NA: an empty cell."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, (float, np.floating)):
        return value != value
    if isinstance(value, np.datetime64):
        return bool(np.isnat(value))
    if isinstance(value, decimal.Decimal):
        return value.is_nan()
    return False


def _reraise(what: str, error: Exception) -> InputError:
    return InputError(f"{what}: {error}")


def to_date(value: Any, what: str) -> _dt.date:
    """A ``datetime.date`` from a date, a midnight ``datetime``/``pd.Timestamp``, a
    ``numpy.datetime64`` or strict ``YYYY-MM-DD`` text; InputError naming `what` otherwise."""
    if isinstance(value, str):
        try:
            return from_days(_core.parse_date(value))
        except InputError as e:
            raise _reraise(what, e) from None
    if is_missing(value):
        raise InputError(f"{what}: a date is required, got {value!r}")
    if isinstance(value, np.datetime64):
        value = pd.Timestamp(value)
    if isinstance(value, _dt.datetime):  # pd.Timestamp is one too
        if value.time() != _MIDNIGHT:
            raise InputError(f"{what}: {value} has a time of day; expected a date")
        return value.date()
    if isinstance(value, _dt.date):
        return value
    raise TypeError(f"{what}: expected a date (datetime.date or 'YYYY-MM-DD'), got {type(value).__name__}")


def to_days(value: Any, what: str) -> int:
    """Days since 1970-01-01 of `value` (see `to_date`)."""
    return to_date(value, what).toordinal() - _EPOCH_ORDINAL


def from_days(days: int) -> _dt.date:
    return _dt.date.fromordinal(days + _EPOCH_ORDINAL)


def optional_days(value: Any, what: str) -> Optional[int]:
    return None if value is None else to_days(value, what)


def date_range(value: Any, what: str) -> Tuple[int, int]:
    """A pair of dates, or ``"FROM..TO"`` text as on the command line."""
    if isinstance(value, str):
        first, sep, last = value.partition("..")
        if not sep:
            raise InputError(f"{what}: expected FROM..TO, got '{value}'")
        return to_days(first, what), to_days(last, what)
    try:
        first, last = value
    except (TypeError, ValueError):
        raise TypeError(f"{what}: expected a pair of dates (from, to)") from None
    return to_days(first, what), to_days(last, what)


def date_list(values: Any, what: str) -> list[int]:
    """Dates from an iterable, or ``"DATE,DATE"`` text as on the command line."""
    if values is None:
        return []
    if isinstance(values, str):
        values = [v.strip() for v in values.split(",") if v.strip()]
    elif not isinstance(values, Iterable):
        raise TypeError(f"{what}: expected a list of dates")
    return [to_days(v, what) for v in values]


def float_amount_text(value: float) -> Optional[str]:
    """The shortest repr of a float amount if it has at most two decimal places, else None."""
    text = repr(float(value))
    if "e" in text or "n" in text:  # exponent, nan, inf
        return None
    dot = text.find(".")
    return text if dot < 0 or len(text) - dot - 1 <= 2 else None


def decimal_text(value: decimal.Decimal) -> str:
    return format(value, "f") if value.is_finite() else str(value)


def money_text(value: Any, what: str) -> str:
    """An amount as the text the engine parses (recovery-rules §1)."""
    if isinstance(value, str):
        return value
    if isinstance(value, decimal.Decimal):
        return decimal_text(value)
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{what}: expected an amount, got {value!r}")
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        text = float_amount_text(value)
        if text is None:
            raise InputError(f"{what}: float {float(value)!r} is not an amount with at most two "
                             "decimal places (pass money as text or decimal.Decimal)")
        return text
    raise TypeError(f"{what}: expected an amount (Decimal, str or int), got {type(value).__name__}")


def to_pence(value: Any, what: str) -> int:
    text = money_text(value, what)
    try:
        return _core.parse_money(text)
    except InputError as e:
        raise _reraise(what, e) from None


def pence_to_decimal(pence: int) -> decimal.Decimal:
    return decimal.Decimal(pence).scaleb(-2, DECIMAL_CONTEXT)


def to_int(value: Any, what: str) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{what}: expected an int, got {value!r}")
    return int(value)


def to_bool(value: Any, what: str) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{what}: expected True or False, got {value!r}")
    return bool(value)


def to_text(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{what}: expected str, got {value!r}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as e:
        raise InputError(f"{what}: {value!r} is not valid Unicode text (lone surrogate "
                         f"U+{ord(value[e.start]):04X} at character {e.start + 1})") from None
    return value


def official_holidays(holidays: Any) -> Optional[_core.OfficialHolidays]:
    """A GOV.UK bank-holidays.json file: a path, or the parsed dict."""
    if holidays is None:
        return None
    if isinstance(holidays, _core.OfficialHolidays):
        return holidays
    if isinstance(holidays, (str, os.PathLike)):
        return _core.load_govuk_holidays(os.fspath(holidays))
    if isinstance(holidays, Mapping):
        import json

        return _core.parse_govuk_holidays(json.dumps(holidays, default=dict), "holidays")
    raise TypeError("holidays: expected the path of a GOV.UK bank-holidays.json file or its parsed dict")
