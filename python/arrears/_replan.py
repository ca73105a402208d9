"""Keeping the recovery on course (recovery-rules §15): `replan`, ``arrears replan`` from
Python — the plan of record and what happened since in, the new schedule, the summary with
``shortfall`` and ``changed``, and the changed collections out."""

from __future__ import annotations

import csv
from collections.abc import Mapping
import json
import os
import warnings as _warnings
from typing import Any, Iterable, List, Optional, Sequence, Tuple, Union

import numpy as np
import pandas as pd

from . import _core, _exports, _frames, _manifest, _notices, _options, _values
from ._recovery import _summarise
from ._types import DateFormat, DateLike, HolidayFile, MoneyForm, Region, Table
from ._values import InputError, InputWarning

#: A table, or the path of a file holding one (CSV; for the plan of record also JSON).
TableOrPath = Union[Table, str, "os.PathLike[str]"]

_ACTIONS = np.array(["collect", "withdraw", "regular"], dtype=object)  # ChangeAction's codes
_CHANGED = np.array([None, "yes", "no"], dtype=object)  # 0: not replanned (empty cell)


def _csv_frame(path: str, what: str, id_names: Sequence[str] = ("account_id",)) -> pd.DataFrame:
    """A CSV file as a frame of str cells (empty cells ``""``), each row's index label its
    line in the file (the header is line 1), as the command line names rows. UTF-8 (with or
    without a byte-order mark); bytes that are not UTF-8 reject the row they are in. A row
    with more or fewer fields than the header is kept, its cells not to be read:
    ``attrs["row_errors"]`` maps its line to the command line's words for it (``expected 4
    fields (one per header column), found 5``, recovery-rules §12; the reader names the row,
    ``accounts row 6: ``, so the words say where once), so that the row alone is rejected
    (accounts) or reported (the other tables). In the plan of
    record (`what` ``plan``/``plan_summary``) such a row keeps its account_id field, as the
    command line reads it, so its account goes to review (§15, issue 30)."""
    errors = {}
    try:
        with open(path, encoding="utf-8-sig", errors="surrogateescape", newline="") as f:
            reader = csv.reader(f)
            header = next(reader, None)
            if header is None:
                raise InputError(f"{what} {path}: the file is empty (expected a header row)")
            # (`id_names`: account_id and the columns a `map` reads it from, so that the
            # row's text never becomes an account_id.)
            other = next((j for j, h in enumerate(header) if h.strip(" \t") not in id_names), 0)
            rows, lines, last = [], [], reader.line_num
            for row in reader:
                line, last = last + 1, reader.line_num
                if not any(cell.strip(" \t") for cell in row):
                    continue  # a blank row (§12)
                if len(row) != len(header):
                    errors[line] = f"expected {len(header)} fields (one per header column), found {len(row)}"
                    # Its cells are never read, and its account_id is empty (its fields may
                    # be shifted, as the command line has it); its text goes in another
                    # cell, so that the row is not blank and skipped as one.
                    text = [""] * len(header)
                    text[other] = ",".join(row)
                    if what.startswith("plan") and "account_id" in header:
                        at = header.index("account_id")
                        if at < len(row) and at != other:
                            text[at] = row[at].strip(" \t")
                    row = text
                rows.append(row)
                lines.append(line)
    except OSError as e:
        raise InputError(f"{what}: cannot read {path} ({e.strerror})") from None
    frame = pd.DataFrame(rows, columns=header, dtype=object, index=pd.Index(lines, dtype=np.int64))
    frame = frame if rows else pd.DataFrame({h: pd.Series([], dtype=object) for h in header})
    frame.attrs["row_errors"] = errors
    return frame


