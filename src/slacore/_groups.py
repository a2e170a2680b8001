# Support tiers: which group held a ticket, for how long, and whether each group met
# its own targets (group SLAs, operational level agreements). A policy holds the
# group targets (`GroupTarget`); `measure_groups` reads a ticket's `group` events into
# holds, each with its own clocks, measured by the `Timer` rule in the group's own
# calendar.

from __future__ import annotations

import enum
from datetime import datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Final, final

import attrs

from ._metric import SOLVED
from ._time import ONE_US, to_us
from ._timer import Action, Cycle, Timer, TimerStatus, check_calendar
from ._validators import non_negative_duration, text
from .exceptions import DataError, PolicyError

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ._calendar import Calendar
    from ._policy import Policy
    from ._records import Ticket

REASSIGNED: Final = "reassigned"
"""`GroupHold.release` of a hold that ended because another group took the ticket."""
SOLVED_RELEASE: Final = "solved"
"""`GroupHold.release` of a hold that ended because the ticket was solved."""


@final
class GroupMetric(enum.Enum):
    """The clocks of a group's hold on a ticket.

    ``HOLD``: from the group's assignment until the ticket is reassigned to
    another group or solved (Zendesk's group ownership time). ``FIRST_REPLY``:
    from the assignment until the first agent reply while the group holds the
    ticket.

    Examples:
        >>> GroupMetric("hold")
        <GroupMetric.HOLD: 'hold'>
    """

    HOLD = "hold"
    FIRST_REPLY = "first_reply"


_duration: Final = non_negative_duration(
    PolicyError, "{name} must not be negative, got {value}"
)
_group_name: Final = text(PolicyError, "{name} must be a non-empty name, got {value!r}")
_optional_name: Final = text(
    PolicyError, "{name} must be a non-empty name, got {value!r}", optional=True
)
_PAUSABLE: Final = tuple(metric.value for metric in GroupMetric)


def _optional_calendar(instance: Any, attribute: Any, value: object) -> None:
    if value is not None:
        check_calendar(instance, attribute, value)


def _to_pauses(value: Iterable[GroupMetric | str]) -> frozenset[str]:
    items = (value,) if isinstance(value, str | GroupMetric) else tuple(value)
    out = set()
    for item in items:
        name = item.value if isinstance(item, GroupMetric) else item
        if name not in _PAUSABLE:
            names = ", ".join(_PAUSABLE)
            msg = f"unknown group clock {item!r} in pauses: expected one of {names}"
            raise PolicyError(msg, field="pauses")
        out.add(name)
    return frozenset(out)


@final
@attrs.frozen
class GroupTarget:
    """One support group's own targets (a group SLA, an OLA), inside a policy.

    Attributes:
        group: The group's name, as ``group`` events assign it.
        hold: The business time the group may hold the ticket: from its
            assignment until it reassigns the ticket to another group or solves
            it ("tier 1 solves or reassigns within 10 minutes"). None: not
            targeted.
        first_reply: The business time from the assignment to the first agent
            reply while the group holds the ticket. None: not targeted.
        calendar: The group's own hours; None means the policy's calendar.
        priority: The priority this target is for (the priority in force at the
            instant measured); None: every priority without a target of its own.
        pauses: Which of the group's clocks (``"hold"``, ``"first_reply"``) the
            policy's pause statuses pause; none by default, as Zendesk's
            ownership time counts on while the ticket is pending.

    Raises:
        PolicyError: If a duration is negative, a name empty, or `pauses` names
            an unknown clock.

    Examples:
        >>> from datetime import timedelta
        >>> l1 = GroupTarget("L1", hold=timedelta(minutes=10))
        >>> l1.group, l1.hold, l1.first_reply
        ('L1', datetime.timedelta(seconds=600), None)
    """

    group: str = attrs.field(validator=_group_name)
    hold: timedelta | None = attrs.field(
        default=None, kw_only=True, validator=_duration
    )
    first_reply: timedelta | None = attrs.field(
        default=None, kw_only=True, validator=_duration
    )
    calendar: Calendar | None = attrs.field(
        default=None, kw_only=True, validator=_optional_calendar
    )
    priority: str | None = attrs.field(
        default=None, kw_only=True, validator=_optional_name
    )
    pauses: frozenset[str] = attrs.field(
        default=frozenset(), kw_only=True, converter=_to_pauses
    )

    def of(self, metric: GroupMetric) -> timedelta | None:
        """The target of `metric`, or None.

        Examples:
            >>> from datetime import timedelta
            >>> GroupTarget("L2", first_reply=timedelta(hours=1)).of(
            ...     GroupMetric.FIRST_REPLY
            ... )
            datetime.timedelta(seconds=3600)
        """
        return self.hold if metric is GroupMetric.HOLD else self.first_reply


