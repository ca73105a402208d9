"""Type stubs of the compiled ``arrears._core`` (private: use ``import arrears``).

Dates are day numbers (days since 1970-01-01) and money is whole pence (int)."""

from typing import Any, Callable, List, Mapping, Optional, Sequence, Tuple, TypedDict, Union

import numpy as np
import numpy.typing as npt

from ._types import Convention, DateFormat, Region, Remainder

__version__: str


class InputError(ValueError): ...

def parse_date(text: str) -> int: ...
def parse_money(text: str) -> int: ...
def split(total: int, n: int, remainder: Remainder = "first") -> list[int]: ...
def financial_year(day: int, start: str = "04-01") -> Tuple[int, int, str]: ...

class OfficialHolidays: ...

def load_govuk_holidays(path: str) -> OfficialHolidays: ...
def parse_govuk_holidays(text: str, source: str) -> OfficialHolidays: ...

class Calendar:
    def __init__(self, region: Region = "england-and-wales", official: Optional[OfficialHolidays] = None,
                 closures: Sequence[int] = ...) -> None: ...
    @property
    def region(self) -> str: ...
    @property
    def closures(self) -> list[int]: ...
    def is_working_day(self, day: int) -> bool: ...
    def is_holiday(self, day: int) -> bool: ...
    def holiday_name(self, day: int) -> Optional[str]: ...
    def holidays(self, year: int) -> list[Tuple[int, str]]: ...
    def adjust(self, day: int, convention: Convention = "following") -> int: ...
    def add_working_days(self, day: int, n: int) -> int: ...
    def working_days_between(self, first: int, last: int) -> int: ...

# (collection, notice): collections on England-and-Wales working days, notice days on the region's
def run_calendars(region: Region = "england-and-wales", official: Optional[OfficialHolidays] = None,
                  closures: Sequence[int] = ...) -> Tuple[Calendar, Calendar]: ...

# The options of a recovery run (the library's option table, option_table.hpp), in its order.
class Option:
    @property
    def cli(self) -> Optional[str]: ...
    @property
    def keyword(self) -> Optional[str]: ...
    @property
    def column(self) -> Optional[str]: ...  # the accounts column of a decision for one account (§16)
    @property
    def kind(self) -> str: ...  # value, flag, negated-flag
    @property
    def form(self) -> str: ...  # text, date, date-range, money, count, yes-no
    @property
    def type_name(self) -> str: ...
    @property
    def help(self) -> str: ...
    @property
    def default(self) -> Optional[str]: ...
    @property
    def required(self) -> bool: ...
    @property
    def group(self) -> str: ...
    @property
    def choices(self) -> list[str]: ...

options: Tuple[Option, ...]
option_groups: Tuple[str, ...]

class Recovery:
    # `options`: (keyword, text) pairs, each text as its option's parser reads it.
    def __init__(self, options: Sequence[Tuple[str, str]], *, collection: Calendar, notice: Calendar) -> None: ...
    @property
    def earliest_change(self) -> int: ...
    @property
    def horizon(self) -> int: ...
    @property
    def extension_limit(self) -> int: ...

# The result tables' columns (recovery-rules §9, §12, §13, §14; io/columns.hpp), by table
# ("schedule", "summary", "notices", "collections", "cash flow"): each column's (name, kind
# ("text", "money", "date", "count"), may be empty, presence ("always", "when_asked")), the
# key (account_id, month) first.
columns: dict[str, Tuple[Tuple[str, str, bool, str], ...]]
# The headers of every run, in order.
schedule_columns: Tuple[str, ...]
summary_columns: Tuple[str, ...]

# (header, per column a tuple of str cells or a 1-D object array, or None for a column
#  nobody reads; the number each row has in messages, as an integer array[; per column None
#  or the function that makes text of a cell that is not a str, called as the cell is read])
_Cells = Sequence[Optional[Union[Sequence[str], npt.NDArray[np.object_]]]]
_Numbers = Union[npt.NDArray[np.int64], npt.NDArray[np.uint64], Sequence[int]]
_Converters = Sequence[Optional[Callable[[object], str]]]
# (the fifth: {position: why} rows that could not be split into the header's fields, each
# read as a row error of the whole row)
TableSpec = Union[Tuple[Sequence[str], _Cells, _Numbers],
                  Tuple[Sequence[str], _Cells, _Numbers, _Converters],
                  Tuple[Sequence[str], _Cells, _Numbers, _Converters, dict[int, str]]]
Nullable = Tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]

# True for each row whose cells are all empty once spaces and tabs are trimmed (§12); a cell
# that is not a str is judged by its converter's text (no converter: not empty).
def blank_rows(table: TableSpec) -> npt.NDArray[np.bool_]: ...

# True when every cell of a 1-D object array is a str.
def all_str(values: npt.NDArray[np.object_]) -> bool: ...
# objects[codes] for a 1-D object array (numpy's gather, each object's references counted
# once), the cells written on `threads` threads.
def take_objects(objects: npt.NDArray[np.object_], codes: npt.NDArray[np.integer],
                 threads: int = 1) -> npt.NDArray[np.object_]: ...

