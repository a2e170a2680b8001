from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias, final

import attrs

from ._records import freeze
from .exceptions import PolicyError

if TYPE_CHECKING:
    from ._records import Ticket


def _freeze(value: Any) -> Any:
    return freeze(value, "value", PolicyError)


def _lookup(ticket: Ticket, field: str) -> Any:
    """A ticket's value for *field*: ``priority`` is the ticket's, others its fields."""
    if field == "priority":
        return ticket.priority
    return ticket.fields.get(field)


class _Combinators:
    """``a & b``, ``a | b`` and ``~a`` for every condition."""

    __slots__ = ()

    def __and__(self, other: Condition) -> All:
        return All((self, other))

    def __or__(self, other: Condition) -> AnyOf:
        return AnyOf((self, other))

    def __invert__(self) -> Not:
        return Not(self)


def _field_name(_instance: Any, _attribute: Any, field: str) -> None:
    value: object = field  # checked at run time too
    if not isinstance(value, str) or not value:
        msg = f"a condition's field must be a non-empty string, got {value!r}"
        raise PolicyError(msg, field="field")


@final
@attrs.frozen
class Equals(_Combinators):
    """True when the ticket's `field` equals `value` (``priority`` is the ticket's).

    Examples:
        >>> Equals("channel", "phone")
        Equals(field='channel', value='phone')
    """

    field: str = attrs.field(validator=_field_name)
    value: Any = attrs.field(converter=_freeze)

    def matches(self, ticket: Ticket) -> bool:
        """Whether the ticket satisfies the condition."""
        return bool(_lookup(ticket, self.field) == self.value)


def _to_values(value: Iterable[Any]) -> frozenset[Any]:
    if isinstance(value, str | bytes):  # would be read as its letters
        msg = f"In(...) values must be a collection, not the string {value!r}"
        raise TypeError(msg)
    return frozenset(freeze(tuple(value), "values", PolicyError))


@final
@attrs.frozen
class In(_Combinators):
    """True when the ticket's `field` is one of `values`.

    Examples:
        >>> sorted(In("plan", ["gold", "platinum"]).values)
        ['gold', 'platinum']
    """

    field: str = attrs.field(validator=_field_name)
    values: frozenset[Any] = attrs.field(converter=_to_values)

    def matches(self, ticket: Ticket) -> bool:
        """Whether the ticket satisfies the condition."""
        value = _lookup(ticket, self.field)
        try:
            return value in self.values
        except TypeError:  # an unhashable value is in no set
            return False


@final
@attrs.frozen
class Contains(_Combinators):
    """True when the ticket's `field` (a list, set or string) contains `value`.

    `HasTag(tag)` is ``Contains("tags", tag)``.

    Examples:
        >>> Contains("tags", "vip")
        Contains(field='tags', value='vip')
    """

    field: str = attrs.field(validator=_field_name)
    value: Any = attrs.field(converter=_freeze)

    def matches(self, ticket: Ticket) -> bool:
        """Whether the ticket satisfies the condition."""
        found = _lookup(ticket, self.field)
        if found is None:
            return False
        try:
            return bool(self.value in found)
        except TypeError:
            return False


def HasTag(tag: str) -> Contains:  # noqa: N802 - reads as a condition class
    """True when the ticket's ``tags`` field contains `tag`.

    Examples:
        >>> HasTag("vip")
        Contains(field='tags', value='vip')
    """
    return Contains("tags", tag)


def _to_conditions(value: Iterable[Any]) -> tuple[Any, ...]:
    out = tuple(value)
    for index, item in enumerate(out):
        if not hasattr(item, "matches"):
            msg = f"conditions[{index}] is not a condition: {item!r}"
            raise PolicyError(msg, field=f"conditions[{index}]")
    return out


@final
@attrs.frozen
class All(_Combinators):
    """True when every one of `conditions` is (true for none at all).

    Examples:
        >>> All((Equals("channel", "phone"), HasTag("vip"))).conditions[1]
        Contains(field='tags', value='vip')
    """

    conditions: tuple[Condition, ...] = attrs.field(converter=_to_conditions)

    def matches(self, ticket: Ticket) -> bool:
        """Whether the ticket satisfies the condition."""
        return all(c.matches(ticket) for c in self.conditions)


@final
@attrs.frozen
class AnyOf(_Combinators):
    """True when at least one of `conditions` is (false for none at all).

    Examples:
        >>> (Equals("plan", "gold") | HasTag("vip")).conditions[0]
        Equals(field='plan', value='gold')
    """

    conditions: tuple[Condition, ...] = attrs.field(converter=_to_conditions)

    def matches(self, ticket: Ticket) -> bool:
        """Whether the ticket satisfies the condition."""
        return any(c.matches(ticket) for c in self.conditions)


def _one_condition(value: Any) -> Any:
    if not hasattr(value, "matches"):
        msg = f"Not(...) needs a condition, got {value!r}"
        raise PolicyError(msg, field="condition")
    return value


@final
@attrs.frozen
class Not(_Combinators):
    """True when `condition` is false.

    Examples:
        >>> ~Equals("channel", "chat")
        Not(condition=Equals(field='channel', value='chat'))
    """

    condition: Condition = attrs.field(converter=_one_condition)

    def matches(self, ticket: Ticket) -> bool:
        """Whether the ticket satisfies the condition."""
        return not self.condition.matches(ticket)


Condition: TypeAlias = Equals | In | Contains | All | AnyOf | Not
"""A declarative, serialisable condition over a ticket's priority and fields."""


class Matcher(Protocol):
    """Any object with a ``matches(ticket) -> bool`` method is a condition too."""

    def matches(self, ticket: Ticket, /) -> bool:
        """Whether the ticket satisfies the condition."""
        ...


#: What a policy or rule accepts as its condition: declarative, any object with a
#: ``matches(ticket)`` method, or any callable.
ConditionLike: TypeAlias = Condition | Matcher | Callable[["Ticket"], bool]


def matches(condition: ConditionLike | None, ticket: Ticket) -> bool:
    """Evaluate a declarative condition, a callable, or None (always true)."""
    if condition is None:
        return True
    if isinstance(condition, Equals | In | Contains | All | AnyOf | Not):
        return condition.matches(ticket)
    method = getattr(condition, "matches", None)
    if method is not None:  # any object with a `matches(ticket)` method
        return bool(method(ticket))
    call: Callable[[Ticket], bool] = condition  # type: ignore[assignment]
    return bool(call(ticket))


class _FieldsView:
    """A record seen by conditions: its keys are fields, its `priority` key too."""

    __slots__ = ("fields",)

    def __init__(self, fields: Mapping[str, Any]) -> None:
        self.fields = fields

    @property
    def priority(self) -> Any:
        return self.fields.get("priority")


def matches_fields(condition: ConditionLike, fields: Mapping[str, Any]) -> bool:
    """Evaluate a condition on a plain mapping of fields (a record)."""
    return matches(condition, _FieldsView(fields))  # type: ignore[arg-type]


def check_condition(
    _instance: Any, attribute: attrs.Attribute[Any], value: Any
) -> None:
    """Check that a field holds a condition, a callable, or None."""
    if value is not None and not callable(value) and not hasattr(value, "matches"):
        msg = f"{attribute.name} must be a condition or a callable, got {value!r}"
        raise PolicyError(msg, field=attribute.name)