# -- the policy's group fields ---------------------------------------------------------


def to_groups(value: Iterable[str]) -> tuple[str, ...]:
    """The policy's declared groups, checked: non-empty names, each once."""
    items: tuple[object, ...] = (value,) if isinstance(value, str) else tuple(value)
    seen: dict[str, int] = {}
    for index, name in enumerate(items):
        if not isinstance(name, str):
            msg = f"groups[{index}] must be a str, got {type(name).__name__}"
            raise TypeError(msg)
        if not name.strip():
            msg = f"groups[{index}] must be a non-empty name, got {name!r}"
            raise PolicyError(msg, field=f"groups[{index}]")
        if name in seen:
            msg = (
                f"groups[{index}] names {name!r} again (first at groups[{seen[name]}])"
            )
            raise PolicyError(msg, field=f"groups[{index}]")
        seen[name] = index
    return items  # type: ignore[return-value]


def to_group_targets(value: Iterable[GroupTarget]) -> tuple[GroupTarget, ...]:
    """The policy's group targets as a tuple, each a `GroupTarget`."""
    items: tuple[object, ...] = tuple(value)
    for index, item in enumerate(items):
        if not isinstance(item, GroupTarget):
            msg = (
                f"group_targets[{index}] must be a GroupTarget, "
                f"got {type(item).__name__}"
            )
            raise TypeError(msg)
    return items  # type: ignore[return-value]


def check_group_targets(
    groups: tuple[str, ...], targets: tuple[GroupTarget, ...]
) -> None:
    """Refuse a target for a group `groups` does not name, and a second target.

    Raises:
        PolicyError: Naming the target's place (``group_targets[1].group``).
    """
    seen: dict[tuple[str, str | None], int] = {}
    for index, target in enumerate(targets):
        if groups and target.group not in groups:
            msg = (
                f"group_targets[{index}] is for group {target.group!r}, which the "
                f"policy's groups do not name (groups: {', '.join(groups)})"
            )
            raise PolicyError(msg, field=f"group_targets[{index}].group")
        key = (target.group, target.priority)
        if key in seen:
            which = "every priority" if target.priority is None else target.priority
            msg = (
                f"group_targets[{index}] is a second target for group "
                f"{target.group!r} at {which} (the first is group_targets"
                f"[{seen[key]}])"
            )
            raise PolicyError(msg, field=f"group_targets[{index}]")
        seen[key] = index


def target_of(policy: Policy, group: str, priority: str) -> GroupTarget | None:
    """The group's target at `priority`: its own, else its any-priority one."""
    fallback = None
    for target in policy.group_targets:
        if target.group != group:
            continue
        if target.priority == priority:
            return target
        if target.priority is None:
            fallback = target
    return fallback


# -- what measuring gives -------------------------------------------------------------


