# Hypothesis strategies for support tiers: group targets, policies that hold them,
# tickets with group events, and OLA measures. Re-exported by `slacore.strategies`.

# ruff: noqa: B008 - strategies are immutable, so calling them in argument defaults
# is safe, and it is the hypothesis API style.
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Final

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from ._calendar import ALWAYS, Calendar
from ._group_measures import GroupAttainment
from ._groups import GroupMetric, GroupTarget
from ._policy import Policy, Targets
from ._records import Ticket, TicketEvent

GROUPS: Final = ("L1", "L2", "L3")
"""The support group names the strategies use by default."""

_TARGETS: Final[st.SearchStrategy[timedelta | None]] = st.none() | st.timedeltas(
    timedelta(0), timedelta(days=2)
).map(lambda d: d - timedelta(microseconds=d.microseconds))
_CLOCKS: Final = tuple(metric.value for metric in GroupMetric)


def group_targets(
    *,
    groups: st.SearchStrategy[str] = st.sampled_from(GROUPS),
    durations: st.SearchStrategy[timedelta | None] = _TARGETS,
    calendars: st.SearchStrategy[Calendar | None] = st.none() | st.just(ALWAYS),
    priorities: st.SearchStrategy[str | None] = st.none(),
    pauses: st.SearchStrategy[frozenset[str]] = st.frozensets(st.sampled_from(_CLOCKS)),
) -> st.SearchStrategy[GroupTarget]:
    """[`GroupTarget`][slacore.GroupTarget] values.

    Shrinks toward a target for ``"L1"`` with no hold or first-reply target, the
    policy's calendar, every priority and no pauses.

    Args:
        groups: The group names.
        durations: The hold and first-reply targets (None: not targeted).
        calendars: The group's calendar (None: the policy's).
        priorities: The priority a target is for (None: every priority).
        pauses: Which group clocks the policy's pause statuses pause.

    Examples:
        >>> from hypothesis import Phase, find, settings
        >>> quiet = settings(database=None, phases=[Phase.generate, Phase.shrink])
        >>> find(group_targets(), lambda t: True, settings=quiet)
        GroupTarget(group='L1', hold=None, first_reply=None, calendar=None,
                    priority=None, pauses=frozenset())
    """
    return st.builds(
        GroupTarget,
        groups,
        hold=durations,
        first_reply=durations,
        calendar=calendars,
        priority=priorities,
        pauses=pauses,
    )


_PRIORITIES: Final = ("low", "normal", "high", "urgent")
_STATUSES: Final = ("open", "pending", "on-hold", "solved", "closed")
_KINDS: Final = (
    ("agent_reply",) * 3 + ("customer_message",) * 2 + ("status",) * 3 + ("group",) * 3
)
_CREATED: Final = st.datetimes(
    datetime(2026, 1, 1),  # noqa: DTZ001 - hypothesis bounds are naive
    datetime(2026, 12, 31),  # noqa: DTZ001
    timezones=st.just(UTC),
).map(lambda d: d.replace(second=0, microsecond=0))
_GAPS: Final = st.sampled_from((0, 1, 5, 10, 30, 60, 240, 1440)).map(
    lambda m: timedelta(minutes=m)
)


@st.composite
def _tiered_policies(  # noqa: PLR0917 - a composite's arguments are positional
    draw: st.DrawFn,
    names: st.SearchStrategy[str],
    targets: st.SearchStrategy[Targets],
    calendars: st.SearchStrategy[Calendar],
    group_targets: st.SearchStrategy[GroupTarget],
    declared: st.SearchStrategy[bool],
    max_targets: int,
) -> Policy:
    found = draw(
        st.lists(
            group_targets,
            max_size=max_targets,
            unique_by=lambda target: (target.group, target.priority),
        )
    )
    groups: tuple[str, ...] = ()
    if draw(declared):  # every targeted group among them, and the default ones
        groups = tuple(dict.fromkeys((*GROUPS, *(t.group for t in found))))
    return Policy(
        draw(names),
        draw(st.dictionaries(st.sampled_from(_PRIORITIES), targets, max_size=4)),
        calendar=draw(calendars),
        groups=groups,
        group_targets=found,
    )


