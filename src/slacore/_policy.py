from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Final, final

import attrs

from ._calendar import ALWAYS, Calendar
from ._conditions import ConditionLike, check_condition, matches
from ._groups import (
    GroupMeasurement,
    GroupTarget,
    check_group_targets,
    measure_groups,
    to_group_targets,
    to_groups,
)
from ._metric import SOLVED, Metric
from ._time import to_us
from ._timer import (
    Action,
    Cycle,
    Timer,
    TimerStatus,
    check_calendar,
    to_fractions,
)
from ._validators import non_negative_duration
from .exceptions import PolicyError

if TYPE_CHECKING:
    from decimal import Decimal
    from zoneinfo import ZoneInfo

    from ._records import Ticket


def _optional_calendar(instance: Any, attribute: Any, value: object) -> None:
    if value is not None:
        check_calendar(instance, attribute, value)


_duration: Final = non_negative_duration(
    PolicyError, "{name} must not be negative, got {value}"
)


@final
@attrs.frozen(kw_only=True)
class Targets:
    """One priority's SLA targets, each None when that metric is not measured.

    Attributes:
        first_response: From creation to the first agent reply.
        next_response: From a customer message to the agent reply that answers it.
        periodic_update: Between agent replies while the ticket is open.
        resolution: From creation to solved, paused in the policy's pause statuses.
        calendar: The hours these targets count in; None means the policy's.

    Examples:
        >>> from datetime import timedelta
        >>> Targets(first_response=timedelta(hours=1)).resolution is None
        True
    """

    first_response: timedelta | None = attrs.field(default=None, validator=_duration)
    next_response: timedelta | None = attrs.field(default=None, validator=_duration)
    periodic_update: timedelta | None = attrs.field(default=None, validator=_duration)
    resolution: timedelta | None = attrs.field(default=None, validator=_duration)
    calendar: Calendar | None = attrs.field(default=None, validator=_optional_calendar)

    def of(self, metric: Metric) -> timedelta | None:
        """The target for `metric`, or None.

        Examples:
            >>> from datetime import timedelta
            >>> Targets(resolution=timedelta(days=1)).of(Metric.RESOLUTION)
            datetime.timedelta(days=1)
        """
        return getattr(self, metric.value)  # type: ignore[no-any-return]


def _to_targets(tiers: Mapping[str, Targets]) -> tuple[tuple[str, Targets], ...]:
    value: object = tiers  # checked at run time too
    if isinstance(value, Mapping):
        pairs = list(value.items())
    elif isinstance(value, tuple) and all(
        isinstance(pair, tuple) and len(pair) == 2 for pair in value
    ):  # the canonical form, as `attrs.evolve` passes it back
        pairs = list(value)
    else:
        msg = f"targets must map priority names to Targets, got {type(value).__name__}"
        raise TypeError(msg)
    out = []
    for name, targets in pairs:
        if not isinstance(name, str) or not name:
            msg = f"priority names must be non-empty strings, got {name!r}"
            raise PolicyError(msg, field="targets")
        if not isinstance(targets, Targets):
            msg = f"targets[{name!r}] must be Targets, got {type(targets).__name__}"
            raise TypeError(msg)
        out.append((name, targets))
    return tuple(out)


def _to_statuses(value: Iterable[str]) -> frozenset[str]:
    if isinstance(value, str):
        return frozenset({value})
    return frozenset(value)


def _to_metrics(value: Iterable[Metric | str]) -> frozenset[Metric]:
    if isinstance(value, str | Metric):  # one metric, like pause_statuses' one status
        value = (value,)
    out = set()
    for item in value:
        try:
            out.add(item if isinstance(item, Metric) else Metric(item))
        except ValueError:
            names = ", ".join(m.value for m in Metric)
            msg = f"unknown metric {item!r} in pauses: expected one of {names}"
            raise PolicyError(msg, field="pauses") from None
    return frozenset(out)