@final
@attrs.frozen(kw_only=True)
class GroupHold:
    """One stretch of a ticket held by one group, with the group's own clocks.

    A hold begins when a ``group`` event assigns the group and ends when another
    group is assigned (`release` ``"reassigned"``) or the ticket is solved
    (``"solved"``); reopening a solved ticket begins a new hold for the group
    holding it, and so does assigning a group back: each hold has its full
    targets (Zendesk's and ServiceNow's rule).

    Attributes:
        group: The group.
        index: The hold's position among the ticket's holds (0 first).
        assigned_at: When the hold began.
        released_at: When it ended; None while the group holds the ticket.
        release: ``"reassigned"``, ``"solved"``, or None while held.
        held_for: The business time held, by the group's calendar (the group
            target's, else the policy's), pauses excluded when the target
            pauses its hold clock.
        target: The hold target, or None.
        hold: The hold clock's status, None without a hold target.
        first_reply_target: The first-reply target, or None.
        first_reply: The first-reply clock's status, None without a target.

    Examples:
        >>> from datetime import datetime, timedelta, timezone
        >>> from slacore import Policy, Ticket, TicketEvent
        >>> t = datetime(2026, 10, 5, 9, tzinfo=timezone.utc)
        >>> policy = Policy(
        ...     "desk",
        ...     {},
        ...     group_targets=[GroupTarget("L1", hold=timedelta(minutes=10))],
        ... )
        >>> ticket = Ticket(1, t, "normal", [TicketEvent(t, "group", "L1")])
        >>> [hold] = policy.measure_groups(ticket, t + timedelta(minutes=12)).holds
        >>> hold.held_for, hold.breached_at.minute, hold.met
        (datetime.timedelta(seconds=720), 10, None)
    """

    group: str
    index: int
    assigned_at: datetime
    released_at: datetime | None
    release: str | None
    held_for: timedelta
    target: timedelta | None
    hold: TimerStatus | None
    first_reply_target: timedelta | None
    first_reply: TimerStatus | None

    @property
    def met(self) -> bool | None:
        """The hold clock's `met`: None while held or without a hold target."""
        return None if self.hold is None else self.hold.met

    @property
    def breached_at(self) -> datetime | None:
        """When the hold target ran out, or None."""
        return None if self.hold is None else self.hold.breached_at

    def status(self, metric: GroupMetric) -> TimerStatus | None:
        """The status of one of the hold's clocks, None if it has no target.

        Examples:
            >>> from datetime import datetime, timedelta, timezone
            >>> from slacore import Policy, Ticket, TicketEvent
            >>> t = datetime(2026, 10, 5, 9, tzinfo=timezone.utc)
            >>> target = GroupTarget("L1", first_reply=timedelta(minutes=5))
            >>> policy = Policy("desk", {}, group_targets=[target])
            >>> events = [
            ...     TicketEvent(t, "group", "L1"),
            ...     TicketEvent(t + timedelta(minutes=3), "agent_reply"),
            ... ]
            >>> [hold] = policy.measure_groups(Ticket(1, t, "low", events), t).holds
            >>> hold.status(GroupMetric.FIRST_REPLY).state.value
            'running'
        """
        return self.hold if metric is GroupMetric.HOLD else self.first_reply

    @property
    def missed_at(self) -> datetime | None:
        """When the first of the group's own targets ran out, or None."""
        found = [
            status.breached_at
            for status in (self.hold, self.first_reply)
            if status is not None and status.breached_at is not None
        ]
        return min(found, key=lambda at: to_us(at, "breached_at")) if found else None


