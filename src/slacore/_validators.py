# attrs validators and converters shared by the value objects of several modules.
#
# Each raises the error of the area that calls it: the `error` argument names the
# `SlaError` subclass, so a record reports a `DataError` and an agreement an
# `AgreementError`, with the field named.

from __future__ import annotations

import enum
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias, TypeVar

from ._decimal import MAX_AMOUNT, bounded, to_decimal
from ._time import require_aware
from .exceptions import SlaError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from datetime import datetime
    from decimal import Decimal

    import attrs

    Validator: TypeAlias = Callable[[Any, attrs.Attribute[Any], Any], None]

    class AreaError(Protocol):
        """An area's `SlaError` subclass: built from a message and the field."""

        def __call__(self, msg: str, *, field: str | None = None) -> SlaError: ...


_T = TypeVar("_T")
_E = TypeVar("_E", bound=enum.Enum)


def aware(_instance: Any, attribute: attrs.Attribute[datetime], value: Any) -> None:
    """An attrs validator: the value is a timezone-aware datetime."""
    require_aware(value, attribute.name)


def optional_aware(
    _instance: Any, attribute: attrs.Attribute[datetime | None], value: Any
) -> None:
    """An attrs validator: the value is None or a timezone-aware datetime."""
    if value is not None:
        require_aware(value, attribute.name)


def boolean(_instance: Any, attribute: attrs.Attribute[bool], value: Any) -> None:
    """An attrs validator: the value is a bool (not merely truthy)."""
    if not isinstance(value, bool):
        msg = f"{attribute.name} must be a bool, got {type(value).__name__}"
        raise TypeError(msg)


def text(
    error: AreaError,
    empty: str = "{name} must not be empty",
    *,
    optional: bool = False,
) -> Validator:
    """An attrs validator: the value is a str that is not blank (or None if *optional*).

    A value that is not a str is a `TypeError` naming the field; a blank one is an
    *error* with the message *empty*, formatted with the field's ``name`` and the
    ``value``, and the field named.
    """

    def check(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None and optional:
            return
        if not isinstance(value, str):
            msg = f"{attribute.name} must be a str, got {type(value).__name__}"
            raise TypeError(msg)
        if not value.strip():
            msg = empty.format(name=attribute.name, value=value)
            raise error(msg, field=attribute.name)

    return check


def non_negative_duration(
    error: AreaError, negative: str = "{name} must not be negative, got {value!r}"
) -> Validator:
    """An attrs validator: the value is None or a `timedelta` not below zero.

    A value that is not a `timedelta` is a `TypeError` naming the field; a negative
    one is an *error* with the message *negative* (formatted with ``name`` and
    ``value``), the field named.
    """

    def check(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None:
            return
        if not isinstance(value, timedelta):
            msg = f"{attribute.name} must be a timedelta, got {type(value).__name__}"
            raise TypeError(msg)
        if value < timedelta(0):
            msg = negative.format(name=attribute.name, value=value)
            raise error(msg, field=attribute.name)

    return check


def optional_decimal(
    value: Decimal | int | str | None, field: str, error: AreaError
) -> Decimal | None:
    """For attrs converters: None stays None, anything else is read by `to_decimal`.

    A value `to_decimal` refuses is an *error* with its message, naming *field*.
    """
    if value is None:
        return None
    try:
        return to_decimal(value, field)
    except SlaError as exc:
        raise error(str(exc), field=field) from None


def bounded_decimal(
    value: object, field: str, error: AreaError, limit: Decimal = MAX_AMOUNT
) -> Decimal:
    """A number from 0 up to (not including) `limit`, as an *error* naming *field*.

    `bounded` in the caller's area: amounts use `MAX_AMOUNT`, percents
    `MAX_PERCENT`.
    """
    try:
        return bounded(value, field, limit)
    except SlaError as exc:
        raise error(str(exc), field=field) from None


def enum_value(
    kind: type[_E],
    field: str,
    value: object,
    error: AreaError,
    *,
    fold_case: bool = True,
) -> _E:
    """*value* as a member of the enum *kind*: a member, or its value.

    A string is read in any case when *fold_case*. A value that names no member is
    an *error* listing the members, naming *field*.
    """
    if isinstance(value, kind):
        return value
    try:
        return kind(value.lower() if fold_case and isinstance(value, str) else value)
    except ValueError:
        names = ", ".join(str(member.value) for member in kind)
        msg = f"{field} must be one of {names}, got {value!r}"
        raise error(msg, field=field) from None


def whole_number(
    value: object,
    field: str,
    error: AreaError,
    *,
    minimum: int = 0,
    below: str = "{name} must not be negative, got {value}",
) -> int:
    """*value* as an `int` (not a `bool`) of at least *minimum*.

    Another type is a `TypeError` naming *field*; a smaller number is an *error*
    with the message *below* (formatted with ``name`` and ``value``).
    """
    if not isinstance(value, int) or isinstance(value, bool):
        msg = f"{field} must be an int, got {type(value).__name__}"
        raise TypeError(msg)
    if value < minimum:
        msg = below.format(name=field, value=value)
        raise error(msg, field=field)
    return value


def typed_tuple(kind: type[_T], name: str, value: Iterable[_T]) -> tuple[_T, ...]:
    """`value` as a tuple, each item checked to be a `kind` (`TypeError` naming it)."""
    if isinstance(value, str | bytes):
        msg = f"{name} must be an iterable of {kind.__name__}, got a string"
        raise TypeError(msg)
    try:
        items = tuple(value)
    except TypeError:
        msg = (
            f"{name} must be an iterable of {kind.__name__}, got {type(value).__name__}"
        )
        raise TypeError(msg) from None
    for index, item in enumerate(items):
        if not isinstance(item, kind):
            msg = (
                f"{name}[{index}] must be a {kind.__name__}, got {type(item).__name__}"
            )
            raise TypeError(msg)
    return items
