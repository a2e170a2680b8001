"""Properties that use the strategies of `slacore.strategies`, timers to agreements.

Each strategy is used at least once, with a real assertion about slacore's
behaviour on what it generates, so the strategies are checked to produce values
slacore accepts, and slacore is checked on them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import attrs
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

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


# -- service levels, credits, objectives and agreements ---------------------------

US = timedelta(microseconds=1)
CREDIT_KINDS = (
    sla.CreditSchedule,
    sla.StepCredit,
    sla.BreachCountCredit,
    sla.RepeatedMissCredit,
)
COUNT_CREDITS = (sla.BreachCountCredit, sla.RepeatedMissCredit)
MEASURE_TYPES = (
    sla.TicketAttainment,
    sla.Availability,
    sla.ServiceLevel,
    sla.NetPromoterScore,
    sla.AverageScore,
    sla.Volume,
    sla.Deadline,
    sla.MeanTime,
    sla.AbandonRate,
    sla.AverageWait,
    sla.Ratio,
    sla.TicketPercentile,
    sla.WaitPercentile,
    sla.RecordPercentile,
    sla.TicketVolume,
    sla.ContactVolume,
)
FIRST_ONLY = settings(database=None, deadline=None, phases=[Phase.generate])


def _rebuilds(value):
    """The value passes construction again, equal to itself, and hashes alike."""
    again = attrs.evolve(value)
    assert again == value
    assert hash(again) == hash(value)
    return again


@given(outage=sst.outages())
def test_outages_are_valid(outage):
    assert isinstance(outage, sla.Outage)
    assert outage.service in sst.SERVICES
    assert outage.start.utcoffset() is not None
    assert outage.end.utcoffset() is not None
    assert _utc(outage.start) <= _utc(outage.end)
    _rebuilds(outage)
    again = sla.Outage(outage.service, outage.start, outage.end, planned=outage.planned)
    assert again == outage


@given(outage=sst.outages("db", lengths=sst.durations(US, timedelta(hours=1))))
def test_outages_of_one_service(outage):
    assert outage.service == "db"
    assert _utc(outage.start) < _utc(outage.end)


@given(contact=sst.contacts())
def test_contacts_are_valid(contact):
    assert isinstance(contact, sla.Contact)
    assert contact.wait >= ZERO
    assert contact.at is not None
    assert contact.at.utcoffset() is not None
    assert contact.service is None or contact.service in sst.SERVICES
    _rebuilds(contact)
    again = sla.Contact(
        contact.wait, contact.answered, at=contact.at, service=contact.service
    )
    assert again == contact


@given(response=sst.responses())
def test_responses_are_valid(response):
    assert isinstance(response, sla.Response)
    assert isinstance(response.score, Decimal)
    assert response.at.utcoffset() is not None
    assert set(response.fields) <= {"csat", "effort", "comment"}
    assert -100 <= sla.nps([response.score]) <= 100  # every score counts for NPS
    _rebuilds(response)
    again = sla.Response(
        response.at,
        response.score,
        service=response.service,
        fields=dict(response.fields),
    )
    assert again == response


@given(schedule=sst.credit_schedules(), attainment=st.decimals(-200, 200, places=2))
def test_credit_schedules_are_in_order(schedule, attainment):
    assert isinstance(schedule, sla.CreditSchedule)
    assert 1 <= len(schedule.tiers) <= 4
    for higher, lower in zip(schedule.tiers, schedule.tiers[1:], strict=False):
        assert lower.below < higher.below
        assert lower.percent > higher.percent
    paid = schedule.percent_for(attainment)
    assert paid >= 0
    assert schedule.cap is None or paid <= schedule.cap
    assert sla.CreditSchedule(schedule.tiers, cap=schedule.cap) == _rebuilds(schedule)


@given(
    credit=st.one_of(
        sst.step_credits(),
        sst.breach_count_credits(),
        sst.repeated_miss_credits(),
    ),
    figure=st.integers(0, 12),
)
def test_single_rule_credits_are_valid(credit, figure):
    _rebuilds(credit)
    if isinstance(credit, sla.RepeatedMissCredit):
        assert 1 <= credit.misses <= credit.within <= 12
        figure = min(figure, credit.within)
    paid = credit.percent_for(figure)
    assert paid >= 0
    assert credit.cap is None or paid <= credit.cap
    if isinstance(credit, sla.StepCredit):
        assert credit.step > 0
        assert credit.percent_for(credit.threshold) == 0


@given(credit=sst.credits(), count_based=sst.credits(direction="at_most"))
def test_credits_are_any_kind_but_count_based_for_at_most(credit, count_based):
    assert isinstance(credit, CREDIT_KINDS)
    assert isinstance(count_based, COUNT_CREDITS)
    _rebuilds(credit)
    _rebuilds(count_based)


@given(measure=sst.measures())
def test_measures_are_valid(measure):
    assert isinstance(measure, MEASURE_TYPES)
    assert measure.kind in sst.MEASURE_KINDS
    _rebuilds(measure)


@pytest.mark.parametrize("kind", sst.MEASURE_KINDS)
@settings(max_examples=20)
@given(data=st.data())
def test_measures_of_one_kind(kind, data):
    measure = data.draw(sst.measures(kinds=st.just(kind)))
    assert measure.kind == kind
    _rebuilds(measure)


def _goal_in_range(objective):
    measure, goal = objective.measure, objective.goal
    percents = (
        sla.TicketAttainment,
        sla.Availability,
        sla.ServiceLevel,
        sla.Deadline,
        sla.AbandonRate,
        sla.Ratio,
    )
    if isinstance(measure, percents):
        return 0 <= goal <= 100
    if isinstance(measure, sla.NetPromoterScore):
        return -100 <= goal <= 100
    if measure.goal_rule.duration or isinstance(measure, sla.Volume):
        return goal >= 0
    return True


@given(objective=sst.objectives())
def test_objectives_are_valid(objective):
    assert isinstance(objective, sla.Objective)
    assert _goal_in_range(objective)
    if objective.direction == "at_most":
        assert objective.credit is None or isinstance(objective.credit, COUNT_CREDITS)
    assert objective.allocation is None or 0 < objective.allocation <= 100
    _rebuilds(objective)


@given(party=sst.parties())
def test_parties_are_valid(party):
    assert isinstance(party, sla.Party)
    assert party.name.strip()
    assert isinstance(party.role, sla.Role)
    _rebuilds(party)


@settings(max_examples=100)
@given(agreement=sst.agreements())
def test_agreements_are_valid_and_evaluate(agreement):
    assert isinstance(agreement, sla.Agreement)
    assert 1 <= len(agreement.objectives) <= 4
    assert 2 <= len(agreement.parties) <= 4
    assert len({p.name for p in agreement.parties}) == len(agreement.parties)
    assert len({o.name for o in agreement.objectives}) == len(agreement.objectives)
    allocations = [o.allocation for o in agreement.objectives if o.allocation]
    assert sum(allocations, Decimal(0)) <= agreement.pool_allocation
    assert not allocations or agreement.at_risk is not None
    assert (
        len(agreement.providers) == 1 or agreement.kind is sla.AgreementKind.MULTI_LEVEL
    )
    _rebuilds(agreement)
    report = agreement.evaluate(sla.Dataset(), agreement.effective_from)
    assert isinstance(report, sla.Report)
    assert [r.objective for r in report.results] == [
        o.name for o in agreement.objectives
    ]


def _providers(a):
    return len(a.providers)


def _measures(a):
    return [o.measure for o in a.objectives]


def _credits(a):
    return [o.credit for o in a.objectives]


VARIETY = {
    "several providers": lambda a: _providers(a) >= 2,
    "allocations": lambda a: any(o.allocation for o in a.objectives),
    "pool allocation": lambda a: a.pool_allocation != 100,
    "earn-back": lambda a: a.earn_back is not None,
    "minimum credit and yearly cap": lambda a: (
        a.minimum_credit is not None and a.yearly_cap is not None
    ),
    "termination over named objectives": lambda a: (
        a.termination is not None and a.termination.objectives is not None
    ),
    "termination over all": lambda a: (
        a.termination is not None and a.termination.objectives is None
    ),
    "review on the wall clock": lambda a: isinstance(a.review_every, relativedelta),
    "review in real time": lambda a: isinstance(a.review_every, timedelta),
    "claim window": lambda a: a.claim_window is not None,
    "end date": lambda a: a.effective_until is not None,
    "policy named by a ticket attainment": lambda a: any(
        isinstance(m, sla.TicketAttainment) and m.policy is not None
        for m in _measures(a)
    ),
    "availability within services": lambda a: (
        bool(a.services) and any(isinstance(m, sla.Availability) for m in _measures(a))
    ),
    "availability on a calendar": lambda a: any(
        isinstance(m, sla.Availability) and m.calendar is not sla.ALWAYS
        for m in _measures(a)
    ),
    "condition on records": lambda a: any(
        isinstance(m, sla.Volume | sla.Deadline) and m.where is not None
        for m in _measures(a)
    ),
    "every responsibility kind": lambda a: (
        {r.kind for r in a.responsibilities} == set(sla.ResponsibilityKind)
    ),
    "objective provider": lambda a: any(o.provider for o in a.objectives),
    "tiered credit": lambda a: any(
        isinstance(c, sla.CreditSchedule) for c in _credits(a)
    ),
    "step credit": lambda a: any(isinstance(c, sla.StepCredit) for c in _credits(a)),
    "breach-count credit": lambda a: any(
        isinstance(c, sla.BreachCountCredit) for c in _credits(a)
    ),
    "repeated-miss credit": lambda a: any(
        isinstance(c, sla.RepeatedMissCredit) for c in _credits(a)
    ),
    "start in another zone": lambda a: (
        isinstance(a.effective_from, datetime) and a.effective_from.tzinfo is not a.tz
    ),
}


@pytest.mark.parametrize("feature", VARIETY)
def test_agreements_come_in_every_variety(feature):
    found = find(
        sst.agreements(),
        VARIETY[feature],
        settings=settings(FIRST_ONLY, max_examples=2000),
    )
    assert VARIETY[feature](found)


@pytest.mark.parametrize(
    "strategy",
    [
        lambda: sst.outages(" "),
        lambda: sst.credit_schedules(max_tiers=0),
        lambda: sst.repeated_miss_credits(max_within=0),
        lambda: sst.credits(direction="up"),
        lambda: sst.agreements(max_objectives=0),
        lambda: sst.agreements(max_parties=1),
    ],
)
def test_impossible_arguments_are_refused(strategy):
    with pytest.raises(InvalidArgument):
        strategy()


@pytest.mark.parametrize(
    "strategy",
    [
        sst.outages(lengths=st.just(-US)),
        sst.measures(kinds=st.just("uptime")),
        sst.objectives(directions=st.just("sideways")),
    ],
)
def test_bad_draws_are_refused(strategy):
    with pytest.raises(InvalidArgument):
        find(strategy, bool, settings=FIRST_ONLY)


# -- regressions: starts in a DST fold or gap (found by `agreements()`) -------------

BERLIN = ZoneInfo("Europe/Berlin")


def _agreement_from(start, tz):
    return sla.Agreement(
        "A",
        "customer",
        [sla.Party("P", "provider"), sla.Party("C", "customer")],
        [sla.Objective("v", sla.Volume(), 0)],
        tz=tz,
        effective_from=start,
    )


def test_start_in_a_fold_of_the_agreement_zone():
    # 01:30 UTC is 02:30 CET, the second 02:30 of the night the clocks go back.
    a = _agreement_from(datetime(2025, 10, 26, 1, 30, tzinfo=UTC), "Europe/Berlin")
    report = a.evaluate(sla.Dataset(), a.effective_from)
    assert _utc(report.period_start) == datetime(2025, 10, 26, 1, 30, tzinfo=UTC)
    assert a.evaluate(sla.Dataset(), date(2025, 11, 1)).period_start.month == 11


def test_start_in_a_dst_gap():
    a = _agreement_from(datetime(2025, 3, 30, 2, 30, tzinfo=BERLIN), "UTC")
    report = a.evaluate(sla.Dataset(), a.effective_from)
    assert _utc(report.period_start) == datetime(2025, 3, 30, 1, 30, tzinfo=UTC)


def test_period_start_with_fold_1():
    a = _agreement_from(datetime(2025, 10, 26, 2, 30, fold=1, tzinfo=BERLIN), BERLIN)
    report = a.evaluate(sla.Dataset(), a.effective_from)
    assert _utc(report.period_start) == datetime(2025, 10, 26, 1, 30, tzinfo=UTC)