@final
@attrs.frozen(kw_only=True)
class GroupMeasurement:
    """Every group hold of one ticket under one policy, at one instant.

    Attributes:
        ticket_id: The ticket measured.
        policy: The policy's name.
        priority: The priority the group targets were taken from (the one in
            force at `now`).
        now: The instant measured at.
        holds: The holds, oldest first.

    Examples:
        >>> from datetime import datetime, timedelta, timezone
        >>> from slacore import Policy, Ticket, TicketEvent
        >>> t = datetime(2026, 10, 5, 9, tzinfo=timezone.utc)
        >>> events = [
        ...     TicketEvent(t, "group", "L1"),
        ...     TicketEvent(t + timedelta(minutes=12), "group", "L2"),
        ... ]
        >>> m = Policy("desk", {}).measure_groups(
        ...     Ticket(1, t, "low", events), t + timedelta(hours=1)
        ... )
        >>> m.groups, m.held_for("L1").seconds, m.held_for("L2").seconds
        (('L1', 'L2'), 720, 2880)
    """

    ticket_id: str | int
    policy: str
    priority: str
    now: datetime
    holds: tuple[GroupHold, ...]

    @property
    def groups(self) -> tuple[str, ...]:
        """The groups that held the ticket, in the order of their first hold."""
        return tuple(dict.fromkeys(hold.group for hold in self.holds))

    def of(self, group: str) -> tuple[GroupHold, ...]:
        """The holds of `group`, oldest first."""
        return tuple(hold for hold in self.holds if hold.group == group)

    def held_for(self, group: str) -> timedelta:
        """The business time `group` held the ticket, over all its holds."""
        return sum((hold.held_for for hold in self.of(group)), timedelta(0))

    @property
    def first_missed(self) -> GroupHold | None:
        """The hold whose group missed its own target first, or None."""
        missed = [hold for hold in self.holds if hold.missed_at is not None]
        if not missed:
            return None
        return min(missed, key=lambda hold: to_us(hold.missed_at, "missed_at"))

    @property
    def breached(self) -> bool:
        """Whether any group missed any of its own targets."""
        return any(hold.missed_at is not None for hold in self.holds)


# -- measuring ------------------------------------------------------------------------


_At = tuple[int, datetime]


class _Clock:
    """One clock of a hold: a `Cycle` and whether it runs or is paused."""

    __slots__ = ("cycle", "pausable", "paused", "running")

    def __init__(self, at: _At, *, pausable: bool, paused: bool) -> None:
        self.cycle = Cycle(at[0], at[1])
        self.pausable = pausable
        self.running, self.paused = True, False
        if paused:
            self.hold_still(at, paused=True)

    def hold_still(self, at: _At, *, paused: bool) -> None:
        """Pause (when the status pauses this clock) or resume."""
        if not self.running:
            return
        if paused and self.pausable and not self.paused:
            self.cycle.apply(Action.PAUSE, at[0], at[1], running=True)
            self.paused = True
        elif not paused and self.paused:
            self.cycle.apply(Action.RESUME, at[0], at[1], running=False)
            self.paused = False

    def stop(self, at: _At) -> None:
        if self.running:
            self.cycle.apply(Action.STOP, at[0], at[1], running=not self.paused)
            self.running = self.paused = False


class _Open:
    """A hold being read: its group, target and clocks."""

    __slots__ = ("assigned", "group", "hold", "release", "released", "reply", "target")

    def __init__(
        self, group: str, target: GroupTarget | None, at: _At, *, paused: bool
    ) -> None:
        self.group, self.target, self.assigned = group, target, at
        pauses = frozenset() if target is None else target.pauses
        self.hold = _Clock(at, pausable="hold" in pauses, paused=paused)
        self.reply = None
        if target is not None and target.first_reply is not None:
            self.reply = _Clock(at, pausable="first_reply" in pauses, paused=paused)
        self.released: _At | None = None
        self.release: str | None = None

    def clocks(self) -> tuple[_Clock, ...]:
        return (self.hold,) if self.reply is None else (self.hold, self.reply)

    def close(self, at: _At, release: str) -> None:
        for clock in self.clocks():
            clock.stop(at)
        self.released, self.release = at, release


def _unknown_group(policy: Policy, ticket: Ticket, index: int, group: str) -> DataError:
    msg = (
        f"ticket {ticket.id!r}: event {index} assigns group {group!r}, which policy "
        f"{policy.name!r} does not name (groups: {', '.join(policy.groups)})"
    )
    return DataError(msg, field=f"events[{index}].value", index=index)


