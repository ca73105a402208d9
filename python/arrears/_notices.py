"""Telling the payers and the bank (recovery-rules §13, §14): the notices frame of
``recover(..., notices=True)``, the letters made from it, and the collection file."""

from __future__ import annotations

import decimal
import os
import pathlib
import warnings as _warnings
from typing import Any, Iterable, List, Optional, Sequence, Union

import numpy as np
import pandas as pd

from . import _core, _exports, _frames, _values
from ._types import Table
from ._values import InputError, InputWarning

# The columns of every run (the kept ones go after account_id) and each column's kind: the
# library's own lists (io/columns.hpp).
NOTICE_COLUMNS: List[str] = list(_core.notice_columns)
COLLECTION_COLUMNS: List[str] = list(_core.collection_columns)
_NOTICE_KINDS = _frames.kinds("notices")


def language_value(language: Any) -> str:
    """``en``, ``cy`` or ``cy+en`` from `language`, read as a named value (recovery-rules §12:
    any letter case, spaces, hyphens and underscores ignored); InputError otherwise."""
    lang = "".join(c for c in _values.to_text(language, "language").lower() if c not in " -_\t")
    if lang not in ("en", "cy", "cy+en"):
        raise InputError(f"unknown language '{language}' (expected en, cy or cy+en)")
    return lang


def keep_columns(keep: Optional[Iterable[str]]) -> List[str]:
    """The ``keep`` names as a list (a ``"a,b"`` string is split at commas)."""
    if keep is None:
        return []
    if isinstance(keep, str):
        keep = keep.split(",")
    return [_values.to_text(k, "keep").strip(" \t") for k in keep]


def _money_cells(cells: pd.Series, form: str) -> Any:
    pence = [None if c is None else int(decimal.Decimal(c).scaleb(2)) for c in cells.tolist()]
    if form == "pence":
        return pd.array(pence, dtype="Int64")
    mask = np.array([p is None for p in pence], dtype=bool)
    return _frames.decimals(np.array([0 if p is None else p for p in pence], dtype=np.int64), mask)


def notices_frame(raw: dict, form: str) -> pd.DataFrame:
    """The notices DataFrame from ``_core.recover``'s text cells: dates as datetime64, money
    in `form`, ``changes`` and ``missed_count`` as int, text as str (missing values for
    empty cells: ``missed_dates`` and ``missed_text`` of an account with nothing missed)."""
    frame = pd.DataFrame(raw["rows"], columns=raw["columns"], dtype=object)
    for name, kind, may_be_empty, _ in _core.columns["notices"][1:]:
        if name not in frame.columns:  # (a column of only some runs)
            continue
        if kind == "date":
            frame[name] = pd.to_datetime(frame[name], format="%Y-%m-%d")
        elif kind == "money":
            frame[name] = _money_cells(frame[name], form)
        elif kind == "count":
            frame[name] = frame[name].astype("Int64" if may_be_empty else "int64")
    return frame


def _money_text(value: Any) -> str:
    if _values.is_missing(value):
        return ""
    if isinstance(value, (int, np.integer)):  # integer pence (money="pence")
        return _values.decimal_text(_values.pence_to_decimal(int(value)))
    return _frames._cell(value, "money")


def _html_text(value: Union[None, str, "os.PathLike[str]"], what: str) -> tuple[Optional[str], str]:
    """A template's or guarantee's text and its name for messages: a ``str`` as it is, a file
    read in the character set it declares (recovery-rules §13)."""
    if value is None:
        return None, "bundled letter"
    if isinstance(value, os.PathLike):
        path = pathlib.Path(value)
        try:
            data = path.read_bytes()
        except OSError as e:
            raise InputError(f"{what} {path}: {e}") from None
        if len(data) > _MAX_TEMPLATE_BYTES:
            raise InputError(f"{what} {path}: larger than {_MAX_TEMPLATE_BYTES} bytes")
        return _core.decode_html(data, str(path)), str(path)
    return _values.to_text(value, what), what


# The most bytes a template or guarantee file may hold (io::max_template_bytes).
_MAX_TEMPLATE_BYTES = 16 << 20


