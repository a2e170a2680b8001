# Conditions over columns: which tickets of an event table a policy or a priority
# rule is for, evaluated column by column for the declarative conditions (each
# distinct value once) and ticket by ticket for any other callable (the slow path).

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._conditions import All, AnyOf, Contains, Equals, In, Not, matches

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    import numpy as np
    import numpy.typing as npt

    from ._conditions import ConditionLike
    from ._event_columns import EventColumns, Factor
    from ._records import Ticket

    Mask = npt.NDArray[np.bool_]


class TicketColumns:
    """What conditions read of a chunk of tickets: priorities and fields.

    `tickets` builds the `Ticket` objects a plain callable condition needs, once,
    on first use.
    """

    def __init__(
        self,
        np: Any,
        priority: Factor,
        fields: Mapping[str, Factor],
        tickets: Callable[[], Sequence[Ticket]],
    ) -> None:
        self.np = np
        self.priority = priority
        self.fields = fields
        self._tickets = tickets
        self._built: Sequence[Ticket] | None = None

    def __len__(self) -> int:
        return len(self.priority)

    def column(self, field: str) -> Factor | None:
        """The values of *field* (``priority`` is the ticket's), None if absent."""
        if field == "priority":
            return self.priority
        return self.fields.get(field)

    def tickets(self) -> Sequence[Ticket]:
        """The tickets as objects, for callable conditions."""
        if self._built is None:
            self._built = self._tickets()
        return self._built

    def with_priority(self, priority: Factor) -> TicketColumns:
        """The same tickets with other priorities (after priority rules)."""
        before = self.tickets

        def tickets() -> list[Ticket]:
            import attrs  # noqa: PLC0415 - only the slow path needs the objects

            return [
                t if t.priority == p else attrs.evolve(t, priority=str(p))
                for t, p in zip(before(), priority.values(), strict=True)
            ]

        return TicketColumns(self.np, priority, self.fields, tickets)


def _equals(value: Any) -> Callable[[Any], bool]:
    return lambda found: bool(found == value)


def _in(values: frozenset[Any]) -> Callable[[Any], bool]:
    def check(found: Any) -> bool:
        try:
            return found in values
        except TypeError:
            return False

    return check


def _contains(value: Any) -> Callable[[Any], bool]:
    def check(found: Any) -> bool:
        if found is None:
            return False
        try:
            return bool(value in found)
        except TypeError:
            return False

    return check


def _by_value(
    np: Any, column: Factor | None, n: int, test: Callable[[Any], bool]
) -> Mask:
    """``test(value)`` for each value, computed once per distinct value."""
    if column is None:  # the field is in no ticket: every value is None
        return np.full(n, test(None), dtype=bool)  # type: ignore[no-any-return]
    hits = np.array([test(name) for name in column.names.tolist()] + [test(None)])
    return hits[column.codes]  # type: ignore[no-any-return]


def _leaf_test(condition: object) -> tuple[str, Callable[[Any], bool]] | None:
    """A field and a test of its value, for the conditions on one field."""
    if isinstance(condition, Equals):
        return condition.field, _equals(condition.value)
    if isinstance(condition, In):
        return condition.field, _in(condition.values)
    if isinstance(condition, Contains):
        return condition.field, _contains(condition.value)
    return None


def condition_mask(
    condition: ConditionLike | None, tickets: TicketColumns, among: Mask
) -> Mask:
    """Which tickets satisfy *condition* (None: all), as a boolean array.

    A callable condition is asked only about the tickets in *among* (as the
    object path asks only until a condition matches); the others read False.
    """
    np = tickets.np
    n = len(tickets)
    leaf = _leaf_test(condition)
    if leaf is not None:
        return _by_value(np, tickets.column(leaf[0]), n, leaf[1])
    if condition is None or isinstance(condition, All):
        out = np.ones(n, dtype=bool)
        for part in () if condition is None else condition.conditions:
            out &= condition_mask(part, tickets, among)
        return out  # type: ignore[no-any-return]
    if isinstance(condition, AnyOf):
        out = np.zeros(n, dtype=bool)
        for part in condition.conditions:
            out |= condition_mask(part, tickets, among)
        return out  # type: ignore[no-any-return]
    if isinstance(condition, Not):
        return ~condition_mask(condition.condition, tickets, among)
    # A Matcher or a plain callable: asked ticket by ticket (the slow path).
    out = np.zeros(n, dtype=bool)
    objects = tickets.tickets()
    for i in np.flatnonzero(among).tolist():
        out[i] = matches(condition, objects[i])
    return out  # type: ignore[no-any-return]


def first_match(
    conditions: Sequence[ConditionLike | None], tickets: TicketColumns
) -> Any:
    """Index of the first condition each ticket satisfies, -1 where none does."""
    np = tickets.np
    out = np.full(len(tickets), -1, dtype=np.int64)
    left = np.ones(len(tickets), dtype=bool)
    for index, condition in enumerate(conditions):
        if not left.any():
            break
        hit = condition_mask(condition, tickets, left) & left
        out[hit] = index
        left &= ~hit
    return out


def created_matching(columns: EventColumns, where: ConditionLike | None) -> Any:
    """The creation instants (µs) of the tickets matching `where`, sorted."""
    from ._event_columns import to_tickets  # noqa: PLC0415 - only callables need it
    from ._frames_kinds import numpy  # noqa: PLC0415 - tables bring numpy

    np = numpy()
    created = columns.created_us
    if where is not None:
        tickets = TicketColumns(
            np, columns.priority, columns.fields, lambda: to_tickets(columns)
        )
        created = created[condition_mask(where, tickets, np.ones(len(created), bool))]
    return np.sort(created, kind="stable")
