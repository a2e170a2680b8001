# Percentile measures: the nearest-rank percentile of a duration, of ticket clock
# cycles, of contacts' waits and of a duration field of records. The rule is
# _percentile's; the tally partial is _distribution_parts.DurationCounts.

from __future__ import annotations

import contextlib
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar, final

import attrs

from ._conditions import check_condition
from ._cycle_columns import CycleColumns
from ._distribution_parts import DurationCounts
from ._durations import parse_duration
from ._measures import (
    DURATION_GOAL,
    UNMEASURED,
    DatasetPart,
    GoalRule,
    Outcome,
    check_name,
    seconds,
    to_metric,
    to_priorities,
)
from ._metric import Metric
from ._percentile import METHOD, to_percentile
from ._ticket_measures import kept_cycles, kept_values
from ._time import duration_us
from .exceptions import AgreementError, DataError, SlaError

if TYPE_CHECKING:
    from ._measures import PeriodBounds, PeriodData
    from ._objective import Objective


def _to_rank(value: Decimal | int | str) -> Decimal:
    """A measure's `percentile`: 0 to 100 (an `AgreementError` naming the field)."""
    try:
        return to_percentile(value, "percentile")
    except SlaError as error:
        raise AgreementError(str(error), field="percentile") from None


class PercentileOfDurations:
    """`from_partial` of a measure whose partial is a `DurationCounts`.

    The value is the nearest-rank percentile of the durations, in seconds; `count`
    is how many there were, `breaches` how many of them would miss the goal on
    their own (as a mean time counts them) and `good` the rest. No durations in a
    period: nothing to measure (no value, neither met nor missed).
    """

    __slots__ = ()

    #: The percentile method, as docs and reports name it: ``"nearest-rank"``.
    method: ClassVar[str] = METHOD
    percentile: Decimal

    def from_partial(
        self,
        partial: DurationCounts,
        period: PeriodBounds,  # noqa: ARG002 - the protocol's signature
        objective: Objective,
    ) -> Outcome:
        """The percentile of the durations, in seconds, against the goal."""
        count = partial.size
        if count == 0:
            return UNMEASURED
        good = partial.count_where(lambda us: objective.is_met(seconds(us)))
        value = seconds(partial.percentile(self.percentile))
        return Outcome(value, count, good, count - good)


@final
@attrs.frozen
class TicketPercentile(PercentileOfDurations):
    """A percentile of the business time of ticket clock cycles stopped in the period.

    "The 95th percentile of resolution time is at most 2 business days" is
    ``TicketPercentile("resolution", 95)`` with ``direction="at_most"`` and a goal
    of ``timedelta(days=2)`` (business time: a tier's calendar counts it). The
    method is nearest rank: the value is the duration at rank ``ceil(p * n /
    100)`` (at least 1) of the period's *n* durations sorted ascending, always one
    of the durations, never an interpolation; so of 20 cycles the 95th percentile
    is the 19th shortest. The value is in seconds.

    Cycles count exactly as in [`MeanTime`][slacore.MeanTime]: a cycle counts in
    the period it stopped in, with its business time (pauses excluded); cycles
    still running count nowhere yet. A period without cycles has nothing to
    measure (no value, neither met nor missed). Of the outcome, `count` is the
    cycles, and `breaches` those whose own time misses the goal.

    Attributes:
        metric: Which clock.
        percentile: The rank, 0 to 100 (0 the shortest, 100 the longest).
        priorities: Only cycles of tickets at these priorities; None counts all.
        policy: Only tickets measured by the policy of this name; None counts all.

    Raises:
        AgreementError: If `percentile` is not a number from 0 to 100 (its
            field is ``percentile``).

    Examples:
        >>> from datetime import timedelta
        >>> import slacore as sla
        >>> p95 = sla.Objective(
        ...     "p95 resolution",
        ...     sla.TicketPercentile("resolution", 95),
        ...     timedelta(hours=16),
        ...     direction="at_most",
        ... )
        >>> p95.measure.percentile, p95.goal
        (Decimal('95'), Decimal('57600'))
    """

    kind: ClassVar[str] = "ticket_percentile"
    reads: ClassVar[DatasetPart] = "tickets"
    goal_rule: ClassVar[GoalRule] = DURATION_GOAL

    metric: Metric = attrs.field(converter=to_metric)
    percentile: Decimal = attrs.field(converter=_to_rank)
    priorities: frozenset[str] | None = attrs.field(
        default=None, converter=to_priorities
    )
    policy: str | None = attrs.field(default=None, kw_only=True, validator=check_name)

    def outcome(self, period: PeriodData, objective: Objective) -> Outcome:
        """The percentile of the business time of the cycles stopped in the period."""
        return self.from_partial(self.partial(period, objective), period, objective)

    def partial(self, period: PeriodData, objective: Objective) -> DurationCounts:  # noqa: ARG002
        """The business times (µs) of the cycles stopped in the period."""
        rows = period.cycles_stopped()
        if isinstance(rows, CycleColumns):
            import numpy as np  # noqa: PLC0415 - only tables come here

            return DurationCounts.of_array(np, kept_values(self, rows))
        return DurationCounts.of(row.elapsed_us for row in kept_cycles(self, rows))  # type: ignore[union-attr]


