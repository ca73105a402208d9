"""Recovery of a portfolio (recovery-rules §5–§12) into the schedule and summary frames,
and the monthly cash-flow of a schedule."""

from __future__ import annotations

import warnings as _warnings
from typing import Any, Iterable, List, Optional, Sequence, Tuple

import numpy as np
import pandas as pd

from . import _core, _exports, _frames, _manifest, _notices, _options, _values
from ._types import DateLike, DateFormat, HolidayFile, MoneyForm, Region, Table
from ._values import InputError, InputWarning


def _summarise(problems: Sequence[str], limit: int = 3) -> str:
    shown = "; ".join(problems[:limit])
    more = f"; and {len(problems) - limit} more" if len(problems) > limit else ""
    return shown + more


def recover(accounts: Table, *, ledger: Optional[Table] = None, payments: Optional[Table] = None,
            mandates: Optional[Table] = None, region: Region = "england-and-wales", holidays: HolidayFile = None,
            closures: Iterable[DateLike] = (), money: MoneyForm = "decimal", threads: int = 0,
            date_format: DateFormat = "YYYY-MM-DD", map: Optional[_exports.ColumnMap] = None, notices: bool = False,
            keep: Optional[Sequence[str]] = None, language: str = "en", **options: Any) -> Tuple[pd.DataFrame, ...]:
    """Recover the missed collections of every account: a revised schedule and a summary.

    The keywords mirror ``arrears recover``'s options (``--notice-date`` is
    `notice_date`, ``--no-extend`` is ``extend=False``); the tables hold the columns of
    ``accounts.csv``, ``ledger.csv``, ``payments.csv`` and ``mandates.csv`` (recovery-rules
    §12, §14). The options
    of the recovery itself come from the library's option table, as the command line's do:
    dates may be ``datetime.date``, ``pd.Timestamp`` at midnight or ``"YYYY-MM-DD"`` text,
    amounts ``decimal.Decimal``, text or int (whole pounds).

    Parameters
    ----------
    accounts : DataFrame or list of dict
        ``account_id, amount, frequency, first_due`` and optionally ``day, end, skip,
        convention``. Cells may be text (as read by ``pd.read_csv(..., dtype=str)``;
        NaN is an empty cell) or typed values: dates, Decimal or int amounts (int is whole
        pounds), a list of dates for ``skip``. A float amount is read as its shortest
        repr (``12.5``); one with more than two decimals (``12.345``) rejects its row. Other columns
        are ignored. A bad row never stops the run: its account gets status
        ``rejected`` and a message naming the row, the column and the text. A row is
        named by its index label (``df.loc[n]``; with the default index, also
        ``df.iloc[n]``), or by its position from 0 when the index is not of non-negative
        integers and for a list of dicts (``accounts[n]``). Columns count from 1.
    <options: Inputs>
    ledger : DataFrame or list of dict
        ``account_id, due_date, amount, status, reason``: ``unpaid`` (with its ARUDD
        code) and ``not_presented`` rows are missed.
    payments : DataFrame or list of dict, optional
        ``account_id, date, amount``: money received by other means.
    mandates : DataFrame or list of dict, optional
        ``account_id, effective_date, event`` and optionally ``reason, new_sort_code,
        new_account_number``: what payers' banks did to the Direct Debit Instructions, as
        `read_mandates` returns them (or ``mandates.csv`` read with ``dtype=str``, so sort
        codes keep their leading zeros). Each account's events are taken in effective-date
        order (file order for equal dates) and the last ``cancelled``, ``disputed`` or
        ``reinstated`` decides (recovery-rules §14, §5): ``cancelled`` gives status
        ``cancelled``, ``disputed`` status ``review``, ``reinstated`` undoes either;
        ``transferred`` and ``amended`` leave the mandate standing. ``event`` is read in any
        letter case; ``reason`` is one character; only a ``transferred`` row may give a new
        sort code (six digits) or account number (eight, or seven).
    <options: The notice>
    region : {"england-and-wales", "scotland", "northern-ireland"}
        The calendar that counts the notice period's working days. Collections are always
        taken on England-and-Wales working days (Bacs).
    holidays : path or dict, optional
        A GOV.UK ``bank-holidays.json``: its england-and-wales division for collections,
        the `region`'s for the notice period.
    closures : iterable of date or "DATE,DATE", optional
        Extra non-working days (both calendars).
    <options: The recovery>
    <options: The promise>
    money : {"decimal", "pence"}
        Money columns as ``decimal.Decimal`` (default), or as integer pence (int64,
        nullable ``Int64`` in the summary).
    threads : int
        Threads for the recovery (0: every core). The result never depends on it.
    date_format : {"YYYY-MM-DD", "DD/MM/YYYY"}
        ``DD/MM/YYYY`` also reads date cells holding ``/`` as day/month/year (``1/4/2025``).
    map : dict, optional
        ``{OURS: THEIRS}`` (or ``{OURS: [THEIRS, ...]}``): read our column from the tables'
        column THEIRS, as ``--map OURS=THEIRS`` does (``{"account_id": "tag_ref"}``). An
        OURS that recover does not read (nor `keep` names) is an InputError naming the
        nearest name (``edn``: did you mean ``end``?).
    notices : bool
        Also return the advance notices (§13), a third frame.
    keep : list of str, optional
        Columns of `accounts` (payer name, address, Direct Debit reference) copied into the
        notices after ``account_id``, trimmed; an empty cell is None. A column `accounts`
        lacks, or an output column's name, is an InputError.
    language : {"en", "cy", "cy+en"}
        The payers' letter language, as ``--language``: English, Welsh or bilingual (Welsh
        first), read as a named value (``"CY"``). An accounts column ``language`` (same
        values; a bad cell rejects the account) overrides it for its payer. Welsh asked for
        by either: the notices gain ``schedule_text_cy``, ``missed_text_cy`` and each
        payer's ``language`` (§13), which `letters` and `notify` follow.

    Returns
    -------
    schedule : DataFrame
        ``account_id, due_date, collection_date, regular_amount, recovery_amount,
        total_amount, arrears_after``: one row per remaining collection of each account
        with a revised schedule, in account order, then date order.
    summary : DataFrame
        ``account_id, status, missed_count, missed_amount, paid_amount, arrears,
        instalments, first_recovery_date, last_recovery_date, max_recovery, warnings,
        message``: one row per input account, in input order. Empty cells are missing
        values (None, NaT, ``pd.NA``). ``summary.attrs`` holds ``problems`` (the ledger,
        payment and mandate rows that were reported and left out), ``earliest_change`` (E),
        ``horizon`` (H), ``extension_limit`` (X) and ``double_payment_accounts`` (how many
        accounts pay double in some collection: the ``double_payment`` warning) and
        ``manifest``, the run's audit record with the keys of ``--manifest`` (§12):
        ``version``; ``arguments``, unlike the command line's list a dict of every keyword
        but the tables and `threads`, defaults included (dates as ``YYYY-MM-DD``, Decimal as text);
        ``inputs``, each ``{path, sha256, rows}``: the tables given (accounts, ledger,
        payments, mandates, in that order; path and sha256 None, rows their row count), then a
        `holidays` path (its SHA-256, rows None); ``outputs`` ``[]`` (Python writes no
        files); ``statuses`` (all seven of §9, zeros included); ``arrears`` and
        ``scheduled`` as §1 money text; ``reported``, each ``{file, line, account_id,
        problem}``: the ledger and payments rows reported (a malformed row naming an
        accepted account puts that account in ``review``, §5). The schedule has the same attrs but the manifest,
        and ``collection_calendar`` (the holidays and closures `collections` uses).
    notices : DataFrame
        Only with ``notices=True``: ``account_id``, the kept columns, ``notice_date``,
        ``send_by``, ``frequency``, ``regular_amount``, ``notice_kind`` (``recovery``),
        ``missed_count``, ``missed_dates`` (``YYYY-MM-DD`` joined by ``;``),
        ``missed_text`` (``1 December 2025: £532.17`` a line each), ``missed_amount``,
        ``paid_amount``, ``previous_catch_up`` and ``credit`` (empty here: `replan`'s,
        §15), ``changes``, ``first_changed``, ``last_changed``,
        ``catch_up_total``, ``resumes_on``, ``resume_amount``, ``schedule_text``
        (recovery-rules §13): one row per ``ok``/``extended`` account, in input order (see
        `letters` for the printable letters). Welsh asked for (`language` or the accounts'
        ``language`` column): then ``schedule_text_cy``, ``missed_text_cy`` and
        ``language`` (the payer's: ``en``, ``cy`` or ``cy+en``), as the command line's.

    In every frame, money (pounds) is ``decimal.Decimal`` in object columns (with
    ``money="pence"``: int64 pence, ``Int64`` where a cell may be empty), dates are
    ``datetime64[ns]``, counts int64 (``Int64`` where they may be empty), the rest str.

    Raises
    ------
    InputError
        Bad options (``strategy="x"``, a cap or another of §8's limits with strategy
        single, a minimum recovery below 0.01, a notice date not after
        the outage, a date outside 1995–2099, a float cap with more than two decimals), or
        a missing required column.

    Warns
    -----
    InputWarning
        When a loaded holiday list lacks a holiday the rules have, or has one they lack
        (§2: each named, one warning each; the run uses the list), and when account rows
        were rejected or ledger, payment or mandate rows left out (the command
        line's exit status 1).

    Examples
    --------
    >>> accounts = [{"account_id": "A-1001", "amount": "532.17", "frequency": "monthly",
    ...              "first_due": "2025-04-01"}]
    >>> schedule, summary = recover(accounts, outage=("2025-11-24", "2026-01-09"),
    ...                             notice_date="2026-01-12", cap="50%", money="pence")
    >>> schedule["recovery_amount"].tolist()
    [21287, 21287, 21287, 21287, 21286]
    >>> summary.loc[0, ["status", "instalments", "last_recovery_date"]].tolist()
    ['extended', 5, Timestamp('2026-06-01 00:00:00')]

    By default nobody pays double: each catch-up amount stays under the regular 532.17, so
    three collections carry it (§11); ``no_double_payment=False`` allows 532.17 on each of two.

    >>> schedule, summary = recover(accounts, outage=("2025-11-24", "2026-01-09"),
    ...                             notice_date="2026-01-12", money="pence")
    >>> schedule["recovery_amount"].tolist(), summary.attrs["double_payment_accounts"]
    ([35478, 35478, 35478], 0)
    >>> schedule, summary = recover(accounts, outage=("2025-11-24", "2026-01-09"),
    ...                             notice_date="2026-01-12", no_double_payment=False, money="pence")
    >>> schedule["recovery_amount"].tolist(), summary.attrs["double_payment_accounts"]
    ([53217, 53217], 1)
    """
    # First: every argument by name, the defaults too (for the manifest); TypeError for a
    # keyword recover does not take.
    given = dict(locals())
    given_options = dict(options)  # the table's keywords the caller gave (texts: only these)
    try:
        bound = recover.__signature__.bind(**given.pop("options"), **given)  # type: ignore[attr-defined]
    except TypeError as e:
        raise TypeError(f"recover() {e}") from None
    bound.apply_defaults()
    keywords = dict(bound.arguments)
    form = _values.to_text(money, "money")
    if form not in ("decimal", "pence"):
        raise InputError(f"unknown money form '{form}' (expected decimal or pence)")
    if (keywords["outage"] is None) == (ledger is None):
        raise InputError("give either outage (FROM, TO) or a ledger, not both" if keywords["outage"] is not None
                         else "give an outage (FROM, TO) or a ledger")
    language = _notices.language_value(language)
    threads = _values.to_int(threads, "threads")
    if threads < 0:
        raise InputError(f"threads {threads} must not be negative")

    # Collections on England-and-Wales working days (Bacs), the notice period on the region's.
    official = _values.official_holidays(holidays)
    _exports.warn_stale_list(official, ["england-and-wales", _values.to_text(region, "region")], holidays, InputWarning)
    closure_days = _values.date_list(closures, "closures")
    collection, notice = _core.run_calendars(_values.to_text(region, "region"), official, closure_days)
    kept = _notices.keep_columns(keep)
    tables = _exports.apply_map(map, {"accounts": accounts, "ledger": ledger, "payments": payments,
                                      "mandates": mandates}, reads="recover", also=kept)
    accounts_as_read = accounts
    accounts, ledger, payments = tables["accounts"], tables["ledger"], tables["payments"]
    mandates = tables["mandates"]
    accounts = _exports.with_own_columns(accounts, accounts_as_read, kept)
    recovery = _core.Recovery(_options.texts(given_options), collection=collection, notice=notice)

    raw = _core.recover(
        recovery,
        _frames.table(accounts, "accounts", {**{k: "text" for k in kept}, **_frames.ACCOUNT_COLUMNS}, lazy=True),
        None if ledger is None else _frames.table(ledger, "ledger", _frames.LEDGER_COLUMNS, lazy=True),
        None if payments is None else _frames.table(payments, "payments", _frames.PAYMENT_COLUMNS, lazy=True),
        None if mandates is None else _frames.table(mandates, "mandates", _frames.MANDATE_COLUMNS, lazy=True),
        threads, _values.to_text(date_format, "date_format"), notices=_values.to_bool(notices, "notices"), keep=kept,
        language=language, own=_exports.own_names(map, accounts_as_read))
    schedule, summary = _frames.frames(raw, form)

    problems: List[str] = list(raw["problems"])
    attrs = {"problems": problems,
             "earliest_change": _values.from_days(recovery.earliest_change),
             "horizon": _values.from_days(recovery.horizon),
             "extension_limit": _values.from_days(recovery.extension_limit),
             "double_payment_accounts": int(raw["totals"]["double_payment"])}
    summary.attrs.update(attrs)
    schedule.attrs.update({**attrs, "problems": list(problems), "collection_calendar": {
        "holidays": holidays, "closures": closure_days}, "map": map})
    summary.attrs["manifest"] = _manifest.manifest(keywords, raw["totals"], list(raw["reported"]))

    if raw["totals"]["statuses"]["rejected"]:
        rejected = summary["message"][summary["status"] == "rejected"].tolist()
        _warnings.warn(f"{len(rejected)} account(s) rejected (status 'rejected'): {_summarise(rejected)}",
                       InputWarning, stacklevel=2)
    if problems:
        _warnings.warn(f"{len(problems)} ledger/payments/mandates row(s) left out (summary.attrs['problems']): "
                       f"{_summarise(problems)}", InputWarning, stacklevel=2)
    if notices:
        return schedule, summary, _notices.notices_frame(raw["notices"], form)
    return schedule, summary