def tiered_policies(
    *,
    names: st.SearchStrategy[str] = st.sampled_from(("desk", "vip")),
    targets: st.SearchStrategy[Targets] = st.builds(
        Targets,
        first_response=_TARGETS,
        next_response=_TARGETS,
        periodic_update=_TARGETS,
        resolution=_TARGETS,
    ),
    calendars: st.SearchStrategy[Calendar] = st.just(ALWAYS),
    group_targets: st.SearchStrategy[GroupTarget] = group_targets(),
    declared: st.SearchStrategy[bool] = st.booleans(),
    max_targets: int = 4,
) -> st.SearchStrategy[Policy]:
    """[`Policy`][slacore.Policy] values with group targets, maybe declared groups.

    Each group (and priority) has at most one target. When `declared` draws
    True, the policy declares ``GROUPS`` and every targeted group, so tickets
    from [`tiered_tickets`][slacore.strategies.tiered_tickets] measure without
    a `DataError`. Customer tiers for up to four of the default priorities.
    Shrinks toward a policy ``"desk"`` with no tiers, no groups and no targets.

    Args:
        names: Policy names.
        targets: The customer tiers.
        calendars: The policy's calendar.
        group_targets: The group targets.
        declared: Whether the policy declares its groups.
        max_targets: The most group targets.

    Raises:
        InvalidArgument: If `max_targets` is negative.

    Examples:
        >>> from hypothesis import Phase, find, settings
        >>> quiet = settings(database=None, phases=[Phase.generate, Phase.shrink])
        >>> policy = find(tiered_policies(), lambda p: True, settings=quiet)
        >>> policy.name, policy.groups, policy.group_targets
        ('desk', (), ())
    """
    if max_targets < 0:
        msg = f"max_targets={max_targets!r} must not be negative"
        raise InvalidArgument(msg)
    return _tiered_policies(
        names, targets, calendars, group_targets, declared, max_targets
    )


@st.composite
def _tiered_tickets(  # noqa: PLR0917 - a composite's arguments are positional
    draw: st.DrawFn,
    ids: st.SearchStrategy[str | int],
    created: st.SearchStrategy[datetime],
    priorities: st.SearchStrategy[str],
    statuses: st.SearchStrategy[str],
    groups: st.SearchStrategy[str],
    gaps: st.SearchStrategy[timedelta],
    max_events: int,
) -> Ticket:
    at = created_at = draw(created)
    events = []
    for _ in range(draw(st.integers(0, max_events))):
        at += draw(gaps)
        kind = draw(st.sampled_from(_KINDS))
        value = None
        if kind == "status":
            value = draw(statuses)
        elif kind == "group":
            value = draw(groups)
        events.append(TicketEvent(at, kind, value))
    return Ticket(draw(ids), created_at, draw(priorities), events)


def tiered_tickets(
    *,
    ids: st.SearchStrategy[str | int] = st.integers(1, 10**6),
    created: st.SearchStrategy[datetime] = _CREATED,
    priorities: st.SearchStrategy[str] = st.sampled_from(_PRIORITIES),
    statuses: st.SearchStrategy[str] = st.sampled_from(_STATUSES),
    groups: st.SearchStrategy[str] = st.sampled_from(GROUPS),
    gaps: st.SearchStrategy[timedelta] = _GAPS,
    max_events: int = 12,
) -> st.SearchStrategy[Ticket]:
    """[`Ticket`][slacore.Ticket] values whose events assign support groups.

    Group assignments, agent replies, customer messages and status changes
    (solves and reopens among them), each `gaps` after the one before (zero:
    the same instant). Shrinks toward ticket 1, ``"low"``, created at
    2026-01-01 00:00 UTC with no events.

    Args:
        ids: Ticket ids.
        created: Creation instants.
        priorities: The priority at creation.
        statuses: The new status of status events.
        groups: The group of group events.
        gaps: The time from one event to the next (not negative).
        max_events: The most events on one ticket.

    Raises:
        InvalidArgument: If `max_events` is negative.

    Examples:
        >>> from hypothesis import Phase, find, settings
        >>> quiet = settings(database=None, phases=[Phase.generate, Phase.shrink])
        >>> ticket = find(
        ...     tiered_tickets(),
        ...     lambda t: any(e.kind == "group" for e in t.events),
        ...     settings=quiet,
        ... )
        >>> [(e.kind, e.value) for e in ticket.events]
        [('group', 'L1')]
    """
    if max_events < 0:
        msg = f"max_events={max_events!r} must not be negative"
        raise InvalidArgument(msg)
    return _tiered_tickets(ids, created, priorities, statuses, groups, gaps, max_events)


def group_attainments(
    *,
    groups: st.SearchStrategy[str] = st.sampled_from(GROUPS),
    metrics: st.SearchStrategy[GroupMetric] = st.sampled_from(GroupMetric),
    priorities: st.SearchStrategy[frozenset[str] | None] = st.none(),
    policy_names: st.SearchStrategy[str | None] = st.none(),
) -> st.SearchStrategy[GroupAttainment]:
    """[`GroupAttainment`][slacore.GroupAttainment] measures (OLA objectives).

    An agreement holding one needs a policy with a target for its group.

    Args:
        groups: The group measured.
        metrics: Which of its clocks.
        priorities: The priorities counted (None: all).
        policy_names: The policy counted (None: all).

    Examples:
        >>> from hypothesis import Phase, find, settings
        >>> quiet = settings(database=None, phases=[Phase.generate, Phase.shrink])
        >>> find(group_attainments(), lambda m: True, settings=quiet).group
        'L1'
    """
    return st.builds(GroupAttainment, groups, metrics, priorities, policy=policy_names)
