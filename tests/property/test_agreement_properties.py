"""Properties of periods, objectives and the credit terms, against reference models.

`reference_terms` is a plain re-statement of the documented credit pipeline with
`fractions.Fraction` (exact, no Decimal context): each objective's own credit,
allocation, the at-risk cap, the minimum credit, the yearly cap, the paid shares,
earn-back and the termination run. The agreements under test measure lead volumes
(one `Volume` objective per lead source), so each period's outcome is a count the
test controls directly.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from hypothesis import given, note
from hypothesis import strategies as st

import slacore as sla
from slacore import strategies as sst

US = timedelta(microseconds=1)
ZONES = [
    ZoneInfo(name)
    for name in (
        "Europe/Berlin",
        "America/New_York",
        "Australia/Lord_Howe",
        "America/Sao_Paulo",
        "America/Santiago",
        "UTC",
    )
]
PARTIES = (sla.Party("P", "provider"), sla.Party("C", "customer"))


def utc(t: datetime) -> datetime:
    return t.astimezone(UTC)


# -- periods tile time ------------------------------------------------------------


instants = st.datetimes(
    min_value=datetime(1990, 1, 1),
    max_value=datetime(2100, 1, 1),
    timezones=st.just(UTC),
)


@given(t=instants, zone=st.sampled_from(ZONES), period=st.sampled_from(sla.Period))
def test_period_contains_its_instant_and_tiles(
    t: datetime, zone: ZoneInfo, period: sla.Period
) -> None:
    start, end = period.bounds(t, zone)
    assert utc(start) <= t < utc(end)
    # The next period starts where this one ends; the previous one ends here.
    assert utc(period.bounds(end, zone)[0]) == utc(end)
    assert utc(period.bounds(start - US, zone)[1]) == utc(start)
    # Starts are local midnights of the period's first day.
    local = start.astimezone(zone)
    assert local.date() == period.first_day(local.date())
    assert start.tzinfo is zone


@given(
    zone=st.sampled_from(ZONES),
    period=st.sampled_from(sla.Period),
    first=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)),
    count=st.integers(1, 30),
)
def test_agreement_periods_tile(
    zone: ZoneInfo, period: sla.Period, first: date, count: int
) -> None:
    first = period.first_day(first)
    a = sla.Agreement(
        "A",
        "customer",
        PARTIES,
        [sla.Objective("v", sla.Volume(), 1)],
        period=period,
        tz=zone,
        effective_from=first,
    )
    end = first + period.step * count
    periods = a.periods(first, end)
    assert len(periods) == count
    assert utc(periods[0][0]) == utc(a.effective_from)
    for (_, e1), (s2, _) in itertools.pairwise(periods):
        assert utc(e1) == utc(s2)
    for start, stop in periods:
        assert utc(start) < utc(stop)
        assert a.period_bounds(start) == (start, stop)


# -- availability and attainment stay in range -----------------------------------


@st.composite
def outages(draw: st.DrawFn) -> list[sla.Outage]:
    base = datetime(2026, 3, 1, tzinfo=UTC)
    found = []
    for _ in range(draw(st.integers(0, 6))):
        start = base + draw(st.integers(-5 * 86_400, 40 * 86_400)) * timedelta(
            seconds=1
        )
        length = draw(st.integers(0, 3 * 86_400_000_000)) * US
        planned = draw(st.booleans())
        found.append(sla.Outage("api", start, start + length, planned=planned))
    return found


def uptime_agreement(calendar: sla.Calendar) -> sla.Agreement:
    return sla.Agreement(
        "Up",
        "customer",
        PARTIES,
        [sla.Objective("up", sla.Availability("api", calendar=calendar), 99)],
        tz="Europe/Berlin",
        effective_from=date(2026, 1, 1),
    )


def uptime(a: sla.Agreement, found: list[sla.Outage]) -> Decimal | None:
    report = a.evaluate(sla.Dataset(outages=found), date(2026, 3, 1))
    return report.results[0].value


@given(
    found=outages(),
    calendar=st.one_of(st.just(sla.ALWAYS), sst.business_calendars()),
    data=st.data(),
)
def test_availability_in_range_and_stable(
    found: list[sla.Outage], calendar: sla.Calendar, data: st.DataObject
) -> None:
    a = uptime_agreement(calendar)
    value = uptime(a, found)
    if value is None:
        return
    assert 0 <= value <= 100
    # Duplicating an outage changes nothing.
    if found:
        twice = [*found, data.draw(st.sampled_from(found))]
        assert uptime(a, twice) == value
        # Splitting one in two at an interior instant changes nothing.
        one = data.draw(st.sampled_from(found))
        length_us = (one.end - one.start) // US
        if length_us > 1:
            cut = one.start + data.draw(st.integers(1, length_us - 1)) * US
            rest = [o for o in found if o is not one]
            halves = [
                sla.Outage("api", one.start, cut, planned=one.planned),
                sla.Outage("api", cut, one.end, planned=one.planned),
            ]
            assert uptime(a, [*rest, *halves]) == value
        # Order does not matter.
        assert uptime(a, found[::-1]) == value


@given(
    tickets=st.lists(sst.tickets(), max_size=6),
    policy=sst.policies(),
    metric=st.sampled_from(sla.Metric),
)
def test_attainment_in_range(
    tickets: list[sla.Ticket], policy: sla.Policy, metric: sla.Metric
) -> None:
    a = sla.Agreement(
        "Support",
        "customer",
        PARTIES,
        [sla.Objective("t", sla.TicketAttainment(metric), 90)],
        policies=[policy],
        period="yearly",
        effective_from=date(1980, 1, 1),
    )
    stamps = [t.created_at for t in tickets]
    if not stamps:
        return
    first = min(stamps, key=utc)
    start = a.period_bounds(first)[0]
    now = max((e.at for t in tickets for e in t.events), key=utc, default=first)
    report = a.evaluate(
        sla.Dataset(tickets=tickets), start, now=now + timedelta(days=3)
    )
    result = report.results[0]
    assert 0 <= result.good <= result.count
    if result.value is not None:
        assert 0 <= result.value <= 100
        assert result.breaches == result.count - result.good
    else:
        assert result.count == 0


# -- the credit pipeline against a reference model -------------------------------


@dataclass
class Terms:
    fee: Fraction | None
    at_risk: Fraction | None
    minimum: Fraction | None
    yearly_cap: Fraction | None
    earn_back: int | None
    termination: int | None
    start: date


def reference_own(
    credit: Any,
    allocation: int | None,
    at_risk: Fraction | None,
    value: int,
    history: list[bool],
) -> tuple[Fraction, int | None]:
    """One objective's own credit (percent of fee); `history` ends with this period."""
    missed = not history[-1]
    window = None
    if credit is None:
        base = Fraction(100 if missed else 0)
    elif isinstance(credit, sla.BreachCountCredit):
        breaches = 1 if missed else 0
        base = Fraction(0)
        if breaches >= credit.min_breaches:
            base = Fraction(credit.percent) + Fraction(credit.per_extra) * (
                breaches - credit.min_breaches
            )
        if credit.cap is not None:
            base = min(base, Fraction(credit.cap))
    elif isinstance(credit, sla.RepeatedMissCredit):
        window = sum(1 for met in history[-credit.within :] if not met)
        base = (
            Fraction(credit.percent)
            if missed and window >= credit.misses
            else Fraction(0)
        )
    else:  # StepCredit
        shortfall = Fraction(credit.threshold) - value
        steps = math.ceil(shortfall / Fraction(credit.step)) if shortfall > 0 else 0
        base = Fraction(credit.percent) * steps
        if credit.cap is not None:
            base = min(base, Fraction(credit.cap))
    if allocation is None:
        return (base if credit is not None else Fraction(0)), window
    assert at_risk is not None
    return at_risk * allocation / 100 * base / 100, window


