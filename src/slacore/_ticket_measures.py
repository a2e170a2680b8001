# Measures of helpdesk tickets: attainment of a clock and the mean time of its cycles.

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, final

import attrs

from ._cycle_columns import CycleColumns
from ._measures import (
    DURATION_GOAL,
    PERCENT_GOAL,
    CycleOutcome,
    CycleStop,
    DatasetPart,
    GoalRule,
    GoodOverCount,
    MeanOfDurations,
    Outcome,
    check_name,
    seconds,
    to_metric,
    to_priorities,
)
from ._metric import Metric
from ._parts import Sums

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ._measures import PeriodData
    from ._objective import Objective


class CycleFilter(Protocol):
    """What a ticket measure keeps: cycles of a metric, priorities and policy."""

    @property
    def metric(self) -> Metric:
        """Which clock."""

    @property
    def priorities(self) -> frozenset[str] | None:
        """Only tickets at these priorities; None keeps all."""

    @property
    def policy(self) -> str | None:
        """Only tickets measured by this policy; None keeps all."""


def keeps(measure: CycleFilter, row: CycleOutcome | CycleStop) -> bool:
    """Whether a cycle is of the measure's metric, priorities and policy."""
    priorities = measure.priorities
    return (
        row.metric is measure.metric
        and (priorities is None or row.priority in priorities)
        and (measure.policy is None or row.policy == measure.policy)
    )


def kept_cycles(
    measure: CycleFilter, rows: Sequence[CycleOutcome | CycleStop]
) -> Iterator[CycleOutcome | CycleStop]:
    """The cycles of the measure's metric, priorities and policy."""
    return (row for row in rows if keeps(measure, row))


def kept_values(measure: CycleFilter, rows: CycleColumns[Any]) -> Any:
    """`kept_cycles` on columns: the kept cycles' values (met, or elapsed µs)."""
    return rows.value[rows.select(measure.metric, measure.priorities, measure.policy)]


def count_met(objective: Objective, elapsed: Any) -> int:
    """How many of the elapsed µs values meet the objective's goal.

    `is_met` is monotone in the value (``<=`` or ``>=`` a goal), so on the
    sorted distinct values the met ones are a prefix or a suffix: a binary
    search asks `is_met` itself, O(log n) times.
    """
    import numpy as np  # noqa: PLC0415 - only tables come here

    if not len(elapsed):
        return 0
    values = np.sort(elapsed)
    met_first = objective.is_met(seconds(int(values[0])))
    met_last = objective.is_met(seconds(int(values[-1])))
    if met_first == met_last:
        return len(values) if met_first else 0
    lo, hi = 0, len(values) - 1  # is_met(values[lo]) == met_first != is_met(hi)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if objective.is_met(seconds(int(values[mid]))) == met_first:
            lo = mid
        else:
            hi = mid
    return hi if met_first else len(values) - hi


def sum_us(np: Any, values: Any) -> int:
    """The exact sum of int64 µs (summed as seconds and remainders: no overflow)."""
    whole, part = np.divmod(values, 1_000_000)
    return int(whole.sum()) * 1_000_000 + int(part.sum())


@final
@attrs.frozen
class TicketAttainment(GoodOverCount):
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
    reads: ClassVar[DatasetPart] = "tickets"
    goal_rule: ClassVar[GoalRule] = PERCENT_GOAL

    metric: Metric = attrs.field(converter=to_metric)
    priorities: frozenset[str] | None = attrs.field(
        default=None, converter=to_priorities
    )
    policy: str | None = attrs.field(default=None, kw_only=True, validator=check_name)

    def outcome(self, period: PeriodData, objective: Objective) -> Outcome:
        """Cycles met over cycles decided in the period, as a percent."""
        return self.from_partial(self.partial(period, objective), period, objective)

    def partial(self, period: PeriodData, objective: Objective) -> Sums:  # noqa: ARG002
        """The cycles met and the cycles decided in the period."""
        rows = period.cycles_decided()
        if isinstance(rows, CycleColumns):
            met = kept_values(self, rows)
            return Sums((int(met.sum()), len(met)))
        good = count = 0
        for row in kept_cycles(self, rows):
            count += 1
            good += row.met  # type: ignore[union-attr]
        return Sums((good, count))


@final
@attrs.frozen
class MeanTime(MeanOfDurations):
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
    reads: ClassVar[DatasetPart] = "tickets"
    goal_rule: ClassVar[GoalRule] = DURATION_GOAL

    metric: Metric = attrs.field(converter=to_metric)
    priorities: frozenset[str] | None = attrs.field(
        default=None, converter=to_priorities
    )
    policy: str | None = attrs.field(default=None, kw_only=True, validator=check_name)

    def outcome(self, period: PeriodData, objective: Objective) -> Outcome:
        """The mean business time of the cycles that stopped in the period."""
        return self.from_partial(self.partial(period, objective), period, objective)

    def partial(self, period: PeriodData, objective: Objective) -> Sums:
        """Cycles stopped in the period, their time (µs), and those off the goal."""
        rows = period.cycles_stopped()
        if isinstance(rows, CycleColumns):
            import numpy as np  # noqa: PLC0415 - only tables come here

            kept = kept_values(self, rows)
            count = len(kept)
            wrong = count - count_met(objective, kept)
            return Sums((count, sum_us(np, kept), wrong))
        total = count = wrong = 0
        for row in kept_cycles(self, rows):
            elapsed: int = row.elapsed_us  # type: ignore[union-attr]
            count += 1
            total += elapsed
            wrong += not objective.is_met(seconds(elapsed))
        return Sums((count, total, wrong))