@final
@attrs.frozen
class WaitPercentile(PercentileOfDurations):
    """A percentile of the waits of answered contacts (e.g. p90 speed of answer).

    "90 % of calls answered within 30 seconds, and the 99th percentile wait at
    most 2 minutes": the second half is ``WaitPercentile(99)`` with
    ``direction="at_most"`` and a goal of ``timedelta(minutes=2)``. Contacts count
    as in [`AverageWait`][slacore.AverageWait]: answered ones, in the period they
    were offered in; abandoned contacts are left out. The method is nearest
    rank, as [`TicketPercentile`][slacore.TicketPercentile] states it; the value
    is in seconds, and a period without answered contacts has nothing to
    measure.

    Attributes:
        percentile: The rank, 0 to 100.
        service: Only contacts of this service (queue); None counts all.

    Raises:
        AgreementError: If `percentile` is not a number from 0 to 100.

    Examples:
        >>> from datetime import timedelta
        >>> import slacore as sla
        >>> sla.Objective(
        ...     "p99 wait",
        ...     sla.WaitPercentile(99),
        ...     timedelta(minutes=2),
        ...     direction="at_most",
        ... ).goal
        Decimal('120')
    """

    kind: ClassVar[str] = "wait_percentile"
    reads: ClassVar[DatasetPart] = "contacts"
    goal_rule: ClassVar[GoalRule] = DURATION_GOAL

    percentile: Decimal = attrs.field(converter=_to_rank)
    service: str | None = attrs.field(default=None, kw_only=True, validator=check_name)

    def outcome(self, period: PeriodData, objective: Objective) -> Outcome:
        """The percentile of the waits of the answered contacts, in seconds."""
        return self.from_partial(self.partial(period, objective), period, objective)

    def partial(self, period: PeriodData, objective: Objective) -> DurationCounts:  # noqa: ARG002
        """The waits (µs) of the answered contacts offered in the period."""
        return DurationCounts.of(
            duration_us(contact.wait, "wait")
            for contact in period.contacts(self.service)
            if contact.answered
        )


def record_duration(record: Any, index: int, field: str) -> int | None:
    """A record's duration `field` in µs: a `timedelta` or a duration's text.

    None when the record has no such field (or it is None). Text is read as
    [`parse_duration`][slacore.parse_duration] reads it (``"4h"``, ``"PT4H"``), as
    the records CSV keeps every extra column as text.

    Raises:
        DataError: If the value is neither, naming ``records[index].field``.
    """
    value = record.get(field)
    if value is None:
        return None
    where = f"records[{index}].{field}"
    if isinstance(value, str):
        with contextlib.suppress(SlaError):  # not a duration: refused below
            value = parse_duration(value)
    if not isinstance(value, timedelta):
        msg = (
            f"{where} must be a duration (a timedelta, or text such as '4h'), got "
            f"{value!r}"
        )
        raise DataError(msg, field=where, index=index)
    return duration_us(value, where)


@final
@attrs.frozen
class RecordPercentile(PercentileOfDurations):
    """A percentile of a duration field of the records in the period.

    "The 95th percentile of ATM transaction time is at most 10 seconds" is
    ``RecordPercentile("duration", 95)`` with ``direction="at_most"`` and a goal
    of ``timedelta(seconds=10)``, over records such as ``{"at": ..., "duration":
    timedelta(seconds=4)}``. A record counts in the period its ``at`` falls in;
    a record whose field is missing or None is left out (not yet known). A value
    is a `timedelta`, or text such as ``"4h"`` (as the records CSV keeps it).
    The method is nearest rank, as [`TicketPercentile`][slacore.TicketPercentile]
    states it; the value is in seconds, and a period without durations has
    nothing to measure.

    Attributes:
        field: The key holding each record's duration.
        percentile: The rank, 0 to 100.
        where: Only records matching this condition.

    Raises:
        AgreementError: If `percentile` is not a number from 0 to 100.

    Examples:
        >>> from datetime import timedelta
        >>> import slacore as sla
        >>> sla.RecordPercentile("duration", "99.9").percentile
        Decimal('99.9')
    """

    kind: ClassVar[str] = "record_percentile"
    reads: ClassVar[DatasetPart] = "records"
    goal_rule: ClassVar[GoalRule] = DURATION_GOAL

    field: str = attrs.field(validator=check_name)
    percentile: Decimal = attrs.field(converter=_to_rank)
    where: Any = attrs.field(default=None, kw_only=True, validator=check_condition)

    def outcome(self, period: PeriodData, objective: Objective) -> Outcome:
        """The percentile of the field's durations, in seconds."""
        return self.from_partial(self.partial(period, objective), period, objective)

    def partial(self, period: PeriodData, objective: Objective) -> DurationCounts:  # noqa: ARG002
        """The durations (µs) of the field in the period's records that have it."""
        found = (
            record_duration(record, i, self.field)
            for i, record in period.records(self.where)
        )
        return DurationCounts.of(us for us in found if us is not None)