credit_terms = st.one_of(
    st.none(),
    st.builds(sla.BreachCountCredit, st.just(1), st.integers(0, 40)),
    st.builds(
        sla.RepeatedMissCredit,
        st.integers(1, 3),
        st.integers(3, 5),
        st.integers(0, 40),
    ),
    st.builds(
        sla.StepCredit,
        st.integers(1, 5),
        st.integers(1, 3),
        st.integers(0, 30),
        cap=st.one_of(st.none(), st.integers(0, 60)),
    ),
)


@st.composite
def credit_cases(draw: st.DrawFn) -> tuple[sla.Agreement, list[list[int]], Terms]:
    count = draw(st.integers(1, 3))
    at_risk = draw(st.one_of(st.none(), st.integers(1, 30)))
    pool = draw(st.sampled_from([100, 250]))
    objectives = []
    allocated = 0
    for i in range(count):
        credit = draw(credit_terms)
        goal = (
            credit.threshold
            if isinstance(credit, sla.StepCredit)
            else draw(st.integers(1, 4))
        )
        allocation = None
        if at_risk is not None and draw(st.booleans()):
            allocation = draw(st.integers(1, 100))
            if allocated + allocation > pool:
                allocation = None
            else:
                allocated += allocation
        objectives.append(
            sla.Objective(
                f"o{i}",
                sla.Volume(where=sla.Equals("source", f"o{i}")),
                goal,
                credit=credit,
                allocation=allocation,
            )
        )
    fee = draw(st.one_of(st.none(), st.integers(0, 10_000)))
    minimum = yearly = None
    if fee is not None:
        minimum = draw(st.one_of(st.none(), st.integers(0, 500)))
        yearly = draw(st.one_of(st.none(), st.integers(0, 3000)))
    start = draw(
        st.sampled_from([date(2026, 1, 1), date(2026, 7, 1), date(2026, 3, 17)])
    )
    termination = draw(st.one_of(st.none(), st.integers(1, 4)))
    earn_back = draw(st.one_of(st.none(), st.integers(1, 3)))
    agreement = sla.Agreement(
        "Leads",
        "internal",
        PARTIES,
        objectives,
        tz="America/New_York",
        effective_from=start,
        fee=fee,
        at_risk=at_risk,
        pool_allocation=pool,
        minimum_credit=minimum,
        yearly_cap=yearly,
        earn_back=earn_back,
        termination=None if termination is None else sla.TerminationRule(termination),
    )
    months = draw(st.integers(1, 15))
    counts = [[draw(st.integers(0, 5)) for _ in range(count)] for _ in range(months)]
    terms = Terms(
        fee=None if fee is None else Fraction(fee),
        at_risk=None if at_risk is None else Fraction(at_risk),
        minimum=None if minimum is None else Fraction(minimum),
        yearly_cap=None if yearly is None else Fraction(yearly),
        earn_back=earn_back,
        termination=termination,
        start=start,
    )
    return agreement, counts, terms