def _json_frame(path: str, what: str) -> pd.DataFrame:
    """The JSON array of flat objects arrears writes (``--format json``) as a frame of str
    cells (null: empty), numbers kept as their text (exact money); rows named by position."""
    try:
        with open(path, encoding="utf-8-sig") as f:
            data = json.load(f, parse_float=str, parse_int=str, parse_constant=str)
    except OSError as e:
        raise InputError(f"{what}: cannot read {path} ({e.strerror})") from None
    except ValueError as e:
        raise InputError(f"{what} {path}: not JSON ({e}); a JSON array of objects, as arrears writes it") from None
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise InputError(f"{what} {path}: expected a JSON array of objects, as arrears writes it")
    rows = []
    for r in data:
        row = {}
        for k, v in r.items():
            if isinstance(v, (dict, list)):
                raise InputError(f"{what} {path}: the value of '{k}' is nested (arrears writes flat objects)")
            row[k] = "" if v is None else ("yes" if v is True else "no" if v is False else str(v))
        rows.append(row)
    return pd.DataFrame(rows, dtype=object).fillna("")


def _table(value: Any, what: str, json_too: bool = False, id_names: Sequence[str] = ("account_id",)) -> Any:
    """`value` as recover takes a table: a path is read (CSV, or with `json_too` a JSON file,
    told apart by its first character as the command line tells them; `id_names` as
    _csv_frame's)."""
    if not isinstance(value, (str, os.PathLike)):
        return value
    path = os.fspath(value)
    if json_too:
        try:
            with open(path, "rb") as f:
                start = f.read(4096).lstrip(b" \t\r\n\xef\xbb\xbf")
        except OSError as e:
            raise InputError(f"{what}: cannot read {path} ({e.strerror})") from None
        if start.startswith(b"["):
            return _json_frame(path, what)
    return _csv_frame(path, what, id_names)


