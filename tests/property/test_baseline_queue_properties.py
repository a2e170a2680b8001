"""Baselines of contacts and outages equal what `ServiceLevel` and `Availability`
objectives report over the same periods."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

import slacore as sla
from slacore import strategies as sst

PARTIES = (sla.Party("P", "provider"), sla.Party("C", "customer"))
START = datetime(2026, 1, 1, tzinfo=UTC)
TIMES = sst.aware_datetimes(START - timedelta(days=5), START + timedelta(days=100))


def span(period: str) -> tuple[date, date]:
    """January and February, or five weeks from Monday 5 January."""
    if period == "monthly":
        return date(2026, 1, 1), date(2026, 3, 1)
    return date(2026, 1, 5), date(2026, 2, 9)


def agreement(
    objectives: list[sla.Objective], period: str, tz: str, first: date
) -> sla.Agreement:
    return sla.Agreement(
        "A",
        "customer",
        PARTIES,
        objectives,
        period=period,
        tz=tz,
        effective_from=first,
    )


windows = st.tuples(
    st.sampled_from(("weekly", "monthly")),
    st.sampled_from(("UTC", "Europe/Berlin")),
    st.none() | TIMES,
)


@st.composite
def contact_cases(draw: st.DrawFn) -> tuple[object, ...]:
    found = draw(st.lists(sst.contacts(times=TIMES), max_size=30))
    period, tz, now = draw(windows)
    if found and draw(st.booleans()):  # `now` at a contact: it counts
        now = draw(st.sampled_from([c.at for c in found]))
    service = draw(st.sampled_from((*sla.strategies.SERVICES, "*")))
    abandoned = draw(st.sampled_from(("offered", "exclude", "positive")))
    short = draw(st.none() | sst.durations(max_value=timedelta(seconds=30)))
    thresholds = draw(
        st.none() | st.lists(sst.durations(max_value=timedelta(minutes=5)), min_size=1)
    )
    return found, (period, tz, now), service, abandoned, short, thresholds


@given(contact_cases())
def test_contact_baseline_is_service_level(case) -> None:
    found, window, service, abandoned, short, thresholds = case
    period, tz, now = window
    first, end = span(period)
    b = sla.contact_baseline(
        found,
        start=first,
        end=end,
        now=now,
        period=period,
        tz=tz,
        thresholds=thresholds,
        abandoned=abandoned,
        short_abandon=short,
    )
    if not any(g.key == (service,) for g in b.groups):
        assert service != "*"
        assert all(c.service != service for c in found)
        return
    group = b.group(service)
    objectives = [
        sla.Objective(
            f"o{i}",
            sla.ServiceLevel(
                c.target,
                abandoned,
                short_abandon=short,
                service=None if service == "*" else service,
            ),
            80,
        )
        for i, c in enumerate(group.candidates)
    ]
    if not objectives:
        return
    reports = agreement(objectives, period, tz, first).evaluate_range(
        sla.Dataset(contacts=found), first, end, now=now
    )
    for i, candidate in enumerate(group.candidates):
        expected = [
            (r.result(f"o{i}").good, r.result(f"o{i}").count, r.result(f"o{i}").value)
            for r in reports
        ]
        actual = [(p.met, p.count, p.attainment) for p in candidate.periods]
        assert actual == expected


@given(
    st.lists(sst.outages(starts=TIMES), max_size=8),
    windows,
    st.sampled_from((None, "mon-fri 09:00-17:00")),
)
def test_outage_baseline_is_availability(found, window, hours) -> None:
    period, tz, now = window
    first, end = span(period)
    calendar = (
        sla.ALWAYS if hours is None else sla.BusinessCalendar(hours, tz="Europe/Berlin")
    )
    b = sla.outage_baseline(
        found,
        start=first,
        end=end,
        now=now,
        period=period,
        tz=tz,
        calendar=calendar,
    )
    assert [s.service for s in b.services] == sorted({o.service for o in found})
    if not b.services:
        return
    objectives = [
        sla.Objective(s.service, sla.Availability(s.service, calendar=calendar), 99)
        for s in b.services
    ]
    reports = agreement(objectives, period, tz, first).evaluate_range(
        sla.Dataset(outages=found), first, end, now=now
    )
    for service in b.services:
        expected = [r.result(service.service) for r in reports]
        assert [p.availability for p in service.periods] == [r.value for r in expected]
        assert [p.outages for p in service.periods] == [r.count for r in expected]
