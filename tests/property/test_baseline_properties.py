"""Baselines: equal to `TicketAttainment` on the agreement path, tables equal to
objects, and equal to a model of sorted lists and counting.

The differential property is the contract: for every group (policy, priority,
metric) and candidate target, the baseline's figures per period are what an
agreement whose policies hold that target reports for
``TicketAttainment(metric, [priority], policy=name)``.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import attrs
from hypothesis import given, note
from hypothesis import strategies as st
from tests.property.test_agreement_table_properties import LIBRARIES
from tests.property.test_policy_properties import tickets
from tests.property.test_table_measure_properties import instants, policy_lists

import slacore as sla
from slacore import strategies as sst
from slacore._percentile import nearest_rank

if TYPE_CHECKING:
    from decimal import Decimal

PARTIES = (sla.Party("P", "provider"), sla.Party("C", "customer"))


@st.composite
def cases(draw: st.DrawFn) -> tuple[object, ...]:
    policies = draw(policy_lists())
    drawn = draw(st.lists(tickets(max_events=16) | sst.tickets(), max_size=6))
    found = [attrs.evolve(t, id=f"T-{i}") for i, t in enumerate(drawn)]
    now = draw(instants(found))
    period = draw(st.sampled_from(("weekly", "monthly")))
    tz = draw(st.sampled_from(("UTC", "Europe/Berlin", "America/New_York")))
    stamps = [t.created_at for t in found] + [e.at for t in found for e in t.events]
    anchor = min(stamps, default=now, key=lambda t: t.timestamp())
    kind = sla.Period.parse(period)
    zone = sla.BusinessCalendar.always(tz=tz).tz
    start = kind.bounds(anchor, zone)[0]
    end = min(
        kind.bounds(now, zone)[1],
        start + timedelta(days=100),
        key=lambda t: t.timestamp(),
    )
    targets = draw(
        st.none()
        | st.lists(sst.durations(max_value=timedelta(days=2)), min_size=1, max_size=3)
    )
    return policies, found, now, period, tz, start, end, targets


def with_targets(
    policies: list[sla.Policy], chosen: dict[tuple[str, str, str], timedelta]
) -> list[sla.Policy]:
    """The policies with the chosen groups' targets (the others as they were)."""
    out = []
    for policy in policies:
        tiers = {}
        for priority, tier in policy.targets:
            changes = {
                m.value: chosen[policy.name, priority, m.value]
                for m in sla.Metric
                if tier.of(m) is not None and (policy.name, priority, m.value) in chosen
            }
            tiers[priority] = attrs.evolve(tier, **changes)
        out.append(attrs.evolve(policy, targets=tiers))
    return out


@given(cases(), st.sampled_from(LIBRARIES))
def test_baseline_is_ticket_attainment_with_each_target(case, like) -> None:
    policies, found, now, period, tz, start, end, targets = case
    b = sla.baseline(
        policies,
        found,
        start=start,
        end=end,
        now=now,
        period=period,
        tz=tz,
        targets=targets,
    )
    table = sla.tickets_to_table(found, like=like)
    note(f"table: {table!r}")
    assert (
        sla.baseline(
            policies,
            table,
            start=start,
            end=end,
            now=now,
            period=period,
            tz=tz,
            targets=targets,
        )
        == b
    )
    depth = max((len(g.candidates) for g in b.groups), default=0)
    for k in range(depth):
        chosen = {
            g.key: g.candidates[min(k, len(g.candidates) - 1)].target for g in b.groups
        }
        objectives = [
            sla.Objective(
                f"o{i}",
                sla.TicketAttainment(metric, [priority], policy=name),
                95,
            )
            for i, (name, priority, metric) in enumerate(chosen)
        ]
        if not objectives:
            continue
        agreement = sla.Agreement(
            "A",
            "customer",
            PARTIES,
            objectives,
            policies=with_targets(policies, chosen),
            period=period,
            tz=tz,
            effective_from=start,
        )
        reports = agreement.evaluate_range(
            sla.Dataset(tickets=found), start, end, now=now
        )
        assert len(reports) == len(b.periods)
        for i, group in enumerate(b.groups):
            candidate = group.candidates[min(k, len(group.candidates) - 1)]
            key = f"o{list(chosen).index(group.key)}"
            expected = [
                (r.result(key).good, r.result(key).count, r.result(key).value)
                for r in reports
            ]
            actual = [(p.met, p.count, p.attainment) for p in candidate.periods]
            assert actual == expected, (i, group.key, candidate.target)


# -- a model of sorted lists and counting -------------------------------------------


@st.composite
def replies(draw: st.DrawFn) -> tuple[list[sla.Ticket], datetime]:
    """Tickets on a 24/7 clock: created, maybe replied to, in 2026's first months."""
    base = datetime(2026, 1, 1, tzinfo=UTC)
    minutes = st.integers(0, 90 * 24 * 60)
    found = []
    for i in range(draw(st.integers(0, 25))):
        created = base + timedelta(minutes=draw(minutes))
        wait = draw(st.none() | st.integers(0, 3 * 24 * 60))
        events = (
            []
            if wait is None
            else [sla.TicketEvent(created + timedelta(minutes=wait), "agent_reply")]
        )
        found.append(sla.Ticket(f"T{i}", created, "high", events))
    now = base + timedelta(minutes=draw(minutes))
    return found, now


def model(
    found: list[sla.Ticket],
    now: datetime,
    bounds: list[datetime],
    ranks: tuple[Decimal, ...],
    target: timedelta,
) -> tuple[int, list[timedelta], list[tuple[int, int]]]:
    """Count by hand: each ticket's wait, when it was decided, how."""
    stopped: list[timedelta] = []
    decided: list[tuple[datetime, bool]] = []
    for ticket in found:
        if ticket.created_at > now:
            continue
        reply = ticket.events[0].at if ticket.events else None
        if reply is not None and reply > now:
            reply = None
        end = now if reply is None else reply
        wait = end - ticket.created_at
        if reply is not None and bounds[0] <= reply < bounds[-1]:
            stopped.append(wait)
        if wait > target:
            decided.append((ticket.created_at + target, False))
        elif reply is not None:
            decided.append((reply, True))
    stopped.sort()
    shown = (
        [stopped[nearest_rank(p, len(stopped)) - 1] for p in ranks] if stopped else []
    )
    periods = []
    for lo, hi in itertools.pairwise(bounds):
        inside = [met for when, met in decided if lo <= when < hi]
        periods.append((sum(inside), len(inside)))
    return len(stopped), shown, periods


@given(replies(), sst.durations(max_value=timedelta(days=2)))
def test_baseline_equals_a_model_of_sorted_lists(case, target) -> None:
    found, now = case
    policy = sla.Policy("p", {"high": sla.Targets(first_response=timedelta(hours=4))})
    b = sla.baseline(
        policy,
        found,
        start=datetime(2026, 1, 1, tzinfo=UTC),
        end=datetime(2026, 4, 1, tzinfo=UTC),
        now=now,
        targets=[target],
    )
    bounds = [s for s, _ in b.periods] + [b.periods[-1][1]]
    if not b.groups:
        assert all(t.created_at > now for t in found)
        return
    [group] = b.groups
    count, shown, periods = model(found, now, bounds, b.percentile_ranks, target)
    assert group.count == count
    assert [v for _, v in group.percentiles] == shown
    [candidate] = group.candidates
    assert [(p.met, p.count) for p in candidate.periods] == periods