class RunTotals(TypedDict):
    statuses: dict[str, int]  # accounts by status, all seven of §9
    arrears: int  # pence: the positive arrears
    scheduled: int  # pence: the arrears of ok and extended accounts
    double_payment: int  # accounts with the double_payment warning (§8)

class RawResult(TypedDict):
    # "account_id": (rows,) object, the summary's id of each row's account; "grid": (6, rows)
    # int64, the schedule's other columns in order: due and collection dates (ns since the
    # epoch), regular, recovery, total and arrears_after pence
    schedule: dict[str, npt.NDArray[Any]]
    # each summary column by name, by its kind: text an object array; a date int64 ns (NaT
    # empty); money (pence) and counts int64, or (int64, bool mask) where a cell may be empty
    summary: dict[str, object]
    problems: list[str]
    # each reported ledger/payments row (§12 manifest 'reported'): file (its role), line,
    # account_id (None when unreadable), problem
    reported: list[dict[str, Any]]
    totals: RunTotals
    # {"columns": [...], "rows": [[str or None, ...]]} with notices=True, else None
    notices: Optional[dict[str, list]]

def recover(recovery: Recovery, accounts: TableSpec, ledger: Optional[TableSpec] = None,
            payments: Optional[TableSpec] = None, mandates: Optional[TableSpec] = None, threads: int = 0,
            date_format: DateFormat = "YYYY-MM-DD", notices: bool = False,
            keep: Sequence[str] = ..., language: str = "en", own: Mapping[str, str] = ...) -> RawResult: ...

# A prepared replan (recovery-rules §15) and one call of it: recover's RawResult and
# "shortfall" (pence, mask), "changed" (0 empty, 1 yes, 2 no), "kept" (bool), "collections"
# (column arrays: account position, day numbers, pence, action 0 collect/1 withdraw/2 regular;
# "kept": {keep column: a cell per row}), "plan_problems" and "plan_accounts".
class Replan:
    def __init__(self, options: Sequence[Tuple[str, str]], *, since: int, collection: Calendar,
                 notice: Calendar) -> None: ...
    @property
    def earliest_change(self) -> int: ...
    @property
    def horizon(self) -> int: ...
    @property
    def extension_limit(self) -> int: ...

def replan(replan: Replan, accounts: TableSpec, plan: TableSpec, plan_summary: TableSpec, ledger: Optional[TableSpec],
           payments: Optional[TableSpec] = None, mandates: Optional[TableSpec] = None, threads: int = 0,
           date_format: DateFormat = "YYYY-MM-DD", notices: bool = False, keep: Sequence[str] = ...,
           own: Mapping[str, str] = ...) -> dict[str, Any]: ...

# --map's renaming of each header ((OURS, THEIRS) pairs), and §2's stale-list warnings.
def map_headers(pairs: Sequence[Tuple[str, str]], headers: Sequence[Sequence[str]],
                sources: Sequence[str]) -> list[list[str]]: ...
def stale_list_warnings(official: OfficialHolidays, regions: Sequence[str], source: str) -> list[str]: ...
# ARUDD reports' ledger rows (account_id, due day number, pence, reason) and the items left out.
def read_arudd(paths: Sequence[str], accounts: TableSpec, reference: str, date_format: str,
               collection: Calendar) -> Tuple[list[Tuple[str, int, int, str]], list[str]]: ...
def read_mandates(paths: Sequence[str], accounts: TableSpec, reference: str,
                  date_format: str) -> Tuple[list[Tuple[str, int, str, str, str, str]], list[str]]: ...

# Notices, letters and the collection file (recovery-rules §13, §14).
notice_columns: Tuple[str, ...]
collection_columns: Tuple[str, ...]
replan_summary_columns: Tuple[str, ...]
replan_collection_columns: Tuple[str, ...]
def letters(columns: Sequence[str], rows: Sequence[Sequence[str]], template: Optional[str] = None,
            source: str = "template", guarantee: Optional[str] = None, language: str = "en",
            guarantee_cy: Optional[str] = None) -> Tuple[str, bool, bool]: ...
def decode_html(data: bytes, source: str) -> str: ...
def bundled_letter(language: str = "en") -> str: ...
def notify_rows(columns: Sequence[str], rows: Sequence[Sequence[str]],
                welsh: bool = False) -> Tuple[List[str], List[List[str]], List[Tuple[int, str]]]: ...
def notify_template(language: str = "en") -> str: ...
def working_day_before(calendar: Calendar, day: int) -> int: ...
def bacs_file(rows: Sequence[Tuple[str, int, int, int]], accounts: TableSpec, sun: str, originator_sort_code: str,
              originator_account: str, originator_name: str, serial: str, bacs_date: int,
              transfers: Sequence[Tuple[str, int, str, str]], submitted: Sequence[str],
              collection: Calendar) -> Tuple[bytes, list[str], int, int, int]: ...
