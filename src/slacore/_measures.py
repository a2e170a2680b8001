# What an objective measures: frozen, serialisable descriptions of each figure.

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar, Final, Literal, TypeAlias, final

import attrs

from ._calendar import ALWAYS, Calendar
from ._conditions import check_condition
from ._policy import Metric
from ._timer import check_calendar
from .exceptions import AgreementError

if TYPE_CHECKING:
    from collections.abc import Iterable

ABANDONED_MODES: Final = ("offered", "exclude", "positive")
AGGREGATES: Final = ("count", "sum")

Source: TypeAlias = Literal["tickets", "outages", "contacts", "responses", "records"]
"""The part of a [`Dataset`][slacore.Dataset] a measure reads."""

SOURCES: Final[tuple[Source, ...]] = (
    "tickets",
    "outages",
    "contacts",
    "responses",
    "records",
)


@final
@attrs.frozen
class GoalRule:
    """What goals a measure takes: their range and whether they are durations.

    Every measure class declares one as its `goal_rule`; `Objective` checks goals
    against it, and agreement files read and write goals by it.

    Attributes:
        low: The smallest goal allowed (inclusive), or None for no bound.
        high: The largest goal allowed (inclusive), or None for no bound.
        duration: Whether the goal is a duration: given as a `timedelta` (or a
            duration such as ``"4h"``), kept as `Decimal` seconds.
        unit: How reports name the unit of the value (``"%"``, ``"s"``, ...).

    Examples:
        >>> from decimal import Decimal
        >>> import slacore as sla
        >>> sla.GoalRule(low=Decimal(0), high=Decimal(100), unit="%").allows(
        ...     Decimal("99.9")
        ... )
        True
    """

    low: Decimal | None = None
    high: Decimal | None = None
    duration: bool = False
    unit: str = ""

    def allows(self, goal: Decimal) -> bool:
        """Whether `goal` lies inside the range."""
        return (self.low is None or goal >= self.low) and (
            self.high is None or goal <= self.high
        )

    def describe(self) -> str:
        """The range in words, for error messages ("from 0 to 100")."""
        if self.low is not None and self.high is not None:
            return f"from {self.low} to {self.high}"
        if self.low is not None:
            return f"at least {self.low}"
        if self.high is not None:
            return f"at most {self.high}"
        return "any number"


PERCENT_GOAL: Final = GoalRule(Decimal(0), Decimal(100), unit="%")
NPS_GOAL: Final = GoalRule(Decimal(-100), Decimal(100), unit="points")
AMOUNT_GOAL: Final = GoalRule(Decimal(0), None)
DURATION_GOAL: Final = GoalRule(Decimal(0), None, duration=True, unit="s")
ANY_GOAL: Final = GoalRule()


def _to_metric(value: Metric | str) -> Metric:
    if isinstance(value, Metric):
        return value
    try:
        return Metric(value)
    except ValueError:
        names = ", ".join(metric.value for metric in Metric)
        msg = f"metric must be one of {names}, got {value!r}"
        raise AgreementError(msg, field="metric") from None


def _to_priorities(value: Iterable[str] | None) -> frozenset[str] | None:
    if value is None:
        return None
    if isinstance(value, str):  # would be read as its letters
        return frozenset({value})
    found = frozenset(value)
    if not found:
        msg = "priorities must name at least one priority (None means all)"
        raise AgreementError(msg, field="priorities")
    return found