def read_holds(
    policy: Policy, ticket: Ticket, now_us: int, priority: str
) -> list[_Open]:
    """The ticket's holds up to `now`, read from its events."""
    created_us, stamps = ticket.timeline_us
    if created_us > now_us:
        return []
    pause_statuses = policy.pause_statuses
    declared = frozenset(policy.groups)
    status = "new"
    current: str | None = None
    held: _Open | None = None
    out: list[_Open] = []
    for index, (event, stamp) in enumerate(zip(ticket.events, stamps, strict=True)):
        if stamp > now_us:
            break
        at, kind = (stamp, event.at), event.kind
        if kind == "group":
            group: str = event.value  # type: ignore[assignment]
            if declared and group not in declared:
                raise _unknown_group(policy, ticket, index, group)
            if group == current:
                continue  # assigned again: not a reassignment
            if held is not None:
                held.close(at, REASSIGNED)
                held = None
            current = group
            if status not in SOLVED:
                target = target_of(policy, group, priority)
                held = _Open(group, target, at, paused=status in pause_statuses)
                out.append(held)
        elif kind == "agent_reply":
            if held is not None and held.reply is not None:
                held.reply.stop(at)
        elif kind == "status":
            new: str = event.value  # type: ignore[assignment]
            if new in SOLVED:
                if held is not None:
                    held.close(at, SOLVED_RELEASE)
                    held = None
            elif status in SOLVED:  # reopened: a new hold for the group holding it
                if current is not None:
                    target = target_of(policy, current, priority)
                    held = _Open(current, target, at, paused=new in pause_statuses)
                    out.append(held)
            elif held is not None:
                for clock in held.clocks():
                    clock.hold_still(at, paused=new in pause_statuses)
            status = new
    return out


@lru_cache(maxsize=512)
def _timer(target: timedelta, calendar: Calendar) -> Timer:
    return Timer(target=target, calendar=calendar)


def _business(calendar: Calendar, cycle: Cycle, now_us: int) -> timedelta:
    """The business time of the cycle's running spans up to `now` (the Timer rule)."""
    engine = calendar.engine
    end_us = now_us if cycle.stop is None else min(cycle.stop, now_us)
    total = 0
    for start, until in cycle.running:
        total += engine.position_span(start, end_us if until is None else until)
    return ONE_US * total


def _status(
    target: timedelta | None, calendar: Calendar, clock: _Clock | None, now: datetime
) -> TimerStatus | None:
    if target is None or clock is None:
        return None
    timer = _timer(target, calendar)
    return timer.cycle_statuses([clock.cycle], now, to_us(now, "now"))[0]


def measure_groups(policy: Policy, ticket: Ticket, now: datetime) -> GroupMeasurement:
    """Every group hold of `ticket` under `policy` at `now` (`Policy.measure_groups`).

    Raises:
        DataError: If the policy declares its groups and an event assigns another.
        NaiveDatetimeError: If `now` has no timezone.
    """
    now_us = to_us(now, "now")
    priority = ticket.priority_at(now)
    holds = []
    for index, found in enumerate(read_holds(policy, ticket, now_us, priority)):
        target = found.target
        calendar = policy.calendar
        if target is not None and target.calendar is not None:
            calendar = target.calendar
        hold_target = None if target is None else target.hold
        reply_target = None if target is None else target.first_reply
        hold = _status(hold_target, calendar, found.hold, now)
        if hold is not None:
            held_for = hold.elapsed
        else:
            held_for = _business(calendar, found.hold.cycle, now_us)
        released = found.released
        holds.append(
            GroupHold(
                group=found.group,
                index=index,
                assigned_at=found.assigned[1],
                released_at=None if released is None else released[1],
                release=found.release,
                held_for=held_for,
                target=hold_target,
                hold=hold,
                first_reply_target=reply_target,
                first_reply=_status(reply_target, calendar, found.reply, now),
            )
        )
    return GroupMeasurement(
        ticket_id=ticket.id,
        policy=policy.name,
        priority=priority,
        now=now,
        holds=tuple(holds),
    )
