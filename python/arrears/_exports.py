"""Councils' own exports (recovery-rules §12 "What real exports hold") and stale holiday
lists (§2): ``recover``'s ``date_format=`` and ``map=`` keywords and its warning for a GOV.UK
list that differs from the rules, through the command line's own code in ``_core``.

pandas decodes files (``pd.read_csv(f, encoding="windows-1252", dtype=str,
keep_default_na=False)``), so there is no ``encoding`` keyword."""

from __future__ import annotations

import os
import warnings as _warnings
from collections.abc import Mapping, Sequence
from typing import Any, Optional, Union

import pandas as pd

from . import _core

ColumnMap = Mapping[str, Union[str, Sequence[str]]]


def _header(data: Any) -> list[str]:
    """A table's column names, trimmed (§12), as `_frames.table` reads them."""
    if isinstance(data, pd.DataFrame):
        return [str(c).strip(" \t") for c in data.columns]
    names: list[str] = []
    for row in data:
        for k in row:
            if str(k).strip(" \t") not in names:
                names.append(str(k).strip(" \t"))
    return names


def _renamed(data: Any, old: list[str], new: list[str]) -> Any:
    if isinstance(data, pd.DataFrame):
        out = data.copy(deep=False)
        out.columns = new
        return out
    to = dict(zip(old, new))
    return [{to[str(k).strip(" \t")]: v for k, v in row.items() if to[str(k).strip(" \t")]} for row in data]


def apply_map(column_map: Optional[ColumnMap], tables: dict[str, Any], reads: str = "",
              also: Sequence[str] = ()) -> dict[str, Any]:
    """`tables` (name -> DataFrame, list of dicts or None) with each mapped column renamed as
    ``--map OURS=THEIRS`` renames it: `column_map` maps OURS to one THEIRS or a list of them.
    InputError for a THEIRS no table has, or a table holding two THEIRS of one OURS, and
    (§12) for an OURS that is neither a column the caller reads (`reads`: ``"recover"``,
    ``"accounts"``; ``""`` checks nothing) nor one of `also` (``keep``'s names): a misspelt
    ``edn`` would otherwise silently leave ``end`` unread."""
    if not column_map:
        return tables
    if not isinstance(column_map, Mapping):
        raise TypeError("map: expected a dict of our column name -> their column name (or a list of them)")
    pairs = [(str(ours), str(t)) for ours, theirs in column_map.items()
             for t in ([theirs] if isinstance(theirs, str) else theirs)]
    given = {name: data for name, data in tables.items() if data is not None}
    headers = [_header(data) for data in given.values()]
    renamed = _core.map_headers(pairs, headers, list(given), reads, list(also))
    return {**tables, **{name: _renamed(data, old, new)
                         for (name, data), old, new in zip(given.items(), headers, renamed)}}


def own_names(column_map: Optional[ColumnMap], as_read: Any) -> dict[str, str]:
    """{OURS: THEIRS} for each pair of `column_map` whose THEIRS `as_read` (a table before
    `apply_map`) has: a message about such a column names the table's own too (§12)."""
    if not column_map or as_read is None:
        return {}
    header = set(_header(as_read))
    return {str(ours): str(t) for ours, theirs in column_map.items()
            for t in ([theirs] if isinstance(theirs, str) else theirs) if str(t) in header}


def with_own_columns(mapped: Any, as_read: Any, names: Sequence[str]) -> Any:
    """`mapped` (an accounts table after `apply_map`) with each of `names` that --map renamed
    away copied back from `as_read` under its own name: ``keep`` names the file's own
    columns (recovery-rules §13), ``tag_ref`` even when ``account_id`` is read from it."""
    if mapped is as_read or not names:
        return mapped
    if isinstance(mapped, pd.DataFrame):
        gone = [n for n in names if n not in mapped.columns and n in as_read.columns]
        if not gone:
            return mapped
        out = mapped.copy(deep=False)
        for n in gone:
            out[n] = as_read[n].to_numpy()
        return out
    return [{**m, **{n: o[n] for n in names if n in o and n not in m}} for m, o in zip(mapped, as_read)]


def warn_stale_list(official: Optional[_core.OfficialHolidays], regions: Sequence[str], holidays: Any,
                    category: type, stacklevel: int = 3) -> None:
    """§2: one warning per weekday holiday where the loaded GOV.UK list and the rules differ,
    for each of `regions` and each year the list covers."""
    if official is None:
        return
    source = os.fspath(holidays) if isinstance(holidays, (str, os.PathLike)) else "holidays"
    for line in _core.stale_list_warnings(official, list(regions), source):
        _warnings.warn(line, category, stacklevel=stacklevel)
