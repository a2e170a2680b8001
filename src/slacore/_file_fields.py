# What a file's tables hold: the keys of each table and, for the value classes,
# how each attrs field is spelled in a file (chosen by the field's type).

from __future__ import annotations

import enum
import types
import typing
from datetime import timedelta
from decimal import Decimal
from typing import Any, Final, Literal, Union

import attrs

from ._calendar import BusinessCalendar, Calendar, ComposedCalendar
from ._conditions import (
    All,
    AnyOf,
    Condition,
    ConditionLike,
    Contains,
    Equals,
    In,
    Not,
    check_condition,
)
from ._credits import (
    BreachCountCredit,
    CreditSchedule,
    CreditTier,
    RepeatedMissCredit,
    StepCredit,
)
from ._metric import Metric

AGREEMENT_KEYS: Final = (
    "name",
    "kind",
    "parties",
    "objectives",
    "services",
    "period",
    "tz",
    "effective_from",
    "effective_until",
    "review_every",
    "termination",
    "fee",
    "at_risk",
    "claim_window",
    "policies",
    "structure",
    "responsibilities",
    "pool_allocation",
    "earn_back",
    "minimum_credit",
    "yearly_cap",
    "amendments",
    "calendars",
    "workload",
)
AGREEMENT_REQUIRED: Final = ("name", "kind", "parties", "objectives", "effective_from")
AMOUNTS: Final = ("fee", "at_risk", "pool_allocation", "minimum_credit", "yearly_cap")
SPANS: Final = ("review_every", "claim_window")
BUILT_IN: Final = "always"
NO_CAP: Final = "none"
CREDIT_TYPES: Final[dict[str, type[Any]]] = {
    "schedule": CreditSchedule,
    "step": StepCredit,
    "breach_count": BreachCountCredit,
    "repeated_miss": RepeatedMissCredit,
}

# The names a field's annotation may use though its module imports them only for
# type checking.
_NAMES: Final[dict[str, Any]] = {
    "Any": Any,
    "Calendar": Calendar,
    "Condition": Condition,
    "ConditionLike": ConditionLike,
    "CreditTier": CreditTier,
    "Decimal": Decimal,
    "Metric": Metric,
    "timedelta": timedelta,
}
# Each class's fields, worked out on first use.
_SPECS: Final[dict[type[Any], tuple[FieldSpec, ...]]] = {}
_CALENDARS: Final = frozenset({BusinessCalendar, ComposedCalendar})
_CONDITIONS: Final = frozenset({Equals, In, Contains, All, AnyOf, Not})


class Kind(enum.Enum):
    """How a field's value is spelled in a file."""

    DURATION = "duration"  # "4h"
    DECIMAL = "decimal"  # "99.95", 99 or 99.95
    INTEGER = "integer"
    STRING = "string"
    STRINGS = "strings"  # an array of strings (a set of them in Python)
    CHOICE = "choice"  # an enum member by its value, or one of a Literal's strings
    CALENDAR = "calendar"  # a calendar's name, or a calendar table
    CONDITION = "condition"  # a condition table
    TABLES = "tables"  # an array of tables, each of another attrs class


@attrs.frozen
class FieldSpec:
    """One attrs field as a file holds it.

    Attributes:
        name: The attribute's name.
        key: The file's key (the field's ``__init__`` name).
        kind: How the value is spelled.
        optional: Whether None is allowed (an ``X | None`` type).
        required: Whether the field has no default.
        default: The default value (`attrs.NOTHING` if required).
        item: The enum class of a `Kind.CHOICE` of enum members, the attrs class
            of a `Kind.TABLES`, else None.
        choices: The file spellings of a `Kind.CHOICE`, else empty.
    """

    name: str
    key: str
    kind: Kind
    optional: bool
    required: bool
    default: Any
    item: type[Any] | None = None
    choices: tuple[str, ...] = ()

    @property
    def none_word(self) -> bool:
        """Whether ``"none"`` stands for None: an optional number (``cap``)."""
        return self.optional and self.kind in (Kind.DECIMAL, Kind.INTEGER)


def _members(hint: Any) -> tuple[Any, ...]:
    """The members of a union type, or the type itself."""
    if typing.get_origin(hint) in (Union, types.UnionType):
        return typing.get_args(hint)
    return (hint,)


def _kind(hint: Any, field: attrs.Attribute[Any]) -> tuple[Kind, type[Any] | None]:  # noqa: PLR0911 - one per kind
    """The spelling of a value of type `hint` (None removed already)."""
    members = frozenset(_members(hint))
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if members <= _CALENDARS:
        return Kind.CALENDAR, None
    if (hint is Any and field.validator is check_condition) or members <= _CONDITIONS:
        return Kind.CONDITION, None
    simple = {timedelta: Kind.DURATION, Decimal: Kind.DECIMAL, int: Kind.INTEGER}
    if hint in simple:
        return simple[hint], None
    if hint is str:
        return Kind.STRING, None
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return Kind.CHOICE, hint
    if origin is Literal and all(isinstance(arg, str) for arg in args):
        return Kind.CHOICE, None
    if origin in (frozenset, tuple, list) and args and args[0] is str:
        return Kind.STRINGS, None
    if origin is tuple and args and attrs.has(args[0]):
        return Kind.TABLES, args[0]
    msg = f"a field of type {hint!r} ({field.name}) cannot be read from a file"
    raise TypeError(msg)


def _choices(hint: Any) -> tuple[str, ...]:
    """The file spellings of an enum's members, or a Literal's strings."""
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return tuple(str(member.value) for member in hint)
    return tuple(typing.get_args(hint))


def fields_of(cls: type[Any]) -> tuple[FieldSpec, ...]:
    """The fields of the attrs class `cls` a file sets, in order, with their kinds.

    Each field's spelling comes from its resolved type: `timedelta` a duration,
    `Decimal` a number, `int`, `str`, a set or tuple of `str` an array of strings,
    an enum its value, a calendar type a calendar reference, a condition type (or
    `Any` with the `check_condition` validator) a condition, a tuple of an attrs
    class an array of its tables; ``X | None`` is an optional X.

    Examples:
        >>> from slacore._credits import StepCredit
        >>> [(f.key, f.kind.value, f.required) for f in fields_of(StepCredit)][:2]
        [('threshold', 'decimal', True), ('step', 'decimal', True)]
    """
    found = _SPECS.get(cls)
    if found is not None:
        return found
    hints = typing.get_type_hints(cls, localns=_NAMES)
    specs = []
    for field in attrs.fields(cls):
        if not field.init:
            continue
        hint = hints[field.name]
        members = _members(hint)
        optional = type(None) in members
        if optional:
            rest = tuple(m for m in members if m is not type(None))
            hint = rest[0] if len(rest) == 1 else Union[rest]  # noqa: UP007 - built at run time
        kind, item = _kind(hint, field)
        choices = _choices(hint) if kind is Kind.CHOICE else ()
        required = field.default is attrs.NOTHING
        specs.append(
            FieldSpec(
                field.name,
                field.alias,
                kind,
                optional,
                required,
                field.default,
                item,
                choices,
            )
        )
    _SPECS[cls] = tuple(specs)
    return _SPECS[cls]


def keys_of(cls: type[Any]) -> tuple[str, ...]:
    """The file keys of `cls`, in order."""
    return tuple(spec.key for spec in fields_of(cls))


def required_of(cls: type[Any]) -> tuple[str, ...]:
    """The keys of `cls` a file must give (the fields without a default)."""
    return tuple(spec.key for spec in fields_of(cls) if spec.required)