def cashflow(schedule: pd.DataFrame) -> pd.DataFrame:
    """Regular and recovery totals per calendar month of collection, for the cash forecast.

    Parameters
    ----------
    schedule : DataFrame
        A schedule from `recover`, with money as Decimal or as pence.

    Returns
    -------
    DataFrame
        ``month`` (a monthly ``Period``), ``collections`` (how many), ``regular_amount``,
        ``recovery_amount`` and ``total_amount``, one row per month with collections, in
        month order; money in the schedule's form. Only accounts with a revised schedule
        (``ok``, ``extended``) have rows in the schedule, so only they are counted.

    Raises
    ------
    InputError
        A frame without ``collection_date`` and the three money columns.

    Examples
    --------
    >>> accounts = [{"account_id": "A-1001", "amount": "532.17", "frequency": "monthly",
    ...              "first_due": "2025-04-01"}]
    >>> schedule, _ = recover(accounts, outage=("2025-11-24", "2026-01-09"),
    ...                       notice_date="2026-01-12")
    >>> cashflow(schedule)
         month  collections regular_amount recovery_amount total_amount
    0  2026-02            1         532.17          354.78       886.95
    1  2026-03            1         532.17          354.78       886.95
    2  2026-04            1         532.17          354.78       886.95
    """
    money = ["regular_amount", "recovery_amount", "total_amount"]
    missing = [c for c in ["collection_date", *money] if c not in schedule.columns]
    if missing:
        raise InputError(f"cashflow needs a schedule from recover(); missing column(s) {', '.join(missing)}")
    as_decimal = any(schedule[c].dtype == object for c in money)
    pence = pd.DataFrame({c: _frames.pence_of(schedule[c]) for c in money}, index=schedule.index)
    pence.insert(0, "collections", 1)
    month = pd.to_datetime(schedule["collection_date"]).dt.to_period("M").rename("month")
    totals = pence.groupby(month, sort=True).sum().reset_index()
    if as_decimal:
        for c in money:
            totals[c] = _frames.decimals(totals[c].to_numpy(dtype=np.int64))
    return totals


# The table's keywords, each group followed by recover's own keywords of that group (as on
# the command line's --help).
recover.__signature__ = _options.signature(  # type: ignore[attr-defined]
    recover, {"Inputs": ["ledger", "payments", "mandates"], "The notice": ["region", "holidays", "closures"]})
recover.__doc__ = _options.document(recover.__doc__ or "")
