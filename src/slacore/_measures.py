# What an objective measures: the measure protocol, the facts each measure
# declares (what it reads, the goals it takes), the data of one period a measure
# reads, and the outcome it gives. slacore's own measures live in the modules named
# after what they read (_ticket_measures, _outage_measures, ...); the registry of
# measure kinds for files is _measure_registry.

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import (
    TYPE_CHECKING,
    Any,
    ClassVar,
    Final,
    Literal,
    NamedTuple,
    Protocol,
    TypeAlias,
    final,
    runtime_checkable,
)

import attrs

from ._decimal import HUNDRED, divide, multiply
from ._metric import Metric
from ._validators import enum_value, non_negative_duration, optional_decimal
from .exceptions import AgreementError

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence
    from datetime import datetime, tzinfo

    from ._conditions import ConditionLike
    from ._group_measures import GroupOutcome
    from ._objective import Objective
    from ._parts import Sums
    from ._records import Contact, Outage, Response
    from ._service_levels import ErrorBudget

Abandoned: TypeAlias = Literal["offered", "exclude", "positive"]
"""What abandoned contacts count as (see `service_level`)."""
Aggregate: TypeAlias = Literal["count", "sum", "mean", "min", "max"]
"""How a volume adds its records up."""
ABANDONED_MODES: Final[tuple[Abandoned, ...]] = ("offered", "exclude", "positive")
AGGREGATES: Final[tuple[Aggregate, ...]] = ("count", "sum", "mean", "min", "max")

DatasetPart: TypeAlias = Literal[
    "tickets", "outages", "contacts", "responses", "records"
]
"""The part of a [`Dataset`][slacore.Dataset] a measure reads."""

SOURCES: Final[tuple[DatasetPart, ...]] = (
    "tickets",
    "outages",
    "contacts",
    "responses",
    "records",
)


def _to_bound(value: Decimal | int | str | None) -> Decimal | None:
    return optional_decimal(value, "bound", AgreementError)


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

    low: Decimal | None = attrs.field(default=None, converter=_to_bound)
    high: Decimal | None = attrs.field(default=None, converter=_to_bound)
    duration: bool = False
    unit: str = ""

    def __attrs_post_init__(self) -> None:
        if self.low is not None and self.high is not None and self.low > self.high:
            msg = f"a goal rule's high ({self.high}) is below its low ({self.low})"
            raise AgreementError(msg, field="high")

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


@final
@attrs.frozen
class Outcome:
    """What one measure showed in one period, before any goal or credit terms.

    A measure's `outcome` returns one; the agreement then compares `value` with the
    objective's goal (a `value` of None is "nothing to measure": met is None, no
    credit, and a run of misses is broken).

    Attributes:
        value: The figure (a percent, a score, a count, seconds), or None.
        count: How many items were measured.
        good: How many of them were good (met, answered in time, promoters, ...).
        breaches: How many were bad (breached cycles, outages, detractors, ...);
            breach-count credits read this.
        error_budget: For availability: the period's error budget.
        burn_rate: For availability: the burn rate over the trailing window.

    Examples:
        >>> from decimal import Decimal
        >>> import slacore as sla
        >>> sla.Outcome(Decimal("97.5"), count=40, good=39, breaches=1).value
        Decimal('97.5')
    """

    value: Decimal | None
    count: int = 0
    good: int = 0
    breaches: int = 0
    error_budget: ErrorBudget | None = None
    burn_rate: Decimal | None = None


UNMEASURED: Final = Outcome(None)


class CycleOutcome(NamedTuple):
    """A ticket clock cycle whose outcome is known: breached, or stopped in time.

    It counts at its breach instant if it breached, else at its stop instant.
    """

    metric: Metric
    priority: str
    policy: str
    met: bool


class CycleStop(NamedTuple):
    """A stopped ticket clock cycle, with its business time in microseconds."""

    metric: Metric
    priority: str
    policy: str
    elapsed_us: int


class PeriodBounds(Protocol):
    """One reporting period and the instant its report is made as of.

    What a measure's `from_partial` reads besides the partial: the period's
    bounds, `now` and the agreement's zone.
    """

    @property
    def start(self) -> datetime:
        """The period's first instant."""

    @property
    def end(self) -> datetime:
        """The instant after the period (exclusive)."""

    @property
    def now(self) -> datetime:
        """The instant the report is made as of."""

    @property
    def tz(self) -> tzinfo:
        """The agreement's zone."""

    @property
    def start_us(self) -> int:
        """`start` in microseconds since 1970-01-01 UTC."""

    @property
    def end_us(self) -> int:
        """`end` in microseconds since 1970-01-01 UTC."""

    @property
    def now_us(self) -> int:
        """`now` in microseconds since 1970-01-01 UTC."""


class PeriodData(PeriodBounds, Protocol):
    """The data of one reporting period, as a measure reads it.

    Each method gives the items that count in the period ``[start, end)``, as of
    the report's `now`; nothing after `now` counts. Items are in the order of the
    instant they count at. `index` in ``(index, item)`` pairs is the item's
    position in its dataset, for error messages. The period's bounds are those of
    [`PeriodBounds`][slacore.PeriodBounds].
    """

    def cycles_decided(self) -> Sequence[CycleOutcome]:
        """Ticket cycles whose breach (else stop) instant lies in the period."""

    def cycles_stopped(self) -> Sequence[CycleStop]:
        """Ticket cycles that stopped in the period."""

    def group_holds_decided(self) -> Sequence[GroupOutcome]:
        """Support group clocks whose breach (else stop) instant lies in the period."""

    def tickets_created(self, where: ConditionLike | None) -> int:
        """How many tickets matching `where` (all when None) were created in it."""

    def outages(self, service: str) -> Sequence[Outage]:
        """The service's outages (planned ones too) that overlap the period."""

    def contacts(self, service: str | None) -> Sequence[Contact]:
        """Contacts offered in the period (of one service, or of all)."""

    def responses(self, service: str | None) -> Sequence[tuple[int, Response]]:
        """Survey responses given in the period (of one service, or of all)."""

    def records(
        self, where: ConditionLike | None
    ) -> Sequence[tuple[int, Mapping[str, Any]]]:
        """Records in the period, those matching `where` (all when None)."""