def _name(_instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (not isinstance(value, str) or not value):
        msg = f"{attribute.name} must be a non-empty string, got {value!r}"
        raise AgreementError(msg, field=attribute.name)


def _positive(_instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, timedelta):
        msg = f"{attribute.name} must be a timedelta, got {type(value).__name__}"
        raise TypeError(msg)
    if value <= timedelta(0):
        msg = f"{attribute.name} must be positive, got {value!r}"
        raise AgreementError(msg, field=attribute.name)


def _non_negative(
    _instance: Any, attribute: attrs.Attribute[Any], value: object
) -> None:
    if value is None:
        return
    if not isinstance(value, timedelta):
        msg = f"{attribute.name} must be a timedelta, got {type(value).__name__}"
        raise TypeError(msg)
    if value < timedelta(0):
        msg = f"{attribute.name} must not be negative, got {value!r}"
        raise AgreementError(msg, field=attribute.name)


def _one_of(choices: tuple[str, ...]) -> Any:
    def check(_instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
        if value not in choices:
            names = ", ".join(repr(choice) for choice in choices)
            msg = f"{attribute.name} must be one of {names}, got {value!r}"
            raise AgreementError(msg, field=attribute.name)

    return check


@final
@attrs.frozen
class TicketAttainment:
    """Percent of ticket clock cycles met, for one helpdesk metric.

    A cycle counts in the period its outcome falls in: the instant it breached if it
    breached (even while it is still running), else the instant it stopped. Cycles
    still running and not yet breached count nowhere yet. Tickets are measured by
    the agreement's policies (the first whose condition matches), as of the
    report's `now`.

    Attributes:
        metric: Which clock (first response, next response, periodic update,
            resolution).
        priorities: Only cycles of tickets at these priorities (the priority in
            force at `now`); None counts every priority.
        policy: Only tickets measured by the policy of this name; None counts all.

    Examples:
        >>> import slacore as sla
        >>> sla.TicketAttainment("first_response", priorities=["high"])
        TicketAttainment(metric=<Metric.FIRST_RESPONSE: 'first_response'>,
                         priorities=frozenset({'high'}), policy=None)
    """

    kind: ClassVar[str] = "ticket_attainment"
    reads: ClassVar[Source] = "tickets"
    goal_rule: ClassVar[GoalRule] = PERCENT_GOAL
    percent: ClassVar[bool] = True

    metric: Metric = attrs.field(converter=_to_metric)
    priorities: frozenset[str] | None = attrs.field(
        default=None, converter=_to_priorities
    )
    policy: str | None = attrs.field(default=None, kw_only=True, validator=_name)


@final
@attrs.frozen
class Availability:
    """Percent uptime of one service, from its outages.

    Planned outages (scheduled maintenance) are exclusions: they leave both the
    measured time and the downtime. With a `calendar`, only its open hours are
    measured ("99.9 % during business hours").

    Attributes:
        service: The service whose outages count.
        calendar: The hours measured; None (or `ALWAYS`) measures every hour.
        burn_window: The trailing window the report's burn rate is taken over.

    Examples:
        >>> import slacore as sla
        >>> sla.Availability("api").burn_window
        datetime.timedelta(seconds=3600)
    """

    kind: ClassVar[str] = "availability"
    reads: ClassVar[Source] = "outages"
    goal_rule: ClassVar[GoalRule] = PERCENT_GOAL
    percent: ClassVar[bool] = True

    service: str = attrs.field(validator=_name)
    calendar: Calendar = attrs.field(
        default=ALWAYS, kw_only=True, validator=check_calendar
    )
    burn_window: timedelta = attrs.field(
        default=timedelta(hours=1), kw_only=True, validator=_positive
    )


@final
@attrs.frozen
class ServiceLevel:
    """Percent of contacts answered within a threshold ("80 % within 20 seconds").

    Contacts count in the period they were offered in (their `at`). See
    [`service_level`][slacore.service_level] for `abandoned` and `short_abandon`.

    Attributes:
        threshold: The answer time that counts as met (inclusive).
        abandoned: ``"offered"``, ``"exclude"`` or ``"positive"``.
        short_abandon: Contacts abandoned within this wait are left out entirely.
        service: Only contacts of this service (queue); None counts all.

    Examples:
        >>> from datetime import timedelta
        >>> import slacore as sla
        >>> sla.ServiceLevel(timedelta(seconds=20)).abandoned
        'offered'
    """

    kind: ClassVar[str] = "service_level"
    reads: ClassVar[Source] = "contacts"
    goal_rule: ClassVar[GoalRule] = PERCENT_GOAL
    percent: ClassVar[bool] = True

    threshold: timedelta = attrs.field(validator=_non_negative)
    abandoned: str = attrs.field(default="offered", validator=_one_of(ABANDONED_MODES))
    short_abandon: timedelta | None = attrs.field(
        default=None, kw_only=True, validator=_non_negative
    )
    service: str | None = attrs.field(default=None, kw_only=True, validator=_name)


@final
@attrs.frozen
class NetPromoterScore:
    """Net promoter score (-100 to 100) of the survey responses in the period.

    Attributes:
        service: Only responses about this service; None counts all.

    Examples:
        >>> import slacore as sla
        >>> sla.NetPromoterScore()
        NetPromoterScore(service=None)
    """

    kind: ClassVar[str] = "nps"
    reads: ClassVar[Source] = "responses"
    goal_rule: ClassVar[GoalRule] = NPS_GOAL
    percent: ClassVar[bool] = False

    service: str | None = attrs.field(default=None, kw_only=True, validator=_name)


@final
@attrs.frozen
class AverageScore:
    """The mean of a survey score over the period's responses (CSAT, effort score).

    Attributes:
        field: ``"score"`` reads each response's `score`; any other name reads that
            key of its `fields`. Responses without the field (a survey that did not
            ask the question) are not counted.
        service: Only responses about this service; None counts all.

    Examples:
        >>> import slacore as sla
        >>> sla.AverageScore("csat")
        AverageScore(field='csat', service=None)
    """

    kind: ClassVar[str] = "average_score"
    reads: ClassVar[Source] = "responses"
    goal_rule: ClassVar[GoalRule] = ANY_GOAL
    percent: ClassVar[bool] = False

    field: str = attrs.field(default="score", validator=_name)
    service: str | None = attrs.field(default=None, kw_only=True, validator=_name)


@final
@attrs.frozen
class Volume:
    """How many records the period has, or the sum of one of their fields.

    A record is a mapping with an aware ``at`` and any other fields; it counts in
    the period its ``at`` falls in. "500 leads a month" counts records; "$100,000
    of qualified opportunities a month" sums a field.

    Attributes:
        field: The field summed; required when `aggregate` is ``"sum"``.
        aggregate: ``"count"`` or ``"sum"``.
        where: Only records matching this condition (conditions read a record's
            keys as fields).

    Examples:
        >>> import slacore as sla
        >>> sla.Volume("amount", "sum", where=sla.Equals("stage", "qualified")).field
        'amount'
    """

    kind: ClassVar[str] = "volume"
    reads: ClassVar[Source] = "records"
    goal_rule: ClassVar[GoalRule] = AMOUNT_GOAL
    percent: ClassVar[bool] = False

    field: str | None = attrs.field(default=None, validator=_name)
    aggregate: str = attrs.field(default="count", validator=_one_of(AGGREGATES))
    where: Any = attrs.field(default=None, kw_only=True, validator=check_condition)

    def __attrs_post_init__(self) -> None:
        if self.aggregate == "sum" and self.field is None:
            msg = "a volume that sums needs the field to sum"
            raise AgreementError(msg, field="field")


@final
@attrs.frozen
class Deadline:
    """Percent of records whose `field` instant came within `within` business time.

    The deadline of a record is ``calendar.add(record["at"], within)``. A record
    whose `field` is missing (or None) counts as late once its deadline has passed,
    and counts nowhere before that. Records count in the period their ``at``
    falls in.

    Attributes:
        field: The key holding the instant the deed was done (e.g. "contacted_at").
        within: Business time allowed.
        calendar: The hours `within` counts in.
        where: Only records matching this condition.

    Examples:
        >>> from datetime import timedelta
        >>> import slacore as sla
        >>> sla.Deadline("contacted_at", timedelta(hours=24)).within
        datetime.timedelta(days=1)
    """

    kind: ClassVar[str] = "deadline"
    reads: ClassVar[Source] = "records"
    goal_rule: ClassVar[GoalRule] = PERCENT_GOAL
    percent: ClassVar[bool] = True

    field: str = attrs.field(validator=_name)
    within: timedelta = attrs.field(validator=_non_negative)
    calendar: Calendar = attrs.field(default=ALWAYS, validator=check_calendar)
    where: Any = attrs.field(default=None, kw_only=True, validator=check_condition)


@final
@attrs.frozen
class MeanTime:
    """The mean business time of ticket clock cycles that stopped in the period.

    "Mean time to resolve at most 8 hours" is ``MeanTime("resolution")`` with
    ``direction="at_most"`` and a goal of ``timedelta(hours=8)``. The value is in
    seconds (a goal may be given as a `timedelta`). A cycle counts in the period
    it stopped in; cycles still running count nowhere yet. Elapsed time is the
    cycle's business time by its tier's calendar, pauses excluded.

    Attributes:
        metric: Which clock.
        priorities: Only cycles of tickets at these priorities; None counts all.
        policy: Only tickets measured by the policy of this name; None counts all.

    Examples:
        >>> from datetime import timedelta
        >>> import slacore as sla
        >>> mttr = sla.Objective(
        ...     "mttr",
        ...     sla.MeanTime("resolution"),
        ...     timedelta(hours=8),
        ...     direction="at_most",
        ... )
        >>> mttr.goal
        Decimal('28800')
    """

    kind: ClassVar[str] = "mean_time"
    reads: ClassVar[Source] = "tickets"
    goal_rule: ClassVar[GoalRule] = DURATION_GOAL
    percent: ClassVar[bool] = False
    duration: ClassVar[bool] = True

    metric: Metric = attrs.field(converter=_to_metric)
    priorities: frozenset[str] | None = attrs.field(
        default=None, converter=_to_priorities
    )
    policy: str | None = attrs.field(default=None, kw_only=True, validator=_name)


@final
@attrs.frozen
class AbandonRate:
    """Percent of offered contacts that were abandoned (a contact-centre measure).

    Contacts abandoned within `short_abandon` are left out of both counts, as
    [`ServiceLevel`][slacore.ServiceLevel] does. Usually ``direction="at_most"``.

    Attributes:
        short_abandon: Contacts abandoned within this wait are left out.
        service: Only contacts of this service (queue); None counts all.

    Examples:
        >>> import slacore as sla
        >>> sla.Objective("abandoned", sla.AbandonRate(), 5, direction="at_most").goal
        Decimal('5')
    """

    kind: ClassVar[str] = "abandon_rate"
    reads: ClassVar[Source] = "contacts"
    goal_rule: ClassVar[GoalRule] = PERCENT_GOAL
    percent: ClassVar[bool] = True

    short_abandon: timedelta | None = attrs.field(
        default=None, kw_only=True, validator=_non_negative
    )
    service: str | None = attrs.field(default=None, kw_only=True, validator=_name)


@final
@attrs.frozen
class AverageWait:
    """Average speed of answer: the mean wait of answered contacts, in seconds.

    Attributes:
        service: Only contacts of this service (queue); None counts all.

    Examples:
        >>> from datetime import timedelta
        >>> import slacore as sla
        >>> sla.Objective(
        ...     "asa", sla.AverageWait(), timedelta(seconds=30), direction="at_most"
        ... ).goal
        Decimal('30')
    """

    kind: ClassVar[str] = "average_wait"
    reads: ClassVar[Source] = "contacts"
    goal_rule: ClassVar[GoalRule] = DURATION_GOAL
    percent: ClassVar[bool] = False
    duration: ClassVar[bool] = True

    service: str | None = attrs.field(default=None, kw_only=True, validator=_name)


@final
@attrs.frozen
class Ratio:
    """Percent of records that were good: the "good events / valid events" ratio.

    The form OpenSLO calls a ratio metric: "99 % of requests succeed" is
    ``Ratio(good=Equals("ok", True))`` over request records; `where` picks the
    valid events (all records by default).

    Attributes:
        good: The condition a good record matches.
        where: Only records matching this condition count at all.

    Examples:
        >>> import slacore as sla
        >>> sla.Ratio(sla.Equals("ok", True)).good
        Equals(field='ok', value=True)
    """

    kind: ClassVar[str] = "ratio"
    reads: ClassVar[Source] = "records"
    goal_rule: ClassVar[GoalRule] = PERCENT_GOAL
    percent: ClassVar[bool] = True

    good: Any = attrs.field(validator=check_condition)
    where: Any = attrs.field(default=None, kw_only=True, validator=check_condition)

    def __attrs_post_init__(self) -> None:
        if self.good is None:
            msg = "a ratio needs the condition a good record matches"
            raise AgreementError(msg, field="good")


Measure: TypeAlias = (
    TicketAttainment
    | Availability
    | ServiceLevel
    | NetPromoterScore
    | AverageScore
    | Volume
    | Deadline
    | MeanTime
    | AbandonRate
    | AverageWait
    | Ratio
)
"""Any of the measures an [`Objective`][slacore.Objective] can take."""

MEASURES: Final = (
    TicketAttainment,
    Availability,
    ServiceLevel,
    NetPromoterScore,
    AverageScore,
    Volume,
    Deadline,
    MeanTime,
    AbandonRate,
    AverageWait,
    Ratio,
)

_REGISTRY: dict[str, type[Any]] = {cls.kind: cls for cls in MEASURES}


def measure_class(kind: str) -> type[Any] | None:
    """The measure class whose file spelling is `kind`, or None."""
    return _REGISTRY.get(kind)


def measure_kinds() -> tuple[str, ...]:
    """The file spellings of every known measure, slacore's own first."""
    return tuple(_REGISTRY)
