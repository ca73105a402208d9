"""The types of the package's signatures: what may stand for a date, an amount or a table,
and the string options, each a ``Literal`` of the values the command line accepts."""

from __future__ import annotations

import datetime as _dt
import decimal
import os
from typing import Any, Literal, Mapping, Sequence, Union

import numpy as np
import pandas as pd

DateLike = Union[_dt.date, pd.Timestamp, np.datetime64, str]
MoneyLike = Union[decimal.Decimal, str, int]
Table = Union[pd.DataFrame, Sequence[Mapping[str, Any]]]
HolidayFile = Union[str, "os.PathLike[str]", Mapping[str, Any], None]

#: Whose bank holidays (recovery-rules §2).
Region = Literal["england-and-wales", "scotland", "northern-ireland"]
#: How a date that is not a working day is moved (§2).
Convention = Literal["following", "preceding", "modified-following", "none"]
#: How arrears are recovered (§8).
Strategy = Literal["spread", "single"]
#: Where the pennies of a split that do not divide evenly go (§8).
Remainder = Literal["first", "last", "whole-pounds"]
#: What spread does when no collection before the horizon can carry recovery (§8).
WhenNone = Literal["next-year", "single", "review"]
#: Whether a plan with an ``end`` gains collections after it, for recovery only (§8).
PastEnd = Literal["stop", "continue"]
#: Money columns as ``decimal.Decimal`` or as integer pence.
MoneyForm = Literal["decimal", "pence"]
#: How date cells are read (§12 ``--date-format``): ISO, or also UK day/month/year.
DateFormat = Literal["YYYY-MM-DD", "DD/MM/YYYY"]
