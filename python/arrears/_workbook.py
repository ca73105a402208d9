"""``arrears.write_workbook``: the workbook of ``arrears recover --workbook`` from the frames
``recover`` returns (recovery-rules §12), written with openpyxl: the same sheets in the same
order, never a formula cell, A4 landscape one page wide with the header row repeated."""

from __future__ import annotations

import datetime as _dt
import decimal
import json
import os
import secrets
import shutil
import tempfile
import zipfile
from typing import Any, List, Optional, Union

import numpy as np
import pandas as pd

from . import _core, _frames, _values

# Data rows per sheet: Excel's 1,048,576 rows less the header.
ROWS_PER_SHEET = 1_048_575
MONEY_FORMAT = "£#,##0.00"
DATE_FORMAT = "dd/mm/yyyy"
# §12's order of the sheets.
SHEETS = ["schedule", "summary", "cash flow", "notices", "collections", "run"]
# Each column's kind, from the library's lists of every sheet's columns (io/columns.hpp).
_KINDS = {name: kind for table in _core.columns for name, kind in _frames.kinds(table).items()}
# Characters: a column is no wider than this, and a longer text or one of several lines
# wraps in its cell (top-aligned), as the command line's workbook does, so a printed page
# (one page wide) keeps a legible size and the notices' lines stay lines.
_WIDEST = 60


def _text_width(text: str) -> int:
    """The width of `text` in characters: its longest line."""
    return max(len(line) for line in text.split("\n"))


def _wraps(text: str) -> bool:
    return "\n" in text or len(text) > _WIDEST


