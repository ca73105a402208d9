"""Tables in and out, column-wise.

In: a DataFrame (or a list of dicts) becomes, per column the readers use, a tuple of
``str`` cells (``""`` for an empty cell), or the frame's own object array: when every cell
is already a ``str``, or (``table(..., lazy=True)``) as it is, with `_cell` for `_core` to
make text of the cells that are not; `_core` reads them with the command line's own readers. Out: numpy columns from ``_core`` become the §9 DataFrames, with Decimals made
in bulk (one per distinct amount).
"""

from __future__ import annotations

import datetime as _dt
import decimal
import functools
import itertools
from collections.abc import Mapping, Sequence
from typing import Any, Callable, Optional

import numpy as np
import pandas as pd

from . import _core, _values
from ._values import InputError

# What each column of recovery-rules §12 holds; other columns are carried in the header
# only (so column numbers in messages are the DataFrame's) and never converted.
# The accounts table also has the decisions for one account (§16): the option table's
# columns, each read as its option's value is.
_DECISION_KIND = {"text": "text", "date": "date", "money": "money", "count": "text", "yes-no": "yes-no",
                  "date-range": "text"}
ACCOUNT_COLUMNS = {"account_id": "text", "amount": "money", "frequency": "text", "first_due": "date",
                   "day": "text", "end": "date", "skip": "dates", "convention": "text", "first_amount": "money",
                   "language": "text",
                   **{o.column: _DECISION_KIND[o.form] for o in _core.options if o.column is not None}}
LEDGER_COLUMNS = {"account_id": "text", "due_date": "date", "amount": "money", "status": "text",
                  "reason": "text"}
PAYMENT_COLUMNS = {"account_id": "text", "date": "date", "amount": "money"}
MANDATE_COLUMNS = {"account_id": "text", "effective_date": "date", "event": "text", "reason": "text",
                   "new_sort_code": "text", "new_account_number": "text"}

# The result tables' columns of §9, in order: the library's own lists (io/columns.hpp), each
# column's (name, kind, may be empty, presence) in _core.columns[table].
SCHEDULE_COLUMNS: list[str] = list(_core.schedule_columns)
SUMMARY_COLUMNS: list[str] = list(_core.summary_columns)


def kinds(table: str) -> dict[str, str]:
    """``{column: kind}`` of a result table (``schedule``, ``summary``, ``notices``,
    ``collections``, ``cash flow``): ``text``, ``money``, ``date`` or ``count``."""
    return {name: kind for name, kind, _, _ in _core.columns[table]}

# ---- in --------------------------------------------------------------------------------

