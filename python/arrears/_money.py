"""Money: exact splits of an amount into instalments (recovery-rules §8)."""

from __future__ import annotations

import decimal
from typing import List

from . import _core, _values
from ._types import MoneyLike, Remainder


def split(amount: MoneyLike, n: int, remainder: Remainder = "first") -> List[decimal.Decimal]:
    """Split `amount` into `n` instalments, exactly (recovery-rules §8).

    Parameters
    ----------
    amount : Decimal, str or int
        A non-negative amount (``int`` is whole pounds).
    n : int
        The number of instalments, at least 1.
    remainder : {"first", "last", "whole-pounds"}
        Where the pennies that do not divide evenly go: one each on the first (or last)
        instalments; or the Council Tax rule, every instalment but the first a whole number
        of pounds and the first taking the difference.

    Returns
    -------
    list of Decimal
        The instalments (pounds, two decimals); they add up to `amount`.

    Raises
    ------
    InputError
        A negative amount, one with more than two decimals, `n` below 1, or an unknown
        `remainder`.

    Examples
    --------
    >>> split("1064.35", 3)
    [Decimal('354.79'), Decimal('354.78'), Decimal('354.78')]
    >>> split("1064.35", 3, "last")
    [Decimal('354.78'), Decimal('354.78'), Decimal('354.79')]
    >>> split("1234.56", 10, "whole-pounds")[:2]
    [Decimal('127.56'), Decimal('123.00')]
    >>> split("1.005", 2)
    Traceback (most recent call last):
    arrears.InputError: amount: invalid amount '1.005': more than two decimal places
    """
    parts = _core.split(_values.to_pence(amount, "amount"), _values.to_int(n, "n"),
                        _values.to_text(remainder, "remainder"))
    return [_values.pence_to_decimal(p) for p in parts]
