"""Percentiles and a volume's mean, min and max, against plain reference models.

As in test_measure_rules (whose setups, data and `check` these reuse): random
objectives of one measure, a random dataset around three periods and a random
`now`; every field of each result is compared with a model written from the
docs. The percentile model sorts the period's durations as a plain list and takes
the element at rank ``ceil(p * n / 100)`` (at least 1), computed with
`fractions.Fraction`; each duration alone meeting the goal is "good", the rest
breaches; no durations is nothing to measure. The volume model takes the mean of
the exact values (as `Fraction`) and the least and greatest with `min`/`max`.
"""

from __future__ import annotations

import math
from datetime import timedelta
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from hypothesis import given
from hypothesis import strategies as st
from tests.property.test_measure_rules import (
    NOTHING,
    PRIORITIES,
    Expected,
    check,
    contacts,
    duration_goals,
    exact,
    holds,
    in_period,
    met,
    metrics,
    nows,
    objectives_of,
    offered,
    policies,
    record_conditions,
    records,
    run,
    seconds,
    services,
    setups,
)

import slacore as sla
from slacore import strategies as sst

if TYPE_CHECKING:
    from datetime import datetime
    from decimal import Decimal

    from tests.property.test_measure_rules import Setup

RANKS = st.sampled_from(("0", "50", "90", "95", "99", "100")) | st.decimals(
    0, 100, places=2
)


def nearest_rank_model(objective: sla.Objective, values: list[Fraction]) -> Expected:
    """The documented rule on a plain sorted list."""
    if not values:
        return NOTHING
    ordered = sorted(values)
    p = Fraction(objective.measure.percentile)
    rank = max(1, math.ceil(p * len(ordered) / 100))
    value = ordered[rank - 1]
    good = sum(met(objective, v) for v in values)
    return Expected(value, met(objective, value), len(values), good, len(values) - good)


# -- TicketPercentile ----------------------------------------------------------------


def ticket_percentiles(rules: list[sla.Policy]) -> st.SearchStrategy[Any]:
    return st.builds(
        sla.TicketPercentile,
        metrics,
        RANKS,
        st.none() | st.frozensets(st.sampled_from(PRIORITIES), min_size=2),
        policy=st.none() | st.sampled_from([rule.name for rule in rules]),
    )


@given(data=st.data(), setup=setups())
def test_ticket_percentile(data: st.DataObject, setup: Setup) -> None:
    rules = data.draw(policies)
    tickets = data.draw(
        st.lists(
            sst.tickets(
                created=setup.instants(),
                priorities=st.sampled_from(PRIORITIES),
                gaps=sst.durations(max_value=timedelta(hours=12)),
                max_events=6,
            ),
            min_size=1,
            max_size=8,
        )
    )
    objectives = data.draw(objectives_of(ticket_percentiles(rules), duration_goals))
    bounds, reports, now = run(
        setup,
        objectives,
        sla.Dataset(tickets=tickets),
        data.draw(nows(setup, [e.at for t in tickets for e in t.events])),
        policies=rules,
    )
    # As MeanTime's model: each ticket measured once, at now, by the first policy
    # whose condition matches; a stopped cycle counts at its stop.
    stopped = []
    for ticket in tickets:
        policy = next(
            (p for p in rules if p.condition is None or p.condition.matches(ticket)),
            None,
        )
        if policy is None:
            continue
        measurement = policy.measure(ticket, now)
        for metric, statuses in measurement.cycles:
            stopped += [
                (metric, measurement.priority, policy.name, s.stopped_at, s.elapsed)
                for s in statuses
                if s.state is sla.TimerState.STOPPED
            ]

    def model(objective: sla.Objective, lo: datetime, hi: datetime) -> Expected:
        measure = objective.measure
        return nearest_rank_model(
            objective,
            [
                seconds(elapsed)
                for metric, priority, name, at, elapsed in stopped
                if metric is measure.metric
                and (measure.priorities is None or priority in measure.priorities)
                and (measure.policy is None or name == measure.policy)
                and in_period(at, lo, hi, now)
            ],
        )

    check(objectives, bounds, reports, now, model)