def letters(notices: pd.DataFrame, template: Union[None, str, "os.PathLike[str]"] = None,
            guarantee: Union[None, str, "os.PathLike[str]"] = None, language: str = "en",
            guarantee_cy: Union[None, str, "os.PathLike[str]"] = None) -> str:
    """Printable letters, one per notice row, as one HTML document (recovery-rules §13).

    Parameters
    ----------
    notices : DataFrame
        The notices of ``recover(..., notices=True)`` (or the same columns read back from
        a notices file), kept columns included. The bundled letter takes the payer's name
        and address from kept columns ``name``, ``address_line_1`` … ``address_line_6`` and
        ``postcode``, the labelled Direct Debit reference from ``reference``, and labels any
        other kept column.
    template : str, path or None
        The letter template: its text (a ``str``), a file (a ``pathlib.Path``, read in the
        character set its byte-order mark or ``<meta>`` declares: UTF-8 or Windows-1252),
        or None for the bundled letter (``arrears letter-template`` prints it). A template
        is an HTML document whose ``<body>`` text holds one letter with ``{NAME}``
        placeholders: a notice column (a kept column's name with every character but
        letters, digits and ``_`` turned into ``_``) or one the letter computes:
        ``schedule_table``, ``address_block``, ``details_block``, ``greeting``,
        ``missed_list``, ``paid_text``, ``ended_text``, ``resume_text``, ``guarantee``,
        ``guarantee_cy``; any with ``_cy`` after its name in Welsh (``{first_changed_cy}``:
        ``2 Chwefror 2026``); ``{{`` and ``}}`` there are literal braces. Its head, ``<style>`` and ``<script>``
        content and attribute values are copied as they are.
    guarantee : str, path or None
        The Direct Debit Guarantee as the council's bank supplies it, an HTML fragment (its
        text, or a file read as a template is), for ``{guarantee}``. None: the letters show
        a bracketed placeholder and an ``InputWarning`` says they are not ready to send.
    language : str
        The bundled letter's language: ``"en"``, ``"cy"`` (Welsh) or ``"cy+en"`` (bilingual,
        Welsh first); its Welsh is a draft for the council's translator to check. Only with
        ``template=None``.
    guarantee_cy : str, path or None
        The Guarantee's Welsh, for ``{guarantee_cy}`` (the Welsh and bilingual letters).

    Returns
    -------
    str
        The HTML in UTF-8 (declared ``<meta charset="utf-8">``): one letter per row, each
        starting a new printed page; money as ``£1,234.56``, dates as ``2 February 2026``,
        every inserted value HTML-escaped.

    Raises
    ------
    InputError
        An unknown or malformed placeholder (named, with its line), a template without a
        ``<body>``, a file in a character set arrears cannot read (named), or a kept column
        whose placeholder is one the letter computes.

    Examples
    --------
    >>> import arrears
    >>> accounts = [{"account_id": "W1", "amount": "532.17", "frequency": "monthly",
    ...              "first_due": "2025-04-01", "name": "Ann Smith", "postcode": "AN1 1AA"}]
    >>> _, _, notices = arrears.recover(accounts, outage=("2025-11-24", "2026-01-09"),
    ...                                 notice_date="2026-01-12", notices=True, keep=["name", "postcode"])
    >>> html = arrears.letters(notices, guarantee="<p>The Guarantee, as the bank supplies it.</p>")
    >>> "Ann Smith<br>" in html and "AN1 1AA" in html and "2 February 2026" in html and "£886.95" in html
    True
    """
    text, source = _html_text(template, "template")
    fragment, _ = _html_text(guarantee, "guarantee")
    columns, rows = _text_rows(notices)
    fragment_cy, _ = _html_text(guarantee_cy, "guarantee_cy")
    html, missing, unused = _core.letters(columns, rows, text, source, fragment, _values.to_text(language, "language"),
                                          fragment_cy)
    if missing:
        _warnings.warn("the letters are not ready to send: they show a placeholder where the Direct Debit "
                       "Guarantee must be; give it as your bank supplies it with guarantee= (guarantee_cy= in "
                       "Welsh)", InputWarning,
                       stacklevel=2)
    elif unused:
        _warnings.warn("the letter template has no {guarantee}, so the letters do not show the guarantee given",
                       InputWarning, stacklevel=2)
    return html


# GOV.UK Notify's most rows in one upload (io::notify_max_rows).
NOTIFY_MAX_ROWS = 100_000


def _text_rows(notices: pd.DataFrame) -> tuple[List[str], List[List[str]]]:
    """The notice rows as text cells, as the notices file holds them (money ``1234.56``)."""
    columns = [str(c) for c in notices.columns]
    money = {name for name, kind in _NOTICE_KINDS.items() if kind == "money"}
    rows = []
    for values in notices.itertuples(index=False, name=None):
        rows.append([_money_text(v) if c in money else ("" if _values.is_missing(v) else _frames._cell(v, "text"))
                     for c, v in zip(columns, values)])
    return columns, rows