@final
@attrs.frozen
class Breach:
    """One breached cycle of one metric.

    Attributes:
        metric: Which clock breached.
        cycle: The cycle's index among that metric's cycles.
        breached_at: When its target ran out.

    Examples:
        >>> from datetime import datetime, timezone
        >>> Breach(
        ...     Metric.RESOLUTION, 0, datetime(2025, 6, 2, tzinfo=timezone.utc)
        ... ).cycle
        0
    """

    metric: Metric
    cycle: int
    breached_at: datetime


@final
@attrs.frozen(kw_only=True)
class Measurement:
    """Every SLA clock of one ticket under one policy, at one instant.

    ``measurement[Metric.X]`` is the tuple of that metric's cycles (oldest first);
    metrics the policy does not target at the ticket's priority are absent.

    Attributes:
        ticket_id: The ticket measured.
        policy: The policy's name.
        priority: The priority the targets were taken from (the one in force at
            `now`).
        now: The instant measured at.
        cycles: Each targeted metric's cycles.

    Examples:
        >>> from datetime import datetime, timedelta, timezone
        >>> from slacore import Ticket
        >>> t = datetime(2025, 6, 2, 9, tzinfo=timezone.utc)
        >>> policy = Policy(
        ...     "basic", {"normal": Targets(first_response=timedelta(hours=2))}
        ... )
        >>> m = policy.measure(Ticket(1, t, "normal"), t + timedelta(hours=3))
        >>> m.breached, m.current(Metric.FIRST_RESPONSE).breached_at.hour
        (True, 11)
    """

    ticket_id: str | int
    policy: str
    priority: str
    now: datetime
    cycles: tuple[tuple[Metric, tuple[TimerStatus, ...]], ...]

    def __getitem__(self, metric: Metric) -> tuple[TimerStatus, ...]:
        for found, statuses in self.cycles:
            if found is metric:
                return statuses
        msg = f"metric {metric.value!r} is not targeted at priority {self.priority!r}"
        raise KeyError(msg)

    def __contains__(self, metric: object) -> bool:
        return any(found is metric for found, _ in self.cycles)

    @property
    def metrics(self) -> tuple[Metric, ...]:
        """The metrics measured, in the order of `Metric`."""
        return tuple(metric for metric, _ in self.cycles)

    def current(self, metric: Metric) -> TimerStatus | None:
        """The last cycle of `metric`, or None if it is not measured."""
        if metric not in self:
            return None
        return self[metric][-1]

    @property
    def breaches(self) -> tuple[Breach, ...]:
        """Every breached cycle, ordered by when it breached."""
        found = [
            Breach(metric, index, status.breached_at)
            for metric, statuses in self.cycles
            for index, status in enumerate(statuses)
            if status.breached_at is not None
        ]
        return tuple(sorted(found, key=lambda b: to_us(b.breached_at, "breached_at")))

    @property
    def next_due(self) -> datetime | None:
        """The earliest `due_at` of a running cycle, or None.

        It can lie before `now` for a clock that ran out exactly at a closing time
        and breaches when the calendar opens again (see `TimerStatus.due_at`).
        """
        dues = [
            status.due_at
            for _, statuses in self.cycles
            for status in statuses
            if status.due_at is not None
        ]
        return min(dues, key=lambda d: to_us(d, "due_at")) if dues else None

    @property
    def breached(self) -> bool:
        """Whether any cycle of any metric breached."""
        return any(s.breached for _, statuses in self.cycles for s in statuses)


def _policy_error(msg: str, field: str) -> PolicyError:
    return PolicyError(msg, field=field)


def _to_warn_at(value: Iterable[Decimal | int | str]) -> tuple[Decimal, ...]:
    return to_fractions(value, _policy_error)


