# Measures of helpdesk tickets: attainment of a clock and the mean time of its cycles.

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar, final

import attrs

from ._measures import (
    DURATION_GOAL,
    PERCENT_GOAL,
    CycleOutcome,
    CycleStop,
    DatasetPart,
    GoalRule,
    Outcome,
    check_name,
    mean_outcome,
    ratio_outcome,
    seconds,
    to_metric,
    to_priorities,
)
from ._policy import Metric

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ._measures import PeriodData
    from ._objective import Objective


def _kept(
    measure: TicketAttainment | MeanTime, rows: Sequence[CycleOutcome | CycleStop]
) -> Iterator[CycleOutcome | CycleStop]:
    """The cycles of the measure's metric, priorities and policy."""
    priorities = measure.priorities
    for row in rows:
        if row.metric is not measure.metric:
            continue
        if priorities is not None and row.priority not in priorities:
            continue
        if measure.policy is not None and row.policy != measure.policy:
            continue
        yield row


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
    reads: ClassVar[DatasetPart] = "tickets"
    goal_rule: ClassVar[GoalRule] = PERCENT_GOAL

    metric: Metric = attrs.field(converter=to_metric)
    priorities: frozenset[str] | None = attrs.field(
        default=None, converter=to_priorities
    )
    policy: str | None = attrs.field(default=None, kw_only=True, validator=check_name)

    def outcome(self, period: PeriodData, objective: Objective) -> Outcome:  # noqa: ARG002
        """Cycles met over cycles decided in the period, as a percent."""
        good = count = 0
        for row in _kept(self, period.cycles_decided()):
            count += 1
            good += row.met  # type: ignore[union-attr]
        return ratio_outcome(good, count, count - good)


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
    reads: ClassVar[DatasetPart] = "tickets"
    goal_rule: ClassVar[GoalRule] = DURATION_GOAL

    metric: Metric = attrs.field(converter=to_metric)
    priorities: frozenset[str] | None = attrs.field(
        default=None, converter=to_priorities
    )
    policy: str | None = attrs.field(default=None, kw_only=True, validator=check_name)

    def outcome(self, period: PeriodData, objective: Objective) -> Outcome:
        """The mean business time of the cycles that stopped in the period."""
        total = count = wrong = 0
        for row in _kept(self, period.cycles_stopped()):
            elapsed: int = row.elapsed_us  # type: ignore[union-attr]
            count += 1
            total += elapsed
            wrong += not objective.is_met(seconds(elapsed))
        return mean_outcome(total, count, wrong)
