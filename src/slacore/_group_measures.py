# Operational level objectives: the attainment of a support group's own targets over a
# reporting period (`GroupAttainment`), and the group clock outcomes it counts, read
# from a dataset's tickets by each ticket's policy.

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple, final

import attrs

from ._groups import GroupMetric
from ._measures import (
    PERCENT_GOAL,
    DatasetPart,
    GoalRule,
    GoodOverCount,
    Outcome,
    check_name,
    to_priorities,
)
from ._parts import Sums
from ._policy import select_policy
from ._time import to_us
from ._timer import TimerState
from ._validators import enum_value, text
from .exceptions import AgreementError

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import datetime

    from ._measures import PeriodData
    from ._objective import Objective
    from ._policy import Policy
    from ._records import Ticket


class GroupOutcome(NamedTuple):
    """A group hold clock whose outcome is known: breached, or stopped in time.

    It counts at its breach instant if it breached, else at its stop instant.
    """

    group: str
    metric: GroupMetric
    priority: str
    policy: str
    met: bool


def group_outcomes(
    policies: Iterable[Policy], tickets: Iterable[Ticket], now: datetime
) -> tuple[list[int], list[GroupOutcome]]:
    """Every decided group clock of `tickets`, sorted by the instant it counts at.

    Each ticket is measured by the first policy whose condition matches it
    ([`Policy.measure_groups`][slacore.Policy.measure_groups]), at `now`;
    policies without group targets decide nothing. A table of tickets is read
    through its `Ticket` objects.
    """
    chosen = tuple(policies)
    stamps: list[int] = []
    rows: list[GroupOutcome] = []
    for ticket in tickets:
        policy = select_policy(chosen, ticket)
        if policy is None or not policy.group_targets:
            continue
        found = policy.measure_groups(ticket, now)
        for hold in found.holds:
            for metric in GroupMetric:
                status = hold.status(metric)
                if status is None:
                    continue
                if status.breached_at is not None:
                    at, met = status.breached_at, False
                elif status.state is TimerState.STOPPED and status.stopped_at:
                    at, met = status.stopped_at, True
                else:
                    continue
                stamps.append(to_us(at, "at"))
                rows.append(
                    GroupOutcome(hold.group, metric, found.priority, policy.name, met)
                )
    order = sorted(range(len(rows)), key=stamps.__getitem__)
    return [stamps[i] for i in order], [rows[i] for i in order]


def check_group_objective(
    objective: Objective, policies: Iterable[Policy], where: str
) -> None:
    """Refuse a group objective whose group no (named) policy has a target for.

    Raises:
        AgreementError: Naming ``objectives[i].measure.group``.
    """
    measure = objective.measure
    if not isinstance(measure, GroupAttainment):
        return
    for policy in policies:
        if measure.policy is not None and policy.name != measure.policy:
            continue
        if any(target.group == measure.group for target in policy.group_targets):
            return
    msg = (
        f"objective {objective.name!r} measures group {measure.group!r}, which "
        "no policy has a group target for"
    )
    raise AgreementError(msg, field=f"{where}.measure.group")


def _to_group_metric(value: GroupMetric | str) -> GroupMetric:
    return enum_value(GroupMetric, "metric", value, AgreementError, fold_case=False)


_check_group: Any = text(
    AgreementError, "{name} must be a non-empty name, got {value!r}"
)


@final
@attrs.frozen
class GroupAttainment(GoodOverCount):
    """Percent of a support group's own clocks met: an OLA objective.

    ``GroupAttainment("L1")`` with a goal of 95 reads "tier 1 solves or reassigns
    95 % of its tickets within its hold target". A group clock (see
    [`GroupHold`][slacore.GroupHold]) counts in the period its outcome falls in:
    the instant it breached if it breached (even while the group still holds the
    ticket), else the instant it stopped; clocks still running and not yet
    breached count nowhere yet. Tickets are measured by the agreement's policies
    (the first whose condition matches), as of the report's `now`; the group's
    targets are those of its policy's [`GroupTarget`][slacore.GroupTarget]s.

    Attributes:
        group: The support group.
        metric: Which of its clocks: ``"hold"`` (assignment to reassignment or
            solve) or ``"first_reply"``.
        priorities: Only clocks of tickets at these priorities (the priority in
            force at `now`); None counts every priority.
        policy: Only tickets measured by the policy of this name; None counts all.

    Examples:
        >>> import slacore as sla
        >>> ola = sla.Objective("L1 hands on in time", GroupAttainment("L1"), 95)
        >>> ola.measure.metric.value, ola.goal
        ('hold', Decimal('95'))
    """

    kind: ClassVar[str] = "group_attainment"
    reads: ClassVar[DatasetPart] = "tickets"
    goal_rule: ClassVar[GoalRule] = PERCENT_GOAL

    group: str = attrs.field(validator=_check_group)
    metric: GroupMetric = attrs.field(
        default=GroupMetric.HOLD, converter=_to_group_metric
    )
    priorities: frozenset[str] | None = attrs.field(
        default=None, converter=to_priorities
    )
    policy: str | None = attrs.field(default=None, kw_only=True, validator=check_name)

    def keeps(self, row: GroupOutcome) -> bool:
        """Whether a group clock outcome is of this measure's group and filters."""
        priorities = self.priorities
        return (
            row.group == self.group
            and row.metric is self.metric
            and (priorities is None or row.priority in priorities)
            and (self.policy is None or row.policy == self.policy)
        )

    def outcome(self, period: PeriodData, objective: Objective) -> Outcome:
        """The group's clocks met over those decided in the period, as a percent."""
        return self.from_partial(self.partial(period, objective), period, objective)

    def partial(self, period: PeriodData, objective: Objective) -> Sums:  # noqa: ARG002
        """The group's clocks met and decided in the period."""
        good = count = 0
        for row in period.group_holds_decided():
            if self.keeps(row):
                count += 1
                good += row.met
        return Sums((good, count))