@final
@attrs.frozen
class Policy:
    """A helpdesk SLA policy: tiered targets per priority, pause statuses, a condition.

    Attributes:
        name: The policy's name.
        targets: Priority name to [`Targets`][slacore.Targets] (tiers: urgent on a
            24/7 calendar, the rest in business hours, for example).
        calendar: The hours targets count in unless a tier names its own.
        pause_statuses: Statuses that pause the clocks in `pauses`.
        pauses: Which metrics the pause statuses pause (resolution by default).
        condition: Which tickets the policy is for; None matches every ticket.
        warn_at: Warning fractions for every clock (see [`Timer`][slacore.Timer]).
        groups: The support groups ``group`` events may assign; empty: any.
            When given, a group target for another group is a `PolicyError` and
            an event assigning another group a `DataError` when measured.
        group_targets: Each group's own targets
            ([`GroupTarget`][slacore.GroupTarget]), measured by
            [`measure_groups`][slacore.Policy.measure_groups].

    Examples:
        >>> from datetime import timedelta
        >>> Policy("support", {"high": Targets(resolution=timedelta(hours=8))}).name
        'support'
    """

    name: str
    targets: tuple[tuple[str, Targets], ...] = attrs.field(converter=_to_targets)
    calendar: Calendar = attrs.field(
        default=ALWAYS, kw_only=True, validator=check_calendar
    )
    pause_statuses: frozenset[str] = attrs.field(
        default=frozenset({"pending", "on-hold"}), converter=_to_statuses, kw_only=True
    )
    pauses: frozenset[Metric] = attrs.field(
        default=frozenset({Metric.RESOLUTION}), converter=_to_metrics, kw_only=True
    )
    condition: ConditionLike | None = attrs.field(
        default=None, validator=check_condition, kw_only=True
    )
    warn_at: tuple[Decimal, ...] = attrs.field(
        default=(), kw_only=True, converter=_to_warn_at
    )
    groups: tuple[str, ...] = attrs.field(default=(), kw_only=True, converter=to_groups)
    group_targets: tuple[GroupTarget, ...] = attrs.field(
        default=(), kw_only=True, converter=to_group_targets
    )
    # Timers per priority, built on first use (a cache, not part of the value).
    _timers: dict[str, tuple[tuple[int, Metric, Timer], ...]] = attrs.field(
        init=False, factory=dict, eq=False, hash=False, repr=False
    )
    # Which clocks the pause statuses hold, in `Metric` order (hashing enums per
    # ticket would be slow).
    _holds: tuple[bool, bool, bool, bool] = attrs.field(
        init=False, eq=False, hash=False, repr=False
    )

    def __attrs_post_init__(self) -> None:
        first, nxt, update, resolution = (metric in self.pauses for metric in Metric)
        object.__setattr__(self, "_holds", (first, nxt, update, resolution))
        check_group_targets(self.groups, self.group_targets)

    def _timers_for(self, priority: str) -> tuple[tuple[int, Metric, Timer], ...]:
        return _tier_timers(self, priority)

    def targets_for(self, priority: str) -> Targets | None:
        """The targets of `priority`, or None if the policy has no tier for it.

        Examples:
            >>> from datetime import timedelta
            >>> p = Policy("p", {"high": Targets(resolution=timedelta(hours=8))})
            >>> p.targets_for("low") is None
            True
        """
        for name, targets in self.targets:
            if name == priority:
                return targets
        return None

    def measure(self, ticket: Ticket, now: datetime) -> Measurement:
        """Every clock of `ticket` at `now`, as a [`Measurement`][slacore.Measurement].

        The targets are those of the priority in force at `now`: a priority change
        re-targets every metric from its original start, with the new tier's target
        and calendar. Events after `now` are ignored.

        Raises:
            NaiveDatetimeError: If `now` has no timezone.

        Examples:
            >>> from datetime import datetime, timedelta, timezone
            >>> from slacore import Ticket, TicketEvent
            >>> t = datetime(2025, 6, 2, 9, tzinfo=timezone.utc)
            >>> p = Policy("p", {"high": Targets(resolution=timedelta(hours=8))})
            >>> ticket = Ticket(
            ...     7,
            ...     t,
            ...     "high",
            ...     [TicketEvent(t + timedelta(hours=1), "status", "solved")],
            ... )
            >>> p.measure(ticket, t + timedelta(days=1)).current(Metric.RESOLUTION).met
            True
        """
        now_us = to_us(now, "now")
        logs, priority = _logs(ticket, now_us, self.pause_statuses, self._holds)
        timers = self._timers.get(priority)
        if timers is None:
            timers = self._timers[priority] = self._timers_for(priority)
        cycles: list[tuple[Metric, tuple[TimerStatus, ...]]] = []
        for index, metric, timer in timers:
            statuses = timer.cycle_statuses(logs[index], now, now_us)
            cycles.append((metric, statuses))
        return Measurement(
            ticket_id=ticket.id,
            policy=self.name,
            priority=priority,
            now=now,
            cycles=tuple(cycles),
        )

    def measure_groups(self, ticket: Ticket, now: datetime) -> GroupMeasurement:
        """Which support groups held `ticket` up to `now`, against their own targets.

        See [`GroupHold`][slacore.GroupHold] for the rules; group events do not
        change the clocks of [`measure`][slacore.Policy.measure].

        Raises:
            DataError: If `groups` is declared and an event assigns another group.

        Examples:
            >>> from datetime import datetime, timedelta, timezone
            >>> from slacore import Ticket, TicketEvent
            >>> t = datetime(2026, 10, 5, 9, tzinfo=timezone.utc)
            >>> ticket = Ticket(1, t, "low", [TicketEvent(t, "group", "L1")])
            >>> Policy("desk", {}).measure_groups(ticket, t).groups
            ('L1',)
        """
        return measure_groups(self, ticket, now)

    def measure_table(
        self,
        events: object,
        *,
        now: datetime,
        progress: Callable[[int, int], object] | bool | None = None,
        tz: str | ZoneInfo | None = None,
    ) -> Any:
        """Every clock of every ticket in a table of ticket events, at `now`.

        [`measure_table`][slacore.measure_table] with this policy alone: the
        tickets its condition excludes are absent. Needs the ``tables`` extra.

        Examples:
            >>> from datetime import datetime, timedelta, timezone
            >>> import numpy as np
            >>> p = Policy("p", {"low": Targets(first_response=timedelta(hours=1))})
            >>> events = {
            ...     "ticket_id": np.array(["T-1"]),
            ...     "at": np.array(["2026-10-05T09:00"], dtype="datetime64[us]"),
            ...     "kind": np.array(["created"]),
            ...     "value": np.array(["low"]),
            ... }
            >>> now = datetime(2026, 10, 5, 11, tzinfo=timezone.utc)
            >>> clocks = p.measure_table(events, now=now)
            >>> clocks["state"].tolist(), clocks["breached"].tolist()
            (['running'], [True])
        """
        from ._table_frame import measure_frame  # noqa: PLC0415 - numpy, lazily

        now_us = to_us(now, "now")
        return measure_frame(
            (self,), events, now_us=now_us, rules=(), progress=progress, tz=tz
        )


