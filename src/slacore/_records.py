# Records: what happened. Tickets and their events, outages, contacts, survey
# responses, free-form records and their frozen fields, and the dataset that holds
# them all. Each is validated once, on construction; everything downstream
# (policies, service levels, evaluation, the CSV readers) reads them as given.

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Final, final

import attrs

from ._decimal import to_decimal
from ._time import duration_us, to_us
from ._validators import aware, boolean, optional_aware, text
from .exceptions import DataError, SlaError

if TYPE_CHECKING:
    from datetime import datetime, timedelta
    from decimal import Decimal

EVENT_KINDS: Final = frozenset(
    {"customer_message", "agent_reply", "internal_note", "status", "priority", "group"}
)
VALUE_KINDS: Final = ("status", "priority", "group")
"""The event kinds whose value is required: the new status, priority or group."""


def freeze(value: Any, where: str = "value", error: type[SlaError] = DataError) -> Any:
    """A hashable, immutable copy of plain data (lists become tuples, and so on).

    An unhashable leaf raises `error` (the caller's area), naming `where`.
    """
    if isinstance(value, Mapping):
        return FrozenFields(value)
    if isinstance(value, list | tuple):
        return tuple(freeze(item, where, error) for item in value)
    if isinstance(value, set | frozenset):
        return frozenset(freeze(item, where, error) for item in value)
    if not isinstance(value, Hashable):
        msg = f"{where} holds an unhashable {type(value).__name__}: {value!r}"
        raise error(msg, field=where)  # type: ignore[call-arg]
    return value