def _wrapped_lines(text: str) -> int:
    """Printed lines of `text` in a wrapping cell: each line, one longer than the widest column
    broken into lines of that width. Excel and LibreOffice do not grow a row for wrapped text
    on opening, so the row is made this many lines (15 points each) tall."""
    per_line = _WIDEST
    return sum(max(1, -(-len(line) // per_line)) for line in text.split("\n"))
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


def _text_cell(ws: Any, value: Any) -> Any:
    """A cell holding `value`; text stays text whatever it begins with (openpyxl would make
    ``=...`` a formula: §12, OWASP "CSV Injection")."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def _page_setup(ws: Any) -> None:
    """§12: A4 landscape, one page wide, the header row repeated on each page and frozen."""
    ws.freeze_panes = "A2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = "$1:$1"  # absolute, as Excel writes it: LibreOffice repeats no rows for "1:1"
    ws.oddFooter.left.text = "&A"
    ws.oddFooter.right.text = "page &P of &N"


def _kind(name: str, column: pd.Series) -> str:
    """A listed column's kind; any other (a kept column) is a date if it holds dates, else text."""
    if name in _KINDS:
        return _KINDS[name]
    return "date" if pd.api.types.is_datetime64_any_dtype(column.dtype) else "text"


def _sheets(book: Any, name: str, frame: pd.DataFrame, rows_per_sheet: int,
            kinds: Optional[List[str]] = None) -> List[Any]:
    """The sheet `name` (continued on ``name (2)``, ...) of `frame`'s rows; returns the sheets.
    `kinds`: each column's kind when a column holds several (the run sheet's ``value``)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")  # a tall row's cells read across from its top

    names = [str(c) for c in frame.columns]
    fixed = [_kind(n, frame[c]) for n, c in zip(names, frame.columns)] if kinds is None else kinds
    widths = [len(n) + 2 for n in names]
    rows = []
    row_kinds = []
    for row in frame.itertuples(index=False, name=None):
        ks = [_value_kind(v) if k == "any" else k for v, k in zip(row, fixed)]
        rows.append([_cell(v, k) for v, k in zip(row, ks)])
        row_kinds.append(ks)
    for values, kinds_of_row in zip(rows, row_kinds):
        for c, (v, k) in enumerate(zip(values, kinds_of_row)):
            if v is not None:
                w = 10 if k == "date" else len(f"£{v:,.2f}") if k == "money" else _text_width(str(v))
                widths[c] = min(_WIDEST, max(widths[c], w))
    parts = max(1, -(-len(rows) // rows_per_sheet))
    made = []
    for part in range(parts):
        ws = book.create_sheet(name if part == 0 else f"{name} ({part + 1})")
        made.append(ws)
        _page_setup(ws)
        for c, w in enumerate(widths):
            ws.column_dimensions[get_column_letter(c + 1)].width = w + 1
        header = []
        for n in names:
            cell = WriteOnlyCell(ws, value=n)
            cell.font = Font(bold=True)
            header.append(cell)
        ws.append(header)
        lo, hi = part * rows_per_sheet, (part + 1) * rows_per_sheet
        for r, (values, kinds_of_row) in enumerate(zip(rows[lo:hi], row_kinds[lo:hi]), start=2):
            lines = max((_wrapped_lines(v) for v in values if isinstance(v, str) and _wraps(v)), default=1)
            if lines > 1:
                ws.row_dimensions[r].height = 15 * lines
            out = []
            for v, k in zip(values, kinds_of_row):
                cell = _text_cell(ws, v)
                if k == "money":
                    cell.number_format = MONEY_FORMAT
                elif k == "date":
                    cell.number_format = DATE_FORMAT
                if isinstance(v, str) and _wraps(v):
                    cell.alignment = wrap
                elif lines > 1:
                    cell.alignment = top
                out.append(cell)
            ws.append(out)
    return made


def _value_kind(value: Any) -> str:
    """The kind of one cell of a column of mixed kinds (the run sheet's ``value``)."""
    if isinstance(value, decimal.Decimal):
        return "money"
    if isinstance(value, (_dt.date, pd.Timestamp)):
        return "date"
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return "count"
    return "text"


def cash_flow(schedule: pd.DataFrame, horizon: Any = None) -> pd.DataFrame:
    """The `cash flow` sheet (§12): one row per calendar month of the schedule (``YYYY-MM``):
    ``collections`` (those carrying recovery), ``regular``, ``recovery``, ``total`` (money as
    Decimal) and ``after_year_end`` (``yes`` for a month after `horizon`, the run's `H`;
    empty without one); then a blank row and the ``total`` row."""
    names = [name for name, _, _, _ in _core.columns["cash flow"]]
    n = len(schedule)
    regular = _frames.pence_of(schedule["regular_amount"]) if n else np.zeros(0, dtype=np.int64)
    recovery = _frames.pence_of(schedule["recovery_amount"]) if n else np.zeros(0, dtype=np.int64)
    months = pd.to_datetime(schedule["collection_date"]).dt.strftime("%Y-%m").to_numpy() if n else np.zeros(0, str)
    table = pd.DataFrame({"carrying": (recovery != 0).astype(np.int64), "regular": regular, "recovery": recovery},
                         index=months).groupby(level=0, sort=True).sum()
    last = None if horizon is None or _values.is_missing(horizon) else pd.Timestamp(horizon).strftime("%Y-%m")
    rows = [(month, int(r.carrying), _money(int(r.regular)), _money(int(r.recovery)),
             _money(int(r.regular + r.recovery)), "yes" if last is not None and month > last else None)
            for month, r in table.iterrows()]
    rows.append((None, None, None, None, None, None))
    rows.append(("total", int(table["carrying"].sum()), _money(int(table["regular"].sum())),
                 _money(int(table["recovery"].sum())), _money(int(table["regular"].sum() + table["recovery"].sum())),
                 None))
    return pd.DataFrame(rows, columns=names)


def _chart(ws: Any, months: int) -> None:
    """A column chart of regular and recovery by month (stacked: a column is the month's
    cash in), the months' rows only (not the total)."""
    from openpyxl.chart import BarChart, Reference

    if months == 0:
        return
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = "Cash in by month of collection"
    chart.y_axis.numFmt = "£#,##0"
    chart.x_axis.title = "month (after_year_end: after the year end)"
    chart.legend.position = "b"
    for col in (3, 4):  # regular, recovery
        chart.add_data(Reference(ws, min_col=col, min_row=1, max_row=months + 1), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=months + 1))
    chart.width, chart.height = 24, 11
    ws.add_chart(chart, "H2")


def run_table(summary: pd.DataFrame) -> pd.DataFrame:
    """The `run` sheet (§12): ``item`` and ``value`` in the manifest's order (from
    ``summary.attrs["manifest"]``), the accounts and their arrears by status, then the
    reported rows (``summary.attrs["problems"]``)."""
    manifest = summary.attrs.get("manifest")
    rows: List[tuple] = []
    if manifest is None:
        rows.append(("run", "not recorded: this summary has no attrs['manifest'] (not from arrears.recover)"))
    else:
        rows.append(("version", manifest["version"]))
        rows.append(("arguments", json.dumps(manifest["arguments"], sort_keys=False)))
        for table, entry in zip([t for t in ("accounts", "ledger", "payments", "holidays")], manifest["inputs"]):
            rows.append(("input", entry["path"] if entry["path"] is not None else "(a table given to recover)"))
            if entry.get("sha256"):
                rows.append(("  sha256", entry["sha256"]))
            if entry.get("rows") is not None:
                rows.append(("  rows", int(entry["rows"])))
    for key, item in (("earliest_change", "first changeable collection"), ("horizon", "year end (H)")):
        if summary.attrs.get(key) is not None:
            rows.append((item, summary.attrs[key]))
    status = summary["status"].astype(str) if len(summary) else pd.Series([], dtype=str)
    arrears = _frames.pence_of(summary["arrears"].where(summary["arrears"].notna(), 0)) if len(summary) \
        else np.zeros(0, dtype=np.int64)
    for s in _core_statuses():
        here = (status == s).to_numpy()
        rows.append((f"accounts {s}", int(here.sum())))
        rows.append((f"arrears {s}", _money(int(arrears[here].sum()))))
    if manifest is not None:
        rows.append(("arrears", decimal.Decimal(manifest["arrears"])))
        rows.append(("scheduled", decimal.Decimal(manifest["scheduled"])))
    problems = list(summary.attrs.get("problems", []))
    rows.append(("reported rows", len(problems)))
    rows.extend(("reported", p) for p in problems)
    return pd.DataFrame(rows, columns=["item", "value"])


def _core_statuses() -> List[str]:
    from ._manifest import STATUSES
    return STATUSES


def write_workbook(path: Union[str, os.PathLike], schedule: pd.DataFrame, summary: pd.DataFrame,
                   notices: Optional[pd.DataFrame] = None, collections: Optional[pd.DataFrame] = None, *,
                   rows_per_sheet: int = ROWS_PER_SHEET) -> None:
    """Write the workbook ``arrears recover --workbook`` writes, from ``recover``'s frames.

    Sheets in §12's order: ``schedule``, ``summary``, ``cash flow`` (months with regular,
    recovery, total and ``after_year_end`` from ``summary.attrs["horizon"]``, a blank row,
    the total, and a column chart), ``notices`` and ``collections`` when given, and ``run``
    (from ``summary.attrs["manifest"]``: what produced it). Each has a bold, frozen header
    row repeated on every printed page (A4 landscape, one page wide) and columns as wide as
    their text; a sheet over 1,048,575 data rows continues on ``schedule (2)``, ... Money
    is written from the exact ``Decimal`` (or integer pence) with the format ``£#,##0.00``,
    dates as Excel dates shown ``dd/mm/yyyy``, counts as numbers, the rest as text — never
    a formula, whatever it begins with. Needs openpyxl (Debian python3-openpyxl).

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
    (['schedule', 'summary', 'cash flow', 'run'], 354.78, '£#,##0.00')
    """
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    # The same frames give the same bytes (issue 25, recovery-rules §12): the workbook's
    # creation time is the run's notice date at midnight, as the command line's is.
    created = _created(summary)
    book.properties.created = book.properties.modified = created
    _sheets(book, "schedule", schedule, rows_per_sheet)
    _sheets(book, "summary", summary, rows_per_sheet)
    flow = cash_flow(schedule, summary.attrs.get("horizon"))
    flow_sheets = _sheets(book, "cash flow", flow, rows_per_sheet)
    if len(flow_sheets) == 1:  # (a chart of months continued on another sheet is not drawn)
        _chart(flow_sheets[0], len(flow) - 2)
    for name, frame in (("notices", notices), ("collections", collections)):
        if frame is not None:
            _sheets(book, name, frame, rows_per_sheet)
    _sheets(book, "run", run_table(summary), rows_per_sheet, kinds=["text", "any"])
    _save_reproducibly(book, os.fspath(path), created)


def _created(summary: pd.DataFrame) -> _dt.datetime:
    """The run's notice date at midnight (from ``summary.attrs["manifest"]``), or 1 January
    2000 for frames that did not come from ``recover``: never the clock."""
    arguments = summary.attrs.get("manifest", {}).get("arguments", {})
    try:
        return _dt.datetime.combine(_dt.date.fromisoformat(str(arguments["notice_date"])), _dt.time())
    except (KeyError, TypeError, ValueError):
        return _dt.datetime(2000, 1, 1)


def _save_reproducibly(book: Any, path: str, created: _dt.datetime) -> None:
    """Saves `book` to `path` with every part of the zip dated `created` (openpyxl dates them
    with the clock), through temporary files beside `path`, renamed into place; an existing
    file's mode is kept (issue 25)."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, scratch = tempfile.mkstemp(prefix=".arrears-", suffix=".xlsx", dir=folder)
    os.close(fd)
    final = os.path.join(folder, f".arrears-{os.getpid()}-{secrets.token_hex(6)}.xlsx")
    try:
        book.save(scratch)
        with zipfile.ZipFile(scratch) as src, open(final, "xb") as file, \
                zipfile.ZipFile(file, "w", zipfile.ZIP_DEFLATED) as dst:
            for item in src.infolist():
                info = zipfile.ZipInfo(item.filename, date_time=created.timetuple()[:6])
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = item.external_attr
                with src.open(item) as data, dst.open(info, "w") as out:
                    while chunk := data.read(1 << 20):
                        out.write(chunk)
        if os.path.isfile(path):
            shutil.copymode(path, final)
        os.replace(final, path)
    finally:
        for leftover in (scratch, final):
            if os.path.exists(leftover):
                os.unlink(leftover)