def _tier_timers(
    policy: Policy, priority: str
) -> tuple[tuple[int, Metric, Timer], ...]:
    """The timer of each metric `priority`'s tier targets, with its `Metric` index."""
    targets = policy.targets_for(priority)
    if targets is None:
        return ()
    calendar = targets.calendar or policy.calendar
    return tuple(
        (
            index,
            metric,
            Timer(target=target, calendar=calendar, warn_at=policy.warn_at),
        )
        for index, metric in enumerate(Metric)
        if (target := targets.of(metric)) is not None
    )


def clock_cycles(
    policy: Policy, ticket: Ticket, now: datetime
) -> tuple[tuple[Metric, Timer, tuple[Cycle, ...]], ...]:
    """Each targeted metric's timer and cycles at `now` (package-internal).

    What [`Policy.measure`][slacore.Policy.measure] makes its statuses of, for
    callers that read the cycles' running spans (group attribution).
    """
    now_us = to_us(now, "now")
    first, nxt, update, resolution = (metric in policy.pauses for metric in Metric)
    holds = (first, nxt, update, resolution)
    logs, priority = _logs(ticket, now_us, policy.pause_statuses, holds)
    return tuple(
        (metric, timer, tuple(logs[index]))
        for index, metric, timer in _tier_timers(policy, priority)
    )


# -- from a ticket's events to each metric's timer log ---------------------------------


