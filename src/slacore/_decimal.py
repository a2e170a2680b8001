# Decimal helpers: the one way amounts, percents and ratios enter and leave slacore.

from __future__ import annotations

import decimal
from decimal import ROUND_HALF_EVEN, Decimal
from typing import TYPE_CHECKING, Final

from .exceptions import SlaError

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

# Every division runs in this context, whatever the caller's global context says:
# 28 significant digits (the decimal default), so exact quotients stay exact and
# repeating ones sit far below any rounding a report applies.
CONTEXT: Final = decimal.Context(
    prec=28,
    rounding=ROUND_HALF_EVEN,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)
HUNDRED: Final = Decimal(100)
ZERO: Final = Decimal(0)

# Sums and products that must not round at all (partials added in any order, fees
# times microseconds, volumes times rates): unbounded precision, and only an invalid
# operation traps. Whatever is shown is rounded once, later.
EXACT: Final = decimal.Context(
    prec=decimal.MAX_PREC,
    Emax=decimal.MAX_EMAX,
    Emin=decimal.MIN_EMIN,
    traps=[decimal.InvalidOperation],
)

# The largest amount of money (a fee, a minimum credit, a yearly cap) and the largest
# percent (a cap, an at-risk or pool percent, a credit percent) slacore accepts. With
# both bounds a credit, ``amount * percent / 100`` to the cent, has at most 21
# significant digits, so every money figure is exact in `CONTEXT` whatever the
# caller's own decimal context says, and no amount can overflow a report.
MAX_AMOUNT: Final = Decimal("1E+15")
MAX_PERCENT: Final = Decimal("1E+6")


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
        if not value.isascii():  # Decimal reads other scripts' digits; files do not
            msg = f"{name} must be a number written with ASCII digits, got {value!r}"
            raise SlaError(msg)
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
    """Round *value* half-even to *places* decimal places (in `CONTEXT`)."""
    exponent = Decimal(1).scaleb(-places, context=CONTEXT)
    return value.quantize(exponent, rounding=ROUND_HALF_EVEN, context=CONTEXT)


def bounded(value: object, name: str, limit: Decimal) -> Decimal:
    """`to_decimal`, not negative and below `limit` (an `SlaError` naming `name`).

    Amounts use `MAX_AMOUNT` and percents `MAX_PERCENT`; callers re-raise the
    error as their area's (an `AgreementError`, a `CreditError`) with the field.
    """
    number = to_decimal(value, name)
    if number < 0:
        msg = f"{name} must not be negative, got {number}"
        raise SlaError(msg)
    if number >= limit:
        msg = f"{name} must be below {limit:,f}, got {number}"
        raise SlaError(msg)
    return number


def in_context() -> AbstractContextManager[decimal.Context]:
    """A ``with`` block whose decimal arithmetic runs in `CONTEXT`."""
    return decimal.localcontext(CONTEXT)


def percent(part: int | Decimal, whole: int | Decimal) -> Decimal:
    """``part * 100 / whole``, exact where the quotient terminates (*whole* > 0)."""
    return CONTEXT.divide(CONTEXT.multiply(Decimal(part), HUNDRED), Decimal(whole))


def divide(a: Decimal | int, b: Decimal | int) -> Decimal:
    """``a / b`` in slacore's own context (*b* != 0)."""
    return CONTEXT.divide(Decimal(a), Decimal(b))


def multiply(a: Decimal | int, b: Decimal | int) -> Decimal:
    """``a * b`` in slacore's own context."""
    return CONTEXT.multiply(Decimal(a), Decimal(b))