# -- WaitPercentile ------------------------------------------------------------------


@given(data=st.data(), setup=setups())
def test_wait_percentile(data: st.DataObject, setup: Setup) -> None:
    items = data.draw(contacts(setup))
    measures = st.builds(sla.WaitPercentile, RANKS, service=services)
    objectives = data.draw(objectives_of(measures, duration_goals))
    bounds, reports, now = run(
        setup,
        objectives,
        sla.Dataset(contacts=items),
        data.draw(nows(setup, [c.at for c in items if c.at is not None])),
    )

    def model(objective: sla.Objective, lo: datetime, hi: datetime) -> Expected:
        measure = objective.measure
        waits = [
            seconds(c.wait)
            for c in offered(items, measure.service, lo, hi, now)
            if c.answered
        ]
        return nearest_rank_model(objective, waits)

    check(objectives, bounds, reports, now, model)


# -- RecordPercentile ----------------------------------------------------------------

DURATIONS = st.sampled_from((timedelta(0), timedelta(seconds=10))) | sst.durations(
    max_value=timedelta(hours=2)
)


@st.composite
def with_durations(draw: st.DrawFn, setup: Setup) -> list[dict[str, Any]]:
    """CRM-like records, each with a ``took``: a duration, its text, None or none."""
    found = draw(records(setup))
    for record in found:
        took = draw(st.sampled_from(("timedelta", "text", "none", "missing")))
        if took == "none":
            record["took"] = None
        elif took != "missing":
            duration = draw(DURATIONS)
            record["took"] = (
                duration if took == "timedelta" else sla.format_duration(duration)
            )
    return found


def _took(record: dict[str, Any]) -> Fraction | None:
    took = record.get("took")
    if took is None:
        return None
    if isinstance(took, str):
        took = sla.parse_duration(took)
    return seconds(took)


@given(data=st.data(), setup=setups())
def test_record_percentile(data: st.DataObject, setup: Setup) -> None:
    rows = data.draw(with_durations(setup))
    measures = st.builds(
        sla.RecordPercentile,
        st.just("took"),
        RANKS,
        where=st.none() | record_conditions,
    )
    objectives = data.draw(objectives_of(measures, duration_goals))
    bounds, reports, now = run(
        setup,
        objectives,
        sla.Dataset(records=rows),
        data.draw(nows(setup, [r["at"] for r in rows])),
    )

    def model(objective: sla.Objective, lo: datetime, hi: datetime) -> Expected:
        measure = objective.measure
        found = [
            _took(r)
            for r in rows
            if in_period(r["at"], lo, hi, now) and holds(measure.where, r)
        ]
        return nearest_rank_model(objective, [v for v in found if v is not None])

    check(objectives, bounds, reports, now, model)


# -- Volume: mean, min, max ----------------------------------------------------------


@given(data=st.data(), setup=setups())
def test_volume_mean_min_max(data: st.DataObject, setup: Setup) -> None:
    rows = data.draw(records(setup))
    measures = st.builds(
        sla.Volume,
        st.just("amount"),
        st.sampled_from(("mean", "min", "max")),
        where=st.none() | record_conditions,
    )
    goals: st.SearchStrategy[Decimal] = st.decimals(0, 10**5, places=2)
    objectives = data.draw(objectives_of(measures, goals))
    bounds, reports, now = run(
        setup,
        objectives,
        sla.Dataset(records=rows),
        data.draw(nows(setup, [r["at"] for r in rows])),
    )

    def model(objective: sla.Objective, lo: datetime, hi: datetime) -> Expected:
        measure = objective.measure
        amounts = [
            exact(r["amount"])
            for r in rows
            if in_period(r["at"], lo, hi, now) and holds(measure.where, r)
        ]
        if not amounts:
            return NOTHING
        if measure.aggregate == "mean":
            value = sum(amounts, Fraction(0)) / len(amounts)
        else:
            value = min(amounts) if measure.aggregate == "min" else max(amounts)
        ok = met(objective, value)
        return Expected(value, ok, len(amounts), len(amounts), 0 if ok else 1)

    check(objectives, bounds, reports, now, model)
