"""Recover missed UK Direct Debit collections and spread the arrears.

``arrears`` works out what each account missed during an outage (or from a ledger of
returned collections), and spreads the arrears over its remaining collections of the
financial year, starting no earlier than the Direct Debit Guarantee's advance notice
allows. It is exact to the penny: money is ``decimal.Decimal`` (or integer pence), never
a float. The rules are those of ``recovery-rules.md``; the column names and option values
are those of the ``arrears`` command line.

Examples
--------
>>> import arrears
>>> accounts = [{"account_id": "A-1001", "amount": "532.17", "frequency": "monthly",
...              "first_due": "2025-04-01"}]
>>> schedule, summary = arrears.recover(accounts, outage=("2025-11-24", "2026-01-09"),
...                                     notice_date="2026-01-12")
>>> schedule[["collection_date", "recovery_amount", "total_amount", "arrears_after"]]
  collection_date recovery_amount total_amount arrears_after
0      2026-02-02          354.78       886.95        709.56
1      2026-03-02          354.78       886.95        354.78
2      2026-04-01          354.78       886.95          0.00
>>> summary.loc[0, "status"], summary.loc[0, "arrears"]
('extended', Decimal('1064.34'))

Nobody pays double by default (recovery-rules §8): each catch-up stays under the regular
532.17, so the arrears take a third collection, past the year's end. Without the promise:

>>> schedule, summary = arrears.recover(accounts, outage=("2025-11-24", "2026-01-09"),
...                                     notice_date="2026-01-12", no_double_payment=False)
>>> schedule["total_amount"].tolist(), summary.loc[0, "warnings"]
([Decimal('1064.34'), Decimal('1064.34')], 'double_payment')
"""

from __future__ import annotations

try:
    from . import _core
except ImportError as _error:  # the pure-Python files without a usable compiled module beside them
    import importlib.util

    _why = ("is missing" if importlib.util.find_spec("._core", __name__) is None
            else f"cannot be loaded ({_error})")
    raise ImportError(
        f"arrears: the compiled module arrears._core {_why}. Build it from the source tree with "
        "`cmake --preset default && cmake --build --preset default` and put build/default/python on "
        "PYTHONPATH (the package for the interpreter CMake found), or install it with "
        "`cmake --install build/default --component python`.") from _error

from ._calendar import Calendar, FinancialYear, financial_year
from ._money import split
from ._notices import collections, letters, notify, notify_template
from ._recovery import InputWarning, cashflow, recover
from ._replan import replan
from ._values import InputError
from ._workbook import write_workbook
from ._arudd import read_arudd
from ._mandates import read_mandates
from ._bacs import bacs_file

__version__: str = _core.__version__

__all__ = ["InputError", "InputWarning", "Calendar", "FinancialYear", "recover", "replan", "cashflow", "split",
           "financial_year", "write_workbook", "read_arudd", "read_mandates", "letters", "notify", "notify_template", "collections",
           "bacs_file", "__version__"]

# The public objects are arrears.X (as in help(), pickles and the docstring examples run
# by doctest on this module), wherever they are written.
def _reexport(*objects: object) -> None:
    for obj in objects:
        obj.__module__ = __name__
        for member in vars(obj).values() if isinstance(obj, type) else ():
            if callable(member) and hasattr(member, "__module__"):
                member.__module__ = __name__


_reexport(Calendar, FinancialYear, financial_year, split, InputWarning, cashflow, recover, replan, write_workbook, read_arudd,
          read_mandates, letters, notify, notify_template, collections, bacs_file)
del _reexport
