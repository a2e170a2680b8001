# The nearest-rank percentile: the one statement of the rule, for objects and tables.

from __future__ import annotations

from decimal import Decimal  # noqa: TC003 - the examples use it
from fractions import Fraction
from typing import TYPE_CHECKING, Any, TypeVar

from ._decimal import HUNDRED, ZERO, to_decimal
from .exceptions import SlaError

if TYPE_CHECKING:
    from collections.abc import Sequence

_T = TypeVar("_T")

#: The method's name, as reports, files and docs spell it.
METHOD = "nearest-rank"


def to_percentile(value: object, name: str) -> Decimal:
    """*value* as a percentile rank, 0 to 100 inclusive (an `SlaError` naming *name*).

    Examples:
        >>> to_percentile("95", "percentile")
        Decimal('95')
    """
    try:
        number = to_decimal(value, name)
    except TypeError as error:
        raise SlaError(str(error)) from None
    if not ZERO <= number <= HUNDRED:
        msg = f"{name} must be from 0 to 100, got {number}"
        raise SlaError(msg)
    return number


def nearest_rank(p: Decimal, n: int) -> int:
    """The 1-based rank of the *p*-th percentile of *n* sorted values.

    Nearest rank: the smallest rank ``r`` with ``r / n >= p / 100``, that is
    ``ceil(p * n / 100)``, and at least 1 (so the 0th percentile is the least
    value and the 100th the greatest). Exact for any decimal *p*: no float.

    Examples:
        >>> nearest_rank(Decimal("95"), 20), nearest_rank(Decimal("95"), 21)
        (19, 20)
        >>> nearest_rank(Decimal("0"), 5), nearest_rank(Decimal("100"), 5)
        (1, 5)
    """
    if n < 1:
        msg = "a percentile needs at least one value"
        raise SlaError(msg)
    share = Fraction(p) * n
    rank = -(-share.numerator // (share.denominator * 100))
    return max(1, rank)


def percentile_of_sorted(values: Sequence[_T], p: Decimal) -> _T:
    """The nearest-rank *p*-th percentile of *values*, sorted ascending.

    Examples:
        >>> percentile_of_sorted([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], Decimal("90"))
        9
    """
    return values[nearest_rank(p, len(values)) - 1]


def percentile_of_array(np: Any, values: Any, p: Decimal) -> int:
    """`percentile_of_sorted` on an unsorted numpy integer array (a partial sort).

    Examples:
        >>> import numpy as np
        >>> percentile_of_array(np, np.array([7, 1, 9, 3]), Decimal("50"))
        3
    """
    k = nearest_rank(p, len(values)) - 1
    return int(np.partition(values, k)[k])
