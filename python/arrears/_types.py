"""The types of the package's signatures: what may stand for a date, an amount or a table,
and the string options, each a ``Literal`` of the values the command line accepts (those of
`recover`'s recovery options are made from the option table's choices: see _options.py)."""

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
#: Where the pennies of a split that do not divide evenly go (§8).
Remainder = Literal["first", "last", "whole-pounds"]
#: Money columns as ``decimal.Decimal`` or as integer pence.
MoneyForm = Literal["decimal", "pence"]
#: How date cells are read (§12 ``--date-format``): ISO, or also UK day/month/year.
DateFormat = Literal["YYYY-MM-DD", "DD/MM/YYYY"]
