"""Calendars and financial years: a region's working days (recovery-rules §2) and the
financial year containing a date (§3), speaking ``datetime.date``."""

from __future__ import annotations

import datetime as _dt
from typing import Iterable, List, NamedTuple, Optional, Tuple

from . import _core, _exports, _values
from ._recovery import InputWarning
from ._types import Convention, DateLike, HolidayFile, Region


class Calendar:
    """A region's working days (recovery-rules §2).

    Working days are Monday to Friday, not a bank holiday of the region and not one of
    `closures`. Bank holidays come from the statutory rules for 1995–2099, or, for the
    years it covers, from the official GOV.UK list when `holidays` is given.

    Parameters
    ----------
    region : {"england-and-wales", "scotland", "northern-ireland"}
        Whose bank holidays. Bacs collects on England-and-Wales working days.
    holidays : str, os.PathLike or dict, optional
        A GOV.UK ``bank-holidays.json`` file (its path, or its parsed contents); the
        region's division replaces the rules for the years it covers. Each weekday holiday
        where it and the rules differ in those years gives an ``InputWarning`` naming it.
    closures : iterable of date, optional
        Extra non-working days of the caller's.

    Examples
    --------
    >>> from datetime import date
    >>> ew = Calendar()
    >>> ew.is_working_day(date(2026, 4, 3)), ew.holiday_name(date(2026, 4, 3))
    (False, 'Good Friday')
    >>> ew.add_working_days(date(2026, 1, 12), 10)
    datetime.date(2026, 1, 26)
    >>> ew.adjust(date(2026, 2, 1))
    datetime.date(2026, 2, 2)
    >>> Calendar("scotland").holiday_name(date(2025, 12, 1))
    "St Andrew's Day"
    """

    __slots__ = ("_cal",)

    def __init__(self, region: Region = "england-and-wales", holidays: HolidayFile = None,
                 closures: Iterable[DateLike] = ()) -> None:
        official = _values.official_holidays(holidays)
        # §2: a list that differs from the rules is used, and each difference warned about.
        _exports.warn_stale_list(official, [_values.to_text(region, "region")], holidays, InputWarning)
        self._cal = _core.Calendar(_values.to_text(region, "region"), official,
                                   _values.date_list(closures, "closures"))

    @property
    def region(self) -> str:
        """The region's name, e.g. ``"england-and-wales"``."""
        return self._cal.region

    @property
    def closures(self) -> Tuple[_dt.date, ...]:
        """The caller's closure dates, sorted."""
        return tuple(_values.from_days(d) for d in self._cal.closures)

    def is_working_day(self, day: DateLike) -> bool:
        """Whether `day` is a working day.

        Examples
        --------
        >>> Calendar().is_working_day("2026-12-28")  # Boxing Day's substitute
        False
        """
        return self._cal.is_working_day(_values.to_days(day, "day"))

    def is_holiday(self, day: DateLike) -> bool:
        """Whether `day` is a bank holiday (as observed: weekdays only)."""
        return self._cal.is_holiday(_values.to_days(day, "day"))

    def holiday_name(self, day: DateLike) -> Optional[str]:
        """The bank holiday's name, or None if `day` is not a bank holiday.

        Examples
        --------
        >>> Calendar().holiday_name("2026-05-25")
        'Spring bank holiday'
        >>> Calendar().holiday_name("2026-05-26") is None
        True
        """
        return self._cal.holiday_name(_values.to_days(day, "day"))

    def holidays(self, year: int) -> List[_dt.date]:
        """The bank holidays falling in calendar `year` (1995–2099), weekdays only, in order.

        Examples
        --------
        >>> [d.isoformat() for d in Calendar().holidays(2026)][:3]
        ['2026-01-01', '2026-04-03', '2026-04-06']
        """
        return [_values.from_days(d) for d, _ in self._cal.holidays(_values.to_int(year, "year"))]

    def adjust(self, day: DateLike, convention: Convention = "following") -> _dt.date:
        """`day` moved to a working day by `convention`.

        Parameters
        ----------
        day : date
        convention : {"following", "preceding", "modified-following", "none"}

        Examples
        --------
        >>> Calendar().adjust("2026-05-30", "modified-following")  # Sat; Mon 1 Jun leaves May
        datetime.date(2026, 5, 29)
        """
        return _values.from_days(self._cal.adjust(_values.to_days(day, "day"),
                                                  _values.to_text(convention, "convention")))

    def add_working_days(self, day: DateLike, n: int) -> _dt.date:
        """The `n`-th working day strictly after `day` (`day` itself never counts).

        Examples
        --------
        >>> Calendar().add_working_days("2026-01-12", 10)  # the §11 notice period
        datetime.date(2026, 1, 26)
        """
        return _values.from_days(self._cal.add_working_days(_values.to_days(day, "day"),
                                                            _values.to_int(n, "n")))

    def working_days_between(self, first: DateLike, last: DateLike) -> int:
        """The number of working days in ``[first, last]`` (0 if `last` is before `first`)."""
        return self._cal.working_days_between(_values.to_days(first, "first"), _values.to_days(last, "last"))

    def __repr__(self) -> str:
        closures = f", closures={len(self._cal.closures)} dates" if self._cal.closures else ""
        return f"Calendar({self.region!r}{closures})"


class FinancialYear(NamedTuple):
    """A financial year: its first day, its last day and its label (``2025/26``)."""

    start: _dt.date
    end: _dt.date
    label: str


def financial_year(day: DateLike, start: str = "04-01") -> FinancialYear:
    """The financial year containing `day` (recovery-rules §3).

    Parameters
    ----------
    day : date
    start : str
        The ``MM-DD`` every year starts on: ``"04-01"`` for councils, ``"04-06"`` for the
        tax year.

    Returns
    -------
    FinancialYear
        ``start`` and ``end`` (``datetime.date``, both inclusive) and ``label``
        (``"2025/26"``).

    Raises
    ------
    InputError
        A day that is not a date, or a `start` that is not a day of every year
        (``"02-29"``).

    Examples
    --------
    >>> financial_year("2025-04-01").label
    '2025/26'
    >>> financial_year("2025-03-31")
    FinancialYear(start=datetime.date(2024, 4, 1), end=datetime.date(2025, 3, 31), label='2024/25')
    >>> financial_year("2025-04-05", start="04-06").label
    '2024/25'
    """
    first, last, label = _core.financial_year(_values.to_days(day, "day"), _values.to_text(start, "start"))
    return FinancialYear(_values.from_days(first), _values.from_days(last), label)
