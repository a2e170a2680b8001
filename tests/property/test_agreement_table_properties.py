"""Reports from tables equal reports from objects, to the last Decimal digit.

`Agreement.evaluate_range` over a `Dataset` of `Ticket` objects measures each ticket
with `Policy.measure`; over a table of ticket events it measures with the columnar
engine and counts cycles column-wise. Random policy lists x random tickets x every
ticket measure (attainment, mean time and a percentile of each metric, some by
priority or policy, and a count of tickets created matching a condition) x a
workload of tickets created now and then (its bands changing and excusing those
objectives) x `now` anywhere: the reports, and their breach lists, are equal.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import attrs
import numpy as np
from hypothesis import given, note
from hypothesis import strategies as st
from tests.property.test_policy_properties import tickets
from tests.property.test_table_measure_properties import instants, policy_lists

import slacore as sla
from slacore import strategies as sst
from slacore._measures import seconds
from slacore._ticket_measures import count_met, sum_us

PARTIES = (sla.Party("P", "provider"), sla.Party("C", "customer"))
LIBRARIES = ("pandas", "polars", "pyarrow", "numpy")
WHERE = st.none() | sst.conditions()


@st.composite
def objectives(draw: st.DrawFn, policy_names: list[str]) -> list[sla.Objective]:
    found = []
    for index, metric in enumerate(sla.Metric):
        priorities = draw(
            st.none() | st.lists(st.sampled_from(("low", "normal", "high")), min_size=1)
        )
        policy = draw(st.none() | st.sampled_from(policy_names))
        found.append(
            sla.Objective(
                f"attain{index}",
                sla.TicketAttainment(metric, priorities, policy=policy),
                draw(st.integers(0, 100)),
            )
        )
        goal = draw(
            st.sampled_from([timedelta(0), timedelta(hours=1)]) | sst.durations()
        )
        found.append(
            sla.Objective(
                f"mean{index}",
                sla.MeanTime(metric, priorities, policy=policy),
                goal,
                direction=draw(st.sampled_from(("at_most", "at_least"))),
            )
        )
        found.append(
            sla.Objective(
                f"percentile{index}",
                sla.TicketPercentile(
                    metric, draw(sst.percentiles()), priorities, policy=policy
                ),
                goal,
                direction=draw(st.sampled_from(("at_most", "at_least"))),
            )
        )
    found.append(
        sla.Objective(
            "intake",
            sla.TicketVolume(where=draw(WHERE)),
            draw(st.integers(0, 6)),
            direction=draw(st.sampled_from(("at_most", "at_least"))),
        )
    )
    return found


def _before(found: list[sla.Ticket], now: datetime) -> date:
    """A few weeks before the first ticket (earlier periods would only cost time)."""
    stamps = [t.created_at for t in found] + [now]
    first = min(stamps, key=lambda t: t.timestamp()).astimezone(UTC)
    return first.date() - timedelta(days=40)


@st.composite
def cases(draw: st.DrawFn) -> tuple[sla.Agreement, list[sla.Ticket], object, str]:
    policies = draw(policy_lists())
    drawn = draw(st.lists(tickets(max_events=16) | sst.tickets(), max_size=6))
    # A table names each ticket once: ids made unique.
    found = [attrs.evolve(t, id=f"T-{i}") for i, t in enumerate(drawn)]
    now = draw(instants(found))
    drawn_objectives = draw(objectives([p.name for p in policies]))
    workload = draw(
        st.none()
        | sst.workloads(
            tuple(drawn_objectives), measures=st.builds(sla.TicketVolume, where=WHERE)
        )
    )
    agreement = sla.Agreement(
        "Support",
        "customer",
        PARTIES,
        drawn_objectives,
        workload=workload,
        policies=policies,
        period=draw(st.sampled_from(("weekly", "monthly"))),
        tz=draw(st.sampled_from(("UTC", "Europe/Berlin", "America/New_York"))),
        effective_from=_before(found, now),
    )
    return agreement, found, now, draw(st.sampled_from(LIBRARIES))


@given(cases())
def test_reports_from_tables_equal_reports_from_objects(case) -> None:
    agreement, found, now, like = case
    stamps = [t.created_at for t in found] + [e.at for t in found for e in t.events]
    anchor = min(stamps, default=now, key=lambda t: t.timestamp())
    start = agreement.period_bounds(anchor)[0]
    # At most 20 periods: enough to see every rule, and a test's worth of time.
    end = min(
        agreement.period_bounds(now)[1],
        start + timedelta(days=140),
        key=lambda t: t.timestamp(),
    )
    table = sla.tickets_to_table(found, like=like)
    note(f"table: {table!r}")
    objects = agreement.evaluate_range(sla.Dataset(tickets=found), start, end, now=now)
    tables = agreement.evaluate_range(sla.Dataset(tickets=table), start, end, now=now)
    assert tables == objects
    for a, b in zip(tables, objects, strict=True):
        assert a.breaches == b.breaches
        assert a.to_dict() == b.to_dict()


@given(
    st.lists(st.integers(0, 10**13), max_size=40),
    st.integers(0, 10**13),
    st.sampled_from(("at_most", "at_least")),
)
def test_mean_time_counts_met_cycles_as_is_met_does(
    elapsed: list[int], goal_us: int, direction: str
) -> None:
    """The binary search over sorted values counts what `is_met` one by one does."""
    objective = sla.Objective(
        "mttr",
        sla.MeanTime("resolution"),
        timedelta(microseconds=goal_us),
        direction=direction,
    )
    expected = sum(objective.is_met(seconds(us)) for us in elapsed)
    assert count_met(objective, np.array(elapsed, dtype=np.int64)) == expected


@given(st.lists(st.integers(0, 2**62), max_size=40))
def test_elapsed_sums_exactly_without_overflow(elapsed: list[int]) -> None:
    assert sum_us(np, np.array(elapsed, dtype=np.int64)) == sum(elapsed)
