"""``arrears.write_workbook``: the workbook of ``arrears recover --workbook`` from the frames
``recover`` returns (recovery-rules §12), written with openpyxl."""

from __future__ import annotations

import datetime as _dt
import decimal
import os
from typing import Any, Optional, Union

import numpy as np
import pandas as pd

from . import _core, _frames, _values

# Data rows per sheet: Excel's 1,048,576 rows less the header.
ROWS_PER_SHEET = 1_048_575
MONEY_FORMAT = "£#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
# Each column's kind, from the library's lists of every sheet's columns (io/columns.hpp).
_KINDS = {name: kind for table in _core.columns for name, kind in _frames.kinds(table).items()}
_WIDEST = 80
# Excel's most characters in a cell (recovery-rules §12, issue 25): a longer text is cut to
# fit with a mark saying how long it was, as the command line's --workbook cuts it.
EXCEL_CELL_CHARS = 32_767


def _fit(text: str) -> str:
    """`text` as a cell can hold it: itself, or its first characters and "… [cut: N characters]"."""
    if len(text) <= EXCEL_CELL_CHARS:
        return text
    mark = f"\u2026 [cut: {len(text):,} characters]"
    return text[:EXCEL_CELL_CHARS - len(mark)] + mark


def _money(value: Any) -> decimal.Decimal:
    """Exact: a Decimal stays itself (openpyxl writes its digits), pence become one."""
    if isinstance(value, decimal.Decimal):
        return value
    return decimal.Decimal(int(value)).scaleb(-2)


def _cell(value: Any, kind: str) -> Any:
    if _values.is_missing(value):
        return None
    if kind == "money":
        return _money(value)
    if kind == "count":
        return int(value)
    if kind == "date":
        if isinstance(value, (pd.Timestamp, _dt.datetime)):
            return value.date() if isinstance(value, _dt.datetime) else value
        return value
    return _fit(str(value))


def _kind(name: str, column: pd.Series) -> str:
    """A listed column's kind; any other (a kept column) is a date if it holds dates, else text."""
    if name in _KINDS:
        return _KINDS[name]
    return "date" if pd.api.types.is_datetime64_any_dtype(column.dtype) else "text"


def _sheets(book: Any, name: str, frame: pd.DataFrame, rows_per_sheet: int) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    names = [str(c) for c in frame.columns]
    kinds = [_kind(n, frame[c]) for n, c in zip(names, frame.columns)]
    widths = [len(n) + 2 for n in names]
    rows = [[_cell(v, k) for v, k in zip(row, kinds)] for row in frame.itertuples(index=False, name=None)]
    for values in rows:
        for c, (v, k) in enumerate(zip(values, kinds)):
            if v is not None:
                w = 10 if k == "date" else len(f"£{v:,.2f}") if k == "money" else len(str(v))
                widths[c] = min(_WIDEST, max(widths[c], w))
    parts = max(1, -(-len(rows) // rows_per_sheet))
    for part in range(parts):
        ws = book.create_sheet(name if part == 0 else f"{name} ({part + 1})")
        ws.freeze_panes = "A2"
        for c, w in enumerate(widths):
            ws.column_dimensions[get_column_letter(c + 1)].width = w + 1
        header = []
        for n in names:
            cell = WriteOnlyCell(ws, value=n)
            cell.font = Font(bold=True)
            header.append(cell)
        ws.append(header)
        for values in rows[part * rows_per_sheet:(part + 1) * rows_per_sheet]:
            out = []
            for v, k in zip(values, kinds):
                cell = WriteOnlyCell(ws, value=v)
                if k == "money":
                    cell.number_format = MONEY_FORMAT
                elif k == "date":
                    cell.number_format = DATE_FORMAT
                out.append(cell)
            ws.append(out)


def cash_flow(schedule: pd.DataFrame) -> pd.DataFrame:
    """Collections carrying recovery and their recovery by month of collection (``YYYY-MM``),
    then a ``total`` row: the `cash flow` sheet, and the command line's table on stderr."""
    pence = _frames.pence_of(schedule["recovery_amount"]) if len(schedule) else np.zeros(0, dtype=np.int64)
    carrying = pence != 0
    months = schedule["collection_date"][carrying].dt.strftime("%Y-%m").to_numpy()
    grouped = pd.Series(pence[carrying], index=months, dtype="int64").groupby(level=0)
    rows = [(month, int(n), _money(int(p))) for month, n, p in zip(grouped.size().index, grouped.size(), grouped.sum())]
    rows.append(("total", int(carrying.sum()), _money(int(pence[carrying].sum()))))
    return pd.DataFrame(rows, columns=[name for name, _, _, _ in _core.columns["cash flow"]])


def write_workbook(path: Union[str, os.PathLike], schedule: pd.DataFrame, summary: pd.DataFrame,
                   notices: Optional[pd.DataFrame] = None, collections: Optional[pd.DataFrame] = None, *,
                   rows_per_sheet: int = ROWS_PER_SHEET) -> None:
    """Write the workbook ``arrears recover --workbook`` writes, from ``recover``'s frames.

    Sheets ``schedule``, ``summary`` and ``cash flow`` (then ``notices`` and ``collections``
    when given), each with a bold, frozen header row and columns as wide as their text; a
    sheet over 1,048,575 data rows continues on ``schedule (2)``, ... Money is written from
    the exact ``Decimal`` (or integer pence) with the format ``£#,##0.00``, dates as Excel
    dates, counts as numbers, the rest as text. Needs openpyxl (Debian python3-openpyxl).

    Parameters
    ----------
    path : str or path
        The ``.xlsx`` file to write (replaced if it exists).
    schedule, summary : DataFrame
        ``recover``'s first two frames (money as Decimal or integer pence).
    notices, collections : DataFrame, optional
        ``recover(..., notices=True)``'s notices and `collections`' table.
    rows_per_sheet : int
        Data rows per sheet before it continues on the next (1,048,575: Excel's limit).

    Returns
    -------
    None

    Raises
    ------
    OSError
        The file cannot be written.
    ImportError
        openpyxl is not installed.

    Examples
    --------
    >>> import arrears, tempfile, os, openpyxl
    >>> schedule, summary = arrears.recover(
    ...     [{"account_id": "A-1001", "amount": "532.17", "frequency": "monthly", "first_due": "2025-04-01"}],
    ...     outage=("2025-11-24", "2026-01-09"), notice_date="2026-01-12")
    >>> with tempfile.TemporaryDirectory() as d:
    ...     arrears.write_workbook(os.path.join(d, "run.xlsx"), schedule, summary)
    ...     book = openpyxl.load_workbook(os.path.join(d, "run.xlsx"))
    >>> book.sheetnames, book["schedule"]["E2"].value, book["schedule"]["E2"].number_format
    (['schedule', 'summary', 'cash flow'], 354.78, '£#,##0.00')
    """
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    _sheets(book, "schedule", schedule, rows_per_sheet)
    _sheets(book, "summary", summary, rows_per_sheet)
    _sheets(book, "cash flow", cash_flow(schedule), rows_per_sheet)
    for name, frame in (("notices", notices), ("collections", collections)):
        if frame is not None:
            _sheets(book, name, frame, rows_per_sheet)
    book.save(os.fspath(path))
