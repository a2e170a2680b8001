"""Properties of support group holds, and a differential reference model.

The reference model (`reference_holds`) reads a ticket's events as runs of states:
after each event the ticket is held by ``group`` when it has one and is not solved.
A hold is a maximal run of events with the same holder; it starts at the event that
begins the run and ends at the event that ends it (a solve: ``"solved"``, else
``"reassigned"``). Its business time is computed from the statuses in force between
events with `between`, without `Timer` or cycles. The first reply is the first agent
reply inside the run (after its first event).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import holidays
from hypothesis import given, note, settings
from hypothesis import strategies as st

import slacore as sla
from slacore import strategies as sst
from slacore._attribution import attribute
from slacore._group_measures import GroupAttainment
from slacore._group_tables import group_holds_table
from slacore._groups import GroupMetric, GroupTarget

SOLVED = frozenset({"solved", "closed"})
ZERO = timedelta(0)
OFFICE = sla.BusinessCalendar(
    "mon-fri 09:00-17:00", tz="Europe/Berlin", holidays=holidays.Germany()
)
EVENING = sla.BusinessCalendar("mon-sat 08:00-20:00", tz="America/New_York")
CALENDARS = st.sampled_from((None, sla.ALWAYS, OFFICE, EVENING))
TARGETS = sst.group_targets(
    calendars=CALENDARS,
    priorities=st.none() | st.sampled_from(sst.PRIORITIES),
    durations=st.none()
    | st.sampled_from((0, 5, 10, 60, 240, 600)).map(lambda m: timedelta(minutes=m)),
)
POLICIES = sst.tiered_policies(
    group_targets=TARGETS, calendars=st.sampled_from((sla.ALWAYS, OFFICE))
)
TICKETS = sst.tiered_tickets()
NOW_AFTER = st.sampled_from((0, 1, 30, 240, 1440, 10_000)).map(
    lambda m: timedelta(minutes=m)
)


def utc(value):
    return None if value is None else value.astimezone(UTC)


def last(ticket):
    return max([ticket.created_at, *(e.at for e in ticket.events)])


def target_for(policy, group, priority):
    found = [t for t in policy.group_targets if t.group == group]
    return next((t for t in found if t.priority == priority), None) or next(
        (t for t in found if t.priority is None), None
    )


def running_time(calendar, steps, start, end, pausable, pause_statuses):  # noqa: PLR0917
    """Business time in [start, end) while the status (from `steps`) does not pause."""
    total = ZERO
    for (at, status), (nxt, _) in zip(steps, [*steps[1:], (end, None)], strict=True):
        a, b = max(at, start), min(nxt, end)
        if a < b and not (pausable and status in pause_statuses):
            total += calendar.between(a, b)
    return total


def reference_holds(policy, ticket, now):
    """(group, assigned, released, release, held_for, reply stop, reply elapsed)."""
    if ticket.created_at > now:
        return []
    events = [e for e in ticket.events if e.at <= now]
    priority = ticket.priority_at(now)
    group, status = None, "new"
    holder = None
    steps = [(ticket.created_at, status)]  # the status from each instant on
    runs = []  # [group, start, start index, end, end index, release]
    for index, event in enumerate(events):
        if event.kind == "group":
            group = event.value
        elif event.kind == "status":
            status = event.value
        steps.append((event.at, status))
        now_holder = group if status not in SOLVED else None
        if now_holder != holder:
            if holder is not None:
                release = "solved" if status in SOLVED else "reassigned"
                runs[-1][3:] = [event.at, index, release]
            if now_holder is not None:
                runs.append([now_holder, event.at, index, None, len(events), None])
            holder = now_holder
    out = []
    for group, start, first, end, stop_index, release in runs:
        target = target_for(policy, group, priority)
        calendar = policy.calendar
        if target is not None and target.calendar is not None:
            calendar = target.calendar
        pauses = frozenset() if target is None else target.pauses
        until = now if end is None else end
        held = running_time(
            calendar, steps, start, until, "hold" in pauses, policy.pause_statuses
        )
        reply_stop = reply_elapsed = None
        if target is not None and target.first_reply is not None:
            replies = [
                e.at for e in events[first + 1 : stop_index] if e.kind == "agent_reply"
            ]
            reply_stop = replies[0] if replies else end
            reply_elapsed = running_time(
                calendar,
                steps,
                start,
                now if reply_stop is None else reply_stop,
                "first_reply" in pauses,
                policy.pause_statuses,
            )
        out.append((group, start, end, release, held, utc(reply_stop), reply_elapsed))
    return out


def actual(measurement):
    return [
        (
            h.group,
            h.assigned_at,
            h.released_at,
            h.release,
            h.held_for,
            None if h.first_reply is None else utc(h.first_reply.stopped_at),
            None if h.first_reply is None else h.first_reply.elapsed,
        )
        for h in measurement.holds
    ]


@given(policy=POLICIES, ticket=TICKETS, after=NOW_AFTER)
def test_holds_match_the_reference_model(policy, ticket, after):
    now = last(ticket) + after - timedelta(minutes=30)
    measured = policy.measure_groups(ticket, now)
    assert actual(measured) == reference_holds(policy, ticket, now)
    for hold in measured.holds:
        if hold.hold is not None:
            # held_for is the hold clock's elapsed; met is decided once released
            assert hold.held_for == hold.hold.elapsed
            assert (hold.met is None) == (hold.released_at is None)
            if hold.met is not None:
                assert hold.met == (hold.held_for <= hold.target)


@given(policy=POLICIES, ticket=TICKETS, after=NOW_AFTER)
def test_group_events_leave_the_customer_clocks_alone(policy, ticket, after):
    now = last(ticket) + after
    plain = sla.Ticket(
        ticket.id,
        ticket.created_at,
        ticket.priority,
        [e for e in ticket.events if e.kind != "group"],
    )
    assert policy.measure(ticket, now) == policy.measure(plain, now)


@given(policy=POLICIES, ticket=TICKETS, after=NOW_AFTER)
def test_attribution_shares_add_up_to_the_target(policy, ticket, after):
    now = last(ticket) + after
    measurement = policy.measure(ticket, now)
    found = attribute(policy, ticket, now)
    assert [(a.metric, a.cycle) for a in found] == [
        (b.metric, b.cycle) for b in measurement.breaches
    ]
    holders = set(policy.measure_groups(ticket, now).groups) | {None}
    for attribution in found:
        status = measurement[attribution.metric][attribution.cycle]
        total = sum((s.business_time for s in attribution.shares), ZERO)
        assert total == status.elapsed + status.remaining  # the target, exactly
        assert all(s.business_time > ZERO for s in attribution.shares)
        assert {s.group for s in attribution.shares} <= holders
        first = attribution.first_missed
        if first is not None:
            assert utc(first.missed_at) <= utc(attribution.breached_at)


def pylist(table, like, column):
    """A column of a result table as Python values (None for nulls)."""
    if like == "numpy":
        return table[column].tolist()
    import pyarrow as pa

    arrow = {"pandas": pa.Table.from_pandas, "polars": lambda t: t.to_arrow()}.get(
        like, lambda t: t
    )(table)
    return arrow.column(column).to_pylist()


@settings(max_examples=30)
@given(
    policies=st.lists(POLICIES, min_size=1, max_size=2),
    tickets=st.lists(TICKETS, max_size=4),
    after=NOW_AFTER,
    like=st.sampled_from(("pandas", "polars", "pyarrow", "numpy")),
)
def test_tables_give_the_object_paths_holds(policies, tickets, after, like):
    tickets = [
        sla.Ticket(f"T-{i}", t.created_at, t.priority, t.events)
        for i, t in enumerate(tickets)
    ]
    now = max((last(t) for t in tickets), default=datetime(2026, 1, 1, tzinfo=UTC))
    now += after
    table = sla.tickets_to_table(tickets, like=like)
    found = group_holds_table(policies, table, now=now)
    rows = []
    for ticket in tickets:
        policy = sla.select_policy(policies, ticket)
        if policy is not None:
            m = policy.measure_groups(ticket, now)
            rows += [
                (ticket.id, policy.name, h.group, h.index, h.held_for, h.met)
                for h in m.holds
            ]
    columns = ("ticket_id", "policy", "group", "hold", "held_for", "met")
    got = list(zip(*(pylist(found, like, c) for c in columns), strict=True))
    note(f"{got=}")
    assert got == rows


@settings(max_examples=30)
@given(
    policy=sst.tiered_policies(
        group_targets=sst.group_targets(
            groups=st.sampled_from(("L1", "L2")),
            durations=st.sampled_from((5, 30, 120)).map(lambda m: timedelta(minutes=m)),
        ),
        declared=st.just(False),
        max_targets=2,
    ).filter(lambda p: {t.group for t in p.group_targets} == {"L1", "L2"}),
    tickets=st.lists(
        sst.tiered_tickets(groups=st.sampled_from(("L1", "L2"))), max_size=6
    ),
    split=st.integers(0, 6),
)
def test_group_tallies_of_a_split_add_up(policy, tickets, split):
    tickets = [
        sla.Ticket(i, t.created_at, t.priority, t.events) for i, t in enumerate(tickets)
    ]
    objectives = [
        sla.Objective(f"{g} {m.value}", GroupAttainment(g, m), 90)
        for g in ("L1", "L2")
        for m in GroupMetric
    ]
    terms = sla.Agreement(
        "tiers",
        "internal",
        [sla.Party("L1", "provider"), sla.Party("L2", "customer")],
        objectives,
        effective_from=datetime(2026, 1, 1, tzinfo=UTC),
        policies=[policy],
    )
    start, end = datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC)
    now = datetime(2026, 12, 31, tzinfo=UTC)

    def tally(part):
        return terms.tally(sla.Dataset(tickets=part), start, end, now=now)

    whole = terms.report(tally(tickets))
    assert terms.report(tally(tickets[split:]) + tally(tickets[:split])) == whole
    # and the report counts what the object path decides, clock by clock
    counted = sum(r.count for report in whole for r in report.results)
    decided = 0
    for ticket in tickets:
        for hold in policy.measure_groups(ticket, now).holds:
            for metric in GroupMetric:
                status = hold.status(metric)
                if status is not None and (
                    status.breached_at or status.met is not None
                ):
                    decided += 1
    assert counted == decided


def test_a_group_target_strategy_value_round_trips():
    """The strategies' defaults make valid values (a smoke check of the wiring)."""
    target = GroupTarget("L1", hold=timedelta(minutes=5))
    assert sla.Policy("p", {}, group_targets=[target]).group_targets == (target,)
