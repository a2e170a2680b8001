"""Properties that use the timer and helpdesk strategies of `slacore.strategies`.

Each strategy is used at least once, with a real assertion about slacore's
behaviour on what it generates, so the strategies are checked to produce values
slacore accepts, and slacore is checked on them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

import slacore as sla
from slacore import strategies as sst

ZERO = timedelta(0)
EPOCH = datetime(2025, 6, 2, 9, tzinfo=UTC)  # `now` for an empty log
NOW_OFFSETS = sst.durations(-timedelta(hours=1), timedelta(days=10))
EVENT_KINDS = {"customer_message", "agent_reply", "internal_note", "status", "priority"}


def _utc(value):  # instants compared as instants, not wall clocks
    return value.astimezone(UTC)


@given(timer=sst.timers(), log=sst.timer_event_sequences(), offset=NOW_OFFSETS)
def test_valid_logs_are_accepted_strictly(timer, log, offset):
    now = (log[0].at if log else EPOCH) + offset
    statuses = timer.cycles(log, now, strict=True)
    assert statuses
    for status in statuses:
        assert status.elapsed + status.remaining == timer.target
        assert status.elapsed >= ZERO
        assert len(status.warnings) == len(timer.warn_at)
        assert len(status.warnings_before) == len(timer.warn_before)
    started = [e for e in log if e.action is sla.Action.START and e.at <= now]
    assert len(statuses) == max(len(started), 1)
    assert timer.evaluate(log, now, strict=True) == statuses[-1]


@given(log=sst.timer_event_sequences())
def test_valid_logs_follow_the_grammar(log):
    ats = [_utc(e.at) for e in log]
    assert ats == sorted(ats)
    state = sla.TimerState.NOT_STARTED
    allowed = {
        sla.TimerState.NOT_STARTED: {sla.Action.START},
        sla.TimerState.RUNNING: {sla.Action.PAUSE, sla.Action.STOP},
        sla.TimerState.PAUSED: {sla.Action.RESUME, sla.Action.STOP},
        sla.TimerState.STOPPED: {sla.Action.START},
    }
    after = {
        sla.Action.START: sla.TimerState.RUNNING,
        sla.Action.PAUSE: sla.TimerState.PAUSED,
        sla.Action.RESUME: sla.TimerState.RUNNING,
        sla.Action.STOP: sla.TimerState.STOPPED,
    }
    for event in log:
        assert event.action in allowed[state]
        state = after[event.action]


@given(
    timer=sst.timers(calendars=st.just(sla.ALWAYS)),
    log=sst.timer_event_sequences(valid=False),
    offset=NOW_OFFSETS,
)
def test_any_ordered_log_is_read_leniently(timer, log, offset):
    ats = [_utc(e.at) for e in log]
    assert ats == sorted(ats)
    now = (log[-1].at if log else EPOCH) + offset
    status = timer.evaluate(log, now, strict=False)
    assert status.elapsed + status.remaining == timer.target
    # On ALWAYS, business time is real time, and no more than the log spans.
    assert ZERO <= status.elapsed <= status.wall_elapsed
    if log:
        assert status.elapsed <= max(_utc(now) - ats[0], ZERO)


@given(event=sst.timer_events())
def test_timer_events_are_aware(event):
    assert event.at.utcoffset() is not None
    assert isinstance(event.action, sla.Action)
    assert sla.TimerEvent(event.at, event.action.value) == event


@given(event=sst.ticket_events())
def test_ticket_events_carry_a_value_exactly_when_needed(event):
    assert event.kind in EVENT_KINDS
    if event.kind == "status":
        assert event.value in sst.TICKET_STATUSES
    elif event.kind == "priority":
        assert event.value in sst.PRIORITIES
    else:
        assert event.value is None


@given(ticket=sst.tickets())
def test_ticket_events_are_in_order_and_not_before_creation(ticket):
    ats = [_utc(e.at) for e in ticket.events]
    assert ats == sorted(ats)
    assert all(at >= _utc(ticket.created_at) for at in ats)
    assert ticket.priority in sst.PRIORITIES
    assert set(ticket.fields) <= {"plan", "channel", "tags"}
    last = ticket.events[-1].at if ticket.events else ticket.created_at
    expected = ticket.priority
    for event in ticket.events:
        if event.kind == "priority":
            expected = event.value
    assert ticket.priority_at(last) == expected


@given(fields=sst.ticket_fields())
def test_ticket_fields_freeze(fields):
    frozen = sla.FrozenFields(fields)
    assert frozen == {k: tuple(v) if k == "tags" else v for k, v in fields.items()}
    assert hash(frozen) == hash(sla.FrozenFields(fields))


@given(condition=sst.conditions(), ticket=sst.tickets(max_events=3))
def test_conditions_evaluate_to_a_bool(condition, ticket):
    result = condition.matches(ticket)
    assert isinstance(result, bool)
    assert (~condition).matches(ticket) is (not result)
    assert sla.All((condition,)).matches(ticket) is result
    assert sla.AnyOf((condition,)).matches(ticket) is result


@given(tier=sst.targets())
def test_targets_are_not_negative(tier):
    for metric in sla.Metric:
        target = tier.of(metric)
        assert target is None or target >= ZERO


@given(policy=sst.policies(), ticket=sst.tickets(), offset=NOW_OFFSETS)
def test_every_measured_cycle_adds_up_to_its_target(policy, ticket, offset):
    now = ticket.created_at + offset
    measurement = policy.measure(ticket, now)
    assert isinstance(measurement, sla.Measurement)
    assert measurement.priority == ticket.priority_at(now)
    tier = policy.targets_for(measurement.priority)
    expected = [] if tier is None else [m for m in sla.Metric if tier.of(m) is not None]
    assert list(measurement.metrics) == expected
    for metric, statuses in measurement.cycles:
        target = tier.of(metric)
        assert statuses
        for status in statuses:
            assert status.elapsed + status.remaining == target
            assert status.elapsed >= ZERO


@given(
    policies=st.lists(sst.policies(), max_size=3),
    ticket=sst.tickets(max_events=3),
)
def test_select_policy_returns_the_first_match(policies, ticket):
    chosen = sla.select_policy(policies, ticket)
    matching = [
        p for p in policies if p.condition is None or p.condition.matches(ticket)
    ]
    if chosen is None:
        assert not matching
    else:
        assert any(chosen is p for p in policies)
        assert chosen is matching[0]
