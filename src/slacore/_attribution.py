# Attributing a customer SLA breach to the support groups that held the ticket: how
# much of the breached clock's business time each group held, and which group missed
# its own target first.

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, final

import attrs

from ._groups import GroupHold, measure_groups
from ._policy import clock_cycles
from ._time import ONE_US, to_us

if TYPE_CHECKING:
    from ._calendar import Calendar
    from ._metric import Metric
    from ._policy import Policy
    from ._records import Ticket
    from ._timer import Cycle


@final
@attrs.frozen
class GroupShare:
    """The business time of a breached clock that one group held.

    Attributes:
        group: The group, or None for the time no group held the ticket.
        business_time: The clock's business time (by its own calendar, pauses
            excluded) while the group held the ticket, up to the breach.

    Examples:
        >>> from datetime import timedelta
        >>> GroupShare("L1", timedelta(minutes=12)).business_time.seconds
        720
    """

    group: str | None
    business_time: timedelta


@final
@attrs.frozen(kw_only=True)
class Attribution:
    """One breached customer clock cycle, attributed to the groups that held it.

    The shares split the business time the clock counted from the cycle's start
    to its breach: they add up to the target exactly. `first_missed` is the hold
    whose group missed one of its own targets first, from the cycle's start up
    to the breach; None when every group met its own targets meanwhile (the
    operational targets do not add up to the customer's).

    Attributes:
        ticket_id: The ticket.
        policy: The policy's name.
        metric: The breached clock.
        cycle: The cycle's index among that metric's cycles.
        breached_at: When the customer target ran out.
        shares: Each group's share, in the order the groups first held the
            ticket (None, the unassigned time, where it falls); groups that held
            none of the time are left out.
        first_missed: The first group hold to miss its own target, or None.

    Examples:
        >>> from datetime import datetime, timedelta, timezone
        >>> import slacore as sla
        >>> from slacore._attribution import attribute
        >>> t = datetime(2026, 10, 5, 9, tzinfo=timezone.utc)
        >>> policy = sla.Policy(
        ...     "desk", {"low": sla.Targets(resolution=timedelta(minutes=30))}
        ... )
        >>> events = [
        ...     sla.TicketEvent(t + timedelta(minutes=5), "group", "L1"),
        ...     sla.TicketEvent(t + timedelta(minutes=17), "group", "L2"),
        ... ]
        >>> ticket = sla.Ticket(1, t, "low", events)
        >>> [found] = attribute(policy, ticket, t + timedelta(hours=1))
        >>> [(s.group, s.business_time.seconds // 60) for s in found.shares]
        [(None, 5), ('L1', 12), ('L2', 13)]
    """

    ticket_id: str | int
    policy: str
    metric: Metric
    cycle: int
    breached_at: datetime
    shares: tuple[GroupShare, ...]
    first_missed: GroupHold | None

    def share(self, group: str | None) -> timedelta:
        """The business time `group` held (None: unassigned); zero if none.

        Examples:
            >>> from datetime import datetime, timedelta, timezone
            >>> import slacore as sla
            >>> found = Attribution(
            ...     ticket_id=1,
            ...     policy="desk",
            ...     metric=sla.Metric.RESOLUTION,
            ...     cycle=0,
            ...     breached_at=datetime(2026, 10, 5, tzinfo=timezone.utc),
            ...     shares=(GroupShare("L1", timedelta(minutes=3)),),
            ...     first_missed=None,
            ... )
            >>> found.share("L1"), found.share("L2")
            (datetime.timedelta(seconds=180), datetime.timedelta(0))
        """
        for found in self.shares:
            if found.group == group:
                return found.business_time
        return timedelta(0)


_Owner = tuple[int, int, str | None]  # [start, end) µs and the group holding it


def _owners(holds: tuple[GroupHold, ...], now_us: int) -> list[_Owner]:
    """Who held the ticket when: the holds, the gaps between them unassigned (None)."""
    out: list[_Owner] = []
    before = -(2**63)
    for hold in holds:
        start = to_us(hold.assigned_at, "assigned_at")
        end = now_us if hold.released_at is None else to_us(hold.released_at, "at")
        if start > before:
            out.append((before, start, None))
        out.append((start, end, hold.group))
        before = end
    out.append((before, 2**63, None))
    return out


def _shares(
    calendar: Calendar, cycle: Cycle, until_us: int, owners: list[_Owner]
) -> tuple[GroupShare, ...]:
    """The cycle's business time up to `until_us`, split by who held the ticket."""
    engine = calendar.engine
    found: dict[str | None, int] = {}
    end_us = until_us if cycle.stop is None else min(cycle.stop, until_us)
    for start, until in cycle.running:
        a, b = start, min(end_us if until is None else until, end_us)
        for lo, hi, group in owners:
            x, y = max(a, lo), min(b, hi)
            if x < y:
                found[group] = found.get(group, 0) + engine.position_span(x, y)
    return tuple(GroupShare(group, ONE_US * us) for group, us in found.items() if us)


def attribute(policy: Policy, ticket: Ticket, now: datetime) -> tuple[Attribution, ...]:
    """Each breached customer clock cycle of `ticket` at `now`, by support group.

    One [`Attribution`][slacore.Attribution] per breach of
    [`Policy.measure`][slacore.Policy.measure] (ordered by breach instant): the
    business time of the breached cycle up to its breach, split among the groups
    holding the ticket (by [`Policy.measure_groups`][slacore.Policy.measure_groups])
    while it ran, and the group that missed its own target first.

    Raises:
        DataError: If the policy declares its groups and an event assigns another.
        NaiveDatetimeError: If `now` has no timezone.

    Examples:
        >>> from datetime import datetime, timedelta, timezone
        >>> import slacore as sla
        >>> t = datetime(2026, 10, 5, 9, tzinfo=timezone.utc)
        >>> policy = sla.Policy(
        ...     "desk", {"low": sla.Targets(first_response=timedelta(minutes=10))}
        ... )
        >>> ticket = sla.Ticket(1, t, "low", [sla.TicketEvent(t, "group", "L1")])
        >>> [found] = attribute(policy, ticket, t + timedelta(hours=1))
        >>> found.metric.value, found.share("L1")
        ('first_response', datetime.timedelta(seconds=600))
    """
    measurement = policy.measure(ticket, now)
    breaches = measurement.breaches
    if not breaches:
        return ()
    now_us = to_us(now, "now")
    groups = measure_groups(policy, ticket, now)
    owners = _owners(groups.holds, now_us)
    clocks = {
        metric: (timer, cycles)
        for metric, timer, cycles in clock_cycles(policy, ticket, now)
    }
    out = []
    for breach in breaches:
        timer, cycles = clocks[breach.metric]
        cycle = cycles[breach.cycle]
        breach_us = to_us(breach.breached_at, "breached_at")
        missed = [
            hold
            for hold in groups.holds
            if hold.missed_at is not None
            and cycle.start <= to_us(hold.missed_at, "missed_at") <= breach_us
        ]
        first = min(missed, key=lambda h: to_us(h.missed_at, "missed_at"), default=None)
        out.append(
            Attribution(
                ticket_id=ticket.id,
                policy=policy.name,
                metric=breach.metric,
                cycle=breach.cycle,
                breached_at=breach.breached_at,
                shares=_shares(timer.calendar, cycle, breach_us, owners),
                first_missed=first,
            )
        )
    return tuple(out)