@final
class FrozenFields(Mapping[str, Any]):
    """An immutable, hashable mapping of a ticket's or record's fields.

    Lists inside become tuples and sets frozensets, so the whole is a value.

    Examples:
        >>> fields = FrozenFields({"plan": "gold", "tags": ["vip", "eu"]})
        >>> fields["tags"]
        ('vip', 'eu')
        >>> fields == {"plan": "gold", "tags": ("vip", "eu")}
        True
    """

    __slots__ = ("_data", "_hash")

    def __init__(
        self, data: Mapping[str, Any] | Iterable[tuple[str, Any]] = ()
    ) -> None:
        items = data.items() if isinstance(data, Mapping) else data
        frozen: dict[str, Any] = {}
        for key, value in items:
            if not isinstance(key, str):
                msg = f"field names must be strings, got {key!r}"
                raise TypeError(msg)
            frozen[key] = freeze(value, f"fields[{key!r}]")
        self._data = frozen
        self._hash: int | None = None

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def get(self, key: str, default: Any = None) -> Any:
        """The value of field `key`, or `default` (faster than `Mapping.get`)."""
        return self._data.get(key, default)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._data.items()))
        return self._hash

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return dict(self._data) == dict(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"FrozenFields({self._data!r})"


def _to_fields(value: Mapping[str, Any]) -> FrozenFields:
    return value if isinstance(value, FrozenFields) else FrozenFields(value)


def _kind(_instance: Any, _attribute: Any, value: str) -> None:
    if value not in EVENT_KINDS:
        kinds = ", ".join(sorted(EVENT_KINDS))
        msg = f"unknown ticket event kind {value!r}: expected one of {kinds}"
        raise DataError(msg, field="kind")


@final
@attrs.frozen
class TicketEvent:
    """Something that happened on a ticket.

    Kinds: ``"customer_message"``, ``"agent_reply"``, ``"internal_note"`` (no SLA
    effect), ``"status"`` (`value`: the new status, e.g. ``"pending"``),
    ``"priority"`` (`value`: the new priority) and ``"group"`` (`value`: the
    support group now holding the ticket; no effect on the customer SLA clocks,
    see [`GroupTarget`][slacore.GroupTarget]).

    Attributes:
        at: When it happened, timezone-aware.
        kind: One of the kinds above.
        value: The new status, priority or group; None for messages and notes.

    Examples:
        >>> from datetime import datetime, timezone
        >>> at = datetime(2025, 6, 2, 9, tzinfo=timezone.utc)
        >>> TicketEvent(at, "status", "pending").value
        'pending'
    """

    at: datetime = attrs.field(validator=aware)
    kind: str = attrs.field(validator=_kind)
    value: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.kind in VALUE_KINDS and not (
            isinstance(self.value, str) and self.value
        ):
            msg = f"a {self.kind} event needs the new {self.kind} as its value"
            raise DataError(msg, field="value")


def _priority(_instance: Any, _attribute: Any, value: str) -> None:
    raw: object = value  # checked at run time too
    if not isinstance(raw, str) or not raw:
        msg = f"a ticket's priority must be a non-empty string, got {raw!r}"
        raise DataError(msg, field="priority")


def _sorted_events(value: Iterable[TicketEvent]) -> tuple[TicketEvent, ...]:
    events = tuple(value)
    items: tuple[object, ...] = events
    for index, event in enumerate(items):
        if not isinstance(event, TicketEvent):
            msg = f"events[{index}] must be a TicketEvent, got {type(event).__name__}"
            raise TypeError(msg)
    # sorted() is stable: events at the same instant keep their given order.
    return tuple(sorted(events, key=lambda e: to_us(e.at, "at")))


@final
@attrs.frozen
class Ticket:
    """A helpdesk ticket: when it was created, its priority, its events and fields.

    Events are sorted by time on construction (events at the same instant keep
    their order). `fields` holds whatever the helpdesk knows (requester, plan,
    channel, tags, ...) for conditions; it is frozen (lists become tuples).

    Attributes:
        id: The ticket's id.
        created_at: Creation instant, aware.
        priority: The priority at creation (a priority event changes it).
        events: The event log.
        fields: Free-form data for conditions.
        timeline_us: `created_at` and each event's instant as integer
            microseconds since 1970-01-01 UTC, computed once on construction for
            fast measuring (not part of equality or the repr).

    Raises:
        DataError: If an event lies before `created_at`.

    Examples:
        >>> from datetime import datetime, timezone
        >>> t = datetime(2025, 6, 2, 9, tzinfo=timezone.utc)
        >>> Ticket("T-1", t, "normal", fields={"tags": ["vip"]}).fields["tags"]
        ('vip',)
    """

    id: str | int = attrs.field(validator=attrs.validators.instance_of((str, int)))
    created_at: datetime = attrs.field(validator=aware)
    priority: str = attrs.field(validator=_priority)
    events: tuple[TicketEvent, ...] = attrs.field(default=(), converter=_sorted_events)
    fields: FrozenFields = attrs.field(factory=FrozenFields, converter=_to_fields)
    timeline_us: tuple[int, tuple[int, ...]] = attrs.field(
        init=False, eq=False, hash=False, repr=False
    )

    def __attrs_post_init__(self) -> None:
        created = to_us(self.created_at, "created_at")
        stamps = tuple(to_us(event.at, "at") for event in self.events)
        object.__setattr__(self, "timeline_us", (created, stamps))
        for index, event in enumerate(self.events):
            if stamps[index] < created:
                msg = (
                    f"ticket {self.id!r}: event {index} ({event.kind} at "
                    f"{event.at.isoformat()}) is before the ticket was created at "
                    f"{self.created_at.isoformat()}"
                )
                raise DataError(msg, field=f"events[{index}].at", index=index)

    def priority_at(self, now: datetime) -> str:
        """The priority in force at `now` (the last priority event up to `now`).

        Examples:
            >>> from datetime import datetime, timedelta, timezone
            >>> t = datetime(2025, 6, 2, 9, tzinfo=timezone.utc)
            >>> ticket = Ticket(1, t, "normal", [TicketEvent(t, "priority", "urgent")])
            >>> ticket.priority_at(t - timedelta(0)), ticket.priority
            ('urgent', 'normal')
        """
        now_us = to_us(now, "now")
        priority = self.priority
        for event, stamp in zip(self.events, self.timeline_us[1], strict=True):
            if stamp > now_us:
                break
            if event.kind == "priority":
                priority = event.value  # type: ignore[assignment]
        return priority


_SERVICE_EMPTY: Final = "{name} must be a non-empty name, got {value!r}"
_check_service: Final = text(DataError, _SERVICE_EMPTY)
_check_optional_service: Final = text(DataError, _SERVICE_EMPTY, optional=True)


def _check_end(outage: Outage, _attribute: Any, end: datetime) -> None:
    if to_us(end, "end") < to_us(outage.start, "start"):
        msg = (
            f"end {end.isoformat()} is before start {outage.start.isoformat()} "
            f"(outage of {outage.service!r})"
        )
        raise DataError(msg, field="end")


def _check_wait(_instance: Any, _attribute: Any, value: Any) -> None:
    if duration_us(value, "wait") < 0:
        msg = f"wait must not be negative, got {value}"
        raise DataError(msg, field="wait")


def _to_score(value: Decimal | float | str) -> Decimal:
    try:
        return to_decimal(value, "score", allow_float=True)
    except SlaError as exc:
        raise DataError(str(exc), field="score") from None


@final
@attrs.frozen
class Outage:
    """A period ``[start, end)`` in which a service was down, or under maintenance.

    An outage with ``planned=True`` is scheduled maintenance: wherever it appears,
    [`availability`][slacore.availability] treats it as an exclusion, leaving it out
    of both the measured time and the downtime, never as downtime. A zero-length
    outage is allowed and counts nothing.

    Attributes:
        service: The name of the service that was down.
        start: When it began, timezone-aware.
        end: When it ended (exclusive), timezone-aware, not before `start`.
        planned: Whether it was announced maintenance rather than an incident.
        span_us: ``(start, end)`` as integer microseconds since 1970-01-01 UTC,
            computed once (not part of equality or the repr).

    Raises:
        DataError: If `end` is before `start` (field ``end``), or `service` is empty
            (field ``service``).
        NaiveDatetimeError: If `start` or `end` has no timezone.

    Examples:
        >>> import slacore as sla
        >>> from datetime import datetime, timezone
        >>> at = lambda h: datetime(2025, 6, 2, h, tzinfo=timezone.utc)
        >>> outage = sla.Outage("api", at(9), at(10))
        >>> outage.planned, outage.end - outage.start
        (False, datetime.timedelta(seconds=3600))
    """

    service: str = attrs.field(validator=_check_service)
    start: datetime = attrs.field(validator=aware)
    end: datetime = attrs.field(validator=[aware, _check_end])
    planned: bool = attrs.field(default=False, kw_only=True, validator=boolean)
    span_us: tuple[int, int] = attrs.field(init=False, eq=False, hash=False, repr=False)

    def __attrs_post_init__(self) -> None:
        span = (to_us(self.start, "start"), to_us(self.end, "end"))
        object.__setattr__(self, "span_us", span)


@final
@attrs.frozen
class Contact:
    """One call or chat offered to a queue.

    [`service_level`][slacore.service_level] counts them. `wait` is how long the
    contact waited in the queue: until an agent answered it, or until the customer
    gave up (``answered=False``, an abandoned contact).

    Attributes:
        wait: Time in the queue, not negative.
        answered: False for a contact abandoned before an agent answered.
        at: When it was offered, timezone-aware; agreements use it to put the
            contact in a reporting period. Optional.
        service: The queue or service it was offered to. Optional.

    Raises:
        DataError: If `wait` is negative (field ``wait``) or `service` is empty.
        NaiveDatetimeError: If `at` has no timezone.

    Examples:
        >>> import slacore as sla
        >>> from datetime import timedelta
        >>> sla.Contact(timedelta(seconds=25), answered=False)
        Contact(wait=datetime.timedelta(seconds=25), answered=False, ...)
    """

    wait: timedelta = attrs.field(validator=_check_wait)
    answered: bool = attrs.field(default=True, validator=boolean)
    at: datetime | None = attrs.field(
        default=None, kw_only=True, validator=optional_aware
    )
    service: str | None = attrs.field(
        default=None, kw_only=True, validator=_check_optional_service
    )


@final
@attrs.frozen
class Response:
    """One survey response: when it came in, its score, and any other answers.

    The score is kept as given (a float is read through ``str``, so ``8.5`` is
    ``Decimal("8.5")``); [`nps`][slacore.nps] checks that it is an integer from 0
    to 10 when it counts it. Other answers, such as a CSAT rating or a comment,
    go in `fields`, frozen like [`Ticket.fields`][slacore.Ticket].

    Attributes:
        at: When the response was given, timezone-aware.
        score: The score.
        service: The service it rates. Optional.
        fields: Other answers (lists become tuples).

    Raises:
        DataError: If `score` is not a finite number (field ``score``).
        NaiveDatetimeError: If `at` has no timezone.

    Examples:
        >>> import slacore as sla
        >>> from datetime import datetime, timezone
        >>> r = sla.Response(
        ...     datetime(2025, 6, 2, tzinfo=timezone.utc), 9, fields={"csat": 5}
        ... )
        >>> r.score, r.fields["csat"]
        (Decimal('9'), 5)
    """

    at: datetime = attrs.field(validator=aware)
    score: Decimal = attrs.field(converter=_to_score)
    service: str | None = attrs.field(
        default=None, kw_only=True, validator=_check_optional_service
    )
    fields: FrozenFields = attrs.field(
        factory=FrozenFields, converter=_to_fields, kw_only=True
    )
