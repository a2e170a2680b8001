# Decimal helpers: the one way amounts, percents and ratios enter and leave slacore.

from __future__ import annotations

import decimal
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Final

from .exceptions import SlaError

# Every division runs in this context, whatever the caller's global context says:
# 28 significant digits (the decimal default), so exact quotients stay exact and
# repeating ones sit far below any rounding a report applies.
CONTEXT: Final = decimal.Context(prec=28, rounding=ROUND_HALF_EVEN)
HUNDRED: Final = Decimal(100)
ZERO: Final = Decimal(0)


def to_decimal(value: object, name: str, *, allow_float: bool = False) -> Decimal:
    """Convert *value* to a finite `Decimal`, naming *name* in any error.

    Accepts `Decimal`, `int` and numeric `str`; a `float` only when *allow_float*
    is set, and then through ``str(value)`` (so ``0.1`` is ``Decimal("0.1")``).
    """
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int) and not isinstance(value, bool):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except decimal.InvalidOperation:
            msg = f"{name} must be a number, got {value!r}"
            raise SlaError(msg) from None
    elif isinstance(value, float) and allow_float:
        result = Decimal(str(value))
    else:
        kinds = "Decimal, int, float or str" if allow_float else "Decimal, int or str"
        msg = f"{name} must be a {kinds}, got {type(value).__name__}"
        raise TypeError(msg)
    if not result.is_finite():
        msg = f"{name} must be finite, got {value!r}"
        raise SlaError(msg)
    return result


def quantize(value: Decimal, places: int) -> Decimal:
    """Round *value* half-even to *places* decimal places."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)


def percent(part: int | Decimal, whole: int | Decimal) -> Decimal:
    """``part * 100 / whole``, exact where the quotient terminates (*whole* > 0)."""
    return CONTEXT.divide(CONTEXT.multiply(Decimal(part), HUNDRED), Decimal(whole))


def divide(a: Decimal | int, b: Decimal | int) -> Decimal:
    """``a / b`` in slacore's own context (*b* != 0)."""
    return CONTEXT.divide(Decimal(a), Decimal(b))


def multiply(a: Decimal | int, b: Decimal | int) -> Decimal:
    """``a * b`` in slacore's own context."""
    return CONTEXT.multiply(Decimal(a), Decimal(b))