_At = tuple[int, datetime]  # an instant as microseconds, and as given


class _Clock:
    """One metric's cycles being built from the ticket's events, with its state."""

    __slots__ = ("cycles", "paused", "running")

    def __init__(self) -> None:
        self.cycles: list[Cycle] = []
        self.running = False  # started and not stopped
        self.paused = False

    def start(self, at: _At, *, pause: bool) -> None:
        self.cycles.append(Cycle(at[0], at[1]))
        self.running, self.paused = True, False
        if pause:
            self.pause(at)

    def pause(self, at: _At) -> None:
        if self.running and not self.paused:
            self.cycles[-1].apply(Action.PAUSE, at[0], at[1], running=True)
            self.paused = True

    def resume(self, at: _At) -> None:
        if self.running and self.paused:
            self.cycles[-1].apply(Action.RESUME, at[0], at[1], running=False)
            self.paused = False

    def stop(self, at: _At) -> None:
        if self.running:
            self.cycles[-1].apply(Action.STOP, at[0], at[1], running=not self.paused)
            self.running = self.paused = False


def _logs(
    ticket: Ticket,
    now_us: int,
    pause_statuses: frozenset[str],
    holds: tuple[bool, bool, bool, bool],
) -> tuple[tuple[list[Cycle], ...], str]:
    """Each metric's cycles (in `Metric` order) from the ticket's events to `now`.

    *holds* says, in `Metric` order, which clocks the pause statuses hold. Also
    returns the priority in force at `now` (as `Ticket.priority_at`), found on the
    same pass over the events.
    """
    first, nxt, update, resolution = _Clock(), _Clock(), _Clock(), _Clock()
    clocks = tuple(zip((first, nxt, update, resolution), holds, strict=True))
    hold_first, hold_next, hold_update, hold_resolution = holds
    status = "new"
    replied = False  # has an agent replied yet
    solved_at: _At | None = None  # resolution held while solved, for a reopen
    paused = status in pause_statuses  # is the status a pause status

    created_us, stamps = ticket.timeline_us
    if created_us > now_us:  # asked about a time before the ticket existed
        return ([], [], [], []), ticket.priority
    created = (created_us, ticket.created_at)
    priority = ticket.priority
    first.start(created, pause=paused and hold_first)
    resolution.start(created, pause=paused and hold_resolution)
    for event, stamp in zip(ticket.events, stamps, strict=True):
        if stamp > now_us:
            break
        at, kind = (stamp, event.at), event.kind
        if kind == "agent_reply":
            if first.running:
                first.stop(at)
            if nxt.running:
                nxt.stop(at)
            replied = True
            if status not in SOLVED:
                if update.running:
                    update.stop(at)
                update.start(at, pause=paused and hold_update)
        elif kind == "customer_message":
            if replied and not nxt.running and status not in SOLVED:
                nxt.start(at, pause=paused and hold_next)
        elif kind == "priority":
            priority = event.value  # type: ignore[assignment]
        elif kind == "status":
            new = event.value
            assert new is not None  # noqa: S101 - TicketEvent checks it
            if new in SOLVED:
                if status not in SOLVED:
                    solved_at = at
                    for clock in (first, nxt, update):
                        clock.stop(at)
                    # Held, not stopped: a reopen resumes the same clock.
                    resolution.pause(at)
            else:
                if status in SOLVED:  # reopened: the same resolution clock goes on
                    solved_at = None
                status = new
                paused = new in pause_statuses
                for clock, hold in clocks:
                    if not clock.running:
                        continue
                    if paused and hold:
                        clock.pause(at)
                    elif clock.paused:
                        clock.resume(at)
                continue
            status = new
    # A ticket still solved at `now`: its resolution clock stopped when it was solved.
    if solved_at is not None and resolution.running:
        cycle = resolution.cycles[-1]
        solved_us, solved = solved_at
        if cycle.paused[-1] == (solved_us, None) and cycle.running[-1][1] == solved_us:
            cycle.paused.pop()  # not held after all: it stopped when solved
            cycle.stop, cycle.stop_at = solved_us, solved
        else:  # already paused (pending) when solved: a STOP while paused
            cycle.apply(Action.STOP, solved_us, solved, running=False)
    return (first.cycles, nxt.cycles, update.cycles, resolution.cycles), priority


