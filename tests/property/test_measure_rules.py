"""The period rules of seven measures, against plain reference models.

Each property builds an agreement with a few objectives of one measure (random
filters, goals and directions), a random dataset around three consecutive
periods, and a random `now` before, inside or after them; then compares every
field the rule sets on each `ObjectiveResult` (value, met, count, good,
breaches) with a model written from the documented rule (the measure's
docstring, docs/guide/agreements.md "Objectives and measures", and
docs/concepts/agreements.md "Which period an item counts in" and "As of now"):

- an item counts in the period holding its counting instant (a contact's,
  response's or record's ``at``; a stopped ticket cycle's stop), and only if that
  instant is at or before `now`; a period that starts after `now` is not measured;
- a `Deadline` record counts once its outcome is known by `now`: done (on time when
  done by the deadline), or late once the deadline has passed without it;
- an empty period has no value and is neither met nor missed, except a volume,
  which is then 0.

The models loop over the items and compute with `fractions.Fraction`, exactly;
the library's quotients carry at least 26 significant digits, so a value must
agree with the exact one to that relative precision. Goals have at most six
decimal places and the counts are small, so that rounding never decides `met`.
Only the public API is used.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from hypothesis import event, given, note
from hypothesis import strategies as st
from tests.instants import BERLIN, NEW_YORK, US, in_utc, local

import slacore as sla
from slacore import strategies as sst

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence
    from decimal import Decimal

PARTIES = (sla.Party("P", "provider"), sla.Party("C", "customer"))
ZONES = (ZoneInfo("UTC"), BERLIN, NEW_YORK)
FIRST = date(2026, 2, 23)  # a Monday: the first of three consecutive periods
PERIODS = 3
PLANS = ("free", "pro", "gold")
CHANNELS = ("email", "phone", "chat")
TAGS = ("vip", "eu", "bug")
PRIORITIES = ("low", "normal", "high")
SERVICES = ("api", "web")
WITHIN = st.sampled_from(
    (timedelta(0), timedelta(hours=1), timedelta(hours=20), timedelta(days=3))
)
OFFICE = sla.BusinessCalendar("mon-fri 09:00-17:00", tz=BERLIN)


# -- the agreement, its periods and now ------------------------------------------------


@dataclass(frozen=True)
class Setup:
    """Where the data lies: the zone, the period kind and the instants around it."""

    tz: ZoneInfo
    period: sla.Period

    @property
    def first(self) -> date:
        """The first period's start: weekly on a Monday, monthly on the 1st."""
        return FIRST if self.period is sla.Period.WEEKLY else FIRST.replace(day=1)

    @property
    def bounds(self) -> tuple[tuple[datetime, datetime], ...]:
        """The three periods, each ``[start, end)`` between local midnights."""
        found = []
        start = local(self.tz, self.first.year, self.first.month, self.first.day)
        for _ in range(PERIODS):
            wall = start.replace(tzinfo=None)
            if self.period is sla.Period.WEEKLY:
                wall += timedelta(days=7)
            else:
                wall = datetime(wall.year + wall.month // 12, wall.month % 12 + 1, 1)
            end = wall.replace(tzinfo=self.tz)
            found.append((start, end))
            start = end
        return tuple(found)

    def instants(self) -> st.SearchStrategy[datetime]:
        """Instants from a little before the first period to a little after the last."""
        lo = in_utc(self.bounds[0][0]) - timedelta(days=3)
        hi = in_utc(self.bounds[-1][1]) + timedelta(days=3)
        zones = st.sampled_from(ZONES)
        hours = (hi - lo) // timedelta(hours=1)
        # Whole hours too, so that instants, deadlines and now coincide now and then.
        on_the_hour = st.builds(
            lambda h, zone: (lo + timedelta(hours=h)).astimezone(zone),
            st.integers(0, hours),
            zones,
        )
        return sst.aware_datetimes(lo, hi, timezones=zones) | on_the_hour


@st.composite
def setups(draw: st.DrawFn) -> Setup:
    return Setup(
        draw(st.sampled_from(ZONES)),
        draw(st.sampled_from((sla.Period.WEEKLY, sla.Period.MONTHLY))),
    )


def run(
    setup: Setup,
    objectives: Sequence[sla.Objective],
    data: sla.Dataset,
    now: datetime | None,
    **terms: Any,
) -> tuple[tuple[tuple[datetime, datetime], ...], tuple[sla.Report, ...], datetime]:
    """Evaluate the three periods; return their bounds, reports and the `now` used."""
    agreement = sla.Agreement(
        "A",
        "customer",
        PARTIES,
        objectives,
        period=setup.period,
        tz=setup.tz,
        effective_from=setup.first,
        **terms,
    )
    bounds = setup.bounds
    reports = agreement.evaluate_range(data, setup.first, bounds[-1][1], now=now)
    assert [(r.period_start, r.period_end) for r in reports] == list(bounds)
    return bounds, reports, bounds[-1][1] if now is None else now


def nows(
    setup: Setup, anchors: Iterable[datetime] = ()
) -> st.SearchStrategy[datetime | None]:
    """None (the end of the last period), an instant before, inside or after, or
    exactly one of `anchors` or a period bound (where ``<`` and ``<=`` differ)."""
    exact = [*anchors, *(bound for pair in setup.bounds for bound in pair)]
    return st.none() | setup.instants() | st.sampled_from(exact)


# -- the reference model ------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    """What the model says one objective shows in one period."""

    value: Fraction | None
    met: bool | None
    count: int
    good: int
    breaches: int


NOTHING = Expected(None, None, 0, 0, 0)


def met(objective: sla.Objective, value: Fraction) -> bool:
    goal = Fraction(objective.goal)
    return value >= goal if objective.direction == "at_least" else value <= goal


def in_period(t: datetime, lo: datetime, hi: datetime, now: datetime) -> bool:
    """The documented counting rule: ``lo <= t < hi`` and `t` at or before `now`."""
    return lo <= t < hi and t <= now


def percent(objective: sla.Objective, good: int, count: int) -> Expected:
    """good / count as a percent; nothing to measure when count is 0."""
    if count == 0:
        return NOTHING
    value = Fraction(100 * good, count)
    return Expected(value, met(objective, value), count, good, count - good)


def mean(objective: sla.Objective, values: list[Fraction]) -> Expected:
    """The mean of `values`; each value is good when it alone would meet the goal."""
    if not values:
        return NOTHING
    good = sum(met(objective, v) for v in values)
    value = sum(values, Fraction(0)) / len(values)
    return Expected(value, met(objective, value), len(values), good, len(values) - good)


def check(
    objectives: Sequence[sla.Objective],
    bounds: Sequence[tuple[datetime, datetime]],
    reports: Sequence[sla.Report],
    now: datetime,
    model: Callable[[sla.Objective, datetime, datetime], Expected],
) -> None:
    for (lo, hi), report in zip(bounds, reports, strict=True):
        for objective, result in zip(objectives, report.results, strict=True):
            expected = NOTHING if lo > now else model(objective, lo, hi)
            note(f"{objective.name} in [{lo}, {hi}): {expected} vs {result}")
            event("measured" if expected.count else "nothing to measure")
            assert result.objective == objective.name
            same_value(result.value, expected.value)
            assert result.met is expected.met
            assert (result.count, result.good, result.breaches) == (
                expected.count,
                expected.good,
                expected.breaches,
            )


def same_value(found: Decimal | None, exact: Fraction | None) -> None:
    if exact is None:
        assert found is None
        return
    assert found is not None
    assert abs(Fraction(found) - exact) <= abs(exact) / 10**26


# -- conditions over records, read the documented way ------------------------------


def holds(condition: Any, record: dict[str, Any]) -> bool:
    """A condition over a record's keys (None: every record)."""
    if condition is None:
        return True
    if isinstance(condition, sla.All):
        return all(holds(c, record) for c in condition.conditions)
    if isinstance(condition, sla.AnyOf):
        return any(holds(c, record) for c in condition.conditions)
    if isinstance(condition, sla.Not):
        return not holds(condition.condition, record)
    found = record.get(condition.field)  # a leaf reads one key; missing is None
    if isinstance(condition, sla.Contains):
        return found is not None and condition.value in found
    values = condition.values if isinstance(condition, sla.In) else {condition.value}
    return found in values


_leaves = st.one_of(
    st.builds(sla.Equals, st.just("plan"), st.sampled_from(PLANS)),
    st.builds(sla.Equals, st.just("ok"), st.booleans()),
    st.builds(
        sla.In, st.just("channel"), st.frozensets(st.sampled_from(CHANNELS), max_size=2)
    ),
    st.builds(sla.HasTag, st.sampled_from(TAGS)),
)
record_conditions = st.recursive(
    _leaves,
    lambda children: st.one_of(
        st.builds(sla.All, st.lists(children, max_size=2).map(tuple)),
        st.builds(sla.AnyOf, st.lists(children, max_size=2).map(tuple)),
        st.builds(sla.Not, children),
    ),
    max_leaves=3,
)


@st.composite
def record(draw: st.DrawFn, setup: Setup) -> dict[str, Any]:
    """A CRM-like record: an ``at``, a plan, a channel, tags, an amount, maybe a deed.

    The deed (``done``) is missing, None, any instant, or a few hours after ``at``
    (on the deadline of some `Deadline` objectives).
    """
    at = draw(setup.instants())
    found = draw(
        st.fixed_dictionaries(
            {
                "at": st.just(at),
                "ok": st.booleans(),
                "amount": st.one_of(
                    st.integers(0, 10**6),
                    st.decimals(0, 10**4, places=2),
                    st.floats(0, 10**4).map(lambda f: round(f, 3)),
                ),
            },
            optional={
                "plan": st.sampled_from(PLANS),
                "channel": st.sampled_from(CHANNELS),
                "tags": st.lists(st.sampled_from(TAGS), max_size=2, unique=True),
            },
        )
    )
    done = draw(st.sampled_from(("missing", "none", "any", "after at", "after at")))
    if done == "none":
        found["done"] = None
    elif done == "any":
        found["done"] = draw(setup.instants())
    elif done == "after at":
        found["done"] = in_utc(at) + draw(WITHIN)
    return found


def records(setup: Setup) -> st.SearchStrategy[list[dict[str, Any]]]:
    return st.lists(record(setup), max_size=12)


def directions() -> st.SearchStrategy[str]:
    return st.sampled_from(("at_least", "at_most"))


def percent_goals() -> st.SearchStrategy[Decimal]:
    return st.decimals(0, 100, places=2)


@st.composite
def objectives_of(
    draw: st.DrawFn,
    measures: st.SearchStrategy[Any],
    goals: st.SearchStrategy[Any],
) -> list[sla.Objective]:
    count = draw(st.integers(1, 3))
    return [
        sla.Objective(
            f"o{i}", draw(measures), draw(goals), direction=draw(directions())
        )
        for i in range(count)
    ]


# -- Volume --------------------------------------------------------------------------


volumes = st.one_of(
    st.builds(sla.Volume, where=st.none() | record_conditions),
    st.builds(
        sla.Volume,
        st.just("amount"),
        st.just("sum"),
        where=st.none() | record_conditions,
    ),
)


def exact(number: object) -> Fraction:
    """A record's number as the docs read it: a float through its shortest text."""
    return Fraction(str(number)) if isinstance(number, float) else Fraction(number)  # type: ignore[arg-type]


@given(data=st.data(), setup=setups())
def test_volume(data: st.DataObject, setup: Setup) -> None:
    rows = data.draw(records(setup))
    objectives = data.draw(objectives_of(volumes, st.decimals(0, 10**5, places=2)))
    bounds, reports, now = run(
        setup,
        objectives,
        sla.Dataset(records=rows),
        data.draw(nows(setup, [r["at"] for r in rows])),
    )

    def model(objective: sla.Objective, lo: datetime, hi: datetime) -> Expected:
        measure = objective.measure
        found = [
            r
            for r in rows
            if in_period(r["at"], lo, hi, now) and holds(measure.where, r)
        ]
        if measure.aggregate == "count":
            value = Fraction(len(found))
        else:
            value = sum((exact(r["amount"]) for r in found), Fraction(0))
        ok = met(objective, value)
        return Expected(value, ok, len(found), len(found), 0 if ok else 1)

    check(objectives, bounds, reports, now, model)


# -- Ratio ---------------------------------------------------------------------------


ratios = st.builds(sla.Ratio, record_conditions, where=st.none() | record_conditions)


@given(data=st.data(), setup=setups())
def test_ratio(data: st.DataObject, setup: Setup) -> None:
    rows = data.draw(records(setup))
    objectives = data.draw(objectives_of(ratios, percent_goals()))
    bounds, reports, now = run(
        setup,
        objectives,
        sla.Dataset(records=rows),
        data.draw(nows(setup, [r["at"] for r in rows])),
    )

    def model(objective: sla.Objective, lo: datetime, hi: datetime) -> Expected:
        measure = objective.measure
        found = [
            r
            for r in rows
            if in_period(r["at"], lo, hi, now) and holds(measure.where, r)
        ]
        return percent(
            objective, sum(holds(measure.good, r) for r in found), len(found)
        )

    check(objectives, bounds, reports, now, model)


# -- Deadline ------------------------------------------------------------------------


deadlines = st.builds(
    sla.Deadline,
    st.just("done"),
    WITHIN | sst.durations(max_value=timedelta(days=4)),
    st.sampled_from((sla.ALWAYS, OFFICE)),
    where=st.none() | record_conditions,
)


def due(measure: sla.Deadline, at: datetime) -> datetime:
    """``calendar.add(at, within)``: around the clock, plain real time."""
    if measure.calendar is sla.ALWAYS:
        return in_utc(at) + measure.within  # aware + timedelta is wall time: in UTC
    return measure.calendar.add(at, measure.within)


@given(data=st.data(), setup=setups())
def test_deadline(data: st.DataObject, setup: Setup) -> None:
    rows = data.draw(records(setup))
    objectives = data.draw(objectives_of(deadlines, percent_goals()))
    bounds, reports, now = run(
        setup,
        objectives,
        sla.Dataset(records=rows),
        data.draw(
            nows(
                setup,
                [r["at"] for r in rows]
                + [due(o.measure, r["at"]) for o in objectives for r in rows],
            )
        ),
    )

    def model(objective: sla.Objective, lo: datetime, hi: datetime) -> Expected:
        measure = objective.measure
        good = late = 0
        for r in rows:
            if not (in_period(r["at"], lo, hi, now) and holds(measure.where, r)):
                continue
            deadline = due(measure, r["at"])
            done = r.get("done")
            if done is not None and done > now:  # done after now: not known yet
                done = None
            if done is None:
                late += now > deadline  # late once the deadline has passed
            elif done <= deadline:
                good += 1
            else:
                late += 1
        return percent(objective, good, good + late)

    check(objectives, bounds, reports, now, model)


# -- contacts: AbandonRate and AverageWait -------------------------------------------


def contacts(setup: Setup) -> st.SearchStrategy[list[sla.Contact]]:
    return st.lists(
        sst.contacts(
            waits=st.sampled_from(
                (timedelta(0), timedelta(seconds=5), timedelta(seconds=20))
            )
            | sst.durations(max_value=timedelta(minutes=5)),
            times=setup.instants(),
            services=st.none() | st.sampled_from(SERVICES),
        ),
        max_size=12,
    )


services = st.none() | st.sampled_from(SERVICES)
short_abandons = st.none() | st.sampled_from(
    (timedelta(0), timedelta(seconds=5), timedelta(seconds=20))
)
abandon_rates = st.builds(
    sla.AbandonRate, short_abandon=short_abandons, service=services
)
average_waits = st.builds(sla.AverageWait, service=services)
duration_goals = st.one_of(
    st.decimals(0, 300, places=6),
    sst.durations(max_value=timedelta(minutes=5)),
)


def offered(
    items: Iterable[sla.Contact],
    service: str | None,
    lo: datetime,
    hi: datetime,
    now: datetime,
) -> list[sla.Contact]:
    return [
        c
        for c in items
        if c.at is not None
        and in_period(c.at, lo, hi, now)
        and (service is None or c.service == service)
    ]


def seconds(value: timedelta) -> Fraction:
    return Fraction(value // US, 10**6)


@given(data=st.data(), setup=setups())
def test_abandon_rate(data: st.DataObject, setup: Setup) -> None:
    items = data.draw(contacts(setup))
    objectives = data.draw(objectives_of(abandon_rates, percent_goals()))
    bounds, reports, now = run(
        setup,
        objectives,
        sla.Dataset(contacts=items),
        data.draw(nows(setup, [c.at for c in items if c.at is not None])),
    )

    def model(objective: sla.Objective, lo: datetime, hi: datetime) -> Expected:
        measure = objective.measure
        short = measure.short_abandon
        answered = abandoned = 0
        for c in offered(items, measure.service, lo, hi, now):
            if c.answered:
                answered += 1
            elif short is None or c.wait > short:
                abandoned += 1
        count = answered + abandoned
        if count == 0:
            return NOTHING
        value = Fraction(100 * abandoned, count)
        return Expected(value, met(objective, value), count, answered, abandoned)

    check(objectives, bounds, reports, now, model)


@given(data=st.data(), setup=setups())
def test_average_wait(data: st.DataObject, setup: Setup) -> None:
    items = data.draw(contacts(setup))
    objectives = data.draw(objectives_of(average_waits, duration_goals))
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
        return mean(objective, waits)

    check(objectives, bounds, reports, now, model)


# -- AverageScore --------------------------------------------------------------------


def responses(setup: Setup) -> st.SearchStrategy[list[sla.Response]]:
    return st.lists(
        sst.responses(
            times=setup.instants(),
            scores=st.decimals(0, 10, places=1),
            services=st.none() | st.sampled_from(SERVICES),
            fields=st.fixed_dictionaries(
                {},
                optional={
                    "csat": st.none()
                    | st.integers(1, 5)
                    | st.floats(1, 5).map(lambda f: round(f, 2)),
                    "effort": st.decimals(1, 7, places=1),
                },
            ),
        ),
        max_size=12,
    )


average_scores = st.builds(
    sla.AverageScore, st.sampled_from(("score", "csat", "effort")), service=services
)


@given(data=st.data(), setup=setups())
def test_average_score(data: st.DataObject, setup: Setup) -> None:
    items = data.draw(responses(setup))
    objectives = data.draw(objectives_of(average_scores, st.decimals(-1, 11, places=2)))
    bounds, reports, now = run(
        setup,
        objectives,
        sla.Dataset(responses=items),
        data.draw(nows(setup, [r.at for r in items])),
    )

    def model(objective: sla.Objective, lo: datetime, hi: datetime) -> Expected:
        measure = objective.measure
        scores = []
        for r in items:
            if not in_period(r.at, lo, hi, now):
                continue
            if measure.service is not None and r.service != measure.service:
                continue
            score = r.score if measure.field == "score" else r.fields.get(measure.field)
            if score is not None:  # a survey that did not ask is not counted
                scores.append(exact(score))
        return mean(objective, scores)

    check(objectives, bounds, reports, now, model)


# -- MeanTime ------------------------------------------------------------------------


metrics = st.sampled_from(sla.Metric)


def mean_times(rules: Sequence[sla.Policy]) -> st.SearchStrategy[sla.MeanTime]:
    return st.builds(
        sla.MeanTime,
        metrics,
        st.none() | st.frozensets(st.sampled_from(PRIORITIES), min_size=2),
        policy=st.none() | st.sampled_from([rule.name for rule in rules]),
    )


tiers = st.fixed_dictionaries(
    {
        priority: sst.targets(
            durations=sst.durations(max_value=timedelta(days=1)),
            calendars=st.none() | st.just(sla.ALWAYS),
        )
        for priority in PRIORITIES
    }
)
conditions = st.none() | sst.conditions(priorities=st.sampled_from(PRIORITIES))
policies = st.tuples(
    st.builds(
        sla.Policy,
        st.just("first"),
        tiers,
        calendar=st.sampled_from((sla.ALWAYS, OFFICE)),
        condition=conditions,
    ),
    st.none()
    | st.builds(sla.Policy, st.just("second"), tiers, calendar=st.just(sla.ALWAYS)),
).map(lambda found: [rule for rule in found if rule is not None])


@given(data=st.data(), setup=setups())
def test_mean_time(data: st.DataObject, setup: Setup) -> None:
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
    objectives = data.draw(objectives_of(mean_times(rules), duration_goals))
    bounds, reports, now = run(
        setup,
        objectives,
        sla.Dataset(tickets=tickets),
        data.draw(nows(setup, [e.at for t in tickets for e in t.events])),
        policies=rules,
    )
    # Each ticket is measured once, at now, by the first policy whose condition
    # matches; a cycle that stopped (by now) counts at its stop, with its business
    # time, pauses excluded.
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
            for status in statuses:
                if status.state is sla.TimerState.STOPPED:
                    assert status.stopped_at is not None
                    assert status.stopped_at <= now
                    stopped.append(
                        (
                            metric,
                            measurement.priority,
                            policy.name,
                            status.stopped_at,
                            seconds(status.elapsed),
                        )
                    )

    def model(objective: sla.Objective, lo: datetime, hi: datetime) -> Expected:
        measure = objective.measure
        return mean(
            objective,
            [
                elapsed
                for metric, priority, name, at, elapsed in stopped
                if metric is measure.metric
                and (measure.priorities is None or priority in measure.priorities)
                and (measure.policy is None or name == measure.policy)
                and in_period(at, lo, hi, now)
            ],
        )

    check(objectives, bounds, reports, now, model)