def notify(notices: pd.DataFrame, language: str = "en",
           max_rows: int = NOTIFY_MAX_ROWS) -> Union[pd.DataFrame, List[pd.DataFrame]]:
    """GOV.UK Notify's bulk letter upload for the notices (recovery-rules §13, ``--notify``).

    Parameters
    ----------
    notices : DataFrame
        The notices of ``recover(..., notices=True)``, with the kept columns that make the
        address: ``name``, ``address_line_1`` … ``address_line_6``, ``postcode``, and
        ``reference`` (names as read after ``map``).
    language : str
        ``"en"``, or ``"cy"``/``"cy+en"`` (Welsh asked for): each date, money, frequency and
        text column then has a ``_cy`` twin after it, in Welsh. Notices with a ``language``
        column (``recover`` with Welsh asked for) have the twins too, and each row's
        ``language`` after ``resume_text_cy``. Notify applies one template to an upload:
        upload each language's rows apart (``upload.groupby("language")``), as the command
        line writes ``FILE.csv`` for the run's language and ``FILE-cy.csv``,
        ``FILE-cy+en.csv``, ``FILE-en.csv`` for the others.
    max_rows : int
        The most rows a table holds (Notify's limit, 100,000).

    Returns
    -------
    DataFrame or list of DataFrame
        One row per notice whose address Notify takes, all text: ``address_line_1`` …
        ``address_line_7`` (the name, the address lines that are not empty, the postcode
        last; more than seven lines: the middle ones joined with ``, `` into the sixth), then
        ``account_id``, ``reference``, ``notice_kind``, ``notice_date``, ``send_by``,
        ``frequency``, ``regular_amount``, ``missed_text``, ``missed_amount``,
        ``paid_amount``, ``catch_up_total``, ``schedule``, ``first_changed``,
        ``last_changed``, ``resume_text`` (dates and money as in the letters, an empty value
        ``-``: Notify refuses empty placeholders), then the other kept columns. More than
        `max_rows` rows: a list of tables of at most that many, to upload one by one (the
        command line's FILE.csv, FILE-2.csv, …). ``to_csv(path, index=False)`` writes the file.

    Warns
    -----
    InputWarning
        Naming each notice left out because Notify would refuse its address: fewer than
        three lines, a last line that is not a UK postcode, a line starting with one of
        ``@ ( ) = [ ] " \\ / , < > ~``, or "no fixed abode" (the command line's exit status 1).

    Examples
    --------
    >>> import arrears
    >>> accounts = [{"account_id": "W1", "amount": "532.17", "frequency": "monthly", "first_due": "2025-04-01",
    ...              "name": "Ann Smith", "address_line_1": "1 High Street", "postcode": "AN1 1AA"}]
    >>> _, _, notices = arrears.recover(accounts, outage=("2025-11-24", "2026-01-09"), notice_date="2026-01-12",
    ...                                 notices=True, keep=["name", "address_line_1", "postcode"])
    >>> upload = arrears.notify(notices)
    >>> upload.loc[0, ["address_line_1", "address_line_3", "first_changed", "catch_up_total"]].tolist()
    ['Ann Smith', 'AN1 1AA', '2 February 2026', '£1,064.34']
    """
    lang = language_value(language)
    columns, rows = _text_rows(notices)
    # Welsh asked for by the run or by the accounts' language column (the notices then carry
    # each payer's `language`), as on the command line.
    names, cells, refused = _core.notify_rows(columns, rows, lang != "en" or "language" in columns)
    if refused:
        ids = notices["account_id"].tolist() if "account_id" in notices.columns else [None] * len(rows)
        _warnings.warn(f"{len(refused)} notice(s) left out of the Notify upload (Notify would refuse the address): "
                       + "; ".join(f"account {ids[i]}: {why}" for i, why in refused[:3]), InputWarning, stacklevel=2)
    frames = [pd.DataFrame(cells[k:k + max_rows], columns=names, dtype=object)
              for k in range(0, max(len(cells), 1), max_rows)]
    if not cells:
        frames = [pd.DataFrame([], columns=names, dtype=object)]
    return frames[0] if len(frames) == 1 else frames


def notify_template(language: str = "en") -> str:
    """The GOV.UK Notify letter template of ``arrears notify-template`` (recovery-rules §13):
    its first line the heading, the rest the body with Notify's ``((placeholders))`` (the
    columns of `notify`); ``language`` ``"en"``, ``"cy"`` or ``"cy+en"``."""
    return _core.notify_template(_values.to_text(language, "language"))