# -- choosing policies and priorities -------------------------------------------------


def select_policy(policies: Iterable[Policy], ticket: Ticket) -> Policy | None:
    """The first policy whose condition matches `ticket` (ordered, like Zendesk).

    A policy without a condition matches every ticket and is meant to come last.

    Examples:
        >>> from datetime import datetime, timedelta, timezone
        >>> from slacore import Equals, Ticket
        >>> t = datetime(2025, 6, 2, 9, tzinfo=timezone.utc)
        >>> vip = Policy("vip", {}, condition=Equals("plan", "gold"))
        >>> rest = Policy("standard", {})
        >>> select_policy(
        ...     [vip, rest], Ticket(1, t, "low", fields={"plan": "gold"})
        ... ).name
        'vip'
    """
    for policy in policies:
        if matches(policy.condition, ticket):
            return policy
    return None


def _rule_priority(_instance: Any, _attribute: Any, value: str) -> None:
    raw: object = value  # checked at run time too
    if not isinstance(raw, str):
        msg = f"priority must be a str, got {type(raw).__name__}"
        raise TypeError(msg)
    if not raw:
        msg = "a priority rule needs the priority it sets, got ''"
        raise PolicyError(msg, field="priority")


@final
@attrs.frozen
class PriorityRule:
    """Give matching tickets a priority (any ticket from the CEO's office is urgent).

    Attributes:
        condition: Which tickets the rule is for.
        priority: The priority they get.

    Examples:
        >>> from slacore import Equals, Ticket
        >>> PriorityRule(Equals("organisation", "CEO office"), "urgent").priority
        'urgent'
    """

    condition: ConditionLike = attrs.field(validator=check_condition)
    priority: str = attrs.field(validator=_rule_priority)


def apply_priority_rules(rules: Iterable[PriorityRule], ticket: Ticket) -> Ticket:
    """`ticket` with the priority of the first matching rule (unchanged if none).

    Examples:
        >>> from datetime import datetime, timezone
        >>> from slacore import HasTag, Ticket
        >>> t = datetime(2025, 6, 2, 9, tzinfo=timezone.utc)
        >>> rules = [PriorityRule(HasTag("outage"), "urgent")]
        >>> apply_priority_rules(
        ...     rules, Ticket(1, t, "low", fields={"tags": ["outage"]})
        ... ).priority
        'urgent'
    """
    for rule in rules:
        if matches(rule.condition, ticket):
            if rule.priority == ticket.priority:
                return ticket
            return attrs.evolve(ticket, priority=rule.priority)
    return ticket


def measure_many(
    policies: Iterable[Policy], tickets: Iterable[Ticket], now: datetime
) -> Iterator[tuple[Ticket, Measurement | None]]:
    """Measure tickets lazily, each under the policy `select_policy` chooses.

    Returns a generator: tickets are read one at a time, so memory stays constant
    however many there are. It yields ``(ticket, measurement)``, with None for a
    ticket no policy matches. `now` is checked at once, not at the first ticket.

    Raises:
        NaiveDatetimeError: If `now` has no timezone.

    Examples:
        >>> from datetime import datetime, timedelta, timezone
        >>> from slacore import Ticket
        >>> t = datetime(2025, 6, 2, 9, tzinfo=timezone.utc)
        >>> p = Policy("p", {"low": Targets(first_response=timedelta(hours=1))})
        >>> [m.breached for _, m in measure_many([p], [Ticket(1, t, "low")], t)]
        [False]
    """
    to_us(now, "now")
    return _measure_many(tuple(policies), tickets, now)


def _measure_many(
    policies: tuple[Policy, ...], tickets: Iterable[Ticket], now: datetime
) -> Iterator[tuple[Ticket, Measurement | None]]:
    for ticket in tickets:
        policy = select_policy(policies, ticket)
        yield ticket, None if policy is None else policy.measure(ticket, now)