def _cell(value: Any, kind: str) -> str:
    """One cell's text, as a CSV file would hold it."""
    if _values.is_missing(value):
        return ""
    if isinstance(value, (bool, np.bool_)):
        if kind == "yes-no":  # a decision's yes or no (§16: no_double_payment)
            return "yes" if value else "no"
        return str(bool(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        if kind == "money":
            # Its shortest repr, as a CSV file would hold it: 532.17 reads as 532.17, and
            # 12.345 or 0.1 + 0.2 (0.30000000000000004) reject the row, like any bad amount.
            return repr(float(value))
        # A text column of numbers read with NaN in it (day 1.0, reason 1.0, id 1001.0).
        return str(int(value)) if float(value).is_integer() else repr(float(value))
    if isinstance(value, decimal.Decimal):
        return _values.decimal_text(value)
    if isinstance(value, np.datetime64):
        value = pd.Timestamp(value)
    if isinstance(value, _dt.datetime):  # a time of day is left in, for the reader to refuse
        return value.date().isoformat() if value.time() == _dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, _dt.date):
        return value.isoformat()
    if kind == "dates" and isinstance(value, (list, tuple, set, frozenset, np.ndarray, pd.Series)):
        items = sorted(value) if isinstance(value, (set, frozenset)) else value
        return ";".join(_cell(v, "date") for v in items)
    return str(value)


def _cells(values: Sequence[Any], kind: str) -> tuple[str, ...]:
    return tuple(v if v.__class__ is str else _cell(v, kind) for v in values)


def _series_cells(series: pd.Series, kind: str, lazy: bool) -> tuple[Sequence[Any], Optional[Callable[[Any], str]]]:
    """The column's cells and how _core makes text of a cell that is not a str (None: every
    cell is one). Fast paths for the usual dtypes; the general path for the rest. `lazy`:
    an object column is handed over as it is, with `_cell` for the cells that are not str
    (no pass over a column of a million str first)."""
    dtype = series.dtype
    if dtype == object or isinstance(dtype, pd.StringDtype):
        values = series.to_numpy()
        if dtype == object and len(values) and values.flags.c_contiguous:
            if lazy:
                return values, functools.partial(_cell, kind=kind)
            if _core.all_str(values):
                return values, None  # every cell a str: _core reads the frame's own array
        if pd.api.types.infer_dtype(series, skipna=True) in ("string", "empty"):
            values = series.fillna("") if series.hasnans else series
            return tuple(values.tolist()), None
    elif pd.api.types.is_integer_dtype(dtype) and not isinstance(dtype, pd.api.extensions.ExtensionDtype):
        return tuple(series.astype(str).tolist()), None
    elif pd.api.types.is_datetime64_any_dtype(dtype):
        text = series.dt.strftime("%Y-%m-%d")
        timed = series.notna() & (series != series.dt.normalize())
        if timed.any():
            text[timed] = series[timed].astype(str)
        return tuple(text.fillna("").tolist()), None
    return _cells(series.tolist(), kind), None


def row_numbers(frame: pd.DataFrame) -> np.ndarray:
    """What messages call each row: its index label when the index holds non-negative
    integers (``df.loc[n]``; for the default index also ``df.iloc[n]``), else its position."""
    index = frame.index
    if isinstance(index, pd.RangeIndex) and (len(index) == 0 or min(index[0], index[-1]) >= 0):
        # (uint64, as _core reads them: int64 would be converted, a copy of every number)
        return np.arange(index.start, index.stop, index.step, dtype=np.int64).view(np.uint64)
    if pd.api.types.is_integer_dtype(index.dtype) and (len(index) == 0 or index.min() >= 0):
        return np.asarray(index, dtype=np.uint64)
    return np.arange(len(index), dtype=np.uint64)


def table(data: Any, source: str, kinds: Mapping[str, str], lazy: bool = False) -> tuple[Any, ...]:
    """``(header, columns, row numbers)`` for ``_core``: a DataFrame or a list of dicts, each
    column a sequence of str (None: a column nobody reads). With `lazy`, ``(header, columns,
    row numbers, converters)``: a DataFrame's object columns as they are, each with the
    function that makes text of a cell that is not a str (`_core` calls it as it reads).

    A DataFrame's rows are named by their index labels when those are non-negative integers,
    else by position; a list's by position (see `row_numbers`)."""
    if isinstance(data, pd.DataFrame):
        header = [str(c).strip(" \t") for c in data.columns]  # §12: names are trimmed too
        numbers = row_numbers(data)

        def column(j: int, kind: str) -> tuple[Sequence[Any], Optional[Callable[[Any], str]]]:
            return _series_cells(data.iloc[:, j], kind, lazy)
    elif isinstance(data, Sequence) and not isinstance(data, (str, bytes)) and all(
            isinstance(r, Mapping) for r in data):
        header = [] if data else list(kinds)  # an empty list: no rows, every column
        seen: set[str] = set()
        for r in data:
            for k in r:
                if str(k).strip(" \t") not in seen:
                    seen.add(str(k).strip(" \t"))
                    header.append(str(k).strip(" \t"))
        keyed = [{str(k).strip(" \t"): v for k, v in r.items()} for r in data]
        numbers = np.arange(len(keyed), dtype=np.uint64)

        def column(j: int, kind: str) -> tuple[Sequence[Any], Optional[Callable[[Any], str]]]:
            name = header[j]
            return _cells([r.get(name) for r in keyed], kind), None
    else:
        raise TypeError(f"{source}: expected a pandas.DataFrame or a list of dicts, got {type(data).__name__}")

    columns: list[Any] = [None] * len(header)
    converters: list[Any] = [None] * len(header)
    for j, name in enumerate(header):
        kind = kinds.get(name)
        if kind is None or header.index(name) != j:  # unknown, or a later duplicate: never read
            continue

        columns[j], converters[j] = column(j, kind)
    # §12: a row whose cells (every column's) are all empty once trimmed is skipped, as the
    # command line skips Excel's trailing ",,,," rows; the rows kept keep their numbers.
    every = [(c, f) if c is not None else column(j, "text") for j, (c, f) in enumerate(zip(columns, converters))]
    blank = _core.blank_rows((header, [c for c, _ in every], numbers, [f for _, f in every]))
    if blank.any():
        keep = ~blank
        numbers = numbers[keep]
        columns = [None if c is None else c[keep] if isinstance(c, np.ndarray) else
                   tuple(itertools.compress(c, keep)) for c in columns]
    return (header, columns, numbers, converters) if lazy else (header, columns, numbers)


# ---- out -------------------------------------------------------------------------------

# A direct index over the pence range (int32, 4 bytes a penny) is far quicker than hashing
# when the range is not much wider than the values (amounts of a portfolio are).
_DENSE_PENCE = 1 << 24


def _shared_codes(columns: Sequence[np.ndarray]) -> tuple[list[np.ndarray], np.ndarray]:
    """Codes of every column into one array of the distinct values of them all."""
    filled = [c for c in columns if len(c)]
    if not filled:
        return [np.zeros(0, dtype=np.intp) for _ in columns], np.zeros(0, dtype=np.int64)
    lo = min(int(c.min()) for c in filled)
    span = max(int(c.max()) for c in filled) - lo + 1
    if span <= min(_DENSE_PENCE, 8 * sum(len(c) for c in filled) + 1024):
        present = np.zeros(span, dtype=bool)
        for c in filled:
            present[c - lo] = True
        index = np.cumsum(present, dtype=np.int32) - 1
        return [index[c - lo] for c in columns], np.flatnonzero(present) + lo
    codes, unique = pd.factorize(np.concatenate(columns))  # hashing: no sort
    return np.split(codes, np.cumsum([len(c) for c in columns])[:-1]), unique


def decimals_of(columns: Sequence[np.ndarray], masks: Sequence[Optional[np.ndarray]] = ()) -> list[np.ndarray]:
    """Object arrays of Decimal (None where masked), one Decimal made per distinct value of
    all the columns together (the schedule's and summary's amounts share most values)."""
    codes, unique = _shared_codes(columns)
    # np.fromiter, not slice assignment: numpy would probe every Decimal for a sequence.
    made = np.fromiter(map(_values.pence_to_decimal, unique.tolist()), dtype=object, count=len(unique))
    out = [_core.take_objects(made, c) for c in codes]
    for values, mask in zip(out, masks):
        if mask is not None and mask.any():
            values[mask] = None
    return out


def decimals(pence: np.ndarray, mask: Optional[np.ndarray] = None) -> np.ndarray:
    """An object array of Decimal (None where `mask`), one Decimal made per distinct value."""
    return decimals_of([pence], [mask])[0]


def pence_of(column: pd.Series) -> np.ndarray:
    """int64 pence of a money column in either form (Decimal objects or integer pence), or
    of text such as ``"17.00"`` (a frame read back with ``dtype=str``).

    Raises InputError for floating-point numbers (``pd.read_csv`` without ``dtype=str``
    makes ``17.00`` the float 17.0, which is neither pence nor exact money), and for a value
    that is not a whole number of pence."""
    if pd.api.types.is_integer_dtype(column.dtype):
        return column.to_numpy(dtype=np.int64)
    if pd.api.types.is_float_dtype(column.dtype):
        raise InputError(f"{column.name}: money as floating-point numbers is not exact (read the file with "
                         f"dtype=str, or give Decimal or integer pence)")
    lookup = {}
    for d in pd.unique(column):
        q = decimal.Decimal(d).scaleb(2, _values.DECIMAL_CONTEXT)
        if q != q.to_integral_value():
            raise InputError(f"{column.name}: {d} is not a whole number of pence")
        lookup[d] = int(q)
    return np.fromiter((lookup[d] for d in column.tolist()), dtype=np.int64, count=len(column))


def _objects(values: Any) -> np.ndarray:
    """An object array (as _core gives them) of `values`."""
    if isinstance(values, np.ndarray):
        return values
    return np.fromiter(values, dtype=object, count=len(values))


def _column(name: str, values: Any) -> pd.DataFrame:
    """A one-column frame over `values` as they are: DataFrame(dict) would scan object
    columns for dates and copy same-typed columns into one block."""
    return pd.Series(values, name=name, copy=False).to_frame()


_BLOCKS = pd.__version__.startswith("1.")  # pandas 1.x takes a BlockManager as it is


def _assemble(names: list[str], parts: list[tuple[list[int], Any]], rows: int) -> pd.DataFrame:
    """A frame of `names` from (positions, values) parts, each a column (1-D values) or a
    grid of columns (2-D, one row per position), without copying any of them.

    With pandas 1.x the parts become the frame's blocks directly (pandas' own API for
    libraries that build frames, ``pandas.core.internals.api.make_block``); pd.concat would
    first merge same-typed columns into one block, a copy of every such column."""
    if _BLOCKS:
        from pandas.core.internals import BlockManager, api
        blocks = [api.make_block(v.reshape(1, -1) if isinstance(v, np.ndarray) and v.ndim == 1 else v,
                                 placement=at) for at, v in parts]
        return pd.DataFrame(BlockManager(blocks, [pd.Index(names), pd.RangeIndex(rows)]))
    frames_ = []
    for at, v in parts:
        if isinstance(v, np.ndarray) and v.ndim == 2:
            frames_.append(pd.DataFrame(v.T, columns=[names[i] for i in at], copy=False))
        else:
            frames_.append(_column(names[at[0]], v))
    return pd.concat(frames_, axis=1, copy=False)[names]


def _runs(kinds: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, stop, kind) of each run of neighbouring columns of one kind."""
    runs: list[tuple[int, int, str]] = []
    for k, kind in enumerate(kinds):
        if runs and runs[-1][2] == kind:
            runs[-1] = (runs[-1][0], k + 1, kind)
        else:
            runs.append((k, k + 1, kind))
    return runs


def frames(raw: dict, form: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The schedule and summary DataFrames of §9 from ``_core.recover``'s columns, each
    column by its kind: dates datetime64[ns]; money Decimal (or int64 pence, nullable
    ``Int64`` where a cell may be empty); counts int64 (``Int64``); text as it is."""
    sch, summ = raw["schedule"], raw["summary"]
    # The schedule: the account_id objects, and one (columns, rows) int64 grid of the rest
    # (dates in ns since the epoch, money in pence); runs of dates and of pence (or counts)
    # become blocks of the frame as they are.
    grid = sch["grid"]
    schedule_kinds = [kind for _, kind, _, _ in _core.columns["schedule"][1:]]
    summary_columns = _core.columns["summary"][1:]
    money = [summ[name] for name, kind, _, _ in summary_columns if kind == "money"]
    money = [(m, None) if isinstance(m, np.ndarray) else m for m in money]  # (values, mask or None)
    made: list[np.ndarray] = []
    if form != "pence":  # one Decimal per distinct amount of both tables
        grid_money = [grid[k] for k, kind in enumerate(schedule_kinds) if kind == "money"]
        made = decimals_of(grid_money + [values for values, _ in money],
                           [None] * len(grid_money) + [mask for _, mask in money])
    decimal_columns = iter(made)
    parts: list[tuple[list[int], Any]] = [([0], sch["account_id"])]
    for start, stop, kind in _runs(schedule_kinds):
        at = list(range(1 + start, 1 + stop))
        if kind == "date":
            parts.append((at, grid[start:stop].view("M8[ns]")))
        elif kind == "money" and form != "pence":
            parts += [([k], next(decimal_columns)) for k in at]
        else:
            parts.append((at, grid[start:stop]))
    schedule = _assemble(SCHEDULE_COLUMNS, parts, grid.shape[1])

    ids = _objects(summ["account_id"])
    columns: dict[str, Any] = {"account_id": ids}
    for name, kind, _, _ in summary_columns:
        cell = summ[name]
        if kind == "text":
            columns[name] = _objects(cell)
        elif kind == "date":
            columns[name] = cell.view("M8[ns]")
        elif kind == "money" and form != "pence":
            columns[name] = next(decimal_columns)
        else:  # pence or a count: nullable where a cell may be empty
            columns[name] = pd.arrays.IntegerArray(*cell) if isinstance(cell, tuple) else cell
    summary = _assemble(SUMMARY_COLUMNS, [([k], columns[name]) for k, name in enumerate(SUMMARY_COLUMNS)], len(ids))
    return schedule, summary