def replan(accounts: TableOrPath, *, plan: TableOrPath, plan_summary: TableOrPath, since: DateLike,
           ledger: TableOrPath, payments: Optional[TableOrPath] = None, mandates: Optional[TableOrPath] = None,
           region: Region = "england-and-wales", holidays: HolidayFile = None, closures: Iterable[DateLike] = (),
           money: MoneyForm = "decimal", threads: int = 0, date_format: DateFormat = "YYYY-MM-DD",
           map: Optional[_exports.ColumnMap] = None, notices: bool = False, keep: Optional[Sequence[str]] = None,
           **options: Any) -> Union[Tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame],
                                                            Tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame,
                                                                  pd.DataFrame]]:
    """Keep the recovery on course: replan every account from its plan of record and what
    happened since (recovery-rules §15, ``arrears replan``).

    The plan of record is the schedule and summary of an earlier run (`recover`'s, or an
    earlier `replan`'s) whose notices the payers were given at its notice date N1
    (`since`). At today's notice date N2 (`notice_date`), for each account: the rows before
    E2 (§6 from N2) stay as told; what was still planned from E2 (``R_open``), what failed
    since (``F``: the ledger's ``unpaid`` and ``not_presented`` rows) and what was paid
    (``P``) make the arrears ``A2 = R_open + F − P``, re-spread from E2 by §8 with every
    limit of the run and the decisions of §16 (the accounts' decision columns), by the
    engine `recover` uses; the collections from E2 whose totals now differ from what the
    payer was told are the changed collections. Accounts in ``review``, ``cancelled`` or
    ``rejected`` in the plan of record stay so (until an officer runs `recover` for them).
    The figures are those of the command line's, to the penny.

    Parameters
    ----------
    accounts : DataFrame, list of dict, or path
        As `recover` takes them (``account_id, amount, frequency, first_due`` and the
        optional plan and §16 decision columns); a path is a CSV file.
    plan : DataFrame, list of dict, or path
        The earlier schedule: ``account_id, due_date, collection_date, regular_amount,
        recovery_amount, total_amount`` (``arrears_after`` optional), money as §1 text
        (``886.95``) or Decimal, dates as `recover` takes them: a frame `recover` returned
        (``money="decimal"``, the default) is taken as it is; one in integer pence is an
        InputError (read as pounds it would be a hundred times too much). A path is a CSV
        file or a JSON file (``--format json``, told apart by a leading ``[``), as ``--plan``
        reads it.
    plan_summary : DataFrame, list of dict, or path
        The earlier summary: ``account_id, status, message`` (and ``missed_count,
        missed_amount, paid_amount, arrears``); CSV or JSON as `plan`. An account that has no
        row in it goes to ``review`` (``not in the plan of record``).
    since : date
        N1: the earlier run's notice date (``--since``); `notice_date` must be after it.
    ledger : DataFrame, list of dict, or path
        What happened to the collections since N1 (§12 ``ledger.csv``: ``account_id,
        due_date, amount, status, reason``); may be empty (nothing failed). Rows whose
        collection date is before `since`, or on or after `notice_date`, are not used: each
        is reported in the account's message and the account goes to ``review`` (§15).
    payments : DataFrame, list of dict, or path, optional
        ``account_id, date, amount``: money paid since by other means (P).
    mandates : DataFrame, list of dict, or path, optional
        What payers' banks did to the instructions since (as `recover`, §14).
    <options: The notice>
    region, holidays, closures
        As `recover`'s: the notice period's calendar, the holiday list, extra closures.
    <options: The recovery>
    <options: The promise>
    money, threads, date_format
        As `recover`'s.
    map : dict, optional
        ``{OURS: THEIRS}`` (or ``{OURS: [THEIRS, ...]}``), as `recover`'s and ``arrears replan
        --map``: our column read from the column THEIRS of `accounts`, `ledger`, `payments`
        and `mandates` (not of the plan of record, which is arrears' own output). An OURS
        that replan does not read (nor `keep` names) is an InputError naming the nearest name.
    notices : bool
        Also return the notices of the changed accounts (§15 "Notices"), a fourth frame.
    keep : list of str, optional
        Columns of `accounts` (payer name, address, Direct Debit reference; their own names,
        before `map`) copied after ``account_id`` into the notices and the collections, as
        ``arrears replan --keep`` puts them into its notices and collection file (§13):
        trimmed, an empty cell None. A column `accounts` lacks, or an output column's name
        (``action``, ``notice_kind`` ...), is an InputError.

    The run's options are `recover`'s keywords (``notice_date`` is N2); an account's §16
    decision columns override them for that account, validated as `recover` validates them.
    ``outage`` does not apply: what happened is the ledger.

    Returns
    -------
    schedule : DataFrame
        §9's schedule columns, for each ``ok`` and ``extended`` account: the locked rows
        (N2 ≤ collection date < E2) exactly as told, then the new rows from E2;
        ``arrears_after`` counts down from A2 plus the locked recovery to 0.00.
    summary : DataFrame
        §9's summary columns (``arrears`` is A2, ``paid_amount`` P, ``missed_*`` the failed
        collections since), then ``shortfall`` (F − P, pounds; empty for a rejected
        account) and ``changed`` (``"yes"``, ``"no"``, or None where the account was not
        replanned: ``review``, ``cancelled``, ``rejected``): one row per input account, in
        input order. ``summary.attrs``: ``problems`` (ledger, payment and mandate rows left
        out), ``plan_problems`` (plan-of-record rows that could not be read, each naming
        ``plan``/``plan_summary``, its row and column, and plan accounts missing from
        `accounts`), ``since`` (N1), ``earliest_change`` (E2), ``horizon`` (H2),
        ``extension_limit`` (X2), ``changed_accounts`` and ``on_course_accounts`` (the
        command line's "N accounts changed, M on course"), ``shortfall`` (the total
        shortfall of the accounts replanned), ``manifest`` (the run's audit record with the
        keys of ``--manifest``, §12, as `recover`'s: ``arguments`` every keyword but the
        tables and `threads`; ``inputs`` accounts, plan, plan_summary, ledger, then payments
        and mandates when given, each with its ``rows``, and ``path`` and ``sha256`` when
        given as a file's path; ``statuses``, ``arrears``, ``scheduled``; ``reported``).
    collections : DataFrame
        The changed collections (§15 ``--collections``): ``account_id`` (then the `keep`
        columns), ``collection_date,
        processing_date, input_by, amount, regular_amount, recovery_amount, action,
        previous_amount``; ``action`` ``collect`` (the new total), ``withdraw`` (nothing to
        collect: amount 0.00: a cancelled or disputed mandate, ARUDD 4, or a rejected account,
        its row of `accounts` rejected as read too) or ``regular`` (an account now in review:
        its regular amount); ``previous_amount`` what the payer was told. In account order, then date order;
        processing and input days are the Bacs working days before. The told collections that
        stand as told are not here: this call takes no ``submitted`` files, and one may be with
        the bank already (`bacs_file` of them would debit it twice); ``arrears replan
        --submitted`` carries those not yet sent.
    notices : DataFrame
        Only with ``notices=True``: the rows of ``arrears replan --notices``, one per account
        with ``changed`` yes and status ok, extended, no_arrears or in_credit, in input
        order: `recover`'s notice columns (§13) with ``notice_kind`` ``revised`` (a new
        catch-up) or ``catch_up_stops`` (no_arrears, in_credit), ``previous_catch_up``
        (R_open: the catch-up the payer was told was still to come), ``credit`` (−A2 in
        credit, else missing), ``catch_up_total`` (A2, 0.00 when not above 0), the changed
        collections in ``changes`` … ``schedule_text``, the missed collections those that
        failed since `since` (§15 "Notices"). Money and dates as `recover`'s notices.

    Money is ``decimal.Decimal`` (``money="pence"``: int64 pence, ``Int64`` where a cell may
    be empty), dates ``datetime64[ns]``, as `recover`'s.

    Raises
    ------
    InputError
        Bad options (as `recover`: ``strategy="x"``, a cap with strategy single ...),
        `notice_date` not after `since`, ``outage`` given, a missing required column of any
        table, a plan of record in integer pence, or a file that cannot be read. (An
        account's bad decision cell rejects that account only, as in `recover`: status
        ``rejected``, the row, column and text. A row of a CSV file with more or fewer fields
        than its header is that row's problem only, as on the command line (§12): an
        accounts row is ``rejected``, its message ``accounts row 6: expected 4 fields (one
        per header column), found 5`` (a row of a file is named by its line, as the command
        line's ``accounts.csv line 6``); a ledger, payments, mandates or plan row is reported
        in ``problems`` or ``plan_problems`` (``plan row 5: expected 7 fields ...``).)

    Warns
    -----
    InputWarning
        When accounts were rejected, or ledger, payment, mandate or plan-of-record rows
        left out (the command line's exit status 1).

    Examples
    --------
    §15's worked example: the plan of record is §11's recovery told at N1 = 12 Jan 2026;
    the 2 Feb collection (886.95) came back unpaid. Replanned at N2 = 16 Feb 2026,
    A2 = 709.56 + 886.95 = 1,596.51 is spread under the regular 532.17 from 2 Mar.

    >>> accounts = [{"account_id": "A-1001", "amount": "532.17", "frequency": "monthly",
    ...              "first_due": "2025-04-01"}]
    >>> plan, plan_summary = recover(accounts, outage=("2025-11-24", "2026-01-09"),
    ...                              notice_date="2026-01-12")
    >>> ledger = [{"account_id": "A-1001", "due_date": "2026-02-01", "amount": "886.95",
    ...            "status": "unpaid", "reason": "0"}]
    >>> schedule, summary, changes = replan(accounts, plan=plan, plan_summary=plan_summary,
    ...     since="2026-01-12", ledger=ledger, notice_date="2026-02-16", money="pence")
    >>> schedule["recovery_amount"].tolist()
    [39913, 39913, 39913, 39912]
    >>> summary.loc[0, ["status", "arrears", "shortfall", "changed"]].tolist()
    ['extended', 159651, 88695, 'yes']
    >>> changes[["amount", "previous_amount"]].values.tolist()
    [[93130, 88695], [93130, 88695], [93130, 53217], [93129, 53217]]
    """
    if "outage" in options:
        raise InputError("outage does not apply to replan: give ledger, what happened since `since`")
    # Every argument by name, the defaults too (for the manifest, as recover's).
    given = dict(locals())
    given_options = dict(options)
    try:
        bound = replan.__signature__.bind(**given.pop("options"), **given)  # type: ignore[attr-defined]
    except TypeError as e:
        raise TypeError(f"replan() {e}") from None
    bound.apply_defaults()
    keywords = dict(bound.arguments)
    form = _values.to_text(money, "money")
    if form not in ("decimal", "pence"):
        raise InputError(f"unknown money form '{form}' (expected decimal or pence)")
    if ledger is None:
        raise InputError("give a ledger: what happened to the collections since `since` (it may be empty)")
    threads = _values.to_int(threads, "threads")
    if threads < 0:
        raise InputError(f"threads {threads} must not be negative")
    since_day = _values.to_days(since, "since")

    official = _values.official_holidays(holidays)
    _exports.warn_stale_list(official, ["england-and-wales", _values.to_text(region, "region")], holidays, InputWarning)
    closure_days = _values.date_list(closures, "closures")
    collection, notice = _core.run_calendars(_values.to_text(region, "region"), official, closure_days)
    run = _core.Replan(_options.texts(given_options), since=since_day, collection=collection, notice=notice)

    def spec(value: Any, what: str, kinds: dict, json_too: bool = False) -> Any:
        if isinstance(value, pd.DataFrame) and what.startswith("plan"):
            # A frame recover returned with money="pence" holds int pence: read as pounds they
            # would be 100 times too much. Refused, not guessed.
            for name, kind in kinds.items():
                if kind == "money" and name in value.columns and pd.api.types.is_integer_dtype(value[name].dtype):
                    raise InputError(f"{what}: column '{name}' holds integers (pence?); give the plan of record "
                                     f"with money as Decimal or text (recover(..., money=\"decimal\"), the default)")
        if value is None:
            return None
        data = _table(value, what, json_too)
        rows[what] = len(data)
        spec = _frames.table(data, what, kinds, lazy=True)
        errors = data.attrs.get("row_errors") if isinstance(data, pd.DataFrame) else None
        if errors:  # rows of a CSV file not split into the header's fields: each its row's error
            spec = (*spec, {at: errors[int(line)] for at, line in enumerate(spec[2]) if int(line) in errors})
        return spec

    rows: dict = {}  # each table's rows as read (the manifest's)

    # §12 map, §13 keep: as recover's (and the command line's --map and --keep), on the tables
    # replan reads from a council's exports; files are read first, so that map renames them.
    kept = _notices.keep_columns(keep)
    theirs = (map or {}).get("account_id", ()) if isinstance(map, Mapping) else ()
    id_names = ("account_id", *([theirs] if isinstance(theirs, str) else theirs))
    read = {name: None if value is None else _table(value, name, id_names=id_names)
            for name, value in (("accounts", accounts), ("ledger", ledger), ("payments", payments),
                                ("mandates", mandates))}
    tables = _exports.apply_map(map, read, reads="recover", also=kept)
    accounts_as_read = read["accounts"]
    accounts, ledger, payments, mandates = (tables[k] for k in ("accounts", "ledger", "payments", "mandates"))
    accounts = _exports.with_own_columns(accounts, accounts_as_read, kept)

    plan_kinds = {"account_id": "text", **{name: kind for name, kind, _, _ in _core.columns["schedule"][1:]}}
    summary_kinds = {name: kind for name, kind, _, _ in _core.columns["replan summary"]}
    raw = _core.replan(
        run, spec(accounts, "accounts", {**{k: "text" for k in kept}, **_frames.ACCOUNT_COLUMNS}),
        spec(plan, "plan", plan_kinds, json_too=True), spec(plan_summary, "plan_summary", summary_kinds, json_too=True),
        spec(ledger, "ledger", _frames.LEDGER_COLUMNS), spec(payments, "payments", _frames.PAYMENT_COLUMNS),
        spec(mandates, "mandates", _frames.MANDATE_COLUMNS), threads, _values.to_text(date_format, "date_format"),
        notices=_values.to_bool(notices, "notices"), keep=kept, own=_exports.own_names(map, accounts_as_read))
    schedule, summary = _frames.frames(raw, form)

    # The summary's replan columns (§15).
    values, mask = raw["shortfall"]
    if form == "pence":
        summary["shortfall"] = pd.arrays.IntegerArray(values, mask)
    else:
        summary["shortfall"] = _frames.decimals(values, mask)
    changed = raw["changed"]
    summary["changed"] = _CHANGED[changed]
    summary = summary[list(_core.replan_summary_columns)]

    # The changed collections, account_id from the summary's.
    c = raw["collections"]
    ids = summary["account_id"].to_numpy(dtype=object)
    money_names = ["amount", "regular_amount", "recovery_amount", "previous_amount"]
    if form == "pence":
        amounts = {name: c[name] for name in money_names}
    else:
        amounts = dict(zip(money_names, _frames.decimals_of([c[name] for name in money_names])))
    day = np.timedelta64(1, "D")
    epoch = np.datetime64("1970-01-01", "ns")
    dates = {name: epoch + c[name] * day for name in ("collection_date", "processing_date", "input_by")}
    cells = {name: np.array(c["kept"][name], dtype=object) for name in kept}  # §13 keep, after account_id
    collections = pd.DataFrame({"account_id": ids[c["account"]], **cells, **dates, **amounts,
                                "action": _ACTIONS[c["action"]]})[
        ["account_id", *kept, *list(_core.replan_collection_columns)[1:]]]

    # The run's figures (the command line's standard-error lines).
    plan_problems: List[str] = list(raw["plan_problems"])
    given_ids = set(ids.tolist())
    for missing in sorted(set(raw["plan_accounts"]) - given_ids):
        plan_problems.append(f"plan: account {missing} is not in the accounts")
    kept = raw["kept"]
    shortfall_pence = int(values[~mask & ~kept].sum())
    attrs = {"problems": list(raw["problems"]), "plan_problems": plan_problems,
             "since": _values.from_days(since_day),
             "earliest_change": _values.from_days(run.earliest_change),
             "horizon": _values.from_days(run.horizon),
             "extension_limit": _values.from_days(run.extension_limit),
             "changed_accounts": int((changed == 1).sum()), "on_course_accounts": int((changed == 2).sum()),
             "shortfall": shortfall_pence if form == "pence" else _values.pence_to_decimal(shortfall_pence)}
    summary.attrs.update(attrs)
    # The manifest's reported rows: the ledger's, payments' and mandates', then the plan of
    # record's (each message names its table and row; the missing accounts theirs).
    reported = list(raw["reported"])
    reported += [{"file": m.split()[0].rstrip(":"), "line": None, "account_id": None, "problem": m}
                 for m in raw["plan_problems"]]
    reported += [{"file": "plan", "line": None, "account_id": m, "problem": f"account {m} is not in the accounts"}
                 for m in sorted(set(raw["plan_accounts"]) - given_ids)]
    summary.attrs["manifest"] = _manifest.manifest(
        keywords, raw["totals"], reported,
        tables=["accounts", "plan", "plan_summary", "ledger", "payments", "mandates"], rows=rows)
    schedule.attrs.update({k: attrs[k] for k in ("since", "earliest_change", "horizon", "extension_limit")})
    collections.attrs.update({k: attrs[k] for k in ("since", "earliest_change")})

    if raw["totals"]["statuses"]["rejected"]:
        rejected = summary["message"][summary["status"] == "rejected"].tolist()
        _warnings.warn(f"{len(rejected)} account(s) rejected (status 'rejected'): {_summarise(rejected)}",
                       InputWarning, stacklevel=2)
    left_out = attrs["problems"] + plan_problems
    if left_out:
        _warnings.warn(f"{len(left_out)} ledger/payments/mandates/plan row(s) left out (summary.attrs['problems'], "
                       f"summary.attrs['plan_problems']): {_summarise(left_out)}", InputWarning, stacklevel=2)
    if notices:
        return schedule, summary, collections, _notices.notices_frame(raw["notices"], form)
    return schedule, summary, collections


# The table's keywords but outage (§15: the ledger says what happened), each group followed by
# replan's own keywords of that group (as recover's).
_signature = _options.signature(replan, {"Inputs": ["ledger", "payments", "mandates"],
                                         "The notice": ["region", "holidays", "closures"]})
replan.__signature__ = _signature.replace(  # type: ignore[attr-defined]
    parameters=[p for p in _signature.parameters.values() if p.name != "outage"])
replan.__doc__ = _options.document(replan.__doc__ or "")
del _signature