def cents(value: Fraction) -> Decimal:
    """Round half-even to cents, exactly."""
    scaled = value * 100
    floor = math.floor(scaled)
    rest = scaled - floor
    if rest > Fraction(1, 2) or (rest == Fraction(1, 2) and floor % 2):
        floor += 1
    return Decimal(floor).scaleb(-2)


@given(case=credit_cases())
def test_credit_terms_match_the_reference(
    case: tuple[sla.Agreement, list[list[int]], Terms],
) -> None:
    agreement, counts, terms = case
    horizon = terms.start + relativedelta(months=len(counts) + 1)
    periods = agreement.periods(terms.start, horizon)[: len(counts)]
    records = []
    for (start, _), row in zip(periods, counts, strict=True):
        for i, n in enumerate(row):
            records += [
                {"at": start + timedelta(hours=1 + k), "source": f"o{i}"}
                for k in range(n)
            ]
    reports = agreement.evaluate_range(
        sla.Dataset(records=records), periods[0][0], periods[-1][1]
    )
    assert len(reports) == len(counts)

    objectives = agreement.objectives
    met_history: list[list[bool]] = [[] for _ in objectives]
    paid_history: list[list[Fraction]] = [[] for _ in objectives]
    run = 0
    year = 0
    year_paid = Fraction(0)
    for k, (report, row) in enumerate(zip(reports, counts, strict=True)):
        note(f"period {k}: counts {row}")
        anniversary = terms.start + relativedelta(years=year + 1)
        if report.period_start.date() >= anniversary:
            year += 1
            year_paid = Fraction(0)
        own = []
        for i, objective in enumerate(objectives):
            met_history[i].append(row[i] >= objective.goal)
            percent, window = reference_own(
                objective.credit,
                None if objective.allocation is None else int(objective.allocation),
                terms.at_risk,
                row[i],
                met_history[i],
            )
            own.append(percent)
            assert (
                report.results[i].credit_percent
                == Decimal(percent.numerator) / percent.denominator
            )
            assert report.results[i].missed_in_window == window
        uncapped = sum(own, Fraction(0))
        total = uncapped
        if terms.at_risk is not None:
            total = min(total, terms.at_risk)
        else:  # never more than the whole fee without an at-risk term
            total = min(total, Fraction(100))
        assert (
            report.uncapped_percent
            == Decimal(uncapped.numerator) / uncapped.denominator
        )
        if terms.fee is not None:
            owed = amount = terms.fee * total / 100
            if terms.minimum is not None and 0 < amount < terms.minimum:
                amount = Fraction(0)
            if terms.yearly_cap is not None:
                amount = min(amount, max(terms.yearly_cap - year_paid, Fraction(0)))
            year_paid += amount
            assert report.credit_amount == cents(amount)
            if amount != owed:  # the percent follows the amount (fee > 0 here)
                total = amount * 100 / terms.fee
            if terms.at_risk is not None:
                assert amount <= terms.fee * terms.at_risk / 100
        else:
            assert report.credit_amount is None
        assert abs(Fraction(report.credit_percent) - total) < Fraction(1, 10**20)
        if terms.at_risk is not None:  # the total never exceeds the at-risk amount
            assert report.credit_percent <= Decimal(int(terms.at_risk))
        assert report.credit_percent <= 100  # nor the fee
        scale = total / uncapped if uncapped else Fraction(0)
        shares = Fraction(0)
        for i in range(len(objectives)):
            paid = own[i] * scale
            paid_history[i].append(paid)
            shares += Fraction(report.results[i].paid_percent)
            assert abs(Fraction(report.results[i].paid_percent) - paid) < Fraction(
                1, 10**20
            )
        assert abs(shares - total) < Fraction(1, 10**18)
        # Earn-back: the credit of N periods ago, when every period since was met.
        expected = set()
        if terms.earn_back is not None and k >= terms.earn_back:
            n = terms.earn_back
            for i, objective in enumerate(objectives):
                if paid_history[i][k - n] > 0 and all(met_history[i][k - n + 1 :]):
                    expected.add((objective.name, reports[k - n].period_start))
        assert {(e.objective, e.period_start) for e in report.earned_back} == expected
        # Termination fires exactly on the Nth missed period in a row.
        missed = not all(h[-1] for h in met_history)
        run = run + 1 if missed else 0
        if terms.termination is None:
            assert not report.terminable
            assert report.missed_run == ()
        else:
            assert report.terminable == (run >= terms.termination)
            assert len(report.missed_run) == min(run, terms.termination)


@given(case=credit_cases(), data=st.data())
def test_more_volume_never_raises_the_credit(
    case: tuple[sla.Agreement, list[list[int]], Terms], data: st.DataObject
) -> None:
    """Improving attainment in one period never raises that period's credit."""
    agreement, counts, terms = case
    horizon = terms.start + relativedelta(months=len(counts) + 1)
    periods = agreement.periods(terms.start, horizon)[: len(counts)]
    k = len(counts) - 1
    i = data.draw(st.integers(0, len(counts[0]) - 1))

    def credit(extra: int) -> Decimal:
        records = []
        for p, ((start, _), row) in enumerate(zip(periods, counts, strict=True)):
            for j, n in enumerate(row):
                total = n + (extra if (p, j) == (k, i) else 0)
                records += [
                    {"at": start + timedelta(hours=1 + m), "source": f"o{j}"}
                    for m in range(total)
                ]
        report = agreement.evaluate(sla.Dataset(records=records), periods[k][0])
        return report.credit_percent

    assert credit(data.draw(st.integers(1, 4))) <= credit(0)