@runtime_checkable
class Measure(Protocol):
    """What an [`Objective`][slacore.Objective] measures.

    slacore's own measures implement it, and so can a library author's: a frozen
    attrs class with the three class facts and an `outcome` method plugs into
    `Objective` and `Agreement.evaluate`; registered with
    [`register_measure`][slacore.register_measure] it also reads and writes in
    agreement files. See the library authors' guide for a worked example.

    A measure can also tally: with two more methods, ``partial(period,
    objective)`` (the period's data summed into a partial that adds with `+`,
    associative and commutative, and pickles small) and ``from_partial(partial,
    period, objective)`` (the outcome of a partial, `period` being a
    [`PeriodBounds`][slacore.PeriodBounds]), its data can be split, tallied part
    by part and merged ([`Agreement.tally`][slacore.Agreement.tally]). slacore's
    own measures all do, and their `outcome` is ``from_partial(partial(...))``. A
    measure without them still serves `Agreement.evaluate`, and `Agreement.tally`
    refuses it with a [`TallyError`][slacore.TallyError].

    Attributes:
        kind: The measure's name in files and reports (``"availability"``).
        reads: The part of the dataset it reads (``"tickets"``, ``"outages"``,
            ``"contacts"``, ``"responses"`` or ``"records"``).
        goal_rule: The goals it takes (range, duration or not).
    """

    kind: ClassVar[str]
    reads: ClassVar[DatasetPart]
    goal_rule: ClassVar[GoalRule]

    def outcome(self, period: PeriodData, objective: Objective) -> Outcome:
        """What the measure shows for `period` (the objective gives the goal)."""


def ratio_outcome(good: int, count: int, breaches: int) -> Outcome:
    """``good / count`` as a percent; nothing measured when `count` is 0."""
    if count == 0:
        return Outcome(None, 0, 0, breaches)
    return Outcome(divide(multiply(good, HUNDRED), count), count, good, breaches)


def mean_outcome(total_us: int, count: int, wrong: int) -> Outcome:
    """The mean of `count` durations adding up to `total_us`, in seconds."""
    if count == 0:
        return UNMEASURED
    return Outcome(divide(total_us, count).scaleb(-6), count, count - wrong, wrong)


class GoodOverCount:
    """`from_partial` of a measure whose partial counts (good, counted).

    Good over counted, as a percent; the rest are its breaches.
    """

    __slots__ = ()

    def from_partial(
        self,
        partial: Sums,
        period: PeriodBounds,  # noqa: ARG002 - the protocol's signature
        objective: Objective,  # noqa: ARG002
    ) -> Outcome:
        """Good over counted, as a percent."""
        good, count = partial.counts
        return ratio_outcome(good, count, count - good)


class MeanOfDurations:
    """`from_partial` of a measure whose partial counts (count, total µs, wrong).

    The mean duration in seconds; `wrong` are those off the goal.
    """

    __slots__ = ()

    def from_partial(
        self,
        partial: Sums,
        period: PeriodBounds,  # noqa: ARG002 - the protocol's signature
        objective: Objective,  # noqa: ARG002
    ) -> Outcome:
        """The mean of the summed durations, in seconds."""
        count, total, wrong = partial.counts
        return mean_outcome(total, count, wrong)


def seconds(us: int) -> Decimal:
    """Integer microseconds as exact `Decimal` seconds."""
    return Decimal(us).scaleb(-6)


def to_metric(value: Metric | str) -> Metric:
    return enum_value(Metric, "metric", value, AgreementError, fold_case=False)


def to_priorities(value: Iterable[str] | None) -> frozenset[str] | None:
    if value is None:
        return None
    if isinstance(value, str):  # would be read as its letters
        return frozenset({value})
    found = frozenset(value)
    if not found:
        msg = "priorities must name at least one priority (None means all)"
        raise AgreementError(msg, field="priorities")
    return found


def check_name(_instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (not isinstance(value, str) or not value):
        msg = f"{attribute.name} must be a non-empty string, got {value!r}"
        raise AgreementError(msg, field=attribute.name)


def check_positive(
    _instance: Any, attribute: attrs.Attribute[Any], value: object
) -> None:
    if not isinstance(value, timedelta):
        msg = f"{attribute.name} must be a timedelta, got {type(value).__name__}"
        raise TypeError(msg)
    if value <= timedelta(0):
        msg = f"{attribute.name} must be positive, got {value!r}"
        raise AgreementError(msg, field=attribute.name)


check_non_negative: Final = non_negative_duration(AgreementError)
"""A measure's duration field: None or a `timedelta` not below zero."""


def one_of(choices: tuple[str, ...]) -> Any:
    def check(_instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
        if value not in choices:
            names = ", ".join(repr(choice) for choice in choices)
            msg = f"{attribute.name} must be one of {names}, got {value!r}"
            raise AgreementError(msg, field=attribute.name)

    return check