def collections(schedule: pd.DataFrame, accounts: Table, keep: Optional[Sequence[str]] = None,
                map: Optional[Any] = None) -> pd.DataFrame:
    """The collection file for the Direct Debit system or bureau (recovery-rules §14).

    Parameters
    ----------
    schedule : DataFrame
        A schedule from `recover` (money as Decimal or pence). Its ``attrs`` say which
        calendar the run used for collections.
    accounts : DataFrame or list of dict
        The accounts given to `recover`, for the kept columns.
    keep : list of str, optional
        Columns of `accounts` copied after ``account_id`` (trimmed of spaces and tabs; an
        empty cell is None), by the file's own names.
    map : dict, optional
        The ``map`` the accounts were recovered with (default: the one `recover` kept in
        ``schedule.attrs["map"]``), so ``account_id`` is found in, say, ``tag_ref``.

    Returns
    -------
    DataFrame
        ``account_id``, the kept columns, ``collection_date``, ``processing_date`` (the
        collection calendar's working day before the collection), ``input_by`` (the one
        before that), ``amount`` (the total), ``regular_amount``, ``recovery_amount``,
        ``action`` (``"collect"``) and ``previous_amount`` (None) — replan's columns, as the
        command line's collection file (recovery-rules §14): one row per schedule row
        carrying recovery, by collection date then input order.
        Dates are datetime64[ns]; money in the schedule's form (Decimal pounds or pence).

    Raises
    ------
    InputError
        A `keep` column `accounts` lacks, or one named like an output column.

    Warns
    -----
    InputWarning
        For rows whose collection date is not a working day (convention ``none``): Bacs
        cannot take them that day (the command line's exit status 1).

    Examples
    --------
    >>> import arrears
    >>> accounts = [dict(account_id="W1", amount="532.17", frequency="monthly", first_due="2025-04-01")]
    >>> schedule, _ = arrears.recover(accounts, outage=("2025-11-24", "2026-01-09"), notice_date="2026-01-12")
    >>> arrears.collections(schedule, accounts)[["collection_date", "processing_date", "input_by", "amount"]]
      collection_date processing_date   input_by  amount
    0      2026-02-02      2026-01-30 2026-01-29  886.95
    1      2026-03-02      2026-02-27 2026-02-26  886.95
    2      2026-04-01      2026-03-31 2026-03-30  886.95
    """
    names = keep_columns(keep)
    # The accounts as recover read them: --map's renaming (that run's, kept in the schedule's
    # attrs, unless given here), with the kept columns under the file's own names.
    column_map = map if map is not None else schedule.attrs.get("map")
    accounts = _exports.with_own_columns(_exports.apply_map(column_map, {"accounts": accounts})["accounts"],
                                         accounts, names)
    clash = [k for k in names if k in COLLECTION_COLUMNS or k in NOTICE_COLUMNS]
    if clash:
        raise InputError(f"keep: column '{clash[0]}' is already a column of the output")
    # The run's collection calendar: England and Wales with its holiday file and closures.
    used = schedule.attrs.get("collection_calendar", {})
    calendar = _core.run_calendars("england-and-wales", _values.official_holidays(used.get("holidays")),
                                   list(used.get("closures", [])))[0]
    rows = schedule[_frames.pence_of(schedule["recovery_amount"]) > 0]
    order = np.argsort(rows["collection_date"].to_numpy(), kind="stable")  # date, then input order
    rows = rows.iloc[order].reset_index(drop=True)
    out = pd.DataFrame({"account_id": rows["account_id"].to_numpy(dtype=object)})
    if names:
        header, columns, _ = _frames.table(accounts, "accounts", {"account_id": "text", **{k: "text" for k in names}})
        missing = [k for k in names if k not in header]
        if missing:
            raise InputError(f"keep: accounts has no column '{missing[0]}'")
        ids = columns[header.index("account_id")]
        first = {}
        for i, a in enumerate(ids):
            first.setdefault(a.strip(" \t"), i)
        for k in names:
            cells = columns[header.index(k)]
            out[k] = [cells[first[a]].strip(" \t") or None for a in out["account_id"]]
    # The Bacs days of each distinct collection date, as day numbers.
    dates = rows["collection_date"]
    day = {d: _values.to_days(d, "collection_date") for d in dates.drop_duplicates()}
    processing = {d: _core.working_day_before(calendar, n) for d, n in day.items()}
    input_by = {d: _core.working_day_before(calendar, n) for d, n in processing.items()}
    as_dates = lambda by_date: pd.to_datetime([_values.from_days(by_date[d]) for d in dates])  # noqa: E731
    out["collection_date"] = dates.to_numpy()
    out["processing_date"] = as_dates(processing)
    out["input_by"] = as_dates(input_by)
    out["amount"] = rows["total_amount"].to_numpy()
    out["regular_amount"] = rows["regular_amount"].to_numpy()
    out["recovery_amount"] = rows["recovery_amount"].to_numpy()
    out["action"] = pd.Series(["collect"] * len(out), dtype=object)  # §14: recover only collects
    out["previous_amount"] = pd.Series([None] * len(out), dtype=object)  # nothing told before it
    # What bacs_file reads of the run: its collection calendar and --map.
    out.attrs.update({"collection_calendar": used, "map": column_map})
    closed = [f"account {a} is collected on {d.date()}" for a, d in zip(out["account_id"], dates)
              if not calendar.is_working_day(day[d])]
    if closed:
        _warnings.warn(f"{len(closed)} collection(s) on a day that is not a working day of the collection calendar "
                       f"(Bacs cannot take them that day): {'; '.join(closed[:3])}", InputWarning, stacklevel=2)
    return out
